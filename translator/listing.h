/*
 * listing.h - stap -l / -L: print the probe points a resolved program
 * probes (see listing.c).
 */
#ifndef STAP_LISTING_H
#define STAP_LISTING_H

#include <stdbool.h>
#include <stdio.h>

#include "ast.h"
#include "session.h"

/* Prints PROG's concrete probe points to OUT, sorted, each once; WITH_VARS
 * (-L) appends the variables readable there.  Only the probes written in
 * USER (the pattern's script) are listed, not those of the tapset files
 * their aliases pulled in. */
void list_probe_points(FILE *out, const struct session *s, const struct program *prog,
		       const struct source *user, bool with_vars);

#endif /* STAP_LISTING_H */
