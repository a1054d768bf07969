/*
 * regex_use.h - pass 2 for the script's regular expressions (`=~`, `!~`).
 */
#ifndef STAP_REGEX_USE_H
#define STAP_REGEX_USE_H

#include "ast.h"

/* Most 32-bit words of per-cpu scratch the submatch machinery may need
 * (STP_REGEX_SCRATCH_WORDS of the largest regex). */
#define REGEX_MAX_SCRATCH_WORDS 16384

/* E is `s =~ "re"` or `s !~ "re"`, operands resolved: checks that the right
 * side is a literal string and compiles it (once per distinct pattern, in
 * PROG's list), or reports why not at the literal.  Sets e->binary.regex. */
void regex_use_resolve(struct program *prog, struct expr *e);

/* After resolution: when the script reads submatches, every regex must fit
 * the scratch limit. */
void regex_check_captures(const struct program *prog);

/* Scratch words the submatch machinery of R needs. */
long regex_scratch_words(const struct regex_use *r);

#endif /* STAP_REGEX_USE_H */
