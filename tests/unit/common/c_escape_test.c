/* c_escape_test.c - common/c_escape.c: each escape, both modes, counting. */
#include <stdio.h>
#include <string.h>

#include "c_escape.h"

static int failures;

static void check(const char *name, const char *s, size_t n, enum c_escape_for mode,
		  const char *want)
{
	char out[C_ESCAPE_MAX(64)];
	size_t len = c_escape(s, n, mode, out);

	if (strcmp(out, want) != 0 || len != strlen(want) || c_escape(s, n, mode, NULL) != len) {
		printf("FAIL: c_escape %s: got %s (%zu), want %s\n", name, out, len, want);
		failures++;
	} else {
		printf("PASS: c_escape %s\n", name);
	}
}

int main(void)
{
	check("plain", "abc", 3, C_ESCAPE_SCRIPT, "\"abc\"");
	check("empty", "", 0, C_ESCAPE_C_SOURCE, "\"\"");
	check("quote and backslash", "a\"b\\c", 5, C_ESCAPE_SCRIPT, "\"a\\\"b\\\\c\"");
	check("short forms", "\n\t\r", 3, C_ESCAPE_SCRIPT, "\"\\n\\t\\r\"");
	check("control as octal", "\001\033\177", 3, C_ESCAPE_SCRIPT, "\"\\001\\033\\177\"");
	check("NUL inside", "a\0b", 3, C_ESCAPE_C_SOURCE, "\"a\\000b\"");
	check("octal then digit", "\0011", 2, C_ESCAPE_C_SOURCE, "\"\\0011\"");
	check("utf-8 kept in script", "\xc3\xa9", 2, C_ESCAPE_SCRIPT, "\"\xc3\xa9\"");
	check("utf-8 octal in C", "\xc3\xa9", 2, C_ESCAPE_C_SOURCE, "\"\\303\\251\"");
	check("trigraph in C", "?\?=", 3, C_ESCAPE_C_SOURCE, "\"\\?\\?=\"");
	check("question mark in script", "?", 1, C_ESCAPE_SCRIPT, "\"?\"");
	check("worst case fits", "\377\377", 2, C_ESCAPE_C_SOURCE, "\"\\377\\377\"");
	return failures != 0;
}
