/*
 * workload.c - the known activity the VM cases trace.  Built static
 * (gcc -static) by run-cases and copied into the VM as /job/stap-workload;
 * each mode makes raw system calls with fixed arguments, so a case can
 * expect exact argument strings, return values and hit counts:
 *
 *   files      openat("/tmp/stapwl", O_WRONLY|O_CREAT|O_TRUNC, 0640),
 *              write "0123456789", close; openat O_RDONLY, read 4, close;
 *              unlink
 *   badfd      read(-1, buf, 4) -> -EBADF
 *   signal     SIGUSR1 to itself, caught by a handler
 *   fork       a child that exits with status 7, reaped with wait4
 *   sleep      nanosleep 10 ms
 *   exec       re-executes itself in mode files
 *   udp        sendto 127.0.0.1:9 of "stap" from a UDP socket
 *   loopback   over 127.0.0.1: a TCP connection to itself on port 5557
 *              (setsockopt TCP_NODELAY on the client, "stap" sent, read
 *              with a 16-byte buffer, the client disconnected with connect
 *              AF_UNSPEC), then a UDP datagram "stap" to its own socket
 *              bound to port 5558, read with a 16-byte buffer
 *   cow        mmap one private anonymous page, read it, write it (a write
 *              fault on the zero page), munmap it
 *   migrate    moves itself to the other cpu with sched_setaffinity; fails
 *              unless it then runs there
 *   blockread DEV  reads 4096 bytes at offset 0 of block device DEV with
 *              O_DIRECT
 *   spin MS    a busy loop in user mode for MS milliseconds
 *   getppid N  N getppid calls (the probe-overhead loop), then prints the
 *              loop's CLOCK_MONOTONIC nanoseconds
 *   read       blocks in read(0, buf, 1) until its stdin has a byte or ends
 *   threadread a second thread does read's blocking read while the first
 *              joins it
 *   bigudp     sendto 127.0.0.1:9 of 4000 bytes (fragments when lo's MTU
 *              is 1500)
 *   rawproto   a raw IPv4 packet of protocol 253 (unused) to 127.0.0.1
 *   listenfull three connects to a 127.0.0.1:5556 listener of backlog 0
 *              that never accepts, then 1.5 s for the SYNs to be retried
 *   delack     over a 127.0.0.1:5557 connection: six one-byte exchanges,
 *              then one byte left unanswered for 300 ms (a delayed ACK)
 *   tcpfill    32 connections to 127.0.0.1:5558, each sending up to
 *              1 MiB, non-blocking, to a peer that does not read (TCP's
 *              memory use grows past its per-cpu reserve of 1 MiB)
 *
 * Only getppid prints; the exit status is 0, or 2 for a bad mode and 1 when
 * a call that should succeed failed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WL_FILE "/tmp/stapwl"

static volatile sig_atomic_t got_signal;

static int mode_files(void)
{
	char buf[4];
	long fd;

	fd = syscall(SYS_openat, AT_FDCWD, WL_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0640);
	if (fd < 0 || syscall(SYS_write, fd, "0123456789", 10) != 10)
		return 1;
	syscall(SYS_close, fd);
	fd = syscall(SYS_openat, AT_FDCWD, WL_FILE, O_RDONLY);
	if (fd < 0 || syscall(SYS_read, fd, buf, sizeof buf) != 4)
		return 1;
	syscall(SYS_close, fd);
	return syscall(SYS_unlink, WL_FILE) == 0 ? 0 : 1;
}

static int mode_badfd(void)
{
	char buf[4];

	return syscall(SYS_read, -1, buf, sizeof buf) == -1 ? 0 : 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	got_signal = 1;
}

static int mode_signal(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	if (sigaction(SIGUSR1, &sa, NULL) != 0)
		return 1;
	syscall(SYS_kill, getpid(), SIGUSR1);
	return got_signal ? 0 : 1;
}

static int mode_fork(void)
{
	int status = 0;
	pid_t child = fork();

	if (child < 0)
		return 1;
	if (child == 0)
		_exit(7);
	if (syscall(SYS_wait4, child, &status, 0, NULL) != child)
		return 1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 7 ? 0 : 1;
}

static int mode_sleep(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	return syscall(SYS_nanosleep, &ts, NULL) == 0 ? 0 : 1;
}

static int mode_exec(const char *self)
{
	char *const argv[] = { (char *)self, "files", NULL };
	char *const envp[] = { NULL };

	syscall(SYS_execve, self, argv, envp);
	return 1;
}

/* 127.0.0.1:port */
static void loopback_addr(struct sockaddr_in *sin, int port)
{
	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

static int mode_udp(void)
{
	struct sockaddr_in to;
	long fd = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return 1;
	loopback_addr(&to, 9);
	if (syscall(SYS_sendto, fd, "stap", 4, 0, &to, sizeof to) != 4)
		return 1;
	syscall(SYS_close, fd);
	return 0;
}

static int tcp_to_self(void)
{
	struct sockaddr_in sin;
	struct sockaddr unspec;
	char buf[16];
	int one = 1;
	long lfd, cfd, afd;

	lfd = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	cfd = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || cfd < 0)
		return 1;
	loopback_addr(&sin, 5557);
	syscall(SYS_setsockopt, lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (syscall(SYS_bind, lfd, &sin, sizeof sin) != 0 || syscall(SYS_listen, lfd, 1) != 0 ||
	    syscall(SYS_connect, cfd, &sin, sizeof sin) != 0)
		return 1;
	afd = syscall(SYS_accept4, lfd, NULL, NULL, 0);
	if (afd < 0 ||
	    syscall(SYS_setsockopt, cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
	    syscall(SYS_sendto, cfd, "stap", 4, 0, NULL, 0) != 4 ||
	    syscall(SYS_recvfrom, afd, buf, sizeof buf, 0, NULL, NULL) != 4)
		return 1;
	memset(&unspec, 0, sizeof unspec);
	unspec.sa_family = AF_UNSPEC;
	if (syscall(SYS_connect, cfd, &unspec, sizeof unspec) != 0)
		return 1;
	syscall(SYS_close, afd);
	syscall(SYS_close, cfd);
	syscall(SYS_close, lfd);
	return 0;
}

static int udp_to_self(void)
{
	struct sockaddr_in sin;
	char buf[16];
	long rfd, sfd;

	rfd = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	sfd = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	if (rfd < 0 || sfd < 0)
		return 1;
	loopback_addr(&sin, 5558);
	if (syscall(SYS_bind, rfd, &sin, sizeof sin) != 0 ||
	    syscall(SYS_sendto, sfd, "stap", 4, 0, &sin, sizeof sin) != 4 ||
	    syscall(SYS_recvfrom, rfd, buf, sizeof buf, 0, NULL, NULL) != 4)
		return 1;
	syscall(SYS_close, sfd);
	syscall(SYS_close, rfd);
	return 0;
}

static int mode_loopback(void)
{
	return tcp_to_self() || udp_to_self();
}

static int mode_cow(void)
{
	volatile char *page;
	char c;

	page = (volatile char *)syscall(SYS_mmap, NULL, 4096, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 1;
	c = page[0];
	page[0] = c + 1;
	return syscall(SYS_munmap, page, 4096) == 0 ? 0 : 1;
}

static int mode_migrate(void)
{
	unsigned int cpu, now;
	cpu_set_t set;

	if (syscall(SYS_getcpu, &cpu, NULL, NULL) != 0)
		return 1;
	CPU_ZERO(&set);
	CPU_SET(cpu ^ 1, &set);
	if (syscall(SYS_sched_setaffinity, 0, sizeof set, &set) != 0 ||
	    syscall(SYS_getcpu, &now, NULL, NULL) != 0)
		return 1;
	return now == (cpu ^ 1) ? 0 : 1;
}

static int mode_blockread(const char *dev)
{
	static char buf[4096] __attribute__((aligned(4096)));
	long fd = syscall(SYS_openat, AT_FDCWD, dev, O_RDONLY | O_DIRECT);

	if (fd < 0 || syscall(SYS_pread64, fd, buf, sizeof buf, 0) != (long)sizeof buf)
		return 1;
	syscall(SYS_close, fd);
	return 0;
}

static int mode_read(void)
{
	char c;

	return syscall(SYS_read, 0, &c, 1) >= 0 ? 0 : 1;
}

static void *read_thread(void *result)
{
	*(int *)result = mode_read();
	return NULL;
}

static int mode_threadread(void)
{
	pthread_t thread;
	int result = 1;

	if (pthread_create(&thread, NULL, read_thread, &result) != 0)
		return 1;
	pthread_join(thread, NULL);
	return result;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static int mode_spin(long ms)
{
	volatile unsigned long n = 0;
	long end = now_ms() + ms;

	while (now_ms() < end)
		for (int i = 0; i < 100000; i++)
			n++;
	return 0;
}

static int mode_getppid(long count)
{
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < count; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%lld\n", (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec));
	return 0;
}

static int mode_bigudp(void)
{
	static char buf[4000];
	struct sockaddr_in to;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return 1;
	loopback_addr(&to, 9);
	if (sendto(fd, buf, sizeof buf, 0, (struct sockaddr *)&to, sizeof to) != sizeof buf)
		return 1;
	close(fd);
	return 0;
}

static int mode_rawproto(void)
{
	unsigned char pkt[28] = { 0 };
	struct iphdr *ip = (struct iphdr *)pkt;
	struct sockaddr_in to;
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);

	if (fd < 0)
		return 1;
	/* the kernel fills in the id and the checksum left 0 */
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = 253;
	ip->tot_len = htons(sizeof pkt);
	ip->saddr = htonl(INADDR_LOOPBACK);
	ip->daddr = htonl(INADDR_LOOPBACK);
	loopback_addr(&to, 0);
	if (sendto(fd, pkt, sizeof pkt, 0, (struct sockaddr *)&to, sizeof to) != sizeof pkt)
		return 1;
	close(fd);
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* a listener on 127.0.0.1:port with the given backlog, or -1 */
static int tcp_listener(int port, int backlog)
{
	struct sockaddr_in a;
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	loopback_addr(&a, port);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, backlog) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* a socket connecting to 127.0.0.1:port, non-blocking when asked, or -1 */
static int tcp_connect(int port, int nonblocking)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | (nonblocking ? SOCK_NONBLOCK : 0), 0);

	if (fd < 0)
		return -1;
	loopback_addr(&a, port);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0 && !nonblocking) {
		close(fd);
		return -1;
	}
	return fd;
}

static int mode_listenfull(void)
{
	int l = tcp_listener(5556, 0), c[3];

	if (l < 0)
		return 1;
	for (int i = 0; i < 3; i++)
		c[i] = tcp_connect(5556, 1);
	sleep_ms(1500);
	for (int i = 0; i < 3; i++)
		close(c[i]);
	close(l);
	return 0;
}

static int mode_delack(void)
{
	int l = tcp_listener(5557, 4), c, s;
	char b = 'x';

	if (l < 0 || (c = tcp_connect(5557, 0)) < 0 || (s = accept(l, NULL, NULL)) < 0)
		return 1;
	for (int i = 0; i < 6; i++)
		if (write(c, &b, 1) != 1 || read(s, &b, 1) != 1 ||
		    write(s, &b, 1) != 1 || read(c, &b, 1) != 1)
			return 1;
	if (write(c, &b, 1) != 1 || read(s, &b, 1) != 1)
		return 1;
	sleep_ms(300);
	close(c);
	close(s);
	close(l);
	sleep_ms(300);
	return 0;
}

static int mode_tcpfill(void)
{
	static char buf[65536];
	int l = tcp_listener(5558, 64), c[32], s[32];

	if (l < 0)
		return 1;
	for (int i = 0; i < 32; i++) {
		long sent = 0, n;

		if ((c[i] = tcp_connect(5558, 0)) < 0 || (s[i] = accept(l, NULL, NULL)) < 0)
			return 1;
		fcntl(c[i], F_SETFL, O_NONBLOCK);
		while (sent < 1L << 20 && (n = write(c[i], buf, sizeof buf)) > 0)
			sent += n;
	}
	for (int i = 0; i < 32; i++) {
		close(c[i]);
		close(s[i]);
	}
	close(l);
	return 0;
}

/* the modes that take no argument */
static const struct {
	const char *name;
	int (*run)(void);
} plain_modes[] = {
	{ "files", mode_files },	   { "badfd", mode_badfd },
	{ "signal", mode_signal },	   { "fork", mode_fork },
	{ "sleep", mode_sleep },	   { "udp", mode_udp },
	{ "loopback", mode_loopback },	   { "cow", mode_cow },
	{ "migrate", mode_migrate },	   { "read", mode_read },
	{ "threadread", mode_threadread }, { "bigudp", mode_bigudp },
	{ "rawproto", mode_rawproto },	   { "listenfull", mode_listenfull },
	{ "delack", mode_delack },	   { "tcpfill", mode_tcpfill },
};

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	for (size_t i = 0; i < sizeof plain_modes / sizeof plain_modes[0]; i++)
		if (strcmp(mode, plain_modes[i].name) == 0)
			return plain_modes[i].run();
	if (strcmp(mode, "exec") == 0)
		return mode_exec(argv[0]);
	if (strcmp(mode, "blockread") == 0 && argc > 2)
		return mode_blockread(argv[2]);
	if (strcmp(mode, "spin") == 0 && n > 0)
		return mode_spin(n);
	if (strcmp(mode, "getppid") == 0 && n > 0)
		return mode_getppid(n);
	return 2;
}
