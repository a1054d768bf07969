/* grow_array_test.c - translator/arena.c's grow_array: growth keeps the
 * contents, the capacity covers what was asked, and past the limit stap
 * stops with "too many WHAT (limit is N)" and status 1.
 * sources: translator/arena.c common/c_escape.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "translator/arena.h"

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: grow_array %s\n", ok ? "PASS" : "FAIL", what);
	failures += !ok;
}

int main(void)
{
	size_t cap = 0;
	long *v = NULL;
	int ok = 1, fds[2], status;
	char msg[128] = "";
	ssize_t n;
	pid_t pid;

	for (long i = 0; i < 1000; i++) {
		v = grow_array(v, &cap, (size_t)i + 1, sizeof *v, 5000, "longs");
		v[i] = i * 3;
	}
	for (long i = 0; i < 1000; i++)
		ok &= v[i] == i * 3;
	check("1000 appends keep every element", ok && cap >= 1000 && cap <= 5000);
	check("no move when there is room", grow_array(v, &cap, 10, sizeof *v, 5000, "longs") == v);
	v = grow_array(v, &cap, 5000, sizeof *v, 5000, "longs");
	check("capacity reaches the limit exactly", cap == 5000 && v[999] == 2997);
	free(v);

	fflush(stdout);
	if (pipe(fds) != 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		size_t c = 0;

		dup2(fds[1], 2);
		grow_array(NULL, &c, 101, 1, 100, "widgets");
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], msg, sizeof msg - 1);
	msg[n > 0 ? n : 0] = '\0';
	waitpid(pid, &status, 0);
	check("past the limit: status 1 and the limit named",
	      WIFEXITED(status) && WEXITSTATUS(status) == 1 &&
	      strcmp(msg, "ERROR: too many widgets (limit is 100)\n") == 0);
	return failures != 0;
}
