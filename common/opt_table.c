/*
 * opt_table.c - getopt's string and -h's list from one option table.
 */
#include "config.h"

#include "log.h"
#include "opt_table.h"

int opt_first_conflict(const char *const *why, const int *broken, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (broken[i]) {
			log_error("%s", why[i]);
			return -1;
		}
	}
	return 0;
}

int opt_getopt_string(const struct opt_desc *t, size_t n, char *buf, size_t len)
{
	size_t k = 0;

	if (len < 2)
		return -1;
	buf[k++] = '+';
	for (size_t i = 0; i < n; i++) {
		if (k + 3 > len)
			return -1;
		buf[k++] = t[i].letter;
		if (t[i].arg)
			buf[k++] = ':';
	}
	buf[k] = '\0';
	return 0;
}

void opt_print_help(FILE *f, const char *usage, const struct opt_desc *t, size_t n)
{
	fputs(usage, f);
	fputs("options:\n", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  -%c %-12s %s\n", t[i].letter, t[i].arg ? t[i].arg : "", t[i].help);
}
