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
#include <limits.h>
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

/* Interned keyword and operator texts, set up by each lex_source (the
 * arena, and with it the intern table, may have been reset since). */
static const char *keyword_ids[NKEYWORDS];

/* True when S[0..n) is a keyword (checked before interning, by length
 * and first letter: at most two candidates). */
static bool is_keyword_text(const char *s, size_t n)
{
	static unsigned char candidates[9][26][2];   /* 1 + index in keywords */

	if (n < 2 || n > 8 || s[0] < 'a' || s[0] > 'z')
		return false;
	if (!candidates[5][0][0] && !candidates[5]['p' - 'a'][0])
		for (size_t i = 0; i < NKEYWORDS; i++) {
			unsigned char *c = candidates[strlen(keywords[i])][keywords[i][0] - 'a'];

			c[c[0] ? 1 : 0] = (unsigned char)(i + 1);
		}
	const unsigned char *c = candidates[n][s[0] - 'a'];
	for (int k = 0; k < 2 && c[k]; k++)
		if (memcmp(keywords[c[k] - 1], s, n) == 0)
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

#define NOPS3 (sizeof operators3 / sizeof operators3[0])
#define NOPS2 (sizeof operators2 / sizeof operators2[0])
#define NOPS1 (sizeof operators1 - 1)

/* Interned operator texts: [0, NOPS3) three-character ones, then the two-
 * and the one-character ones, in the order of the tables. */
static const char *op_ids[NOPS3 + NOPS2 + NOPS1];

static void intern_words(void)
{
	/* once per arena lifetime: a reset empties the intern table */
	static bool done;
	static unsigned epoch;

	if (done && epoch == arena_epoch())
		return;
	done = true;
	epoch = arena_epoch();
	for (size_t i = 0; i < NKEYWORDS; i++)
		keyword_ids[i] = intern(keywords[i], strlen(keywords[i]));
	for (size_t i = 0; i < NOPS3; i++)
		op_ids[i] = intern(operators3[i], 3);
	for (size_t i = 0; i < NOPS2; i++)
		op_ids[NOPS3 + i] = intern(operators2[i], 2);
	for (size_t i = 0; i < NOPS1; i++)
		op_ids[NOPS3 + NOPS2 + i] = intern(&operators1[i], 1);
}

/* The interned operator at P (longest match) and its length in *LEN; NULL
 * if none. */
static const char *match_operator(const char *p, size_t *len)
{
	static unsigned char first[256];   /* 1 + index in operators1, 0: none */
	const char *one;

	if (!first[(unsigned char)operators1[0]])
		for (size_t i = 0; i < NOPS1; i++)
			first[(unsigned char)operators1[i]] = (unsigned char)(i + 1);
	if (!first[(unsigned char)*p])
		return NULL;
	one = op_ids[NOPS3 + NOPS2 + first[(unsigned char)*p] - 1];
	*len = 1;
	switch (*p) {   /* { } ( ) [ ] , ; : ? ~ stand alone */
	case '{': case '}': case '(': case ')': case '[': case ']':
	case ',': case ';': case ':': case '?': case '~':
		return one;
	}
	static unsigned char second[256][256];   /* 1 + index in operators2, 0: none */
	if (!second[(unsigned char)'='][(unsigned char)'='])
		for (size_t i = 0; i < NOPS2; i++)
			second[(unsigned char)operators2[i][0]][(unsigned char)operators2[i][1]] =
				(unsigned char)(i + 1);
	if ((p[0] == '<' || p[0] == '>') && p[1] == p[0])
		for (size_t i = 0; i < NOPS3; i++)
			if (p[2] == operators3[i][2] && p[0] == operators3[i][0]) {
				*len = 3;
				return op_ids[i];
			}
	unsigned char two = second[(unsigned char)p[0]][(unsigned char)p[1]];
	if (two) {
		*len = 2;
		return op_ids[NOPS3 + two - 1];
	}
	return one;
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
	return (struct srcloc){ .src = lx->src, .line = lx->line, .col = lx->col };
}

static void lex_error(struct lexer *lx, struct srcloc loc, const char *what, const char *msg)
{
	if (++lx->errors <= MAX_LEX_ERRORS)
		diag_parse_error(loc, what, "%s", msg);
}

static inline void push(struct lexer *lx, struct token t)
{
	if (lx->n == lx->cap) {
		size_t cap = (size_t)lx->cap;

		lx->tok = grow_array(lx->tok, &cap, (size_t)lx->n + 1, sizeof *lx->tok,
				     INT_MAX / 2, "tokens");
		lx->cap = (int)cap;
	}
	lx->tok[lx->n++] = t;
}

/* Moves over N bytes known to hold no newline. */
static inline void skip_bytes(struct lexer *lx, size_t n)
{
	lx->p += n;
	lx->col += (int)n;
}

/* Character classes of the C locale the lexer runs in, as one table
 * lookup per character instead of <ctype.h> calls in the hot loops. */
enum { CH_ALPHA = 1, CH_DIGIT = 2, CH_UNDERSCORE = 4, CH_BLANK = 8 };

static unsigned char char_class[256];

static void init_char_class(void)
{
	if (char_class['_'])
		return;
	for (int c = 'a'; c <= 'z'; c++)
		char_class[c] = char_class[c - 'a' + 'A'] = CH_ALPHA;
	for (int c = '0'; c <= '9'; c++)
		char_class[c] = CH_DIGIT;
	char_class['_'] = CH_UNDERSCORE;
	char_class[' '] = char_class['\t'] = char_class['\r'] = CH_BLANK;
	char_class['\f'] = char_class['\v'] = CH_BLANK;
}

/* [A-Za-z_] */
static inline bool ident_start(unsigned char c)
{
	return char_class[c] & (CH_ALPHA | CH_UNDERSCORE);
}

/* [A-Za-z0-9_]: the rest of a name (not counting a $ sigil or suffix) */
static inline bool word_char(unsigned char c)
{
	return char_class[c] & (CH_ALPHA | CH_DIGIT | CH_UNDERSCORE);
}

static bool ident_char(unsigned char c)
{
	return word_char(c) || c == '$';
}

/* Skips blanks and comments (an unterminated comment is reported). */
static void skip_space(struct lexer *lx)
{
	for (;;) {
		const char *q = lx->p;
		char c;

		while (char_class[(unsigned char)*q] == CH_BLANK)   /* [ \t\r\f\v] */
			q++;
		skip_bytes(lx, (size_t)(q - lx->p));
		c = *q;
		if (c == '\n') {
			lx->p++;
			lx->line++;
			lx->col = 1;
		} else if (c == '#' || (c == '/' && q[1] == '/')) {
			while (*q && *q != '\n')
				q++;
			skip_bytes(lx, (size_t)(q - lx->p));
		} else if (c == '/' && q[1] == '*') {
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

	if (start[0] != '0') {   /* plain decimal: the common case */
		const char *q = start;

		while (*q >= '0' && *q <= '9' && q - start < 19)   /* 19 digits cannot overflow */
			v = v * 10 + (uint64_t)(*q++ - '0');
		if (!word_char((unsigned char)*q)) {
			skip_bytes(lx, (size_t)(q - start));
			t->kind = TOK_NUMBER;
			t->text = intern(start, (size_t)(q - start));
			t->value = (int64_t)v;
			return;
		}
		v = 0;
	}
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
	const char *q = lx->p;
	while (*q && *q != '"' && *q != '\\' && *q != '\n')
		q++;
	if (*q == '"') {   /* no escapes: the common case */
		t->kind = TOK_STRING;
		t->text = arena_strndup(lx->p, (size_t)(q - lx->p));
		skip_bytes(lx, (size_t)(q - lx->p) + 1);
		return;
	}
	bool nul = false;

	while (*lx->p && *lx->p != '"' && *lx->p != '\n') {
		char c = *lx->p;

		if (c != '\\') {
			if (!nul)
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
		if (v == 0)
			nul = true;    /* the string ends there, as in C (upstream too) */
		char ch = (char)v;
		if (!nul)
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
		while (word_char((unsigned char)*lx->p))
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

	intern_words();
	init_char_class();
	/* at most one token per two bytes of dense script: no reallocation as
	 * a rule (the pages a smaller file leaves unused are never touched) */
	lx.cap = (int)(src->len / 2 < INT_MAX / 8 ? src->len / 2 : INT_MAX / 8) + 16;
	lx.tok = malloc(sizeof *lx.tok * (size_t)lx.cap);
	if (!lx.tok) {
		fputs("stap: out of memory\n", stderr);
		exit(1);
	}
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
			const char *start = lx.p, *q = lx.p;

			while (word_char((unsigned char)*q))
				q++;
			/* a trailing $ or $$ (pretty printing: $x->member$) */
			while (*q == '$')
				q++;
			skip_bytes(&lx, (size_t)(q - start));
			t.kind = is_keyword_text(start, (size_t)(q - start)) ? TOK_KEYWORD : TOK_IDENT;
			t.text = intern(start, (size_t)(q - start));
			push(&lx, t);
			continue;
		}
		if (char_class[c] == CH_DIGIT) {
			lex_number(&lx, &t);
			push(&lx, t);
			continue;
		}
		if (c == '"') {
			lex_string(&lx, &t);
			push(&lx, t);
			continue;
		}
		if (c == '$' && !t.spaced && lx.n > 0 && lx.tok[lx.n - 1].kind == TOK_OP &&
		    (lx.tok[lx.n - 1].text[0] == ')' || lx.tok[lx.n - 1].text[0] == ']')) {
			/* @cast(p, "t")$, $a[2]$$: pretty printing after ')' or ']' */
			const char *start = lx.p, *q = lx.p;

			while (*q == '$')
				q++;
			if (!ident_char((unsigned char)*q)) {
				skip_bytes(&lx, (size_t)(q - start));
				t.kind = TOK_OP;
				t.text = intern(start, (size_t)(q - start));
				push(&lx, t);
				continue;
			}
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
		size_t n;
		const char *op = match_operator(lx.p, &n);
		if (op) {
			t.kind = TOK_OP;
			t.text = op;
			skip_bytes(&lx, n);
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

/* Quotes S for a message, escaping what would garble a terminal; stops
 * once 60 bytes are written (so at most 63: one escape may pass the mark). */
static const char *quote(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char *r = arena_alloc(64), *o = r;   /* zeroed: the result ends with NUL */

	for (const char *p = s; *p && o - r < 60; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n' || c == '\t' || c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = c == '\n' ? 'n' : c == '\t' ? 't' : (char)c;
		} else if (c < 32 || c >= 127) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		} else {
			*o++ = (char)c;
		}
	}
	return r;
}

/* PREFIX TEXT "'" in the arena (TEXT: a name or operator, printable). */
static const char *quoted_after(const char *prefix, const char *text)
{
	size_t p = strlen(prefix), n = strlen(text);
	char *r = arena_alloc(p + n + 2);

	memcpy(r, prefix, p);
	memcpy(r + p, text, n);
	r[p + n] = '\'';
	return r;
}

/* "string 'TEXT'", without printf for the usual short plain text (every
 * string literal in a script gets one). */
static const char *describe_string(const char *text)
{
	size_t n = 0;

	while (n <= 60 && text[n] >= 32 && text[n] < 127 && text[n] != '"' && text[n] != '\\')
		n++;
	if (text[n] != '\0')
		return quoted_after("string '", quote(text));
	char *r = arena_alloc(n + 10);

	memcpy(r, "string '", 8);
	memcpy(r + 8, text, n);
	r[8 + n] = '\'';
	return r;
}

static const char *describe(const struct token *t)
{
	switch (t->kind) {
	case TOK_EOF: return "end of input";
	case TOK_IDENT: return quoted_after("identifier '", t->text);
	case TOK_KEYWORD: return quoted_after("keyword '", t->text);
	case TOK_NUMBER: return quoted_after("number '", t->text);
	case TOK_STRING: return describe_string(t->text);
	case TOK_OP: return quoted_after("operator '", t->text);
	case TOK_ATWORD: return quoted_after("operator '", t->text);
	case TOK_EMBEDDED: return "embedded-code";
	case TOK_ARG: return arena_printf("argument '%s'", t->text);
	}
	return "token";
}

/* Descriptions of interned texts, cached: every node of the tree keeps one
 * and most names recur.  Reset when the arena (holding the keys) is. */
#define DESCRIBE_CACHE 4096

static struct {
	const char *text;
	enum token_kind kind;
	const char *desc;
} describe_cache[DESCRIBE_CACHE];
static unsigned describe_epoch;

const char *token_describe(const struct token *t)
{
	if (t->kind != TOK_IDENT && t->kind != TOK_KEYWORD && t->kind != TOK_OP &&
	    t->kind != TOK_ATWORD && t->kind != TOK_NUMBER)
		return describe(t);
	if (describe_epoch != arena_epoch()) {
		memset(describe_cache, 0, sizeof describe_cache);
		describe_epoch = arena_epoch();
	}
	size_t h = ((uintptr_t)t->text >> 3) * 2654435761u % DESCRIBE_CACHE;
	if (describe_cache[h].text != t->text || describe_cache[h].kind != t->kind) {
		describe_cache[h].text = t->text;
		describe_cache[h].kind = t->kind;
		describe_cache[h].desc = describe(t);
	}
	return describe_cache[h].desc;
}
