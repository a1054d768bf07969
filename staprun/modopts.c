/*
 * modopts.c - module options from the command line.  The kernel's option
 * parser splits on blanks and honours double quotes, so a value may contain
 * blanks (we quote it) but not a quote or a control character; anything
 * else is refused rather than passed on half-understood.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "modopts.h"

#define MODOPTS_MAX_NAME 64

static size_t identifier_length(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

int modopts_build(char *const *args, int n, char *out, size_t outlen, char *why, size_t whylen)
{
	size_t used = 0;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		const char *a = args[i], *value;
		size_t name_len = identifier_length(a);
		bool blanks = false;
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
		for (const char *p = value; *p; p++) {
			if (*p == '"' || iscntrl((unsigned char)*p)) {
				snprintf(why, whylen, "option %.*s: quotes and control characters "
					 "are not allowed in a value", (int)name_len, a);
				return -1;
			}
			if (*p == ' ')
				blanks = true;
		}
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
