/*
 * diag.c - prints diagnostics with the offending source line and a caret.
 * The caret line copies the tabs of the source line so it lines up in any
 * terminal; a long line is shown as a window around the caret.  Each
 * diagnostic is built in memory and written at once (stderr is unbuffered),
 * and past 100 of a kind the rest are counted, not printed, so hostile
 * input cannot make the report cost more than the input.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define MAX_EXPANSIONS_SHOWN 8

static int errors;
static int warnings;
static int quiet_warnings;
static int warnings_are_errors;

int diag_error_count(void)
{
	return errors;
}

int diag_warning_count(void)
{
	return warnings;
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

/* --color: an SGR sequence for each part of a diagnostic, as upstream
 * (SYSTEMTAP_COLORS="error=01;31:warning=00;33:source=00;34:caret=01:token=01"). */
enum diag_part { PART_ERROR, PART_WARNING, PART_SOURCE, PART_CARET, PART_TOKEN, NPARTS };
static const char *const part_names[NPARTS] = { "error", "warning", "source", "caret", "token" };
static char part_sgr[NPARTS][16] = { "01;31", "00;33", "00;34", "01", "01" };
static bool color_on;

/* NAME=SGR entries separated by ':'; an entry with an unknown name or an
 * SGR of anything but digits and ';' is ignored.  An empty variable turns
 * colour off, as an empty GCC_COLORS does. */
void diag_set_color(int on, const char *spec)
{
	color_on = on;
	if (!on || !spec)
		return;
	if (!spec[0]) {
		color_on = false;
		return;
	}
	while (*spec) {
		size_t len = strcspn(spec, ":");
		const char *eq = memchr(spec, '=', len);

		if (eq) {
			size_t nlen = (size_t)(eq - spec), vlen = len - nlen - 1;

			for (int i = 0; i < NPARTS; i++)
				if (strlen(part_names[i]) == nlen &&
				    memcmp(part_names[i], spec, nlen) == 0 &&
				    vlen < sizeof part_sgr[i] &&
				    strspn(eq + 1, "0123456789;") >= vlen) {
					memcpy(part_sgr[i], eq + 1, vlen);
					part_sgr[i][vlen] = '\0';
				}
		}
		spec += len;
		if (*spec == ':')
			spec++;
	}
}

static void color_start(FILE *f, enum diag_part part)
{
	if (color_on)
		fprintf(f, "\033[%sm\033[K", part_sgr[part]);
}

static void color_end(FILE *f)
{
	if (color_on)
		fputs("\033[m\033[K", f);
}

/* The part of a long source line shown around the caret. */
#define MAX_SOURCE_SHOWN 160
/* Diagnostics of one kind printed before the rest are only counted. */
#define MAX_SHOWN_PER_KIND 100

/* Writes the text built in a memory stream to stderr with one write, so a
 * diagnostic costs one system call, not one per character. */
struct diag_text {
	FILE *f;
	char *text;
	size_t len;
};

static FILE *diag_open(struct diag_text *d)
{
	d->text = NULL;
	d->len = 0;
	d->f = open_memstream(&d->text, &d->len);
	return d->f ? d->f : stderr;
}

/* diag_hold(): diagnostics kept here, and the errors among them counted,
 * until diag_release() shows or drops them. */
static bool holding;
static char *held;
static size_t held_len;
static int held_errors;

void diag_hold(void)
{
	holding = true;
}

void diag_release(bool show)
{
	if (show && held_len)
		fwrite(held, 1, held_len, stderr);
	if (!show)
		errors -= held_errors;
	free(held);
	held = NULL;
	held_len = 0;
	held_errors = 0;
	holding = false;
}

static void count_error(void)
{
	errors++;
	if (holding)
		held_errors++;
}

static void diag_close(struct diag_text *d)
{
	if (!d->f)
		return;
	if (fclose(d->f) == 0 && d->len) {
		char *more = holding ? realloc(held, held_len + d->len) : NULL;

		if (more) {
			memcpy(more + held_len, d->text, d->len);
			held = more;
			held_len += d->len;
		} else {
			fwrite(d->text, 1, d->len, stderr);   /* not holding, or no memory */
		}
	}
	free(d->text);
}

/* Whether one more diagnostic of a kind may be printed; the first one past
 * the limit says that the rest are not shown. */
static bool diag_shown(int *shown, const char *kind)
{
	if (*shown < MAX_SHOWN_PER_KIND) {
		(*shown)++;
		return true;
	}
	if (*shown == MAX_SHOWN_PER_KIND) {
		(*shown)++;
		fprintf(stderr, "stap: too many %s (limit is %d); the rest are not shown\n", kind,
			MAX_SHOWN_PER_KIND);
	}
	return false;
}

/* Prints PREFIX, the source line of LOC (a window around the column when
 * the line is long), and a caret under its column. */
static void print_source(FILE *f, struct srcloc loc, const char *prefix)
{
	const char *p, *end, *from, *to;
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
	from = p;
	to = end;
	if (end - p > MAX_SOURCE_SHOWN) {
		const char *caret = p + (loc.col > 1 ? loc.col - 1 : 0);

		if (caret > end)
			caret = end;
		from = caret - p > MAX_SOURCE_SHOWN / 2 ? caret - MAX_SOURCE_SHOWN / 2 : p;
		to = end - from > MAX_SOURCE_SHOWN ? from + MAX_SOURCE_SHOWN : end;
	}
	fprintf(f, "%s%s", prefix, from > p ? "..." : "");
	color_start(f, PART_SOURCE);
	fprintf(f, "%.*s", (int)(to - from), from);
	color_end(f);
	fprintf(f, "%s\n", to < end ? "..." : "");
	fprintf(f, "%*s%s", (int)strlen(prefix), "", from > p ? "   " : "");
	for (const char *c = from; c < p + loc.col - 1 && c < to; c++)
		fputc(*c == '\t' ? '\t' : ' ', f);
	color_start(f, PART_CARET);
	fputc('^', f);
	color_end(f);
	fputc('\n', f);
	int shown = 0;
	for (const struct expansion *x = loc.exp; x; x = x->at.exp, shown++) {
		if (shown == MAX_EXPANSIONS_SHOWN) {
			int more = 0;

			for (; x; x = x->at.exp)
				more++;
			fprintf(f, "%*s(and %d more expansions)\n", (int)strlen(prefix) - 4, "",
				more);
			break;
		}
		fprintf(f, "%*sin expansion of macro '%s' at %s:%d:%d\n",
			(int)strlen(prefix) - 4, "", x->name, x->at.src ? x->at.src->name : "?",
			x->at.line, x->at.col);
	}
}

void diag_parse_error(struct srcloc loc, const char *what, const char *fmt, ...)
{
	static int shown;
	struct diag_text d;
	va_list ap;
	FILE *f;

	count_error();
	if (!diag_shown(&shown, "parse errors"))
		return;
	f = diag_open(&d);
	color_start(f, PART_ERROR);
	fputs("parse error:", f);
	color_end(f);
	fputc(' ', f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	if (loc.src) {
		fputs("        saw: ", f);
		color_start(f, PART_TOKEN);
		fputs(what, f);
		color_end(f);
		fprintf(f, " at %s:%d:%d\n", loc.src->name, loc.line, loc.col);
	}
	print_source(f, loc, "     source: ");
	diag_close(&d);
}

static void located(const char *kind, struct srcloc loc, const char *what,
		    const char *fmt, va_list ap)
{
	struct diag_text d;
	FILE *f = diag_open(&d);

	color_start(f, kind[0] == 'W' ? PART_WARNING : PART_ERROR);
	fprintf(f, "%s:", kind);
	color_end(f);
	fputc(' ', f);
	vfprintf(f, fmt, ap);
	if (what && loc.src) {
		fputs(": ", f);
		color_start(f, PART_TOKEN);
		fputs(what, f);
		color_end(f);
		fprintf(f, " at %s:%d:%d\n", loc.src->name, loc.line, loc.col);
	} else
		fputc('\n', f);
	if (what)
		print_source(f, loc, "        source: ");
	fputc('\n', f);
	diag_close(&d);
}

void diag_semantic_error(struct srcloc loc, const char *what, const char *fmt, ...)
{
	static int shown;
	va_list ap;

	count_error();
	if (!diag_shown(&shown, "semantic errors"))
		return;
	va_start(ap, fmt);
	located("semantic error", loc, what, fmt, ap);
	va_end(ap);
}

void diag_warning(struct srcloc loc, const char *what, const char *fmt, ...)
{
	static int shown;
	va_list ap;

	warnings++;
	if (quiet_warnings)
		return;
	if (warnings_are_errors)
		count_error();
	if (!diag_shown(&shown, "warnings"))
		return;
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
