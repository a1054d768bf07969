/*
 * warn_once.h - each distinct "WARNING: ..." message from the module shown
 * once (as upstream's stapio does unless -v is given).
 */
#ifndef STAPIO_WARN_ONCE_H
#define STAPIO_WARN_ONCE_H

#include <stdbool.h>

/* Whether TEXT (a module's OOB_DATA text) is a warning seen before; the
 * first sighting is remembered.  Non-warnings are never "seen". */
bool warn_seen_before(const char *text);

/* Forget every remembered warning (frees the table). */
void warn_once_reset(void);

#endif /* STAPIO_WARN_ONCE_H */
