/*
 * timing.c - stap -t: per-probe hit counts and handler cycles, reported when
 * the session ends, as upstream's "probe hit report".  Compiled in only with
 * -DSTP_TIMING (what -t adds); each cpu counts into its own slot, so the
 * probe path takes no lock, and the report merges the cpus.
 */
#include "stp_internal.h"

struct stp_probe_timing {
	u64 hits;
	u64 sum;
	u64 min;
	u64 max;
};

static struct stp_probe_timing __percpu *stp_timings;

/**
 * stp_timing_alloc() - the per-cpu counters, one per probe (with STP_TIMING).
 *
 * Return: 0 or -ENOMEM.
 */
int stp_timing_alloc(void)
{
	if (!IS_ENABLED(STP_TIMING) || !stp_probe_count)
		return 0;
	stp_timings = __alloc_percpu(sizeof(*stp_timings) * stp_probe_count,
				     __alignof__(struct stp_probe_timing));
	return stp_timings ? 0 : -ENOMEM;
}

/**
 * stp_timing_free() - free what stp_timing_alloc() allocated.
 */
void stp_timing_free(void)
{
	free_percpu(stp_timings);
	stp_timings = NULL;
}

/**
 * stp_timing_account() - count one run of @p's handler that took @cycles.
 * @p: the probe, an element of stp_probes[].
 * @cycles: get_cycles() after minus before.
 *
 * Probe context, irqs off (the caller's).
 */
notrace void stp_timing_account(const struct stp_probe *p, u64 cycles)
{
	struct stp_probe_timing *t;

	if (!stp_timings)
		return;
	t = this_cpu_ptr(stp_timings) + (p - stp_probes);
	if (!t->hits || cycles < t->min)
		t->min = cycles;
	if (cycles > t->max)
		t->max = cycles;
	t->sum += cycles;
	t->hits++;
}
STP_NOKPROBE(stp_timing_account);

/**
 * stp_timing_report() - send the probe hit report, one line per probe hit.
 *
 * Process context, after every handler has finished.
 */
void stp_timing_report(void)
{
	unsigned int i, cpu;

	if (!stp_timings)
		return;
	stp_ctl_send_text("----- probe hit report: \n");
	for (i = 0; i < stp_probe_count; i++) {
		struct stp_probe_timing all = { 0 };

		for_each_possible_cpu(cpu) {
			const struct stp_probe_timing *t = per_cpu_ptr(stp_timings, cpu) + i;

			if (!t->hits)
				continue;
			if (!all.hits || t->min < all.min)
				all.min = t->min;
			if (t->max > all.max)
				all.max = t->max;
			all.sum += t->sum;
			all.hits += t->hits;
		}
		if (!all.hits)
			continue;
		stp_ctl_send_text("%s, (%s), hits: %llu, cycles: %llumin/%lluavg/%llumax, "
				  "from: %s, index: %u\n", stp_probes[i].pp,
				  stp_probes[i].loc ? stp_probes[i].loc : "?",
				  (unsigned long long)all.hits, (unsigned long long)all.min,
				  (unsigned long long)div64_u64(all.sum, all.hits),
				  (unsigned long long)all.max, stp_probes[i].pn, i);
	}
}
