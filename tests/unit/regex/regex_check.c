/*
 * regex_check.c - the regex compiler (translator/regex.c) and the runtime
 * walker (runtime/regex.c) against glibc's regcomp/regexec(REG_EXTENDED),
 * on every pattern of patterns.txt times every subject of subjects.txt:
 *
 *  - both must accept or both refuse each pattern (except the lines
 *    marked "!": patterns we refuse on purpose, e.g. back-references);
 *  - the DFA's yes/no must equal regexec's;
 *  - the Pike VM's whole match (start, end) must equal regexec's
 *    (leftmost-longest);
 *  - submatches are compared too; differences are counted and listed
 *    (they follow Perl-like preferences, documented in stap_regex.h), and
 *    fail only for patterns marked "=" (where the two rules agree).
 *
 * usage: regex_check PATTERNS SUBJECTS    exit 0 when everything agrees
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_host.h"

/* translator/regex.h mirrors runtime/stap_regex.h (the translator cannot
 * include the runtime's headers); this file sees both, so check they agree. */
_Static_assert(REGEX_MAX_GROUPS == STP_REGEX_MAX_GROUPS, "group limits differ");
/* (int): the two enums are distinct types, compared by value */
#define SAME_OP(a, b) ((int)(a) == (int)(b))
_Static_assert(SAME_OP(RX_CLASS, STP_RE_CLASS) && SAME_OP(RX_SPLIT, STP_RE_SPLIT) &&
	       SAME_OP(RX_JMP, STP_RE_JMP) && SAME_OP(RX_SAVE, STP_RE_SAVE) &&
	       SAME_OP(RX_BOL, STP_RE_BOL) && SAME_OP(RX_EOL, STP_RE_EOL) &&
	       SAME_OP(RX_MATCH, STP_RE_MATCH) && SAME_OP(RX_PROGRESS, STP_RE_PROGRESS),
	       "enum regex_op != enum stp_regex_op");
#undef SAME_OP
_Static_assert(REGEX_SCRATCH_WORDS(1, 2) == STP_REGEX_SCRATCH_WORDS(1, 2) &&
	       REGEX_SCRATCH_WORDS(37, 5) == STP_REGEX_SCRATCH_WORDS(37, 5) &&
	       REGEX_SCRATCH_WORDS(REGEX_MAX_INSNS, REGEX_MAX_SLOTS) ==
	       STP_REGEX_SCRATCH_WORDS(REGEX_MAX_INSNS, REGEX_MAX_SLOTS),
	       "scratch formulas differ");

/* One line of a data file into o (4096 bytes): escapes \n \t \xHH \L
 * are decoded, any other backslash is kept with the byte after it. */
static void unescape(char *o, const char *s)
{

	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			*o++ = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'x': {
			unsigned v = 0;

			sscanf(s + 1, "%2x", &v);
			*o++ = (char)v;
			s += 2;
			break;
		}
		case 'L':  /* \L: 400 'a's, a long subject */
			for (int i = 0; i < 400; i++)
				*o++ = 'a';
			break;
		default: *o++ = '\\'; *o++ = *s; break;
		}
	}
	*o = '\0';
}

static int read_lines(const char *path, char ***out)
{
	FILE *f = fopen(path, "r");
	char line[1024], text[4096];
	int n = 0;

	if (!f) {
		perror(path);
		exit(2);
	}
	*out = NULL;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		unescape(text, line);
		*out = realloc(*out, sizeof **out * (size_t)(n + 1));
		(*out)[n++] = strdup(text);
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	char **pats, **subs;
	int np, ns, failures = 0, checks = 0, group_diffs = 0;
	static u32 scratch[STP_REGEX_SCRATCH_WORDS(REGEX_MAX_INSNS, REGEX_MAX_SLOTS)];
	static struct stp_regex_match m;

	if (argc != 3) {
		fprintf(stderr, "usage: regex_check PATTERNS SUBJECTS\n");
		return 2;
	}
	np = read_lines(argv[1], &pats);
	ns = read_lines(argv[2], &subs);
	for (int i = 0; i < np; i++) {
		const char *pat = pats[i] + 1;
		char mark = pats[i][0], err[256];
		regex_t g;
		int grc = regcomp(&g, pat, REG_EXTENDED);
		struct regex *re = regex_compile(pat, err, sizeof err);

		if (mark == '!') {
			if (re) {
				printf("FAIL: /%s/ compiled, should be refused\n", pat);
				failures++;
			}
			if (!grc)
				regfree(&g);
			regex_free(re);
			continue;
		}
		if (!re || grc) {
			if (!re != !!grc) {
				printf("FAIL: /%s/: ours %s, glibc %s\n", pat, re ? "ok" : err,
				       grc ? "refused" : "ok");
				failures++;
			}
			if (!grc)
				regfree(&g);
			regex_free(re);
			continue;
		}
		struct stp_regex rt = regex_host_tables(re);
		for (int j = 0; j < ns; j++) {
			const char *s = subs[j];
			regmatch_t gm[REGEX_MAX_GROUPS + 1];
			bool want = regexec(&g, s, REGEX_MAX_GROUPS + 1, gm, 0) == 0;
			bool got = stp_regex_match(&rt, s);
			bool got2 = stp_regex_match_capture(&rt, s, &m, scratch);

			checks++;
			if (got != want || got2 != want || m.matched != want) {
				printf("FAIL: /%s/ on \"%s\": glibc %d, dfa %d, pike %d\n", pat, s,
				       want, got, m.matched);
				failures++;
				continue;
			}
			if (!want)
				continue;
			if (m.caps[0] != gm[0].rm_so || m.caps[1] != gm[0].rm_eo) {
				printf("FAIL: /%s/ on \"%s\": glibc match %d-%d, ours %d-%d\n", pat,
				       s, (int)gm[0].rm_so, (int)gm[0].rm_eo, m.caps[0], m.caps[1]);
				failures++;
				continue;
			}
			for (int k = 1; k <= re->ngroups; k++) {
				if (m.caps[2 * k] == gm[k].rm_so && m.caps[2 * k + 1] == gm[k].rm_eo)
					continue;
				printf("%s: /%s/ on \"%s\" group %d: glibc %d-%d, ours %d-%d\n",
				       mark == '=' ? "FAIL" : "note", pat, s, k, (int)gm[k].rm_so,
				       (int)gm[k].rm_eo, m.caps[2 * k], m.caps[2 * k + 1]);
				if (mark == '=')
					failures++;
				else
					group_diffs++;
				break;
			}
		}
		regex_host_free(&rt);
		regfree(&g);
		regex_free(re);
	}
	printf("%d patterns x %d subjects: %d checks, %d failures, %d submatch differences\n",
	       np, ns, checks, failures, group_diffs);
	return failures ? 1 : 0;
}
