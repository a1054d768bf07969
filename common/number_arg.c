/*
 * number_arg.c - command-line numbers (see number_arg.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "number_arg.h"

bool number_arg_parse(const char *s, long min, long max, long *out)
{
	const char *digits = s[0] == '-' ? s + 1 : s;
	char *end;
	long v;

	/* strtol alone would also take blanks and '+' in front */
	if (*digits < '0' || *digits > '9')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}
