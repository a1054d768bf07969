// SPDX-License-Identifier: GPL-2.0
/*
 * probe_timing.c - stap -t: per-probe hit counts and handler cycles.
 *
 * With STP_TIMING defined (stap -t adds it), every handler run of every
 * entry of stp_probes[] is counted on its cpu with the cycles it took:
 * count, sum, sum of squares, min and max, in a per-cpu array indexed by the
 * probe's row.  Nothing is shared between cpus on the hit path, so a hit
 * costs two get_cycles() and a few adds.  When the session stops, after the
 * end probes, stp_timing_report() merges the cpus and prints upstream's
 * report into the script's output:
 *
 *   ----- probe hit report:
 *   PP, (FILE:LINE:COL), hits: N, cycles: MINmin/AVGavg/MAXmax, variance: V, from: PN, index: I
 *
 * one line per probe that ran at least once, then "----- refresh report:"
 * (upstream lists there the on-the-fly probe refreshes, which this runtime
 * does not have, so nothing follows it).  Without STP_TIMING the calls into
 * this file compile to nothing, so untimed probes pay no cost.  stap --monitor (STP_MONITOR)
 * turns the same counters on for its live status file (monitor.c), which
 * reads them with stp_timing_sum() and zeroes them with stp_timing_reset().
 */
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/timex.h>

#include "stp_internal.h"

/* One probe's handler runs on one cpu. */
struct stp_timing {
	u64 hits;
	u64 sum;                       /* cycles */
	u64 sum_squares;               /* saturates rather than wrap */
	u64 min, max;
};

static struct stp_timing __percpu *stp_timings;

/**
 * stp_timing_alloc() - allocate every cpu's counters (module init).
 *
 * Return: 0, or -ENOMEM.
 */
int stp_timing_alloc(void)
{
	if (!IS_ENABLED(STP_PROBE_COUNTERS) || !stp_probe_count)
		return 0;
	stp_timings = __alloc_percpu(sizeof(struct stp_timing) * stp_probe_count,
				     __alignof__(struct stp_timing));
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
 * stp_timing_account() - count one handler run of @p on this cpu.
 * @p: the probe, an entry of stp_probes[].
 * @cycles: what the run took.
 *
 * Probe context, preemption off, this cpu's context busy (a probe in an
 * interrupt is skipped before it gets here).
 */
notrace void stp_timing_account(const struct stp_probe *p, u64 cycles)
{
	struct stp_timing *t;
	u64 square;

	if (!IS_ENABLED(STP_PROBE_COUNTERS) || !stp_timings)
		return;
	t = this_cpu_ptr(stp_timings) + (p - stp_probes);
	if (!t->hits || cycles < t->min)
		t->min = cycles;
	if (cycles > t->max)
		t->max = cycles;
	t->hits++;
	t->sum += cycles;
	if (check_mul_overflow(cycles, cycles, &square) ||
	    check_add_overflow(t->sum_squares, square, &t->sum_squares))
		t->sum_squares = U64_MAX;
}
STP_NOKPROBE(stp_timing_account);

/* Adds cpu's counters of probe @i into @all. */
static void stp_timing_merge(struct stp_timing *all, unsigned int cpu, unsigned int i)
{
	const struct stp_timing *t = per_cpu_ptr(stp_timings, cpu) + i;

	if (!t->hits)
		return;
	if (!all->hits || t->min < all->min)
		all->min = t->min;
	if (t->max > all->max)
		all->max = t->max;
	all->hits += t->hits;
	all->sum += t->sum;
	if (check_add_overflow(all->sum_squares, t->sum_squares, &all->sum_squares))
		all->sum_squares = U64_MAX;
}

/* Population variance of the merged runs, in cycles squared. */
static u64 stp_timing_variance(const struct stp_timing *all, u64 avg)
{
	u64 mean_square;

	if (all->sum_squares == U64_MAX)
		return U64_MAX;
	mean_square = div64_u64(all->sum_squares, all->hits);
	return mean_square > avg * avg ? mean_square - avg * avg : 0;
}

/**
 * stp_timing_sum() - probe @i's counters merged over the cpus.
 * @i: the probe's row in stp_probes[].
 * @sum: filled with hits, min, avg and max cycles.
 *
 * Process context (stap --monitor's status file); a hit running meanwhile
 * on another cpu may or may not be counted.
 *
 * Return: whether the probe ran at least once.
 */
bool stp_timing_sum(unsigned int i, struct stp_timing_sum *sum)
{
	struct stp_timing all = { 0 };
	unsigned int cpu;

	memset(sum, 0, sizeof(*sum));
	if (!IS_ENABLED(STP_PROBE_COUNTERS) || !stp_timings || i >= stp_probe_count)
		return false;
	for_each_possible_cpu(cpu)
		stp_timing_merge(&all, cpu, i);
	if (!all.hits)
		return false;
	sum->hits = all.hits;
	sum->min = all.min;
	sum->max = all.max;
	sum->avg = div64_u64(all.sum, all.hits);
	return true;
}

/* Zeroes this cpu's counters (IPI, irqs off).  Under INTERRUPTIBLE it may
 * interrupt a handler of this cpu between its timing's reads and writes,
 * which then leaves that one hit's figures mixed: counts, never memory. */
static void stp_timing_reset_cpu(void *unused)
{
	memset(this_cpu_ptr(stp_timings), 0, sizeof(struct stp_timing) * stp_probe_count);
}

/**
 * stp_timing_reset() - zero every probe's counters on every cpu.
 *
 * Process context (stap --monitor's reset).
 */
void stp_timing_reset(void)
{
	if (!IS_ENABLED(STP_PROBE_COUNTERS) || !stp_timings)
		return;
	on_each_cpu(stp_timing_reset_cpu, NULL, 1);
}

/**
 * stp_timing_report() - print the probe hit report into the script's output.
 *
 * Process context, after the end probes: no handler runs any more, so this
 * cpu's print buffer is free to use.
 */
void stp_timing_report(void)
{
	struct stp_out *o;
	unsigned long flags;
	unsigned int i, cpu;
	char num[160];

	/* stap --monitor without -t: the counters feed the live display only */
	if (!IS_ENABLED(STP_TIMING) || !stp_timings)
		return;
	local_irq_save(flags);
	o = stp_print_buffer(smp_processor_id());
	stp_out_cstr(o, "----- probe hit report: \n");
	for (i = 0; i < stp_probe_count; i++) {
		const struct stp_probe *p = &stp_probes[i];
		struct stp_timing all = { 0 };
		u64 avg;

		for_each_possible_cpu(cpu)
			stp_timing_merge(&all, cpu, i);
		if (!all.hits || !p->location)
			continue;
		avg = div64_u64(all.sum, all.hits);
		stp_out_cstr(o, p->pp);
		stp_out_cstr(o, ", (");
		stp_out_cstr(o, p->location);
		snprintf(num, sizeof(num), "), hits: %llu, cycles: %llumin/%lluavg/%llumax, "
			 "variance: %llu, from: ", all.hits, all.min, avg, all.max,
			 stp_timing_variance(&all, avg));
		stp_out_cstr(o, num);
		stp_out_cstr(o, p->pn ? p->pn : p->pp);
		snprintf(num, sizeof(num), ", index: %u\n", i);
		stp_out_cstr(o, num);
	}
	stp_out_cstr(o, "----- refresh report:\n");
	stp_print_flush(o);
	local_irq_restore(flags);
}
