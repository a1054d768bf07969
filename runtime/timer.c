// SPDX-License-Identifier: GPL-2.0
/*
 * timer.c - timer.ns/us/ms/s/hz probes: one hrtimer per probe.
 *
 * Each STP_PROBE_TIMER entry of stp_probes[] gets an hrtimer, set up at
 * module init, started (relative, period_ns) once the begin probes have run,
 * and cancelled when the session stops; hrtimer_cancel() waits for a running
 * callback, so no handler of a timer probe runs after stp_timers_disarm().
 * The callback runs in hardirq context on the cpu the timer fires on.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "stp_internal.h"

/* Shortest period allowed, so a tiny interval cannot starve the machine. */
#define STP_TIMER_MIN_NS 100000ULL

struct stp_timer {
	struct hrtimer hrtimer;
	const struct stp_probe *probe;
	ktime_t period;
};

static struct stp_timer *stp_timers;
static unsigned int stp_timer_count;
static bool stp_timers_armed;

static notrace enum hrtimer_restart stp_timer_fire(struct hrtimer *hrtimer)
{
	struct stp_timer *t = container_of(hrtimer, struct stp_timer, hrtimer);

	stp_run_probe(t->probe);
	if (!READ_ONCE(stp_timers_armed) || atomic_read(&stp_exit_requested) ||
	    atomic_read(&stp_error_state))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(hrtimer, t->period);
	return HRTIMER_RESTART;
}
STP_NOKPROBE(stp_timer_fire);

/**
 * stp_timers_alloc() - set up one hrtimer per timer probe (module init).
 *
 * Return: 0 or -ENOMEM.
 */
int stp_timers_alloc(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < stp_probe_count; i++)
		if (stp_probes[i].kind == STP_PROBE_TIMER)
			n++;
	if (!n)
		return 0;
	stp_timers = kcalloc(n, sizeof(*stp_timers), GFP_KERNEL);
	if (!stp_timers)
		return -ENOMEM;
	for (i = 0; i < stp_probe_count; i++) {
		const struct stp_probe *p = &stp_probes[i];
		struct stp_timer *t;

		if (p->kind != STP_PROBE_TIMER)
			continue;
		t = &stp_timers[stp_timer_count++];
		t->probe = p;
		t->period = ns_to_ktime(max_t(u64, p->period_ns, STP_TIMER_MIN_NS));
		stp_hrtimer_setup(&t->hrtimer, stp_timer_fire, CLOCK_MONOTONIC,
				  HRTIMER_MODE_REL);
	}
	return 0;
}

/**
 * stp_timers_arm() - start every timer probe.
 */
void stp_timers_arm(void)
{
	unsigned int i;

	WRITE_ONCE(stp_timers_armed, true);
	for (i = 0; i < stp_timer_count; i++)
		hrtimer_start(&stp_timers[i].hrtimer, stp_timers[i].period, HRTIMER_MODE_REL);
}

/**
 * stp_timers_disarm() - stop every timer probe and wait for running callbacks.
 *
 * Process context; may be called more than once.
 */
void stp_timers_disarm(void)
{
	unsigned int i;

	WRITE_ONCE(stp_timers_armed, false);
	for (i = 0; i < stp_timer_count; i++)
		hrtimer_cancel(&stp_timers[i].hrtimer);
}

/**
 * stp_timers_free() - free the timers; they are disarmed already.
 */
void stp_timers_free(void)
{
	kfree(stp_timers);
	stp_timers = NULL;
	stp_timer_count = 0;
}
