// SPDX-License-Identifier: GPL-2.0
/*
 * stat.c - statistics: `<<<`, their histogram buckets, and the extractors.
 *
 * A scalar statistic keeps one struct stp_stat_data per cpu (count, sum,
 * min, max, a 128-bit sum of squares, histogram buckets), allocated at
 * module init; `<<<` touches only the running cpu's block and takes no
 * lock at all (the most common use of a statistic is the cheapest): the
 * block's sequence count is odd while it changes, and a reader (which holds
 * the statistic's write lock, so readers do not race each other) copies a
 * block until it sees the same even count before and after.  `delete`
 * cannot clear another cpu's block under its writer, so it bumps the
 * statistic's generation instead: a block of an older generation counts as
 * empty and its cpu resets it at its next `<<<`.  Reading merges every cpu
 * into one preallocated block.  Map elements of statistic type use the same
 * block layout, in each cpu's own copy of the array (map.c).  A statistic
 * read as several histograms keeps each one's buckets one after another in
 * the block (struct stp_stat_shape).
 *
 * @variance is upstream's integer estimate, so scripts print the same
 * numbers: each cpu keeps a running mean and M2 (Welford's method), both
 * scaled by 2^shift, with upstream's truncations (the step is cut to 32
 * bits, divisions truncate toward 0); reading pools the cpus with the
 * total-variance formula and scales the result back down.  The running
 * state is kept only for statistics some @variance reads.
 *
 * A histogram with bad parameters (interval 0, or a bucket count outside
 * 3..128) does not fail module init, where the warning could reach nobody:
 * the warning is kept and START is refused with it (stp_stats_start_check),
 * as upstream warns and fails to start.
 */
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "stp_internal.h"

static struct stp_stat *stp_stats;   /* every statistic set up, for freeing */
static const char *stp_stat_bad_hist; /* the warning START is refused with */

/**
 * stp_hist_nbuckets() - buckets one histogram needs.
 * @h: the histogram.
 *
 * Linear: one per step from lo to hi inclusive, plus "<lo" and ">hi"
 * ((hi - lo) / step + 3, as upstream).
 *
 * Return: the count, or -EINVAL (and the warning is kept for START).
 */
int stp_hist_nbuckets(const struct stp_hist_desc *h)
{
	s64 n;

	switch (h->kind) {
	case STP_HIST_NONE:
		return 0;
	case STP_HIST_LOG:
		return STP_HIST_LOG_BUCKETS;
	case STP_HIST_LINEAR:
		if (h->step == 0) {
			stp_stat_bad_hist = "histogram: interval cannot be zero.\n";
			return -EINVAL;
		}
		n = div64_s64(h->hi - h->lo, h->step) + 3;
		if (n > STP_HIST_MAX_BUCKETS || n < 3) {
			stp_stat_bad_hist =
				"histogram: Number of buckets must be between 1 and 126\n"
				"Number_of_buckets = (stop - start) / interval.\n"
				"Please adjust your start, stop, and interval values.\n";
			return -EINVAL;
		}
		return n;
	}
	return -EINVAL;
}

/**
 * stp_stats_start_check() - refuse START after a bad histogram.
 *
 * Return: 0, or -EINVAL after sending the kept warning.
 */
int stp_stats_start_check(void)
{
	if (!stp_stat_bad_hist)
		return 0;
	stp_ctl_send_text("WARNING: %s", stp_stat_bad_hist);
	return -EINVAL;
}

/**
 * stp_stat_shape_init() - place every histogram of a statistic.
 * @sh: the shape to fill.
 * @d: the statistic's description.
 *
 * Return: 0, or -EINVAL for a bad description.
 */
int stp_stat_shape_init(struct stp_stat_shape *sh, const struct stp_stat_desc *d)
{
	unsigned int i;

	memset(sh, 0, sizeof(*sh));
	sh->desc = d;
	if (d->nhist > STP_STAT_MAX_HISTS)
		return -EINVAL;
	for (i = 0; i < d->nhist; i++) {
		int n = stp_hist_nbuckets(&d->hist[i]);

		if (n < 0)
			n = 3;     /* never filled: START is refused */
		sh->off[i] = sh->nbuckets;
		sh->n[i] = n;
		sh->nbuckets += n;
	}
	return 0;
}

/* The bucket (within its histogram) of value @v. */
static notrace unsigned int stp_hist_index(const struct stp_hist_desc *h, unsigned int nbuckets,
					   s64 v)
{
	u64 b;

	if (h->kind == STP_HIST_LOG) {
		if (v == 0)
			return STP_HIST_LOG_BUCKETS / 2;
		if (v > 0)
			return STP_HIST_LOG_BUCKETS / 2 + fls64(v);
		return STP_HIST_LOG_BUCKETS / 2 - min(fls64(0 - (u64)v), 64);
	}
	if (v < h->lo || h->step <= 0)
		return 0;
	b = div64_u64((u64)v - (u64)h->lo, h->step);
	return b >= nbuckets - 2 ? nbuckets - 1 : b + 1;
}
STP_NOKPROBE(stp_hist_index);

/**
 * stp_stat_data_reset() - empty a data block.
 * @d: the block.
 * @nbuckets: its histogram buckets.
 */
notrace void stp_stat_data_reset(struct stp_stat_data *d, unsigned int nbuckets)
{
	memset(d, 0, stp_stat_data_size(nbuckets));
}
STP_NOKPROBE(stp_stat_data_reset);

/*
 * One more value @v into this cpu's running mean and M2 (d->count already
 * counts it).  The step is truncated to 32 bits and the divisions toward 0,
 * as upstream computes it; products wrap at 64 bits.
 */
static notrace void stp_stat_welford(struct stp_stat_data *d, unsigned int shift, s64 v)
{
	s64 vs = (s64)((u64)v << shift);
	s32 delta;

	if (d->count == 1) {
		d->avg_s = vs;
		d->m2 = 0;
		return;
	}
	delta = (s32)(u32)((u64)vs - (u64)d->avg_s);
	d->avg_s += div64_s64(delta, d->count);
	d->m2 = (s64)((u64)d->m2 + (u64)((s64)delta * (s64)((u64)vs - (u64)d->avg_s)));
	d->var_s = div64_s64(d->m2, d->count - 1);
}
STP_NOKPROBE(stp_stat_welford);

/**
 * stp_stat_data_add() - add one value to a data block.
 * @d: the block.
 * @sh: the statistic's shape (its histograms).
 * @v: the value.
 */
notrace void stp_stat_data_add(struct stp_stat_data *d, const struct stp_stat_shape *sh, s64 v)
{
	unsigned int h;

	if (!d->count || v < d->min)
		d->min = v;
	if (!d->count || v > d->max)
		d->max = v;
	d->count++;
	d->sum = (s64)((u64)d->sum + (u64)v);
	if (sh->desc->variance)
		stp_stat_welford(d, sh->desc->var_shift, v);
	for (h = 0; h < sh->desc->nhist; h++)
		d->buckets[sh->off[h] + stp_hist_index(&sh->desc->hist[h], sh->n[h], v)]++;
}
STP_NOKPROBE(stp_stat_data_add);

/**
 * stp_stat_data_merge() - add one cpu's block into a merged one.
 * @dst: the sum so far.
 * @src: one more cpu's share (never a merged block: its running mean is
 *       pooled).
 * @nbuckets: buckets of both.
 */
notrace void stp_stat_data_merge(struct stp_stat_data *dst, const struct stp_stat_data *src,
				 unsigned int nbuckets)
{
	unsigned int i;

	if (!src->count)
		return;
	if (!dst->count || src->min < dst->min)
		dst->min = src->min;
	if (!dst->count || src->max > dst->max)
		dst->max = src->max;
	dst->count += src->count;
	dst->sum = (s64)((u64)dst->sum + (u64)src->sum);
	dst->pool_na += (u64)src->count * (u64)src->avg_s;
	dst->pool_naa += (u64)src->count * (u64)src->avg_s * (u64)src->avg_s;
	dst->pool_nv += (u64)(src->count - 1) * (u64)src->var_s;
	for (i = 0; i < nbuckets; i++)
		dst->buckets[i] += src->buckets[i];
}
STP_NOKPROBE(stp_stat_data_merge);

/**
 * stp_stat_init() - set up a scalar statistic (module init).
 * @s: the statistic.
 * @d: its description, which must outlive the module's use of @s.
 *
 * Return: 0, -EINVAL for a bad histogram, or -ENOMEM.
 */
int stp_stat_init(struct stp_stat *s, const struct stp_stat_desc *d)
{
	int rc;

	memset(s, 0, sizeof(*s));
	rc = stp_stat_shape_init(&s->shape, d);
	if (rc)
		return rc;
	s->data_size = stp_stat_data_size(s->shape.nbuckets);
	s->pcpu = __alloc_percpu(s->data_size, __alignof__(struct stp_stat_data));
	s->seq = alloc_percpu(struct stp_stat_seq);
	s->agg = kzalloc(s->data_size, GFP_KERNEL);
	s->snap = kzalloc(s->data_size, GFP_KERNEL);
	s->next_alloc = stp_stats;
	stp_stats = s;
	if (!s->pcpu || !s->seq || !s->agg || !s->snap)
		return -ENOMEM;     /* freed by stp_stats_free() */
	return 0;
}

/**
 * stp_stats_free() - free every statistic stp_stat_init() set up (module exit).
 */
void stp_stats_free(void)
{
	while (stp_stats) {
		struct stp_stat *s = stp_stats;

		stp_stats = s->next_alloc;
		free_percpu(s->pcpu);
		free_percpu(s->seq);
		kfree(s->agg);
		kfree(s->snap);
		s->pcpu = NULL;
		s->seq = NULL;
		s->agg = NULL;
		s->snap = NULL;
		s->next_alloc = NULL;
	}
}

/**
 * stp_stat_add() - `s <<< v` on this cpu.
 * @s: the statistic.
 * @v: the value.
 *
 * Probe context (no other handler runs on this cpu meanwhile); no lock.
 */
notrace void stp_stat_add(struct stp_stat *s, s64 v)
{
	struct stp_stat_data *d;
	struct stp_stat_seq *q;
	u32 gen;

	if (unlikely(!s->pcpu))
		return;
	d = this_cpu_ptr(s->pcpu);
	q = this_cpu_ptr(s->seq);
	gen = READ_ONCE(s->gen);
	WRITE_ONCE(q->seq, q->seq + 1);
	smp_wmb();	/* odd before the block changes */
	if (unlikely(q->gen != gen)) {
		stp_stat_data_reset(d, s->shape.nbuckets);
		q->gen = gen;
	}
	stp_stat_data_add(d, &s->shape, v);
	smp_wmb();	/* the block before even */
	WRITE_ONCE(q->seq, q->seq + 1);
}
STP_NOKPROBE(stp_stat_add);

/* How often a reader retries a cpu's block that keeps changing under it
 * before it takes the copy it has (each try waits out one `<<<`). */
#define STP_STAT_READ_TRIES 1000

/* Copies @cpu's block of @s into s->snap; false when it is of an older
 * generation (empty). */
static notrace bool stp_stat_snapshot(struct stp_stat *s, unsigned int cpu, u32 gen)
{
	const struct stp_stat_seq *q = per_cpu_ptr(s->seq, cpu);
	unsigned int tries;
	u32 seq, qgen;

	for (tries = 0;; tries++) {
		seq = READ_ONCE(q->seq);
		if ((seq & 1) && tries < STP_STAT_READ_TRIES) {
			cpu_relax();
			continue;
		}
		smp_rmb();	/* the count before the block */
		qgen = READ_ONCE(q->gen);
		memcpy(s->snap, per_cpu_ptr(s->pcpu, cpu), s->data_size);
		smp_rmb();	/* the block before the count again */
		if (READ_ONCE(q->seq) == seq || tries >= STP_STAT_READ_TRIES)
			return qgen == gen;
	}
}
STP_NOKPROBE(stp_stat_snapshot);

/**
 * stp_stat_get() - merge every cpu's share.
 * @s: the statistic; the caller holds its write lock (no other reader).
 *
 * Return: the merged block (s->agg), valid until the next call.
 */
notrace const struct stp_stat_data *stp_stat_get(struct stp_stat *s)
{
	struct stp_stat_data *a = s->agg;
	u32 gen = READ_ONCE(s->gen);
	unsigned int cpu;

	if (!a || !s->pcpu)
		return NULL;
	stp_stat_data_reset(a, s->shape.nbuckets);
	for_each_possible_cpu(cpu)
		if (stp_stat_snapshot(s, cpu, gen))
			stp_stat_data_merge(a, s->snap, s->shape.nbuckets);
	return a;
}
STP_NOKPROBE(stp_stat_get);

/**
 * stp_stat_clear() - `delete s`.
 * @s: the statistic; the caller holds its write lock.
 *
 * Every cpu's share becomes empty at once: its generation is now old.
 */
notrace void stp_stat_clear(struct stp_stat *s)
{
	WRITE_ONCE(s->gen, s->gen + 1);
}
STP_NOKPROBE(stp_stat_clear);

/**
 * stp_stat_count() - @count.
 * @d: merged data or NULL.
 */
notrace s64 stp_stat_count(const struct stp_stat_data *d)
{
	return d ? d->count : 0;
}
STP_NOKPROBE(stp_stat_count);

/**
 * stp_stat_sum() - @sum.
 * @d: merged data or NULL.
 */
notrace s64 stp_stat_sum(const struct stp_stat_data *d)
{
	return d ? d->sum : 0;
}
STP_NOKPROBE(stp_stat_sum);

static notrace bool stp_stat_empty(struct stp_context *c, const struct stp_stat_data *d,
				   const char *near)
{
	if (d && d->count)
		return false;
	stp_error(c, "empty aggregate", near);
	return true;
}
STP_NOKPROBE(stp_stat_empty);

/**
 * stp_stat_min() - @min.
 * @c: the probe context.
 * @d: merged data or NULL.
 * @near: where, for "empty aggregate".
 */
notrace s64 stp_stat_min(struct stp_context *c, const struct stp_stat_data *d, const char *near)
{
	return stp_stat_empty(c, d, near) ? 0 : d->min;
}
STP_NOKPROBE(stp_stat_min);

/**
 * stp_stat_max() - @max.
 * @c: the probe context.
 * @d: merged data or NULL.
 * @near: where.
 */
notrace s64 stp_stat_max(struct stp_context *c, const struct stp_stat_data *d, const char *near)
{
	return stp_stat_empty(c, d, near) ? 0 : d->max;
}
STP_NOKPROBE(stp_stat_max);

/**
 * stp_stat_avg() - @avg: sum / count, truncated toward 0.
 * @c: the probe context.
 * @d: merged data or NULL.
 * @near: where.
 */
notrace s64 stp_stat_avg(struct stp_context *c, const struct stp_stat_data *d, const char *near)
{
	return stp_stat_empty(c, d, near) ? 0 : div64_s64(d->sum, d->count);
}
STP_NOKPROBE(stp_stat_avg);

/**
 * stp_stat_variance() - @variance(x[, shift]).
 * @c: the probe context.
 * @d: merged data or NULL.
 * @sh: the statistic's shape (its shift).
 * @near: where.
 *
 * The total variance of the cpus' shares: with A = (sum << shift) / n,
 * S1 = sum of n_i (avg_i - A)^2 (expanded over the pooled sums, which is
 * the same value modulo 2^64) and S2 = sum of (n_i - 1) var_i, the result
 * is ((S1 + S2) / (n - 1)) >> 2 * shift.
 *
 * Return: the estimate; 0 for a single value.
 */
notrace s64 stp_stat_variance(struct stp_context *c, const struct stp_stat_data *d,
			      const struct stp_stat_shape *sh, const char *near)
{
	unsigned int shift = sh->desc->var_shift;
	u64 a, s1;
	s64 v;

	if (stp_stat_empty(c, d, near))
		return 0;
	if (d->count < 2)
		return 0;
	a = (u64)div64_s64((s64)((u64)d->sum << shift), d->count);
	s1 = d->pool_naa - 2 * a * d->pool_na + a * a * (u64)d->count;
	v = div64_s64((s64)(s1 + d->pool_nv), d->count - 1);
	if (2 * shift >= 64)
		return v < 0 ? -1 : 0;
	return v >> (2 * shift);
}
STP_NOKPROBE(stp_stat_variance);
