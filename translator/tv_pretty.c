/*
 * tv_pretty.c - pass 2: the layouts behind pretty printing ($x$, $x$$,
 * $$parms$, $$vars$, $$return$).  From the value's type (tv_backend.h) it
 * works out, at translate time, which members to read at which offsets and
 * how to print each one, as upstream prints them: a struct or union as
 * `{.a=1, .b=0xffff..., .c={...}, .d=[...]}`, signed integers in decimal,
 * unsigned ones unsigned, pointers as %p, chars quoted ('x'), char arrays
 * and char pointers as quoted strings; anonymous members are shown among
 * their parent's.  `$` expands one level (nested structs and arrays are
 * `{...}` and `[...]`), `$$` every level.  Pointers inside a value are not
 * followed (only a pointer to a struct at the top is).
 *
 * The result is one string in a small layout language that the runtime
 * interprets (runtime/tv_pretty.c), so the generated C stays one call:
 *   text        copied as it is ("%%" is a '%')
 *   %*;         (first) the base is a pointer to the value: "NULL" when 0
 *   %K[N]SRC;   one value; K: i signed, u unsigned, p pointer, c char,
 *               s char array of N bytes, S char pointer;
 *               SRC: '=' the base itself (a register value), or
 *               '@OFF' N bytes at base+OFF, '@OFF:SHIFT:WIDTH' a bitfield
 *
 * A pretty print reads at most PRETTY_MAX_ITEMS values and shows at most
 * PRETTY_MAX_ELEMS elements of an array; what is left out is "...".  The
 * runtime also stops at MAXSTRINGLEN, the most a string holds.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "tv_pretty.h"

#define PRETTY_MAX_ITEMS 256
#define PRETTY_MAX_ELEMS 32
/* Nesting of embedded structs and arrays expanded by $$ */
#define PRETTY_MAX_DEPTH 16

struct pretty {
	const struct tv_backend_ops *ops;
	struct tv_backend *b;
	struct buf out;
	int items;
	bool cut;               /* the budget ran out: "..." written */
	bool deep;              /* $$ */
};

/* T is char, signed char or unsigned char (u8 and friends included). */
static bool is_char(struct pretty *p, const struct tv_type *t)
{
	struct tv_type bare = *t;
	const char *n;

	if (t->kind != TV_INT || t->size != 1)
		return false;
	bare.named_id = bare.id;
	n = p->ops->type_name(p->b, &bare);
	return strcmp(n, "char") == 0 || strcmp(n, "signed char") == 0 ||
	       strcmp(n, "unsigned char") == 0;
}

/* T points to (or is an array of) chars. */
static bool of_chars(struct pretty *p, const struct tv_type *t)
{
	struct tv_type elem;

	return p->ops->target(p->b, t, &elem) && is_char(p, &elem);
}

/* Room for one more member or element; else "..." once (after SEP). */
static bool room(struct pretty *p, const char *sep)
{
	if (p->cut)
		return false;
	if (p->items < PRETTY_MAX_ITEMS)
		return true;
	buf_printf(&p->out, "%s...", sep);
	p->cut = true;
	return false;
}

static void directive(struct pretty *p, char kind, uint32_t size, uint64_t bit_off,
		      uint32_t bit_size)
{
	p->items++;
	buf_printf(&p->out, "%%%c", kind);
	if (size)
		buf_printf(&p->out, "%" PRIu32, size);
	buf_printf(&p->out, "@%" PRIu64, bit_off / 8);
	if (bit_size)
		buf_printf(&p->out, ":%u:%" PRIu32, (unsigned)(bit_off % 8), bit_size);
	buf_puts(&p->out, ";");
}

static void value_at(struct pretty *p, const struct tv_type *t, uint64_t bit_off,
		     uint32_t bit_size, int level);

/* The members of AGG at BIT_OFF, anonymous ones' among them. */
static void members_at(struct pretty *p, const struct tv_type *agg, uint64_t bit_off,
		       int level, bool *first)
{
	struct tv_member m;

	for (int i = 0; p->ops->member_at(p->b, agg, i, &m); i++) {
		uint64_t off = bit_off + m.bit_offset;

		if (!*m.name) {
			if (m.type.kind == TV_STRUCT || m.type.kind == TV_UNION)
				members_at(p, &m.type, off, level, first);
			continue;       /* else unnamed padding bits */
		}
		if (!room(p, *first ? "" : ", "))
			return;
		buf_printf(&p->out, "%s.%s=", *first ? "" : ", ", m.name);
		*first = false;
		value_at(p, &m.type, off, m.bit_size, level + 1);
	}
}

static void elements_at(struct pretty *p, const struct tv_type *arr, uint64_t bit_off, int level)
{
	struct tv_type elem;

	buf_puts(&p->out, "[");
	if (p->ops->target(p->b, arr, &elem) && elem.size) {
		for (uint32_t i = 0; i < arr->nelems; i++) {
			const char *sep = i ? ", " : "";

			if (i == PRETTY_MAX_ELEMS) {
				buf_printf(&p->out, "%s...", sep);
				break;
			}
			if (!room(p, sep))
				break;
			buf_puts(&p->out, sep);
			value_at(p, &elem, bit_off + (uint64_t)i * elem.size * 8, 0, level + 1);
		}
	}
	buf_puts(&p->out, "]");
}

/* A value of type T in memory at BIT_OFF from the base; LEVEL 0 is the
 * value printed, 1 its members... */
static void value_at(struct pretty *p, const struct tv_type *t, uint64_t bit_off,
		     uint32_t bit_size, int level)
{
	bool expand = level == 0 || (p->deep && level < PRETTY_MAX_DEPTH);
	uint32_t nbytes;

	switch (t->kind) {
	case TV_INT:
	case TV_ENUM:
		if (bit_size) {
			nbytes = (uint32_t)(bit_off % 8 + bit_size + 7) / 8;
			if (nbytes > 8)
				break;
			directive(p, t->is_signed ? 'i' : 'u', nbytes, bit_off, bit_size);
		} else if (t->size < 1 || t->size > 8) {
			break;
		} else {
			directive(p, is_char(p, t) ? 'c' : t->is_signed ? 'i' : 'u', t->size,
				  bit_off, 0);
		}
		return;
	case TV_PTR:
		directive(p, of_chars(p, t) ? 'S' : 'p', 0, bit_off, 0);
		return;
	case TV_STRUCT:
	case TV_UNION: {
		bool first = true;

		if (!expand) {
			buf_puts(&p->out, "{...}");
			return;
		}
		buf_puts(&p->out, "{");
		members_at(p, t, bit_off, level, &first);
		buf_puts(&p->out, "}");
		return;
	}
	case TV_ARRAY:
		if (of_chars(p, t) && t->nelems) {
			directive(p, 's', t->nelems, bit_off, 0);
			return;
		}
		if (!expand) {
			buf_puts(&p->out, "[...]");
			return;
		}
		elements_at(p, t, bit_off, level);
		return;
	case TV_VOID:
	case TV_FUNC:
	case TV_FLOAT:
	case TV_OTHER:
		break;
	}
	buf_puts(&p->out, "?");
}

const char *tv_pretty_layout(const struct tv_backend_ops *ops, struct tv_backend *b,
			     const struct tv_type *t, bool in_memory, bool deep)
{
	struct pretty p = { .ops = ops, .b = b, .deep = deep };
	struct tv_type target;
	const char *r;

	if (in_memory) {
		value_at(&p, t, 0, 0, 0);
	} else if (t->kind == TV_INT || t->kind == TV_ENUM) {
		buf_printf(&p.out, "%%%c=;", is_char(&p, t) ? 'c' : t->is_signed ? 'i' : 'u');
	} else if (t->kind == TV_PTR && ops->target(b, t, &target) &&
		   (target.kind == TV_STRUCT || target.kind == TV_UNION)) {
		buf_puts(&p.out, "%*;");
		value_at(&p, &target, 0, 0, 0);
	} else if (t->kind == TV_PTR) {
		buf_printf(&p.out, "%%%c=;", of_chars(&p, t) ? 'S' : 'p');
	} else {
		buf_puts(&p.out, "?");
	}
	r = arena_strdup(p.out.data ? p.out.data : "");
	buf_free(&p.out);
	return r;
}
