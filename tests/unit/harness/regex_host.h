/*
 * regex_host.h - what a host program linking translator/regex.c with
 * runtime/regex.c needs (tests/unit/regex/regex_check.c and
 * bench/regex_bench.c): the runtime's view (struct stp_regex) of a compiled
 * regex, and the stp_error_buf() the runtime's soft errors write to.
 * Include it from one file of the program only: it defines stp_error_buf().
 */
#ifndef STAP_REGEX_HOST_H
#define STAP_REGEX_HOST_H

#include <stdio.h>
#include <stdlib.h>

#include "stap_runtime.h"
#include "../../../translator/regex.h"

static char regex_host_errbuf[STP_ERROR_BUF_SIZE];

char *stp_error_buf(void)
{
	return regex_host_errbuf;
}

/* re as the translator would emit it: the DFA and (submatches) the NFA
 * tables.  The instructions are converted into a new array; give the
 * result to regex_host_free() once done.  The other tables are re's. */
static inline struct stp_regex regex_host_tables(const struct regex *re)
{
	struct stp_regex_insn *insns = calloc((size_t)re->ninsns, sizeof *insns);

	if (!insns) {
		fputs("out of memory\n", stderr);
		exit(2);
	}
	for (int k = 0; k < re->ninsns; k++)
		insns[k] = (struct stp_regex_insn){ (u8)re->insns[k].op,
						    (u16)re->insns[k].x, (u16)re->insns[k].y };
	return (struct stp_regex){
		.classes = re->classes, .next = re->next, .accept = re->accept,
		.nclasses = (u16)re->nclasses, .nstates = (u16)re->nstates,
		.insns = insns, .sets = (const u8 (*)[32])re->sets,
		.ninsns = (u16)re->ninsns, .ncaps = (u16)(2 * (re->ngroups + 1)),
		.nslots = (u16)re->nslots,
	};
}

/* Frees what regex_host_tables() allocated. */
static inline void regex_host_free(struct stp_regex *rt)
{
	free((void *)rt->insns);
	rt->insns = NULL;
}

#endif /* STAP_REGEX_HOST_H */
