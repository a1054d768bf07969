/*
 * children.c - starting the -c command and system() commands.
 *
 * The -c command must not run before the module's probes are armed, or its
 * first events would be missed.  So the child is forked early (its pid goes
 * into START as the target) and waits in read() on a pipe; START's reply
 * decides whether stapio writes the go byte or closes the pipe, which makes the
 * child exit without running anything.  Children get back the signal mask and
 * dispositions stapio had on entry (stapio itself blocks and ignores some).
 * When staprun is gone, stapio runs `staprun -d MODULE` itself to remove the
 * module (staprun holds the privilege, stapio does not).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "children.h"
#include "common/log.h"

#define STAPRUN_PATH BINDIR "/staprun"

static void child_restore_signals(const sigset_t *child_mask)
{
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, child_mask, NULL);
}

static void child_exec_shell(const char *cmd)
{
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	log_error("cannot run /bin/sh: %s", strerror(errno));
	_exit(127);
}

pid_t target_spawn_held(const char *cmd, const sigset_t *child_mask, int *release_fd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		log_error("cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		log_error("cannot fork for the -c command: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		char go;
		ssize_t n;

		close(p[1]);
		child_restore_signals(child_mask);
		do
			n = read(p[0], &go, 1);
		while (n < 0 && errno == EINTR);
		if (n != 1)
			_exit(126);
		close(p[0]);
		child_exec_shell(cmd);
	}
	close(p[0]);
	*release_fd = p[1];
	log_progress(1, "target command held as pid %d", (int)pid);
	return pid;
}

int target_release(int *release_fd)
{
	ssize_t n;

	do
		n = write(*release_fd, "g", 1);
	while (n < 0 && errno == EINTR);
	close(*release_fd);
	*release_fd = -1;
	if (n != 1) {
		log_error("cannot start the -c command: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void target_abandon(pid_t pid, int *release_fd)
{
	if (*release_fd >= 0) {
		close(*release_fd);     /* EOF: the held child exits unrun */
		*release_fd = -1;
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

pid_t system_spawn(const char *cmd, const sigset_t *child_mask)
{
	pid_t pid = fork();

	if (pid < 0) {
		log_error("cannot fork for system(\"%s\"): %s", cmd, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		child_restore_signals(child_mask);
		child_exec_shell(cmd);
	}
	log_progress(1, "system(\"%s\") running as pid %d", cmd, (int)pid);
	return pid;
}

int module_remove_run(const char *modname, const sigset_t *child_mask)
{
	int wstatus;
	pid_t pid = fork();

	if (pid < 0) {
		log_error("cannot fork to remove module %s: %s", modname, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		child_restore_signals(child_mask);
		execl(STAPRUN_PATH, "staprun", "-d", modname, (char *)NULL);
		log_error("cannot run %s: %s", STAPRUN_PATH, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0 ? 0 : -1;
}
