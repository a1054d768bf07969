/*
 * parse.h - pass 1: script text to parse tree (lexer, preprocessor, parser).
 */
#ifndef STAP_PARSE_H
#define STAP_PARSE_H

#include "ast.h"
#include "diag.h"
#include "preprocess.h"

/* Parses SRC into PROG (appending), under ENV (conditions, $1/@1,
 * global macros; ENV->guru allows embedded C).  Returns the number of
 * errors reported (lexical and syntactic); the tree is usable only when it
 * is 0. */
int parse_source(const struct source *src, struct pp_env *env, struct program *prog);

/* Reads the @define's of a .stpm file SRC into ENV->global_macros. */
int parse_macro_file(const struct source *src, struct pp_env *env);

#endif /* STAP_PARSE_H */
