/*
 * target_vars.c - pass 2: target variables ($param, $return, $p->member,
 * $a[i], &$x->y, @cast(p, "type")->member, $$parms, @defined) lowered to
 * plain expressions before type inference.
 *
 * Every name, type, offset and size comes from the target kernel's types
 * (tv_backend.h: BTF) at translate time, so what reaches pass 3 is ordinary
 * arithmetic over a few runtime reads (runtime/target_vars.c): a parameter
 * is `tv.arg(N)` (x86_64: di, si, dx, cx, r8, r9, then the stack), a member
 * behind a pointer is `tv.read(ptr + offset, size)`, sign extension and
 * bitfields are `tv.sext` and `tv.bits`; arrays and embedded structs decay
 * to their address.  Each pointer hop is a fault-tolerant read whose soft
 * error names the address and the script location of the expression.
 *
 * A probe with several points whose body reads target variables is split
 * into one probe per point first: the same `$count` is a different register
 * and type in each function.  What only DWARF knows (locals, @var) is
 * refused with that reason.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "ast_copy.h"
#include "ast_walk.h"
#include "builtins.h"
#include "diag.h"
#include "probe_families.h"
#include "target_vars.h"
#include "tv_backend.h"
#include "tv_pretty.h"

#define NO_DWARF "needs the kernel's debuginfo (DWARF), not available here"
/* Parameters on x86_64: six registers, then 8-byte stack slots. */
#define MAX_PARAMS 64
/* Arguments of a tracepoint callback (runtime/tracepoints.c). */
#define MAX_TRACE_ARGS 12

struct tv_cx {
	const struct session *s;
	const struct tv_backend_ops *ops;
	struct tv_backend *b;
	bool tried;
	char why[1024];
	/* the probe being lowered (NULL in functions) */
	const struct probe_point *pp;
	bool ready;                   /* the fields below are set for PP */
	const char *no_vars;          /* why this context has no $vars, or NULL */
	const char *func;             /* the probed function */
	struct tv_param *params;
	int nparams;
	struct tv_type ret;
	bool is_trace;                /* kernel.trace: arguments from the tracepoint */
	bool is_return;
	bool at_entry;                /* lowering what a .return probe saves at entry */
	bool quiet;                   /* inside @defined(): failures are answers */
	/* .return probes: the expressions its entry handler saves, by slot
	 * (the longs' and the strings' slots are numbered apart) */
	struct saved_value {
		struct expr *x;
		bool is_str;
		int slot;
	} *saves;
	int nsaves, capsaves;
	int nlong_saves, nstr_saves;
	const struct program *prog;   /* its functions' declared types */
};

/* A target variable part way through its access chain: in memory at ADDR,
 * or (parameters) a register VALUE. */
struct tv_val {
	struct tv_type type;
	struct expr *addr;
	struct expr *value;
	uint32_t bit_off, bit_size;   /* bitfields, relative to ADDR */
};

/* ---- building nodes at the target expression's location ---- */

static struct expr *node(const struct expr *at, enum expr_kind kind)
{
	struct expr *e = arena_alloc(sizeof *e);

	e->kind = kind;
	e->loc = at->loc;
	e->what = at->what;
	e->depth = 1;
	return e;
}

static struct expr *num(const struct expr *at, int64_t v)
{
	struct expr *e = node(at, EXPR_NUMBER);

	e->num = v;
	return e;
}

static struct expr *str(const struct expr *at, const char *s)
{
	struct expr *e = node(at, EXPR_STRING);

	e->str = s;
	return e;
}

static struct expr *bin(const struct expr *at, enum op op, struct expr *l, struct expr *r)
{
	struct expr *e = node(at, EXPR_BINARY);

	e->binary.op = op;
	e->binary.left = l;
	e->binary.right = r;
	e->depth = (l->depth > r->depth ? l->depth : r->depth) + 1;
	return e;
}

static struct expr *call(const struct expr *at, const char *name, int n, struct expr **args)
{
	struct expr *e = node(at, EXPR_CALL);

	e->call.name = intern(name, strlen(name));
	e->call.nargs = n;
	e->call.args = arena_alloc(sizeof *e->call.args * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		e->call.args[i] = args[i];
		if (args[i]->depth + 1 > e->depth)
			e->depth = args[i]->depth + 1;
	}
	return e;
}

static struct expr *call1(const struct expr *at, const char *name, struct expr *a)
{
	return call(at, name, 1, &a);
}

static struct expr *call2(const struct expr *at, const char *name, struct expr *a, struct expr *b)
{
	struct expr *args[2] = { a, b };

	return call(at, name, 2, args);
}

static struct expr *call3(const struct expr *at, const char *name, struct expr *a, struct expr *b,
			  struct expr *c)
{
	struct expr *args[3] = { a, b, c };

	return call(at, name, 3, args);
}

static struct expr *plus(const struct expr *at, struct expr *a, uint64_t off)
{
	return off ? bin(at, OP_ADD, a, num(at, (int64_t)off)) : a;
}

/* ---- the backend ---- */

static bool backend(struct tv_cx *cx)
{
	if (!cx->tried) {
		cx->tried = true;
		cx->ops = &tv_backend_btf;
		cx->b = cx->ops->open(cx->s, cx->why, sizeof cx->why);
		if (cx->b && cx->s->verbose)
			fprintf(stderr, "Target variable types from %s\n", cx->ops->source(cx->b));
	}
	return cx->b != NULL;
}

static const char *tname(struct tv_cx *cx, const struct tv_type *t)
{
	return cx->ops->type_name(cx->b, t);
}

/* ---- values ---- */

/* V as a long: integers extended by their type, aggregates decayed. */
static struct expr *rvalue(struct tv_cx *cx, const struct expr *at, const struct tv_val *v,
			   const char **why)
{
	const struct tv_type *t = &v->type;
	struct expr *x;

	if (v->bit_size) {
		uint32_t nbytes = (v->bit_off % 8 + v->bit_size + 7) / 8;

		if (nbytes > 8) {
			*why = "bitfield spans more than 8 bytes";
			return NULL;
		}
		x = call2(at, "tv.read", plus(at, v->addr, v->bit_off / 8), num(at, nbytes));
		x = call3(at, "tv.bits", x, num(at, v->bit_off % 8), num(at, v->bit_size));
		if (t->is_signed)
			x = call2(at, "tv.sext", x, num(at, v->bit_size));
		return x;
	}
	switch (t->kind) {
	case TV_INT:
	case TV_ENUM:
	case TV_PTR:
		if (t->size < 1 || t->size > 8) {
			*why = arena_printf("cannot read a %u-byte integer (%s)", t->size,
					    tname(cx, t));
			return NULL;
		}
		if (v->addr)
			x = call2(at, "tv.read", v->addr, num(at, t->size));
		else if (t->size < 8 && !t->is_signed)
			x = call3(at, "tv.bits", v->value, num(at, 0), num(at, t->size * 8));
		else
			x = v->value;
		if (t->is_signed && t->size < 8)
			x = call2(at, "tv.sext", x, num(at, t->size * 8));
		return x;
	case TV_ARRAY:
	case TV_STRUCT:
	case TV_UNION:
		if (v->addr)
			return v->addr;
		*why = arena_printf("a %s passed by value is not supported", tname(cx, t));
		return NULL;
	case TV_VOID:
	case TV_FUNC:
	case TV_FLOAT:
	case TV_OTHER:
		break;
	}
	*why = arena_printf("cannot read a value of type %s", tname(cx, t));
	return NULL;
}

/* ->NAME on V (a pointer to, or an embedded, struct or union). */
static bool step_member(struct tv_cx *cx, const struct expr *at, struct tv_val *v,
			const char *name, const char **why)
{
	struct tv_type agg = v->type;
	struct expr *base = v->addr;
	struct tv_member m;

	if (v->bit_size) {
		*why = "a bitfield has no members";
		return false;
	}
	if (agg.kind == TV_PTR) {
		if (!cx->ops->target(cx->b, &v->type, &agg))
			return false;
		base = rvalue(cx, at, v, why);
		if (!base)
			return false;
	} else if ((agg.kind == TV_STRUCT || agg.kind == TV_UNION) && !base) {
		*why = arena_printf("a %s passed by value is not supported", tname(cx, &agg));
		return false;
	}
	if (agg.kind != TV_STRUCT && agg.kind != TV_UNION) {
		*why = arena_printf("'->%s' on %s, which is not a struct or union (or a pointer "
				    "to one)", name, tname(cx, &v->type));
		return false;
	}
	if (!cx->ops->member(cx->b, &agg, name, &m)) {
		*why = arena_printf("%s has no member '%s'", tname(cx, &agg), name);
		return false;
	}
	*v = (struct tv_val){ .type = m.type };
	if (m.bit_size) {
		v->addr = base;
		v->bit_off = (uint32_t)m.bit_offset;
		v->bit_size = m.bit_size;
		/* keep the read near the field */
		v->addr = plus(at, base, m.bit_offset / 8);
		v->bit_off = (uint32_t)(m.bit_offset % 8);
	} else {
		v->addr = plus(at, base, m.bit_offset / 8);
	}
	return true;
}

/* [IDX] on V (an array in memory, or a pointer). */
static bool step_index(struct tv_cx *cx, const struct expr *at, struct tv_val *v,
		       struct expr *idx, const char **why)
{
	struct tv_type elem;
	struct expr *base;

	if (v->bit_size || (v->type.kind != TV_ARRAY && v->type.kind != TV_PTR)) {
		*why = arena_printf("'[...]' on %s, which is not an array or pointer",
				    tname(cx, &v->type));
		return false;
	}
	if (!cx->ops->target(cx->b, &v->type, &elem))
		return false;
	if (elem.size == 0) {
		*why = arena_printf("cannot index %s: its elements have no size",
				    tname(cx, &v->type));
		return false;
	}
	if (v->type.kind == TV_ARRAY) {
		if (!v->addr) {
			*why = "an array passed by value is not supported";
			return false;
		}
		base = v->addr;
	} else {
		base = rvalue(cx, at, v, why);
		if (!base)
			return false;
	}
	*v = (struct tv_val){ .type = elem };
	v->addr = bin(at, OP_ADD, base, elem.size == 1 ? idx : bin(at, OP_MUL, idx, num(at, elem.size)));
	return true;
}

/* ---- values saved at a function's entry for its .return probe ---- */

#define MAX_ENTRY_SLOTS 64

/* Whether X is a string, as far as is known before type inference: a
 * literal, a concatenation, sprintf & co, a library function or a function
 * declared ':string' returning one. */
static bool is_string_expr(const struct tv_cx *cx, const struct expr *x)
{
	const struct builtin_desc *bd;
	const struct libfn *lib;

	switch (x->kind) {
	case EXPR_STRING:
	case EXPR_CONCAT:
		return true;
	case EXPR_TERNARY:
		return is_string_expr(cx, x->ternary.then);
	case EXPR_CALL:
		if ((bd = builtin_find(x->call.name)))
			return bd->b == BUILTIN_SPRINTF || bd->b == BUILTIN_SPRINT ||
			       bd->b == BUILTIN_SPRINTLN || bd->b == BUILTIN_SPRINTD ||
			       bd->b == BUILTIN_SPRINTDLN;
		if ((lib = libfn_find(x->call.name)))
			return lib->ret == TYPE_STRING;
		for (const struct function *f = cx->prog ? cx->prog->functions : NULL; f;
		     f = f->next)
			if (strcmp(f->name, x->call.name) == 0 && f->nparams == x->call.nargs)
				return f->declared == TYPE_STRING;
		return false;
	default:
		return false;
	}
}

/* tv.entry(SLOT) (or tv.entry_str) with X saved in SLOT by the entry
 * handler; NULL when full. */
static struct expr *saved(struct tv_cx *cx, const struct expr *at, struct expr *x,
			  const char **why)
{
	bool is_str = is_string_expr(cx, x);
	int slot;

	if (cx->nsaves >= MAX_ENTRY_SLOTS) {
		*why = arena_printf("too many values saved at entry (limit is %d)",
				    MAX_ENTRY_SLOTS);
		return NULL;
	}
	if (cx->nsaves == cx->capsaves) {
		struct saved_value *n;

		cx->capsaves = cx->capsaves ? cx->capsaves * 2 : 8;
		n = arena_alloc(sizeof *n * (size_t)cx->capsaves);
		if (cx->nsaves)
			memcpy(n, cx->saves, sizeof *n * (size_t)cx->nsaves);
		cx->saves = n;
	}
	slot = is_str ? cx->nstr_saves++ : cx->nlong_saves++;
	cx->saves[cx->nsaves++] = (struct saved_value){ .x = x, .is_str = is_str, .slot = slot };
	return call1(at, is_str ? "tv.entry_str" : "tv.entry", num(at, slot));
}

/* Whether values are read as at the return (not at the entry). */
static bool at_return(const struct tv_cx *cx)
{
	return cx->is_return && !cx->at_entry;
}

/* ---- the probe's context ---- */

static void enter_probe(struct tv_cx *cx);

static int param_index(const struct tv_cx *cx, const char *name)
{
	for (int i = 0; i < cx->nparams; i++)
		if (strcmp(cx->params[i].name, name) == 0)
			return i;
	return -1;
}

static const char *param_list(const struct tv_cx *cx)
{
	struct buf b = { 0 };
	const char *r;

	for (int i = 0; i < cx->nparams; i++)
		buf_printf(&b, "%s$%s", i ? " " : "", cx->params[i].name);
	r = arena_strdup(b.data ? b.data : "none");
	buf_free(&b);
	return r;
}

/* Where the x86_64 calling convention puts parameter I of a function, as
 * tv.arg's number: 1-6 the argument registers, 7 on the stack's words above
 * the return address.  A value of 9-16 bytes (a struct passed by value,
 * such as sockptr_t) takes two registers; one larger, or one the registers
 * left cannot hold, goes on the stack, and later parameters still take the
 * registers that remain. */
static int param_arg_number(const struct tv_cx *cx, int i)
{
	int regs = 0, stack = 0, n = 0;

	for (int k = 0; k <= i; k++) {
		const struct tv_type *t = &cx->params[k].type;
		int words = t->size > 8 ? (int)((t->size + 7) / 8) : 1;

		if (words > 2 || regs + words > 6) {
			n = 7 + stack;
			stack += words;
		} else {
			n = regs + 1;
			regs += words;
		}
	}
	return n;
}

/* Parameter I as a value. */
static struct tv_val param_val(const struct tv_cx *cx, const struct expr *at, int i)
{
	if (cx->is_trace)
		return (struct tv_val){ .type = cx->params[i].type,
					.value = call1(at, "tv.targ", num(at, i)) };
	return (struct tv_val){ .type = cx->params[i].type,
				.value = call1(at, "tv.arg", num(at, param_arg_number(cx, i))) };
}

/* The start of a $name chain. */
static bool base_var(struct tv_cx *cx, const struct expr *e, struct tv_val *v, const char **why)
{
	const char *name = e->target.name + 1;
	int i;

	enter_probe(cx);
	if (cx->no_vars) {
		*why = cx->no_vars;
		return false;
	}
	if (strcmp(name, "return") == 0) {
		if (!at_return(cx)) {
			*why = "$return is only available in .return probes";
			return false;
		}
		if (cx->ret.kind == TV_VOID) {
			*why = arena_printf("function '%s' returns void", cx->func);
			return false;
		}
		*v = (struct tv_val){ .type = cx->ret, .value = call(e, "tv.retval", 0, NULL) };
		return true;
	}
	i = param_index(cx, name);
	if (i < 0) {
		*why = arena_printf("%s '%s' has no parameter '$%s' (its parameters: %s); "
				    "reading locals or globals %s", cx->is_trace ? "tracepoint" : "function",
				    cx->func, name, param_list(cx), NO_DWARF);
		return false;
	}
	*v = param_val(cx, e, i);
	return true;
}

/* The start of an @cast(addr, "type"[, "module"]) chain.  The module
 * part is a ':'-separated list tried in order: "kernel", "kernel<hdr.h>" or
 * "<hdr.h>" (the kernel: headers are not compiled, BTF has the types) or a
 * module's name. */
static bool base_cast(struct tv_cx *cx, const struct expr *e, struct tv_val *v, const char **why)
{
	const char *list = e->target.module ? e->target.module : "kernel";
	const char *tn = e->target.type_name;
	struct buf tried = { 0 };
	char reason[512];

	for (const char *p = list;; p++) {
		size_t n = strcspn(p, ":");
		char *one = arena_strndup(p, n);
		const char *module = one;
		struct tv_type t;

		/* a ':' inside <...> belongs to the header's name */
		if (*one == '<' || strncmp(one, "kernel<", 7) == 0) {
			const char *gt = strchr(p, '>');

			if (gt)
				n = (size_t)(gt - p) + 1 + strcspn(gt + 1, ":");
			module = NULL;
		} else if (strcmp(one, "kernel") == 0) {
			module = NULL;
		}
		if (cx->ops->find_type(cx->b, module, tn, &t, reason, sizeof reason)) {
			buf_free(&tried);
			*v = (struct tv_val){ .type = t, .addr = e->target.operand };
			return true;
		}
		buf_printf(&tried, "%s%s %s", tried.len ? ", " : "",
			   module ? "module" : "the kernel's", module ? module : cx->ops->name);
		if (strcmp(reason, "not found") != 0)
			buf_printf(&tried, " (%s)", reason);
		p += n;
		if (!*p)
			break;
	}
	*why = arena_printf("type '%s' not found in %s", tn, tried.data);
	buf_free(&tried);
	return false;
}

/* $x$, $x$$ of V: tv.pretty(base, layout), the base the value's address
 * (structs, unions, arrays in memory) or the value itself. */
static struct expr *pretty(struct tv_cx *cx, const struct expr *at, const struct tv_val *v,
			   bool deep, const char **why)
{
	enum tv_kind k = v->type.kind;
	bool mem = v->addr && !v->bit_size && (k == TV_STRUCT || k == TV_UNION || k == TV_ARRAY);
	struct expr *base = mem ? v->addr : rvalue(cx, at, v, why);

	if (!base)
		return NULL;
	return call2(at, "tv.pretty", base,
		     str(at, tv_pretty_layout(cx->ops, cx->b, &v->type, mem, deep)));
}

/* sprintf("name=0x%x ...", ...) over the parameters (and $return); pretty
 * printed with PRETTY ($$parms$: 1, $$parms$$: 2). */
static struct expr *lower_parms(struct tv_cx *cx, const struct expr *e, bool parms, bool ret,
				int pretty_level, const char **why)
{
	struct buf fmt = { 0 };
	struct expr **args = arena_alloc(sizeof *args * (size_t)(cx->nparams + 3));
	int n = 1;

	enter_probe(cx);
	if (cx->no_vars) {
		*why = cx->no_vars;
		return NULL;
	}
	for (int i = 0; parms && i < cx->nparams; i++) {
		struct tv_val v = param_val(cx, e, i);
		const char *w;
		struct expr *x;

		x = pretty_level ? pretty(cx, e, &v, pretty_level == 2, &w) : rvalue(cx, e, &v, &w);
		if (x && at_return(cx) && !(x = saved(cx, e, x, why)))
			return NULL;

		if (x) {
			buf_printf(&fmt, "%s%s=%s", n > 1 ? " " : "", cx->params[i].name,
				   pretty_level ? "%s" : "0x%x");
			args[n++] = x;
		} else {
			buf_printf(&fmt, "%s%s=?", n > 1 || fmt.len ? " " : "", cx->params[i].name);
		}
	}
	if (ret && !at_return(cx)) {
		*why = "$$return is only available in .return probes";
		return NULL;
	}
	if (ret && cx->ret.kind != TV_VOID) {
		struct tv_val v = { .type = cx->ret, .value = call(e, "tv.retval", 0, NULL) };
		const char *w;
		struct expr *x = pretty_level ? pretty(cx, e, &v, pretty_level == 2, &w)
					      : rvalue(cx, e, &v, &w);

		buf_printf(&fmt, "%s%s", fmt.len ? " " : "",
			   !x ? "return=?" : pretty_level ? "return=%s" : "return=0x%x");
		if (x)
			args[n++] = x;
	}
	args[0] = str(e, arena_strdup(fmt.data ? fmt.data : ""));
	buf_free(&fmt);
	return call(e, "sprintf", n, args);
}

/* E's base ($name or @cast) and its ->member and [index] steps into V. */
static bool walk_chain(struct tv_cx *cx, const struct expr *e, struct tv_val *v,
		       const char **why)
{
	if (strcmp(e->target.name, "@cast") == 0 ? !base_cast(cx, e, v, why)
						  : !base_var(cx, e, v, why))
		return false;
	for (int i = 0; i < e->target.nsteps; i++) {
		const struct target_step *st = &e->target.steps[i];
		bool ok = st->member ? step_member(cx, e, v, st->member, why)
				     : step_index(cx, e, v, st->index, why);

		if (!ok) {
			if (!*why)
				*why = "bad type information";
			return false;
		}
	}
	return true;
}

/* E (an EXPR_TARGET whose operand and indices are lowered) as a plain
 * expression, or NULL with the reason in *WHY. */
static struct expr *lower(struct tv_cx *cx, struct expr *e, const char **why)
{
	const char *name = e->target.name;
	struct tv_val v;

	*why = NULL;
	if (strcmp(name, "@var") == 0) {
		*why = arena_printf("@var %s", NO_DWARF);
		return NULL;
	}
	if (!backend(cx)) {
		*why = arena_printf("no kernel type information: %s", cx->why);
		return NULL;
	}
	enter_probe(cx);
	if (strcmp(name, "$$name") == 0 && !e->target.nsteps && !e->target.addressof &&
	    !e->target.pretty) {
		/* the tracepoint's name, as upstream's kernel.trace gives it */
		if (cx->no_vars || !cx->is_trace) {
			*why = cx->no_vars ? cx->no_vars
					   : "$$name is only available in kernel.trace probes";
			return NULL;
		}
		return str(e, cx->func);
	}
	if (name[0] == '$' && name[1] == '$') {
		bool parms = strcmp(name, "$$parms") == 0 || strcmp(name, "$$vars") == 0;
		bool ret = strcmp(name, "$$return") == 0;

		if (!parms && !ret) {
			*why = strcmp(name, "$$locals") == 0
				       ? arena_printf("$$locals %s", NO_DWARF)
				       : arena_printf("unknown '%s' (known: $$parms $$vars $$return "
						      "$$name)", name);
			return NULL;
		}
		if (e->target.nsteps || e->target.addressof) {
			*why = arena_printf("%s takes no member, index or '&'", name);
			return NULL;
		}
		if (strcmp(name, "$$vars") == 0 && !cx->quiet)
			diag_warning(e->loc, e->what, "$$vars shows the parameters only: locals %s",
				     NO_DWARF);
		return lower_parms(cx, e, parms, ret, e->target.pretty, why);
	}
	if (name[0] == '$' && strcmp(name, "$return") != 0 && at_return(cx)) {
		/* a parameter in a .return probe is its value at the entry */
		struct expr *x;

		enter_probe(cx);
		if (cx->no_vars) {
			*why = cx->no_vars;
			return NULL;
		}
		cx->at_entry = true;
		x = lower(cx, e, why);
		cx->at_entry = false;
		if (!x)
			return NULL;
		if (!cx->quiet)
			diag_warning(e->loc, e->what,
				     "confusing usage, consider @entry() in .return probe");
		return saved(cx, e, x, why);
	}
	if (!walk_chain(cx, e, &v, why))
		return NULL;
	if (e->target.addressof) {
		if (!v.addr || v.bit_size) {
			*why = v.bit_size ? "cannot take the address of a bitfield"
					  : "cannot take the address of a value in a register";
			return NULL;
		}
		return v.addr;
	}
	if (e->target.pretty)
		return pretty(cx, e, &v, e->target.pretty == 2, why);
	return rvalue(cx, e, &v, why);
}

/* ---- guru mode writes ---- */

static void walk_expr(struct tv_cx *cx, struct expr **ep);

/* `$p->member OP= value`, `@cast(p, "t")->member = value` (guru mode) at
 * *EP: the member's bytes written in place by a non-faulting write; a
 * bitfield is read, merged and written back. */
static void lower_member_write(struct tv_cx *cx, struct expr **ep)
{
	struct expr *e = *ep, *t = e->assign.target, *v = e->assign.value, *addr;
	enum op op = e->assign.op;
	const char *why = NULL;
	struct tv_val m;

	if (t->target.operand)
		walk_expr(cx, &t->target.operand);
	for (int i = 0; i < t->target.nsteps; i++)
		if (t->target.steps[i].index)
			walk_expr(cx, &t->target.steps[i].index);
	if (!backend(cx))
		why = arena_printf("no kernel type information: %s", cx->why);
	else if (t->target.name[0] == '$' && at_return(cx))
		why = "a member can only be written through a parameter at the function's "
		      "entry (in a .return probe write @cast(@entry($p), \"type\")->member)";
	else if (op == OP_CONCAT_ASSIGN)
		why = "'.=' on a target variable";
	else if (!walk_chain(cx, t, &m, &why))
		;
	else if (!m.addr)
		why = "only a value in memory can be written";
	else if (m.type.kind != TV_INT && m.type.kind != TV_ENUM && m.type.kind != TV_PTR)
		why = arena_printf("cannot write a %s (only integers and pointers)",
				   tname(cx, &m.type));
	else if (m.bit_size && (m.bit_off + m.bit_size + 7) / 8 > 8)
		why = "bitfield spans more than 8 bytes";
	if (why) {
		diag_semantic_error(t->loc, t->what, "%s", why);
		return;
	}
	if (op != OP_ASSIGN && op != OP_STAT_ADD) {
		struct expr *old = lower(cx, t, &why);

		if (!old) {
			diag_semantic_error(t->loc, t->what, "%s", why);
			return;
		}
		v = bin(e, op_assign_base(op), old, v);
	}
	addr = m.addr;
	if (m.bit_size) {
		uint32_t nbytes = (m.bit_off + m.bit_size + 7) / 8;
		uint64_t mask = (m.bit_size < 64 ? (1ULL << m.bit_size) - 1 : ~0ULL) << m.bit_off;
		struct expr *keep = bin(e, OP_BAND, call2(e, "tv.read", addr, num(e, nbytes)),
					num(e, (int64_t)~mask));
		struct expr *put = bin(e, OP_BAND, bin(e, OP_SHL, v, num(e, m.bit_off)),
				       num(e, (int64_t)mask));

		*ep = call3(e, "tv.write", addr, num(e, nbytes), bin(e, OP_BOR, keep, put));
		return;
	}
	*ep = call3(e, "tv.write", addr, num(e, m.type.size), v);
}

/* `$param OP= value` (guru mode, checked in resolve.c) at *EP: the saved
 * register of a parameter at the entry, or $return in a .return probe. */
static void lower_write(struct tv_cx *cx, struct expr **ep)
{
	struct expr *e = *ep, *t = e->assign.target, *v = e->assign.value, *old;
	enum op op = e->assign.op;
	const char *name = t->target.name, *why = NULL;
	bool ret = strcmp(name, "$return") == 0;
	int i = -1;

	enter_probe(cx);
	if ((t->target.nsteps || strcmp(name, "@cast") == 0) && !t->target.addressof &&
	    !t->target.pretty) {
		lower_member_write(cx, ep);
		return;
	}
	if (name[0] != '$' || name[1] == '$' || t->target.nsteps || t->target.addressof ||
	    t->target.pretty) {
		why = "only a parameter, $return or a member can be written";
	} else if (cx->no_vars) {
		why = cx->no_vars;
	} else if (cx->is_trace) {
		why = "tracepoint arguments cannot be written";
	} else if (ret ? !at_return(cx) : cx->is_return) {
		why = ret ? "$return is only available in .return probes"
			  : "a parameter can only be written at the function's entry";
	} else if (!ret && (i = param_index(cx, name + 1)) < 0) {
		why = arena_printf("function '%s' has no parameter '%s'", cx->func, name);
	} else if (i >= 6) {
		why = "only the first six parameters (registers) can be written";
	} else if (op == OP_CONCAT_ASSIGN) {
		why = "'.=' on a target variable";
	}
	if (why) {
		diag_semantic_error(t->loc, t->what, "%s", why);
		return;
	}
	if (op != OP_ASSIGN && op != OP_STAT_ADD) {
		old = lower(cx, t, &why);
		if (!old) {
			diag_semantic_error(t->loc, t->what, "%s", why);
			return;
		}
		v = bin(e, op_assign_base(op), old, v);
	}
	*ep = ret ? call1(e, "tv.setret", v) : call2(e, "tv.setarg", num(e, param_arg_number(cx, i)), v);
}

/* ---- the walk ---- */

/* Whether E is @defined(...) under '!', '&&', '||' (only such conditions
 * are decided here; the rest is the optimizer's, which -u turns off). */
static bool defined_guard(const struct expr *e)
{
	switch (e->kind) {
	case EXPR_ATCALL:
		return strcmp(e->call.name, "@defined") == 0;
	case EXPR_UNARY:
		return defined_guard(e->unary.operand);
	case EXPR_LOGICAL:
		return defined_guard(e->binary.left) || defined_guard(e->binary.right);
	default:
		return false;
	}
}

/* E's truth when it is known now (numbers, as @defined leaves them, under
 * '!', '&&', '||'): 0 or 1, else -1. */
static int known_truth(const struct expr *e)
{
	int l, r;

	switch (e->kind) {
	case EXPR_NUMBER:
		return e->num != 0;
	case EXPR_UNARY:
		l = e->unary.op == OP_NOT ? known_truth(e->unary.operand) : -1;
		return l < 0 ? -1 : !l;
	case EXPR_LOGICAL:
		l = known_truth(e->binary.left);
		r = known_truth(e->binary.right);
		if (e->binary.op == OP_LAND)
			return l == 0 || r == 0 ? 0 : l == 1 && r == 1 ? 1 : -1;
		return l == 1 || r == 1 ? 1 : l == 0 && r == 0 ? 0 : -1;
	default:
		return -1;
	}
}

static void walk_expr(struct tv_cx *cx, struct expr **ep);

/* Lowers E (inside @defined) without reporting: true when it could be. */
static bool defined_ok(struct tv_cx *cx, struct expr **ep)
{
	bool quiet = cx->quiet;

	cx->quiet = true;
	walk_expr(cx, ep);
	cx->quiet = quiet;
	return (*ep)->kind != EXPR_TARGET;
}

static void walk_target(struct tv_cx *cx, struct expr **ep)
{
	struct expr *e = *ep, *r;
	const char *why;

	if (e->target.operand)
		walk_expr(cx, &e->target.operand);
	for (int i = 0; i < e->target.nsteps; i++)
		if (e->target.steps[i].index)
			walk_expr(cx, &e->target.steps[i].index);
	r = lower(cx, e, &why);
	if (r) {
		*ep = r;
		return;
	}
	if (cx->quiet)
		return;         /* @defined's answer: the node stays unlowered */
	if (cx->s->skip_badvars)
		return;         /* --skip-badvars: read later as 0, with upstream's warning */
	diag_semantic_error(e->loc, e->what, "%s", why);
}

static bool lower_expr(struct ast_walk *w, struct expr **ep)
{
	struct tv_cx *cx = w->arg;
	struct expr *e = *ep;

	switch (e->kind) {
	case EXPR_TERNARY: {
		bool guard = defined_guard(e->ternary.cond);
		int known;

		walk_expr(cx, &e->ternary.cond);
		/* @defined($x) ? $x : 0 : the branch not taken may name what
		 * does not exist here, so it is dropped unlowered */
		known = guard ? known_truth(e->ternary.cond) : -1;
		if (known >= 0) {
			*ep = known ? e->ternary.then : e->ternary.otherwise;
			walk_expr(cx, ep);
			return false;
		}
		walk_expr(cx, &e->ternary.then);
		walk_expr(cx, &e->ternary.otherwise);
		return false;
	}
	case EXPR_ASSIGN:
		walk_expr(cx, &e->assign.value);
		if (e->assign.target->kind == EXPR_TARGET)
			lower_write(cx, ep);
		else
			walk_expr(cx, &e->assign.target);
		return false;
	case EXPR_INCDEC:
		if (e->incdec.target->kind != EXPR_TARGET)
			return true;
		diag_semantic_error(e->incdec.target->loc, e->incdec.target->what,
				    "'%s' on a target variable is not supported (write "
				    "'$x = $x + 1')", op_name(e->incdec.op));
		return false;
	case EXPR_TARGET:
		walk_target(cx, ep);
		return false;
	case EXPR_ATCALL:
		if (strcmp(e->call.name, "@defined") == 0) {
			struct expr *arg = e->call.args[0];
			bool ok;

			if (arg->kind != EXPR_TARGET) {
				walk_expr(cx, &e->call.args[0]);
				*ep = num(e, 1);
				return false;
			}
			ok = defined_ok(cx, &e->call.args[0]);
			*ep = num(e, ok);
			return false;
		}
		if (strcmp(e->call.name, "@entry") == 0) {
			const char *why = NULL;
			struct expr *r;

			enter_probe(cx);
			if (!cx->pp || !cx->is_return || cx->at_entry) {
				diag_semantic_error(e->loc, e->what,
						    "@entry is only available in .return probes");
				return false;
			}
			cx->at_entry = true;
			walk_expr(cx, &e->call.args[0]);
			cx->at_entry = false;
			r = saved(cx, e, e->call.args[0], &why);
			if (r)
				*ep = r;
			else
				diag_semantic_error(e->loc, e->what, "%s", why);
			return false;
		}
		return true;
	default:
		return true;
	}
}

/* An empty statement where AT was. */
static struct stmt *empty_stmt(const struct stmt *at)
{
	struct stmt *s = arena_alloc(sizeof *s);

	s->kind = STMT_EMPTY;
	s->loc = at->loc;
	s->what = at->what;
	return s;
}

static bool lower_stmt(struct ast_walk *w, struct stmt *s)
{
	struct tv_cx *cx = w->arg;
	bool guard;
	int known;

	if (s->kind != STMT_IF)
		return true;
	guard = defined_guard(s->if_.cond);
	walk_expr(cx, &s->if_.cond);
	/* if (@defined($x)) ...: the branch not taken is dropped */
	known = guard ? known_truth(s->if_.cond) : -1;
	if (known == 0) {
		s->if_.then = empty_stmt(s->if_.then);
	} else if (known == 1 && s->if_.otherwise) {
		s->if_.otherwise = empty_stmt(s->if_.otherwise);
	}
	ast_walk_stmt(w, s->if_.then);
	ast_walk_stmt(w, s->if_.otherwise);
	return false;
}

static void walk_expr(struct tv_cx *cx, struct expr **ep)
{
	struct ast_walk w = { .expr = lower_expr, .stmt = lower_stmt, .arg = cx };

	ast_walk_expr(&w, ep);
}

static void walk_stmt(struct tv_cx *cx, struct stmt *s)
{
	struct ast_walk w = { .expr = lower_expr, .stmt = lower_stmt, .arg = cx };

	ast_walk_stmt(&w, s);
}

/* ---- which bodies need it ---- */

/* Finds a target variable of the probe point ($x, $$parms, @defined...). */
static bool find_use(struct ast_walk *w, struct expr **ep)
{
	const struct expr *e = *ep;

	if (e->kind == EXPR_ATCALL || (e->kind == EXPR_TARGET && e->target.name[0] == '$')) {
		w->stop = true;
		return false;
	}
	return true;
}

static bool stmt_uses(struct stmt *s)
{
	struct ast_walk w = { .expr = find_use };

	ast_walk_stmt(&w, s);
	return w.stop;
}

/* Splits P into one probe per point (each with its own copy of the body). */
static void split_probe(struct probe *p)
{
	struct probe *tail = p;

	for (struct probe_point *pp = p->points->next, *next; pp; pp = next) {
		struct probe *q = arena_alloc(sizeof *q);

		next = pp->next;
		*q = *p;
		q->points = pp;
		pp->next = NULL;
		q->body = ast_copy_stmt(p->body);
		q->next = tail->next;
		tail->next = q;
		tail = q;
	}
	p->points->next = NULL;
}

/* The arguments of tracepoint PP: its __traceiter_NAME function's
 * parameters after the callback's `void *__data`. */
static bool trace_args(struct tv_cx *cx, const struct probe_point *pp)
{
	const char *fn = arena_printf("__traceiter_%s", pp->symbol);

	if (!backend(cx))
		return false;
	cx->func = pp->symbol;
	if (!cx->ops->function(cx->b, NULL, fn, &cx->params, &cx->nparams, &cx->ret) ||
	    cx->nparams < 1) {
		snprintf(cx->why, sizeof cx->why, "%s has no prototype in the kernel's %s", fn,
			 cx->ops->name);
		return false;
	}
	cx->params++;
	cx->nparams--;
	cx->ret = (struct tv_type){ .kind = TV_VOID };
	return true;
}

/* Sets CX up for the single point of the probe being lowered, on the first
 * target variable (so probes without any never load the types). */
static void enter_probe(struct tv_cx *cx)
{
	const struct probe_point *pp = cx->pp;
	const char *fn, *module = NULL, *colon;

	if (cx->ready)
		return;
	cx->ready = true;
	cx->no_vars = NULL;
	cx->nparams = 0;
	cx->is_return = pp->is_return;
	cx->is_trace = pp->family == &family_trace;
	if (cx->is_trace) {
		if (!trace_args(cx, pp))
			cx->no_vars = arena_printf("no arguments known for tracepoint '%s': %s",
						   pp->symbol, cx->why);
		return;
	}
	if (pp->family != &family_kprobe || !pp->symbol) {
		cx->no_vars = arena_printf("no target variables at probe point %s", pp->text);
		return;
	}
	if (!backend(cx)) {
		cx->no_vars = arena_printf("no kernel type information: %s", cx->why);
		return;
	}
	fn = pp->symbol;
	colon = strchr(fn, ':');
	if (colon) {        /* "module:function" */
		module = arena_strndup(fn, (size_t)(colon - fn));
		fn = colon + 1;
	}
	cx->func = fn;
	if (!cx->ops->function(cx->b, module, fn, &cx->params, &cx->nparams, &cx->ret)) {
		cx->no_vars = arena_printf("function '%s' has no prototype in %s%s's %s "
					   "(its parameters are unknown)", fn,
					   module ? "module " : "the kernel", module ? module : "",
					   cx->ops->name);
		return;
	}
	if (cx->nparams > MAX_PARAMS)
		cx->nparams = MAX_PARAMS;
}

/* The probe that runs at the entry of P's function (P a .return probe) and
 * saves CX's values for it: its body is tv.save(SLOT, value) per value. */
static void add_entry_probe(struct tv_cx *cx, struct probe *p)
{
	struct probe *q = arena_alloc(sizeof *q);
	struct probe_point *qp = arena_alloc(sizeof *qp);
	struct stmt *body = arena_alloc(sizeof *body);

	*qp = *p->points;
	qp->next = NULL;
	qp->family = &family_never;       /* run by the kretprobe, not registered */
	qp->is_return = false;
	qp->text = arena_printf("%s (entry values)", p->points->text);
	body->kind = STMT_BLOCK;
	body->loc = p->loc;
	body->what = "'{'";
	body->block.n = cx->nsaves;
	body->block.items = arena_alloc(sizeof *body->block.items * (size_t)cx->nsaves);
	for (int i = 0; i < cx->nsaves; i++) {
		struct stmt *s = arena_alloc(sizeof *s);
		const struct saved_value *sv = &cx->saves[i];
		const struct expr *x = sv->x;

		s->kind = STMT_EXPR;
		s->loc = x->loc;
		s->what = x->what;
		s->expr = call2(x, sv->is_str ? "tv.save_str" : "tv.save", num(x, sv->slot), sv->x);
		body->block.items[i] = s;
	}
	*q = (struct probe){ .points = qp, .body = body, .loc = p->loc, .next = p->next };
	p->next = q;
	p->points->entry_probe = q;
	p->points->entry_slots = cx->nlong_saves;
	p->points->entry_str_slots = cx->nstr_saves;
}

int target_vars_lower(const struct session *s, struct program *prog)
{
	int before = diag_error_count();
	struct tv_cx cx = { .s = s, .prog = prog };

	for (struct probe *p = prog->probes; p; p = p->next)
		if (p->points && p->points->next && stmt_uses(p->body))
			split_probe(p);
	/* every tracepoint's callback takes its argument count */
	for (struct probe *p = prog->probes; p; p = p->next)
		for (struct probe_point *pp = p->points; pp; pp = pp->next) {
			if (pp->family != &family_trace)
				continue;
			cx.pp = pp;
			cx.ready = false;
			enter_probe(&cx);
			if (cx.no_vars)
				diag_semantic_error(pp->loc, pp->what, "%s", cx.no_vars);
			else if (cx.nparams > MAX_TRACE_ARGS)
				diag_semantic_error(pp->loc, pp->what,
						    "tracepoint '%s' has %d arguments (limit is %d)",
						    pp->symbol, cx.nparams, MAX_TRACE_ARGS);
			pp->trace_nargs = cx.nparams;
		}
	for (struct probe *p = prog->probes; p; p = p->next) {
		if (!p->points)
			continue;
		cx.pp = p->points;
		cx.ready = false;
		cx.nsaves = cx.nlong_saves = cx.nstr_saves = 0;
		walk_stmt(&cx, p->body);
		if (cx.nsaves) {
			add_entry_probe(&cx, p);
			p = p->next;     /* not lowered again */
		}
	}
	cx.pp = NULL;
	cx.ready = true;
	cx.no_vars = "target variables are only available in probes (pass them to the "
		     "function as arguments)";
	cx.is_return = false;
	for (struct function *f = prog->functions; f; f = f->next)
		if (f->body)
			walk_stmt(&cx, f->body);
	if (cx.b)
		cx.ops->close(cx.b);
	return diag_error_count() - before;
}

const char *target_vars_list(const struct session *s, const struct probe_point *pp)
{
	/* one backend for every point listed (stap -L on a glob lists many) */
	static struct tv_cx cx;
	struct buf b = { 0 };
	const char *r;

	cx.s = s;
	cx.pp = pp;
	cx.ready = false;
	enter_probe(&cx);
	if (!cx.no_vars) {
		for (int i = 0; i < cx.nparams; i++)
			buf_printf(&b, " $%s:%s", cx.params[i].name,
				   cx.ops->type_name(cx.b, &cx.params[i].type));
		if (cx.is_return && cx.ret.kind != TV_VOID)
			buf_printf(&b, " $return:%s", cx.ops->type_name(cx.b, &cx.ret));
	}
	r = arena_strdup(b.data ? b.data : "");
	buf_free(&b);
	return r;
}
