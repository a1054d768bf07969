/*
 * ast_print.h - the -p1 product: the parse tree printed back as script text,
 * every operand that is not a primary in parentheses so precedence shows.
 */
#ifndef STAP_AST_PRINT_H
#define STAP_AST_PRINT_H

#include <stdio.h>

#include "ast.h"
#include "diag.h"

void ast_print_program(FILE *out, const struct source *src, const struct program *prog);
/* Script-syntax string literal (with quotes and escapes) of S. */
void ast_print_string(FILE *out, const char *s);
void ast_print_expr(FILE *out, const struct expr *e);

#endif /* STAP_AST_PRINT_H */
