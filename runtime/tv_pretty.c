// SPDX-License-Identifier: GPL-2.0
/*
 * tv_pretty.c - pretty printing of target variables ($x$, $x$$, $$parms$):
 * the translator worked out from BTF which members to read and how to print
 * each (translator/tv_pretty.c describes the layout string); this walks the
 * layout once, reading every value with a non-faulting read.  A member
 * that cannot be read is the soft error "kernel read fault at 0x...", as
 * for any target variable; a string that cannot be read prints its address,
 * as kernel_string_quoted() does.  The result is cut at MAXSTRINGLEN.
 */
#include <linux/percpu.h>
#include <linux/uaccess.h>

#include "stp_internal.h"
#include "stap_runtime.h"
#include "stap_tapset.h"

/* Strings read for one print: probes do not nest on a cpu. */
struct stp_tv_pretty_scratch {
	char raw[MAXSTRINGLEN];
	char quoted[MAXSTRINGLEN];
};
static DEFINE_PER_CPU(struct stp_tv_pretty_scratch, stp_tv_pretty_scratch);

/* One directive after its '%': kind, size, where. */
struct stp_tv_item {
	char kind;
	u64 size;
	bool is_base;                  /* '=': the base itself */
	u64 off, shift, width;         /* '@OFF[:SHIFT:WIDTH]' */
};

static const char *stp_tv_number(const char *p, u64 *out)
{
	u64 v = 0;

	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9') {
		if (v > (U64_MAX - 9) / 10)
			return NULL;
		v = v * 10 + (u64)(*p++ - '0');
	}
	*out = v;
	return p;
}

/* Parses the directive at P (after '%'); returns what follows its ';'. */
static const char *stp_tv_parse_item(const char *p, struct stp_tv_item *it)
{
	*it = (struct stp_tv_item){ .kind = *p++ };
	if (*p >= '0' && *p <= '9' && !(p = stp_tv_number(p, &it->size)))
		return NULL;
	if (*p == '=') {
		it->is_base = true;
		p++;
	} else if (*p == '@') {
		if (!(p = stp_tv_number(p + 1, &it->off)))
			return NULL;
		if (*p == ':') {
			if (!(p = stp_tv_number(p + 1, &it->shift)) || *p != ':' ||
			    !(p = stp_tv_number(p + 1, &it->width)))
				return NULL;
			if (it->shift > 7 || it->width < 1 || it->width > 64)
				return NULL;
		}
	} else {
		return NULL;
	}
	return *p == ';' ? p + 1 : NULL;
}

static bool stp_tv_fault(struct stp_context *c, unsigned long addr, const char *near)
{
	char *msg = stp_error_buf();

	snprintf(msg, STP_ERROR_BUF_SIZE, "kernel read fault at 0x%lx", addr);
	stp_error(c, msg, near);
	return false;
}

/* The integer IT names, widened as its kind says. */
static bool stp_tv_item_value(struct stp_context *c, const struct stp_tv_item *it, s64 base,
			      s64 *v, const char *near)
{
	unsigned long addr = (unsigned long)base + (unsigned long)it->off;
	u64 raw = 0;
	unsigned int bits;

	if (it->is_base) {
		*v = base;
		return true;
	}
	if (it->size < 1 || it->size > 8)
		return false;
	if (copy_from_kernel_nofault(&raw, (const void *)addr, (size_t)it->size))
		return stp_tv_fault(c, addr, near);
	bits = it->width ? (unsigned int)it->width : 8 * (unsigned int)it->size;
	raw >>= it->shift;
	if (bits < 64)
		raw &= (1ULL << bits) - 1;
	*v = it->kind == 'i' ? stp_tv_sext((s64)raw, bits) : (s64)raw;
	return true;
}

/* A string at ADDR (at most MAX bytes; negative: no limit) quoted, or its
 * address when unreadable. */
static void stp_tv_out_string(struct stp_out *o, unsigned long addr, s64 max)
{
	struct stp_tv_pretty_scratch *s = this_cpu_ptr(&stp_tv_pretty_scratch);
	static const struct stp_fmt hex = { .conv = 'x', .flags = STP_FMT_ALT, .width = -1,
					    .precision = -1 };

	if (stp_kernel_string(s->raw, addr, max)) {
		stp_out_long(o, &hex, (s64)addr);
		return;
	}
	stp_string_quoted(s->quoted, s->raw);
	stp_out_cstr(o, s->quoted);
}

static bool stp_tv_out_item(struct stp_context *c, struct stp_out *o,
			    const struct stp_tv_item *it, s64 base, const char *near)
{
	struct stp_fmt f = { .width = -1, .precision = -1 };
	s64 v = 0;

	switch (it->kind) {
	case 's':
		if (it->is_base)
			return false;
		stp_tv_out_string(o, (unsigned long)base + (unsigned long)it->off,
				  (s64)min_t(u64, it->size, MAXSTRINGLEN - 1));
		return true;
	case 'S':
	case 'p':
		if (!it->is_base && (it->size || it->width))
			return false;
		if (!it->is_base) {
			struct stp_tv_item ptr = *it;

			ptr.size = 8;
			if (!stp_tv_item_value(c, &ptr, base, &v, near))
				return false;
		} else {
			v = base;
		}
		if (it->kind == 'S' && v) {
			stp_tv_out_string(o, (unsigned long)v, -1);
		} else if (it->kind == 'S') {
			stp_out_cstr(o, "NULL");
		} else {
			f.conv = 'p';
			stp_out_long(o, &f, v);
		}
		return true;
	case 'i':
	case 'u':
	case 'c':
		if (!stp_tv_item_value(c, it, base, &v, near))
			return false;
		if (it->kind == 'c') {
			f.conv = 'c';
			stp_out_write(o, "'", 1);
			stp_out_char_escaped(o, &f, v);
			stp_out_write(o, "'", 1);
		} else {
			f.conv = it->kind == 'i' ? 'd' : 'u';
			stp_out_long(o, &f, v);
		}
		return true;
	}
	return false;
}

/**
 * stp_tv_pretty() - a target variable pretty printed after its layout.
 * @c: probe context.
 * @dst: the result (MAXSTRINGLEN).
 * @base: the value's address, or the value itself (see @layout).
 * @layout: what to read and print (translator/tv_pretty.c).
 * @near: script location for an error.
 *
 * A fault is a soft error; @dst then holds what was printed before it.
 */
notrace void stp_tv_pretty(struct stp_context *c, char *dst, s64 base, const char *layout,
			   const char *near)
{
	struct stp_out o = STP_OUT_STRING(dst);
	const char *p = layout;

	if (strncmp(p, "%*;", 3) == 0) {
		p += 3;
		if (!base) {
			stp_out_cstr(&o, "NULL");
			p = "";
		}
	}
	while (*p && o.len < o.cap && !c->last_error) {
		const char *pct = strchr(p, '%');
		struct stp_tv_item it;

		if (pct != p) {
			size_t n = pct ? (size_t)(pct - p) : strlen(p);

			stp_out_write(&o, p, n);
			p += n;
			continue;
		}
		if (p[1] == '%') {
			stp_out_write(&o, "%", 1);
			p += 2;
			continue;
		}
		p = stp_tv_parse_item(p + 1, &it);
		if (!p || !stp_tv_out_item(c, &o, &it, base, near)) {
			if (!c->last_error)
				stp_error(c, "bad pretty-print layout", near);
			break;
		}
	}
	stp_out_end_string(&o);
}
STP_NOKPROBE(stp_tv_pretty);
