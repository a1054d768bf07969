/*
 * fake_module.c - plays the kernel module's side of messages.h against a real
 * stapio on the host, so stapio's session logic is tested without a kernel.
 *
 *   fake_module SCENARIO DIR STAPIO [STAPIO-ARGS...]
 *
 * DIR gets trace0..trace(N-1) as plain files (trace2 left out: an offline
 * cpu); the control channel is a SOCK_SEQPACKET pair passed to stapio as
 * -F 3 -P DIR.  stapio's stdout and stderr go to DIR/out and DIR/err; the
 * fake prints "status=N" (stapio's exit status) and "exits=N" (EXIT messages
 * it received) on its stdout, or "fake: ..." when stapio broke the protocol.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "messages.h"

#define N_CPUS 3

static int ctl;
static int trace[N_CPUS];
static int exits_seen;
static pid_t stapio_pid;

static void die(const char *what)
{
	printf("fake: %s\n", what);
	if (stapio_pid > 0)
		kill(stapio_pid, SIGKILL);
	exit(2);
}

static void send_msg(stp_u32 type, const void *payload, size_t len)
{
	unsigned char buf[4096];
	struct stp_msg_hdr h = { .type = type };

	memcpy(buf, &h, sizeof(h));
	if (len)
		memcpy(buf + sizeof(h), payload, len);
	if (write(ctl, buf, sizeof(h) + len) != (ssize_t)(sizeof(h) + len))
		die("send failed");
}

/* Waits for a message from stapio; returns its type, fills payload. */
static stp_u32 recv_msg(void *payload, size_t len, int timeout_ms)
{
	unsigned char buf[4096];
	struct pollfd p = { .fd = ctl, .events = POLLIN };
	struct stp_msg_hdr h;
	ssize_t n;

	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	n = read(ctl, buf, sizeof(buf));
	if (n < (ssize_t)sizeof(h))
		return 0;
	memcpy(&h, buf, sizeof(h));
	if (stp_msg_payload_size(h.type, 1) != n - (ssize_t)sizeof(h))
		die("stapio sent a message of the wrong size");
	if (payload)
		memcpy(payload, buf + sizeof(h), len < (size_t)n - sizeof(h) ? len : (size_t)n - sizeof(h));
	if (h.type == STP_MSG_EXIT)
		exits_seen++;
	return h.type;
}

static void expect_msg(stp_u32 type, void *payload, size_t len)
{
	stp_u32 got = recv_msg(payload, len, 10000);

	if (got != type) {
		char b[80];
		snprintf(b, sizeof(b), "expected message %u, got %u", type, got);
		die(b);
	}
}

/* Appends a record to cpu's file, in pieces of at most `piece` bytes with a
 * pause between them, so stapio sees it split across reads. */
static void record(unsigned cpu, stp_u64 seq, const char *text, size_t piece)
{
	unsigned char buf[8192];
	struct stp_data_hdr h = { .seq = seq, .len = (stp_u32)strlen(text) };
	size_t n = sizeof(h) + h.len, off = 0;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), text, h.len);
	if (!piece)
		piece = n;
	while (off < n) {
		size_t k = n - off < piece ? n - off : piece;

		if (write(trace[cpu], buf + off, k) != (ssize_t)k)
			die("trace write failed");
		off += k;
		if (off < n)
			usleep(30000);
	}
}

static void raw_header(unsigned cpu, stp_u64 seq, stp_u32 len, stp_u32 reserved)
{
	struct stp_data_hdr h = { .seq = seq, .len = len, .reserved = reserved };

	if (write(trace[cpu], &h, sizeof(h)) != (ssize_t)sizeof(h))
		die("trace write failed");
}

static void handshake(void)
{
	struct stp_msg_transport_info ti;
	struct stp_msg_start st;

	expect_msg(STP_MSG_TRANSPORT_INFO, &ti, sizeof(ti));
	printf("buf_size=%u\n", ti.buf_size);
	ti = (struct stp_msg_transport_info){ .buf_size = 4 * 65536, .subbuf_size = 65536,
					      .n_subbufs = 4, .n_cpus = N_CPUS };
	send_msg(STP_MSG_TRANSPORT_INFO, &ti, sizeof(ti));
	expect_msg(STP_MSG_START, &st, sizeof(st));
	printf("target_pid=%s\n", st.target_pid > 0 ? "set" : "0");
}

static void start_reply(int rc)
{
	struct stp_msg_start st = { .rc = rc };

	send_msg(STP_MSG_START, &st, sizeof(st));
}

static void exit_reply(int status)
{
	struct stp_msg_exit ex = { .status = status };

	send_msg(STP_MSG_EXIT, &ex, sizeof(ex));
}

static void oob(const char *text)
{
	struct stp_msg_oob o = { { 0 } };

	snprintf(o.text, sizeof(o.text), "%s", text);
	send_msg(STP_MSG_OOB_DATA, &o, sizeof(o));
}

/* Many records over cpus 0 and 1 in a scrambled order, with split writes. */
static void scrambled(stp_u64 first, int count, int split)
{
	for (int i = 0; i < count; i += 2) {
		char a[64], b[64];

		snprintf(a, sizeof(a), "line %llu\n", (unsigned long long)(first + i));
		snprintf(b, sizeof(b), "line %llu\n", (unsigned long long)(first + i + 1));
		record(1, first + i + 1, b, split && i % 6 == 0 ? 5 : 0);
		record(0, first + i, a, split && i % 4 == 0 ? 7 : 0);
	}
}

static void scenario(const char *name)
{
	if (!strcmp(name, "takeover")) {
		/* stapio -R after one that died having read records 0..9: what
		 * waits starts at seq 10, a START reply meant for the dead one is
		 * still queued, and EXIT (not START) must follow TRANSPORT_INFO. */
		struct stp_msg_transport_info ti = { .buf_size = 4 * 65536, .subbuf_size = 65536,
						     .n_subbufs = 4, .n_cpus = N_CPUS };

		scrambled(10, 20, 1);
		start_reply(0);
		expect_msg(STP_MSG_TRANSPORT_INFO, NULL, 0);
		send_msg(STP_MSG_TRANSPORT_INFO, &ti, sizeof(ti));
		expect_msg(STP_MSG_EXIT, NULL, 0);
		record(0, 30, "end\n", 0);
		exit_reply(0);
	} else if (!strcmp(name, "detach")) {
		/* stapio -L: START answered, then stapio leaves without EXIT */
		handshake();
		record(0, 0, "begin\n", 0);
		start_reply(0);
		if (recv_msg(NULL, 0, 1000) != 0)
			die("stapio -L sent something after START");
	} else if (!strcmp(name, "attach")) {
		/* stapio -A: TRANSPORT_INFO, no START; runs until SIGINT */
		struct stp_msg_transport_info ti = { .buf_size = 4 * 65536, .subbuf_size = 65536,
						     .n_subbufs = 4, .n_cpus = N_CPUS };

		/* what the probes wrote while no stapio was attached */
		scrambled(5, 10, 0);
		expect_msg(STP_MSG_TRANSPORT_INFO, NULL, 0);
		send_msg(STP_MSG_TRANSPORT_INFO, &ti, sizeof(ti));
		if (recv_msg(NULL, 0, 300) != 0)
			die("stapio -A sent something after TRANSPORT_INFO");
		kill(stapio_pid, SIGINT);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		record(0, 15, "end\n", 0);
		exit_reply(0);
	} else if (!strcmp(name, "big")) {
		/* 3 MB of 64-byte records over two cpus, for -S rotation */
		handshake();
		start_reply(0);
		for (int i = 0; i < 48000; i++) {
			char line[80];

			snprintf(line, sizeof(line), "%-62d\n", i);
			record((unsigned)i % 2, (stp_u64)i, line, 0);
		}
		send_msg(STP_MSG_REQUEST_EXIT, NULL, 0);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		exit_reply(0);
	} else if (!strcmp(name, "usr2")) {
		/* SIGUSR2 moves the output on to FILE.1 */
		handshake();
		record(0, 0, "begin\n", 0);
		start_reply(0);
		usleep(300000);
		kill(stapio_pid, SIGUSR2);
		usleep(300000);
		record(1, 1, "after\n", 0);
		send_msg(STP_MSG_REQUEST_EXIT, NULL, 0);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		record(0, 2, "end\n", 0);
		exit_reply(0);
	} else if (!strcmp(name, "basic")) {
		handshake();
		record(1, 0, "begin\n", 0);
		start_reply(0);
		scrambled(1, 40, 1);
		oob("WARNING: from the module\n");
		send_msg(STP_MSG_REQUEST_EXIT, NULL, 0);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		record(0, 41, "end\n", 3);
		exit_reply(0);
	} else if (!strcmp(name, "drain") || !strcmp(name, "drain_slow_reader")) {
		/* Lots of output written just before EXIT's reply must all arrive. */
		handshake();
		start_reply(0);
		send_msg(STP_MSG_REQUEST_EXIT, NULL, 0);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		scrambled(0, 20000, 0);
		exit_reply(0);
	} else if (!strcmp(name, "startfail")) {
		handshake();
		start_reply(-ENOENT);
	} else if (!strcmp(name, "startmin")) {
		handshake();
		start_reply(INT_MIN);
	} else if (!strcmp(name, "target")) {
		handshake();
		record(0, 0, "begin\n", 0);
		start_reply(0);
		expect_msg(STP_MSG_EXIT, NULL, 0);   /* the command exited */
		record(1, 1, "end\n", 0);
		exit_reply(0);
	} else if (!strcmp(name, "timeout")) {
		/* stapio -T 1: EXIT comes from stapio once the second is up. */
		handshake();
		record(0, 0, "begin\n", 0);
		start_reply(0);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		record(1, 1, "end\n", 0);
		exit_reply(0);
	} else if (!strcmp(name, "sigint")) {
		handshake();
		start_reply(0);
		record(0, 0, "started\n", 0);
		usleep(300000);
		kill(stapio_pid, SIGINT);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		kill(stapio_pid, SIGINT);           /* a second one changes nothing */
		usleep(300000);
		record(1, 1, "end ran\n", 0);
		if (recv_msg(NULL, 0, 200) != 0)
			die("a second EXIT was sent");
		exit_reply(0);
	} else if (!strcmp(name, "sigint_starting")) {
		/* SIGINT while begin probes run: EXIT first, START's reply after. */
		handshake();
		record(0, 0, "begin\n", 0);
		kill(stapio_pid, SIGINT);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		start_reply(0);
		usleep(300000);
		record(1, 1, "end\n", 0);
		exit_reply(0);
	} else if (!strcmp(name, "system")) {
		handshake();
		start_reply(0);
		record(0, 0, "before system\n", 0);
		usleep(300000);
		struct stp_msg_system sys = { { 0 } };
		snprintf(sys.cmd, sizeof(sys.cmd), "echo from system");
		send_msg(STP_MSG_SYSTEM, &sys, sizeof(sys));
		usleep(300000);
		send_msg(STP_MSG_REQUEST_EXIT, NULL, 0);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		exit_reply(0);
	} else if (!strcmp(name, "gap")) {
		/* seq 1 never comes: 2 and 3 appear after a pause, with a warning. */
		handshake();
		start_reply(0);
		record(0, 0, "zero\n", 0);
		record(1, 2, "two\n", 0);
		record(0, 3, "three\n", 0);
		usleep(1600000);
		send_msg(STP_MSG_REQUEST_EXIT, NULL, 0);
		expect_msg(STP_MSG_EXIT, NULL, 0);
		exit_reply(0);
	} else if (!strcmp(name, "hostile")) {
		handshake();
		start_reply(0);
		record(0, 0, "good 0\n", 0);
		stp_u32 junk[2] = { 99, 0 };
		if (write(ctl, junk, sizeof(junk)) < 0)
			die("write");
		struct stp_msg_oob o;
		memset(&o, 'A', sizeof(o));         /* no NUL */
		send_msg(STP_MSG_OOB_DATA, &o, sizeof(o));
		send_msg(STP_MSG_OOB_DATA, &o, 10);  /* wrong size */
		send_msg(STP_MSG_RELOCATION, &o, 128); /* never valid from a module */
		struct stp_msg_system sys;
		memset(&sys, 'B', sizeof(sys));
		send_msg(STP_MSG_SYSTEM, &sys, sizeof(sys));
		raw_header(1, 1, (2u << 20), 0);      /* oversize record kills cpu 1's stream */
		record(1, 2, "never\n", 0);
		record(0, 1, "good 1\n", 0);
		record(0, 1, "backwards\n", 0);       /* seq going backwards on cpu 0 */
		record(0, 2, "good 2\n", 0);
		expect_msg(STP_MSG_EXIT, NULL, 0);    /* stapio ends the session on a protocol error */
		exit_reply(0);
	} else if (!strcmp(name, "eof")) {
		handshake();
		start_reply(0);
		record(0, 0, "last words\n", 0);
		usleep(200000);
		close(ctl);
		ctl = -1;
	} else if (!strcmp(name, "badinfo")) {
		struct stp_msg_transport_info ti;

		expect_msg(STP_MSG_TRANSPORT_INFO, &ti, sizeof(ti));
		ti = (struct stp_msg_transport_info){ .buf_size = 1, .subbuf_size = 0,
						      .n_subbufs = 4, .n_cpus = 100000 };
		send_msg(STP_MSG_TRANSPORT_INFO, &ti, sizeof(ti));
	} else {
		die("unknown scenario");
	}
}

/* drain_slow_reader: stapio's stdout is a non-blocking pipe, read slowly
 * into DIR/out, so writes meet EAGAIN.  Returns the reader's pid. */
static pid_t slow_reader(const char *dir, int *write_end)
{
	char path[4096], buf[512];
	int p[2], out;
	pid_t pid;
	ssize_t n;

	if (pipe(p) < 0 || fcntl(p[1], F_SETFL, O_NONBLOCK) < 0)
		die("pipe");
	pid = fork();
	if (pid != 0) {
		close(p[0]);
		*write_end = p[1];
		return pid;
	}
	close(p[1]);
	snprintf(path, sizeof(path), "%s/out", dir);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n)
			_exit(1);
		usleep(1000);
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	int sp[2], status, slow_fd = -1;
	pid_t reader = 0;
	char path[4096];

	if (argc < 4) {
		fprintf(stderr, "usage: fake_module SCENARIO DIR STAPIO [ARGS...]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < N_CPUS; i++) {
		trace[i] = -1;
		if (i == 2)
			continue;           /* an offline cpu: no file */
		snprintf(path, sizeof(path), "%s/trace%d", argv[2], i);
		trace[i] = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
		if (trace[i] < 0)
			die("cannot create trace files");
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp) < 0)
		die("socketpair");
	if (!strcmp(argv[1], "drain_slow_reader"))
		reader = slow_reader(argv[2], &slow_fd);
	stapio_pid = fork();
	if (stapio_pid == 0) {
		char *args[64];
		int n = 0;

		dup2(sp[1], 3);
		close(sp[0]);
		close(sp[1]);
		snprintf(path, sizeof(path), "%s/out", argv[2]);
		int out = slow_fd >= 0 ? slow_fd : open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		snprintf(path, sizeof(path), "%s/err", argv[2]);
		int err = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(out, 1);
		dup2(err, 2);
		args[n++] = argv[3];
		args[n++] = "-F";
		args[n++] = "3";
		args[n++] = "-P";
		args[n++] = argv[2];
		for (int i = 4; i < argc && n < 62; i++)
			args[n++] = argv[i];
		args[n] = NULL;
		execv(argv[3], args);
		_exit(127);
	}
	close(sp[1]);
	if (slow_fd >= 0)
		close(slow_fd);
	ctl = sp[0];
	scenario(argv[1]);
	waitpid(stapio_pid, &status, 0);
	if (reader > 0)
		waitpid(reader, NULL, 0);
	/* Count any EXIT that came after the last one expected. */
	if (ctl >= 0)
		while (recv_msg(NULL, 0, 0) != 0)
			;
	printf("exits=%d\n", exits_seen);
	printf("status=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
