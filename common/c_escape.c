/*
 * c_escape.c - quoted strings in C syntax, for script text and generated C.
 * One table of escapes so what -p1 prints, what messages quote and what
 * pass 3 emits cannot drift apart.
 */
#include "c_escape.h"

/* The short escape of byte C, or 0. */
static char short_escape(unsigned char c, enum c_escape_for mode)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case '\n': return 'n';
	case '\t': return 't';
	case '\r': return 'r';
	case '?': return mode == C_ESCAPE_C_SOURCE ? '?' : 0;
	default: return 0;
	}
}

static int needs_octal(unsigned char c, enum c_escape_for mode)
{
	return c < 32 || c == 127 || (c >= 128 && mode == C_ESCAPE_C_SOURCE);
}

size_t c_escape(const char *s, size_t n, enum c_escape_for mode, char *out)
{
	size_t len = 0;

#define PUT(ch) do { if (out) out[len] = (ch); len++; } while (0)
	PUT('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char e = short_escape(c, mode);

		if (e) {
			PUT('\\');
			PUT(e);
		} else if (needs_octal(c, mode)) {
			PUT('\\');
			PUT((char)('0' + (c >> 6)));
			PUT((char)('0' + ((c >> 3) & 7)));
			PUT((char)('0' + (c & 7)));
		} else {
			PUT((char)c);
		}
	}
	PUT('"');
#undef PUT
	if (out)
		out[len] = '\0';
	return len;
}
