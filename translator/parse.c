/*
 * parse.c - pass 1: a recursive-descent parser over the token array, one
 * function per grammar rule (the rule is written above it).  Expression
 * precedence, lowest first, follows SystemTap:
 *   assignment (right assoc), ?:, ||, &&, |, ^, &, comparisons, << >>,
 *   . (concatenation), + -, * / %, unary - ! ~ + ++ --, postfix ++ --.
 * On a syntax error the parser reports it, unwinds to the top level with
 * longjmp and resumes at the next 'probe', 'global' or 'function', so one
 * run reports several errors.  Nesting is bounded (MAX_NESTING) so hostile
 * input cannot exhaust the stack here or in later passes.
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
	const char *const *args;    /* $1 @1 ... */
	int nargs;
	struct probe **probe_tail;
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

/* Parses the text of a $N argument as a long (decimal, 0x hex, 0 octal, optional '-'). */
static bool arg_number(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t v = 0;
	int base = 10;

	if (neg)
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (d >= base || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* script_arg -> '$' NUMBER | '@' NUMBER   (a command-line argument after the script) */
static struct expr *parse_script_arg(struct parser *p, struct token *t)
{
	struct token *n;
	struct expr *e;
	const char *arg;

	next(p);
	n = peek(p);
	if (n->kind != TOK_NUMBER || n->loc.line != t->loc.line || n->loc.col != t->loc.col + 1)
		syntax_error(p, t, "expected an argument number after '%s'", t->text);
	next(p);
	if (n->value < 1 || n->value > p->nargs)
		syntax_error(p, n, "command line argument index %lld out of range [1-%d]",
			     (long long)n->value, p->nargs);
	arg = p->args[n->value - 1];
	if (t->text[0] == '@') {
		e = new_expr(p, EXPR_STRING, t, 0);
		e->str = arg;
		return e;
	}
	e = new_expr(p, EXPR_NUMBER, t, 0);
	if (!arg_number(arg, &e->num))
		syntax_error(p, n, "command line argument $%lld ('%s') is not a number",
			     (long long)n->value, arg);
	return e;
}

/* primary -> NUMBER | STRING | IDENT [call_args] | '(' expr ')' | script_arg */
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
		if (is_op(peek(p), "(")) {
			struct token *open = next(p);

			e = new_expr(p, EXPR_CALL, t, 0);
			e->call.name = t->text;
			parse_call_args(p, e, open);
			return e;
		}
		e = new_expr(p, EXPR_VAR, t, 0);
		e->var.name = t->text;
		return e;
	case TOK_OP:
		if (is_op(t, "(")) {
			next(p);
			e = parse_expr(p);
			expect_match(p, ")", "(", t);
			return e;
		}
		if (is_op(t, "$") || is_op(t, "@"))
			return parse_script_arg(p, t);
		break;
	case TOK_KEYWORD:
	case TOK_EOF:
		break;
	}
	syntax_error(p, t, "expected expression");
}

/* postfix -> primary | IDENT ('++' | '--') */
static struct expr *parse_postfix(struct parser *p)
{
	struct expr *e = parse_primary(p);
	struct token *t = peek(p);

	/* only a variable takes a postfix ++/--: after anything else the
	 * operator starts the next statement ("f()\n--x") */
	if ((is_op(t, "++") || is_op(t, "--")) && e->kind == EXPR_VAR) {
		next(p);
		struct expr *r = new_expr(p, EXPR_INCDEC, t, e->depth);
		r->incdec.op = t->text;
		r->incdec.prefix = false;
		r->incdec.target = e;
		return r;
	}
	return e;
}

/* unary -> ('-' | '!' | '~' | '+') unary | ('++' | '--') unary | postfix */
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
		e->unary.op = t->text;
		e->unary.operand = operand;
		return e;
	}
	if (is_op(t, "++") || is_op(t, "--")) {
		enter(p);
		next(p);
		struct expr *target = parse_unary(p);
		leave(p);
		if (target->kind != EXPR_VAR)
			syntax_error(p, t, "operand of '%s' must be a variable", t->text);
		e = new_expr(p, EXPR_INCDEC, t, target->depth);
		e->incdec.op = t->text;
		e->incdec.prefix = true;
		e->incdec.target = target;
		return e;
	}
	return parse_postfix(p);
}

/* Left-associative binary levels, lowest precedence first; each entry lists
 * its operators and the node kind they build. */
struct binary_level {
	const char *ops[7];
	enum expr_kind kind;
};

static const struct binary_level levels[] = {
	{ { "||" }, EXPR_LOGICAL },
	{ { "&&" }, EXPR_LOGICAL },
	{ { "|" }, EXPR_BINARY },
	{ { "^" }, EXPR_BINARY },
	{ { "&" }, EXPR_BINARY },
	{ { "==", "!=", "<", ">", "<=", ">=" }, EXPR_COMPARE },
	{ { "<<", ">>" }, EXPR_BINARY },
	{ { "." }, EXPR_CONCAT },
	{ { "+", "-" }, EXPR_BINARY },
	{ { "*", "/", "%" }, EXPR_BINARY },
};

#define NLEVELS (int)(sizeof levels / sizeof levels[0])

/* binary(L) -> binary(L+1) {op(L) binary(L+1)}; the last level's operands are unary */
static struct expr *parse_binary(struct parser *p, int level)
{
	struct expr *e = level + 1 < NLEVELS ? parse_binary(p, level + 1) : parse_unary(p);

	for (;;) {
		struct token *t = peek(p);
		bool match = false;

		if (t->kind == TOK_OP)
			for (int i = 0; levels[level].ops[i]; i++)
				if (strcmp(t->text, levels[level].ops[i]) == 0)
					match = true;
		if (!match)
			return e;
		next(p);
		struct expr *right = level + 1 < NLEVELS ? parse_binary(p, level + 1) : parse_unary(p);
		struct expr *b = new_expr(p, levels[level].kind, t, max_depth(e, right));
		b->binary.op = t->text;
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

static bool is_assign_op(const struct token *t)
{
	static const char *const ops[] = { "=", "+=", "-=", "*=", "/=", "%=", ".=",
					   "<<=", ">>=", "&=", "|=", "^=" };

	if (t->kind != TOK_OP)
		return false;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strcmp(t->text, ops[i]) == 0)
			return true;
	return false;
}

/* expr -> ternary [assign_op expr] */
static struct expr *parse_expr(struct parser *p)
{
	enter(p);
	struct expr *e = parse_ternary(p);
	struct token *t = peek(p);

	if (is_assign_op(t)) {
		if (e->kind != EXPR_VAR)
			syntax_error(p, t, "left side of '%s' must be a variable", t->text);
		next(p);
		struct expr *value = parse_expr(p);
		struct expr *a = new_expr(p, EXPR_ASSIGN, t, max_depth(e, value));
		a->assign.op = t->text;
		a->assign.target = e;
		a->assign.value = value;
		e = a;
	}
	leave(p);
	return e;
}

/* ---- statements ---- */

/* block -> '{' {statement} '}' */
static struct stmt *parse_block(struct parser *p)
{
	struct token *open = expect_op(p, "{");
	struct stmt *s = new_stmt(STMT_BLOCK, open);
	int cap = 0;

	while (!is_op(peek(p), "}")) {
		if (peek(p)->kind == TOK_EOF)
			expect_match(p, "}", "{", open);
		struct stmt *item = parse_statement(p);

		if (s->block.n == cap) {
			int ncap = cap ? cap * 2 : 8;
			struct stmt **ni = arena_alloc(sizeof *ni * (size_t)ncap);

			if (s->block.n)
				memcpy(ni, s->block.items, sizeof *ni * (size_t)s->block.n);
			s->block.items = ni;
			cap = ncap;
		}
		s->block.items[s->block.n++] = item;
	}
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

/* statement -> block | ';' | if | while | for | 'break' | 'continue' | 'next'
 *            | 'return' [expr] | expr      (each optionally followed by ';') */
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
	} else if (is_keyword(t, "break") || is_keyword(t, "continue") || is_keyword(t, "next")) {
		next(p);
		s = new_stmt(t->text[0] == 'b' ? STMT_BREAK : t->text[0] == 'c' ? STMT_CONTINUE
									  : STMT_NEXT, t);
		accept_op(p, ";");
	} else if (is_keyword(t, "return")) {
		next(p);
		s = new_stmt(STMT_RETURN, t);
		if (!is_op(peek(p), ";") && !is_op(peek(p), "}"))
			s->expr = parse_expr(p);
		accept_op(p, ";");
	} else if (t->kind == TOK_KEYWORD && !is_keyword(t, "else")) {
		syntax_error(p, t, "'%s' is not supported by this stap", t->text);
	} else {
		s = new_stmt(STMT_EXPR, t);
		s->expr = parse_expr(p);
		accept_op(p, ";");
	}
	leave(p);
	return s;
}

/* ---- top level ---- */

/* literal -> NUMBER | '-' NUMBER | STRING  (global initializers) */
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
		syntax_error(p, n, "expected a number or string literal");
	next(p);
	e = new_expr(p, EXPR_NUMBER, t, 0);
	e->num = neg ? (int64_t)(0 - (uint64_t)n->value) : n->value;
	return e;
}

/* global -> 'global' IDENT ['=' literal] {',' IDENT ['=' literal]} [';'] */
static void parse_global(struct parser *p)
{
	next(p);
	do {
		struct token *name = expect_ident(p);
		struct symbol *sym;

		for (sym = p->prog->globals; sym; sym = sym->next)
			if (sym->name == name->text)
				syntax_error(p, name, "duplicate global variable '%s'", name->text);
		sym = arena_alloc(sizeof *sym);
		sym->name = name->text;
		sym->kind = SYM_GLOBAL;
		sym->loc = name->loc;
		sym->what = token_describe(name);
		if (accept_op(p, "="))
			sym->init = parse_literal(p);
		*p->global_tail = sym;
		p->global_tail = &sym->next;
	} while (accept_op(p, ","));
	accept_op(p, ";");
}

/* component -> IDENT ['(' literal ')'] */
static void parse_component(struct parser *p, struct pp_component *c, struct buf *text)
{
	struct token *t = peek(p);

	if (t->kind != TOK_IDENT && t->kind != TOK_KEYWORD)
		syntax_error(p, t, "expected probe point component");
	next(p);
	c->name = t->text;
	c->loc = t->loc;
	c->what = token_describe(t);
	buf_puts(text, t->text);
	if (is_op(peek(p), "(")) {
		struct token *open = next(p);
		struct expr *lit = parse_literal(p);

		expect_match(p, ")", "(", open);
		c->has_arg = true;
		if (lit->kind == EXPR_STRING) {
			c->arg_is_string = true;
			c->str = lit->str;
			buf_printf(text, "(\"%s\")", lit->str);
		} else {
			c->num = lit->num;
			buf_printf(text, "(%lld)", (long long)lit->num);
		}
	}
}

/* probe_point -> component {'.' component} */
static struct probe_point *parse_probe_point(struct parser *p)
{
	struct probe_point *pp = arena_alloc(sizeof *pp);
	struct buf text = { 0 };
	int cap = 0;

	pp->loc = peek(p)->loc;
	pp->what = token_describe(peek(p));
	do {
		if (pp->n == cap) {
			int ncap = cap ? cap * 2 : 4;
			struct pp_component *nc = arena_alloc(sizeof *nc * (size_t)ncap);

			if (pp->n)
				memcpy(nc, pp->comps, sizeof *nc * (size_t)pp->n);
			pp->comps = nc;
			cap = ncap;
		}
		if (pp->n)
			buf_puts(&text, ".");
		if (pp->n >= 16) {
			buf_free(&text);
			syntax_error(p, peek(p), "probe point too long (limit is 16 components)");
		}
		parse_component(p, &pp->comps[pp->n++], &text);
	} while (accept_op(p, "."));
	pp->text = arena_strdup(text.data);
	buf_free(&text);
	return pp;
}

/* probe -> 'probe' probe_point {',' probe_point} block */
static void parse_probe(struct parser *p)
{
	struct token *kw = next(p);
	struct probe *pr = arena_alloc(sizeof *pr);
	struct probe_point **tail = &pr->points;

	pr->loc = kw->loc;
	do {
		*tail = parse_probe_point(p);
		tail = &(*tail)->next;
	} while (accept_op(p, ","));
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

/* function -> 'function' IDENT [':' type] '(' [param {',' param}] ')' [':' type] block
 * param -> IDENT [':' type] */
static void parse_function(struct parser *p)
{
	struct function *f = arena_alloc(sizeof *f);
	struct symbol **ptail = &f->params;
	struct token *name, *open;

	next(p);
	name = expect_ident(p);
	f->name = name->text;
	f->loc = name->loc;
	f->what = token_describe(name);
	for (struct function *g = p->prog->functions; g; g = g->next)
		if (g->name == f->name)
			syntax_error(p, name, "duplicate function '%s'", f->name);
	if (accept_op(p, ":"))
		f->declared = parse_type(p);
	open = expect_op(p, "(");
	if (!is_op(peek(p), ")")) {
		do {
			struct token *pn = expect_ident(p);
			struct symbol *sym = arena_alloc(sizeof *sym);

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
	if (accept_op(p, ":")) {
		if (f->declared != TYPE_UNKNOWN)
			syntax_error(p, peek(p), "return type given twice");
		f->declared = parse_type(p);
	}
	f->body = parse_block(p);
	*p->func_tail = f;
	p->func_tail = &f->next;
}

/* Skips to the next token that can start a top-level declaration. */
static void resync(struct parser *p)
{
	while (peek(p)->kind != TOK_EOF) {
		struct token *t = peek(p);

		if (is_keyword(t, "probe") || is_keyword(t, "global") || is_keyword(t, "function"))
			return;
		next(p);
	}
}

/* program -> {probe | global | function | ';'} */
int parse_source(const struct source *src, const char *const *args, int nargs,
		 struct program *prog)
{
	int before = diag_error_count();
	struct token_list toks = lex_source(src);
	struct parser p = { .tok = toks.tok, .n = toks.n, .prog = prog, .args = args,
			    .nargs = nargs };
	volatile int decl_start = -1;

	if (toks.swallowed)   /* the parser would only report the damage */
		return diag_error_count() - before;
	p.probe_tail = &prog->probes;
	while (*p.probe_tail)
		p.probe_tail = &(*p.probe_tail)->next;
	p.func_tail = &prog->functions;
	while (*p.func_tail)
		p.func_tail = &(*p.func_tail)->next;
	p.global_tail = &prog->globals;
	while (*p.global_tail)
		p.global_tail = &(*p.global_tail)->next;

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
		struct token *t = peek(&p);

		decl_start = p.pos;
		if (is_keyword(t, "probe"))
			parse_probe(&p);
		else if (is_keyword(t, "global"))
			parse_global(&p);
		else if (is_keyword(t, "function"))
			parse_function(&p);
		else if (is_op(t, ";"))
			next(&p);
		else
			syntax_error(&p, t, "expected 'probe', 'global' or 'function'");
	}
done:
	return diag_error_count() - before;
}
