/*
 * optimize.h - pass 2 optimization, AST to AST, between resolution and type
 * inference: constant folding, dead branches, unused functions, globals
 * and locals, side-effect-free statements.  Skipped entirely with -u.
 */
#ifndef STAP_OPTIMIZE_H
#define STAP_OPTIMIZE_H

#include "ast.h"
#include "session.h"

/* Rewrites PROG in place.  USER is the script's own source: only code from
 * it is warned about (library code is simplified silently).  Returns the
 * number of errors reported (warnings count as errors under -W). */
int optimize_program(struct session *s, struct program *prog, const struct source *user);

#endif /* STAP_OPTIMIZE_H */
