/*
 * lexer.c - turns script text into tokens: identifiers and keywords,
 * integer literals (decimal, 0x hex, 0 octal, at most 2^64-1), string
 * literals with C escapes, operators (longest match), the three comment
 * styles (#, //, slash-star), target variables ($x, $$vars, $x$), @-words
 * (@cast, @count, macro uses), embedded C between %{ and %}, and the
 * preprocessor's %( %? %: %) markers.  $1 @1 $# @# stay TOK_ARG tokens for
 * the preprocessor to substitute.  Every token carries FILE:LINE:COL and
 * whether blanks preceded it.  Bad input (stray characters, unterminated
 * strings or comments, oversized numbers) is reported and skipped so the
 * parser still sees a well-formed stream.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "lexer.h"

#define MAX_LEX_ERRORS 20

struct lexer {
	const struct source *src;
	const char *p;
	int line, col;
	struct token *tok;
	int n, cap;
	int errors;
	bool swallowed;
};

static const char *const keywords[] = {
	"probe", "global", "function", "if", "else", "while", "for", "foreach",
	"in", "break", "continue", "next", "return", "delete", "try", "catch",
	"private",
};

#define NKEYWORDS (sizeof keywords / sizeof keywords[0])

/* Interned keyword texts, so a lookup is a pointer compare. */
static const char *keyword_ids[NKEYWORDS];

static bool is_keyword_text(const char *interned)
{
	if (!keyword_ids[0])
		for (size_t i = 0; i < NKEYWORDS; i++)
			keyword_ids[i] = intern(keywords[i], strlen(keywords[i]));
	for (size_t i = 0; i < NKEYWORDS; i++)
		if (keyword_ids[i] == interned)
			return true;
	return false;
}

static const char *const operators3[] = { "<<<", ">>>", "<<=", ">>=" };
static const char *const operators2[] = {
	"==", "!=", "<=", ">=", "=~", "!~", "&&", "||", "<<", ">>", "++", "--", "->",
	"+=", "-=", "*=", "/=", "%=", ".=", "&=", "|=", "^=",
	"%(", "%?", "%:", "%)", "%}",
};
static const char operators1[] = "{}()[],;:?=<>+-*/%.!~&|^";

/* Length of the operator at P (longest match), 0 if none. */
static size_t match_operator(const char *p)
{
	for (size_t i = 0; i < sizeof operators3 / sizeof operators3[0]; i++)
		if (p[0] == operators3[i][0] && p[1] == operators3[i][1] && p[2] == operators3[i][2])
			return 3;
	for (size_t i = 0; i < sizeof operators2 / sizeof operators2[0]; i++)
		if (p[0] == operators2[i][0] && p[1] == operators2[i][1])
			return 2;
	if (*p && strchr(operators1, *p))
		return 1;
	return 0;
}

static void advance(struct lexer *lx)
{
	if (*lx->p == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->p++;
}

static struct srcloc here(const struct lexer *lx)
{
	return (struct srcloc){ lx->src, lx->line, lx->col };
}

static void lex_error(struct lexer *lx, struct srcloc loc, const char *what, const char *msg)
{
	if (++lx->errors <= MAX_LEX_ERRORS)
		diag_parse_error(loc, what, "%s", msg);
}

static void push(struct lexer *lx, struct token t)
{
	if (lx->n == lx->cap) {
		int ncap = lx->cap ? lx->cap * 2 : 256;
		struct token *nt = arena_alloc(sizeof *nt * (size_t)ncap);

		if (lx->n)
			memcpy(nt, lx->tok, sizeof *nt * (size_t)lx->n);
		lx->tok = nt;
		lx->cap = ncap;
	}
	lx->tok[lx->n++] = t;
}

/* Skips blanks and comments (an unterminated comment is reported). */
static void skip_space(struct lexer *lx)
{
	for (;;) {
		char c = *lx->p;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			advance(lx);
		} else if (c == '#' || (c == '/' && lx->p[1] == '/')) {
			while (*lx->p && *lx->p != '\n')
				advance(lx);
		} else if (c == '/' && lx->p[1] == '*') {
			struct srcloc start = here(lx);

			advance(lx);
			advance(lx);
			while (*lx->p && !(lx->p[0] == '*' && lx->p[1] == '/'))
				advance(lx);
			if (!*lx->p) {
				lex_error(lx, start, "comment", "unterminated comment");
				lx->swallowed = true;
				return;
			}
			advance(lx);
			advance(lx);
		} else {
			return;
		}
	}
}

static void lex_number(struct lexer *lx, struct token *t)
{
	const char *start = lx->p;
	uint64_t v = 0;
	int base = 10;
	bool overflow = false, bad = false;

	if (lx->p[0] == '0' && (lx->p[1] == 'x' || lx->p[1] == 'X')) {
		base = 16;
		advance(lx);
		advance(lx);
		if (!isxdigit((unsigned char)*lx->p))
			bad = true;
	} else if (lx->p[0] == '0') {
		base = 8;
	}
	while (isalnum((unsigned char)*lx->p) || *lx->p == '_') {
		int c = (unsigned char)*lx->p, d;

		if (isdigit(c))
			d = c - '0';
		else if (isxdigit(c))
			d = 10 + (tolower(c) - 'a');
		else
			d = 99;
		if (d >= base)
			bad = true;
		else if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			overflow = true;
		else
			v = v * (uint64_t)base + (uint64_t)d;
		advance(lx);
	}
	t->kind = TOK_NUMBER;
	t->text = intern(start, (size_t)(lx->p - start));
	t->value = (int64_t)v;
	if (bad)
		lex_error(lx, t->loc, token_describe(t), "malformed number");
	else if (overflow)
		lex_error(lx, t->loc, token_describe(t), "number too large (limit is 2^64-1)");
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

static void lex_string(struct lexer *lx, struct token *t)
{
	struct buf b = { 0 };

	advance(lx);   /* opening quote */
	while (*lx->p && *lx->p != '"' && *lx->p != '\n') {
		char c = *lx->p;

		if (c != '\\') {
			buf_add(&b, &c, 1);
			advance(lx);
			continue;
		}
		struct srcloc esc = here(lx);
		advance(lx);
		c = *lx->p;
		int v = -1;
		switch (c) {
		case 'n': v = '\n'; break;
		case 't': v = '\t'; break;
		case 'r': v = '\r'; break;
		case 'a': v = '\a'; break;
		case 'b': v = '\b'; break;
		case 'f': v = '\f'; break;
		case 'v': v = '\v'; break;
		case '\\': v = '\\'; break;
		case '"': v = '"'; break;
		case '\'': v = '\''; break;
		case '?': v = '?'; break;
		case '\n': advance(lx); continue;   /* line continuation */
		case 'x':
			advance(lx);
			if (!isxdigit((unsigned char)*lx->p)) {
				lex_error(lx, esc, "string", "\\x used with no following hex digits");
				continue;
			}
			v = 0;
			for (int i = 0; i < 2 && isxdigit((unsigned char)*lx->p); i++) {
				v = v * 16 + hexval((unsigned char)*lx->p);
				advance(lx);
			}
			break;
		default:
			if (c >= '0' && c <= '7') {
				v = 0;
				for (int i = 0; i < 3 && *lx->p >= '0' && *lx->p <= '7'; i++) {
					v = v * 8 + (*lx->p - '0');
					advance(lx);
				}
				if (v > 255)
					lex_error(lx, esc, "string", "octal escape out of range");
				break;
			}
			lex_error(lx, esc, "string", "unknown escape sequence in string");
			if (c)
				advance(lx);
			continue;
		}
		if (c != 'x' && !(c >= '0' && c <= '7'))
			advance(lx);
		if (v == 0) {
			lex_error(lx, esc, "string", "NUL character in string literal");
			continue;
		}
		char ch = (char)v;
		buf_add(&b, &ch, 1);
	}
	t->kind = TOK_STRING;
	t->text = arena_strndup(b.data ? b.data : "", b.len);
	buf_free(&b);
	if (*lx->p != '"') {
		lex_error(lx, t->loc, "string", "unterminated string literal");
		lx->swallowed = true;
		return;
	}
	advance(lx);
}

static bool ident_start(unsigned char c)
{
	return isalpha(c) || c == '_';
}

static bool ident_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$';
}

/* embedded -> '%{' any text '%}' */
static void lex_embedded(struct lexer *lx, struct token *t)
{
	const char *start;

	advance(lx);
	advance(lx);
	start = lx->p;
	while (*lx->p && !(lx->p[0] == '%' && lx->p[1] == '}'))
		advance(lx);
	t->kind = TOK_EMBEDDED;
	t->text = arena_strndup(start, (size_t)(lx->p - start));
	if (!*lx->p) {
		lex_error(lx, t->loc, "embedded code", "unterminated embedded C code ('%}' missing)");
		lx->swallowed = true;
		return;
	}
	advance(lx);
	advance(lx);
}

/* $N @N $# @#; $ident (target variable); @word.  Returns false (nothing
 * consumed) when the sigil starts none of these. */
static bool lex_sigil(struct lexer *lx, struct token *t)
{
	const char *start = lx->p;
	unsigned char c1 = (unsigned char)lx->p[1];

	if (c1 == '#' || isdigit(c1)) {
		int64_t v = 0;

		advance(lx);
		if (c1 == '#') {
			advance(lx);
		} else {
			while (isdigit((unsigned char)*lx->p)) {
				if (v < 1000000)
					v = v * 10 + (*lx->p - '0');
				advance(lx);
			}
		}
		t->kind = TOK_ARG;
		t->value = v;
		t->text = intern(start, (size_t)(lx->p - start));
		return true;
	}
	if (*start == '$' && (ident_start(c1) || c1 == '$')) {
		advance(lx);
		while (ident_char((unsigned char)*lx->p))
			advance(lx);
		t->kind = TOK_IDENT;
		t->text = intern(start, (size_t)(lx->p - start));
		return true;
	}
	if (*start == '@' && ident_start(c1)) {
		advance(lx);
		while (isalnum((unsigned char)*lx->p) || *lx->p == '_')
			advance(lx);
		t->kind = TOK_ATWORD;
		t->text = intern(start, (size_t)(lx->p - start));
		return true;
	}
	return false;
}

struct token_list lex_source(const struct source *src)
{
	struct lexer lx = { .src = src, .p = src->text, .line = 1, .col = 1 };

	for (;;) {
		const char *before = lx.p;

		skip_space(&lx);
		struct token t = { .loc = here(&lx), .spaced = lx.p != before || lx.n == 0 };
		unsigned char c = (unsigned char)*lx.p;

		if (!c) {
			t.kind = TOK_EOF;
			t.text = "";
			push(&lx, t);
			break;
		}
		if (ident_start(c)) {
			const char *start = lx.p;

			while (isalnum((unsigned char)*lx.p) || *lx.p == '_')
				advance(&lx);
			/* a trailing $ or $$ (pretty printing: $x->member$) */
			while (*lx.p == '$')
				advance(&lx);
			t.kind = TOK_IDENT;
			t.text = intern(start, (size_t)(lx.p - start));
			if (is_keyword_text(t.text))
				t.kind = TOK_KEYWORD;
			push(&lx, t);
			continue;
		}
		if (isdigit(c)) {
			lex_number(&lx, &t);
			push(&lx, t);
			continue;
		}
		if (c == '"') {
			lex_string(&lx, &t);
			push(&lx, t);
			continue;
		}
		if ((c == '$' || c == '@') && lex_sigil(&lx, &t)) {
			push(&lx, t);
			continue;
		}
		if (c == '%' && lx.p[1] == '{') {
			lex_embedded(&lx, &t);
			push(&lx, t);
			continue;
		}
		size_t n = match_operator(lx.p);
		if (n) {
			t.kind = TOK_OP;
			t.text = intern(lx.p, n);
			for (size_t i = 0; i < n; i++)
				advance(&lx);
			push(&lx, t);
			continue;
		}
		char what[40];
		if (isprint(c))
			snprintf(what, sizeof what, "character '%c'", c);
		else
			snprintf(what, sizeof what, "character '\\x%02x'", c);
		lex_error(&lx, t.loc, arena_strdup(what), "invalid character in input");
		advance(&lx);
	}
	return (struct token_list){ lx.tok, lx.n, lx.swallowed };
}

/* Quotes S for a message, escaping what would garble a terminal. */
static const char *quote(const char *s)
{
	struct buf b = { 0 };

	for (const char *p = s; *p && b.len < 60; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n')
			buf_puts(&b, "\\n");
		else if (c == '\t')
			buf_puts(&b, "\\t");
		else if (c == '"' || c == '\\')
			buf_printf(&b, "\\%c", c);
		else if (c < 32 || c >= 127)
			buf_printf(&b, "\\x%02x", c);
		else
			buf_add(&b, (const char *)&c, 1);
	}
	const char *r = arena_strdup(b.data ? b.data : "");
	buf_free(&b);
	return r;
}

const char *token_describe(const struct token *t)
{
	switch (t->kind) {
	case TOK_EOF: return "end of input";
	case TOK_IDENT: return arena_printf("identifier '%s'", t->text);
	case TOK_KEYWORD: return arena_printf("keyword '%s'", t->text);
	case TOK_NUMBER: return arena_printf("number '%s'", t->text);
	case TOK_STRING: return arena_printf("string '%s'", quote(t->text));
	case TOK_OP: return arena_printf("operator '%s'", t->text);
	case TOK_ATWORD: return arena_printf("operator '%s'", t->text);
	case TOK_EMBEDDED: return "embedded-code";
	case TOK_ARG: return arena_printf("argument '%s'", t->text);
	}
	return "token";
}
