// SPDX-License-Identifier: GPL-2.0
/*
 * timer.c - timer.ns/us/ms/s/hz probes: one hrtimer per probe; and
 * timer.profile: one hrtimer per probe and cpu, firing every tick.
 *
 * Each STP_PROBE_TIMER entry of stp_probes[] gets an hrtimer (per_cpu ones
 * one per possible cpu), set up at module init, started (relative,
 * period_ns) once the begin probes have run, and cancelled when the session
 * stops; hrtimer_cancel() waits for a running callback, so no handler of a
 * timer probe runs after stp_timers_disarm().  The callback runs in hardirq
 * context on the cpu the timer fires on: for a per-cpu timer always its own
 * cpu, since it is started pinned from that cpu (an IPI to every online
 * cpu); the others fire where they were started.  Cpus that come online
 * later get no timer.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "stp_internal.h"

/* Shortest period allowed, so a tiny interval cannot starve the machine. */
#define STP_TIMER_MIN_NS 100000ULL

struct stp_timer {
	struct hrtimer hrtimer;
	const struct stp_probe *probe;
	ktime_t period;
	int cpu;                       /* per-cpu timer: its cpu; -1: any */
};

static struct stp_timer *stp_timers;
static unsigned int stp_timer_count;
static bool stp_timers_armed;

static notrace enum hrtimer_restart stp_timer_fire(struct hrtimer *hrtimer)
{
	struct stp_timer *t = container_of(hrtimer, struct stp_timer, hrtimer);

	stp_run_probe(t->probe, NULL);
	if (!READ_ONCE(stp_timers_armed) || atomic_read(&stp_exit_requested) ||
	    atomic_read(&stp_error_state))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(hrtimer, t->period);
	return HRTIMER_RESTART;
}
STP_NOKPROBE(stp_timer_fire);

static void stp_timer_setup(struct stp_timer *t, const struct stp_probe *p, int cpu)
{
	t->probe = p;
	t->cpu = cpu;
	t->period = ns_to_ktime(max_t(u64, p->period_ns, STP_TIMER_MIN_NS));
	stp_hrtimer_setup(&t->hrtimer, stp_timer_fire, CLOCK_MONOTONIC,
			  cpu < 0 ? HRTIMER_MODE_REL : HRTIMER_MODE_REL_PINNED);
}

/* On every online cpu (IPI, irqs off): start the per-cpu timers of this cpu. */
static void stp_timers_start_here(void *unused)
{
	int cpu = smp_processor_id();
	unsigned int i;

	for (i = 0; i < stp_timer_count; i++)
		if (stp_timers[i].cpu == cpu)
			hrtimer_start(&stp_timers[i].hrtimer, stp_timers[i].period,
				      HRTIMER_MODE_REL_PINNED);
}

/* Sets up the hrtimers of the timer probes (module init): 0 or -ENOMEM. */
static int stp_timers_alloc(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < stp_probe_count; i++)
		if (stp_probes[i].kind == STP_PROBE_TIMER)
			n += stp_probes[i].per_cpu ? num_possible_cpus() : 1;
	if (!n)
		return 0;
	stp_timers = kcalloc(n, sizeof(*stp_timers), GFP_KERNEL);
	if (!stp_timers)
		return -ENOMEM;
	for (i = 0; i < stp_probe_count; i++) {
		const struct stp_probe *p = &stp_probes[i];
		unsigned int cpu;

		if (p->kind != STP_PROBE_TIMER)
			continue;
		if (!p->per_cpu) {
			stp_timer_setup(&stp_timers[stp_timer_count++], p, -1);
			continue;
		}
		for_each_possible_cpu(cpu)
			if (stp_timer_count < n)
				stp_timer_setup(&stp_timers[stp_timer_count++], p, cpu);
	}
	return 0;
}

/* Starts every timer probe. */
static int stp_timers_arm(void)
{
	bool any_per_cpu = false;
	unsigned int i;

	WRITE_ONCE(stp_timers_armed, true);
	for (i = 0; i < stp_timer_count; i++) {
		if (stp_timers[i].cpu >= 0)
			any_per_cpu = true;
		else
			hrtimer_start(&stp_timers[i].hrtimer, stp_timers[i].period,
				      HRTIMER_MODE_REL);
	}
	if (any_per_cpu)
		on_each_cpu(stp_timers_start_here, NULL, 1);
	return 0;
}

/* Stops every timer probe and waits for running callbacks. */
static void stp_timers_disarm(void)
{
	unsigned int i;

	WRITE_ONCE(stp_timers_armed, false);
	for (i = 0; i < stp_timer_count; i++)
		hrtimer_cancel(&stp_timers[i].hrtimer);
}

/* Frees the timers; they are disarmed already. */
static void stp_timers_free(void)
{
	kfree(stp_timers);
	stp_timers = NULL;
	stp_timer_count = 0;
}

const struct stp_probe_family stp_timer_family = {
	.name = "timer",
	.alloc = stp_timers_alloc,
	.arm = stp_timers_arm,
	.disarm = stp_timers_disarm,
	.free = stp_timers_free,
};
