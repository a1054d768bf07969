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

/* "+" (stop at the first non-option) and every letter, ':' after those
 * with an argument.  Returns 0, or -1 when len is too small. */
int opt_getopt_string(const struct opt_desc *t, size_t n, char *buf, size_t len);

/* The usage lines, then "  -X ARG  help" for every option. */
void opt_print_help(FILE *f, const char *usage, const struct opt_desc *t, size_t n);

#endif
