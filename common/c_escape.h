/*
 * c_escape.h - the one writer of quoted strings in C syntax: script text
 * (stap -p1, probe point names, messages) and generated C source.
 */
#ifndef STAP_C_ESCAPE_H
#define STAP_C_ESCAPE_H

#include <stddef.h>

enum c_escape_for {
	/* script text: bytes 128-255 stay as they are (UTF-8 reads as written) */
	C_ESCAPE_SCRIPT,
	/* C source: also '?' (no trigraphs) and bytes 128-255 as octal */
	C_ESCAPE_C_SOURCE,
};

/* Room c_escape() may need for N bytes: quotes, NUL, 4 bytes a byte. */
#define C_ESCAPE_MAX(n) (4 * (n) + 3)

/*
 * Writes the N bytes of S as a double-quoted literal into OUT (which holds
 * C_ESCAPE_MAX(N) bytes; NULL: only count) and NUL-terminates it.  '"',
 * '\\', newline, tab and carriage return get their backslash forms, other
 * control bytes a three-digit octal escape.  Returns the literal's length.
 */
size_t c_escape(const char *s, size_t n, enum c_escape_for mode, char *out);

#endif /* STAP_C_ESCAPE_H */
