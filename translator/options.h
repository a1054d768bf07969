/*
 * options.h - the stap command line (see options.c).
 */
#ifndef STAP_OPTIONS_H
#define STAP_OPTIONS_H

#include "session.h"

/* Parses ARGV into S.  Returns 0, 1 (error: already reported) or -1 (help
 * or version shown: exit 0). */
int options_parse(struct session *s, int argc, char **argv);

#endif /* STAP_OPTIONS_H */
