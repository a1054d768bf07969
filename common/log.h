/*
 * log.h - how staprun and stapio talk to their user: errors, warnings,
 * progress.
 *
 * Every message goes to stderr on its own line, errors prefixed "ERROR: ",
 * warnings "WARNING: ", progress (only with enough -v) "PROGRAM: ".
 */
#ifndef SYSTEMTAP_COMMON_LOG_H
#define SYSTEMTAP_COMMON_LOG_H

extern int log_verbose;         /* -v count */
extern const char *log_program; /* progress prefix: "staprun", "stapio" */

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_progress(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
