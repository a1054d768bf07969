/*
 * dump.h - stap --dump-probe-types / --dump-probe-aliases / --dump-functions.
 */
#ifndef STAP_DUMP_H
#define STAP_DUMP_H

#include "session.h"

/* Prints the listing s->dump names ("probe-types", "probe-aliases",
 * "functions"); returns the exit status. */
int dump_listing(const struct session *s);

#endif /* STAP_DUMP_H */
