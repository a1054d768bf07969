/*
 * diag.c - prints diagnostics with the offending source line and a caret.
 * The caret line copies the tabs of the source line so it lines up in any
 * terminal; long lines are shown in full (they are the user's own text).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define MAX_EXPANSIONS_SHOWN 8

static int errors;
static int quiet_warnings;
static int warnings_are_errors;

int diag_error_count(void)
{
	return errors;
}

void diag_reset(void)
{
	errors = 0;
}

void diag_set_quiet_warnings(int quiet)
{
	quiet_warnings = quiet;
}

void diag_set_warnings_as_errors(int on)
{
	warnings_are_errors = on;
}

/* Prints PREFIX, the source line of LOC, and a caret under its column. */
static void print_source(struct srcloc loc, const char *prefix)
{
	const char *p, *end;
	int line = 1;

	if (!loc.src || loc.line <= 0)
		return;
	p = loc.src->text;
	while (*p && line < loc.line) {
		if (*p++ == '\n')
			line++;
	}
	end = p;
	while (*end && *end != '\n')
		end++;
	fprintf(stderr, "%s%.*s\n", prefix, (int)(end - p), p);
	for (size_t i = 0; prefix[i]; i++)
		fputc(' ', stderr);
	for (int i = 0; i < loc.col - 1 && p + i < end; i++)
		fputc(p[i] == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
	int shown = 0;
	for (const struct expansion *x = loc.exp; x; x = x->at.exp, shown++) {
		if (shown == MAX_EXPANSIONS_SHOWN) {
			int more = 0;

			for (; x; x = x->at.exp)
				more++;
			fprintf(stderr, "%*s(and %d more expansions)\n", (int)strlen(prefix) - 4, "",
				more);
			break;
		}
		fprintf(stderr, "%*sin expansion of macro '%s' at %s:%d:%d\n",
			(int)strlen(prefix) - 4, "", x->name, x->at.src ? x->at.src->name : "?",
			x->at.line, x->at.col);
	}
}

void diag_parse_error(struct srcloc loc, const char *what, const char *fmt, ...)
{
	va_list ap;

	errors++;
	fputs("parse error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (loc.src)
		fprintf(stderr, "        saw: %s at %s:%d:%d\n", what, loc.src->name, loc.line,
			loc.col);
	print_source(loc, "     source: ");
}

static void located(const char *kind, struct srcloc loc, const char *what,
		    const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", kind);
	vfprintf(stderr, fmt, ap);
	if (what && loc.src)
		fprintf(stderr, ": %s at %s:%d:%d\n", what, loc.src->name, loc.line, loc.col);
	else
		fputc('\n', stderr);
	if (what)
		print_source(loc, "        source: ");
	fputc('\n', stderr);
}

void diag_semantic_error(struct srcloc loc, const char *what, const char *fmt, ...)
{
	va_list ap;

	errors++;
	va_start(ap, fmt);
	located("semantic error", loc, what, fmt, ap);
	va_end(ap);
}

void diag_warning(struct srcloc loc, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (quiet_warnings)
		return;
	if (warnings_are_errors)
		errors++;
	va_start(ap, fmt);
	located("WARNING", loc, what, fmt, ap);
	va_end(ap);
}

void internal_error(const char *fmt, ...)
{
	va_list ap;

	fputs("stap: internal error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}
