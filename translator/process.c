/*
 * process.c - fork/exec/wait for the translator's helper programs.
 */
#include "config.h"

#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int decode_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

static int wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return decode_status(status);
}

int run_capture(const char *const argv[], struct captured *out)
{
	int fds[2];
	pid_t pid;
	size_t cap = 4096;
	ssize_t n;

	out->len = 0;
	out->data = malloc(cap);
	if (!out->data || pipe2(fds, O_CLOEXEC) != 0)
		goto fail;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		goto fail;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		if (out->len + 1 >= cap) {
			char *bigger = realloc(out->data, cap * 2);

			if (!bigger)
				break;
			out->data = bigger;
			cap *= 2;
		}
		n = read(fds[0], out->data + out->len, cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out->len += (size_t)n;
	}
	out->data[out->len] = '\0';
	close(fds[0]);
	return wait_child(pid);
fail:
	if (out->data)
		out->data[0] = '\0';
	return -1;
}

pid_t run_shell_start(const char *cmd, const char *dir, const char *log)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0 ||
		    chdir(dir) != 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

int run_finish(pid_t pid)
{
	return pid < 0 ? -1 : wait_child(pid);
}

void captured_free(struct captured *c)
{
	free(c->data);
	c->data = NULL;
	c->len = 0;
}

int run_wait(const char *const argv[])
{
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_term;
	pid_t pid;
	int rc;

	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGTERM, &ignore, &old_term);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "ERROR: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	rc = pid < 0 ? -1 : wait_child(pid);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return rc;
}
