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

#include "codegen.h"

enum { NONE, READ, WRITE };

struct access {
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

static void walk_expr(struct access *a, const struct expr *e);
static void walk_stmt(struct access *a, const struct stmt *s);

static void walk_list(struct access *a, struct expr *const *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v[i])
			walk_expr(a, v[i]);
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
	if (f->body)
		walk_stmt(a, f->body);
	for (int i = 0; i < f->neglobals; i++)
		need(a, f->eglobals[i].sym, f->eglobals[i].write ? WRITE : READ);
}

/* An lvalue being changed (or, with `<<<`, added to). */
static void walk_target(struct access *a, const struct expr *t, bool stat_add)
{
	if (t->kind == EXPR_VAR) {
		if (!stat_add)    /* a scalar statistic's `<<<` needs no lock */
			need(a, t->var.sym, WRITE);
	} else if (t->kind == EXPR_INDEX && t->index.base->kind == EXPR_VAR) {
		if (stat_add)
			need_add(a, t->index.base->var.sym);
		else
			need(a, t->index.base->var.sym, WRITE);
		walk_list(a, t->index.idx, t->index.n);
	} else {
		walk_expr(a, t);
	}
}

static void walk_expr(struct access *a, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
	case EXPR_EMBEDDED:
		break;
	case EXPR_VAR:
		need(a, e->var.sym, READ);
		break;
	case EXPR_UNARY:
		walk_expr(a, e->unary.operand);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_REGEX:
		walk_expr(a, e->binary.left);
		walk_expr(a, e->binary.right);
		break;
	case EXPR_TERNARY:
		walk_expr(a, e->ternary.cond);
		walk_expr(a, e->ternary.then);
		walk_expr(a, e->ternary.otherwise);
		break;
	case EXPR_ASSIGN:
		walk_expr(a, e->assign.value);
		walk_target(a, e->assign.target, strcmp(e->assign.op, "<<<") == 0);
		break;
	case EXPR_INCDEC:
		walk_target(a, e->incdec.target, false);
		break;
	case EXPR_CALL:
		walk_list(a, e->call.args, e->call.nargs);
		if (e->call.fn)
			walk_function(a, e->call.fn);
		break;
	case EXPR_INDEX:
		if (e->index.base->kind == EXPR_VAR)
			need(a, e->index.base->var.sym, READ);
		else
			walk_expr(a, e->index.base);
		walk_list(a, e->index.idx, e->index.n);
		break;
	case EXPR_IN:
		need(a, e->in.array->var.sym, READ);
		walk_list(a, e->in.keys, e->in.nkeys);
		break;
	case EXPR_STAT: {
		const struct expr *s = e->call.args[0];

		if (s->kind == EXPR_VAR) {
			need(a, s->var.sym, WRITE);
		} else if (s->kind == EXPR_INDEX && s->index.base->kind == EXPR_VAR) {
			need(a, s->index.base->var.sym, WRITE);
			walk_list(a, s->index.idx, s->index.n);
		}
		walk_list(a, e->call.args + 1, e->call.nargs - 1);
		break;
	}
	case EXPR_TARGET:
	case EXPR_ATCALL:
		break;
	}
}

static void walk_stmt(struct access *a, const struct stmt *s)
{
	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->block.n; i++)
			walk_stmt(a, s->block.items[i]);
		break;
	case STMT_EXPR:
	case STMT_RETURN:
		if (s->expr)
			walk_expr(a, s->expr);
		break;
	case STMT_IF:
		walk_expr(a, s->if_.cond);
		walk_stmt(a, s->if_.then);
		if (s->if_.otherwise)
			walk_stmt(a, s->if_.otherwise);
		break;
	case STMT_WHILE:
	case STMT_FOR:
		if (s->loop.init)
			walk_expr(a, s->loop.init);
		if (s->loop.cond)
			walk_expr(a, s->loop.cond);
		if (s->loop.incr)
			walk_expr(a, s->loop.incr);
		walk_stmt(a, s->loop.body);
		break;
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_NEXT:
	case STMT_EMPTY:
		break;
	case STMT_FOREACH:
		if (s->foreach.array->kind == EXPR_VAR)
			need(a, s->foreach.array->var.sym, s->foreach.sort_dir ? WRITE : READ);
		else
			walk_expr(a, s->foreach.array);    /* a histogram's statistic */
		for (int i = 0; i < s->foreach.nkeys; i++)
			walk_target(a, s->foreach.keys[i], false);
		if (s->foreach.value)
			walk_target(a, s->foreach.value, false);
		walk_list(a, s->foreach.slice, s->foreach.nslice);
		if (s->foreach.limit)
			walk_expr(a, s->foreach.limit);
		walk_stmt(a, s->foreach.body);
		break;
	case STMT_DELETE:
		walk_target(a, s->expr, false);
		break;
	case STMT_TRY:
		walk_stmt(a, s->try_.body);
		if (s->try_.catch_var)
			walk_target(a, s->try_.catch_var, false);
		walk_stmt(a, s->try_.handler);
		break;
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
	struct access a = { .mode = arena_alloc((size_t)nlocks + 1) };

	walk_stmt(&a, p->body);
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
