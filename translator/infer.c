/*
 * infer.c - pass 2's type inference: every variable, function, array key
 * and array value is long or string.  elaborate.c runs infer_stmt over all
 * bodies until nothing changes, then once more with cx->report set so
 * mismatches are reported.
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

/* ---- type inference ---- */

/* Gives SYM type T if it has none yet; SITE (may be NULL) is remembered as
 * where the type came from, for a later mismatch message. */
static void set_symbol_type(struct body_ctx *cx, struct symbol *sym, enum type t,
			    const struct expr *site)
{
	if (sym->type == TYPE_UNKNOWN && (t == TYPE_LONG || t == TYPE_STRING)) {
		sym->type = t;
		sym->type_loc = site ? site->loc : sym->loc;
		sym->type_what = site ? site->what : sym->what;
		cx->changed = true;
	}
}

static enum type infer(struct body_ctx *cx, struct expr *e, enum type want);

/* E has type HAVE where WANT is needed (TYPE_UNKNOWN: not known here).  Like
 * upstream, a variable's conflict also names where its type was inferred. */
static void mismatch(struct body_ctx *cx, struct expr *e, enum type have, enum type want)
{
	const struct symbol *sym = e->kind == EXPR_VAR ? e->var.sym : NULL;

	if (!cx->report)
		return;
	if (want == TYPE_UNKNOWN || want == have)
		diag_semantic_error(e->loc, e->what, "type mismatch (%s)", type_name(have));
	else
		diag_semantic_error(e->loc, e->what, "type mismatch (%s vs. %s)",
				    type_name(have), type_name(want));
	if (sym && sym->type_what && sym->type == have &&
	    (sym->type_loc.line != e->loc.line || sym->type_loc.col != e->loc.col))
		diag_semantic_error(sym->type_loc, sym->type_what,
				    "type was first inferred here (%s)", type_name(sym->type));
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
		mismatch(cx, e, t, want);
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

static void set_key_type(struct body_ctx *cx, enum type *slot, enum type t)
{
	if (*slot == TYPE_UNKNOWN && (t == TYPE_LONG || t == TYPE_STRING)) {
		*slot = t;
		cx->changed = true;
	}
}

static void type_error(struct body_ctx *cx, struct expr *e, const char *msg)
{
	if (cx->report)
		diag_semantic_error(e->loc, e->what, "%s", msg);
}

/* The keys of an element of SYM; '*' (NULL) only where WILD allows. */
static void infer_keys(struct body_ctx *cx, struct symbol *sym, struct expr **keys, int n,
		       bool wild, struct expr *at)
{
	for (int i = 0; i < n && i < 9; i++) {
		if (!keys[i]) {
			if (!wild)
				type_error(cx, at, "'*' is only allowed in delete and 'in'");
			continue;
		}
		enum type t = check(cx, keys[i], sym->key_types[i]);

		set_key_type(cx, &sym->key_types[i], t);
	}
}

/* The statistic argument of @count(x) ... (an EXPR_VAR or EXPR_INDEX). */
static void infer_stat_operand(struct body_ctx *cx, struct expr *a)
{
	struct symbol *sym;

	if (a->kind == EXPR_VAR) {
		sym = a->var.sym;
		if (sym->nkeys)
			type_error(cx, a, "array used without keys");
	} else {
		sym = a->index.base->var.sym;
		infer_keys(cx, sym, a->index.idx, a->index.n, false, a);
	}
	if (!sym->is_stat && sym->kind == SYM_GLOBAL && !sym->written &&
	    sym->type == TYPE_UNKNOWN) {
		/* only ever read as a statistic: an empty one, as upstream
		 * compiles it (@count gives 0, @min ... "empty aggregate") */
		sym->is_stat = true;
		sym->type = TYPE_LONG;
	}
	if (!sym->is_stat)
		type_error(cx, a, "not a statistic (no '<<<' adds to it)");
	a->type = TYPE_LONG;
}

static bool is_hist(const struct expr *e)
{
	return e->kind == EXPR_STAT && strncmp(e->call.name, "@hist_", 6) == 0;
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
		for (int i = 0; i < e->call.nargs; i++) {
			if (is_hist(e->call.args[i]))
				infer(cx, e->call.args[i], TYPE_VOID);
			else
				check(cx, e->call.args[i], TYPE_UNKNOWN);
		}
		return TYPE_VOID;
	case BUILTIN_SPRINT:
	case BUILTIN_SPRINTLN:
		for (int i = 0; i < e->call.nargs; i++)
			check(cx, e->call.args[i], TYPE_UNKNOWN);
		return TYPE_STRING;
	case BUILTIN_PRINTD:
	case BUILTIN_PRINTDLN:
	case BUILTIN_SPRINTD:
	case BUILTIN_SPRINTDLN:
		check(cx, e->call.args[0], TYPE_STRING);
		for (int i = 1; i < e->call.nargs; i++)
			check(cx, e->call.args[i], TYPE_UNKNOWN);
		return e->call.builtin == BUILTIN_PRINTD || e->call.builtin == BUILTIN_PRINTDLN ?
		       TYPE_VOID : TYPE_STRING;
	case BUILTIN_EXIT:
	case BUILTIN_ABORT:
		return TYPE_VOID;
	case BUILTIN_ERROR:
	case BUILTIN_WARN:
		check(cx, e->call.args[0], TYPE_STRING);
		return TYPE_VOID;
	case BUILTIN_STRLEN:
		check(cx, e->call.args[0], TYPE_STRING);
		return TYPE_LONG;
	case BUILTIN_LIB:
		if (e->call.nargs == e->call.lib->nargs)
			for (int i = 0; i < e->call.nargs; i++)
				check(cx, e->call.args[i], e->call.lib->args[i]);
		return e->call.lib->ret;
	case BUILTIN_NONE:
		break;
	}
	if (!f || f->nparams != e->call.nargs)
		return TYPE_UNKNOWN;
	/* every candidate of the chain gets the same arguments and must agree
	 * on the result */
	enum type ret = TYPE_UNKNOWN;
	for (; f; f = f->next_candidate) {
		struct symbol *p = f->params;

		for (int i = 0; i < e->call.nargs; i++, p = p->next) {
			enum type t = check(cx, e->call.args[i], p->type);

			set_symbol_type(cx, p, t, e->call.args[i]);
		}
		if (ret == TYPE_UNKNOWN)
			ret = f->ret;
		else if (f->ret != TYPE_UNKNOWN && f->ret != ret)
			type_error(cx, e, arena_printf("overloaded function '%s' returns %s in one "
						       "definition and %s in another", f->name,
						       type_name(ret), type_name(f->ret)));
	}
	return ret;
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
		if (e->var.sym && (e->var.sym->nkeys || e->var.sym->is_stat)) {
			type_error(cx, e, e->var.sym->nkeys ? "array used without keys"
					  : "statistic used as a value (use @count, @sum ...)");
			t = TYPE_LONG;
		} else if (e->var.sym) {
			if (want == TYPE_LONG || want == TYPE_STRING)
				set_symbol_type(cx, e->var.sym, want, e);
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
		enum op op = e->assign.op;

		if (op == OP_STAT_ADD) {
			check(cx, e->assign.value, TYPE_LONG);
			if (target->kind == EXPR_VAR && target->var.sym->nkeys)
				type_error(cx, target, "array used without keys");
			else if (target->kind == EXPR_INDEX && target->index.base->kind == EXPR_VAR)
				infer_keys(cx, target->index.base->var.sym, target->index.idx,
					   target->index.n, false, target);
			t = TYPE_VOID;
		} else if (op == OP_ASSIGN) {
			l = infer(cx, target, TYPE_UNKNOWN);
			r = infer(cx, e->assign.value, l);
			if (r == TYPE_VOID) {
				void_used(cx, e->assign.value);
			} else if (l == TYPE_UNKNOWN) {
				l = infer(cx, target, r);
			} else if (r != TYPE_UNKNOWN && r != l) {
				mismatch(cx, target, l, r);
			}
			t = l;
		} else if (op == OP_CONCAT_ASSIGN) {
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
	case EXPR_INDEX:
		if (e->index.base->kind != EXPR_VAR) {
			infer(cx, e->index.base, TYPE_VOID);
			check(cx, e->index.idx[0], TYPE_LONG);
			t = TYPE_LONG;
			break;
		}
		{
			struct symbol *sym = e->index.base->var.sym;

			infer_keys(cx, sym, e->index.idx, e->index.n, false, e);
			if (sym->is_stat) {
				type_error(cx, e, "statistic used as a value (use @count, @sum ...)");
				t = TYPE_LONG;
				break;
			}
			if (want == TYPE_LONG || want == TYPE_STRING)
				set_symbol_type(cx, sym, want, e);
			t = sym->type;
		}
		break;
	case EXPR_IN:
		infer_keys(cx, e->in.array->var.sym, e->in.keys, e->in.nkeys, true, e);
		t = TYPE_LONG;
		break;
	case EXPR_STAT:
		infer_stat_operand(cx, e->call.args[0]);
		for (int i = 1; i < e->call.nargs; i++)
			check(cx, e->call.args[i], TYPE_LONG);
		t = is_hist(e) ? TYPE_VOID : TYPE_LONG;
		break;
	case EXPR_EMBEDDED:
		/* a long unless the code says it is a string */
		t = strstr(e->str, "/* string */") ? TYPE_STRING : TYPE_LONG;
		break;
	case EXPR_REGEX:
		check(cx, e->binary.left, TYPE_STRING);
		check(cx, e->binary.right, TYPE_STRING);
		t = TYPE_LONG;
		break;
	case EXPR_TARGET:
	case EXPR_ATCALL:
		internal_error("%s reached pass 2 unchecked", e->what);
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

void infer_stmt(struct body_ctx *cx, struct stmt *s)
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
	case STMT_FOREACH: {
		struct symbol *a;

		if (s->foreach.array->kind == EXPR_STAT) {
			struct expr *b = s->foreach.keys[0];

			infer(cx, s->foreach.array, TYPE_VOID);
			set_symbol_type(cx, b->var.sym, TYPE_LONG, b);
			check(cx, b, TYPE_LONG);
			infer_opt(cx, s->foreach.limit, TYPE_LONG);
			infer_stmt(cx, s->foreach.body);
			break;
		}
		a = s->foreach.array->var.sym;
		for (int i = 0; i < s->foreach.nkeys && i < 9; i++) {
			struct symbol *k = s->foreach.keys[i]->var.sym;

			set_symbol_type(cx, k, a->key_types[i], s->foreach.keys[i]);
			set_key_type(cx, &a->key_types[i], k->type);
			if (k->type != TYPE_UNKNOWN && a->key_types[i] != TYPE_UNKNOWN &&
			    k->type != a->key_types[i])
				mismatch(cx, s->foreach.keys[i], k->type, a->key_types[i]);
			s->foreach.keys[i]->type = k->type;
		}
		if (s->foreach.value) {
			struct symbol *v = s->foreach.value->var.sym;

			if (a->is_stat) {
				type_error(cx, s->foreach.value,
					   "a statistic array's value cannot be bound (use @count(x[k]) ...)");
			} else {
				set_symbol_type(cx, v, a->type, s->foreach.value);
				set_symbol_type(cx, a, v->type, s->foreach.value);
				if (v->type != TYPE_UNKNOWN && a->type != TYPE_UNKNOWN &&
				    v->type != a->type)
					mismatch(cx, s->foreach.value, v->type, a->type);
			}
			s->foreach.value->type = v->type;
		}
		infer_keys(cx, a, s->foreach.slice, s->foreach.nslice, true, s->foreach.array);
		if (s->foreach.sort_aggr && !a->is_stat)
			type_error(cx, s->foreach.array, "sorting on an aggregate needs a statistic array");
		infer_opt(cx, s->foreach.limit, TYPE_LONG);
		infer_stmt(cx, s->foreach.body);
		break;
	}
	case STMT_DELETE: {
		struct expr *e = s->expr;

		if (e->kind == EXPR_INDEX)
			infer_keys(cx, e->index.base->var.sym, e->index.idx, e->index.n, true, e);
		break;
	}
	case STMT_TRY:
		infer_stmt(cx, s->try_.body);
		if (s->try_.catch_var) {
			set_symbol_type(cx, s->try_.catch_var->var.sym, TYPE_STRING, s->try_.catch_var);
			check(cx, s->try_.catch_var, TYPE_STRING);
		}
		infer_stmt(cx, s->try_.handler);
		break;
	}
}
