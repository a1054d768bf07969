/*
 * path_format.h - building file names into fixed buffers without silent
 * truncation: a name that does not fit is an error, not a different file.
 */
#ifndef STAP_PATH_FORMAT_H
#define STAP_PATH_FORMAT_H

#include <stddef.h>

/* snprintf into out; prints an error and returns -1 when it does not fit. */
int path_format(char *out, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* STAP_PATH_FORMAT_H */
