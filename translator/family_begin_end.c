/*
 * family_begin_end.c - begin, end and error probes (and begin(N), end(N),
 * error(N)), which the runtime runs itself at session start and stop; and
 * never, whose body is checked and compiled but which is never registered.
 * N orders the probes of one kind, lowest first (0 without N); equal N keep
 * script order (codegen sorts the probe table stably by it).
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "probe_families.h"

static const char *const begin_end_shapes[] = {
	"begin", "end", "error", "begin(n)", "end(n)", "error(n)", NULL,
};

static void begin_end_check(struct probe_point *pp)
{
	pp->order = pp->comps[0].has_arg ? pp->comps[0].num : 0;
}

static const char *begin_end_row(const struct probe_point *pp)
{
	const char *name = pp->comps[0].name;

	if (strcmp(name, "begin") == 0)
		return ".kind = STP_PROBE_BEGIN";
	if (strcmp(name, "end") == 0)
		return ".kind = STP_PROBE_END";
	return ".kind = STP_PROBE_ERROR";
}

const struct probe_family family_begin_end = {
	.name = "begin",
	.shapes = begin_end_shapes,
	.synopsis = "begin, end, error",
	.check = begin_end_check,
	.row = begin_end_row,
};

static const char *const never_shapes[] = { "never", NULL };

const struct probe_family family_never = {
	.name = "never",
	.shapes = never_shapes,
	.synopsis = "never",
};
