/*
 * parse.c - pass 1: a recursive-descent parser over the token array, one
 * function per grammar rule (the rule is written above it), reading the
 * preprocessed token stream.  Expression precedence, lowest first, follows
 * SystemTap:
 *   assignment (right assoc; = += ... .= <<<), ?:, ||, &&, |, ^, &,
 *   in, comparisons and =~ !~, << >> >>>, . (concatenation), + -, * / %,
 *   unary - ! ~ + & ++ --, postfix ++ --, then values: literals, calls,
 *   array elements, target variables with ->member/[index] chains, @cast,
 *   @var, statistics (@count ... @hist_log) and the other @-operators.
 * On a syntax error the parser reports it and unwinds with longjmp to the
 * innermost recovery point: the enclosing block (which skips to the end of
 * the broken statement) or the top level (which resumes at the next
 * declaration), so one run reports every error.  Nesting is bounded
 * (MAX_NESTING) so hostile input cannot exhaust the stack here or in later
 * passes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "lexer.h"
#include "hash_map.h"
#include "parse.h"

#define MAX_PARSE_ERRORS 20

struct parser {
	struct token *tok;
	int pos, n;
	int nesting;
	int errors;
	bool fatal;                 /* stop after this error (limits) */
	jmp_buf recover;
	struct program *prog;
	bool guru;                  /* embedded C allowed */
	bool in_function;           /* 'return' is allowed */
	/* interned name -> struct symbol, for the duplicate checks (a program
	 * may hold thousands of tapset globals: a list walk per declaration
	 * would be quadratic); freed after the file */
	struct hash_map globals;
	struct probe **probe_tail;
	struct alias **alias_tail;
	struct embedded **embedded_tail;
	struct function **func_tail;
	struct symbol **global_tail;
};

static struct expr *parse_expr(struct parser *p);
static struct expr *parse_ternary(struct parser *p);
static struct expr *parse_unary(struct parser *p);
static struct stmt *parse_statement(struct parser *p);

/* ---- token helpers ---- */

static struct token *peek(struct parser *p)
{
	return &p->tok[p->pos];
}

static struct token *next(struct parser *p)
{
	struct token *t = &p->tok[p->pos];

	if (t->kind != TOK_EOF)
		p->pos++;
	return t;
}

static inline bool is_op(const struct token *t, const char *op)
{
	return t->kind == TOK_OP && t->text[0] == op[0] &&
	       (op[1] ? strcmp(t->text + 1, op + 1) == 0 : t->text[1] == '\0');
}

static inline bool is_keyword(const struct token *t, const char *kw)
{
	return t->kind == TOK_KEYWORD && t->text[0] == kw[0] && strcmp(t->text, kw) == 0;
}

static bool is_atword(const struct token *t, const char *w)
{
	return t->kind == TOK_ATWORD && strcmp(t->text, w) == 0;
}

static _Noreturn void syntax_error(struct parser *p, const struct token *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void syntax_error(struct parser *p, const struct token *t, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->errors++;
	if (p->errors <= MAX_PARSE_ERRORS)
		diag_parse_error(t->loc, token_describe(t), "%s", msg);
	if (p->errors >= MAX_PARSE_ERRORS)
		p->fatal = true;
	longjmp(p->recover, 1);
}

static bool accept_op(struct parser *p, const char *op)
{
	if (is_op(peek(p), op)) {
		next(p);
		return true;
	}
	return false;
}

static struct token *expect_op(struct parser *p, const char *op)
{
	if (!is_op(peek(p), op))
		syntax_error(p, peek(p), "expected '%s'", op);
	return next(p);
}

/* Closing token for an opener at OPEN: "'}' expected (to close '{' at line 3)". */
static void expect_match(struct parser *p, const char *close, const char *open,
			 const struct token *open_tok)
{
	if (!is_op(peek(p), close))
		syntax_error(p, peek(p), "expected '%s' (to close '%s' at line %d)", close, open,
			     open_tok->loc.line);
	next(p);
}

static struct token *expect_ident(struct parser *p)
{
	if (peek(p)->kind != TOK_IDENT)
		syntax_error(p, peek(p), "expected identifier");
	return next(p);
}

static void enter(struct parser *p)
{
	if (++p->nesting > MAX_NESTING) {
		p->fatal = true;
		syntax_error(p, peek(p), "too deeply nested (limit is %d)", MAX_NESTING);
	}
}

static void leave(struct parser *p)
{
	p->nesting--;
}

/* ---- nodes ---- */

static struct expr *new_expr(struct parser *p, enum expr_kind kind, const struct token *t,
			     int child_depth)
{
	struct expr *e = arena_alloc(sizeof *e);

	e->kind = kind;
	e->loc = t->loc;
	e->what = token_describe(t);
	e->depth = child_depth + 1;
	if (e->depth > MAX_NESTING) {
		p->fatal = true;
		syntax_error(p, t, "expression too deeply nested (limit is %d)", MAX_NESTING);
	}
	return e;
}

static int max_depth(const struct expr *a, const struct expr *b)
{
	int x = a ? a->depth : 0, y = b ? b->depth : 0;

	return x > y ? x : y;
}

static struct stmt *new_stmt(enum stmt_kind kind, const struct token *t)
{
	struct stmt *s = arena_alloc(sizeof *s);

	s->kind = kind;
	s->loc = t->loc;
	s->what = token_describe(t);
	return s;
}

/* ---- expressions ---- */

/* call_args -> '(' [expr {',' expr}] ')' */
static void parse_call_args(struct parser *p, struct expr *call, const struct token *open)
{
	int cap = 0;

	if (!is_op(peek(p), ")")) {
		do {
			struct expr *arg = parse_expr(p);

			if (call->call.nargs == cap) {
				int ncap = cap ? cap * 2 : 4;
				struct expr **na = arena_alloc(sizeof *na * (size_t)ncap);

				if (call->call.nargs)
					memcpy(na, call->call.args, sizeof *na * (size_t)call->call.nargs);
				call->call.args = na;
				cap = ncap;
			}
			call->call.args[call->call.nargs++] = arg;
			if (arg->depth + 1 > call->depth)
				call->depth = arg->depth + 1;
		} while (accept_op(p, ","));
	}
	expect_match(p, ")", "(", open);
	if (call->depth > MAX_NESTING) {
		p->fatal = true;
		syntax_error(p, open, "expression too deeply nested (limit is %d)", MAX_NESTING);
	}
}

/* Room for one more element in ARR (N used, *CAP allocated). */
static void *grow(void *arr, int n, int *cap, size_t elem)
{
	if (n < *cap)
		return arr;
	int ncap = *cap ? *cap * 2 : 4;
	void *na = arena_alloc(elem * (size_t)ncap);

	if (n)
		memcpy(na, arr, elem * (size_t)n);
	*cap = ncap;
	return na;
}

static int depth_of(const struct expr *e)
{
	return e ? e->depth : 0;
}

/* index_list -> expr_or_star {',' expr_or_star} ']'   ('[' already read) */
static struct expr **parse_index_list(struct parser *p, const struct token *open, int *n,
				      int *depth)
{
	struct expr **v = NULL;
	int cap = 0;

	*n = 0;
	do {
		struct expr *e = NULL;

		if (!accept_op(p, "*"))
			e = parse_expr(p);
		v = grow(v, *n, &cap, sizeof *v);
		v[(*n)++] = e;
		if (depth_of(e) > *depth)
			*depth = depth_of(e);
	} while (accept_op(p, ","));
	expect_match(p, "]", "[", open);
	return v;
}

static bool is_lvalue(const struct expr *e)
{
	return e->kind == EXPR_VAR || e->kind == EXPR_INDEX || e->kind == EXPR_TARGET;
}

/* A trailing $ or $$ on NAME (pretty printing): returns NAME without it. */
static const char *strip_pretty(const char *name, int *pretty)
{
	size_t n = strlen(name), k = 0;

	while (k < n && name[n - 1 - k] == '$')
		k++;
	if (k == 0 || k == n || (name[0] == '$' && k + 1 >= n && name[1] == '$'))
		return name;
	if (name[0] == '$' && name[1] == '$' && k >= n - 2)
		return name;
	*pretty = k > 2 ? 2 : (int)k;
	return intern(name, n - k);
}

/* target_chain -> {'->' NAME | '[' expr ']'} ['$' | '$$']
 *   (after $x, @cast(...), @var(...); a member's '$' is part of its NAME) */
static void parse_target_chain(struct parser *p, struct expr *e)
{
	int cap = 0;

	while (!e->target.pretty) {
		struct token *t = peek(p);
		struct target_step st = { 0 };

		if (is_op(t, "->")) {
			next(p);
			struct token *m = peek(p);

			if (m->kind != TOK_IDENT && m->kind != TOK_KEYWORD)
				syntax_error(p, m, "expected member name after '->'");
			next(p);
			st.member = strip_pretty(m->text, &e->target.pretty);
		} else if (is_op(t, "[")) {
			next(p);
			st.index = parse_expr(p);
			expect_match(p, "]", "[", t);
			if (st.index->depth + 1 > e->depth)
				e->depth = st.index->depth + 1;
		} else if (t->kind == TOK_OP && t->text[0] == '$' && !t->spaced) {
			/* the lexer makes '$' an operator only right after ')' or ']' */
			next(p);
			e->target.pretty = t->text[1] ? 2 : 1;
			break;
		} else {
			break;
		}
		if (e->target.nsteps >= 64)
			syntax_error(p, t, "target variable access chain too long (limit is 64)");
		e->target.steps = grow(e->target.steps, e->target.nsteps, &cap, sizeof st);
		e->target.steps[e->target.nsteps++] = st;
	}
}

static struct token *expect_string(struct parser *p)
{
	if (peek(p)->kind != TOK_STRING)
		syntax_error(p, peek(p), "expected string literal");
	return next(p);
}

/* cast -> '@cast' '(' expr ',' STRING [',' STRING] ')' chain
 * var -> '@var' '(' STRING [',' STRING] ')' chain */
static struct expr *parse_cast_or_var(struct parser *p, struct token *t)
{
	struct expr *e = new_expr(p, EXPR_TARGET, t, 0);
	struct token *open = expect_op(p, "(");

	e->target.name = t->text;
	if (is_atword(t, "@cast")) {
		e->target.operand = parse_expr(p);
		e->depth = e->target.operand->depth + 1;
		expect_op(p, ",");
	}
	e->target.type_name = expect_string(p)->text;
	if (accept_op(p, ","))
		e->target.module = expect_string(p)->text;
	expect_match(p, ")", "(", open);
	parse_target_chain(p, e);
	return e;
}

/* The @-operators written like calls: name, fewest and most arguments. */
static const struct {
	const char *name;
	enum expr_kind kind;
	int min, max;
} atcalls[] = {
	{ "@count", EXPR_STAT, 1, 1 }, { "@sum", EXPR_STAT, 1, 1 },
	{ "@min", EXPR_STAT, 1, 1 }, { "@max", EXPR_STAT, 1, 1 },
	{ "@avg", EXPR_STAT, 1, 1 }, { "@variance", EXPR_STAT, 1, 2 },
	{ "@hist_linear", EXPR_STAT, 4, 4 }, { "@hist_log", EXPR_STAT, 1, 1 },
	{ "@entry", EXPR_ATCALL, 1, 1 }, { "@defined", EXPR_ATCALL, 1, 1 },
	{ "@probewrite", EXPR_ATCALL, 1, 1 }, { "@const", EXPR_ATCALL, 1, 1 },
	{ "@perf", EXPR_ATCALL, 1, 1 }, { "@kregister", EXPR_ATCALL, 1, 1 },
	{ "@uregister", EXPR_ATCALL, 1, 1 }, { "@kderef", EXPR_ATCALL, 2, 2 },
	{ "@uderef", EXPR_ATCALL, 2, 2 },
};

static struct expr *parse_literal(struct parser *p);

/* perfop -> '@perf' '(' STRING ')'
 * As upstream's parser: the counter's name is a literal, non-empty string
 * (it names a perf...counter("NAME") probe), checked at pass 1. */
static struct expr *parse_perf_op(struct parser *p, struct token *t)
{
	struct expr *e = new_expr(p, EXPR_ATCALL, t, 0);
	struct token *open = peek(p), *at;

	e->call.name = t->text;
	if (!is_op(open, "("))
		syntax_error(p, open, "expected '(' after '%s'", t->text);
	next(p);
	at = peek(p);
	struct expr *name = parse_literal(p);

	if (name->kind != EXPR_STRING || !name->str[0])
		syntax_error(p, at, "expected 'string'");
	expect_match(p, ")", "(", open);
	e->call.args = arena_alloc(sizeof *e->call.args);
	e->call.args[0] = name;
	e->call.nargs = 1;
	e->depth = name->depth + 1;
	return e;
}

/* atcall -> ATWORD '(' expr {',' expr} ')' ['[' expr ']']   (the index: histograms) */
static struct expr *parse_atword(struct parser *p, struct token *t)
{
	size_t i;

	if (is_atword(t, "@cast") || is_atword(t, "@var"))
		return parse_cast_or_var(p, t);
	if (is_atword(t, "@perf"))
		return parse_perf_op(p, t);
	for (i = 0; i < sizeof atcalls / sizeof atcalls[0]; i++)
		if (strcmp(t->text, atcalls[i].name) == 0)
			break;
	if (i == sizeof atcalls / sizeof atcalls[0])
		syntax_error(p, t, "unknown macro or @-operator '%s'", t->text);
	struct expr *e = new_expr(p, atcalls[i].kind, t, 0);
	struct token *open = peek(p);

	e->call.name = t->text;
	if (!is_op(open, "("))
		syntax_error(p, open, "expected '(' after '%s'", t->text);
	next(p);
	parse_call_args(p, e, open);
	if (e->call.nargs < atcalls[i].min || e->call.nargs > atcalls[i].max) {
		if (atcalls[i].min == atcalls[i].max)
			syntax_error(p, t, "'%s' takes %d argument%s, not %d", t->text,
				     atcalls[i].min, atcalls[i].min == 1 ? "" : "s", e->call.nargs);
		syntax_error(p, t, "'%s' takes %d to %d arguments, not %d", t->text,
			     atcalls[i].min, atcalls[i].max, e->call.nargs);
	}
	if (strncmp(t->text, "@hist_", 6) == 0 && is_op(peek(p), "[")) {
		struct token *ob = next(p);
		struct expr *ix = new_expr(p, EXPR_INDEX, ob, 0);
		int d = e->depth;

		ix->index.base = e;
		ix->index.idx = parse_index_list(p, ob, &ix->index.n, &d);
		ix->depth = d + 1;
		if (ix->index.n != 1 || !ix->index.idx[0])
			syntax_error(p, ob, "a histogram takes exactly one bucket index");
		return ix;
	}
	return e;
}

/* primary -> NUMBER | STRING | IDENT | IDENT call_args | IDENT '[' index_list
 *          | TARGET chain | atcall | EMBEDDED | '(' expr ')' */
static struct expr *parse_primary(struct parser *p)
{
	struct token *t = peek(p);
	struct expr *e;

	switch (t->kind) {
	case TOK_NUMBER:
		next(p);
		e = new_expr(p, EXPR_NUMBER, t, 0);
		e->num = t->value;
		return e;
	case TOK_STRING:
		next(p);
		e = new_expr(p, EXPR_STRING, t, 0);
		e->str = t->text;
		return e;
	case TOK_IDENT:
		next(p);
		if (t->text[0] == '$') {
			e = new_expr(p, EXPR_TARGET, t, 0);
			e->target.name = strip_pretty(t->text, &e->target.pretty);
			parse_target_chain(p, e);
			return e;
		}
		if (is_op(peek(p), "(")) {
			struct token *open = next(p);

			e = new_expr(p, EXPR_CALL, t, 0);
			e->call.name = t->text;
			parse_call_args(p, e, open);
			/* as upstream's parser: the delimiter and at least one value */
			if ((strcmp(t->text, "printd") == 0 || strcmp(t->text, "printdln") == 0 ||
			     strcmp(t->text, "sprintd") == 0 || strcmp(t->text, "sprintdln") == 0) &&
			    e->call.nargs < 2)
				syntax_error(p, t, "'%s' needs a delimiter and at least one value",
					     t->text);
			return e;
		}
		e = new_expr(p, EXPR_VAR, t, 0);
		e->var.name = t->text;
		if (is_op(peek(p), "[")) {
			struct token *open = next(p);
			struct expr *ix = new_expr(p, EXPR_INDEX, t, 0);
			int d = 1;

			ix->index.base = e;
			ix->index.idx = parse_index_list(p, open, &ix->index.n, &d);
			ix->depth = d + 1;
			if (ix->depth > MAX_NESTING)
				syntax_error(p, open, "expression too deeply nested (limit is %d)",
					     MAX_NESTING);
			return ix;
		}
		return e;
	case TOK_ATWORD:
		next(p);
		return parse_atword(p, t);
	case TOK_EMBEDDED:
		next(p);
		if (!p->guru)
			syntax_error(p, t, "embedded expression code in unprivileged script; need stap -g");
		e = new_expr(p, EXPR_EMBEDDED, t, 0);
		e->str = t->text;
		return e;
	case TOK_OP:
		if (is_op(t, "(")) {
			next(p);
			e = parse_expr(p);
			expect_match(p, ")", "(", t);
			return e;
		}
		break;
	case TOK_KEYWORD:
	case TOK_EOF:
	case TOK_ARG:
		break;
	}
	syntax_error(p, t, "expected expression");
}

/* autocast -> expr ('->' member | '[' expr ']') {'->' member | '[' expr ']'}
 * As upstream, any expression may be followed by a target access chain: its
 * type comes from what the expression holds (a pointer from $var, @cast, a
 * function's typed result).  '[' only after a parenthesized expression or a
 * call: after a name it indexes an array. */
static struct expr *parse_autocast(struct parser *p, struct expr *e, bool parenthesized)
{
	struct token *t = peek(p);
	bool arrow = is_op(t, "->") && e->kind != EXPR_TARGET && e->kind != EXPR_NUMBER &&
		     e->kind != EXPR_STRING;
	bool index = is_op(t, "[") && (parenthesized || e->kind == EXPR_CALL);

	if (!arrow && !index)
		return e;
	struct expr *a = new_expr(p, EXPR_TARGET, t, e->depth + 1);

	a->target.name = "@autocast";
	a->target.autocast = true;
	a->target.operand = e;
	parse_target_chain(p, a);
	return a;
}

/* The operator token T stands for (the grammar only hands over operators). */
static enum op operator(const struct token *t, bool unary)
{
	enum op op;

	if (!op_lookup(t->text, unary, &op))
		internal_error("no operator '%s'", t->text);
	return op;
}

/* postfix -> (primary | autocast) [('++' | '--')]   (after a variable, element or target) */
static struct expr *parse_postfix(struct parser *p)
{
	bool parenthesized = is_op(peek(p), "(");
	struct expr *e = parse_autocast(p, parse_primary(p), parenthesized);
	struct token *t = peek(p);

	/* only an lvalue takes a postfix ++/--: after anything else the
	 * operator starts the next statement ("f()\n--x") */
	if ((is_op(t, "++") || is_op(t, "--")) && is_lvalue(e)) {
		next(p);
		struct expr *r = new_expr(p, EXPR_INCDEC, t, e->depth);
		r->incdec.op = t->text[0] == '+' ? OP_INC : OP_DEC;
		r->incdec.prefix = false;
		r->incdec.target = e;
		return r;
	}
	return e;
}

/* unary -> ('-' | '!' | '~' | '+') unary | ('++' | '--') unary | '&' target | postfix */
static struct expr *parse_unary(struct parser *p)
{
	struct token *t = peek(p);
	struct expr *e;

	if (is_op(t, "-") || is_op(t, "!") || is_op(t, "~") || is_op(t, "+")) {
		enter(p);
		next(p);
		struct expr *operand = parse_unary(p);
		leave(p);
		e = new_expr(p, EXPR_UNARY, t, operand->depth);
		e->unary.op = operator(t, true);
		e->unary.operand = operand;
		return e;
	}
	if (is_op(t, "++") || is_op(t, "--")) {
		enter(p);
		next(p);
		struct expr *target = parse_unary(p);
		leave(p);
		if (!is_lvalue(target))
			syntax_error(p, t, "operand of '%s' must be a variable", t->text);
		e = new_expr(p, EXPR_INCDEC, t, target->depth);
		e->incdec.op = t->text[0] == '+' ? OP_INC : OP_DEC;
		e->incdec.prefix = true;
		e->incdec.target = target;
		return e;
	}
	if (is_op(t, "&")) {
		next(p);
		e = parse_postfix(p);
		if (e->kind != EXPR_TARGET || e->target.addressof || e->target.pretty)
			syntax_error(p, t, "'&' takes the address of a target variable only");
		e->target.addressof = true;
		return e;
	}
	return parse_postfix(p);
}

/* Left-associative binary levels, lowest precedence first; each entry lists
 * its operators and the node kind they build.  The IN level is array_in. */
struct binary_level {
	const char *ops[7];
	enum expr_kind kind;
};

#define IN_LEVEL 5

static const struct binary_level levels[] = {
	{ { "||" }, EXPR_LOGICAL },
	{ { "&&" }, EXPR_LOGICAL },
	{ { "|" }, EXPR_BINARY },
	{ { "^" }, EXPR_BINARY },
	{ { "&" }, EXPR_BINARY },
	{ { NULL }, EXPR_IN },
	{ { "==", "!=", "<", ">", "<=", ">=" }, EXPR_COMPARE },
	{ { "<<", ">>", ">>>" }, EXPR_BINARY },
	{ { "." }, EXPR_CONCAT },
	{ { "+", "-" }, EXPR_BINARY },
	{ { "*", "/", "%" }, EXPR_BINARY },
};

#define NLEVELS (int)(sizeof levels / sizeof levels[0])

/* in_array -> IDENT   (the array after 'in') */
static struct expr *parse_in_array(struct parser *p)
{
	struct token *t = expect_ident(p);
	struct expr *e;

	if (t->text[0] == '$')
		syntax_error(p, t, "expected array name after 'in'");
	e = new_expr(p, EXPR_VAR, t, 0);
	e->var.name = t->text;
	return e;
}

/* The level whose operator TEXT is (-1: none), by comparing texts. */
static int op_text_level(const char *text)
{
	if (!strchr("|&^=!<>.+-*/%", text[0]))
		return -1;
	if (strcmp(text, "=~") == 0 || strcmp(text, "!~") == 0)
		return IN_LEVEL + 1;
	for (int l = 0; l < NLEVELS; l++)
		for (int i = 0; levels[l].ops[i]; i++)
			if (strcmp(text, levels[l].ops[i]) == 0)
				return l;
	return -1;
}

/* The level whose operator T is (-1: none), cached in the token.  Operator
 * texts are interned, so the answer for each text is also kept in a small
 * table keyed by the text's address (emptied when the arena is reset): a
 * few dozen distinct operators, each looked up by text only once. */
#define OP_LEVEL_CACHE 64

static int binary_level(struct token *t)
{
	static struct {
		const char *text;
		int level;
	} cache[OP_LEVEL_CACHE];
	static unsigned cache_epoch;

	if (t->level == 0) {
		t->level = -1;
		if (t->kind == TOK_OP) {
			if (cache_epoch != arena_epoch()) {
				memset(cache, 0, sizeof cache);
				cache_epoch = arena_epoch();
			}
			size_t h = ((uintptr_t)t->text >> 4) % OP_LEVEL_CACHE;

			if (cache[h].text != t->text) {
				cache[h].text = t->text;
				cache[h].level = op_text_level(t->text);
			}
			t->level = (signed char)(cache[h].level + 1);
		}
	}
	return t->level > 0 ? t->level - 1 : -1;
}

/* binary(L) -> operand {op operand}, by precedence climbing: an operator of
 * level >= L joins the operand on its left with the binary(level + 1) on its
 * right, so every level is left associative.  The 'in' level:
 *   array_in -> '[' index_list 'in' IDENT | comparison ['in' IDENT]
 * takes one 'in', after which only operators below it may follow. */
static struct expr *parse_binary(struct parser *p, int min)
{
	struct token *t = peek(p);
	struct expr *e;
	int ceiling = NLEVELS;

	if (min <= IN_LEVEL && is_op(t, "[")) {
		int d = 0;

		next(p);
		e = new_expr(p, EXPR_IN, t, 0);
		e->in.bracketed = true;
		e->in.keys = parse_index_list(p, t, &e->in.nkeys, &d);
		if (!is_keyword(peek(p), "in"))
			syntax_error(p, peek(p), "expected 'in'");
		next(p);
		e->in.array = parse_in_array(p);
		e->depth = d + 1;
		ceiling = IN_LEVEL - 1;
	} else {
		e = parse_unary(p);
	}
	for (;;) {
		t = peek(p);
		int level = is_keyword(t, "in") ? IN_LEVEL : binary_level(t);

		if (level < min || level > ceiling)
			return e;
		next(p);
		if (level == IN_LEVEL) {
			struct expr *in = new_expr(p, EXPR_IN, t, e->depth);

			in->in.keys = arena_alloc(sizeof *in->in.keys);
			in->in.keys[0] = e;
			in->in.nkeys = 1;
			in->in.array = parse_in_array(p);
			e = in;
			ceiling = IN_LEVEL - 1;
			continue;
		}
		enum expr_kind kind = levels[level].kind;
		if (t->text[1] == '~')   /* =~ !~ (a lone ~ is not binary) */
			kind = EXPR_REGEX;
		struct expr *right = parse_binary(p, level + 1);
		if (kind == EXPR_REGEX && right->kind != EXPR_STRING)
			syntax_error(p, t, "expected a literal string as the regular expression "
				     "of '%s'", t->text);
		struct expr *b = new_expr(p, kind, t, max_depth(e, right));
		b->binary.op = operator(t, false);
		b->binary.left = e;
		b->binary.right = right;
		e = b;
	}
}

/* ternary -> binary ['?' expr ':' ternary] */
static struct expr *parse_ternary(struct parser *p)
{
	struct expr *cond = parse_binary(p, 0);
	struct token *t = peek(p);

	if (!is_op(t, "?"))
		return cond;
	next(p);
	enter(p);
	struct expr *then = parse_expr(p);
	expect_op(p, ":");
	struct expr *otherwise = parse_ternary(p);
	leave(p);
	int d = max_depth(cond, then);

	if (otherwise->depth > d)
		d = otherwise->depth;
	struct expr *e = new_expr(p, EXPR_TERNARY, t, d);
	e->ternary.cond = cond;
	e->ternary.then = then;
	e->ternary.otherwise = otherwise;
	return e;
}

/* = += -= *= /= %= .= <<= >>= &= |= ^= <<< */
static bool is_assign_op(const struct token *t)
{
	const char *s = t->text;
	size_t n;

	if (t->kind != TOK_OP)
		return false;
	n = strlen(s);
	if (n == 3 && s[0] == '<' && s[1] == '<' && s[2] == '<')
		return true;
	if (s[n - 1] != '=')
		return false;
	if (n == 1)
		return true;
	if (n == 2)
		return strchr("+-*/%.&|^", s[0]) != NULL;
	return n == 3 && (s[0] == '<' || s[0] == '>') && s[1] == s[0];
}

/* expr -> ternary [assign_op expr] */
static struct expr *parse_expr(struct parser *p)
{
	enter(p);
	struct expr *e = parse_ternary(p);
	struct token *t = peek(p);

	if (is_assign_op(t)) {
		if (!is_lvalue(e))
			syntax_error(p, t, "Expecting lvalue for assignment");
		next(p);
		struct expr *value = parse_expr(p);
		struct expr *a = new_expr(p, EXPR_ASSIGN, t, max_depth(e, value));
		a->assign.op = operator(t, false);
		a->assign.target = e;
		a->assign.value = value;
		e = a;
	}
	leave(p);
	return e;
}

/* ---- statements ---- */

static void add_item(struct stmt *s, struct stmt *item, int *cap)
{
	s->block.items = grow(s->block.items, s->block.n, cap, sizeof item);
	s->block.items[s->block.n++] = item;
}

/* After an error in a statement that began at START: skips to the end of
 * that statement (a ';' or a '}' it did not open) so the block goes on. */
static void skip_statement(struct parser *p, int start)
{
	int depth = 0;

	if (p->pos == start)
		next(p);
	for (;;) {
		struct token *t = peek(p);

		if (t->kind == TOK_EOF)
			return;
		if (depth == 0 && (is_keyword(t, "probe") || is_keyword(t, "function") ||
				   is_keyword(t, "global") || is_keyword(t, "private")) &&
		    t->loc.col == 1)
			longjmp(p->recover, 1);   /* a '}' is missing: a new declaration */
		if (is_op(t, "{")) {
			depth++;
		} else if (is_op(t, "}")) {
			if (depth == 0)
				return;
			if (--depth == 0) {
				next(p);
				return;
			}
		} else if (depth == 0 && is_op(t, ";")) {
			next(p);
			return;
		}
		next(p);
	}
}

/* block -> '{' {statement} '}' */
static struct stmt *parse_block(struct parser *p)
{
	struct token *open = expect_op(p, "{");
	struct stmt *s = new_stmt(STMT_BLOCK, open);
	volatile int cap = 0;
	int nesting = p->nesting;
	jmp_buf outer;

	memcpy(outer, p->recover, sizeof outer);
	while (!is_op(peek(p), "}")) {
		volatile int start = p->pos;

		if (peek(p)->kind == TOK_EOF) {
			memcpy(p->recover, outer, sizeof outer);
			expect_match(p, "}", "{", open);
		}
		if (setjmp(p->recover)) {
			if (p->fatal || peek(p)->kind == TOK_EOF) {
				memcpy(p->recover, outer, sizeof outer);
				longjmp(p->recover, 1);
			}
			p->nesting = nesting;
			memcpy(p->recover, outer, sizeof outer);
			skip_statement(p, start);
			continue;
		}
		struct stmt *item = parse_statement(p);
		int c = cap;

		add_item(s, item, &c);
		cap = c;
	}
	memcpy(p->recover, outer, sizeof outer);
	next(p);
	return s;
}

/* cond -> '(' expr ')' */
static struct expr *parse_cond(struct parser *p)
{
	struct token *open = expect_op(p, "(");
	struct expr *e = parse_expr(p);

	expect_match(p, ")", "(", open);
	return e;
}

static struct expr *var_from(struct parser *p, struct token *t)
{
	struct expr *e;

	if (t->kind != TOK_IDENT || t->text[0] == '$')
		syntax_error(p, t, "expected identifier");
	e = new_expr(p, EXPR_VAR, t, 0);
	e->var.name = t->text;
	return e;
}

/* Records a sort directive ('+' or '-' at T) on KEY (-1: the value). */
static void set_sort(struct parser *p, struct stmt *s, struct token *t, int key)
{
	if (s->foreach.sort_dir)
		syntax_error(p, t, "multiple sort directives in 'foreach'");
	s->foreach.sort_key = key;
	s->foreach.sort_dir = t->text[0] == '+' ? 1 : -1;
}

/* foreach -> 'foreach' '(' [IDENT ['+' | '-'] '='] keys 'in' array [slice] [sort] ['limit' expr] ')' statement
 * keys -> '[' key {',' key} ']' | key        key -> IDENT ['+' | '-']
 * array -> IDENT | '@hist_linear' (...) | '@hist_log' (...)
 * sort -> ['@count' | '@sum' | '@min' | '@max' | '@avg'] ('+' | '-') */
static struct stmt *parse_foreach(struct parser *p, struct token *kw)
{
	struct stmt *s = new_stmt(STMT_FOREACH, kw);
	struct token *open = expect_op(p, "(");
	int cap = 0;

	if (peek(p)->kind == TOK_IDENT && is_op(&p->tok[p->pos + 1], "=")) {
		s->foreach.value = var_from(p, next(p));
		next(p);
	} else if (peek(p)->kind == TOK_IDENT &&
		   (is_op(&p->tok[p->pos + 1], "+") || is_op(&p->tok[p->pos + 1], "-")) &&
		   is_op(&p->tok[p->pos + 2], "=")) {
		/* v- = k: sorted on the value */
		s->foreach.value = var_from(p, next(p));
		set_sort(p, s, next(p), -1);
		next(p);
	}
	struct token *ob = peek(p);
	s->foreach.bracketed = accept_op(p, "[");
	do {
		struct expr *k = var_from(p, next(p));

		s->foreach.keys = grow(s->foreach.keys, s->foreach.nkeys, &cap, sizeof k);
		s->foreach.keys[s->foreach.nkeys++] = k;
		if (s->foreach.nkeys > 9)
			syntax_error(p, peek(p), "too many keys in 'foreach' (limit is 9)");
		if (is_op(peek(p), "+") || is_op(peek(p), "-"))
			set_sort(p, s, next(p), s->foreach.nkeys);
	} while (s->foreach.bracketed && accept_op(p, ","));
	if (s->foreach.bracketed)
		expect_match(p, "]", "[", ob);
	if (!is_keyword(peek(p), "in"))
		syntax_error(p, peek(p), "expected 'in'");
	next(p);
	struct token *at = peek(p);
	if (is_atword(at, "@hist_linear") || is_atword(at, "@hist_log")) {
		next(p);
		s->foreach.array = parse_atword(p, at);
		if (s->foreach.array->kind != EXPR_STAT)
			syntax_error(p, at, "expected a histogram, not a bucket, after 'in'");
	} else {
		s->foreach.array = parse_in_array(p);
		if (is_op(peek(p), "[")) {
			struct token *os = next(p);
			int d = 0;

			s->foreach.slice = parse_index_list(p, os, &s->foreach.nslice, &d);
		}
	}
	struct token *t = peek(p);
	if (t->kind == TOK_ATWORD) {
		if (!(is_atword(t, "@count") || is_atword(t, "@sum") || is_atword(t, "@min") ||
		      is_atword(t, "@max") || is_atword(t, "@avg")))
			syntax_error(p, t, "expected '@count', '@sum', '@min', '@max' or '@avg' to sort on");
		next(p);
		if (!is_op(peek(p), "+") && !is_op(peek(p), "-"))
			syntax_error(p, peek(p), "expected '+' or '-' after '%s'", t->text);
		set_sort(p, s, next(p), -1);
		s->foreach.sort_aggr = t->text;
	} else if (is_op(t, "+") || is_op(t, "-")) {
		set_sort(p, s, next(p), -1);
	}
	if (peek(p)->kind == TOK_IDENT && strcmp(peek(p)->text, "limit") == 0) {
		next(p);
		s->foreach.limit = parse_expr(p);
	}
	expect_match(p, ")", "(", open);
	s->foreach.body = parse_statement(p);
	return s;
}

/* statement -> block | ';' | if | while | for | foreach | 'delete' expr | try
 *            | 'break' | 'continue' | 'next' | 'return' [expr] | expr
 *            (each optionally followed by ';') */
static struct stmt *parse_statement(struct parser *p)
{
	struct token *t = peek(p);
	struct stmt *s;

	enter(p);
	if (is_op(t, "{")) {
		s = parse_block(p);
	} else if (is_op(t, ";")) {
		next(p);
		s = new_stmt(STMT_EMPTY, t);
	} else if (is_keyword(t, "if")) {
		/* if -> 'if' cond statement ['else' statement] */
		next(p);
		s = new_stmt(STMT_IF, t);
		s->if_.cond = parse_cond(p);
		s->if_.then = parse_statement(p);
		if (is_keyword(peek(p), "else")) {
			next(p);
			s->if_.otherwise = parse_statement(p);
		}
	} else if (is_keyword(t, "while")) {
		/* while -> 'while' cond statement */
		next(p);
		s = new_stmt(STMT_WHILE, t);
		s->loop.cond = parse_cond(p);
		s->loop.body = parse_statement(p);
	} else if (is_keyword(t, "for")) {
		/* for -> 'for' '(' [expr] ';' [expr] ';' [expr] ')' statement */
		struct token *open;

		next(p);
		s = new_stmt(STMT_FOR, t);
		open = expect_op(p, "(");
		if (!is_op(peek(p), ";"))
			s->loop.init = parse_expr(p);
		expect_op(p, ";");
		if (!is_op(peek(p), ";"))
			s->loop.cond = parse_expr(p);
		expect_op(p, ";");
		if (!is_op(peek(p), ")"))
			s->loop.incr = parse_expr(p);
		expect_match(p, ")", "(", open);
		s->loop.body = parse_statement(p);
	} else if (is_keyword(t, "foreach")) {
		next(p);
		s = parse_foreach(p, t);
	} else if (is_keyword(t, "delete")) {
		/* delete -> 'delete' (IDENT | IDENT '[' index_list | TARGET) */
		next(p);
		s = new_stmt(STMT_DELETE, t);
		s->expr = parse_primary(p);
		if (!is_lvalue(s->expr))
			syntax_error(p, t, "expected a variable, array or array element after 'delete'");
		accept_op(p, ";");
	} else if (is_keyword(t, "try")) {
		/* try -> 'try' block 'catch' ['(' IDENT ')'] block */
		next(p);
		s = new_stmt(STMT_TRY, t);
		s->try_.body = parse_block(p);
		if (!is_keyword(peek(p), "catch"))
			syntax_error(p, peek(p), "expected 'catch'");
		next(p);
		if (is_op(peek(p), "(")) {
			struct token *open = next(p);

			s->try_.catch_var = var_from(p, next(p));
			expect_match(p, ")", "(", open);
		}
		s->try_.handler = parse_block(p);
	} else if (is_keyword(t, "break") || is_keyword(t, "continue") || is_keyword(t, "next")) {
		next(p);
		s = new_stmt(t->text[0] == 'b' ? STMT_BREAK : t->text[0] == 'c' ? STMT_CONTINUE
									  : STMT_NEXT, t);
		accept_op(p, ";");
	} else if (is_keyword(t, "return")) {
		next(p);
		if (!p->in_function)
			syntax_error(p, t, "found 'return' not in function context");
		s = new_stmt(STMT_RETURN, t);
		if (!is_op(peek(p), ";") && !is_op(peek(p), "}"))
			s->expr = parse_expr(p);
		accept_op(p, ";");
	} else if (t->kind == TOK_KEYWORD) {
		syntax_error(p, t, "expected statement");
	} else {
		s = new_stmt(STMT_EXPR, t);
		s->expr = parse_expr(p);
		accept_op(p, ";");
	}
	leave(p);
	return s;
}

/* ---- top level ---- */

/* literal -> NUMBER | '-' NUMBER | STRING */
static struct expr *parse_literal(struct parser *p)
{
	struct token *t = peek(p);
	struct expr *e;

	if (t->kind == TOK_STRING) {
		next(p);
		e = new_expr(p, EXPR_STRING, t, 0);
		e->str = t->text;
		return e;
	}
	bool neg = accept_op(p, "-");
	struct token *n = peek(p);
	if (n->kind != TOK_NUMBER)
		syntax_error(p, n, "expected literal string or number");
	next(p);
	e = new_expr(p, EXPR_NUMBER, t, 0);
	e->num = neg ? (int64_t)(0 - (uint64_t)n->value) : n->value;
	return e;
}

/* global -> ['private'] 'global' gvar {',' gvar} [';'] | 'private' gvar {',' gvar} [';']
 * gvar -> IDENT ['%'] ['[' [NUMBER] ']'] ['%'] ['=' literal]
 * (after 'private' the word 'global' may be left out, as upstream allows) */
static void parse_global(struct parser *p, bool is_private)
{
	if (is_keyword(peek(p), "global"))
		next(p);
	do {
		struct token *name = expect_ident(p);
		struct symbol *sym;

		if (name->text[0] == '$')
			syntax_error(p, name, "expected identifier");
		if (hash_map_get(&p->globals, name->text))
			syntax_error(p, name, "duplicate global variable '%s'", name->text);
		sym = arena_alloc(sizeof *sym);
		sym->name = name->text;
		sym->kind = SYM_GLOBAL;
		sym->loc = name->loc;
		sym->what = token_describe(name);
		sym->is_private = is_private;
		if (accept_op(p, "%"))
			sym->wrap = true;
		if (is_op(peek(p), "[")) {
			struct token *open = next(p);

			sym->is_array = true;
			if (peek(p)->kind == TOK_NUMBER) {
				struct token *n = next(p);

				if (n->value <= 0 || n->value > 1000000000)
					syntax_error(p, n, "array size out of range (1 to 1000000000)");
				sym->array_size = n->value;
			}
			expect_match(p, "]", "[", open);
			if (accept_op(p, "%")) {
				if (sym->wrap)
					syntax_error(p, peek(p), "'%%' given twice");
				sym->wrap = true;
			}
		}
		if (is_op(peek(p), "=")) {
			if (sym->is_array)
				syntax_error(p, peek(p), "an array cannot have an initializer");
			next(p);
			sym->init = parse_literal(p);
		}
		hash_map_put(&p->globals, sym->name, sym);
		*p->global_tail = sym;
		p->global_tail = &sym->next;
	} while (accept_op(p, ","));
	accept_op(p, ";");
}

static bool name_piece(const struct token *t)
{
	return t->kind == TOK_IDENT || t->kind == TOK_KEYWORD || t->kind == TOK_NUMBER ||
	       is_op(t, "*");
}

/* Braces nested in a probe point name ("{c,{d,e}}") before it is refused. */
#define MAX_BRACE_DEPTH 32

/* True when the tokens at I are "{ piece... , piece... }" written without blanks,
 * alternatives possibly holding braces of their own ("{c,{d,e}}"); *END: the
 * index of the closing '}'.  An alternative may not start with a number glued
 * to a name ("$1ndl" with $1 = 7): printed back, "7ndl" would read as a
 * malformed number. */
static bool brace_alternatives(struct parser *p, int i, bool need_comma, int *end)
{
	bool comma = false, start = true;
	int depth = 0;

	if (!is_op(&p->tok[i], "{"))
		return false;
	for (i++; i < p->n; i++) {
		struct token *t = &p->tok[i];

		if (t->spaced)
			return false;
		if (is_op(t, "{")) {
			if (++depth > MAX_BRACE_DEPTH)
				return false;
			start = true;
			continue;
		}
		if (is_op(t, "}")) {
			if (depth--) {
				start = false;
				continue;
			}
			*end = i;
			return comma || !need_comma;
		}
		if (is_op(t, ",")) {
			if (!depth)
				comma = true;
			start = true;
			continue;
		}
		if (!name_piece(t))
			return false;
		if (start && t->kind == TOK_NUMBER && i + 1 < p->n && !p->tok[i + 1].spaced &&
		    (p->tok[i + 1].kind == TOK_IDENT || p->tok[i + 1].kind == TOK_KEYWORD))
			return false;
		start = false;
	}
	return false;
}

/* name -> piece {piece}   pieces written without blanks between them:
 * IDENT, keyword, NUMBER, '*', or '{' alternative {',' alternative} '}'
 * (NAME is scratch space, freed by the caller) */
static void parse_component_name(struct parser *p, struct pp_component *c, struct buf *name,
				 bool *wildcard)
{
	bool first = true;

	for (;;) {
		struct token *t = peek(p);

		if (!first && t->spaced)
			break;
		int end;

		if (is_op(t, "{") && brace_alternatives(p, p->pos, !first, &end)) {
			while (p->pos <= end)
				buf_puts(name, next(p)->text);
			*wildcard = true;
		} else if (name_piece(t) && (t->kind != TOK_NUMBER ||
					     (!first && t->text[0] >= '0' && t->text[0] <= '9'))) {
			/* a number only inside a name ("sys*64"): it would not read back
			 * as one at the start ("64*") */
			next(p);
			buf_puts(name, t->text);
			if (is_op(t, "*"))
				*wildcard = true;
		} else {
			break;
		}
		first = false;
	}
	if (!name->len) {
		buf_free(name);
		syntax_error(p, peek(p), "expected probe point component");
	}
	c->name = arena_strdup(name->data);
}

/* component -> name ['(' literal ')'] */
static void parse_component(struct parser *p, struct pp_component *c, bool *wildcard)
{
	struct token *t = peek(p);
	struct buf name = { 0 };

	c->loc = t->loc;
	c->what = token_describe(t);
	parse_component_name(p, c, &name, wildcard);
	buf_free(&name);
	if (is_op(peek(p), "(")) {
		struct token *open = next(p);
		struct expr *lit = parse_literal(p);

		expect_match(p, ")", "(", open);
		c->has_arg = true;
		if (lit->kind == EXPR_STRING) {
			c->arg_is_string = true;
			c->str = lit->str;
		} else {
			c->num = lit->num;
		}
	}
}

/* "kernel.function(\"f\").return": the canonical text of PP. */
static const char *probe_point_text(const struct probe_point *pp)
{
	struct buf text = { 0 };
	const char *r;

	for (int i = 0; i < pp->n; i++) {
		const struct pp_component *c = &pp->comps[i];

		if (i)
			buf_puts(&text, ".");
		buf_puts(&text, c->name);
		if (c->has_arg && c->arg_is_string) {
			buf_puts(&text, "(");
			buf_quote(&text, c->str, strlen(c->str), C_ESCAPE_SCRIPT);
			buf_puts(&text, ")");
		} else if (c->has_arg) {
			buf_printf(&text, "(%lld)", (long long)c->num);
		}
	}
	r = arena_strdup(text.data);
	buf_free(&text);
	return r;
}

/* probe_point -> component {'.' component} ['?' | '!'] ['if' '(' expr ')'] */
static struct probe_point *parse_probe_point(struct parser *p, bool is_alias_name)
{
	struct probe_point *pp = arena_alloc(sizeof *pp);
	int cap = 0;

	pp->loc = peek(p)->loc;
	pp->what = token_describe(peek(p));
	do {
		pp->comps = grow(pp->comps, pp->n, &cap, sizeof *pp->comps);
		if (pp->n >= 16)
			syntax_error(p, peek(p), "probe point too long (limit is 16 components)");
		parse_component(p, &pp->comps[pp->n++], &pp->wildcard);
	} while (accept_op(p, "."));
	pp->text = probe_point_text(pp);
	if (is_alias_name)
		return pp;
	for (;;) {
		if (!pp->optional && accept_op(p, "?"))
			pp->optional = true;
		else if (!pp->sufficient && accept_op(p, "!"))
			pp->sufficient = true;
		else
			break;
	}
	if (is_keyword(peek(p), "if")) {
		next(p);
		pp->cond = parse_cond(p);
	}
	return pp;
}

/* probe_points -> probe_point {',' probe_point} */
static struct probe_point *parse_probe_points(struct parser *p)
{
	struct probe_point *head = NULL, **tail = &head;

	do {
		*tail = parse_probe_point(p, false);
		tail = &(*tail)->next;
	} while (accept_op(p, ","));
	return head;
}

/* probe -> 'probe' probe_points block
 * alias -> 'probe' probe_points ('=' | '+=') probe_points block */
static void parse_probe(struct parser *p)
{
	struct token *kw = next(p);
	struct probe_point *points = parse_probe_points(p);
	struct token *t = peek(p);

	if (is_op(t, "=") || is_op(t, "+=")) {
		struct alias *a = arena_alloc(sizeof *a);

		next(p);
		for (struct probe_point *n = points; n; n = n->next)
			if (n->optional || n->sufficient || n->cond)
				syntax_error(p, t, "an alias name cannot be optional or conditional");
		a->names = points;
		a->epilogue = t->text[0] == '+';
		a->loc = kw->loc;
		a->points = parse_probe_points(p);
		if (!is_op(peek(p), "{"))
			syntax_error(p, peek(p), "expected one of '. , ( ? ! if {'");
		a->body = parse_block(p);
		*p->alias_tail = a;
		p->alias_tail = &a->next;
		return;
	}
	struct probe *pr = arena_alloc(sizeof *pr);

	if (!is_op(t, "{"))
		syntax_error(p, t, "expected one of '. , ( ? ! if { = +='");
	pr->loc = kw->loc;
	pr->points = points;
	pr->body = parse_block(p);
	pr->index = p->prog->nprobes++;
	*p->probe_tail = pr;
	p->probe_tail = &pr->next;
}

/* type -> 'long' | 'string' */
static enum type parse_type(struct parser *p)
{
	struct token *t = expect_ident(p);

	if (strcmp(t->text, "long") == 0)
		return TYPE_LONG;
	if (strcmp(t->text, "string") == 0)
		return TYPE_STRING;
	syntax_error(p, t, "expected 'long' or 'string'");
}

/* function -> ['private'] 'function' IDENT [':' type] '(' [param {',' param}] ')'
 *             [':' type] [':' NUMBER] (block | EMBEDDED)
 * param -> IDENT [':' type] */
static void parse_function(struct parser *p, bool is_private)
{
	struct function *f = arena_alloc(sizeof *f);
	struct symbol **ptail = &f->params;
	struct token *name, *open;

	next(p);
	name = expect_ident(p);
	if (name->text[0] == '$')
		syntax_error(p, name, "expected identifier");
	f->name = name->text;
	f->loc = name->loc;
	f->what = token_describe(name);
	f->is_private = is_private;
	if (accept_op(p, ":"))
		f->declared = parse_type(p);
	open = expect_op(p, "(");
	if (!is_op(peek(p), ")")) {
		do {
			struct token *pn = expect_ident(p);
			struct symbol *sym = arena_alloc(sizeof *sym);

			if (pn->text[0] == '$')
				syntax_error(p, pn, "expected identifier");
			for (struct symbol *o = f->params; o; o = o->next)
				if (o->name == pn->text)
					syntax_error(p, pn, "duplicate parameter '%s'", pn->text);
			sym->name = pn->text;
			sym->kind = SYM_PARAM;
			sym->loc = pn->loc;
			sym->what = token_describe(pn);
			if (accept_op(p, ":"))
				sym->type = parse_type(p);
			*ptail = sym;
			ptail = &sym->next;
			if (++f->nparams > 32)
				syntax_error(p, pn, "too many parameters (limit is 32)");
		} while (accept_op(p, ","));
	}
	expect_match(p, ")", "(", open);
	while (accept_op(p, ":")) {
		struct token *t = peek(p);

		if (t->kind == TOK_NUMBER) {
			if (f->has_priority)
				syntax_error(p, t, "priority given twice");
			next(p);
			f->has_priority = true;
			f->priority = t->value;
			continue;
		}
		if (f->declared != TYPE_UNKNOWN)
			syntax_error(p, t, "return type given twice");
		f->declared = parse_type(p);
	}
	/* several definitions of a name are overloads (overload.c) */
	if (peek(p)->kind == TOK_EMBEDDED) {
		struct token *t = next(p);

		if (!p->guru)
			syntax_error(p, t, "embedded code in unprivileged script; need stap -g");
		f->embedded = t->text;
	} else {
		p->in_function = true;
		f->body = parse_block(p);
		p->in_function = false;
	}
	*p->func_tail = f;
	p->func_tail = &f->next;
}

static bool starts_declaration(const struct token *t)
{
	return is_keyword(t, "probe") || is_keyword(t, "global") || is_keyword(t, "function") ||
	       is_keyword(t, "private") || t->kind == TOK_EMBEDDED;
}

/* Skips to the next token that can start a top-level declaration. */
static void resync(struct parser *p)
{
	while (peek(p)->kind != TOK_EOF && !starts_declaration(peek(p)))
		next(p);
}

/* declaration -> probe | alias | global | function | 'private' (global | function)
 *              | EMBEDDED | ';' */
static void parse_declaration(struct parser *p)
{
	struct token *t = peek(p);

	if (is_keyword(t, "probe")) {
		parse_probe(p);
	} else if (is_keyword(t, "global")) {
		parse_global(p, false);
	} else if (is_keyword(t, "function")) {
		parse_function(p, false);
	} else if (is_keyword(t, "private")) {
		next(p);
		if (is_keyword(peek(p), "function"))
			parse_function(p, true);
		else if (is_keyword(peek(p), "global") || peek(p)->kind == TOK_IDENT)
			parse_global(p, true);
		else
			syntax_error(p, peek(p), "expected 'global' or 'function' after 'private'");
	} else if (t->kind == TOK_EMBEDDED) {
		next(p);
		if (!p->guru)
			syntax_error(p, t, "embedded code in unprivileged script; need stap -g");
		struct embedded *e = arena_alloc(sizeof *e);

		e->code = t->text;
		e->loc = t->loc;
		*p->embedded_tail = e;
		p->embedded_tail = &e->next;
	} else if (is_op(t, ";")) {
		next(p);
	} else {
		syntax_error(p, t, "expected 'probe', 'global' or 'function'");
	}
}

/* Where the last parse left its program: the list tails and the name
 * indexes.  Parsing again into the same program (pass 1 parses every tapset
 * file into one library tree) continues from there instead of walking and
 * indexing the whole tree again, which made pass 1 quadratic in the number
 * of library files.  The state is only trusted while the program's lists
 * still start where they did and the arena was not reset; declarations
 * appended by others meanwhile are picked up by the walk from the tails. */
static struct {
	const struct program *prog;
	unsigned epoch;
	const void *heads[5];
	struct hash_map globals;
	struct probe **probe_tail;
	struct alias **alias_tail;
	struct embedded **embedded_tail;
	struct function **func_tail;
	struct symbol **global_tail;
} last;

static void program_heads(const struct program *prog, const void *heads[5])
{
	heads[0] = prog->probes;
	heads[1] = prog->aliases;
	heads[2] = prog->embedded;
	heads[3] = prog->functions;
	heads[4] = prog->globals;
}

/* Sets P up to append to PROG: tails at the ends, names indexed. */
static void parser_attach(struct parser *p, struct program *prog)
{
	const void *heads[5];

	program_heads(prog, heads);
	if (last.prog == prog && last.epoch == arena_epoch() &&
	    memcmp(last.heads, heads, sizeof heads) == 0) {
		p->globals = last.globals;
		p->probe_tail = last.probe_tail;
		p->alias_tail = last.alias_tail;
		p->embedded_tail = last.embedded_tail;
		p->func_tail = last.func_tail;
		p->global_tail = last.global_tail;
	} else {
		hash_map_free(&last.globals);
		p->probe_tail = &prog->probes;
		p->alias_tail = &prog->aliases;
		p->embedded_tail = &prog->embedded;
		p->func_tail = &prog->functions;
		p->global_tail = &prog->globals;
	}
	memset(&last, 0, sizeof last);
	while (*p->probe_tail)
		p->probe_tail = &(*p->probe_tail)->next;
	while (*p->func_tail)
		p->func_tail = &(*p->func_tail)->next;
	while (*p->global_tail) {
		hash_map_put(&p->globals, (*p->global_tail)->name, *p->global_tail);
		p->global_tail = &(*p->global_tail)->next;
	}
	while (*p->alias_tail)
		p->alias_tail = &(*p->alias_tail)->next;
	while (*p->embedded_tail)
		p->embedded_tail = &(*p->embedded_tail)->next;
}

/* Keeps P's tails and indexes for the next parse into the same program. */
static void parser_detach(struct parser *p)
{
	last.prog = p->prog;
	last.epoch = arena_epoch();
	program_heads(p->prog, last.heads);
	last.globals = p->globals;
	last.probe_tail = p->probe_tail;
	last.alias_tail = p->alias_tail;
	last.embedded_tail = p->embedded_tail;
	last.func_tail = p->func_tail;
	last.global_tail = p->global_tail;
}

int parse_source(const struct source *src, struct pp_env *env, struct program *prog)
{
	int before = diag_error_count();
	struct token_list raw = lex_source(src);

	if (raw.swallowed) {   /* the parser would only report the damage */
		free(raw.tok);
		return diag_error_count() - before;
	}
	struct token_list toks = preprocess(&raw, env, false);
	if (toks.tok != raw.tok)
		free(raw.tok);
	if (diag_error_count() != before) {
		free(toks.tok);
		return diag_error_count() - before;
	}

	struct parser p = { .tok = toks.tok, .n = toks.n, .prog = prog, .guru = env->guru };
	volatile int decl_start = -1;

	parser_attach(&p, prog);

	if (setjmp(p.recover)) {
		/* an error unwound to here: skip the broken declaration */
		if (p.fatal)
			goto done;
		p.nesting = 0;
		if (p.pos <= decl_start)
			p.pos = decl_start + 1;
		resync(&p);
	}
	while (peek(&p)->kind != TOK_EOF) {
		decl_start = p.pos;
		p.in_function = false;   /* also after an error unwound out of a function */
		parse_declaration(&p);
	}
done:
	parser_detach(&p);
	free(toks.tok);
	return diag_error_count() - before;
}

int parse_macro_file(const struct source *src, struct pp_env *env)
{
	int before = diag_error_count();
	struct token_list raw = lex_source(src);

	if (!raw.swallowed) {
		struct token_list toks = preprocess(&raw, env, true);

		if (toks.tok != raw.tok)
			free(toks.tok);
	}
	free(raw.tok);
	return diag_error_count() - before;
}
