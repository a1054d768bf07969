/*
 * elaborate.h - pass 2: resolve symbols and calls, validate probe points,
 * infer types; -p2 prints the result.
 */
#ifndef STAP_ELABORATE_H
#define STAP_ELABORATE_H

#include <stdio.h>

#include "ast.h"
#include "session.h"

/* Returns the number of semantic errors reported (0: PROG is ready for pass 3). */
int elaborate(struct session *s, struct program *prog);
void elaborate_print(FILE *out, const struct program *prog);

#endif /* STAP_ELABORATE_H */
