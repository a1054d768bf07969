/*
 * family_kprobe_dwarf.c - the kernel probe points that need DWARF (the
 * kernel's -dbg package): statements, inline instances, labels, callees,
 * .exported, and kernel.statement.  They are recognised, so a user learns
 * why they are refused instead of getting "no match".
 */
#include "config.h"

#include "arena.h"
#include "probe_families.h"

static const char *const kprobe_dwarf_shapes[] = {
	"kernel.function(s).exported",
	"kernel.function(s).inline",
	"kernel.function(s).label(s)",
	"kernel.function(s).callee(s)",
	"kernel.statement(?)",
	"kernel.statement(?).absolute",
	"kprobe.statement(n).absolute",
	"module(s).function(s).inline",
	"module(s).statement(?)",
	NULL,
};

static void kprobe_dwarf_match(struct families *fx, struct probe_point *pp,
			       struct family_result *r)
{
	(void)fx;
	family_result_fail(r, FAMILY_UNSUPPORTED,
			   arena_printf("probe point %s needs DWARF, which this stap does not "
					"read yet", pp->text));
}

const struct probe_family family_kprobe_dwarf = {
	.name = "kernel.statement",
	.shapes = kprobe_dwarf_shapes,
	.match = kprobe_dwarf_match,
};
