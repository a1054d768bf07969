/*
 * overload.c - function overloading and private functions (pass 2).
 *
 * A name may have several definitions.  A call picks, when translating,
 * the definitions with as many parameters as it has arguments (overloading
 * by arity); the definitions of that arity form a chain ordered by
 * priority (`function f() :N`, default OVERLOAD_DEFAULT_PRIORITY, lower
 * first, equal ones in definition order).  At run time the call runs the
 * first; a `next` in it (STAP_NEXT in embedded C) passes the call on to
 * the following one with the same arguments, and a `next` in the last is
 * the error "all functions exhausted" (codegen.c emits the hand-over).
 *
 * A `private` function is visible only to code of the file that defines
 * it, and forms chains of its own: a call prefers the private definitions
 * of its own file, then the public ones.  Private globals are scoped the
 * same way (overload_global_visible).
 *
 * Every definition gets a unique C name: the first of a name keeps it, the
 * others are NAME__2, NAME__3 ... in program order, so the C stays
 * deterministic.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "overload.h"

static int64_t priority_of(const struct function *f)
{
	return f->has_priority ? f->priority : OVERLOAD_DEFAULT_PRIORITY;
}

/* A and B belong to one chain. */
static bool same_chain(const struct function *a, const struct function *b)
{
	if (strcmp(a->name, b->name) != 0 || a->nparams != b->nparams ||
	    a->is_private != b->is_private)
		return false;
	return !a->is_private || a->loc.src == b->loc.src;
}

void overload_link(struct program *prog)
{
	for (struct function *f = prog->functions; f; f = f->next) {
		f->next_candidate = NULL;
		f->is_next_candidate = false;
		/* a script body's `next` is found by resolve_stmt (elaborate.c),
		 * which runs after this on every function that is used */
		f->has_next = f->embedded && strstr(f->embedded, "STAP_NEXT") != NULL;
		/* numbered once: the C name's suffix and the chains' tie order */
		f->ordinal = 1;
		for (struct function *g = prog->functions; g != f; g = g->next)
			f->ordinal += strcmp(g->name, f->name) == 0;
		f->cname = f->ordinal == 1 ? f->name : NULL;
		/* NAME__K, K from the definition's rank up, not taken by any name */
		for (int k = f->ordinal; !f->cname; k++) {
			const char *c = arena_printf("%s__%d", f->name, k);
			bool taken = false;

			for (struct function *g = prog->functions; g && !taken; g = g->next)
				taken = strcmp(g->name, c) == 0 || (g != f && g->cname &&
								      strcmp(g->cname, c) == 0);
			if (!taken)
				f->cname = c;
		}
	}
	/* chains: each definition links to the next one of its chain in order */
	for (struct function *f = prog->functions; f; f = f->next) {
		struct function *best = NULL;

		for (struct function *g = prog->functions; g; g = g->next) {
			if (g == f || !same_chain(f, g))
				continue;
			/* g comes after f when its priority is higher, or equal and later */
			bool after = priority_of(g) > priority_of(f) ||
				     (priority_of(g) == priority_of(f) && g->ordinal > f->ordinal);

			if (!after)
				continue;
			if (!best || priority_of(g) < priority_of(best))
				best = g;
		}
		f->next_candidate = best;
		if (best)
			best->is_next_candidate = true;
	}
}

/* The head of the chain of NAME/NARGS among PROG's functions that is
 * private to FROM (PRIVATE) or public; NULL when there is none. */
static struct function *chain_head(const struct program *prog, const char *name, int nargs,
				   const struct source *from, bool private)
{
	for (struct function *f = prog->functions; f; f = f->next) {
		/* the head is the one no other member of the chain points to */
		if (strcmp(f->name, name) == 0 && f->nparams == nargs && f->is_private == private &&
		    (!private || f->loc.src == from) && !f->is_next_candidate)
			return f;
	}
	return NULL;
}

struct function *overload_find(const struct program *prog, const struct expr *call)
{
	const struct source *from = call->loc.src;
	struct function *f = chain_head(prog, call->call.name, call->call.nargs, from, true);

	return f ? f : chain_head(prog, call->call.name, call->call.nargs, from, false);
}

bool overload_explain(const struct program *prog, const struct expr *call)
{
	const char *name = call->call.name;
	const struct function *hidden = NULL;
	struct buf arities = { 0 };
	int last = -1, nvisible = 0;
	bool seen[33] = { false };

	for (const struct function *f = prog->functions; f; f = f->next) {
		if (strcmp(f->name, name) != 0)
			continue;
		if (f->is_private && f->loc.src != call->loc.src) {
			hidden = f;
			continue;
		}
		nvisible++;
		if (f->nparams <= 32 && !seen[f->nparams]) {
			seen[f->nparams] = true;
			last = f->nparams;
		}
	}
	if (!nvisible && hidden) {
		diag_semantic_error(call->loc, call->what,
				    "unresolved function (function '%s' is private to %s)", name,
				    hidden->loc.src ? hidden->loc.src->name : "its file");
		return true;
	}
	if (!nvisible)
		return false;
	for (int n = 0, k = 0; n <= 32; n++) {
		if (!seen[n])
			continue;
		buf_printf(&arities, "%s%d", k == 0 ? "" : n == last ? " or " : ", ", n);
		k++;
	}
	diag_semantic_error(call->loc, call->what,
			    "wrong number of arguments to function '%s' (expected %s, %d given)",
			    name, arities.data, call->call.nargs);
	buf_free(&arities);
	return true;
}

bool overload_global_visible(const struct symbol *sym, const struct source *from)
{
	return !sym->is_private || sym->loc.src == from;
}
