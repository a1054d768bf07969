/*
 * log.c - staprun's and stapio's diagnostics on stderr.
 *
 * Each message is formatted into one buffer and written with a single
 * write(2), so lines from stapio, the module's OOB text and a -c command's
 * own stderr do not interleave mid-line.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

int log_verbose;
const char *log_program = "systemtap";

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
	va_list ap;

	va_start(ap, fmt);
	log_line("ERROR: ", fmt, ap);
	va_end(ap);
}

void log_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("WARNING: ", fmt, ap);
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
