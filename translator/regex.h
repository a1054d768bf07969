/*
 * regex.h - POSIX extended regular expressions compiled at translate time
 * into the tables the runtime walks (runtime/stap_regex.h): an NFA program
 * for submatches and a DFA over byte classes for matching.
 */
#ifndef STAP_REGEX_COMPILE_H
#define STAP_REGEX_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#define REGEX_MAX_GROUPS 32        /* = STP_REGEX_MAX_GROUPS */
#define REGEX_MAX_REPEAT 255       /* largest m, n in {m,n} (POSIX RE_DUP_MAX) */
#define REGEX_MAX_INSNS 4096       /* NFA instructions after expanding {m,n} */
#define REGEX_MAX_STATES 2048      /* DFA states */
#define REGEX_MAX_NESTING 100      /* groups and repetitions inside each other */
#define REGEX_MAX_SLOTS 128        /* capture slots plus hidden ones (lower_repeat) */

/* 32-bit words of scratch the runtime's submatch walker needs for a regex
 * of n instructions and k slots (= STP_REGEX_SCRATCH_WORDS, which the
 * translator cannot include). */
#define REGEX_SCRATCH_WORDS(n, k) ((n) * (7 + 2 * (k)) + 2 * (k) + 4)

/* The same numbering as enum stp_regex_op. */
enum regex_op { RX_CLASS, RX_SPLIT, RX_JMP, RX_SAVE, RX_BOL, RX_EOL, RX_MATCH, RX_PROGRESS };

struct regex_insn {
	enum regex_op op;
	int x, y;
};

struct regex {
	int ngroups;                   /* parenthesized groups (group 0 not counted) */
	int nslots;                    /* 2 * (ngroups + 1) captures, then hidden slots */
	/* NFA: SAVE 0, the expression, SAVE 1, MATCH */
	struct regex_insn *insns;
	int ninsns;
	unsigned char (*sets)[32];     /* byte bitmaps of the CLASS instructions */
	int nsets;
	/* DFA: state 0 starts; accepting states loop to themselves */
	unsigned char classes[256];    /* byte -> class */
	int nclasses;
	uint16_t *next;                /* [nstates * nclasses] */
	unsigned char *accept;         /* [nstates]: 1 match, 2 match at the end of input */
	int nstates;
};

/* Compiles PATTERN.  NULL on error, with a message in err[errlen]
 * ("'(' not closed at character 3"). */
struct regex *regex_compile(const char *pattern, char *err, size_t errlen);
void regex_free(struct regex *re);

#endif /* STAP_REGEX_COMPILE_H */
