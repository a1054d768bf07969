/*
 * opt_table.h - one table of a program's options drives getopt, -h and the
 * option-drift test (tests/tool-options), so the three cannot disagree.
 */
#ifndef SYSTEMTAP_COMMON_OPT_TABLE_H
#define SYSTEMTAP_COMMON_OPT_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct opt_desc {
	char letter;
	const char *arg;      /* the argument's name in help, NULL for a flag */
	const char *help;     /* one line */
};

/* The rows staprun and stapio share: diagnostics, version, help, and what
 * the session does with its output and target. */
#define OPT_DESC_COMMON_ROWS \
	{ 'v', NULL, "more progress messages on stderr (repeatable)" }, \
	{ 'w', NULL, "do not show warnings" }, \
	{ 'C', "WHEN", "colour ERROR/WARNING: always, never or auto" }, \
	{ 'V', NULL, "print the version and exit" }, \
	{ 'h', NULL, "print this help and exit" }, \
	{ 'o', "FILE", "write the output to FILE" }, \
	{ 'S', "SIZE[,N]", "output files FILE.0, FILE.1, ... of at most SIZE MB, the last N kept" }, \
	{ 'c', "CMD", "run CMD (as the caller) once the session has started; end when it exits" }, \
	{ 'x', "PID", "the target process id" }, \
	{ 's', "MB", "relay buffer size per cpu, 1 to 4095" }, \
	{ 'T', "SECONDS", "end the session this long after it started" }

/* Options that cannot go together: reports why[i] for the first i whose
 * broken[i] is set and returns -1; 0 when none is. */
int opt_first_conflict(const char *const *why, const int *broken, size_t n);

/* "+" (stop at the first non-option) and every letter, ':' after those
 * with an argument.  Returns 0, or -1 when len is too small. */
int opt_getopt_string(const struct opt_desc *t, size_t n, char *buf, size_t len);

/* The usage lines, then "  -X ARG  help" for every option. */
void opt_print_help(FILE *f, const char *usage, const struct opt_desc *t, size_t n);

#endif
