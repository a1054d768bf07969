/*
 * codegen_nesting.c - pass 3: the MAXNESTING a module gets when -D does
 * not set it, derived from the script's call graph as upstream does.
 */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "codegen.h"

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/*
 * The longest chain of nested calls starting at F (F's own frame
 * included); *recursive is set when F reaches itself.  state: 0 not seen,
 * 1 on the current path, 2 done with depth[] set.
 */
static int call_chain(const struct function *f, struct function *const *fns, int nfns,
		      unsigned char *state, int *depth, bool *recursive)
{
	int i = 0, best = 0;

	while (i < nfns && fns[i] != f)
		i++;
	if (i == nfns)
		return 1;
	if (state[i] == 1) {
		*recursive = true;
		return 0;
	}
	if (state[i] == 2)
		return depth[i];
	state[i] = 1;
	for (int k = 0; k < f->ncallees; k++)
		best = max_int(best, call_chain(f->callees[k], fns, nfns, state, depth, recursive));
	if (f->next_candidate)
		best = max_int(best, call_chain(f->next_candidate, fns, nfns, state, depth,
						recursive));
	state[i] = 2;
	depth[i] = best + 1;
	return depth[i];
}

/* MAXNESTING unless -D sets it, as upstream derives it: the deepest static
 * call chain + 1, and 10 more when the script recurses. */
int codegen_default_max_nesting(const struct program *prog)
{
	struct function **fns;
	unsigned char *state;
	int n = 0, i = 0, deepest = 0, *depth;
	bool recursive = false;

	for (const struct function *f = prog->functions; f; f = f->next)
		n++;
	fns = arena_alloc((size_t)n * sizeof *fns + 1);
	state = arena_alloc((size_t)n + 1);
	depth = arena_alloc((size_t)n * sizeof *depth + 1);
	for (struct function *f = prog->functions; f; f = f->next)
		fns[i++] = f;
	memset(state, 0, (size_t)n);
	for (i = 0; i < n; i++)
		if (fns[i]->used)
			deepest = max_int(deepest, call_chain(fns[i], fns, n, state, depth,
							      &recursive));
	return deepest + 1 + (recursive ? 10 : 0);
}
