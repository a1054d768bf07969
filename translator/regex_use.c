/*
 * regex_use.c - pass 2 for `=~` and `!~`.  The right-hand side must be a
 * literal string (as upstream requires); each distinct pattern is compiled
 * once by regex.c and numbered in order of first use, which keeps the
 * generated C deterministic.  A pattern that does not compile is a semantic
 * error at its literal, with the compiler's reason (which names the
 * character position inside the pattern).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "regex.h"
#include "regex_use.h"

void regex_use_resolve(struct program *prog, struct expr *e)
{
	struct expr *lit = e->binary.right;
	struct regex_use **tail = &prog->regexes, *r;
	char err[256];

	if (lit->kind != EXPR_STRING) {
		diag_semantic_error(lit->loc, lit->what,
				    "the right side of '%s' must be a literal string (a regular "
				    "expression compiled at translate time)", op_name(e->binary.op));
		return;
	}
	for (r = prog->regexes; r; tail = &r->next, r = r->next)
		if (strcmp(r->pattern, lit->str) == 0) {
			e->binary.regex = r;
			return;
		}
	struct regex *re = regex_compile(lit->str, err, sizeof err);

	if (!re) {
		diag_semantic_error(lit->loc, lit->what, "bad regular expression: %s", err);
		return;
	}
	r = arena_alloc(sizeof *r);
	r->pattern = lit->str;
	r->re = re;
	r->index = prog->nregexes++;
	r->loc = lit->loc;
	r->what = lit->what;
	*tail = r;
	e->binary.regex = r;
}

long regex_scratch_words(const struct regex_use *r)
{
	long n = r->re->ninsns, k = r->re->nslots;

	return REGEX_SCRATCH_WORDS(n, k);
}

void regex_check_captures(const struct program *prog)
{
	if (!prog->regex_captures)
		return;
	for (const struct regex_use *r = prog->regexes; r; r = r->next) {
		long words = regex_scratch_words(r);

		if (words > REGEX_MAX_SCRATCH_WORDS)
			diag_semantic_error(r->loc, r->what,
					    "regular expression too large for submatches (matched() "
					    "needs %ld words of scratch for it, limit is %d)", words,
					    REGEX_MAX_SCRATCH_WORDS);
	}
}
