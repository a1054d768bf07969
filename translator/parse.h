/*
 * parse.h - pass 1: script text to parse tree.
 */
#ifndef STAP_PARSE_H
#define STAP_PARSE_H

#include "ast.h"
#include "diag.h"

/* Parses SRC into PROG (appending); $N and @N in the script stand for
 * ARGS[N-1] as a number or a string.  Returns the number of errors reported
 * (lexical and syntactic); the tree is usable only when it is 0. */
int parse_source(const struct source *src, const char *const *args, int nargs,
		 struct program *prog);

#endif /* STAP_PARSE_H */
