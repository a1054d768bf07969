/*
 * codegen_locks.c - which global locks each handler takes (stap_lock.h).
 * Every global has its own read/write lock, numbered in declaration order.
 * A probe handler takes, in that order and before its first statement, the
 * lock of every global its body or any function it calls (transitively)
 * touches: the write side when it changes the global, reads a statistic
 * (the per-cpu merge writes) or sorts an array in a foreach, else the read
 * side.
 *
 * Statistics, scalars and arrays alike, are per cpu (stap_stat.h,
 * stap_map.h): `<<<` changes only the running cpu's copy.  On a scalar it
 * takes no lock at all (runtime/stat.c: readers retry around a sequence
 * count, delete bumps a generation), which keeps the most common use of a
 * statistic as cheap as a probe that touches no global; on an array element
 * it takes the read side, so two cpus adding do not wait for each other.
 * Every other use (@count(x), `in`, foreach, delete) takes the write side,
 * because it reads every cpu's copy and writes the merge.  Lists are
 * emitted as const arrays.
 */
#include "config.h"

#include <string.h>

#include "ast_walk.h"
#include "codegen.h"

enum { NONE, READ, WRITE };

struct access {
	struct ast_walk w;             /* its arg: this */
	unsigned char *mode;           /* per lock number */
	const struct function **seen;  /* functions already walked */
	int nseen, capseen;
};

static void need(struct access *a, const struct symbol *sym, int mode)
{
	if (!sym || sym->kind != SYM_GLOBAL || sym->type == TYPE_UNKNOWN)
		return;
	if (sym->is_stat)
		mode = WRITE;          /* reading merges the cpus (see above) */
	if (a->mode[sym->lock] < mode)
		a->mode[sym->lock] = (unsigned char)mode;
}

/* `x <<< v` or `x[k] <<< v`: the read side is enough. */
static void need_add(struct access *a, const struct symbol *sym)
{
	if (!sym || sym->kind != SYM_GLOBAL || sym->type == TYPE_UNKNOWN)
		return;
	if (a->mode[sym->lock] < READ)
		a->mode[sym->lock] = READ;
}

static void walk_expr(struct access *a, struct expr *e)
{
	ast_walk_expr(&a->w, &e);
}

static void walk_function(struct access *a, const struct function *f)
{
	for (int i = 0; i < a->nseen; i++)
		if (a->seen[i] == f)
			return;
	if (a->nseen == a->capseen) {
		int ncap = a->capseen ? a->capseen * 2 : 16;
		const struct function **n = arena_alloc(sizeof *n * (size_t)ncap);

		if (a->nseen)
			memcpy(n, a->seen, sizeof *n * (size_t)a->nseen);
		a->seen = n;
		a->capseen = ncap;
	}
	a->seen[a->nseen++] = f;
	ast_walk_stmt(&a->w, f->body);
	for (int i = 0; i < f->neglobals; i++)
		need(a, f->eglobals[i].sym, f->eglobals[i].write ? WRITE : READ);
}

/* An lvalue being changed (or, with `<<<`, added to). */
static void walk_target(struct access *a, struct expr *t, bool stat_add)
{
	if (t->kind == EXPR_VAR) {
		if (!stat_add)    /* a scalar statistic's `<<<` needs no lock */
			need(a, t->var.sym, WRITE);
	} else if (t->kind == EXPR_INDEX && t->index.base->kind == EXPR_VAR) {
		if (stat_add)
			need_add(a, t->index.base->var.sym);
		else
			need(a, t->index.base->var.sym, WRITE);
		ast_walk_list(&a->w, t->index.idx, t->index.n);
	} else {
		walk_expr(a, t);
	}
}

/* The nodes that touch globals; the walk visits the children of the rest.
 * Target variables and @-operators were lowered before pass 3. */
static bool lock_expr(struct ast_walk *w, struct expr **ep)
{
	struct access *a = w->arg;
	struct expr *e = *ep;

	switch (e->kind) {
	case EXPR_VAR:
		need(a, e->var.sym, READ);
		return false;
	case EXPR_ASSIGN:
		walk_expr(a, e->assign.value);
		walk_target(a, e->assign.target, e->assign.op == OP_STAT_ADD);
		return false;
	case EXPR_INCDEC:
		walk_target(a, e->incdec.target, false);
		return false;
	case EXPR_CALL:
		ast_walk_list(w, e->call.args, e->call.nargs);
		if (e->call.fn)
			walk_function(a, e->call.fn);
		return false;
	case EXPR_INDEX:
		if (e->index.base->kind == EXPR_VAR)
			need(a, e->index.base->var.sym, READ);
		else
			walk_expr(a, e->index.base);
		ast_walk_list(w, e->index.idx, e->index.n);
		return false;
	case EXPR_IN:
		need(a, e->in.array->var.sym, READ);
		ast_walk_list(w, e->in.keys, e->in.nkeys);
		return false;
	case EXPR_STAT: {
		const struct expr *s = e->call.args[0];

		if (s->kind == EXPR_VAR) {
			need(a, s->var.sym, WRITE);
		} else if (s->kind == EXPR_INDEX && s->index.base->kind == EXPR_VAR) {
			need(a, s->index.base->var.sym, WRITE);
			ast_walk_list(w, s->index.idx, s->index.n);
		}
		ast_walk_list(w, e->call.args + 1, e->call.nargs - 1);
		return false;
	}
	case EXPR_TARGET:
	case EXPR_ATCALL:
		return false;
	default:
		return true;
	}
}

static bool lock_stmt(struct ast_walk *w, struct stmt *s)
{
	struct access *a = w->arg;

	switch (s->kind) {
	case STMT_FOREACH:
		if (s->foreach.array->kind == EXPR_VAR)
			need(a, s->foreach.array->var.sym, s->foreach.sort_dir ? WRITE : READ);
		else
			walk_expr(a, s->foreach.array);    /* a histogram's statistic */
		for (int i = 0; i < s->foreach.nkeys; i++)
			walk_target(a, s->foreach.keys[i], false);
		if (s->foreach.value)
			walk_target(a, s->foreach.value, false);
		ast_walk_list(w, s->foreach.slice, s->foreach.nslice);
		ast_walk_expr(w, &s->foreach.limit);
		ast_walk_stmt(w, s->foreach.body);
		return false;
	case STMT_DELETE:
		walk_target(a, s->expr, false);
		return false;
	case STMT_TRY:
		ast_walk_stmt(w, s->try_.body);
		if (s->try_.catch_var)
			walk_target(a, s->try_.catch_var, false);
		ast_walk_stmt(w, s->try_.handler);
		return false;
	default:
		return true;
	}
}

int codegen_number_locks(const struct program *prog)
{
	int n = 0;

	for (struct symbol *g = prog->globals; g; g = g->next)
		g->lock = g->type == TYPE_UNKNOWN ? -1 : n++;
	return n;
}

static int emit_list(struct buf *out, const char *name, const unsigned char *mode, int nlocks)
{
	int n = 0;

	for (int i = 0; i < nlocks; i++) {
		if (mode[i] == NONE)
			continue;
		if (!n)
			buf_printf(out, "static const struct stp_lock_req %s[] = {\n", name);
		buf_printf(out, "\t{ %d, %s },\n", i, mode[i] == WRITE ? "true" : "false");
		n++;
	}
	if (n)
		buf_puts(out, "};\n\n");
	return n;
}

int codegen_probe_locks(const struct probe *p, int nlocks, struct buf *out, const char *name)
{
	struct access a = { .w = { .expr = lock_expr, .stmt = lock_stmt },
			    .mode = arena_alloc((size_t)nlocks + 1) };

	a.w.arg = &a;
	ast_walk_stmt(&a.w, p->body);
	return emit_list(out, name, a.mode, nlocks);
}

int codegen_write_locks(const struct program *prog, bool (*want)(const struct symbol *),
			int nlocks, struct buf *out, const char *name)
{
	unsigned char *mode = arena_alloc((size_t)nlocks + 1);

	for (const struct symbol *g = prog->globals; g; g = g->next)
		if (g->lock >= 0 && want(g))
			mode[g->lock] = WRITE;
	return emit_list(out, name, mode, nlocks);
}
