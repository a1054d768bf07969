/*
 * diag.h - user-facing diagnostics in the upstream format: a message, the
 * location, the source line and a caret under the column.  Errors are
 * counted so a pass can report several and the driver stops between passes.
 */
#ifndef STAP_DIAG_H
#define STAP_DIAG_H

#include <stdbool.h>
#include <stddef.h>

/* One input text: the script file or the -e argument. */
struct source {
	const char *name;      /* path as given, or "<input>" */
	const char *text;      /* NUL terminated */
	size_t len;
};

struct expansion;

struct srcloc {
	const struct source *src;
	int line, col;         /* 1-based; a tab counts as one column */
	const struct expansion *exp;   /* the macro expansion this came from, or NULL */
};

/* Text that came from expanding macro NAME at AT (whose own .exp chains to
 * the expansion it was in): messages end with "in expansion of macro ...". */
struct expansion {
	const char *name;      /* "@foo" */
	struct srcloc at;
};

/* "parse error: MSG\n        saw: WHAT at FILE:L:C\n     source: ..." */
void diag_parse_error(struct srcloc loc, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "semantic error: MSG: WHAT at FILE:L:C\n        source: ..." (WHAT may be NULL
 * for an error without a place). */
void diag_semantic_error(struct srcloc loc, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "WARNING: MSG: WHAT at FILE:L:C" + source line; silenced by -w (and then
 * not counted even under -W). */
void diag_warning(struct srcloc loc, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Errors reported since the last diag_reset(). */
int diag_error_count(void);
/* Warnings raised so far, shown or not (-w). */
int diag_warning_count(void);
void diag_reset(void);
void diag_set_quiet_warnings(int quiet);
/* -W: each warning shown also counts as an error (the pass then fails). */
void diag_set_warnings_as_errors(int on);

/* Diagnostics from here on are kept back (and their errors counted) until
 * diag_release(SHOW) prints them, or drops them and uncounts their errors:
 * for alternatives whose failure matters only if no later one works. */
void diag_hold(void);
void diag_release(bool show);

/* --color: ON turns colour on; SPEC is $SYSTEMTAP_COLORS (may be NULL). */
void diag_set_color(int on, const char *spec);

/* A compiler bug, not a user error: message and exit. */
_Noreturn void internal_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* STAP_DIAG_H */
