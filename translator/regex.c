/*
 * regex.c - compiles a POSIX extended regular expression (ERE) into the
 * tables runtime/regex.c walks.  Three steps:
 *
 *  1. parse the pattern into a small tree: literals, escapes, '.', bracket
 *     expressions (ranges, negation, [:class:], [.c.], [=c=]), anchors ^ $,
 *     groups, alternation, and * + ? {m} {m,} {m,n} ({,n} as {0,n});
 *     back-references and GNU word-boundary escapes are refused;
 *  2. lower the tree to an NFA program (Pike-VM style: CLASS, SPLIT, JMP,
 *     SAVE, BOL, EOL, MATCH, PROGRESS), expanding {m,n} into copies
 *     (lower_repeat says how repetitions keep POSIX's submatches);
 *  3. build a DFA by subset construction over the byte classes the
 *     program's character sets induce.  A DFA state is the sorted set of NFA
 *     instructions that wait for input (CLASS), have matched (MATCH) or wait
 *     for the end of input (EOL).  Every step adds the program's start
 *     again, so the DFA searches (unanchored) for a match anywhere; ^ is
 *     only honoured in the start state.  Accepting states are absorbing:
 *     the walker stops at the first one.
 *
 * Everything is bounded by the limits in regex.h and reported as an error
 * naming the limit.  Memory is malloc'd; the result lives until regex_free.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"

/* ---- parse tree ---- */

enum node_kind { N_SET, N_EMPTY, N_CAT, N_ALT, N_REP, N_GROUP, N_BOL, N_EOL };

struct node {
	enum node_kind kind;
	int set;                       /* N_SET: index into sets */
	int min, max;                  /* N_REP; max -1: unbounded */
	int group;                     /* N_GROUP */
	int child, last;               /* first and last child: N_CAT, N_ALT, N_REP, N_GROUP */
	int next;                      /* next sibling */
};

struct compiler {
	const char *p;                 /* the pattern */
	size_t pos;
	char *err;
	size_t errlen;
	bool failed;
	struct node *nodes;
	int nnodes, capnodes;
	unsigned char (*sets)[32];
	int nsets, capsets;
	int ngroups;
	int nslots;                    /* captures and hidden slots so far */
	struct regex_insn *insns;
	int ninsns, capinsns;
};

static void fail(struct compiler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct compiler *c, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
}

static void *grow(void *v, int *cap, int need, size_t size)
{
	if (need <= *cap)
		return v;
	int ncap = *cap ? *cap * 2 : 16;

	while (ncap < need)
		ncap *= 2;
	v = realloc(v, (size_t)ncap * size);
	if (!v) {
		fputs("stap: out of memory\n", stderr);
		exit(1);
	}
	*cap = ncap;
	return v;
}

static int new_node(struct compiler *c, enum node_kind kind)
{
	c->nodes = grow(c->nodes, &c->capnodes, c->nnodes + 1, sizeof *c->nodes);
	struct node *n = &c->nodes[c->nnodes];

	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->child = n->last = n->next = -1;
	return c->nnodes++;
}

static void add_child(struct compiler *c, int parent, int child)
{
	struct node *p = &c->nodes[parent];

	if (p->last < 0)
		p->child = child;
	else
		c->nodes[p->last].next = child;
	c->nodes[parent].last = child;
}

/* A new all-zero byte set; returns its index. */
static int new_set(struct compiler *c)
{
	c->sets = grow(c->sets, &c->capsets, c->nsets + 1, sizeof *c->sets);
	memset(c->sets[c->nsets], 0, 32);
	return c->nsets++;
}

/* A new N_SET node matching a byte of sets[set]. */
static int set_node(struct compiler *c, int set)
{
	int n = new_node(c, N_SET);

	c->nodes[n].set = set;
	return n;
}

static void set_add(unsigned char *set, int lo, int hi)
{
	for (int b = lo; b <= hi; b++)
		set[b >> 3] |= (unsigned char)(1u << (b & 7));
}

static bool set_has(const unsigned char *set, int b)
{
	return set[b >> 3] & (1u << (b & 7));
}

/* The POSIX character classes, named once for [:name:] and used by id
 * for \w and \s too. */
enum class_id {
	CL_ALPHA, CL_DIGIT, CL_ALNUM, CL_UPPER, CL_LOWER, CL_SPACE, CL_BLANK,
	CL_PUNCT, CL_PRINT, CL_GRAPH, CL_CNTRL, CL_XDIGIT,
};

static const struct {
	const char *name;
	enum class_id id;
} class_names[] = {
	{ "alpha", CL_ALPHA }, { "digit", CL_DIGIT }, { "alnum", CL_ALNUM },
	{ "upper", CL_UPPER }, { "lower", CL_LOWER }, { "space", CL_SPACE },
	{ "blank", CL_BLANK }, { "punct", CL_PUNCT }, { "print", CL_PRINT },
	{ "graph", CL_GRAPH }, { "cntrl", CL_CNTRL }, { "xdigit", CL_XDIGIT },
};

/* The id of the class NAME[0..n), -1 if there is none. */
static int class_lookup(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
		if (strlen(class_names[i].name) == n && memcmp(class_names[i].name, name, n) == 0)
			return (int)class_names[i].id;
	return -1;
}

/* Whether byte b is in class ID, in the C locale. */
static bool class_has(enum class_id id, int b)
{
	bool upper = b >= 'A' && b <= 'Z', lower = b >= 'a' && b <= 'z';
	bool digit = b >= '0' && b <= '9';
	bool graph = b > ' ' && b < 127;

	switch (id) {
	case CL_ALPHA:
		return upper || lower;
	case CL_DIGIT:
		return digit;
	case CL_ALNUM:
		return upper || lower || digit;
	case CL_UPPER:
		return upper;
	case CL_LOWER:
		return lower;
	case CL_SPACE:
		return b == ' ' || (b >= '\t' && b <= '\r');
	case CL_BLANK:
		return b == ' ' || b == '\t';
	case CL_PUNCT:
		return graph && !upper && !lower && !digit;
	case CL_PRINT:
		return graph || b == ' ';
	case CL_GRAPH:
		return graph;
	case CL_CNTRL:
		return b < ' ' || b == 127;
	case CL_XDIGIT:
		return digit || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
	}
	return false;
}

/* 1-based character position of pos, for messages. */
static int at(size_t pos)
{
	return (int)pos + 1;
}

static int parse_alt(struct compiler *c, int depth);

/* [.c.] or [=c=] at c->pos (on the '['): the one byte it names. */
static int parse_collating(struct compiler *c)
{
	size_t start = c->pos;
	char kind = c->p[c->pos + 1];

	c->pos += 2;
	if (c->p[c->pos] && c->p[c->pos + 1] == kind && c->p[c->pos + 2] == ']') {
		int b = (unsigned char)c->p[c->pos];

		c->pos += 3;
		return b;
	}
	fail(c, "unsupported collating element at character %d (only single characters)",
	     at(start));
	return -1;
}

/* bracket -> '[' ['^'] [']'] items ']' */
static int parse_bracket(struct compiler *c)
{
	size_t open = c->pos;
	int set = new_set(c);
	unsigned char *s;
	bool negate = false, first = true;

	c->pos++;
	if (c->p[c->pos] == '^') {
		negate = true;
		c->pos++;
	}
	for (;;) {
		char ch = c->p[c->pos];
		int lo, hi;

		if (!ch) {
			fail(c, "'[' at character %d not closed", at(open));
			return -1;
		}
		if (ch == ']' && !first) {
			c->pos++;
			break;
		}
		first = false;
		if (ch == '[' && c->p[c->pos + 1] == ':') {
			size_t name = c->pos + 2, end = name;

			while (c->p[end] && !(c->p[end] == ':' && c->p[end + 1] == ']'))
				end++;
			if (!c->p[end]) {
				fail(c, "'[:' at character %d not closed", at(c->pos));
				return -1;
			}
			int id = class_lookup(c->p + name, end - name);

			if (id < 0) {
				fail(c, "unknown character class '[:%.*s:]' at character %d",
				     (int)(end - name), c->p + name, at(c->pos));
				return -1;
			}
			s = c->sets[set];
			for (int b = 1; b < 256; b++)
				if (class_has((enum class_id)id, b))
					set_add(s, b, b);
			c->pos = end + 2;
			continue;
		}
		if (ch == '[' && (c->p[c->pos + 1] == '.' || c->p[c->pos + 1] == '=')) {
			lo = parse_collating(c);
			if (lo < 0)
				return -1;
		} else {
			lo = (unsigned char)ch;
			c->pos++;
		}
		hi = lo;
		if (c->p[c->pos] == '-' && c->p[c->pos + 1] && c->p[c->pos + 1] != ']') {
			size_t range = c->pos - 1;

			c->pos++;
			if (c->p[c->pos] == '[' && c->p[c->pos + 1] == '.') {
				hi = parse_collating(c);
				if (hi < 0)
					return -1;
			} else {
				hi = (unsigned char)c->p[c->pos++];
			}
			if (hi < lo) {
				fail(c, "invalid range '%c-%c' at character %d (end before start)",
				     lo, hi, at(range));
				return -1;
			}
		}
		set_add(c->sets[set], lo, hi);
	}
	s = c->sets[set];
	if (negate)
		for (int i = 0; i < 32; i++)
			s[i] = (unsigned char)~s[i];
	s[0] &= (unsigned char)~1u;    /* NUL ends the string, it never matches */
	return set_node(c, set);
}

static int single_set(struct compiler *c, int lo, int hi)
{
	int set = new_set(c);

	set_add(c->sets[set], lo, hi);
	return set_node(c, set);
}

/* \x: a literal, a class (\w \W \s \S), or an error. */
static int parse_escape(struct compiler *c)
{
	size_t start = c->pos;
	char ch = c->p[c->pos + 1];
	int set;

	if (!ch) {
		fail(c, "trailing backslash at character %d", at(start));
		return -1;
	}
	c->pos += 2;
	if (ch >= '1' && ch <= '9') {
		fail(c, "back-references ('\\%c' at character %d) are not supported", ch,
		     at(start));
		return -1;
	}
	if (strchr("bB<>`'", ch)) {
		fail(c, "'\\%c' at character %d is not supported (no word or buffer anchors)",
		     ch, at(start));
		return -1;
	}
	if (ch == 'w' || ch == 'W' || ch == 's' || ch == 'S') {
		set = new_set(c);
		for (int b = 1; b < 256; b++) {
			bool in = ch == 'w' || ch == 'W'
				  ? class_has(CL_ALNUM, b) || b == '_' : class_has(CL_SPACE, b);

			if (in == (ch == 'w' || ch == 's'))
				set_add(c->sets[set], b, b);
		}
		return set_node(c, set);
	}
	return single_set(c, (unsigned char)ch, (unsigned char)ch);
}

/* atom -> '(' alt ')' | bracket | '.' | '^' | '$' | '\' char | char */
static int parse_atom(struct compiler *c, int depth)
{
	char ch = c->p[c->pos];
	int n;

	switch (ch) {
	case '(': {
		size_t open = c->pos;

		if (depth >= REGEX_MAX_NESTING) {
			fail(c, "too deeply nested at character %d (limit is %d)", at(open),
			     REGEX_MAX_NESTING);
			return -1;
		}
		if (c->ngroups >= REGEX_MAX_GROUPS) {
			fail(c, "too many groups (limit is %d)", REGEX_MAX_GROUPS);
			return -1;
		}
		c->pos++;
		n = new_node(c, N_GROUP);
		c->nodes[n].group = ++c->ngroups;
		int sub = parse_alt(c, depth + 1);

		if (c->failed)
			return -1;
		add_child(c, n, sub);
		if (c->p[c->pos] != ')') {
			fail(c, "'(' at character %d not closed", at(open));
			return -1;
		}
		c->pos++;
		return n;
	}
	case '[':
		return parse_bracket(c);
	case '.':
		c->pos++;
		return single_set(c, 1, 255);
	case '^':
		c->pos++;
		return new_node(c, N_BOL);
	case '$':
		c->pos++;
		return new_node(c, N_EOL);
	case '\\':
		return parse_escape(c);
	case '*':
	case '+':
	case '?':
	case '{':
		fail(c, "'%c' at character %d has nothing to repeat", ch, at(c->pos));
		return -1;
	default:
		c->pos++;
		return single_set(c, (unsigned char)ch, (unsigned char)ch);
	}
}

static bool parse_count(struct compiler *c, int *v)
{
	if (c->p[c->pos] < '0' || c->p[c->pos] > '9')
		return false;
	long n = 0;

	while (c->p[c->pos] >= '0' && c->p[c->pos] <= '9') {
		if (n <= REGEX_MAX_REPEAT)
			n = n * 10 + (c->p[c->pos] - '0');
		c->pos++;
	}
	*v = n > REGEX_MAX_REPEAT ? REGEX_MAX_REPEAT + 1 : (int)n;
	return true;
}

/* repeat -> atom { '*' | '+' | '?' | '{' [m] [',' [n]] '}' } */
static int parse_repeat(struct compiler *c, int depth)
{
	int n = parse_atom(c, depth);

	while (!c->failed) {
		char ch = c->p[c->pos];
		size_t start = c->pos;
		int min, max;

		if (ch == '*') {
			min = 0, max = -1;
		} else if (ch == '+') {
			min = 1, max = -1;
		} else if (ch == '?') {
			min = 0, max = 1;
		} else if (ch == '{') {
			c->pos++;
			bool has_min = parse_count(c, &min);

			if (!has_min)
				min = 0;
			max = min;
			if (c->p[c->pos] == ',') {
				c->pos++;
				if (!parse_count(c, &max))
					max = -1;
			} else if (!has_min) {
				fail(c, "invalid repetition at character %d (expected {m}, {m,} or "
				     "{m,n})", at(start));
				return -1;
			}
			if (c->p[c->pos] != '}') {
				fail(c, "'{' at character %d not closed", at(start));
				return -1;
			}
			if (min > REGEX_MAX_REPEAT || max > REGEX_MAX_REPEAT) {
				fail(c, "repetition count at character %d too large (limit is %d)",
				     at(start), REGEX_MAX_REPEAT);
				return -1;
			}
			if (max >= 0 && max < min) {
				fail(c, "invalid repetition {%d,%d} at character %d (maximum below "
				     "minimum)", min, max, at(start));
				return -1;
			}
		} else {
			break;
		}
		c->pos++;
		if (c->nodes[n].kind == N_BOL || c->nodes[n].kind == N_EOL) {
			fail(c, "'%c' at character %d has nothing to repeat (an anchor)", ch,
			     at(start));
			return -1;
		}
		if (++depth > REGEX_MAX_NESTING) {
			fail(c, "too many nested repetitions at character %d (limit is %d)",
			     at(start), REGEX_MAX_NESTING);
			return -1;
		}
		int r = new_node(c, N_REP);

		c->nodes[r].min = min;
		c->nodes[r].max = max;
		add_child(c, r, n);
		n = r;
	}
	return n;
}

/* cat -> { repeat }   (stops at '|', ')' or the end) */
static int parse_cat(struct compiler *c, int depth)
{
	int n = new_node(c, N_CAT);

	while (!c->failed && c->p[c->pos] && c->p[c->pos] != '|' && c->p[c->pos] != ')') {
		int r = parse_repeat(c, depth);

		if (c->failed)
			return -1;
		add_child(c, n, r);
	}
	return n;
}

/* alt -> cat { '|' cat } */
static int parse_alt(struct compiler *c, int depth)
{
	int first = parse_cat(c, depth), n;

	if (c->failed || c->p[c->pos] != '|')
		return first;
	n = new_node(c, N_ALT);
	add_child(c, n, first);
	while (!c->failed && c->p[c->pos] == '|') {
		c->pos++;
		int next = parse_cat(c, depth);

		if (c->failed)
			return -1;
		add_child(c, n, next);
	}
	return n;
}

/* ---- NFA program ---- */

static int emit(struct compiler *c, enum regex_op op, int x, int y)
{
	if (c->ninsns >= REGEX_MAX_INSNS) {
		fail(c, "too large (more than %d instructions once "
		     "repetitions are expanded)", REGEX_MAX_INSNS);
		return 0;
	}
	c->insns = grow(c->insns, &c->capinsns, c->ninsns + 1, sizeof *c->insns);
	c->insns[c->ninsns] = (struct regex_insn){ op, x, y };
	return c->ninsns++;
}

/* Whether node n can match the empty string. */
static bool nullable(const struct compiler *c, int n)
{
	const struct node *nd = &c->nodes[n];

	switch (nd->kind) {
	case N_SET:
		return false;
	case N_EMPTY:
	case N_BOL:
	case N_EOL:
		return true;
	case N_CAT:
		for (int k = nd->child; k >= 0; k = c->nodes[k].next)
			if (!nullable(c, k))
				return false;
		return true;
	case N_ALT:
		for (int k = nd->child; k >= 0; k = c->nodes[k].next)
			if (nullable(c, k))
				return true;
		return false;
	case N_REP:
		return nd->min == 0 || nullable(c, nd->child);
	case N_GROUP:
		return nullable(c, nd->child);
	}
	return true;
}

static bool has_group(const struct compiler *c, int n)
{
	const struct node *nd = &c->nodes[n];

	if (nd->kind == N_GROUP)
		return true;
	for (int k = nd->child; k >= 0; k = c->nodes[k].next)
		if (has_group(c, k))
			return true;
	return false;
}

static void lower(struct compiler *c, int n);

/*
 * e{min,max} (max -1: unbounded).  Mandatory copies first, then optional
 * iterations, greedy (entering one is preferred to leaving).  When an
 * empty iteration of e could change a group (e can match the empty string
 * and has groups), an optional iteration must consume something, as POSIX
 * wants: its start goes to a hidden slot h (SAVE h) and PROGRESS h lets
 * only a thread that moved on; the first iteration of e* and e{0,n} (h
 * set to -1) and the mandatory ones may be empty.
 *   e* / e{m,}:  [m-1 copies] [SPLIT L, end] [SAVE h:=-1]
 *                L: e  (PROGRESS h; SPLIT n, end; n: SAVE h; JMP L | SPLIT L, end)
 *   e{m,n}:      m copies, then n-m times: SPLIT c, end; c: [SAVE h] e [PROGRESS h]
 */
static void lower_repeat(struct compiler *c, int sub, int min, int max)
{
	int h = -1;

	if (max != 0 && nullable(c, sub) && has_group(c, sub)) {
		if (c->nslots >= REGEX_MAX_SLOTS) {
			fail(c, "too many repeated groups that can match the empty string "
			     "(limit is %d)", REGEX_MAX_SLOTS - 2 * (REGEX_MAX_GROUPS + 1));
			return;
		}
		h = c->nslots++;
	}
	if (max < 0) {
		int first = -1, top;

		for (int i = 0; i < min - 1; i++)
			lower(c, sub);
		if (min == 0)
			first = emit(c, RX_SPLIT, 0, 0);
		if (h >= 0)
			emit(c, RX_SAVE, h, 1);
		top = c->ninsns;
		lower(c, sub);
		if (h >= 0) {
			emit(c, RX_PROGRESS, h, 0);
			int s = emit(c, RX_SPLIT, 0, 0);

			emit(c, RX_SAVE, h, 0);
			emit(c, RX_JMP, top, 0);
			if (c->failed)
				return;
			c->insns[s].x = s + 1;
			c->insns[s].y = c->ninsns;
		} else {
			emit(c, RX_SPLIT, top, c->ninsns + 1);
		}
		if (first >= 0 && !c->failed) {
			c->insns[first].x = first + 1;
			c->insns[first].y = c->ninsns;
		}
		return;
	}
	for (int i = 0; i < min; i++)
		lower(c, sub);
	/* the optional copies' SPLITs are chained through y (-1 ends) until
	 * the end is known */
	int splits = -1;

	for (int i = min; i < max && !c->failed; i++) {
		int s = emit(c, RX_SPLIT, 0, splits);

		if (c->failed)
			return;
		c->insns[s].x = s + 1;
		splits = s;
		if (h >= 0)
			emit(c, RX_SAVE, h, i == 0);
		lower(c, sub);
		if (h >= 0)
			emit(c, RX_PROGRESS, h, 0);
	}
	while (splits >= 0 && !c->failed) {
		int prev = c->insns[splits].y;

		c->insns[splits].y = c->ninsns;
		splits = prev;
	}
}

static void lower(struct compiler *c, int n)
{
	const struct node *nd = &c->nodes[n];

	if (c->failed)
		return;
	switch (nd->kind) {
	case N_SET:
		emit(c, RX_CLASS, nd->set, 0);
		break;
	case N_EMPTY:
		break;
	case N_CAT:
		for (int k = nd->child; k >= 0; k = c->nodes[k].next)
			lower(c, k);
		break;
	case N_ALT: {
		/* SPLIT e1, alt2; e1; JMP end; alt2: SPLIT ...; ...; en; end:
		 * the JMPs are chained through x (-1 ends) until end is known */
		int jumps = -1;

		for (int k = nd->child; k >= 0 && !c->failed; k = c->nodes[k].next) {
			if (c->nodes[k].next < 0) {
				lower(c, k);
				break;
			}
			int split = emit(c, RX_SPLIT, 0, 0);

			lower(c, k);
			int j = emit(c, RX_JMP, jumps, 0);

			if (c->failed)
				return;
			jumps = j;
			c->insns[split].x = split + 1;
			c->insns[split].y = c->ninsns;
		}
		while (jumps >= 0 && !c->failed) {
			int prev = c->insns[jumps].x;

			c->insns[jumps].x = c->ninsns;
			jumps = prev;
		}
		break;
	}
	case N_GROUP:
		emit(c, RX_SAVE, 2 * nd->group, 0);
		lower(c, nd->child);
		emit(c, RX_SAVE, 2 * nd->group + 1, 0);
		break;
	case N_BOL:
		emit(c, RX_BOL, 0, 0);
		break;
	case N_EOL:
		emit(c, RX_EOL, 0, 0);
		break;
	case N_REP:
		lower_repeat(c, nd->child, nd->min, nd->max);
		break;
	}
}

/* ---- DFA ---- */

/* Instructions the subset construction may visit in all (its time). */
#define DFA_MAX_WORK 20000000L

struct dfa {
	const struct regex_insn *insns;
	long work;
	int *stack, *mark, gen;
	int *pcs;                      /* members of every state, concatenated */
	int npcs, cappcs;
	struct dfa_state {
		int start, len;        /* offset into pcs, count */
	} *st;
	int nstates, capstates;
	int *hash;                     /* open addressing: state + 1, 0 free */
	size_t hashsize;
};

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The instructions KERNEL leads to without input, at the start of input
 * (bol) or at its end (eol); those that wait (CLASS, MATCH, and EOL unless
 * eol) go to out, sorted.  Returns their number. */
static int closure(struct dfa *d, const int *kernel, int nk, bool bol, bool eol, int *out)
{
	const struct regex_insn *in = d->insns;
	int sp = 0, n = 0;

	d->gen++;
	for (int i = nk - 1; i >= 0; i--)
		d->stack[sp++] = kernel[i];
	while (sp) {
		int pc = d->stack[--sp];

		if (d->mark[pc] == d->gen)
			continue;
		d->mark[pc] = d->gen;
		d->work++;
		switch (in[pc].op) {
		case RX_JMP:
			d->stack[sp++] = in[pc].x;
			break;
		case RX_SPLIT:
			d->stack[sp++] = in[pc].y;
			d->stack[sp++] = in[pc].x;
			break;
		case RX_SAVE:
		case RX_PROGRESS:
			d->stack[sp++] = pc + 1;
			break;
		case RX_BOL:
			if (bol)
				d->stack[sp++] = pc + 1;
			break;
		case RX_EOL:
			if (eol)
				d->stack[sp++] = pc + 1;
			else
				out[n++] = pc;
			break;
		case RX_CLASS:
		case RX_MATCH:
			out[n++] = pc;
			break;
		}
	}
	qsort(out, (size_t)n, sizeof *out, cmp_int);
	return n;
}

static size_t hash_set(const int *v, int n)
{
	size_t h = 2166136261u;

	for (int i = 0; i < n; i++)
		h = (h ^ (size_t)v[i]) * 16777619u;
	return h ^ (size_t)n;
}

/* The state with members v[0..n), added if new (never state 0, which is
 * only the start).  -1 past the state limit. */
static int find_state(struct dfa *d, const int *v, int n, bool add_only)
{
	size_t h = hash_set(v, n) & (d->hashsize - 1);

	while (!add_only && d->hash[h]) {
		int s = d->hash[h] - 1;

		if (d->st[s].len == n && memcmp(d->pcs + d->st[s].start, v, sizeof *v * (size_t)n) == 0)
			return s;
		h = (h + 1) & (d->hashsize - 1);
	}
	if (d->nstates >= REGEX_MAX_STATES)
		return -1;
	int s = d->nstates++;

	d->st = grow(d->st, &d->capstates, d->nstates, sizeof *d->st);
	d->pcs = grow(d->pcs, &d->cappcs, d->npcs + n, sizeof *d->pcs);
	memcpy(d->pcs + d->npcs, v, sizeof *v * (size_t)n);
	d->st[s].start = d->npcs;
	d->st[s].len = n;
	d->npcs += n;
	if (!add_only)
		d->hash[h] = s + 1;
	return s;
}

static void build_classes(struct regex *re)
{
	int map[256][2];

	memset(re->classes, 0, sizeof re->classes);
	re->nclasses = 1;
	for (int s = 0; s < re->nsets; s++) {
		int n = 0;

		memset(map, -1, sizeof map);
		for (int b = 0; b < 256; b++) {
			int in = set_has(re->sets[s], b), *slot = &map[re->classes[b]][in];

			if (*slot < 0)
				*slot = n++;
			re->classes[b] = (unsigned char)*slot;
		}
		re->nclasses = n;
	}
}

static bool build_dfa(struct compiler *c, struct regex *re)
{
	struct dfa d = { .insns = re->insns };
	int n = re->ninsns, rep[256], capnext = 0, capaccept = 0;
	/* a state's members are distinct instructions: at most n of them */
	int *kernel = malloc(sizeof *kernel * (size_t)(n + 1));
	int *set = malloc(sizeof *set * (size_t)n);
	int *own = malloc(sizeof *own * (size_t)n);
	bool ok = true;

	d.stack = malloc(sizeof *d.stack * (size_t)(3 * n + 4));
	d.mark = calloc((size_t)n, sizeof *d.mark);
	d.hashsize = 2 * REGEX_MAX_STATES;
	d.hash = calloc(d.hashsize, sizeof *d.hash);
	if (!kernel || !set || !own || !d.stack || !d.mark || !d.hash) {
		fputs("stap: out of memory\n", stderr);
		exit(1);
	}
	build_classes(re);
	for (int b = 255; b >= 0; b--)
		rep[re->classes[b]] = b;
	kernel[0] = 0;
	find_state(&d, set, closure(&d, kernel, 1, true, false, set), true);
	for (int s = 0; s < d.nstates && ok; s++) {
		/* room for row s; states found later get theirs when their turn comes */
		re->next = grow(re->next, &capnext, (s + 1) * re->nclasses, sizeof *re->next);
		re->accept = grow(re->accept, &capaccept, s + 1, sizeof *re->accept);

		/* the members may move once find_state grows pcs: copy them */
		int count = d.st[s].len;
		bool match = false;

		memcpy(own, d.pcs + d.st[s].start, sizeof *own * (size_t)count);
		for (int i = 0; i < count; i++)
			match |= re->insns[own[i]].op == RX_MATCH;
		if (match) {
			re->accept[s] = 1;
			for (int k = 0; k < re->nclasses; k++)
				re->next[s * re->nclasses + k] = (uint16_t)s;
			continue;
		}
		int nm = closure(&d, own, count, s == 0, true, set);

		re->accept[s] = 0;
		for (int i = 0; i < nm; i++)
			if (re->insns[set[i]].op == RX_MATCH)
				re->accept[s] = 2;
		for (int k = 0; k < re->nclasses && ok; k++) {
			int nk = 0, t;

			for (int i = 0; i < count; i++) {
				const struct regex_insn *in = &re->insns[own[i]];

				if (in->op == RX_CLASS && set_has(re->sets[in->x], rep[k]))
					kernel[nk++] = own[i] + 1;
			}
			kernel[nk++] = 0;      /* a match may also start at the next byte */
			t = find_state(&d, set, closure(&d, kernel, nk, false, false, set), false);
			if (d.work > DFA_MAX_WORK) {
				fail(c, "too complex (building its DFA takes too long)");
				ok = false;
				break;
			}
			if (t < 0) {
				fail(c, "too complex (its DFA would have more "
				     "than %d states)", REGEX_MAX_STATES);
				ok = false;
				break;
			}
			re->next[s * re->nclasses + k] = (uint16_t)t;
		}
	}
	re->nstates = d.nstates;
	free(kernel);
	free(set);
	free(own);
	free(d.stack);
	free(d.mark);
	free(d.hash);
	free(d.pcs);
	free(d.st);
	return ok;
}

/* ---- entry points ---- */

struct regex *regex_compile(const char *pattern, char *err, size_t errlen)
{
	struct compiler c = { .p = pattern, .err = err, .errlen = errlen };
	struct regex *re = NULL;
	int root;

	root = parse_alt(&c, 0);
	if (!c.failed && c.p[c.pos] == ')')
		fail(&c, "unmatched ')' at character %d", at(c.pos));
	c.nslots = 2 * (c.ngroups + 1);
	if (!c.failed) {
		emit(&c, RX_SAVE, 0, 0);
		lower(&c, root);
		emit(&c, RX_SAVE, 1, 0);
		emit(&c, RX_MATCH, 0, 0);
	}
	if (!c.failed) {
		re = calloc(1, sizeof *re);
		if (!re) {
			fputs("stap: out of memory\n", stderr);
			exit(1);
		}
		re->ngroups = c.ngroups;
		re->nslots = c.nslots;
		re->insns = c.insns;
		re->ninsns = c.ninsns;
		re->sets = c.sets;
		re->nsets = c.nsets;
		c.insns = NULL;
		c.sets = NULL;
		if (!build_dfa(&c, re)) {
			regex_free(re);
			re = NULL;
		}
	}
	free(c.nodes);
	free(c.sets);
	free(c.insns);
	return re;
}

void regex_free(struct regex *re)
{
	if (!re)
		return;
	free(re->insns);
	free(re->sets);
	free(re->next);
	free(re->accept);
	free(re);
}
