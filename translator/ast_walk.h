/*
 * ast_walk.h - the one walk over a body's statements and expressions.  A
 * node's children are listed once, here; a pass that only collects or
 * checks supplies hooks for the nodes it cares about and lets the walk
 * visit the rest.  Expression hooks get the slot holding the node, so a
 * pass that lowers nodes in place (target_vars.c) can replace them.
 */
#ifndef STAP_AST_WALK_H
#define STAP_AST_WALK_H

#include <stdbool.h>

#include "ast.h"

struct ast_walk {
	/* Called on each expression before its children; returns false when
	 * it has handled the node itself (its children are then not walked;
	 * it may have replaced *EP).  NULL: every node's children are walked. */
	bool (*expr)(struct ast_walk *w, struct expr **ep);
	/* The same for statements. */
	bool (*stmt)(struct ast_walk *w, struct stmt *s);
	void *arg;              /* the pass's own state */
	bool stop;              /* set by a hook: nothing more is visited */
};

/* Walks *EP (nothing when EP or *EP is NULL). */
void ast_walk_expr(struct ast_walk *w, struct expr **ep);
/* Walks the N expressions of V (NULL entries, the '*' of a slice, skipped). */
void ast_walk_list(struct ast_walk *w, struct expr **v, int n);
/* Walks E's children only, in evaluation order. */
void ast_walk_expr_children(struct ast_walk *w, struct expr *e);
/* Walks S (nothing when NULL). */
void ast_walk_stmt(struct ast_walk *w, struct stmt *s);
/* Walks S's children only: expressions, then nested statements. */
void ast_walk_stmt_children(struct ast_walk *w, struct stmt *s);

#endif /* STAP_AST_WALK_H */
