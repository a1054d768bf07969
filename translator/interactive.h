/*
 * interactive.h - stap -i (see interactive.c).
 */
#ifndef STAP_INTERACTIVE_H
#define STAP_INTERACTIVE_H

#include "session.h"

/* Reads commands and script lines from stdin until quit or end of input;
 * RUN runs the passes on a session (in a child).  Returns the last run's
 * exit status. */
int interactive_loop(struct session *s, int (*run)(struct session *));

#endif /* STAP_INTERACTIVE_H */
