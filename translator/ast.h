/*
 * ast.h - the parse tree: probes, functions and globals of a script, built by
 * pass 1 and annotated (symbols, types, probe kinds) by pass 2.  Nodes are
 * tagged unions allocated in the arena; every node keeps its FILE:LINE:COL
 * and the description of its leading token for messages.
 */
#ifndef STAP_AST_H
#define STAP_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "ops.h"

/* Deepest nesting of expressions and statements accepted (input is hostile:
 * every later pass recurses over the tree). */
#define MAX_NESTING 1000

enum type { TYPE_UNKNOWN, TYPE_LONG, TYPE_STRING, TYPE_VOID };

enum expr_kind {
	EXPR_NUMBER,
	EXPR_STRING,
	EXPR_VAR,
	EXPR_UNARY,     /* - ! ~ + */
	EXPR_BINARY,    /* + - * / % << >> & | ^ on longs */
	EXPR_LOGICAL,   /* && || */
	EXPR_COMPARE,   /* == != < > <= >= on longs or strings */
	EXPR_CONCAT,    /* . */
	EXPR_TERNARY,
	EXPR_ASSIGN,    /* = += ... .= */
	EXPR_INCDEC,    /* ++x x++ --x x-- */
	EXPR_CALL,
	EXPR_REGEX,     /* =~ !~ (binary) */
	EXPR_INDEX,     /* a[i, j], @hist_log(s)[3]; a NULL index is '*' */
	EXPR_IN,        /* [i, j] in a */
	EXPR_TARGET,    /* $x->f[2], $$vars, @cast(p, "t")->f, @var("x"), &$x, $x$ */
	EXPR_STAT,      /* @count(s) ... @hist_linear(s, lo, hi, step): args in call */
	EXPR_ATCALL,    /* @entry(e) @defined(e) @probewrite(v) @const("X") @perf("p")
			   @kregister(n) @uregister(n) @kderef(size, addr) @uderef: args in call */
	EXPR_EMBEDDED,  /* %{ code %} in an expression: str */
};

enum builtin {
	BUILTIN_NONE,   /* a user function */
	BUILTIN_PRINTF,
	BUILTIN_SPRINTF,
	BUILTIN_PRINT,
	BUILTIN_PRINTLN,
	BUILTIN_EXIT,
	BUILTIN_STRLEN,
	BUILTIN_LIB,    /* a runtime library function: call.lib (builtins.c) */
	BUILTIN_ERROR,  /* error(msg) */
	BUILTIN_WARN,   /* warn(msg) */
	BUILTIN_ABORT,  /* abort() */
	BUILTIN_SPRINT,
	BUILTIN_SPRINTLN,
	BUILTIN_PRINTD,     /* printd(delim, v...): values with a literal delimiter between */
	BUILTIN_PRINTDLN,
	BUILTIN_SPRINTD,
	BUILTIN_SPRINTDLN,
};

struct libfn;
struct regex;

/* One distinct regular expression of the script (regex_use.c): compiled in
 * pass 2, its tables emitted once as stp_re_INDEX in pass 3. */
struct regex_use {
	const char *pattern;
	struct regex *re;
	int index;
	struct srcloc loc;           /* first use */
	const char *what;
	struct regex_use *next;
};

struct symbol;
struct function;
struct format;
struct expr;

/* One step of a target variable's access chain: ->name or [index]. */
struct target_step {
	const char *member;          /* NULL: an index */
	struct expr *index;
};

struct expr {
	enum expr_kind kind;
	struct srcloc loc;
	const char *what;            /* "identifier 'x'", "operator '/'" */
	enum type type;              /* pass 2 */
	int depth;                   /* height of this subtree */
	union {
		int64_t num;
		const char *str;
		struct {
			const char *name;
			struct symbol *sym;
		} var;
		struct {
			enum op op;
			struct expr *operand;
		} unary;
		struct {
			enum op op;
			struct expr *left, *right;
			struct regex_use *regex;  /* EXPR_REGEX, pass 2 */
		} binary;
		struct {
			struct expr *cond, *then, *otherwise;
		} ternary;
		struct {
			enum op op;
			struct expr *target, *value;   /* target is an EXPR_VAR */
		} assign;
		struct {
			enum op op;
			bool prefix;
			struct expr *target;
		} incdec;
		struct {
			const char *name;         /* also "@entry", "@count" ... */
			struct expr **args;
			int nargs;
			enum builtin builtin;     /* pass 2 */
			struct function *fn;      /* pass 2, user functions */
			struct format *format;    /* pass 2, printf/sprintf */
			const struct libfn *lib;  /* pass 2, BUILTIN_LIB */
		} call;
		struct {
			struct expr *base;        /* EXPR_VAR or a histogram EXPR_STAT */
			struct expr **idx;        /* NULL entries: '*' */
			int n;
		} index;
		struct {
			struct expr **keys;       /* NULL entries: '*' */
			int nkeys;
			bool bracketed;           /* written [k] in a */
			struct expr *array;       /* EXPR_VAR */
		} in;
		struct {
			const char *name;         /* "$x", "$$vars", "@cast" / "@var", or "@autocast" */
			struct expr *operand;     /* @cast: the address */
			const char *type_name;    /* @cast: type; @var: variable name */
			const char *module;       /* @cast / @var: module or NULL */
			struct target_step *steps;
			int nsteps;
			bool addressof;           /* &$x */
			bool autocast;            /* (expr)->m, f()[i]: operand's type comes from it */
			int pretty;               /* 1: $x$, 2: $x$$ */
		} target;
	};
};

enum stmt_kind {
	STMT_BLOCK,
	STMT_EXPR,
	STMT_IF,
	STMT_WHILE,
	STMT_FOR,
	STMT_BREAK,
	STMT_CONTINUE,
	STMT_NEXT,
	STMT_RETURN,
	STMT_EMPTY,
	STMT_FOREACH,
	STMT_DELETE,    /* expr: variable, element, slice or target */
	STMT_TRY,
};

struct stmt {
	enum stmt_kind kind;
	struct srcloc loc;
	const char *what;
	union {
		struct {
			struct stmt **items;
			int n;
		} block;
		struct expr *expr;            /* EXPR; RETURN (NULL: no value) */
		struct {
			struct expr *cond;
			struct stmt *then, *otherwise;   /* otherwise may be NULL */
		} if_;
		struct {
			struct expr *init, *cond, *incr;   /* each may be NULL; WHILE: cond only */
			struct stmt *body;
		} loop;
		/* foreach ([k1, k2+] in a[x, *] limit 5), foreach (v = [k] in a @sum-) */
		struct {
			struct expr *value;         /* EXPR_VAR bound to the value, or NULL */
			struct expr **keys;         /* EXPR_VAR each */
			int nkeys;
			bool bracketed;
			struct expr *array;         /* EXPR_VAR, or a histogram EXPR_STAT */
			struct expr **slice;        /* NULL entries: '*'; nslice 0: none */
			int nslice;
			int sort_key;               /* 0: none; 1..nkeys: that key; -1: the value */
			int sort_dir;               /* +1 ascending, -1 descending */
			const char *sort_aggr;      /* "@sum" ... when sorting on a statistic */
			struct expr *limit;
			struct stmt *body;
		} foreach;
		struct {
			struct stmt *body;
			struct expr *catch_var;     /* EXPR_VAR or NULL */
			struct stmt *handler;       /* NULL: no catch clause */
		} try_;
	};
};

enum symbol_kind { SYM_GLOBAL, SYM_LOCAL, SYM_PARAM };

/* One histogram a statistic is read as (stat_hist.h). */
struct hist_kind {
	int kind;                    /* 1: @hist_linear(x, lo, hi, step), 2: @hist_log(x) */
	int64_t lo, hi, step;        /* linear only */
};

#define MAX_HISTS_PER_STAT 8     /* the runtime's STP_STAT_MAX_HISTS */

struct symbol {
	const char *name;            /* interned */
	enum symbol_kind kind;
	enum type type;
	struct srcloc loc;           /* declaration or first use */
	const char *what;
	struct srcloc type_loc;      /* pass 2: where its type was first inferred */
	const char *type_what;       /* NULL until then */
	struct expr *init;           /* globals: literal initializer or NULL */
	bool is_array;               /* global a[N] (or a[]) */
	int64_t array_size;          /* N, 0 when not given */
	bool wrap;                   /* global a% */
	bool is_private;
	bool used;
	/* pass 2, globals used as arrays or statistics */
	int nkeys;                   /* keys of an array; 0: a scalar */
	enum type key_types[9];
	bool is_stat;                /* values are statistics (`<<<`) */
	int nhist;                   /* histograms it is read as, in first-use order */
	struct hist_kind hists[MAX_HISTS_PER_STAT];
	bool variance;               /* read by @variance, */
	int var_shift;               /* with this bit shift */
	bool extrema;                /* read by @min or @max */
	bool read, written;          /* for the end-of-session auto-print */
	int lock;                    /* pass 3: its lock number (stap_lock.h) */
	struct symbol *next;
};

/* timer.ms(200): components "timer" and "ms" with argument 200. */
struct pp_component {
	const char *name;
	bool has_arg, arg_is_string;
	int64_t num;
	const char *str;
	struct srcloc loc;
	const char *what;
};

struct probe_family;
struct probe;

struct probe_point {
	struct pp_component *comps;
	int n;
	struct srcloc loc;
	const char *what;
	const char *text;            /* as written, canonical spacing */
	bool optional;               /* pp? */
	bool sufficient;             /* pp! */
	bool wildcard;               /* a name has '*' or '{a,b}' */
	struct expr *cond;           /* pp if (cond), or NULL */
	const struct probe_family *family;  /* pass 2: probe_families.h */
	const char *period_c;        /* pass 2, timers: C expression of the period in ns */
	int64_t order;               /* pass 2, begin(N)/end(N)/error(N): N (default 0) */
	bool per_cpu;                /* pass 2, timer.profile: fires on every cpu */
	const char *symbol;          /* pass 2, kprobes: "f" or "mod:f" */
	bool is_return;              /* pass 2, kprobes: a kretprobe */
	int64_t maxactive;           /* pass 2, kretprobes: .maxactive(N), else 0 */
	bool may_fail;               /* pass 2: written with '?', a failed registration is silent */
	struct probe *entry_probe;   /* pass 2, kretprobes: saves entry values (target_vars.c) */
	int entry_slots;             /* how many longs */
	int entry_str_slots;         /* and strings (MAXSTRINGLEN each, after the longs) */
	int trace_nargs;             /* pass 2, kernel.trace: the tracepoint's arguments */
	struct probe_point *next;
};

/* probe NAME = points { prologue }  or  probe NAME += points { epilogue } */
struct alias {
	struct probe_point *names;
	struct probe_point *points;
	bool epilogue;
	struct stmt *body;
	struct srcloc loc;
	struct alias *next;
};

/* Embedded C at the top level: %{ ... %} */
struct embedded {
	const char *code;
	struct srcloc loc;
	struct embedded *next;
};

struct probe {
	struct probe_point *points;
	struct stmt *body;
	struct srcloc loc;
	struct symbol *locals;       /* pass 2 */
	bool touches_globals;        /* pass 2, directly or through calls */
	struct function **callees;   /* pass 2: user functions called directly */
	int ncallees;
	int index;
	struct probe *next;
};

struct function {
	const char *name;
	struct srcloc loc;
	const char *what;
	struct symbol *params;       /* in order */
	int nparams;
	enum type declared;          /* TYPE_UNKNOWN: not declared */
	enum type ret;               /* pass 2 */
	bool has_value_return;
	struct stmt *body;           /* NULL when embedded */
	const char *embedded;        /* %{ C body %} or NULL */
	bool has_priority;           /* function f() :PRIORITY */
	int64_t priority;
	bool is_private;
	struct symbol *locals;       /* pass 2: not params */
	/* pass 2: scalar globals its embedded C names as STAP_GLOBAL_GET_x()
	 * or STAP_GLOBAL_SET_x(v) */
	struct embedded_global {
		struct symbol *sym;
		bool write;
	} *eglobals;
	int neglobals;
	bool touches_globals;        /* pass 2, directly or through calls */
	struct function **callees;   /* pass 2: user functions called directly */
	int ncallees;
	bool used;                   /* reachable from a probe (only those are resolved) */
	bool resolved;
	/* pass 2 (overload.c): definitions of one name and arity form a chain in
	 * priority order; `next` in one passes the call on to next_candidate */
	const char *cname;           /* unique C name: fn_CNAME */
	struct function *next_candidate;
	int ordinal;                 /* 1 + earlier definitions of the same name */
	bool is_next_candidate;      /* some definition's next_candidate: not a chain head */
	bool has_next;               /* a `next` (or STAP_NEXT) in the body; script bodies: used ones */
	struct function *next;
};

struct program {
	struct embedded *embedded;
	struct alias *aliases;
	struct symbol *globals;
	struct function *functions;
	struct probe *probes;
	int nprobes;
	struct regex_use *regexes;   /* pass 2, in order of first use */
	int nregexes;
	bool regex_captures;         /* pass 2: matched(), matched_str() or ngroups() called */
	bool has_embedded_expr;      /* pass 2: a %{ expr %} in some probe or function */
};

const char *type_name(enum type t);

#endif /* STAP_AST_H */
