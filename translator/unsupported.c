/*
 * unsupported.c - the gate between the full language pass 1 parses and the
 * subset passes 2 and 3 translate: one walk over the tree that reports every
 * construct of the rest (target variables, aliases, ...) at its location,
 * so pass 2 stops with a clean message instead of meeting a node kind it
 * does not know.
 */
#include "config.h"

#include <string.h>

#include "ast_walk.h"
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

/* Targets and @-operators end the walk of their subtree: each is reported
 * once, at its own location. */
static bool check_expr(struct ast_walk *w, struct expr **ep)
{
	struct expr *e = *ep;

	switch (e->kind) {
	case EXPR_ASSIGN:
		if (e->assign.target->kind != EXPR_TARGET)
			return true;
		/* a write is never skipped */
		reject(e->assign.target->loc, e->assign.target->what, "target variables");
		ast_walk_expr(w, &e->assign.value);
		return false;
	case EXPR_TARGET:
		if (!substitute_zero(e))
			reject(e->loc, e->what, "target variables");
		return false;
	case EXPR_ATCALL:
		reject(e->loc, e->what, e->call.name);
		return false;
	default:
		return true;
	}
}

int reject_unsupported(struct program *prog)
{
	struct ast_walk w = { .expr = check_expr };

	count = 0;
	for (const struct alias *a = prog->aliases; a; a = a->next)
		reject(a->names->loc, a->names->what, "probe aliases");
	for (struct function *f = prog->functions; f; f = f->next)
		ast_walk_stmt(&w, f->body);
	for (struct probe *p = prog->probes; p; p = p->next) {
		for (const struct probe_point *pp = p->points; pp; pp = pp->next) {
			if (pp->wildcard)
				reject(pp->loc, pp->what, "wildcard probe points");
			else if (pp->optional || pp->sufficient)
				reject(pp->loc, pp->what, "optional probe points ('?' '!')");
			else if (pp->cond)
				reject(pp->loc, pp->what, "conditional probes ('if')");
		}
		ast_walk_stmt(&w, p->body);
	}
	return count;
}
