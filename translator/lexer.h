/*
 * lexer.h - pass 1a: the script text as an array of raw tokens (before
 * preprocessing: conditionals, macros and $1/@1 are still tokens here).
 */
#ifndef STAP_LEXER_H
#define STAP_LEXER_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

enum token_kind {
	TOK_EOF,
	TOK_IDENT,      /* text interned: x, $target, $$vars, $x$ */
	TOK_KEYWORD,    /* text interned: probe global function if else ... */
	TOK_NUMBER,     /* value */
	TOK_STRING,     /* text: the decoded bytes (escapes applied) */
	TOK_OP,         /* text interned: "+=", "{", "%(", ... */
	TOK_ATWORD,     /* text interned: "@cast", "@count", "@mymacro" ... */
	TOK_EMBEDDED,   /* %{ ... %}: text is the code between the markers */
	TOK_ARG,        /* $1 @1 $# @#: text as written, value N (0 for #) */
};

struct token {
	enum token_kind kind;
	bool spaced;          /* blank or comment before it (adjacency matters for $1, a*b{c}) */
	signed char level;    /* parser's cache: binary precedence level + 1, -1 none, 0 unknown */
	const char *text;
	int64_t value;
	struct srcloc loc;
};

struct token_list {
	struct token *tok;
	int n;
	bool swallowed;   /* an unterminated string or comment ate the rest of the input */
};

/* Tokenizes SRC (errors are reported as parse errors and counted by diag).
 * The list always ends with TOK_EOF; its array is malloc'd (the caller
 * frees it: token texts live in the arena and outlive it). */
struct token_list lex_source(const struct source *src);

/* "identifier 'x'", "operator '+'", "string \"a\"" ... for messages. */
const char *token_describe(const struct token *t);

#endif /* STAP_LEXER_H */
