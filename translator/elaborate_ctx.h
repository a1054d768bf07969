/*
 * elaborate_ctx.h - what pass 2's files share: the context of the body being
 * elaborated, and the steps elaborate.c drives (bind.c: symbol resolution
 * and implicit globals; infer.c: type inference).
 */
#ifndef STAP_ELABORATE_CTX_H
#define STAP_ELABORATE_CTX_H

#include <stdbool.h>

#include "ast.h"
#include "session.h"

struct body_ctx {
	const struct session *s;
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
	/* arrays of the enclosing foreach loops, which their bodies must not change */
	struct symbol *looped[MAX_NESTING];
	int nlooped;
};

#define MAX_CALL_ARGS 32

/* bind.c */
void resolve_stmt(struct body_ctx *cx, struct stmt *s);
void link_embedded_globals(struct body_ctx *cx, struct function *f);
void add_implicit_globals(struct program *prog);

/* infer.c */
void infer_stmt(struct body_ctx *cx, struct stmt *s);

#endif /* STAP_ELABORATE_CTX_H */
