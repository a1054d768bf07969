/*
 * vetted_dir.c - the directory root installs modules into for stapusr.
 *
 * /lib/modules/$(uname -r)/systemtap/ is trusted because only root can put
 * a file there: that holds when the file and every directory on the way
 * down from / are owned by root and writable by no one else.  The path is
 * resolved first (Debian's /lib is a symbolic link), then every directory
 * of the resolved path is checked with lstat, and the resolved name must
 * still be the very file staprun has open (same device and inode), so
 * nothing swapped in between passes.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "vetted_dir.h"

int path_has_dotdot(const char *path)
{
	const char *p = path;

	while ((p = strstr(p, "..")) != NULL) {
		if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return 1;
		p += 2;
	}
	return 0;
}

/* Whether st is owned by root and not writable by group or others. */
static int root_only(const struct stat *st)
{
	return st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

/* Checks every directory of the absolute, resolved dir, / included. */
static int dirs_root_only(const char *dir, char *why, size_t why_len)
{
	char prefix[PATH_MAX];
	size_t n = strlen(dir);
	struct stat st;

	for (size_t i = 0; i <= n; i++) {
		if (i != 0 && i != n && dir[i] != '/')
			continue;
		snprintf(prefix, sizeof(prefix), "%.*s", i == 0 ? 1 : (int)i, dir);
		if (lstat(prefix, &st) < 0 || !S_ISDIR(st.st_mode)) {
			snprintf(why, why_len, "%s is not a directory", prefix);
			return -1;
		}
		if (!root_only(&st)) {
			snprintf(why, why_len, "%s is %s", prefix, st.st_uid != 0 ?
				 "not owned by root" : "writable by group or others");
			return -1;
		}
	}
	return 0;
}

int vetted_dir_contains(const char *root, const char *path, const struct stat *st, char *why,
			size_t why_len)
{
	char want[PATH_MAX], real_want[PATH_MAX], dir[PATH_MAX], real_dir[PATH_MAX];
	char file[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct utsname u;
	struct stat now;
	size_t wn;

	why[0] = '\0';
	if (uname(&u) < 0)
		return 0;
	snprintf(want, sizeof(want), "%s/lib/modules/%s/systemtap", root, u.release);
	if (!realpath(want, real_want))
		return 0;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (!realpath(dir, real_dir))
		return 0;
	wn = strlen(real_want);
	if (strncmp(real_dir, real_want, wn) != 0 || (real_dir[wn] != '\0' && real_dir[wn] != '/'))
		return 0;
	if (dirs_root_only(real_dir, why, why_len) < 0)
		return 0;
	if (snprintf(file, sizeof(file), "%s/%s", real_dir, slash ? slash + 1 : path) >=
	    (int)sizeof(file) || lstat(file, &now) < 0 || now.st_dev != st->st_dev ||
	    now.st_ino != st->st_ino) {
		snprintf(why, why_len, "%s changed while it was being checked", file);
		return 0;
	}
	if (!root_only(st)) {
		snprintf(why, why_len, "%s is %s", file, st->st_uid != 0 ?
			 "not owned by root" : "writable by group or others");
		return 0;
	}
	return 1;
}
