/*
 * modopts.c - module options from the command line, checked against the
 * shared rule (common/modopt_syntax.h) and joined with values that hold
 * separators quoted; anything else is refused rather than passed on
 * half-understood.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/modopt_syntax.h"
#include "modopts.h"

#define MODOPTS_MAX_NAME 64

int modopts_build(char *const *args, int n, char *out, size_t outlen, char *why, size_t whylen)
{
	size_t used = 0;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *a = args[i], *value;
		size_t name_len = modopt_name_length(a);
		bool blanks;
		int w;

		if (name_len == 0 || a[name_len] != '=') {
			snprintf(why, whylen, "'%s' is not NAME=VALUE", a);
			return -1;
		}
		if (name_len > MODOPTS_MAX_NAME) {
			snprintf(why, whylen, "option name too long (limit is %d)", MODOPTS_MAX_NAME);
			return -1;
		}
		value = a + name_len + 1;
		if (!modopt_value_ok(value)) {
			snprintf(why, whylen, "option %.*s: quotes and control characters "
				 "are not allowed in a value", (int)name_len, a);
			return -1;
		}
		blanks = modopt_value_needs_quotes(value);
		w = snprintf(out + used, outlen - used, "%s%.*s=%s%s%s", used ? " " : "",
			     (int)name_len, a, blanks ? "\"" : "", value, blanks ? "\"" : "");
		if (w < 0 || (size_t)w >= outlen - used) {
			snprintf(why, whylen, "module options too long (limit is %zu bytes)",
				 outlen - 1);
			return -1;
		}
		used += (size_t)w;
	}
	return 0;
}
