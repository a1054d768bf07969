/*
 * probe_families.h - the probe point families (begin, timer.ms(N),
 * kernel.function("f"), ...) behind one interface: given a probe point that
 * names no alias, find the family it belongs to, validate its arguments and
 * expand wildcards (over family component names, and over kernel function
 * names) into concrete probe points.  Families the runtime cannot run yet are
 * still validated, then refused with a message that names the family.
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
};

struct families;

/* The family resolver for session S (kernel symbols are loaded on first
 * need, once). */
struct families *families_new(const struct session *s);
void families_free(struct families *fx);

/* Resolves PP (its components only: '?', '!' and 'if' are the caller's). */
struct family_result families_resolve(struct families *fx, const struct probe_point *pp);

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

#endif /* STAP_PROBE_FAMILIES_H */
