/*
 * log.h - how staprun and stapio talk to their user: errors, warnings,
 * progress.
 *
 * Every message goes to stderr on its own line, errors prefixed "ERROR: ",
 * warnings "WARNING: ", progress (only with enough -v) "PROGRAM: ".  -C
 * colours the two prefixes; -w drops warnings.
 */
#ifndef SYSTEMTAP_COMMON_LOG_H
#define SYSTEMTAP_COMMON_LOG_H

#include <stddef.h>

extern int log_verbose;         /* -v count */
extern int log_no_warnings;     /* -w: warnings are not shown */
extern const char *log_program; /* progress prefix: "staprun", "stapio" */

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_progress(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* -C WHEN: "always", "never" or "auto" (colour when stderr is a terminal
 * and TERM is not "dumb").  Returns 0, or -1 for any other WHEN. */
int log_set_color(const char *when);

/* Text the module sent for stderr (one or more lines): written as it is,
 * except that with -w a "WARNING: " message is dropped and with colour the
 * "ERROR: "/"WARNING: " prefix is coloured.  Returns 0, or -1 when stderr
 * cannot be written. */
int log_module_text(const char *text, size_t len);

#endif
