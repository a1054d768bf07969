/*
 * daemon.c - -D: the session goes on in the background.
 *
 * The foreground process prints the pid to signal (the one that ends the
 * session cleanly) and exits; the background one leaves the terminal's
 * session, so a closed terminal (SIGHUP) or ^C there no longer reaches it,
 * and puts fds 0-2 on /dev/null: its output goes to the -o file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"

int daemon_fork(void)
{
	pid_t pid;
	int null;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		log_error("cannot fork to go into the background: %s", strerror(errno));
		return -1;
	}
	if (pid > 0) {
		printf("%d\n", (int)pid);
		fflush(stdout);
		return 1;
	}
	setsid();
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	return 0;
}
