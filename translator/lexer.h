/*
 * lexer.h - pass 1a: the script text as an array of tokens.
 */
#ifndef STAP_LEXER_H
#define STAP_LEXER_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

enum token_kind {
	TOK_EOF,
	TOK_IDENT,      /* text interned */
	TOK_KEYWORD,    /* text interned: probe global function if else ... */
	TOK_NUMBER,     /* value */
	TOK_STRING,     /* text: the decoded bytes (escapes applied) */
	TOK_OP,         /* text interned: "+=", "{", ... */
};

struct token {
	enum token_kind kind;
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
 * The list always ends with TOK_EOF. */
struct token_list lex_source(const struct source *src);

/* "identifier 'x'", "operator '+'", "string \"a\"" ... for messages. */
const char *token_describe(const struct token *t);

#endif /* STAP_LEXER_H */
