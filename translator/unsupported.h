/*
 * unsupported.h - the constructs pass 1 accepts but passes 2-3 cannot
 * translate yet.
 */
#ifndef STAP_UNSUPPORTED_H
#define STAP_UNSUPPORTED_H

#include "ast.h"

/* Reports "semantic error: X not supported yet" for each such construct in
 * PROG; returns how many were reported. */
int reject_unsupported(struct program *prog);
/* --skip-badvars: read an unresolvable $var as 0 (a warning) instead. */
void unsupported_skip_badvars(bool on);

#endif /* STAP_UNSUPPORTED_H */
