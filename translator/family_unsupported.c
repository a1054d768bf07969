/*
 * family_unsupported.c - the probe families stap knows but cannot run yet
 * (tracepoints, uprobes, perf, procfs, ...).  Their points are recognised
 * and refused with a message naming the family.  A family that becomes
 * real moves to its own family_*.c file.
 */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "probe_families.h"

/* Every shape with the family it belongs to. */
#define UNSUPPORTED_SHAPES \
	X("timer.s(n).randomize(n)", "timer.randomize") \
	X("timer.ms(n).randomize(n)", "timer.randomize") \
	X("timer.us(n).randomize(n)", "timer.randomize") \
	X("timer.ns(n).randomize(n)", "timer.randomize") \
	X("timer.jiffies(n).randomize(n)", "timer.randomize") \
	X("kernel.data(?).write", "kernel.data") \
	X("kernel.data(?).rw", "kernel.data") \
	X("process(?).begin", "process") \
	X("process(?).end", "process") \
	X("process(?).thread.begin", "process") \
	X("process(?).thread.end", "process") \
	X("process(?).syscall", "process") \
	X("process(?).syscall.return", "process") \
	X("process(?).function(s)", "process.function") \
	X("process(?).function(s).call", "process.function") \
	X("process(?).function(s).return", "process.function") \
	X("process(?).function(s).inline", "process.function") \
	X("process(?).statement(?)", "process.statement") \
	X("process(?).mark(s)", "process.mark") \
	X("process(?).provider(s).mark(s)", "process.mark") \
	X("process(?).plt(s)", "process.plt") \
	X("perf.type(n).config(n)", "perf") \
	X("perf.type(n).config(n).sample(n)", "perf") \
	X("perf.type(n).config(n).process(?)", "perf") \
	X("perf.type(n).config(n).counter(s)", "perf") \
	X("procfs(?).read", "procfs") \
	X("procfs(?).write", "procfs") \
	X("procfs(?).read.maxsize(n)", "procfs") \
	X("netfilter.hook(s).pf(s)", "netfilter") \
	X("netfilter.pf(s).hook(s)", "netfilter") \
	X("java(?).class(s).method(s)", "java") \
	X("python2.module(s).function(s)", "python2") \
	X("python3.module(s).function(s)", "python3") \
	X("input.char", "input") \
	X("input.line", "input")
#define X(shape, family) { shape, family },
static const struct {
	const char *shape;
	const char *family;
} unsupported[] = { UNSUPPORTED_SHAPES };
#undef X

#define NUNSUPPORTED (sizeof unsupported / sizeof unsupported[0])

#define X(shape, family) shape,
static const char *const unsupported_shapes[] = { UNSUPPORTED_SHAPES NULL };
#undef X

/* The family name of the shape PP was made from. */
static const char *family_of(const struct probe_point *pp)
{
	for (size_t i = 0; i < NUNSUPPORTED; i++) {
		const char *s = unsupported[i].shape;
		int k = 0;

		for (; k < pp->n; k++) {
			size_t len = strcspn(s, ".(");

			if (strlen(pp->comps[k].name) != len || strncmp(s, pp->comps[k].name, len))
				break;
			s += len;
			if (*s == '(')
				s += 3;
			if (*s == '.')
				s++;
		}
		if (k == pp->n && !*s)
			return unsupported[i].family;
	}
	return pp->comps[0].name;
}

static void unsupported_match(struct families *fx, struct probe_point *pp,
			      struct family_result *r)
{
	(void)fx;
	r->family = family_of(pp);
	family_result_fail(r, FAMILY_UNSUPPORTED,
			   arena_printf("probe family %s is not supported yet", r->family));
}

const struct probe_family family_unsupported = {
	.name = "unsupported",
	.shapes = unsupported_shapes,
	.match = unsupported_match,
};
