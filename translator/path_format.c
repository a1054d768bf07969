/*
 * path_format.c - see path_format.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "path_format.h"

int path_format(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		fprintf(stderr, "ERROR: file name too long (limit is %zu): %.60s...\n", len - 1, out);
		return -1;
	}
	return 0;
}
