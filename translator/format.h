/*
 * format.h - printf-style format strings, parsed once by the translator:
 * pass 2 checks the arguments against them and pass 3 emits one runtime
 * call per piece, so no format is interpreted in the kernel.
 */
#ifndef STAP_FORMAT_H
#define STAP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

struct format_piece {
	bool literal;             /* text[0..len) is printed as is */
	const char *text;
	size_t len;
	char conv;                /* d i u x X o c s p b m M */
	unsigned flags;           /* STP_FMT_* values of stap_runtime.h */
	int width, precision;     /* -1: none */
	bool width_star, precision_star;   /* taken from a long argument */
};

struct format {
	struct format_piece *pieces;
	int n;
	int nargs;                /* arguments the format consumes */
	enum type *arg_types;     /* nargs entries */
	bool has_mem;             /* a %m or %M (can raise a read fault) */
};

/* Parses FMT; NULL and *err set (a static message) when it is malformed. */
struct format *format_parse(const char *fmt, const char **err);

/* Runtime flag values (mirrors STP_FMT_* in runtime/stap_runtime.h). */
enum { FMT_LEFT = 1, FMT_PLUS = 2, FMT_SPACE = 4, FMT_ALT = 8, FMT_ZERO = 16 };

#endif /* STAP_FORMAT_H */
