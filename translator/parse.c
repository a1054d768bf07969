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
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "lexer.h"
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

static bool is_op(const struct token *t, const char *op)
{
	return t->kind == TOK_OP && strcmp(t->text, op) == 0;
}

static bool is_keyword(const struct token *t, const char *kw)
{
	return t->kind == TOK_KEYWORD && strcmp(t->text, kw) == 0;
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

