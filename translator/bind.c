/*
 * bind.c - pass 2's symbol resolution: every identifier becomes a function
 * parameter, a global (declared anywhere in the script) or else a local of
 * its probe or function; calls bind to built-ins or user functions with the
 * right number of arguments; printf formats are parsed; statements that
 * make no sense where they stand (break outside loops, return in probes)
 * are rejected; which bodies touch globals is recorded.  A global used with
 * keys is an array (its first use fixes the arity); one that `<<<` adds to
 * is a statistic, read only through @count ... @hist_*; the body of a
 * foreach must not change its array.  Also the implicit globals (below).
 * Driven by elaborate.c.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "ast_walk.h"
#include "elaborate_ctx.h"
#include "stat_hist.h"
#include "builtins.h"
#include "regex_use.h"
#include "resolve.h"
#include "unsupported.h"
#include "overload.h"
#include "probe_families.h"
#include "format.h"

/* ---- resolution ---- */

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
		if (sym && !overload_global_visible(sym, e->loc.src))
			sym = NULL;     /* another file's private global */
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

/* A tapset function marked guru (set_kernel_* and the like: they write
 * kernel memory) may be called from the user's script only under -g. */
static void check_guru_call(struct body_ctx *cx, const struct expr *e, const struct function *f)
{
	if (!f->embedded || !strstr(f->embedded, "/* guru */") || cx->s->guru)
		return;
	if (!e->loc.src || strcmp(e->loc.src->name, cx->s->script_name) != 0)
		return;         /* tapset code is trusted */
	diag_semantic_error(e->loc, e->what, "function '%s' needs guru mode (stap -g)", f->name);
}

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
	const struct builtin_desc *bd = builtin_find(name);

	if (bd) {
		e->call.builtin = bd->b;
		if (e->call.nargs < bd->min || (bd->max >= 0 && e->call.nargs > bd->max)) {
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
		if (e->call.builtin >= BUILTIN_PRINTD && e->call.builtin <= BUILTIN_SPRINTDLN &&
		    e->call.args[0]->kind != EXPR_STRING)
			diag_semantic_error(e->call.args[0]->loc, e->call.args[0]->what,
					    "%s delimiter must be a literal string", name);
		return;
	}
	struct function *f = overload_find(cx->prog, e);
	if (f) {
		check_guru_call(cx, e, f);
		e->call.fn = f;
		e->call.builtin = BUILTIN_NONE;
		for (; f; f = f->next_candidate) {
			f->used = true;
			add_callee(cx, f);
		}
		return;
	}
	if (overload_explain(cx->prog, e))
		return;
	const struct libfn *lib = libfn_find(name);
	if (lib) {
		e->call.builtin = BUILTIN_LIB;
		e->call.lib = lib;
		if (lib->style == LIB_MATCH)
			cx->prog->regex_captures = true;
		if (e->call.nargs != lib->nargs)
			diag_semantic_error(e->loc, e->what, "wrong number of arguments to %s (%d given)",
					    name, e->call.nargs);
		return;
	}
	diag_semantic_error(e->loc, e->what, "unresolved function");
}

/* VAR names a global array of NKEYS keys (the first use fixes the arity). */
static struct symbol *resolve_array(struct body_ctx *cx, struct expr *var, int nkeys)
{
	struct symbol *sym;

	resolve_var(cx, var);
	sym = var->var.sym;
	if (sym->kind != SYM_GLOBAL) {
		diag_semantic_error(var->loc, var->what,
				    "array '%s' must be declared global", sym->name);
		return NULL;
	}
	if (nkeys > 9) {
		diag_semantic_error(var->loc, var->what, "too many array keys (limit is 9)");
		return NULL;
	}
	if (sym->nkeys == 0) {
		sym->nkeys = nkeys;
		sym->is_array = true;
	} else if (sym->nkeys != nkeys) {
		diag_semantic_error(var->loc, var->what,
				    "inconsistent arity (%d keys here, %d elsewhere)", nkeys,
				    sym->nkeys);
		return NULL;
	}
	return sym;
}

static void resolve_expr(struct body_ctx *cx, struct expr *e);

static void resolve_keys(struct body_ctx *cx, struct expr **keys, int n)
{
	for (int i = 0; i < n; i++)
		if (keys[i])
			resolve_expr(cx, keys[i]);
}

/* The body of `foreach (k in x)` must not change x (as upstream). */
static void check_not_looped(struct body_ctx *cx, const struct symbol *sym, const struct expr *e)
{
	for (int i = 0; i < cx->nlooped; i++)
		if (cx->looped[i] == sym && sym->nkeys) {
			diag_semantic_error(e->loc, e->what,
					    "variable '%s' modified during 'foreach' iteration", sym->name);
			return;
		}
}

/*
 * Embedded C reaches a script's global through STAP_GLOBAL_GET_x() and
 * STAP_GLOBAL_SET_x(v), an array's element through STAP_GLOBAL_GET_x(k1, k2)
 * and STAP_GLOBAL_SET_x(k1, k2, v), as upstream: each name found in the code is
 * bound to the global here (an unknown one is an error at the function), so
 * the global is kept, locked by every probe that calls the function, and
 * given the two macros around the code (codegen_embedded.c).
 */
void link_embedded_globals(struct body_ctx *cx, struct function *f)
{
	static const char *const prefixes[] = { "STAP_GLOBAL_GET_", "STAP_GLOBAL_SET_" };

	for (int k = 0; k < 2; k++) {
		size_t plen = strlen(prefixes[k]);

		for (const char *p = strstr(f->embedded, prefixes[k]); p;
		     p = strstr(p + plen, prefixes[k])) {
			const char *name = p + plen;
			size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					  "0123456789_");
			struct symbol *g;

			for (g = cx->prog->globals; g; g = g->next)
				if (strlen(g->name) == n && strncmp(g->name, name, n) == 0)
					break;
			if (!g) {
				diag_semantic_error(f->loc, f->what, "%s%.*s names no global "
						    "in embedded code", prefixes[k], (int)n, name);
				continue;
			}
			bool seen = false;

			for (int i = 0; i < f->neglobals; i++)
				seen = seen || (f->eglobals[i].sym == g && f->eglobals[i].write == (k == 1));
			if (!seen) {
				struct embedded_global *v = arena_alloc(sizeof *v * (size_t)(f->neglobals + 1));

				if (f->neglobals)
					memcpy(v, f->eglobals, sizeof *v * (size_t)f->neglobals);
				v[f->neglobals++] = (struct embedded_global){ g, k == 1 };
				f->eglobals = v;
			}
			g->used = true;
			if (k == 1)
				g->written = true;
			else
				g->read = true;
			cx->touches_globals = true;
		}
	}
}

/* An lvalue: a variable or an array element; READ when its old value counts. */
static void resolve_lvalue(struct body_ctx *cx, struct expr *e, bool read)
{
	struct symbol *sym = NULL;

	if (e->kind == EXPR_VAR) {
		resolve_var(cx, e);
		sym = e->var.sym;
	} else if (e->kind == EXPR_INDEX && e->index.base->kind == EXPR_VAR) {
		sym = resolve_array(cx, e->index.base, e->index.n);
		resolve_keys(cx, e->index.idx, e->index.n);
	} else {
		resolve_expr(cx, e);
	}
	if (sym) {
		sym->written = true;
		if (read)
			sym->read = true;
		check_not_looped(cx, sym, e);
	}
}

static int64_t literal_number(struct body_ctx *cx, struct expr *e, bool *ok)
{
	int64_t v;

	(void)cx;
	if (hist_literal(e, &v))
		return v;
	diag_semantic_error(e->loc, e->what, "histogram parameters must be literal numbers");
	*ok = false;
	return 0;
}

/*
 * @variance(x[, SHIFT]): the statistic keeps a running mean and M2 scaled
 * by 2^SHIFT from the first `<<<` on, so SHIFT is a literal and one per
 * statistic.
 */
static void resolve_variance_shift(struct expr *e, struct symbol *sym)
{
	int64_t shift = 0;

	if (e->call.nargs > 1 && !hist_literal(e->call.args[1], &shift)) {
		diag_semantic_error(e->call.args[1]->loc, e->call.args[1]->what,
				    "expected literal number");
		return;
	}
	if (shift < 0 || shift > 62) {
		diag_semantic_error(e->call.args[1]->loc, e->call.args[1]->what,
				    "bit shift must be in range 0..62");
		return;
	}
	if (sym->variance && sym->var_shift != shift) {
		diag_semantic_error(e->loc, e->what,
				    "conflicting @variance bit shifts for '%s' (%d and %d)",
				    sym->name, sym->var_shift, (int)shift);
		return;
	}
	sym->variance = true;
	sym->var_shift = (int)shift;
}

/* @count(x) ... @hist_log(x[k]): the statistic is args[0]. */
static void resolve_stat(struct body_ctx *cx, struct expr *e)
{
	struct expr *a = e->call.args[0];
	struct symbol *sym = NULL;

	if (a->kind == EXPR_VAR) {
		resolve_var(cx, a);
		sym = a->var.sym;
		if (sym->kind != SYM_GLOBAL) {
			diag_semantic_error(a->loc, a->what, "statistic '%s' must be declared global",
					    sym->name);
			return;
		}
	} else if (a->kind == EXPR_INDEX && a->index.base->kind == EXPR_VAR) {
		sym = resolve_array(cx, a->index.base, a->index.n);
		resolve_keys(cx, a->index.idx, a->index.n);
	} else {
		diag_semantic_error(a->loc, a->what, "%s needs a statistic", e->call.name);
		return;
	}
	if (!sym)
		return;
	sym->read = true;
	for (int i = 1; i < e->call.nargs; i++)
		resolve_expr(cx, e->call.args[i]);
	if (strcmp(e->call.name, "@min") == 0 || strcmp(e->call.name, "@max") == 0)
		sym->extrema = true;
	if (strcmp(e->call.name, "@variance") == 0) {
		resolve_variance_shift(e, sym);
		return;
	}
	if (strcmp(e->call.name, "@hist_linear") == 0 || strcmp(e->call.name, "@hist_log") == 0) {
		bool ok = true, linear = e->call.name[6] == 'l' && e->call.name[7] == 'i';
		int64_t lo = 0, hi = 0, step = 0;

		if (linear) {
			lo = literal_number(cx, e->call.args[1], &ok);
			hi = literal_number(cx, e->call.args[2], &ok);
			step = literal_number(cx, e->call.args[3], &ok);
			if (!ok)
				return;
			int64_t span;

			/* Everything else (interval 0, too many or too few
			 * buckets) is upstream's run-time warning, at START. */
			if (__builtin_sub_overflow(hi, lo, &span) || span == INT64_MIN) {
				diag_semantic_error(e->loc, e->what,
						    "histogram range too large (hi - lo overflows)");
				return;
			}
		}
		struct hist_kind hk = { .kind = linear ? 1 : 2, .lo = lo, .hi = hi, .step = step };

		if (hist_find(sym, &hk) < 0) {
			if (sym->nhist == MAX_HISTS_PER_STAT) {
				diag_semantic_error(e->loc, e->what,
						    "too many histograms of statistic '%s' (limit is %d)",
						    sym->name, MAX_HISTS_PER_STAT);
				return;
			}
			sym->hists[sym->nhist++] = hk;
		}
	}
}

static void resolve_expr(struct body_ctx *cx, struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
		break;
	case EXPR_VAR:
		resolve_var(cx, e);
		e->var.sym->read = true;
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
		if (e->assign.op == OP_STAT_ADD) {
			struct expr *t = e->assign.target;

			if (t->kind == EXPR_VAR) {
				resolve_var(cx, t);
				if (t->var.sym->kind != SYM_GLOBAL)
					diag_semantic_error(t->loc, t->what,
							    "statistic '%s' must be declared global",
							    t->var.sym->name);
			}
			resolve_lvalue(cx, t, false);
			if (t->kind == EXPR_VAR || t->kind == EXPR_INDEX) {
				struct symbol *sym = t->kind == EXPR_VAR ? t->var.sym
									 : t->index.base->var.sym;
				sym->is_stat = true;
				sym->type = TYPE_LONG;
			}
			resolve_expr(cx, e->assign.value);
			break;
		}
		/* x += v and x++ only update x: a global changed only so
		 * is still auto-printed, as upstream */
		resolve_lvalue(cx, e->assign.target, false);
		resolve_expr(cx, e->assign.value);
		break;
	case EXPR_INCDEC:
		resolve_lvalue(cx, e->incdec.target, false);
		break;
	case EXPR_CALL:
		resolve_call(cx, e);
		break;
	case EXPR_INDEX:
		if (e->index.base->kind == EXPR_VAR) {
			struct symbol *sym = resolve_array(cx, e->index.base, e->index.n);

			if (sym)
				sym->read = true;
		} else {
			resolve_stat(cx, e->index.base);
		}
		resolve_keys(cx, e->index.idx, e->index.n);
		break;
	case EXPR_IN: {
		struct symbol *sym = resolve_array(cx, e->in.array, e->in.nkeys);

		if (sym)
			sym->read = true;
		resolve_keys(cx, e->in.keys, e->in.nkeys);
		break;
	}
	case EXPR_STAT:
		resolve_stat(cx, e);
		break;
	case EXPR_EMBEDDED:     /* guru mode was checked by the parser */
		cx->prog->has_embedded_expr = true;
		break;
	case EXPR_REGEX:
		resolve_expr(cx, e->binary.left);
		resolve_expr(cx, e->binary.right);
		regex_use_resolve(cx->prog, e);
		break;
	case EXPR_TARGET:
	case EXPR_ATCALL:
		internal_error("%s reached pass 2 unchecked", e->what);
	}
}

static void resolve_opt(struct body_ctx *cx, struct expr *e)
{
	if (e)
		resolve_expr(cx, e);
}

void resolve_stmt(struct body_ctx *cx, struct stmt *s)
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
	case STMT_NEXT:   /* in a function: on to the next candidate (overload.c) */
		/* every used function is resolved before codegen reads this */
		if (cx->fn)
			cx->fn->has_next = true;
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
	case STMT_FOREACH: {
		struct symbol *sym = NULL;

		if (s->foreach.array->kind == EXPR_STAT) {
			/* foreach (b in @hist_log(x)): b runs over the bucket numbers */
			resolve_stat(cx, s->foreach.array);
			if (s->foreach.nkeys != 1 || s->foreach.value || s->foreach.sort_dir)
				diag_semantic_error(s->foreach.array->loc, s->foreach.array->what,
						    "foreach over a histogram takes one bucket "
						    "variable, without value or sorting");
		} else {
			sym = resolve_array(cx, s->foreach.array, s->foreach.nkeys);
		}
		if (sym)
			sym->read = true;
		for (int i = 0; i < s->foreach.nkeys; i++)
			resolve_var(cx, s->foreach.keys[i]);
		if (s->foreach.value)
			resolve_var(cx, s->foreach.value);
		if (s->foreach.limit)
			resolve_expr(cx, s->foreach.limit);
		if (s->foreach.nslice && s->foreach.nslice != s->foreach.nkeys)
			diag_semantic_error(s->foreach.array->loc, s->foreach.array->what,
					    "the slice has %d keys, the loop %d", s->foreach.nslice,
					    s->foreach.nkeys);
		resolve_keys(cx, s->foreach.slice, s->foreach.nslice);
		cx->loops++;
		cx->looped[cx->nlooped++] = sym;
		resolve_stmt(cx, s->foreach.body);
		cx->nlooped--;
		cx->loops--;
		break;
	}
	case STMT_DELETE:
		if (s->expr->kind == EXPR_VAR) {
			resolve_var(cx, s->expr);
			s->expr->var.sym->written = true;
			check_not_looped(cx, s->expr->var.sym, s->expr);
		} else {
			resolve_lvalue(cx, s->expr, false);
		}
		break;
	case STMT_TRY:
		resolve_stmt(cx, s->try_.body);
		if (s->try_.catch_var)
			resolve_var(cx, s->try_.catch_var);
		resolve_stmt(cx, s->try_.handler);
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
	bool array;                    /* used with keys: always a global */
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

/* VAR (already noted) names an array. */
static void note_array(struct name_table *t, const struct expr *var)
{
	size_t j = ptr_hash(var->var.name, t->size);

	while (t->slots[j].name && t->slots[j].name != var->var.name)
		j = (j + 1) & (t->size - 1);
	if (t->slots[j].name)
		t->slots[j].array = true;
}

/* One body's walk: the names it uses, in order. */
struct collect {
	struct ast_walk w;             /* its arg: this */
	struct name_table *t;
	int probe;
};

static bool collect_expr(struct ast_walk *w, struct expr **ep)
{
	struct collect *c = w->arg;
	struct expr *e = *ep;

	switch (e->kind) {
	case EXPR_VAR:
		note_name(c->t, e, c->probe, false);
		return false;
	case EXPR_ASSIGN:
		/* The value is evaluated first; a plain '=' only writes its target. */
		ast_walk_expr(w, &e->assign.value);
		if (e->assign.target->kind == EXPR_VAR)
			note_name(c->t, e->assign.target, c->probe,
				  e->assign.op == OP_ASSIGN);
		else
			ast_walk_expr(w, &e->assign.target);
		return false;
	case EXPR_INDEX:
		ast_walk_expr_children(w, e);
		if (e->index.base->kind == EXPR_VAR)
			note_array(c->t, e->index.base);
		return false;
	case EXPR_IN:
		ast_walk_expr_children(w, e);
		note_array(c->t, e->in.array);
		return false;
	case EXPR_TARGET:
	case EXPR_ATCALL:
		internal_error("%s reached pass 2 unchecked", e->what);
	default:
		return true;
	}
}

static bool collect_stmt(struct ast_walk *w, struct stmt *s)
{
	struct collect *c = w->arg;

	switch (s->kind) {
	case STMT_FOREACH:
		for (int i = 0; i < s->foreach.nkeys; i++)
			note_name(c->t, s->foreach.keys[i], c->probe, true);
		if (s->foreach.value)
			note_name(c->t, s->foreach.value, c->probe, true);
		ast_walk_expr(w, &s->foreach.array);
		if (s->foreach.array->kind == EXPR_VAR)
			note_array(c->t, s->foreach.array);
		ast_walk_list(w, s->foreach.slice, s->foreach.nslice);
		ast_walk_expr(w, &s->foreach.limit);
		ast_walk_stmt(w, s->foreach.body);
		return false;
	case STMT_TRY:
		ast_walk_stmt(w, s->try_.body);
		if (s->try_.catch_var)
			note_name(c->t, s->try_.catch_var, c->probe, true);
		ast_walk_stmt(w, s->try_.handler);
		return false;
	default:
		return true;
	}
}

void add_implicit_globals(struct program *prog)
{
	struct name_table t = { 0 };
	struct symbol **tail = &prog->globals;

	for (struct probe *p = prog->probes; p; p = p->next) {
		struct collect c = { .w = { .expr = collect_expr, .stmt = collect_stmt },
				     .t = &t, .probe = p->index };

		c.w.arg = &c;
		ast_walk_stmt(&c.w, p->body);
	}
	while (*tail)
		tail = &(*tail)->next;
	for (size_t i = 0; i < t.norder; i++) {
		struct name_use *u = t.order[i];

		if ((!u->array && (u->bodies < 2 || !u->read_first)) ||
		    find_symbol(prog->globals, u->name))
			continue;
		if (u->array)
			diag_warning(u->loc, u->what, "array '%s' made global (declare it with "
				     "'global %s')", u->name, u->name);
		else
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
