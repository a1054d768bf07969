/*
 * probe_families.h - the probe point families (begin, timer.ms(N),
 * kernel.function("f"), ...) behind one interface.  Each family lives in its
 * own family_*.c file and is described by one struct probe_family: the
 * shapes of its points, how a point is matched against the target (and
 * expanded, for globs), how its arguments are checked, and the row it gets
 * in the runtime's probe table.  The core (probe_families.c) loops over the
 * table of families and never names one; messages that list the families
 * this stap runs are built from the same table.
 */
#ifndef STAP_PROBE_FAMILIES_H
#define STAP_PROBE_FAMILIES_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "session.h"

enum family_status {
	FAMILY_OK,           /* concrete points stored, the runtime supports them */
	FAMILY_UNSUPPORTED,  /* valid, but the family is not implemented yet */
	FAMILY_NO_MATCH,     /* nothing matches (no such family, symbol, ...) */
	FAMILY_INVALID,      /* a family, but wrong arguments */
};

struct family_result {
	enum family_status status;
	struct probe_point **points;   /* FAMILY_OK: concrete points (arena) */
	int n;
	const char *family;            /* "kernel.function", or NULL */
	const char *why;               /* what went wrong, for the message */
	const char *missing_function;  /* FAMILY_NO_MATCH for one kernel function name */
	const char *missing_module;    /* ... of this module (NULL: the kernel) */
};

struct families;

struct probe_family {
	const char *name;              /* "timer", for messages */
	/* NULL-terminated shapes: names and argument kinds (n: number,
	 * s: string, ?: anything), "timer.ms(n)" */
	const char *const *shapes;
	/* How the family is written in "this stap supports ..." (NULL: the
	 * runtime cannot run it) */
	const char *synopsis;
	/* Arguments of the wrong kind still reach check(), which says what
	 * is wrong at the argument's location */
	bool lenient_args;
	/* Matches PP (component names already those of one of the shapes)
	 * against the target and appends the concrete points to R, or says
	 * why not.  NULL: PP is accepted as it is. */
	void (*match)(struct families *fx, struct probe_point *pp, struct family_result *r);
	/* Pass 2 on each point left after alias expansion: check the
	 * arguments, fill in what pass 3 needs.  NULL: nothing to check. */
	void (*check)(struct probe_point *pp);
	/* Pass 3: the fields after .handler/.pp of the point's row in
	 * stp_probes[] (".kind = STP_PROBE_TIMER, .period_ns = ...").  NULL:
	 * the point is compiled but never registered. */
	const char *(*row)(const struct probe_point *pp);
	/* Pass 3: true when the point's hits get a pre-handler of the
	 * generated C's own (kprobe entries: the hit path of
	 * stp_probe_run.h inlined, the handler called directly), which its
	 * row then names as .kprobe_hit.  NULL: never. */
	bool (*own_pre_handler)(const struct probe_point *pp);
	/* stap -L: what the point offers beyond its aliases' locals, as
	 * " $name:type" items ("" or NULL: nothing), e.g. a function's
	 * parameters or a tracepoint's arguments.  NULL: nothing. */
	const char *(*list_vars)(const struct session *s, const struct probe_point *pp);
};

/* The families, one per family_*.c file. */
extern const struct probe_family family_begin_end;
extern const struct probe_family family_never;
extern const struct probe_family family_timer;
extern const struct probe_family family_kprobe;
extern const struct probe_family family_kprobe_dwarf;
extern const struct probe_family family_syscall_tp;
extern const struct probe_family family_trace;
extern const struct probe_family family_unsupported;

/* The family resolver for session S (kernel symbols are loaded on first
 * need, once). */
struct families *families_new(const struct session *s);
void families_free(struct families *fx);

/* Resolves PP (its components only: '?', '!' and 'if' are the caller's). */
struct family_result families_resolve(struct families *fx, const struct probe_point *pp);

/* Calls ADD with each probe point shape this stap runs, as upstream's
 * --dump-probe-types writes them ("timer.ms(number)"). */
void families_list_shapes(void (*add)(void *ctx, const char *shape), void *ctx);

/* R's why, with the kernel functions similar to a missing one appended
 * (computed here, only for a message that is shown). */
const char *families_explain(struct families *fx, const struct family_result *r);

/* True when NAME is the first component of some family ("kernel", "timer"). */
bool families_is_family_name(const char *name);

/* Shell-style match of NAME against PATTERN with '*', '?' and brace lists
 * "{a,b}" (as probe point components are written). */
bool pp_name_match(const char *pattern, const char *name);

/* The canonical text of PP: kernel.function("f").return */
const char *pp_text(const struct probe_point *pp);

/* ---- for the family files ---- */

/* The session being translated. */
const struct session *families_session(const struct families *fx);

/* The target kernel's function names (kernel_symbols.h), loaded once; NULL
 * when they cannot be read, with the reason in *WHY. */
const struct ksyms *families_kernel_symbols(struct families *fx, const char **why);

/* The function names of kernel module MODULE from its BTF, loaded once;
 * NULL when they cannot be read, with the reason in *WHY. */
const struct ksyms *families_module_symbols(struct families *fx, const char *module,
					   const char **why);

/* The modules of the target release matching GLOB (module_names.h): a
 * list for module_names_free and its count, or -1 with the reason in *WHY. */
long families_module_names(struct families *fx, const char *glob, char ***names,
			   const char **why);

/* MODULE's function names as families_module_symbols has them, but not
 * kept unless they already were: give the list back with
 * families_module_symbols_done (a glob over every module reads thousands). */
struct ksyms *families_module_symbols_once(struct families *fx, const char *module,
					   const char **why);
void families_module_symbols_done(struct families *fx, struct ksyms *ks);

/* The running kernel's kprobe blacklist when it is the target
 * (kprobe_blacklist.h), loaded once; NULL when not known. */
struct kblacklist;
const struct kblacklist *families_kprobe_blacklist(struct families *fx);

/* Appends PP to R's concrete points (R becomes FAMILY_OK). */
void family_result_add(struct family_result *r, struct probe_point *pp);

/* Sets R to a failure: STATUS with the message WHY. */
void family_result_fail(struct family_result *r, enum family_status status, const char *why);

/* A copy of PP whose component K takes string argument STR (a glob's match). */
struct probe_point *pp_with_string(const struct probe_point *pp, int k, const char *str);

/* The index of PP's component called NAME, or -1. */
int pp_find(const struct probe_point *pp, const char *name);

#endif /* STAP_PROBE_FAMILIES_H */
