/*
 * format.c - splits a printf format into literal runs and conversions
 * (%[flags][width][.precision]conv, '*' allowed for width and precision) and
 * records the type each argument must have: %s a string, every other
 * conversion (%m and %M take an address) and every '*' a long.  Width and precision are capped so a
 * hostile format cannot ask the runtime for absurd padding.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "format.h"

#define FORMAT_MAX_PIECES 256
#define FORMAT_MAX_WIDTH 1024

static int parse_count(const char **p)
{
	int v = 0;

	while (**p >= '0' && **p <= '9') {
		if (v <= FORMAT_MAX_WIDTH)
			v = v * 10 + (**p - '0');
		(*p)++;
	}
	return v;
}

struct format *format_parse(const char *fmt, const char **err)
{
	struct format *f = arena_alloc(sizeof *f);
	enum type types[FORMAT_MAX_PIECES * 3];
	const char *p = fmt;

	f->pieces = arena_alloc(sizeof *f->pieces * FORMAT_MAX_PIECES);
	while (*p) {
		struct format_piece *pc;

		if (f->n >= FORMAT_MAX_PIECES) {
			*err = "format string too long (limit is 256 pieces)";
			return NULL;
		}
		pc = &f->pieces[f->n];
		if (*p != '%' || p[1] == '%') {
			const char *start = p;

			if (*p == '%') {      /* "%%" prints one '%' */
				pc->literal = true;
				pc->text = p + 1;
				pc->len = 1;
				p += 2;
				f->n++;
				continue;
			}
			while (*p && *p != '%')
				p++;
			pc->literal = true;
			pc->text = start;
			pc->len = (size_t)(p - start);
			f->n++;
			continue;
		}
		p++;
		for (;; p++) {
			if (*p == '-')
				pc->flags |= FMT_LEFT;
			else if (*p == '+')
				pc->flags |= FMT_PLUS;
			else if (*p == ' ')
				pc->flags |= FMT_SPACE;
			else if (*p == '#')
				pc->flags |= FMT_ALT;
			else if (*p == '0')
				pc->flags |= FMT_ZERO;
			else
				break;
		}
		pc->width = pc->precision = -1;
		if (*p == '*') {
			pc->width_star = true;
			types[f->nargs++] = TYPE_LONG;
			p++;
		} else if (*p >= '1' && *p <= '9') {
			pc->width = parse_count(&p);
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				pc->precision_star = true;
				types[f->nargs++] = TYPE_LONG;
				p++;
			} else {
				pc->precision = parse_count(&p);
			}
		}
		if (pc->width > FORMAT_MAX_WIDTH || pc->precision > FORMAT_MAX_WIDTH) {
			*err = "format width or precision too large (limit is 1024)";
			return NULL;
		}
		/* length modifiers are accepted and ignored: every long is 64 bits */
		while (*p == 'l' || *p == 'h' || *p == 'L' || *p == 'j' || *p == 'z' || *p == 't')
			p++;
		switch (*p) {
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c': case 'p': case 'b':
		case 'm': case 'M':
			types[f->nargs++] = TYPE_LONG;
			break;
		case 's':
			types[f->nargs++] = TYPE_STRING;
			break;
		case '\0':
			*err = "incomplete conversion at the end of the format";
			return NULL;
		default:
			*err = "invalid or unsupported format conversion";
			return NULL;
		}
		if (*p == 'm' || *p == 'M')
			f->has_mem = true;
		pc->conv = *p++;
		f->n++;
	}
	f->arg_types = arena_alloc(sizeof *f->arg_types * (size_t)(f->nargs + 1));
	memcpy(f->arg_types, types, sizeof *types * (size_t)f->nargs);
	return f;
}
