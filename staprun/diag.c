/*
 * diag.c - staprun's diagnostics, one write(2) per line on stderr.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "diag.h"

int diag_verbose;

static void diag_line(const char *prefix, const char *fmt, va_list ap)
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

void diag_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_line("ERROR: ", fmt, ap);
	va_end(ap);
}

void diag_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_line("WARNING: ", fmt, ap);
	va_end(ap);
}

void diag_progress(const char *fmt, ...)
{
	va_list ap;

	if (!diag_verbose)
		return;
	va_start(ap, fmt);
	diag_line("staprun: ", fmt, ap);
	va_end(ap);
}
