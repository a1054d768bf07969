/*
 * log.c - staprun's and stapio's diagnostics on stderr.
 *
 * Each message is formatted into one buffer and written with a single
 * write(2), so lines from stapio, the module's OOB text and a -c command's
 * own stderr do not interleave mid-line.  Colour (-C) is SGR escapes around
 * the prefix only, as stap(1) colours its diagnostics: bold red for errors,
 * yellow for warnings.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#define SGR_ERROR "\033[01;31m"
#define SGR_WARNING "\033[00;33m"
#define SGR_RESET "\033[m"

int log_verbose;
int log_no_warnings;
const char *log_program = "systemtap";
static int log_color;

int log_set_color(const char *when)
{
	const char *term = getenv("TERM");

	if (!strcmp(when, "always"))
		log_color = 1;
	else if (!strcmp(when, "never"))
		log_color = 0;
	else if (!strcmp(when, "auto"))
		log_color = isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
	else
		return -1;
	return 0;
}

/* The prefix as written: "ERROR: " or its coloured form. */
static void colored_prefix(char *buf, size_t len, const char *word, const char *sgr)
{
	if (log_color)
		snprintf(buf, len, "%s%s:%s ", sgr, word, SGR_RESET);
	else
		snprintf(buf, len, "%s: ", word);
}

static void log_line(const char *prefix, const char *fmt, va_list ap)
{
	char buf[2048];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "%s", prefix);
	int m = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);

	if (m < 0)
		return;
	n += (size_t)m;
	if (n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, n) < 0)
		return; /* nowhere left to report it */
}

void log_error(const char *fmt, ...)
{
	char prefix[32];
	va_list ap;

	colored_prefix(prefix, sizeof(prefix), "ERROR", SGR_ERROR);
	va_start(ap, fmt);
	log_line(prefix, fmt, ap);
	va_end(ap);
}

void log_warning(const char *fmt, ...)
{
	char prefix[32];
	va_list ap;

	if (log_no_warnings)
		return;
	colored_prefix(prefix, sizeof(prefix), "WARNING", SGR_WARNING);
	va_start(ap, fmt);
	log_line(prefix, fmt, ap);
	va_end(ap);
}

void log_progress(int level, const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < level)
		return;
	va_start(ap, fmt);
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "%s: ", log_program);
	log_line(prefix, fmt, ap);
	va_end(ap);
}

int log_module_text(const char *text, size_t len)
{
	static const struct {
		const char *word;
		const char *sgr;
	} kinds[] = { { "ERROR", SGR_ERROR }, { "WARNING", SGR_WARNING } };
	char buf[4096];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t w = strlen(kinds[i].word);

		if (len <= w + 1 || strncmp(text, kinds[i].word, w) || text[w] != ':' ||
		    text[w + 1] != ' ')
			continue;
		if (log_no_warnings && i == 1)
			return 0;
		if (!log_color)
			break;
		n = (size_t)snprintf(buf, sizeof(buf), "%s%s:%s", kinds[i].sgr, kinds[i].word,
				     SGR_RESET);
		text += w + 1;
		len -= w + 1;
		break;
	}
	if (len > sizeof(buf) - n)
		len = sizeof(buf) - n;
	memcpy(buf + n, text, len);
	n += len;
	return n > 0 && write(STDERR_FILENO, buf, n) < 0 ? -1 : 0;
}
