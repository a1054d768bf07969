// SPDX-License-Identifier: GPL-2.0
/*
 * embedded.c - helpers for embedded C in scripts and tapsets
 * (stap_embedded.h): STAP_PRINTF, and _stp_dbug's kernel log lines.
 *
 * The text is formatted straight into the sink with vsnprintf(), so no
 * buffer on the kernel stack; when it does not fit, a print buffer is
 * flushed once and the text formatted again, and what still does not fit
 * is cut.  Probe context: no sleeping, no allocation.
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "stp_internal.h"
#include "stap_embedded.h"

notrace void stp_printf(struct stp_out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	if (!o->full) {
		/* a string: the byte after cap holds the NUL */
		va_start(ap, fmt);
		n = vsnprintf(o->buf + o->len, o->cap - o->len + 1, fmt, ap);
		va_end(ap);
		if (n > 0)
			o->len += min_t(size_t, (size_t)n, o->cap - o->len);
		return;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		room = o->cap - o->len;
		if (room > 1) {
			/* vsnprintf() also writes a NUL, past the text: room - 1 bytes fit */
			va_start(ap, fmt);
			n = vsnprintf(o->buf + o->len, room, fmt, ap);
			va_end(ap);
			if (n < 0)
				return;
			if ((size_t)n < room) {
				o->len += (size_t)n;
				return;
			}
		}
		if (attempt == 0 && o->len) {
			o->full(o);
			continue;
		}
		if (room > 1)
			o->len += room - 1;     /* cut */
		return;
	}
}
STP_NOKPROBE(stp_printf);

/**
 * _stp_dbug - "FUNC:LINE: message" in the kernel log at KERN_DEBUG.
 * @func: the caller's function name
 * @line: the caller's line
 * @fmt: printf format of the message (a newline is added)
 */
notrace void _stp_dbug(const char *func, int line, const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	printk(KERN_DEBUG "%s:%d: %pV\n", func, line, &vaf);
	va_end(ap);
}
STP_NOKPROBE(_stp_dbug);
