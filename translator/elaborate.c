/*
 * elaborate.c - pass 2.  Three steps over the parse tree:
 *  1. probe points: each must name a supported family (begin, end, error,
 *     timer.ms/s/us/ns/jiffies/hz with a sane positive period);
 *  2. resolution: every identifier becomes a function parameter, a global
 *     (declared anywhere in the script) or else a local of its probe or
 *     function; calls bind to built-ins or user functions with the right
 *     number of arguments; printf formats are parsed; statements that make
 *     no sense where they stand (break outside loops, return in probes) are
 *     rejected; which bodies touch globals is recorded, then propagated
 *     through the call graph;
 *  3. types: every variable and function is long or string.  Inference runs
 *     over all bodies until nothing changes, then once more reporting
 *     mismatches; whatever is still unknown is an error.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "elaborate.h"
#include "format.h"

/* Smallest timer period accepted: faster timers would starve the machine. */
#define MIN_TIMER_NS 100000LL
#define MAX_TIMER_NS (3600LL * 1000000000LL)

/* ---- probe points ---- */

static const struct {
	const char *unit;
	long long ns;
} timer_units[] = {
	{ "s", 1000000000LL }, { "ms", 1000000LL }, { "us", 1000LL }, { "ns", 1LL },
};

static void check_probe_point(struct probe_point *pp)
{
	struct pp_component *c = pp->comps;
	const char *name = c[0].name;

	if (pp->n == 1 && !c[0].has_arg) {
		if (strcmp(name, "begin") == 0) {
			pp->kind = PROBE_BEGIN;
			return;
		}
		if (strcmp(name, "end") == 0) {
			pp->kind = PROBE_END;
			return;
		}
		if (strcmp(name, "error") == 0) {
			pp->kind = PROBE_ERROR;
			return;
		}
	}
	if (strcmp(name, "timer") == 0 && pp->n == 2 && !c[0].has_arg) {
		const char *unit = c[1].name;
		int64_t v = c[1].num;

		pp->kind = PROBE_TIMER;
		if (!c[1].has_arg || c[1].arg_is_string) {
			diag_semantic_error(c[1].loc, c[1].what,
					    "while resolving probe point %s: timer.%s needs a number",
					    pp->text, unit);
			return;
		}
		if (v <= 0) {
			diag_semantic_error(c[1].loc, c[1].what,
					    "while resolving probe point %s: invalid timer period %lld "
					    "(must be positive)", pp->text, (long long)v);
			return;
		}
		for (size_t i = 0; i < sizeof timer_units / sizeof timer_units[0]; i++) {
			if (strcmp(unit, timer_units[i].unit) != 0)
				continue;
			long long mult = timer_units[i].ns;
			if (v > MAX_TIMER_NS / mult || v * mult < MIN_TIMER_NS) {
				diag_semantic_error(c[1].loc, c[1].what,
						    "while resolving probe point %s: timer period out of "
						    "range (limits are %lld ns to %lld ns)", pp->text,
						    MIN_TIMER_NS, MAX_TIMER_NS);
				return;
			}
			pp->period_c = arena_printf("%lldULL", (long long)v * mult);
			return;
		}
		if (strcmp(unit, "jiffies") == 0) {
			if (v > 1000000) {
				diag_semantic_error(c[1].loc, c[1].what,
						    "while resolving probe point %s: timer period out of "
						    "range (limit is 1000000 jiffies)", pp->text);
				return;
			}
			pp->period_c = arena_printf("((u64)%lld * TICK_NSEC)", (long long)v);
			return;
		}
		if (strcmp(unit, "hz") == 0) {
			if (v > 1000000000LL / MIN_TIMER_NS) {
				diag_semantic_error(c[1].loc, c[1].what,
						    "while resolving probe point %s: timer frequency out of "
						    "range (limit is %lld hz)", pp->text,
						    1000000000LL / MIN_TIMER_NS);
				return;
			}
			pp->period_c = arena_printf("(NSEC_PER_SEC / %lld)", (long long)v);
			return;
		}
	}
	diag_semantic_error(pp->loc, pp->what,
			    "while resolving probe point %s: probe point mismatch (this stap "
			    "supports begin, end, error and timer.{s,ms,us,ns,jiffies,hz}(N))",
			    pp->text);
}

/* ---- resolution ---- */

struct body_ctx {
	struct program *prog;
	struct probe *probe;           /* exactly one of probe/fn */
	struct function *fn;
	struct symbol **locals;        /* where new locals go */
	int loops;                     /* enclosing loops */
	bool touches_globals;
	struct function **callees;
	int ncallees, capcallees;
	/* type inference */
	bool report, changed;
};

static const struct {
	const char *name;
	enum builtin b;
	int min, max;                  /* argument counts; max -1: any */
} builtins[] = {
	{ "printf", BUILTIN_PRINTF, 1, -1 },
	{ "sprintf", BUILTIN_SPRINTF, 1, -1 },
	{ "print", BUILTIN_PRINT, 1, -1 },
	{ "println", BUILTIN_PRINTLN, 0, -1 },
	{ "exit", BUILTIN_EXIT, 0, 0 },
	{ "strlen", BUILTIN_STRLEN, 1, 1 },
};

#define MAX_CALL_ARGS 32

static struct symbol *find_symbol(struct symbol *list, const char *name)
{
	for (; list; list = list->next)
		if (list->name == name)
			return list;
	return NULL;
}

static void resolve_var(struct body_ctx *cx, struct expr *e)
{
	struct symbol *sym = NULL;

	if (cx->fn)
		sym = find_symbol(cx->fn->params, e->var.name);
	if (!sym)
		sym = find_symbol(*cx->locals, e->var.name);
	if (!sym) {
		sym = find_symbol(cx->prog->globals, e->var.name);
		if (sym)
			cx->touches_globals = true;
	}
	if (!sym) {
		struct symbol **tail = cx->locals;

		sym = arena_alloc(sizeof *sym);
		sym->name = e->var.name;
		sym->kind = SYM_LOCAL;
		sym->loc = e->loc;
		sym->what = e->what;
		while (*tail)
			tail = &(*tail)->next;
		*tail = sym;
	}
	sym->used = true;
	e->var.sym = sym;
}

static void add_callee(struct body_ctx *cx, struct function *f)
{
	for (int i = 0; i < cx->ncallees; i++)
		if (cx->callees[i] == f)
			return;
	if (cx->ncallees == cx->capcallees) {
		int ncap = cx->capcallees ? cx->capcallees * 2 : 8;
		struct function **n = arena_alloc(sizeof *n * (size_t)ncap);

		if (cx->ncallees)
			memcpy(n, cx->callees, sizeof *n * (size_t)cx->ncallees);
		cx->callees = n;
		cx->capcallees = ncap;
	}
	cx->callees[cx->ncallees++] = f;
}

static void resolve_expr(struct body_ctx *cx, struct expr *e);

static void resolve_call(struct body_ctx *cx, struct expr *e)
{
	const char *name = e->call.name;

	for (int i = 0; i < e->call.nargs; i++)
		resolve_expr(cx, e->call.args[i]);
	if (e->call.nargs > MAX_CALL_ARGS) {
		diag_semantic_error(e->loc, e->what, "too many arguments (limit is %d)",
				    MAX_CALL_ARGS);
		return;
	}
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
		if (strcmp(name, builtins[i].name) != 0)
			continue;
		e->call.builtin = builtins[i].b;
		if (e->call.nargs < builtins[i].min ||
		    (builtins[i].max >= 0 && e->call.nargs > builtins[i].max)) {
			diag_semantic_error(e->loc, e->what, "wrong number of arguments to %s (%d given)",
					    name, e->call.nargs);
			return;
		}
		if (e->call.builtin == BUILTIN_PRINTF || e->call.builtin == BUILTIN_SPRINTF) {
			struct expr *fmt = e->call.args[0];
			const char *err = NULL;

			if (fmt->kind != EXPR_STRING) {
				diag_semantic_error(fmt->loc, fmt->what,
						    "%s format must be a literal string", name);
				return;
			}
			e->call.format = format_parse(fmt->str, &err);
			if (!e->call.format) {
				diag_semantic_error(fmt->loc, fmt->what, "%s", err);
				return;
			}
			if (e->call.format->nargs != e->call.nargs - 1)
				diag_semantic_error(e->loc, e->what,
						    "wrong number of arguments to %s (format needs %d, "
						    "%d given)", name, e->call.format->nargs,
						    e->call.nargs - 1);
		}
		return;
	}
	for (struct function *f = cx->prog->functions; f; f = f->next) {
		if (f->name != name)
			continue;
		e->call.fn = f;
		f->used = true;
		add_callee(cx, f);
		if (e->call.nargs != f->nparams)
			diag_semantic_error(e->loc, e->what,
					    "wrong number of arguments to function '%s' (expected %d, "
					    "%d given)", name, f->nparams, e->call.nargs);
		return;
	}
	diag_semantic_error(e->loc, e->what, "unresolved function");
}

static void resolve_expr(struct body_ctx *cx, struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
		break;
	case EXPR_VAR:
		resolve_var(cx, e);
		break;
	case EXPR_UNARY:
		resolve_expr(cx, e->unary.operand);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
		resolve_expr(cx, e->binary.left);
		resolve_expr(cx, e->binary.right);
		break;
	case EXPR_TERNARY:
		resolve_expr(cx, e->ternary.cond);
		resolve_expr(cx, e->ternary.then);
		resolve_expr(cx, e->ternary.otherwise);
		break;
	case EXPR_ASSIGN:
		resolve_expr(cx, e->assign.target);
		resolve_expr(cx, e->assign.value);
		break;
	case EXPR_INCDEC:
		resolve_expr(cx, e->incdec.target);
		break;
	case EXPR_CALL:
		resolve_call(cx, e);
		break;
	}
}

static void resolve_opt(struct body_ctx *cx, struct expr *e)
{
	if (e)
		resolve_expr(cx, e);
}

static void resolve_stmt(struct body_ctx *cx, struct stmt *s)
{
	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->block.n; i++)
			resolve_stmt(cx, s->block.items[i]);
		break;
	case STMT_EXPR:
		resolve_expr(cx, s->expr);
		break;
	case STMT_IF:
		resolve_expr(cx, s->if_.cond);
		resolve_stmt(cx, s->if_.then);
		if (s->if_.otherwise)
			resolve_stmt(cx, s->if_.otherwise);
		break;
	case STMT_WHILE:
	case STMT_FOR:
		resolve_opt(cx, s->loop.init);
		resolve_opt(cx, s->loop.cond);
		resolve_opt(cx, s->loop.incr);
		cx->loops++;
		resolve_stmt(cx, s->loop.body);
		cx->loops--;
		break;
	case STMT_BREAK:
	case STMT_CONTINUE:
		if (!cx->loops)
			diag_semantic_error(s->loc, s->what, "%s outside a loop",
					    s->kind == STMT_BREAK ? "break" : "continue");
		break;
	case STMT_NEXT:
		if (cx->fn)
			diag_semantic_error(s->loc, s->what, "next is only allowed in probe bodies");
		break;
	case STMT_RETURN:
		if (!cx->fn) {
			diag_semantic_error(s->loc, s->what, "return is only allowed in functions");
			break;
		}
		if (s->expr) {
			cx->fn->has_value_return = true;
			resolve_expr(cx, s->expr);
		}
		break;
	case STMT_EMPTY:
		break;
	}
}

/* ---- implicit globals ----
 * Undeclared variables are probe-local, as upstream.  One exception, with a
 * warning: a name used by more than one probe body and, in at least one of
 * them, read before it is assigned (`probe timer.ms(100) { n++ }` and
 * `probe end { print(n) }`).  Upstream would make each n a fresh 0 on every
 * hit, which is never what such a script means; we share it instead.  A
 * name every probe assigns before reading (loop counters) stays local.
 * Function bodies do not count: their variables are always per-call locals. */

struct name_use {
	const char *name;
	int probe;                     /* last probe that used it */
	int bodies;                    /* probes using it */
	bool read_first;               /* some probe reads it before assigning it */
	struct srcloc loc;
	const char *what;
};

struct name_table {
	struct name_use *slots;
	size_t size, used;
	struct name_use **order;       /* first-use order, for a deterministic result */
	size_t norder;
};

static size_t ptr_hash(const void *p, size_t size)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 11400714819323198485ULL;

	return (size_t)(h >> 20) & (size - 1);
}

static void note_name(struct name_table *t, const struct expr *e, int probe, bool write)
{
	if (t->used * 2 + 2 > t->size) {
		struct name_table n = { .size = t->size ? t->size * 2 : 256 };

		n.slots = arena_alloc(sizeof *n.slots * n.size);
		n.order = arena_alloc(sizeof *n.order * n.size);
		for (size_t i = 0; i < t->norder; i++) {
			struct name_use *u = t->order[i];
			size_t j = ptr_hash(u->name, n.size);

			while (n.slots[j].name)
				j = (j + 1) & (n.size - 1);
			n.slots[j] = *u;
			n.order[n.norder++] = &n.slots[j];
		}
		n.used = t->used;
		*t = n;
	}
	size_t j = ptr_hash(e->var.name, t->size);
	while (t->slots[j].name && t->slots[j].name != e->var.name)
		j = (j + 1) & (t->size - 1);
	struct name_use *u = &t->slots[j];
	if (!u->name) {
		u->name = e->var.name;
		u->probe = probe;
		u->bodies = 1;
		u->read_first = !write;
		u->loc = e->loc;
		u->what = e->what;
		t->used++;
		t->order[t->norder++] = u;
	} else if (u->probe != probe) {
		u->probe = probe;
		u->bodies++;
		if (!write)
			u->read_first = true;
	}
}

static void collect_expr(struct name_table *t, const struct expr *e, int probe)
{
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
		break;
	case EXPR_VAR:
		note_name(t, e, probe, false);
		break;
	case EXPR_UNARY:
		collect_expr(t, e->unary.operand, probe);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
		collect_expr(t, e->binary.left, probe);
		collect_expr(t, e->binary.right, probe);
		break;
	case EXPR_TERNARY:
		collect_expr(t, e->ternary.cond, probe);
		collect_expr(t, e->ternary.then, probe);
		collect_expr(t, e->ternary.otherwise, probe);
		break;
	case EXPR_ASSIGN:
		/* The value is evaluated first; a plain '=' only writes its target. */
		collect_expr(t, e->assign.value, probe);
		note_name(t, e->assign.target, probe, strcmp(e->assign.op, "=") == 0);
		break;
	case EXPR_INCDEC:
		collect_expr(t, e->incdec.target, probe);
		break;
	case EXPR_CALL:
		for (int i = 0; i < e->call.nargs; i++)
			collect_expr(t, e->call.args[i], probe);
		break;
	}
}

static void collect_stmt(struct name_table *t, const struct stmt *s, int probe)
{
	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->block.n; i++)
			collect_stmt(t, s->block.items[i], probe);
		break;
	case STMT_EXPR:
	case STMT_RETURN:
		if (s->expr)
			collect_expr(t, s->expr, probe);
		break;
	case STMT_IF:
		collect_expr(t, s->if_.cond, probe);
		collect_stmt(t, s->if_.then, probe);
		if (s->if_.otherwise)
			collect_stmt(t, s->if_.otherwise, probe);
		break;
	case STMT_WHILE:
	case STMT_FOR:
		if (s->loop.init)
			collect_expr(t, s->loop.init, probe);
		if (s->loop.cond)
			collect_expr(t, s->loop.cond, probe);
		if (s->loop.incr)
			collect_expr(t, s->loop.incr, probe);
		collect_stmt(t, s->loop.body, probe);
		break;
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_NEXT:
	case STMT_EMPTY:
		break;
	}
}

static void add_implicit_globals(struct program *prog)
{
	struct name_table t = { 0 };
	struct symbol **tail = &prog->globals;

	for (struct probe *p = prog->probes; p; p = p->next)
		collect_stmt(&t, p->body, p->index);
	while (*tail)
		tail = &(*tail)->next;
	for (size_t i = 0; i < t.norder; i++) {
		struct name_use *u = t.order[i];

		if (u->bodies < 2 || !u->read_first || find_symbol(prog->globals, u->name))
			continue;
		diag_warning(u->loc, u->what,
			     "variable used by several probes and read before it is set: "
			     "shared as a global (declare it with 'global %s')", u->name);
		struct symbol *sym = arena_alloc(sizeof *sym);
		sym->name = u->name;
		sym->kind = SYM_GLOBAL;
		sym->loc = u->loc;
		sym->what = u->what;
		*tail = sym;
		tail = &sym->next;
	}
}

/* ---- type inference ---- */

static void set_symbol_type(struct body_ctx *cx, struct symbol *sym, enum type t)
{
	if (sym->type == TYPE_UNKNOWN && (t == TYPE_LONG || t == TYPE_STRING)) {
		sym->type = t;
		cx->changed = true;
	}
}

static enum type infer(struct body_ctx *cx, struct expr *e, enum type want);

static void mismatch(struct body_ctx *cx, struct expr *e, enum type t)
{
	if (cx->report)
		diag_semantic_error(e->loc, e->what, "type mismatch (%s)", type_name(t));
}

static void void_used(struct body_ctx *cx, struct expr *e)
{
	if (cx->report)
		diag_semantic_error(e->loc, e->what, "the value of a void expression is used");
}

/* Infers E in a context that needs WANT (TYPE_UNKNOWN: any value) and reports
 * a conflict. */
static enum type check(struct body_ctx *cx, struct expr *e, enum type want)
{
	enum type t = infer(cx, e, want);

	if (t == TYPE_VOID)
		void_used(cx, e);
	else if (want != TYPE_UNKNOWN && t != TYPE_UNKNOWN && t != want)
		mismatch(cx, e, t);
	return t;
}

/* Re-infers E (already reported on) to push a type learnt from its sibling. */
static enum type reinfer(struct body_ctx *cx, struct expr *e, enum type want)
{
	bool saved = cx->report;
	enum type t;

	cx->report = false;
	t = infer(cx, e, want);
	cx->report = saved;
	return t;
}

static enum type infer_call(struct body_ctx *cx, struct expr *e)
{
	struct function *f = e->call.fn;

	switch (e->call.builtin) {
	case BUILTIN_PRINTF:
	case BUILTIN_SPRINTF:
		if (e->call.format && e->call.format->nargs == e->call.nargs - 1)
			for (int i = 1; i < e->call.nargs; i++)
				check(cx, e->call.args[i], e->call.format->arg_types[i - 1]);
		return e->call.builtin == BUILTIN_PRINTF ? TYPE_VOID : TYPE_STRING;
	case BUILTIN_PRINT:
	case BUILTIN_PRINTLN:
		for (int i = 0; i < e->call.nargs; i++)
			check(cx, e->call.args[i], TYPE_UNKNOWN);
		return TYPE_VOID;
	case BUILTIN_EXIT:
		return TYPE_VOID;
	case BUILTIN_STRLEN:
		check(cx, e->call.args[0], TYPE_STRING);
		return TYPE_LONG;
	case BUILTIN_NONE:
		break;
	}
	if (!f || f->nparams != e->call.nargs)
		return TYPE_UNKNOWN;
	struct symbol *p = f->params;
	for (int i = 0; i < e->call.nargs; i++, p = p->next) {
		enum type t = check(cx, e->call.args[i], p->type);

		set_symbol_type(cx, p, t);
	}
	return f->ret;
}

static enum type infer(struct body_ctx *cx, struct expr *e, enum type want)
{
	enum type t = TYPE_UNKNOWN, l, r;

	switch (e->kind) {
	case EXPR_NUMBER:
		t = TYPE_LONG;
		break;
	case EXPR_STRING:
		t = TYPE_STRING;
		break;
	case EXPR_VAR:
		if (e->var.sym) {
			if (want == TYPE_LONG || want == TYPE_STRING)
				set_symbol_type(cx, e->var.sym, want);
			t = e->var.sym->type;
		}
		break;
	case EXPR_UNARY:
		check(cx, e->unary.operand, TYPE_LONG);
		t = TYPE_LONG;
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
		check(cx, e->binary.left, TYPE_LONG);
		check(cx, e->binary.right, TYPE_LONG);
		t = TYPE_LONG;
		break;
	case EXPR_CONCAT:
		check(cx, e->binary.left, TYPE_STRING);
		check(cx, e->binary.right, TYPE_STRING);
		t = TYPE_STRING;
		break;
	case EXPR_COMPARE:
		l = check(cx, e->binary.left, TYPE_UNKNOWN);
		r = check(cx, e->binary.right, l == TYPE_VOID ? TYPE_UNKNOWN : l);
		if (l == TYPE_UNKNOWN && (r == TYPE_LONG || r == TYPE_STRING))
			reinfer(cx, e->binary.left, r);
		t = TYPE_LONG;
		break;
	case EXPR_TERNARY: {
		enum type w = want == TYPE_LONG || want == TYPE_STRING ? want : TYPE_UNKNOWN;

		check(cx, e->ternary.cond, TYPE_LONG);
		l = check(cx, e->ternary.then, w);
		r = check(cx, e->ternary.otherwise, w != TYPE_UNKNOWN ? w : l == TYPE_VOID ? w : l);
		if (l == TYPE_UNKNOWN && (r == TYPE_LONG || r == TYPE_STRING))
			l = reinfer(cx, e->ternary.then, r);
		t = l != TYPE_UNKNOWN ? l : r;
		break;
	}
	case EXPR_ASSIGN: {
		struct expr *target = e->assign.target;
		const char *op = e->assign.op;

		if (strcmp(op, "=") == 0) {
			l = infer(cx, target, TYPE_UNKNOWN);
			r = infer(cx, e->assign.value, l);
			if (r == TYPE_VOID) {
				void_used(cx, e->assign.value);
			} else if (l == TYPE_UNKNOWN) {
				l = infer(cx, target, r);
			} else if (r != TYPE_UNKNOWN && r != l) {
				mismatch(cx, target, l);
			}
			t = l;
		} else if (strcmp(op, ".=") == 0) {
			check(cx, target, TYPE_STRING);
			check(cx, e->assign.value, TYPE_STRING);
			t = TYPE_STRING;
		} else {
			check(cx, target, TYPE_LONG);
			check(cx, e->assign.value, TYPE_LONG);
			t = TYPE_LONG;
		}
		break;
	}
	case EXPR_INCDEC:
		check(cx, e->incdec.target, TYPE_LONG);
		t = TYPE_LONG;
		break;
	case EXPR_CALL:
		t = infer_call(cx, e);
		break;
	}
	e->type = t;
	return t;
}

static void infer_opt(struct body_ctx *cx, struct expr *e, enum type want)
{
	if (!e)
		return;
	if (want == TYPE_VOID)
		infer(cx, e, TYPE_VOID);
	else
		check(cx, e, want);
}

static void infer_stmt(struct body_ctx *cx, struct stmt *s)
{
	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->block.n; i++)
			infer_stmt(cx, s->block.items[i]);
		break;
	case STMT_EXPR:
		infer(cx, s->expr, TYPE_VOID);
		break;
	case STMT_IF:
		check(cx, s->if_.cond, TYPE_LONG);
		infer_stmt(cx, s->if_.then);
		if (s->if_.otherwise)
			infer_stmt(cx, s->if_.otherwise);
		break;
	case STMT_WHILE:
	case STMT_FOR:
		infer_opt(cx, s->loop.init, TYPE_VOID);
		infer_opt(cx, s->loop.cond, TYPE_LONG);
		infer_opt(cx, s->loop.incr, TYPE_VOID);
		infer_stmt(cx, s->loop.body);
		break;
	case STMT_RETURN:
		if (s->expr && cx->fn) {
			enum type t = check(cx, s->expr, cx->fn->ret == TYPE_VOID ? TYPE_UNKNOWN
										: cx->fn->ret);

			if (cx->fn->ret == TYPE_UNKNOWN && (t == TYPE_LONG || t == TYPE_STRING)) {
				cx->fn->ret = t;
				cx->changed = true;
			}
		}
		break;
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_NEXT:
	case STMT_EMPTY:
		break;
	}
}

/* ---- driver ---- */

static void check_unresolved(struct symbol *list)
{
	for (struct symbol *sym = list; sym; sym = sym->next)
		if (sym->type == TYPE_UNKNOWN && (sym->used || sym->kind == SYM_PARAM))
			diag_semantic_error(sym->loc, sym->what, "unresolved type");
}

int elaborate(struct session *s, struct program *prog)
{
	int before = diag_error_count();
	struct body_ctx cx = { .prog = prog };
	bool more;

	(void)s;
	for (struct probe *p = prog->probes; p; p = p->next)
		for (struct probe_point *pp = p->points; pp; pp = pp->next)
			check_probe_point(pp);
	for (struct function *f = prog->functions; f; f = f->next)
		for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
			if (strcmp(f->name, builtins[i].name) == 0)
				diag_semantic_error(f->loc, f->what,
						    "function '%s' conflicts with a built-in function",
						    f->name);
	for (struct symbol *g = prog->globals; g; g = g->next)
		if (g->init)
			g->type = g->init->kind == EXPR_STRING ? TYPE_STRING : TYPE_LONG;

	/* resolution */
	add_implicit_globals(prog);
	for (struct probe *p = prog->probes; p; p = p->next) {
		struct body_ctx pc = { .prog = prog, .probe = p, .locals = &p->locals };

		resolve_stmt(&pc, p->body);
		p->touches_globals = pc.touches_globals;
		p->callees = pc.callees;
		p->ncallees = pc.ncallees;
	}
	/* Functions are resolved once a resolved body calls them (resolve_call
	 * marks them used); the ones no probe reaches are elided unexamined. */
	do {
		more = false;
		for (struct function *f = prog->functions; f; f = f->next) {
			if (!f->used || f->resolved)
				continue;
			struct body_ctx fc = { .prog = prog, .fn = f, .locals = &f->locals };

			f->resolved = more = true;
			resolve_stmt(&fc, f->body);
			f->touches_globals = fc.touches_globals;
			f->callees = fc.callees;
			f->ncallees = fc.ncallees;
			f->ret = f->declared != TYPE_UNKNOWN ? f->declared
				 : f->has_value_return ? TYPE_UNKNOWN : TYPE_VOID;
		}
	} while (more);
	do {
		more = false;
		for (struct function *f = prog->functions; f; f = f->next)
			for (int i = 0; i < f->ncallees; i++)
				if (f->callees[i]->touches_globals && !f->touches_globals)
					f->touches_globals = more = true;
	} while (more);
	for (struct probe *p = prog->probes; p; p = p->next)
		for (int i = 0; i < p->ncallees; i++)
			if (p->callees[i]->touches_globals)
				p->touches_globals = true;
	if (diag_error_count() != before)
		return diag_error_count() - before;

	/* types: to a fixed point, then once more reporting */
	for (;;) {
		cx.changed = false;
		cx.report = false;
		for (struct function *f = prog->functions; f; f = f->next) {
			cx.fn = f;
			if (f->used)
				infer_stmt(&cx, f->body);
		}
		cx.fn = NULL;
		for (struct probe *p = prog->probes; p; p = p->next)
			infer_stmt(&cx, p->body);
		if (!cx.changed)
			break;
	}
	cx.report = true;
	for (struct function *f = prog->functions; f; f = f->next) {
		cx.fn = f;
		if (f->used)
			infer_stmt(&cx, f->body);
	}
	cx.fn = NULL;
	for (struct probe *p = prog->probes; p; p = p->next)
		infer_stmt(&cx, p->body);

	for (struct symbol *g = prog->globals; g; g = g->next)
		if (!g->used && g->type == TYPE_UNKNOWN)
			diag_warning(g->loc, g->what, "eliding unused variable");
	check_unresolved(prog->globals);
	for (struct function *f = prog->functions; f; f = f->next) {
		if (!f->used)
			continue;
		check_unresolved(f->params);
		check_unresolved(f->locals);
		if (f->ret == TYPE_UNKNOWN)
			diag_semantic_error(f->loc, f->what, "unresolved return type of function '%s'",
					    f->name);
	}
	for (struct probe *p = prog->probes; p; p = p->next)
		check_unresolved(p->locals);
	return diag_error_count() - before;
}

/* ---- -p2 ---- */

static void print_symbols(FILE *out, const struct symbol *list, const char *indent)
{
	for (const struct symbol *sym = list; sym; sym = sym->next)
		fprintf(out, "%s%s:%s\n", indent, sym->name, type_name(sym->type));
}

void elaborate_print(FILE *out, const struct program *prog)
{
	bool any = false;

	fputs("# globals\n", out);
	for (const struct symbol *g = prog->globals; g; g = g->next)
		if (g->used || g->type != TYPE_UNKNOWN)
			fprintf(out, "%s:%s\n", g->name, type_name(g->type));
	for (const struct function *f = prog->functions; f; f = f->next) {
		if (!f->used)
			continue;
		if (!any)
			fputs("# functions\n", out);
		any = true;
		fprintf(out, "%s:%s (", f->name, type_name(f->ret));
		for (const struct symbol *p = f->params; p; p = p->next)
			fprintf(out, "%s%s:%s", p == f->params ? "" : ", ", p->name,
				type_name(p->type));
		fputs(")\n", out);
		if (f->locals) {
			fputs("  # locals\n", out);
			print_symbols(out, f->locals, "  ");
		}
	}
	fputs("# probes\n", out);
	for (const struct probe *p = prog->probes; p; p = p->next) {
		for (const struct probe_point *pp = p->points; pp; pp = pp->next) {
			fprintf(out, "%s /* <- %s */\n", pp->text, pp->text);
			if (p->locals) {
				fputs("  # locals\n", out);
				print_symbols(out, p->locals, "  ");
			}
		}
	}
}
