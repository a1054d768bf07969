/*
 * ast_copy.c - deep copies of parse trees.  Each node is copied as a whole
 * (location, description, literal fields) and then every child it owns is
 * replaced by a copy of its own; names are interned strings or arena text
 * that nobody changes, so they are shared.  Pass 2 fields (symbols, types)
 * are reset so the copy starts unresolved.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "ast_copy.h"

static struct expr **copy_list(struct expr *const *v, int n)
{
	struct expr **r;

	if (!v)
		return NULL;
	r = arena_alloc(sizeof *r * (size_t)(n > 0 ? n : 1));
	for (int i = 0; i < n; i++)
		r[i] = ast_copy_expr(v[i]);
	return r;
}

struct expr *ast_copy_expr(const struct expr *e)
{
	struct expr *c;

	if (!e)
		return NULL;
	c = arena_alloc(sizeof *c);
	*c = *e;
	c->type = TYPE_UNKNOWN;
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
	case EXPR_EMBEDDED:
		break;
	case EXPR_VAR:
		c->var.sym = NULL;
		break;
	case EXPR_UNARY:
		c->unary.operand = ast_copy_expr(e->unary.operand);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_REGEX:
		c->binary.left = ast_copy_expr(e->binary.left);
		c->binary.right = ast_copy_expr(e->binary.right);
		break;
	case EXPR_TERNARY:
		c->ternary.cond = ast_copy_expr(e->ternary.cond);
		c->ternary.then = ast_copy_expr(e->ternary.then);
		c->ternary.otherwise = ast_copy_expr(e->ternary.otherwise);
		break;
	case EXPR_ASSIGN:
		c->assign.target = ast_copy_expr(e->assign.target);
		c->assign.value = ast_copy_expr(e->assign.value);
		break;
	case EXPR_INCDEC:
		c->incdec.target = ast_copy_expr(e->incdec.target);
		break;
	case EXPR_CALL:
	case EXPR_STAT:
	case EXPR_ATCALL:
		c->call.args = copy_list(e->call.args, e->call.nargs);
		c->call.builtin = BUILTIN_NONE;
		c->call.fn = NULL;
		c->call.format = NULL;
		break;
	case EXPR_INDEX:
		c->index.base = ast_copy_expr(e->index.base);
		c->index.idx = copy_list(e->index.idx, e->index.n);
		break;
	case EXPR_IN:
		c->in.keys = copy_list(e->in.keys, e->in.nkeys);
		c->in.array = ast_copy_expr(e->in.array);
		break;
	case EXPR_TARGET:
		c->target.operand = ast_copy_expr(e->target.operand);
		if (e->target.steps) {
			c->target.steps = arena_alloc(sizeof *c->target.steps *
						      (size_t)(e->target.nsteps > 0 ? e->target.nsteps : 1));
			for (int i = 0; i < e->target.nsteps; i++) {
				c->target.steps[i] = e->target.steps[i];
				c->target.steps[i].index = ast_copy_expr(e->target.steps[i].index);
			}
		}
		break;
	}
	return c;
}

struct stmt *ast_copy_stmt(const struct stmt *s)
{
	struct stmt *c;

	if (!s)
		return NULL;
	c = arena_alloc(sizeof *c);
	*c = *s;
	switch (s->kind) {
	case STMT_BLOCK:
		c->block.items = arena_alloc(sizeof *c->block.items *
					     (size_t)(s->block.n > 0 ? s->block.n : 1));
		for (int i = 0; i < s->block.n; i++)
			c->block.items[i] = ast_copy_stmt(s->block.items[i]);
		break;
	case STMT_EXPR:
	case STMT_RETURN:
	case STMT_DELETE:
		c->expr = ast_copy_expr(s->expr);
		break;
	case STMT_IF:
		c->if_.cond = ast_copy_expr(s->if_.cond);
		c->if_.then = ast_copy_stmt(s->if_.then);
		c->if_.otherwise = ast_copy_stmt(s->if_.otherwise);
		break;
	case STMT_WHILE:
	case STMT_FOR:
		c->loop.init = ast_copy_expr(s->loop.init);
		c->loop.cond = ast_copy_expr(s->loop.cond);
		c->loop.incr = ast_copy_expr(s->loop.incr);
		c->loop.body = ast_copy_stmt(s->loop.body);
		break;
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_NEXT:
	case STMT_EMPTY:
		break;
	case STMT_FOREACH:
		c->foreach.value = ast_copy_expr(s->foreach.value);
		c->foreach.keys = copy_list(s->foreach.keys, s->foreach.nkeys);
		c->foreach.array = ast_copy_expr(s->foreach.array);
		c->foreach.slice = copy_list(s->foreach.slice, s->foreach.nslice);
		c->foreach.limit = ast_copy_expr(s->foreach.limit);
		c->foreach.body = ast_copy_stmt(s->foreach.body);
		break;
	case STMT_TRY:
		c->try_.body = ast_copy_stmt(s->try_.body);
		c->try_.catch_var = ast_copy_expr(s->try_.catch_var);
		c->try_.handler = ast_copy_stmt(s->try_.handler);
		break;
	}
	return c;
}
