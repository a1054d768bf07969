/*
 * session.c - the stapio side of the protocol in messages.h.
 *
 * One loop, driven by poll() on the control channel and a signalfd with a
 * 100 ms tick, walks the phases: TRANSPORT_INFO sent -> (reply: open the relay
 * files, hold the -c command, send START) -> START sent -> (reply: write the
 * begin probes' output, release the command) -> running -> EXIT reply -> done.
 * Every tick reads all relay files and writes whatever is next in seq order.
 * Whatever ends the session (signal, -c command exit, REQUEST_EXIT, error),
 * EXIT is sent once and the loop goes on until the module answers it, so end
 * probes run and their output arrives; then every relay file is drained and
 * everything is written before stapio exits with the module's status.
 * SIGQUIT is one more such signal.  If staprun vanishes (PR_SET_PDEATHSIG;
 * the parent pid is checked once after asking for it and then only when a
 * signal comes, so stapio makes no getppid() calls of its own for a script
 * to see), the session ends the same way and stapio then has the module
 * removed with `staprun -d`.
 *
 * With -R (take over), another stapio ran this session and was killed: this
 * one attaches to the running module (TRANSPORT_INFO answers with the same
 * channel), sends EXIT instead of START, and drains what the module still
 * holds, appending to -o's file.  Replies queued for the dead stapio are
 * ignored.
 *
 * -L starts the session as usual and leaves as soon as START is answered
 * (the begin probes' output written), with the probes still running; -A
 * joins such a session later like -R does, but goes on as a normal session
 * until it is asked to end.  In bulk mode (-b) each cpu's relay bytes go
 * unmerged to FILE_cpuN, for stap-merge.  SIGUSR2 moves the -o output on to
 * the next file (FILE.1, FILE.2, ...).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "children.h"
#include "warn_once.h"
#include "ctl.h"
#include "common/log.h"
#include "merge.h"
#include "monitor.h"
#include "msgcheck.h"
#include "output.h"
#include "relay.h"
#include "session.h"

#define TICK_MS 100
#define STP_MAX_ERRNO 4095             /* the kernel's MAX_ERRNO */
#define TRANSPORT_INFO_TIMEOUT_MS 10000
#define READ_LIMIT_PER_TICK (4u << 20)  /* bytes per cpu file per tick */
#define MSGS_PER_TICK 64

enum phase {
	PHASE_WAIT_TRANSPORT_INFO,
	PHASE_WAIT_START,
	PHASE_RUNNING,
	PHASE_DONE,
};

struct session {
	const struct session_options *opt;
	enum phase phase;
	int ctl;
	int dir_fd;               /* the module's debugfs directory (O_PATH) */
	int sigfd;
	sigset_t child_mask;
	struct relay relay;
	struct merge *merge;
	struct output out;
	struct output *bulk;      /* -b: one output per cpu, n_bulk of them */
	unsigned n_bulk;
	int detached;             /* -L: left the session running */
	pid_t target;             /* -c child, until reaped */
	int release_fd;
	int exit_sent;
	pid_t parent;             /* staprun, normally: it removes the module */
	int orphaned;             /* staprun is gone: stapio removes the module */
	int status;               /* the module's EXIT status */
	int failed;               /* stapio's own errors make the status 1 */
	uint64_t running_since;   /* when the module answered START (for -T) */
	struct monitor mon;       /* -M; mon.fd < 0 when off */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Blocks the signals the loop handles and returns a signalfd for them. */
static int signals_setup(struct session *s)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &set, &s->child_mask) < 0) {
		log_error("cannot block signals: %s", strerror(errno));
		return -1;
	}
	/* staprun execs stapio with them already blocked (so none is lost
	 * before this point); the -c command and system() get them unblocked. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&set, sig) == 1)
			sigdelset(&s->child_mask, sig);
	/* A closed stdout must not kill stapio before the module is shut down. */
	signal(SIGPIPE, SIG_IGN);
	s->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (s->sigfd < 0) {
		log_error("cannot create a signalfd: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void request_exit(struct session *s, const char *why)
{
	if (s->exit_sent || s->phase == PHASE_DONE)
		return;
	if (s->phase == PHASE_WAIT_TRANSPORT_INFO) {
		/* Nothing has run yet: no EXIT handshake to have. */
		log_progress(1, "%s before start-up; stopping", why);
		s->phase = PHASE_DONE;
		s->status = 1;
		return;
	}
	log_progress(1, "%s; sending EXIT", why);
	if (ctl_send(s->ctl, STP_MSG_EXIT, NULL, 0) < 0) {
		s->failed = 1;
		s->phase = PHASE_DONE;
		return;
	}
	s->exit_sent = 1;
}

static void merge_sink(void *ctx, unsigned cpu, const void *buf, size_t len)
{
	merge_feed(ctx, cpu, buf, len);
}

static void bulk_sink(void *ctx, unsigned cpu, const void *buf, size_t len)
{
	struct session *s = ctx;

	if (cpu < s->n_bulk)
		output_append(&s->bulk[cpu], buf, len);
}

static long long read_relay(struct session *s, size_t limit)
{
	if (s->opt->bulk)
		return relay_read(&s->relay, bulk_sink, s, limit);
	return relay_read(&s->relay, merge_sink, s->merge, limit);
}

static void flush_bulk(struct session *s)
{
	for (unsigned i = 0; i < s->n_bulk; i++)
		if (output_flush(&s->bulk[i]) < 0)
			s->failed = 1;
}

/* Reads the relay files and writes what is next in order. */
static void pump_output(struct session *s, size_t limit)
{
	if (!s->merge)
		return;
	if (read_relay(s, limit) < 0)
		s->failed = 1;
	if (s->opt->bulk) {
		flush_bulk(s);
		return;
	}
	merge_emit(s->merge, now_ms(), 0, output_append, &s->out);
	output_flush(&s->out);
}

/* -b: FILE_cpuN for every cpu the module has. */
static int bulk_open(struct session *s, unsigned n_cpus)
{
	s->bulk = calloc(n_cpus, sizeof(*s->bulk));
	if (!s->bulk) {
		log_error("out of memory");
		return -1;
	}
	for (unsigned i = 0; i < n_cpus; i++) {
		size_t len = strlen(s->opt->output_file) + 16;
		char *name = malloc(len);

		if (!name) {
			log_error("out of memory");
			return -1;
		}
		snprintf(name, len, "%s_cpu%u", s->opt->output_file, i);
		if (output_open(&s->bulk[i], name, s->opt->take_over || s->opt->attach, 0, 0) < 0) {
			free(name);
			return -1;
		}
		s->n_bulk = i + 1;
	}
	return 0;
}

static void bulk_close(struct session *s)
{
	for (unsigned i = 0; i < s->n_bulk; i++) {
		char *name = (char *)s->bulk[i].path;

		output_close(&s->bulk[i]);
		if (s->bulk[i].failed)
			s->failed = 1;
		free(name);
	}
	free(s->bulk);
}

static void reap_children(struct session *s)
{
	for (;;) {
		int wstatus;
		pid_t pid = waitpid(-1, &wstatus, WNOHANG);

		if (pid <= 0)
			return;
		if (pid == s->target) {
			s->target = 0;
			if (s->release_fd < 0)
				request_exit(s, "the -c command exited");
		}
	}
}

static void handle_signals(struct session *s)
{
	struct signalfd_siginfo si;

	while (read(s->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			continue;       /* reap_children runs every tick */
		if (si.ssi_signo == SIGUSR2) {
			if (output_next_file(&s->out) < 0)
				s->failed = 1;
			continue;
		}
		if (s->exit_sent)
			log_progress(1, "signal %u: already waiting for the module to finish",
				     si.ssi_signo);
		else
			request_exit(s, strsignal((int)si.ssi_signo));
	}
}

static void on_transport_info(struct session *s, const struct stp_msg_transport_info *ti)
{
	struct stp_msg_start start = { 0 };
	char why[160];

	if (msgcheck_transport_info(ti, why, sizeof(why)) < 0) {
		log_error("bad TRANSPORT_INFO from the module: %s", why);
		goto fail;
	}
	log_progress(1, "module buffers: %u cpus, %u x %u bytes each",
		     ti->n_cpus, ti->n_subbufs, ti->subbuf_size);
	s->merge = merge_new(ti->n_cpus);
	if (!s->merge) {
		log_error("out of memory");
		goto fail;
	}
	if (relay_open(&s->relay, s->dir_fd, s->opt->module_dir, ti->n_cpus) < 0)
		goto fail;
	if (s->opt->bulk && bulk_open(s, ti->n_cpus) < 0)
		goto fail;
	if (s->opt->take_over || s->opt->attach) {
		/* the session runs already: whoever read before us took the first records */
		merge_start_anywhere(s->merge);
		s->phase = PHASE_RUNNING;
		s->running_since = now_ms();
		if (s->opt->take_over)
			request_exit(s, "taking over from a stapio that died");
		else
			log_progress(1, "attached to the running session");
		return;
	}
	start.target_pid = (stp_s32)s->opt->target_pid;
	if (s->opt->target_cmd) {
		s->target = target_spawn_held(s->opt->target_cmd, &s->child_mask, &s->release_fd);
		if (s->target < 0)
			goto fail;
		start.target_pid = (stp_s32)s->target;
	}
	if (ctl_send(s->ctl, STP_MSG_START, &start, sizeof(start)) < 0)
		goto fail;
	s->phase = PHASE_WAIT_START;
	return;
fail:
	s->failed = 1;
	s->phase = PHASE_DONE;
}

static void on_start(struct session *s, const struct stp_msg_start *st)
{
	if (st->rc < 0) {
		/* -rc overflows for INT_MIN; anything past MAX_ERRNO is no errno */
		if (st->rc >= -STP_MAX_ERRNO)
			log_error("module failed to start: %s", strerror(-st->rc));
		else
			log_error("module failed to start: error code %d", (int)st->rc);
		target_abandon(s->target, &s->release_fd);
		s->target = 0;
		s->failed = 1;
		s->phase = PHASE_DONE;
		return;
	}
	if (st->rc > 0)
		log_warning("module answered START with %d, treating it as success", (int)st->rc);
	s->phase = PHASE_RUNNING;
	s->running_since = now_ms();
	log_progress(1, "module started");
	/* The begin probes' output comes before anything the command prints. */
	pump_output(s, READ_LIMIT_PER_TICK);
	if (s->release_fd >= 0 && s->exit_sent) {
		/* Interrupted during start-up: the command never runs. */
		target_abandon(s->target, &s->release_fd);
		s->target = 0;
	} else if (s->release_fd >= 0 && target_release(&s->release_fd) < 0) {
		s->failed = 1;
		request_exit(s, "the -c command could not start");
	}
	if (s->opt->detach && !s->exit_sent) {
		/* -L: the probes go on without us; -A picks the session up */
		log_progress(1, "leaving the module running");
		s->detached = 1;
		s->phase = PHASE_DONE;
	}
}

static void on_exit_reply(struct session *s, const struct stp_msg_exit *ex)
{
	if (ex->status != 0 && ex->status != 1)
		log_warning("module exit status %d is not 0 or 1", (int)ex->status);
	s->status = ex->status != 0;
	if (!s->exit_sent)
		log_progress(1, "module ended the session on its own");
	s->phase = PHASE_DONE;
}

static void on_system(struct session *s, const struct stp_msg_system *sys)
{
	/* What the script printed before system() comes before the command's output. */
	pump_output(s, READ_LIMIT_PER_TICK);
	system_spawn(sys->cmd, &s->child_mask);
}

static void unexpected(struct session *s, stp_u32 type)
{
	log_error("unexpected %s message from the module", msg_type_name(type));
	s->failed = 1;
	request_exit(s, "protocol error");
}

static void handle_message(struct session *s, const struct ctl_msg *m)
{
	switch ((enum stp_msg_type)m->type) {
	case STP_MSG_TRANSPORT_INFO:
		if ((s->opt->take_over || s->opt->attach) && s->phase != PHASE_WAIT_TRANSPORT_INFO)
			return;         /* the second of two: ours or the dead one's */
		if (s->phase != PHASE_WAIT_TRANSPORT_INFO)
			return unexpected(s, m->type);
		on_transport_info(s, &m->u.transport_info);
		return;
	case STP_MSG_START:
		if (s->opt->take_over || s->opt->attach)
			return;         /* the answer to an earlier stapio's START */
		if (s->phase != PHASE_WAIT_START)
			return unexpected(s, m->type);
		on_start(s, &m->u.start);
		return;
	case STP_MSG_EXIT:
		on_exit_reply(s, &m->u.exit);
		return;
	case STP_MSG_REQUEST_EXIT:
		request_exit(s, "the script asked to exit");
		return;
	case STP_MSG_OOB_DATA: {
		size_t n = strlen(m->u.oob.text);

		pump_output(s, READ_LIMIT_PER_TICK);
		if (!log_verbose && warn_seen_before(m->u.oob.text))
			return;         /* each distinct warning once, as upstream */
		if (log_module_text(m->u.oob.text, n) < 0)
			s->failed = 1;
		return;
	}
	case STP_MSG_SYSTEM:
		if (s->phase == PHASE_WAIT_TRANSPORT_INFO)
			return unexpected(s, m->type);
		on_system(s, &m->u.system);
		return;
	case STP_MSG_RELOCATION:
	case STP_MSG_TZINFO:
		/* msgcheck refuses these from a module. */
		return unexpected(s, m->type);
	}
	unexpected(s, m->type);
}

static void handle_control(struct session *s)
{
	for (int i = 0; i < MSGS_PER_TICK && s->phase != PHASE_DONE; i++) {
		struct ctl_msg m;
		int rc = ctl_recv(s->ctl, &m);

		if (rc == 0)
			return;
		if (rc == -1) {
			/* The module broke the protocol: end the session, still cleanly. */
			s->failed = 1;
			request_exit(s, "bad message from the module");
			continue;
		}
		if (rc == -2) {
			s->failed = 1;
			s->phase = PHASE_DONE;
			return;
		}
		handle_message(s, &m);
	}
}

/* staprun gone (SIGTERM from PR_SET_PDEATHSIG, or seen here): end the
 * session as a signal would, and remove the module afterwards. */
static void check_parent(struct session *s)
{
	if (s->orphaned || !s->opt->modname || s->opt->daemon || getppid() == s->parent)
		return;
	s->orphaned = 1;
	request_exit(s, "staprun is gone");
}

static void loop(struct session *s)
{
	uint64_t started = now_ms();

	while (s->phase != PHASE_DONE) {
		struct pollfd pfd[3 + 64];
		nfds_t n = 0, keys = 0;

		pfd[n++] = (struct pollfd){ .fd = s->ctl, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = s->sigfd, .events = POLLIN };
		for (unsigned i = 0; s->merge && i < s->relay.n_cpus && n < 66; i++)
			if (s->relay.fds[i] >= 0 && s->relay.pollable[i])
				pfd[n++] = (struct pollfd){ .fd = s->relay.fds[i], .events = POLLIN };
		/* -M: keys only while the session runs */
		if (s->mon.keys_fd >= 0 && s->phase == PHASE_RUNNING) {
			keys = n;
			pfd[n++] = (struct pollfd){ .fd = s->mon.keys_fd, .events = POLLIN };
		}
		if (poll(pfd, n, TICK_MS) < 0 && errno != EINTR) {
			log_error("poll: %s", strerror(errno));
			s->failed = 1;
			break;
		}
		handle_signals(s);
		/* staprun's death reaches stapio as PR_SET_PDEATHSIG's SIGTERM */
		if (pfd[1].revents)
			check_parent(s);
		reap_children(s);
		handle_control(s);
		pump_output(s, READ_LIMIT_PER_TICK);
		if (s->mon.fd >= 0 && s->phase == PHASE_RUNNING && !s->exit_sent) {
			if (keys && (pfd[keys].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    monitor_keys(&s->mon, now_ms()))
				request_exit(s, "q pressed");
			monitor_tick(&s->mon, now_ms());
		}
		/* -T: the time limit counts from the start, like a SIGTERM then */
		if (s->opt->timeout_s && s->phase == PHASE_RUNNING &&
		    now_ms() - s->running_since >= (uint64_t)s->opt->timeout_s * 1000)
			request_exit(s, "the -T time limit passed");
		if (s->phase == PHASE_WAIT_TRANSPORT_INFO &&
		    now_ms() - started > TRANSPORT_INFO_TIMEOUT_MS) {
			log_error("the module did not answer TRANSPORT_INFO within %d s",
				  TRANSPORT_INFO_TIMEOUT_MS / 1000);
			s->failed = 1;
			s->phase = PHASE_DONE;
		}
	}
}

/* After the session: everything the module wrote reaches the output. */
static void drain(struct session *s)
{
	const struct merge_stats *st;
	long long n;

	if (!s->merge)
		return;
	/* A failing file is closed by relay_read, so this ends. */
	while ((n = read_relay(s, 0)) != 0)
		if (n < 0)
			s->failed = 1;
	if (s->opt->bulk) {
		flush_bulk(s);
		return;
	}
	merge_emit(s->merge, now_ms(), 1, output_append, &s->out);
	output_flush(&s->out);
	st = merge_get_stats(s->merge);
	log_progress(1, "%llu output records written", st->emitted);
	if (st->corrupt_cpus || st->dropped)
		s->failed = 1;
}

int session_run(const struct session_options *opt)
{
	struct session s = { .opt = opt, .ctl = -1, .dir_fd = -1, .sigfd = -1, .release_fd = -1,
			     .mon = { .fd = -1, .keys_fd = -1 } };

	if (signals_setup(&s) < 0 ||
	    (!opt->bulk && output_open(&s.out, opt->output_file, opt->take_over || opt->attach,
				       opt->rotate_bytes, opt->rotate_keep) < 0))
		return 1;
	s.parent = getppid();
	if (!opt->daemon && prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
		log_warning("cannot ask for a signal when staprun exits: %s", strerror(errno));
	if (opt->ctl_fd >= 0) {
		s.ctl = opt->ctl_fd;
		if (fcntl(s.ctl, F_SETFL, O_NONBLOCK) < 0 || fcntl(s.ctl, F_SETFD, FD_CLOEXEC) < 0) {
			log_error("control channel fd %d: %s", s.ctl, strerror(errno));
			return 1;
		}
	}
	/* Given by staprun when the directory's parents are closed to the
	 * caller (debugfs is root-only): names are opened relative to it. */
	s.dir_fd = opt->dir_fd;
	if (s.dir_fd < 0)
		s.dir_fd = open(opt->module_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	else if (fcntl(s.dir_fd, F_SETFD, FD_CLOEXEC) < 0)
		s.dir_fd = -1;
	if (s.dir_fd < 0) {
		log_error("cannot open the module's directory %s: %s", opt->module_dir, strerror(errno));
		return 1;
	}
	if (s.ctl < 0) {
		s.ctl = ctl_open(s.dir_fd, opt->module_dir);
		if (s.ctl < 0)
			return 1;
	}

	/* -M: refused here, before START, when the module has no .monitor */
	if (opt->monitor_s && monitor_open(&s.mon, s.dir_fd, opt->monitor_s) < 0) {
		close(s.ctl);
		close(s.dir_fd);
		return 1;
	}

	struct stp_msg_transport_info ti = { .buf_size = opt->buffer_mb << 20 };
	if (ctl_send(s.ctl, STP_MSG_TRANSPORT_INFO, &ti, sizeof(ti)) < 0) {
		monitor_close(&s.mon);
		return 1;
	}
	/* gone between getppid() and prctl(): no signal will come */
	check_parent(&s);
	loop(&s);
	monitor_close(&s.mon);
	if (!s.detached)
		drain(&s);

	/* A command still held never runs; one already released is left alone. */
	if (s.release_fd >= 0)
		target_abandon(s.target, &s.release_fd);
	if (!opt->bulk)
		output_close(&s.out);
	bulk_close(&s);
	relay_close(&s.relay);
	merge_free(s.merge);
	close(s.ctl);
	close(s.dir_fd);
	close(s.sigfd);
	if (s.orphaned && module_remove_run(opt->modname, &s.child_mask) < 0)
		s.failed = 1;
	if (s.detached && !s.failed && !s.out.failed)
		return STAPIO_STATUS_DETACHED;
	return s.status || s.failed || s.out.failed;
}
