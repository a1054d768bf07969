/*
 * ast_copy.h - deep copies of statement and expression trees, for probe
 * bodies that alias expansion puts into more than one probe (each probe
 * gets its own nodes, since pass 2 annotates nodes per probe).
 */
#ifndef STAP_AST_COPY_H
#define STAP_AST_COPY_H

#include "ast.h"

struct expr *ast_copy_expr(const struct expr *e);    /* NULL -> NULL */
struct stmt *ast_copy_stmt(const struct stmt *s);    /* NULL -> NULL */

#endif /* STAP_AST_COPY_H */
