/*
 * unsupported.c - the gate between the full language pass 1 parses and the
 * subset passes 2 and 3 translate: one walk over the tree that reports every
 * construct of the rest (target variables, aliases, ...) at its location,
 * so pass 2 stops with a clean message instead of meeting a node kind it
 * does not know.
 */
#include "config.h"

#include <string.h>

#include "unsupported.h"

static int count;
static bool skip_badvars;

void unsupported_skip_badvars(bool on)
{
	skip_badvars = on;
}

/* --skip-badvars: a context variable that cannot be resolved (today: every
 * one) reads as the literal 0, with upstream's warning.  A string-typed use
 * cannot take a number and is still refused. */
static bool substitute_zero(struct expr *e)
{
	if (!skip_badvars || e->type == TYPE_STRING)
		return false;
	diag_warning(e->loc, e->what, "Bad $context variable being substituted with literal 0");
	e->kind = EXPR_NUMBER;
	e->num = 0;
	e->type = TYPE_LONG;
	return true;
}

static void reject(struct srcloc loc, const char *what, const char *construct)
{
	diag_semantic_error(loc, what, "%s not supported yet", construct);
	count++;
}

static void walk_expr(struct expr *e);

static void walk_list(struct expr *const *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v[i])
			walk_expr(v[i]);
}

static void walk_expr(struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
	case EXPR_VAR:
		break;
	case EXPR_UNARY:
		walk_expr(e->unary.operand);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_REGEX:
		walk_expr(e->binary.left);
		walk_expr(e->binary.right);
		break;
	case EXPR_TERNARY:
		walk_expr(e->ternary.cond);
		walk_expr(e->ternary.then);
		walk_expr(e->ternary.otherwise);
		break;
	case EXPR_ASSIGN:
		if (e->assign.target->kind == EXPR_TARGET)   /* a write is never skipped */
			reject(e->assign.target->loc, e->assign.target->what, "target variables");
		else
			walk_expr(e->assign.target);
		walk_expr(e->assign.value);
		break;
	case EXPR_INCDEC:
		walk_expr(e->incdec.target);
		break;
	case EXPR_CALL:
	case EXPR_STAT:
		walk_list(e->call.args, e->call.nargs);
		break;
	case EXPR_INDEX:
		walk_expr(e->index.base);
		walk_list(e->index.idx, e->index.n);
		break;
	case EXPR_IN:
		walk_list(e->in.keys, e->in.nkeys);
		break;
	case EXPR_TARGET:
		if (!substitute_zero(e))
			reject(e->loc, e->what, "target variables");
		break;
	case EXPR_ATCALL:
		reject(e->loc, e->what, e->call.name);
		break;
	case EXPR_EMBEDDED:
		break;
	}
}

static void walk_opt(struct expr *e)
{
	if (e)
		walk_expr(e);
}

static void walk_stmt(const struct stmt *s)
{
	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->block.n; i++)
			walk_stmt(s->block.items[i]);
		break;
	case STMT_EXPR:
	case STMT_RETURN:
		walk_opt(s->expr);
		break;
	case STMT_IF:
		walk_expr(s->if_.cond);
		walk_stmt(s->if_.then);
		if (s->if_.otherwise)
			walk_stmt(s->if_.otherwise);
		break;
	case STMT_WHILE:
	case STMT_FOR:
		walk_opt(s->loop.init);
		walk_opt(s->loop.cond);
		walk_opt(s->loop.incr);
		walk_stmt(s->loop.body);
		break;
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_NEXT:
	case STMT_EMPTY:
		break;
	case STMT_FOREACH:
		walk_list(s->foreach.slice, s->foreach.nslice);
		walk_opt(s->foreach.limit);
		walk_stmt(s->foreach.body);
		break;
	case STMT_DELETE:
		walk_expr(s->expr);
		break;
	case STMT_TRY:
		walk_stmt(s->try_.body);
		walk_stmt(s->try_.handler);
		break;
	}
}

int reject_unsupported(struct program *prog)
{
	count = 0;
	for (const struct alias *a = prog->aliases; a; a = a->next)
		reject(a->names->loc, a->names->what, "probe aliases");
	for (struct function *f = prog->functions; f; f = f->next)
		if (f->body)
			walk_stmt(f->body);
	for (struct probe *p = prog->probes; p; p = p->next) {
		for (const struct probe_point *pp = p->points; pp; pp = pp->next) {
			if (pp->wildcard)
				reject(pp->loc, pp->what, "wildcard probe points");
			else if (pp->optional || pp->sufficient)
				reject(pp->loc, pp->what, "optional probe points ('?' '!')");
			else if (pp->cond)
				reject(pp->loc, pp->what, "conditional probes ('if')");
		}
		walk_stmt(p->body);
	}
	return count;
}
