/*
 * ast_walk.c - visits every child of every statement and expression kind,
 * so that passes which only look at some nodes (which functions a body
 * calls, which globals it locks, which constructs pass 3 cannot translate)
 * share one list of children instead of each keeping a copy.  The switches
 * have no default: a new node kind is a -Wswitch error here until its
 * children are listed.
 */
#include "config.h"

#include <stddef.h>

#include "ast_walk.h"

void ast_walk_expr(struct ast_walk *w, struct expr **ep)
{
	if (!ep || !*ep || w->stop)
		return;
	if (w->expr && !w->expr(w, ep))
		return;
	ast_walk_expr_children(w, *ep);
}

void ast_walk_list(struct ast_walk *w, struct expr **v, int n)
{
	for (int i = 0; v && i < n; i++)
		ast_walk_expr(w, &v[i]);
}

void ast_walk_expr_children(struct ast_walk *w, struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
	case EXPR_VAR:
	case EXPR_EMBEDDED:
		break;
	case EXPR_UNARY:
		ast_walk_expr(w, &e->unary.operand);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_REGEX:
		ast_walk_expr(w, &e->binary.left);
		ast_walk_expr(w, &e->binary.right);
		break;
	case EXPR_TERNARY:
		ast_walk_expr(w, &e->ternary.cond);
		ast_walk_expr(w, &e->ternary.then);
		ast_walk_expr(w, &e->ternary.otherwise);
		break;
	case EXPR_ASSIGN:
		ast_walk_expr(w, &e->assign.target);
		ast_walk_expr(w, &e->assign.value);
		break;
	case EXPR_INCDEC:
		ast_walk_expr(w, &e->incdec.target);
		break;
	case EXPR_CALL:
	case EXPR_STAT:
	case EXPR_ATCALL:
		ast_walk_list(w, e->call.args, e->call.nargs);
		break;
	case EXPR_INDEX:
		ast_walk_expr(w, &e->index.base);
		ast_walk_list(w, e->index.idx, e->index.n);
		break;
	case EXPR_IN:
		ast_walk_list(w, e->in.keys, e->in.nkeys);
		ast_walk_expr(w, &e->in.array);
		break;
	case EXPR_TARGET:
		ast_walk_expr(w, &e->target.operand);
		for (int i = 0; i < e->target.nsteps; i++)
			ast_walk_expr(w, &e->target.steps[i].index);
		break;
	}
}

void ast_walk_stmt(struct ast_walk *w, struct stmt *s)
{
	if (!s || w->stop)
		return;
	if (w->stmt && !w->stmt(w, s))
		return;
	ast_walk_stmt_children(w, s);
}

void ast_walk_stmt_children(struct ast_walk *w, struct stmt *s)
{
	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->block.n; i++)
			ast_walk_stmt(w, s->block.items[i]);
		break;
	case STMT_EXPR:
	case STMT_RETURN:
	case STMT_DELETE:
		ast_walk_expr(w, &s->expr);
		break;
	case STMT_IF:
		ast_walk_expr(w, &s->if_.cond);
		ast_walk_stmt(w, s->if_.then);
		ast_walk_stmt(w, s->if_.otherwise);
		break;
	case STMT_WHILE:
	case STMT_FOR:
		ast_walk_expr(w, &s->loop.init);
		ast_walk_expr(w, &s->loop.cond);
		ast_walk_expr(w, &s->loop.incr);
		ast_walk_stmt(w, s->loop.body);
		break;
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_NEXT:
	case STMT_EMPTY:
		break;
	case STMT_FOREACH:
		ast_walk_expr(w, &s->foreach.value);
		ast_walk_list(w, s->foreach.keys, s->foreach.nkeys);
		ast_walk_expr(w, &s->foreach.array);
		ast_walk_list(w, s->foreach.slice, s->foreach.nslice);
		ast_walk_expr(w, &s->foreach.limit);
		ast_walk_stmt(w, s->foreach.body);
		break;
	case STMT_TRY:
		ast_walk_stmt(w, s->try_.body);
		ast_walk_expr(w, &s->try_.catch_var);
		ast_walk_stmt(w, s->try_.handler);
		break;
	}
}
