/*
 * number_arg.h - the one parser of a number given on a command line (stap,
 * staprun, stapio): decimal, an optional '-', digits and nothing else (no
 * blanks, no '+', no 0x), within [min, max].
 */
#ifndef STAP_NUMBER_ARG_H
#define STAP_NUMBER_ARG_H

#include <stdbool.h>

/* Whether S is such a number; then *OUT holds it. */
bool number_arg_parse(const char *s, long min, long max, long *out);

#endif /* STAP_NUMBER_ARG_H */
