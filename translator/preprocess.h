/*
 * preprocess.h - pass 1b: conditional compilation (%( COND %? A %: B %)),
 * @define macros and command-line argument substitution over the raw
 * tokens, giving the token stream the parser reads.
 */
#ifndef STAP_PREPROCESS_H
#define STAP_PREPROCESS_H

#include <stdbool.h>

#include "lexer.h"

struct macro;

/* Macros visible in every file: the @define's of the *.stpm files. */
struct macro_table {
	struct macro *head;
};

/* What the conditions test and the substitutions use. */
struct pp_env {
	const char *kernel_release;   /* kernel_vr; kernel_v is its part before '-' */
	const char *arch;
	const char *kernel_config;    /* path of the target kernel's .config */
	const char *privilege;        /* systemtap_privilege */
	bool guru;                    /* guru_mode */
	const char *const *args;      /* $1 @1 ... */
	int nargs;
	struct macro_table *global_macros;   /* may be NULL */
	int verbose;
	const char *systemtap_v;      /* --compatible=VERSION, or NULL: STAP_LANGUAGE_VERSION */
	bool check_version;           /* --check-version: warn where systemtap_v is tested */
};

/* The language version scripts see as systemtap_v. */
#define STAP_LANGUAGE_VERSION "5.1"

/* Preprocesses RAW (errors are reported as parse errors).  STPM: RAW is a
 * macro file; it may hold only @define's, which go into ENV->global_macros.
 * The result always ends with TOK_EOF; it is RAW itself when there was
 * nothing to do, else a new malloc'd array (the caller frees it). */
struct token_list preprocess(const struct token_list *raw, struct pp_env *env, bool stpm);

/* True when NAME ("@cast") is one of the language's own @-words. */
bool is_builtin_atword(const char *name);

#endif /* STAP_PREPROCESS_H */
