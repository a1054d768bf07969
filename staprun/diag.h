/*
 * diag.h - staprun's messages on stderr: "ERROR: ", "WARNING: ", and
 * "staprun: " progress lines shown with -v.
 */
#ifndef STAPRUN_DIAG_H
#define STAPRUN_DIAG_H

extern int diag_verbose;

void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
