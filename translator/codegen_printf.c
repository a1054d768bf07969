/*
 * codegen_printf.c - printf and sprintf compiled at translate time: the
 * format (parsed by format.c) becomes one stp_out_write per literal run and
 * one stp_out_long/stp_out_str per conversion with a constant struct
 * stp_fmt, so the kernel never interprets a format string.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "codegen.h"

const char *c_string_literal(const char *s, size_t n)
{
	struct buf b = { 0 };
	const char *r;

	buf_quote(&b, s, n, C_ESCAPE_C_SOURCE);
	r = arena_strdup(b.data);
	buf_free(&b);
	return r;
}

const char *c_comment_text(const char *s)
{
	const char *lit = c_string_literal(s, strlen(s));
	struct buf b = { 0 };
	const char *r;

	for (const char *p = lit; *p; p++) {
		buf_add(&b, p, 1);
		/* keep the comment open, and -Wcomment quiet */
		if ((p[0] == '*' && p[1] == '/') || (p[0] == '/' && p[1] == '*'))
			buf_puts(&b, "\\");
	}
	r = arena_strdup(b.data);
	buf_free(&b);
	return r;
}

static void flags_text(char *out, size_t n, unsigned flags)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ FMT_LEFT, "STP_FMT_LEFT" }, { FMT_PLUS, "STP_FMT_PLUS" },
		{ FMT_SPACE, "STP_FMT_SPACE" }, { FMT_ALT, "STP_FMT_ALT" },
		{ FMT_ZERO, "STP_FMT_ZERO" },
	};
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(flags & names[i].bit))
			continue;
		len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " | " : "", names[i].name);
	}
	if (!len)
		snprintf(out, n, "0");
}

void codegen_format(struct buf *out, const char *indent, const char *sink,
		    const struct format *f, const char *const *args, const char *near)
{
	int a = 0;

	for (int i = 0; i < f->n; i++) {
		const struct format_piece *p = &f->pieces[i];
		char flags[128];
		const char *width = "0", *precision = "0", *fmt, *call;

		if (p->literal) {
			buf_printf(out, "%sstp_out_write(%s, %s, %zu);\n", indent, sink,
				   c_string_literal(p->text, p->len), p->len);
			continue;
		}
		flags_text(flags, sizeof flags, p->flags);
		if (p->width_star)
			width = args[a++];
		if (p->precision_star)
			precision = args[a++];
		fmt = arena_printf("{ '%c', %s, %d, %d }", p->conv, flags, p->width, p->precision);
		if (p->conv == 's')
			call = arena_printf("stp_out_str(%s, &f, %s)", sink, args[a]);
		else if (p->conv == 'm' || p->conv == 'M')
			call = arena_printf("stp_out_mem(c, %s, &f, (unsigned long)%s, %s)", sink, args[a],
					    near);
		else
			call = arena_printf("stp_out_long(%s, &f, %s)", sink, args[a]);
		a++;
		if (!p->width_star && !p->precision_star && p->conv != 'm' && p->conv != 'M') {
			buf_printf(out, "%sstp_out_%s(%s, &(const struct stp_fmt)%s, %s);\n", indent,
				   p->conv == 's' ? "str" : "long", sink, fmt, args[a - 1]);
			continue;
		}
		buf_printf(out, "%s{\n%s\tstruct stp_fmt f = %s;\n\n", indent, indent, fmt);
		if (p->width_star || p->precision_star)
			buf_printf(out, "%s\tstp_fmt_star(&f, %s, %s, %s, %s);\n", indent,
				   p->width_star ? "true" : "false", width,
				   p->precision_star ? "true" : "false", precision);
		buf_printf(out, "%s\t%s;\n%s}\n", indent, call, indent);
	}
}
