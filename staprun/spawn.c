/*
 * spawn.c - fork and exec stapio, forward signals, collect its status.
 *
 * staprun stays stapio's parent so that it, not the user, removes the module
 * when stapio ends.  SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to staprun are
 * passed on to stapio, which turns them into an orderly EXIT; staprun itself keeps
 * running until stapio is gone.  A stapio killed outright (SIGKILL, a crash)
 * leaves a running session and output in the module's buffers: a second
 * stapio, run with -R, takes over, ends the session and drains it.
 * stapio's environment is built from an
 * allowlist of harmless variables, never copied whole.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "spawn.h"

#define STAPIO_PATH PKGLIBEXECDIR "/stapio"
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define MAX_ENV 64
#define MAX_ARGS 20

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

int signal_pending(void)
{
	return pending_signal;
}

/* Whether an environment entry NAME=VALUE may pass to stapio. */
static int env_allowed(const char *entry)
{
	static const char *const names[] = {
		"PATH", "HOME", "TERM", "LANG", "LANGUAGE", "TZ", "USER", "LOGNAME",
		"SHELL", "PWD", "TMPDIR", "COLUMNS", "LINES",
	};
	size_t n = strcspn(entry, "=");

	if (entry[n] != '=')
		return 0;
	if (n > 3 && strncmp(entry, "LC_", 3) == 0)
		return 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncmp(entry, names[i], n) == 0)
			return 1;
	return 0;
}

static void build_env(char **env)
{
	extern char **environ;
	int n = 0, have_path = 0;

	for (char **e = environ; e && *e && n < MAX_ENV - 2; e++) {
		if (!env_allowed(*e))
			continue;
		if (strncmp(*e, "PATH=", 5) == 0)
			have_path = 1;
		env[n++] = *e;
	}
	if (!have_path)
		env[n++] = "PATH=" DEFAULT_PATH;
	env[n] = NULL;
}

static void build_args(const struct stapio_args *a, char **argv)
{
	int n = 0;

	argv[n++] = "stapio";
	for (int i = 0; i < a->verbose && i < 3; i++)
		argv[n++] = "-v";
	if (a->output_file) {
		argv[n++] = "-o";
		argv[n++] = (char *)a->output_file;
	}
	if (a->take_over) {
		/* the session runs already: no command, no new buffers */
		argv[n++] = "-R";
	} else {
		if (a->target_cmd) {
			argv[n++] = "-c";
			argv[n++] = (char *)a->target_cmd;
		}
		if (a->target_pid) {
			argv[n++] = "-x";
			argv[n++] = (char *)a->target_pid;
		}
		if (a->buffer_mb) {
			argv[n++] = "-s";
			argv[n++] = (char *)a->buffer_mb;
		}
	}
	if (a->timeout_s) {
		argv[n++] = "-T";
		argv[n++] = (char *)a->timeout_s;
	}
	argv[n++] = "-m";
	argv[n++] = (char *)a->modname;
	argv[n] = NULL;
}

/* One stapio run; *killed tells whether a signal ended it. */
static int run_one_stapio(const struct stapio_args *a, int *killed)
{
	char *argv[MAX_ARGS], *env[MAX_ENV];
	sigset_t block, old;
	pid_t pid;
	int wstatus;

	*killed = 0;
	build_args(a, argv);
	build_env(env);
	/* Hold the forwarded signals until stapio_pid is set. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		log_error("cannot fork for stapio: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		/* Signals back to default, then unblocked: stapio sets its own. */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execve(STAPIO_PATH, argv, env);
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
	if (!killed)
		return status;
	log_progress(1, "running stapio -R to end the session and drain its output");
	again.take_over = 1;
	run_one_stapio(&again, &killed);
	return 1;       /* the session did not end the way it should have */
}
