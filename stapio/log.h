/*
 * log.h - how stapio talks to its user: errors, warnings, progress.
 *
 * Every message goes to stderr on its own line, errors prefixed "ERROR: ",
 * warnings "WARNING: ", progress (only with -v) "stapio: ".
 */
#ifndef STAPIO_LOG_H
#define STAPIO_LOG_H

extern int log_verbose;

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_progress(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
