/*
 * regex_bench.c - matching throughput of the runtime's regex walkers
 * (runtime/regex.c) over tables from the translator's compiler
 * (translator/regex.c), in user space: ns per match and MB/s on a
 * MAXSTRINGLEN-sized subject, for the DFA alone (`=~` in a script that
 * never reads submatches) and with submatches (the Pike VM after the DFA
 * said yes).  Also the compile time of each pattern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regex_host.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static u32 scratch[STP_REGEX_SCRATCH_WORDS(REGEX_MAX_INSNS, REGEX_MAX_SLOTS)];
static struct stp_regex_match m;

int main(void)
{
	static const char *const pats[] = {
		"needle",
		"^[a-z]+ [0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$",
		"(GET|POST|PUT) (/[a-z0-9._-]*)+ HTTP/1\\.[01]",
		"([[:alpha:]_][[:alnum:]_]*)=([^;]*);",
		"(a|b)*a(a|b){9}",
	};
	char subject[MAXSTRINGLEN];
	int n = MAXSTRINGLEN - 1;

	/* a log-like line, the match (if any) near its end */
	for (int i = 0; i < n; i++)
		subject[i] = "abcdefghij klmnop=qrst;uvwxyz 0123/456789"[i % 41];
	memcpy(subject + n - 40, "x GET /a/b.html HTTP/1.1 k=v; needle ab", 39);
	subject[n] = '\0';
	printf("subject: %d bytes\n", n);
	for (size_t p = 0; p < sizeof pats / sizeof pats[0]; p++) {
		char err[256];
		double t0 = now();
		struct regex *re = regex_compile(pats[p], err, sizeof err);
		double tc = now() - t0;

		if (!re) {
			printf("%s: %s\n", pats[p], err);
			return 1;
		}
		struct stp_regex rt = regex_host_tables(re);
		int iters = 20000, hits = 0;

		t0 = now();
		for (int i = 0; i < iters; i++)
			hits += stp_regex_match(&rt, subject);
		double td = (now() - t0) / iters;

		t0 = now();
		for (int i = 0; i < iters / 10; i++)
			hits += stp_regex_match_capture(&rt, subject, &m, scratch);
		double tp = (now() - t0) / (iters / 10);

		printf("%-58s compile %7.1f us (%4d states, %3d insns)  dfa %6.0f ns %5.0f MB/s"
		       "  submatches %7.0f ns  %s\n", pats[p], tc * 1e6, re->nstates, re->ninsns,
		       td * 1e9, n / td / 1e6, tp * 1e9, hits ? "match" : "no match");
		regex_host_free(&rt);
		regex_free(re);
	}
	return 0;
}
