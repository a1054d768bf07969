/*
 * modopt_syntax.c - the shape of NAME=VALUE module options (modopt_syntax.h).
 */
#include "config.h"

#include <ctype.h>

#include "modopt_syntax.h"

size_t modopt_name_length(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

bool modopt_value_ok(const char *value)
{
	for (const char *p = value; *p; p++)
		if (*p == '"' || iscntrl((unsigned char)*p))
			return false;
	return true;
}

bool modopt_value_needs_quotes(const char *value)
{
	/* the kernel's isspace() (lib/ctype.c) also counts 0xA0, Latin-1's
	 * no-break space; control characters are refused before this */
	for (const char *p = value; *p; p++)
		if (*p == ' ' || (unsigned char)*p == 0xA0)
			return true;
	return false;
}
