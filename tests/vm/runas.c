/*
 * runas.c - run a command as another user in the test VM (static, so the
 * busybox image needs nothing else), the way a login would leave it:
 *
 *   stap-runas UID GID GROUPS CMD [ARG...]
 *
 * GROUPS is a comma-separated list of supplementary gids, or "-" for none.
 * Sets the groups, then the gid, then the uid (real, effective and saved),
 * checks root cannot be regained, and execs CMD (searched in PATH).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_GROUPS 32

static int number(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > 65535)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int main(int argc, char **argv)
{
	gid_t groups[MAX_GROUPS];
	unsigned uid, gid, g;
	size_t n = 0;
	char *list, *tok, *save = NULL;

	if (argc < 5 || number(argv[1], &uid) < 0 || number(argv[2], &gid) < 0) {
		fprintf(stderr, "usage: stap-runas UID GID GROUPS|- CMD [ARG...]\n");
		return 2;
	}
	if (strcmp(argv[3], "-") != 0) {
		list = argv[3];
		for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (n == MAX_GROUPS || number(tok, &g) < 0) {
				fprintf(stderr, "stap-runas: bad group list\n");
				return 2;
			}
			groups[n++] = g;
		}
	}
	if (setgroups(n, groups) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0) {
		perror("stap-runas");
		return 2;
	}
	if (uid != 0 && setuid(0) == 0) {
		fprintf(stderr, "stap-runas: root regained\n");
		return 2;
	}
	execvp(argv[4], argv + 4);
	fprintf(stderr, "stap-runas: %s: %s\n", argv[4], strerror(errno));
	return 127;
}
