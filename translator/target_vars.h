/*
 * target_vars.h - pass 2: target variables lowered to plain expressions
 * over runtime reads, with types and offsets from the kernel's BTF
 * (target_vars.c).
 */
#ifndef STAP_TARGET_VARS_H
#define STAP_TARGET_VARS_H

#include "ast.h"
#include "session.h"

/* Lowers every target variable of PROG (after alias expansion, before type
 * inference); splits probes whose points need different ones.  Returns the
 * number of errors reported. */
int target_vars_lower(const struct session *s, struct program *prog);

/* stap -L: the target variables of concrete point PP as " $name:type"
 * items ("" when it has none or the types cannot be read). */
const char *target_vars_list(const struct session *s, const struct probe_point *pp);

#endif
