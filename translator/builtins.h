/*
 * builtins.h - the script's library functions that map one to one onto a
 * runtime call (stap_string.h): name, argument and result types, and how
 * pass 3 calls the runtime.
 */
#ifndef STAP_BUILTINS_H
#define STAP_BUILTINS_H

#include "ast.h"

enum libfn_style {
	LIB_PURE,      /* ret = C(args...) */
	LIB_CTX,       /* ret = C(c, args..., near): can raise a soft error */
	LIB_STR,       /* C(dst, args...): a string result */
	LIB_MATCH,     /* [ret =] C(c, &last match, [dst,] args..., near): reads
			  the hit's last regex match (stap_regex.h), can raise a soft error */
};

struct libfn {
	const char *name;
	enum type ret;
	int nargs;
	enum type args[3];
	enum libfn_style style;
	const char *c;             /* runtime function */
};

/* Whether a call can be dropped when its value is unused (no soft error). */
static inline bool libfn_pure(const struct libfn *lib)
{
	return lib->style == LIB_PURE || lib->style == LIB_STR;
}

/* The library function NAME, or NULL. */
const struct libfn *libfn_find(const char *name);

/* A built-in pass 2 types and pass 3 emits itself (printf, exit, ...). */
struct builtin_desc {
	const char *name;
	enum builtin b;
	int min, max;                  /* argument counts; max -1: any */
};

/* The built-in NAME, or NULL. */
const struct builtin_desc *builtin_find(const char *name);

/* NAME is a built-in or a library function: never a script's or a tapset's. */
bool builtin_name_taken(const char *name);

#endif /* STAP_BUILTINS_H */
