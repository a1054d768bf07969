/*
 * overload.h - several definitions of one function name: overloading by
 * arity (chosen when translating) and, for one arity, by priority (chosen
 * at run time through `next`), and the file scope of `private` functions.
 */
#ifndef STAP_OVERLOAD_H
#define STAP_OVERLOAD_H

#include "ast.h"

/* Priority of a definition written without ':N'. */
#define OVERLOAD_DEFAULT_PRIORITY 1

/* Gives every function of PROG its unique C name and links the definitions
 * of each name, arity and scope into a candidate chain, lowest priority
 * first (ties in definition order); marks bodies that contain `next`. */
void overload_link(struct program *prog);

/* The first candidate of the chain a call CALL (an EXPR_CALL written in
 * CALL->loc.src) selects; NULL when PROG defines no such function (nothing
 * reported: the caller looks further, then reports with overload_explain). */
struct function *overload_find(const struct program *prog, const struct expr *call);

/* Reports why CALL matches no definition although PROG defines its name:
 * a private function of another file, or no definition of that arity.
 * Returns false (nothing reported) when PROG does not define the name. */
bool overload_explain(const struct program *prog, const struct expr *call);

/* Whether a body written in FROM may use the global SYM (private globals
 * belong to the file that declares them). */
bool overload_global_visible(const struct symbol *sym, const struct source *from);

#endif /* STAP_OVERLOAD_H */
