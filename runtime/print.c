// SPDX-License-Identifier: GPL-2.0
/*
 * print.c - per-cpu print buffers and the printf conversions of scripts.
 *
 * Each cpu has one print buffer of STP_PRINT_BUF_SIZE bytes, allocated at
 * module init.  A probe prints into its cpu's buffer; stp_run_probe() flushes
 * it to relay as one record when the probe ends, and the buffer's `full`
 * callback flushes it mid-probe so a large print is never lost.  String sinks
 * (STP_OUT_STRING) have no callback and truncate instead.
 *
 * The conversions are our own: integers in bases 8, 10 and 16 with the C
 * flags, width and precision, %c, %p (0x and 16 hex digits by default), %b
 * (the raw 1, 2, 4 or 8 bytes of the value), %#c (an escape for a
 * non-printable character), %s, and %m / %M (bytes of kernel memory, raw
 * or in hex, read with copy_from_kernel_nofault() so a bad address is a
 * soft error, not an oops).  Width and precision are
 * capped at STP_FMT_MAX_WIDTH so a single conversion stays bounded work.
 * Everything here may run in probe context: no sleeping, no allocation.
 */
#include <linux/minmax.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "stp_internal.h"

#define STP_FMT_MAX_WIDTH 4096

static struct stp_out __percpu *stp_print_outs;

static const char stp_spaces[] = "                                ";
static const char stp_zeros[] = "00000000000000000000000000000000";

static notrace void stp_print_full(struct stp_out *o)
{
	stp_print_flush(o);
}
STP_NOKPROBE(stp_print_full);

/**
 * stp_print_alloc() - allocate every cpu's print buffer (module init).
 *
 * Return: 0 or -ENOMEM.
 */
int stp_print_alloc(void)
{
	unsigned int cpu;

	stp_print_outs = alloc_percpu(struct stp_out);
	if (!stp_print_outs)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct stp_out *o = per_cpu_ptr(stp_print_outs, cpu);

		o->buf = kmalloc_node(STP_PRINT_BUF_SIZE, GFP_KERNEL, cpu_to_node(cpu));
		if (!o->buf) {
			stp_print_free();
			return -ENOMEM;
		}
		o->len = 0;
		o->cap = STP_PRINT_BUF_SIZE;
		o->full = stp_print_full;
	}
	return 0;
}

/**
 * stp_print_free() - free the print buffers.
 */
void stp_print_free(void)
{
	unsigned int cpu;

	if (!stp_print_outs)
		return;
	for_each_possible_cpu(cpu)
		kfree(per_cpu_ptr(stp_print_outs, cpu)->buf);
	free_percpu(stp_print_outs);
	stp_print_outs = NULL;
}

/**
 * stp_print_buffer() - the print buffer of a cpu.
 * @cpu: a possible cpu.
 */
struct stp_out *stp_print_buffer(unsigned int cpu)
{
	return per_cpu_ptr(stp_print_outs, cpu);
}

/**
 * stp_print_flush() - write a print buffer's bytes to relay as one record.
 * @o: a print buffer, used on its own cpu.
 */
notrace void stp_print_flush(struct stp_out *o)
{
	if (o->len) {
		stp_relay_write(o->buf, o->len);
		o->len = 0;
	}
}
STP_NOKPROBE(stp_print_flush);

/**
 * stp_out_write() - append bytes to a sink.
 * @o: the sink.
 * @s: the bytes.
 * @n: how many.
 *
 * A print buffer flushes when full; a string sink truncates.
 */
notrace void stp_out_write(struct stp_out *o, const char *s, size_t n)
{
	while (n) {
		size_t room = o->cap - o->len;
		size_t k;

		if (!room) {
			if (!o->full)
				return;
			o->full(o);
			room = o->cap - o->len;
			if (!room)
				return;
		}
		k = min(n, room);
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}
STP_NOKPROBE(stp_out_write);

/**
 * stp_out_cstr() - append a NUL-terminated string.
 * @o: the sink.
 * @s: the string.
 */
notrace void stp_out_cstr(struct stp_out *o, const char *s)
{
	stp_out_write(o, s, strlen(s));
}
STP_NOKPROBE(stp_out_cstr);

/* n copies of ' ' or '0'. */
static notrace void stp_out_fill(struct stp_out *o, char ch, int n)
{
	const char *src = ch == '0' ? stp_zeros : stp_spaces;

	while (n > 0) {
		int k = min_t(int, n, sizeof(stp_spaces) - 1);

		stp_out_write(o, src, k);
		n -= k;
	}
}
STP_NOKPROBE(stp_out_fill);

static notrace int stp_fmt_bound(int v)
{
	return v < 0 ? -1 : min(v, STP_FMT_MAX_WIDTH);
}
STP_NOKPROBE(stp_fmt_bound);

static notrace void stp_out_char(struct stp_out *o, const struct stp_fmt *f, char ch)
{
	int pad = stp_fmt_bound(f->width) - 1;

	if (!(f->flags & STP_FMT_LEFT))
		stp_out_fill(o, ' ', pad);
	stp_out_write(o, &ch, 1);
	if (f->flags & STP_FMT_LEFT)
		stp_out_fill(o, ' ', pad);
}
STP_NOKPROBE(stp_out_char);

/* %b: the value's low 1, 2, 4 or 8 bytes, in the machine's byte order. */
static notrace void stp_out_binary(struct stp_out *o, const struct stp_fmt *f, s64 v)
{
	u8 b8 = v;
	u16 b16 = v;
	u32 b32 = v;
	u64 b64 = v;

	switch (f->width) {
	case 1:
		stp_out_write(o, (const char *)&b8, 1);
		break;
	case 2:
		stp_out_write(o, (const char *)&b16, 2);
		break;
	case 4:
		stp_out_write(o, (const char *)&b32, 4);
		break;
	default:
		stp_out_write(o, (const char *)&b64, 8);
		break;
	}
}
STP_NOKPROBE(stp_out_binary);

/**
 * stp_out_long() - one integer conversion (%d %i %u %x %X %o %p %c %b).
 * @o: the sink.
 * @f: the conversion, with flags, width and precision.
 * @v: the value.
 */
notrace void stp_out_long(struct stp_out *o, const struct stp_fmt *f, s64 v)
{
	static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";
	const char *digit_chars = lower;
	int width = stp_fmt_bound(f->width), prec = stp_fmt_bound(f->precision);
	unsigned int flags = f->flags, base = 10;
	char digits[24], prefix[2];
	int ndigits = 0, nprefix = 0, zeros, pad;
	bool is_signed = false;
	u64 u = v;

	switch (f->conv) {
	case 'c':
		if (f->flags & STP_FMT_ALT)
			stp_out_char_escaped(o, f, v);
		else
			stp_out_char(o, f, (char)v);
		return;
	case 'b':
		stp_out_binary(o, f, v);
		return;
	case 'x':
		base = 16;
		break;
	case 'X':
		base = 16;
		digit_chars = upper;
		break;
	case 'o':
		base = 8;
		break;
	case 'p':
		base = 16;
		flags |= STP_FMT_ALT;
		if (width < 0) {
			width = 2 + 2 * sizeof(void *);
			flags |= STP_FMT_ZERO;
		}
		break;
	case 'u':
		break;
	default:        /* 'd', 'i' */
		is_signed = true;
		break;
	}

	if (is_signed) {
		if (v < 0) {
			prefix[nprefix++] = '-';
			u = 0 - (u64)v;
		} else if (flags & STP_FMT_PLUS) {
			prefix[nprefix++] = '+';
		} else if (flags & STP_FMT_SPACE) {
			prefix[nprefix++] = ' ';
		}
	} else if ((flags & STP_FMT_ALT) && base == 16 && (u || f->conv == 'p')) {
		prefix[nprefix++] = '0';
		prefix[nprefix++] = f->conv == 'X' ? 'X' : 'x';
	}

	if (!(u == 0 && prec == 0)) {
		do {
			digits[ndigits++] = digit_chars[u % base];
			u /= base;
		} while (u);
	}
	/* %#o: the first digit printed is a 0 */
	if (base == 8 && (flags & STP_FMT_ALT) &&
	    (ndigits == 0 || digits[ndigits - 1] != '0') && prec <= ndigits)
		prec = ndigits + 1;

	zeros = prec > ndigits ? prec - ndigits : 0;
	pad = width - (nprefix + zeros + ndigits);
	if ((flags & STP_FMT_ZERO) && !(flags & STP_FMT_LEFT) &&
	    (prec < 0 || f->conv == 'p') && pad > 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(flags & STP_FMT_LEFT))
		stp_out_fill(o, ' ', pad);
	stp_out_write(o, prefix, nprefix);
	stp_out_fill(o, '0', zeros);
	while (ndigits > 0)
		stp_out_write(o, &digits[--ndigits], 1);
	if (flags & STP_FMT_LEFT)
		stp_out_fill(o, ' ', pad);
}
STP_NOKPROBE(stp_out_long);

/**
 * stp_out_str() - one %s conversion.
 * @o: the sink.
 * @f: the conversion; precision limits the bytes taken from @s.
 * @s: the string (at most MAXSTRINGLEN bytes are read), or NULL for "".
 */
notrace void stp_out_str(struct stp_out *o, const struct stp_fmt *f, const char *s)
{
	int width = stp_fmt_bound(f->width), prec = stp_fmt_bound(f->precision);
	size_t len = s ? strnlen(s, MAXSTRINGLEN) : 0;
	int pad;

	if (prec >= 0 && len > (size_t)prec)
		len = prec;
	pad = width - (int)len;
	if (!(f->flags & STP_FMT_LEFT))
		stp_out_fill(o, ' ', pad);
	if (len)
		stp_out_write(o, s, len);
	if (f->flags & STP_FMT_LEFT)
		stp_out_fill(o, ' ', pad);
}
STP_NOKPROBE(stp_out_str);

/**
 * stp_out_decimal() - a plain signed decimal.
 * @o: the sink.
 * @v: the value.
 */
notrace void stp_out_decimal(struct stp_out *o, s64 v)
{
	static const struct stp_fmt d = { .conv = 'd', .width = -1, .precision = -1 };

	stp_out_long(o, &d, v);
}
STP_NOKPROBE(stp_out_decimal);

/**
 * stp_out_char_escaped() - %#c: a character, escaped when not printable.
 * @o: the sink.
 * @f: the conversion (width and '-' apply to the whole escape).
 * @v: the character.
 */
notrace void stp_out_char_escaped(struct stp_out *o, const struct stp_fmt *f, s64 v)
{
	unsigned char ch = v;
	char buf[4] = { '\\', 0, 0, 0 };
	int len = 2, pad;

	if (ch >= '\a' && ch <= '\r') {
		buf[1] = "abtnvfr"[ch - '\a'];
	} else if (ch == '\\' || ch == '\'' || ch == '"') {
		buf[1] = ch;
	} else if (ch >= 0x20 && ch < 0x7f) {
		buf[0] = ch;
		len = 1;
	} else {
		buf[1] = '0' + (ch >> 6);
		buf[2] = '0' + ((ch >> 3) & 7);
		buf[3] = '0' + (ch & 7);
		len = 4;
	}
	pad = stp_fmt_bound(f->width) - len;
	if (!(f->flags & STP_FMT_LEFT))
		stp_out_fill(o, ' ', pad);
	stp_out_write(o, buf, len);
	if (f->flags & STP_FMT_LEFT)
		stp_out_fill(o, ' ', pad);
}
STP_NOKPROBE(stp_out_char_escaped);

/**
 * stp_out_mem() - %m / %M: bytes of kernel memory.
 * @c: the probe context, for a fault.
 * @o: the sink.
 * @f: the conversion: precision is the byte count (default 1, at most
 *     STP_FMT_MAX_WIDTH), width pads on the left (or right with '-').
 * @addr: the kernel address.
 * @near: where, for the error.
 *
 * The bytes are copied first, in chunks, so a fault prints nothing.
 */
notrace void stp_out_mem(struct stp_context *c, struct stp_out *o, const struct stp_fmt *f,
			 unsigned long addr, const char *near)
{
	static const char hex[] = "0123456789abcdef";
	int n = f->precision < 0 ? 1 : stp_fmt_bound(f->precision);
	int outlen = f->conv == 'M' ? 2 * n : n, pad = stp_fmt_bound(f->width) - outlen;
	char chunk[64], hexbuf[128];
	int done, k, i;

	for (done = 0; done < n; done += k) {
		k = min_t(int, n - done, sizeof(chunk));
		if (copy_from_kernel_nofault(chunk, (const void *)(addr + done), k))
			goto fault;
	}
	if (!(f->flags & STP_FMT_LEFT))
		stp_out_fill(o, ' ', pad);
	for (done = 0; done < n; done += k) {
		k = min_t(int, n - done, sizeof(chunk));
		if (copy_from_kernel_nofault(chunk, (const void *)(addr + done), k))
			memset(chunk, 0, k);    /* changed under us: keep the width */
		if (f->conv != 'M') {
			stp_out_write(o, chunk, k);
			continue;
		}
		for (i = 0; i < k; i++) {
			hexbuf[2 * i] = hex[(u8)chunk[i] >> 4];
			hexbuf[2 * i + 1] = hex[(u8)chunk[i] & 15];
		}
		stp_out_write(o, hexbuf, 2 * k);
	}
	if (f->flags & STP_FMT_LEFT)
		stp_out_fill(o, ' ', pad);
	return;
fault:
	{
		char *msg = stp_error_buf();

		snprintf(msg, STP_ERROR_BUF_SIZE, "kernel read fault at 0x%lx", addr + done);
		stp_error(c, msg, near);
	}
}
STP_NOKPROBE(stp_out_mem);
