/*
 * family_timer.c - timer.s/ms/us/ns/jiffies/hz(N) (and sec/msec/usec/nsec):
 * one hrtimer per probe (runtime/timer.c); timer.profile(.tick): one pinned
 * hrtimer per cpu, every tick, as upstream; timer.profile.freq.hz(N): the
 * same at N per second.  The period is checked here, at the argument's
 * location, and becomes a C expression in nanoseconds for the probe table.
 * timer.X(N).randomize(M) is known but not run yet.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "probe_families.h"

/* Smallest timer period accepted: faster timers would starve the machine. */
#define MIN_TIMER_NS 100000LL
#define MAX_TIMER_NS (3600LL * 1000000000LL)

static const struct {
	const char *unit;
	long long ns;
} timer_units[] = {
	{ "s", 1000000000LL }, { "ms", 1000000LL }, { "us", 1000LL }, { "ns", 1LL },
	{ "sec", 1000000000LL }, { "msec", 1000000LL }, { "usec", 1000LL }, { "nsec", 1LL },
};

static const char *const timer_shapes[] = {
	"timer.s(n)", "timer.ms(n)", "timer.us(n)", "timer.ns(n)", "timer.jiffies(n)",
	"timer.hz(n)", "timer.sec(n)", "timer.msec(n)", "timer.usec(n)", "timer.nsec(n)",
	"timer.profile", "timer.profile.tick", "timer.profile.freq.hz(n)", NULL,
};

static void timer_range_error(struct pp_component *c, const struct probe_point *pp,
			      const char *limits)
{
	diag_semantic_error(c->loc, c->what, "while resolving probe point %s: timer %s",
			    pp->text, limits);
}

static void timer_check(struct probe_point *pp)
{
	struct pp_component *c = pp->comps;
	const char *unit = c[1].name;
	int64_t v = c[1].num;

	if (pp->n >= 2 && strcmp(unit, "profile") == 0) {
		pp->per_cpu = true;
		if (pp->n < 4) {
			pp->period_c = "TICK_NSEC";
			return;
		}
		/* timer.profile.freq.hz(N): the checks of timer.hz(N) below */
		c += 2;
		unit = c[1].name;
		v = c[1].num;
	}
	if (!c[1].has_arg || c[1].arg_is_string) {
		diag_semantic_error(c[1].loc, c[1].what,
				    "while resolving probe point %s: timer.%s needs a number",
				    pp->text, unit);
		return;
	}
	if (v <= 0) {
		diag_semantic_error(c[1].loc, c[1].what,
				    "while resolving probe point %s: invalid timer period %lld "
				    "(must be positive)", pp->text, (long long)v);
		return;
	}
	for (size_t i = 0; i < sizeof timer_units / sizeof timer_units[0]; i++) {
		long long mult = timer_units[i].ns;

		if (strcmp(unit, timer_units[i].unit) != 0)
			continue;
		if (v > MAX_TIMER_NS / mult || v * mult < MIN_TIMER_NS) {
			timer_range_error(&c[1], pp, arena_printf("period out of range (limits "
								  "are %lld ns to %lld ns)",
								  MIN_TIMER_NS, MAX_TIMER_NS));
			return;
		}
		pp->period_c = arena_printf("%lldULL", (long long)v * mult);
		return;
	}
	if (strcmp(unit, "jiffies") == 0) {
		if (v > 1000000) {
			timer_range_error(&c[1], pp, "period out of range (limit is 1000000 jiffies)");
			return;
		}
		pp->period_c = arena_printf("((u64)%lld * TICK_NSEC)", (long long)v);
		return;
	}
	/* hz */
	if (v > 1000000000LL / MIN_TIMER_NS) {
		timer_range_error(&c[1], pp, arena_printf("frequency out of range (limit is "
							  "%lld hz)", 1000000000LL / MIN_TIMER_NS));
		return;
	}
	pp->period_c = arena_printf("(NSEC_PER_SEC / %lld)", (long long)v);
}

static const char *timer_row(const struct probe_point *pp)
{
	return arena_printf(".kind = STP_PROBE_TIMER, .period_ns = %s%s",
			    pp->period_c ? pp->period_c : "0",
			    pp->per_cpu ? ", .per_cpu = true" : "");
}

const struct probe_family family_timer = {
	.name = "timer",
	.shapes = timer_shapes,
	.synopsis = "timer.{s,ms,us,ns,jiffies,hz}(N), timer.profile[.freq.hz(N)]",
	.lenient_args = true,
	.check = timer_check,
	.row = timer_row,
};
