/*
 * rotation_arg.c - parsing -S SIZE[,N]: strict decimal numbers in range,
 * nothing else, so a typo is an error rather than a surprise size.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "rotation_arg.h"

static int number(const char *s, char **end, unsigned long max, unsigned *out)
{
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, end, 10);
	if (errno || v < 1 || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int rotation_arg_parse(const char *arg, unsigned *mb, unsigned *keep, char *why,
		       unsigned why_len)
{
	char *end;

	*keep = 0;
	if (number(arg, &end, ROTATION_MB_MAX, mb) == 0 &&
	    (*end == '\0' ||
	     (*end == ',' && number(end + 1, &end, ROTATION_FILES_MAX, keep) == 0 && *end == '\0')))
		return 0;
	snprintf(why, why_len,
		 "-S wants SIZE[,N]: a size in MB from 1 to %u, then optionally the number of "
		 "files to keep, from 1 to %u; not '%s'",
		 ROTATION_MB_MAX, ROTATION_FILES_MAX, arg);
	return -1;
}
