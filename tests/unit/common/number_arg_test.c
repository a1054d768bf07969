/* number_arg_test.c - common/number_arg.c: what a command-line number is. */
#include <limits.h>
#include <stdio.h>

#include "number_arg.h"

static int failures;

static void check(const char *s, long min, long max, bool want, long want_v)
{
	long v = -12345;
	bool got = number_arg_parse(s, min, max, &v);
	bool ok = got == want && (!want || v == want_v) && (want || v == -12345);

	printf("%s: number_arg '%s' in [%ld, %ld]\n", ok ? "PASS" : "FAIL", s, min, max);
	failures += !ok;
}

int main(void)
{
	check("42", 1, 100, true, 42);
	check("0", 0, 0, true, 0);
	check("-3", -5, 5, true, -3);
	check("101", 1, 100, false, 0);
	check("0", 1, 100, false, 0);
	check("", 0, 100, false, 0);
	check("-", -5, 5, false, 0);
	check(" 4", 0, 100, false, 0);
	check("+4", 0, 100, false, 0);
	check("4 ", 0, 100, false, 0);
	check("4x", 0, 100, false, 0);
	check("0x10", 0, 100, false, 0);
	check("99999999999999999999", 0, LONG_MAX, false, 0);
	check("9223372036854775807", 0, LONG_MAX, true, LONG_MAX);
	return failures != 0;
}
