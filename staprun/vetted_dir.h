/*
 * vetted_dir.h - is a module one root installed for stapusr to run?
 */
#ifndef STAPRUN_VETTED_DIR_H
#define STAPRUN_VETTED_DIR_H

#include <stddef.h>
#include <sys/stat.h>

/* 1 if path has a ".." component, else 0. */
int path_has_dotdot(const char *path);

/* Whether the file at path, open and fstat'ed as st, lies in
 * root/lib/modules/REL/systemtap/ (REL: the running kernel; root: "" except
 * in tests), with the file and every directory from / down to it owned by
 * root and not writable by group or others, and path still naming the same
 * file.  Returns 1 if so; 0 if not, with why saying what failed when the
 * path is under that directory (why is "" otherwise). */
int vetted_dir_contains(const char *root, const char *path, const struct stat *st, char *why,
			size_t why_len);

#endif
