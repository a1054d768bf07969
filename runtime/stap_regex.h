/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stap_regex.h - `=~` / `!~` and matched(), matched_str(), ngroups() for
 * generated code; included by stap_runtime.h.
 *
 * The translator compiles every regular expression (POSIX ERE) at
 * translate time into constant tables, and the runtime only walks them:
 *
 *  - a DFA over byte classes, for the yes/no answer: one table lookup per
 *    input byte, at most MAXSTRINGLEN - 1 bytes, no state of its own;
 *  - when the script reads submatches, also the NFA as a small program
 *    (struct stp_regex_insn), run as a Pike VM: every NFA thread advances
 *    in lock step over the input, one thread per instruction at most, so a
 *    match costs O(length x instructions) with no recursion and no
 *    allocation.  Its thread lists live in scratch space the generated
 *    code provides in the per-cpu locals area, sized at translate time
 *    with STP_REGEX_SCRATCH_WORDS().
 *
 * Matching is a search (the pattern may match anywhere) unless it is
 * anchored with ^ or $.  The overall match is the leftmost-longest one, as
 * POSIX says.  Among the paths that give it, submatches follow the first
 * alternative and the greediest repetition that leads there, and an
 * optional iteration of a group may not match the empty string (the
 * translator's lower_repeat).  That is not POSIX's rule for subexpressions
 * (each leftmost-longest in turn), but it gives glibc's regexec answers on
 * the cases of tests/unit/regex marked '='.  What differs (random testing
 * against glibc agrees on every whole match) is groups that can match the
 * empty string inside repetitions: glibc takes an empty last iteration of
 * "(a?){1,3}" after "a" (group 1 "" rather than "a"), and for a group the
 * last iteration did not use keeps an earlier iteration's value where we
 * report no match ("").
 */
#ifndef STAP_REGEX_H
#define STAP_REGEX_H

/* Most groups a regular expression may have (the translator enforces it). */
#define STP_REGEX_MAX_GROUPS 32
/* Start and end of group 0 (the whole match) and of each group. */
#define STP_REGEX_MAX_CAPS (2 * (STP_REGEX_MAX_GROUPS + 1))

/* DFA accept flags, one byte per state. */
#define STP_RE_ACCEPT 1                /* a match ends here */
#define STP_RE_ACCEPT_END 2            /* a match ends here if the input does ($) */

/* NFA instructions.  The program starts with SAVE 0 and ends SAVE 1, MATCH. */
enum stp_regex_op {
	STP_RE_CLASS,                  /* consume a byte of sets[x] */
	STP_RE_SPLIT,                  /* go on at x, then (lower priority) at y */
	STP_RE_JMP,                    /* go on at x */
	STP_RE_SAVE,                   /* slot x = position (y: = -1) */
	STP_RE_BOL,                    /* position is 0 */
	STP_RE_EOL,                    /* position is the length */
	STP_RE_MATCH,
	STP_RE_PROGRESS,               /* slot x < 0 or position > slot x */
};

struct stp_regex_insn {
	u8 op;
	u16 x, y;
};

/* One compiled regular expression (constant, emitted by the translator). */
struct stp_regex {
	const u8 *classes;             /* [256]: byte -> class */
	const u16 *next;               /* [nstates * nclasses]; state 0 starts */
	const u8 *accept;              /* [nstates]: STP_RE_ACCEPT* */
	u16 nclasses, nstates;
	/* NULL / 0 when the script never reads submatches */
	const struct stp_regex_insn *insns;
	const u8 (*sets)[32];          /* byte bitmaps of the CLASS instructions */
	u16 ninsns, ncaps;             /* ncaps: 2 * (groups + 1) */
	u16 nslots;                    /* a thread's slots: the caps, then hidden ones */
};

/* The last `=~` of this probe hit (in the locals area, zeroed at entry). */
struct stp_regex_match {
	bool matched;
	u16 ncaps;
	s32 caps[STP_REGEX_MAX_CAPS];  /* byte offsets into subject; -1: no match */
	char subject[MAXSTRINGLEN];
};

/* 32-bit words of scratch a regex of n instructions and k slots needs. */
#define STP_REGEX_SCRATCH_WORDS(n, k) ((n) * (7 + 2 * (k)) + 2 * (k) + 4)

/* s =~ re: true when re matches somewhere in s (DFA only). */
bool stp_regex_match(const struct stp_regex *re, const char *s);
/* The same, recording the match and its submatches in m (re must have its
 * NFA); scratch has STP_REGEX_SCRATCH_WORDS(re->ninsns, re->nslots) words. */
bool stp_regex_match_capture(const struct stp_regex *re, const char *s,
			     struct stp_regex_match *m, u32 *scratch);
/* matched(n) into dst (MAXSTRINGLEN); "" for a group that took no part.
 * Soft error after a failed match or for a group the regex does not have. */
void stp_regex_matched(struct stp_context *c, const struct stp_regex_match *m, char *dst,
		       s64 n, const char *near);
/* matched_str(): matched(0). */
static inline void stp_regex_matched_str(struct stp_context *c, const struct stp_regex_match *m,
					 char *dst, const char *near)
{
	stp_regex_matched(c, m, dst, 0, near);
}
/* ngroups(): the groups of the last match's regex, group 0 included. */
s64 stp_regex_ngroups(struct stp_context *c, const struct stp_regex_match *m,
		      const char *near);

#endif /* STAP_REGEX_H */
