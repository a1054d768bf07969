/*
 * family_syscall_tp.c - __syscall_tp.enter and __syscall_tp.exit: every
 * system call's entry and exit, through the kernel's raw_syscalls
 * tracepoints (runtime/syscall_tracepoints.c).  Not meant to be written in
 * scripts: the tapsets' syscall_any[.return] aliases are built on them and
 * read the call's number and return value from the user registers.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "probe_families.h"

static const char *const syscall_tp_shapes[] = {
	"__syscall_tp.enter",
	"__syscall_tp.exit",
	NULL,
};

static const char *syscall_tp_row(const struct probe_point *pp)
{
	return arena_printf(".kind = STP_PROBE_SYSCALL_TP, .is_return = %s",
			    strcmp(pp->comps[1].name, "exit") == 0 ? "true" : "false");
}

const struct probe_family family_syscall_tp = {
	.name = "__syscall_tp",
	.shapes = syscall_tp_shapes,
	/* no synopsis: scripts write syscall_any, not these */
	.row = syscall_tp_row,
};
