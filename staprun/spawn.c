/*
 * spawn.c - fork and exec stapio, forward signals, collect its status.
 *
 * staprun stays stapio's parent so that it, not the user, removes the module
 * when stapio ends.  SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to staprun are
 * passed on to stapio, which turns them into an orderly EXIT; staprun itself keeps
 * running until stapio is gone.  stapio gets the module's control channel
 * and debugfs directory already open (the caller cannot reach debugfs), the
 * allowlisted environment (env.c), and no capability at all.  A stapio killed
 * outright (SIGKILL, a crash) leaves a running session and output in the
 * module's buffers: a second stapio, run with -R on the same two descriptors,
 * takes over, ends the session and drains it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "drop.h"
#include "env.h"
#include "spawn.h"

#define STAPIO_PATH PKGLIBEXECDIR "/stapio"
#define MAX_ARGS 40

static volatile sig_atomic_t stapio_pid;
static volatile sig_atomic_t pending_signal;

static void forward_signal(int sig)
{
	int saved = errno;

	if (stapio_pid > 0)
		kill((pid_t)stapio_pid, sig);
	else
		pending_signal = sig;
	errno = saved;
}

int signals_forward_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], &sa, NULL) < 0) {
			log_error("cannot catch signal %d: %s", sigs[i], strerror(errno));
			return -1;
		}
	}
	return 0;
}

static const int job_control_stops[] = { SIGTSTP, SIGTTIN, SIGTTOU };

int job_control_stops_hold(void)
{
	for (size_t i = 0; i < sizeof(job_control_stops) / sizeof(job_control_stops[0]); i++) {
		if (signal(job_control_stops[i], SIG_IGN) == SIG_ERR) {
			log_error("cannot ignore signal %d: %s", job_control_stops[i],
				  strerror(errno));
			return -1;
		}
	}
	return 0;
}

void job_control_stops_release(void)
{
	for (size_t i = 0; i < sizeof(job_control_stops) / sizeof(job_control_stops[0]); i++)
		signal(job_control_stops[i], SIG_DFL);
}

int signal_pending(void)
{
	return pending_signal;
}

static void build_args(const struct stapio_args *a, char **argv, char *ctl_fd, char *dir_fd)
{
	int n = 0;

	argv[n++] = "stapio";
	for (int i = 0; i < a->verbose && i < 3; i++)
		argv[n++] = "-v";
	if (a->no_warnings)
		argv[n++] = "-w";
	if (a->color) {
		argv[n++] = "-C";
		argv[n++] = (char *)a->color;
	}
	if (a->output_file) {
		argv[n++] = "-o";
		argv[n++] = (char *)a->output_file;
	}
	if (a->bulk)
		argv[n++] = "-b";
	if (a->rotate) {
		argv[n++] = "-S";
		argv[n++] = (char *)a->rotate;
	}
	if (a->take_over) {
		/* the session already runs: no command, target or sizes again */
		argv[n++] = "-R";
	} else if (a->attach) {
		argv[n++] = "-A";
	} else if (a->target_cmd) {
		argv[n++] = "-c";
		argv[n++] = (char *)a->target_cmd;
	}
	if (a->detach && !a->take_over)
		argv[n++] = "-L";
	if (a->target_pid) {
		argv[n++] = "-x";
		argv[n++] = (char *)a->target_pid;
	}
	if (a->buffer_mb) {
		argv[n++] = "-s";
		argv[n++] = (char *)a->buffer_mb;
	}
	if (a->timeout_s) {
		argv[n++] = "-T";
		argv[n++] = (char *)a->timeout_s;
	}
	if (a->monitor_s) {
		argv[n++] = "-M";
		argv[n++] = (char *)a->monitor_s;
	}
	argv[n++] = "-F";
	argv[n++] = ctl_fd;
	argv[n++] = "-d";
	argv[n++] = dir_fd;
	argv[n++] = "-m";
	argv[n++] = (char *)a->modname;
	argv[n] = NULL;
}

/* One stapio run; *killed tells whether a signal ended it.  The two
 * descriptors stay open here for a stapio -R that may follow. */
static int run_one_stapio(const struct stapio_args *a, int *killed)
{
	char *argv[MAX_ARGS], ctl_fd[16], dir_fd[16];
	sigset_t block, old;
	pid_t pid;
	int wstatus;

	snprintf(ctl_fd, sizeof(ctl_fd), "%d", a->ctl_fd);
	snprintf(dir_fd, sizeof(dir_fd), "%d", a->dir_fd);
	build_args(a, argv, ctl_fd, dir_fd);
	/* Hold the forwarded signals until stapio_pid is set. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	*killed = 0;
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		log_error("cannot fork for stapio: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		/* Signals back to default but still blocked across exec: one
		 * sent before stapio has set up its signalfd waits for it. */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		if (drop_everything(a->caller_uid) < 0 || fcntl(a->ctl_fd, F_SETFD, 0) < 0 ||
		    fcntl(a->dir_fd, F_SETFD, 0) < 0)
			_exit(127);
		execve(STAPIO_PATH, argv, env_for_stapio());
		log_error("cannot run %s: %s", STAPIO_PATH, strerror(errno));
		_exit(127);
	}
	stapio_pid = pid;
	log_progress(1, "stapio running as pid %d", (int)pid);
	if (pending_signal)
		kill(pid, pending_signal);
	sigprocmask(SIG_SETMASK, &old, NULL);

	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR) {
			log_error("waiting for stapio: %s", strerror(errno));
			return 1;
		}
	}
	stapio_pid = 0;
	*killed = WIFSIGNALED(wstatus);
	if (*killed) {
		log_warning("stapio was killed by signal %d", WTERMSIG(wstatus));
		return 1;
	}
	return WEXITSTATUS(wstatus);
}

int run_stapio(const struct stapio_args *a)
{
	struct stapio_args again = *a;
	int killed, status;

	status = run_one_stapio(a, &killed);
	if (killed) {
		log_progress(1, "running stapio -R to end the session and drain its output");
		again.take_over = 1;
		run_one_stapio(&again, &killed);
		status = 1;     /* the session did not end the way it should have */
	}
	/* no stapio holds the control channel now: the module's last user is
	 * gone and the removal can go ahead */
	close(a->ctl_fd);
	close(a->dir_fd);
	return status;
}
