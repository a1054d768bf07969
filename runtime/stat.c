// SPDX-License-Identifier: GPL-2.0
/*
 * stat.c - statistics: `<<<`, their histogram buckets, and the extractors.
 *
 * A scalar statistic keeps one struct stp_stat_data per cpu (count, sum,
 * min, max, a 128-bit sum of squares, histogram buckets), allocated at
 * module init; `<<<` touches only the running cpu's block, so it needs no
 * lock beyond the irqs-off of every handler.  Reading merges every cpu into
 * one preallocated block.  Map elements of statistic type use the same
 * block layout, in each cpu's own copy of the array (map.c).  A statistic
 * read as several histograms keeps each one's buckets one after another in
 * the block (struct stp_stat_shape).
 *
 * @variance is the sample variance, computed exactly from the sums:
 * M2 = sumsq - sum^2 / n, variance = M2 / (n - 1), truncated, with the
 * fractional part of sum^2 / n accounted for so the result is the floor of
 * the exact value.
 */
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "stp_internal.h"

static struct stp_stat *stp_stats;   /* every statistic set up, for freeing */

/**
 * stp_hist_nbuckets() - buckets one histogram needs.
 * @h: the histogram.
 *
 * Linear: one per step from lo to hi inclusive, plus "<lo" and ">hi"
 * ((hi - lo) / step + 3, as upstream).
 *
 * Return: the count, or -EINVAL.
 */
int stp_hist_nbuckets(const struct stp_hist_desc *h)
{
	u64 n;

	switch (h->kind) {
	case STP_HIST_NONE:
		return 0;
	case STP_HIST_LOG:
		return STP_HIST_LOG_BUCKETS;
	case STP_HIST_LINEAR:
		if (h->step <= 0 || h->hi <= h->lo)
			return -EINVAL;
		n = div64_u64((u64)h->hi - (u64)h->lo, h->step) + 3;
		if (n > STP_HIST_MAX_BUCKETS)
			return -EINVAL;
		return n;
	}
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

		if (n <= 0)
			return -EINVAL;
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
	if (v < h->lo)
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

/**
 * stp_stat_data_add() - add one value to a data block.
 * @d: the block.
 * @sh: the statistic's shape (its histograms).
 * @v: the value.
 */
notrace void stp_stat_data_add(struct stp_stat_data *d, const struct stp_stat_shape *sh, s64 v)
{
	u64 a = v < 0 ? 0 - (u64)v : (u64)v, sq_lo, sq_hi;
	unsigned int h;

	if (!d->count || v < d->min)
		d->min = v;
	if (!d->count || v > d->max)
		d->max = v;
	d->count++;
	d->sum = (s64)((u64)d->sum + (u64)v);
	/* a * a as 128 bits from 32-bit halves */
	{
		u64 al = (u32)a, ah = a >> 32;
		u64 ll = al * al, lh = al * ah, hh = ah * ah;
		u64 mid_lo = lh << 33, mid_hi = lh >> 31;

		sq_lo = ll + mid_lo;
		sq_hi = hh + mid_hi + (sq_lo < ll);
	}
	d->sumsq_lo += sq_lo;
	d->sumsq_hi += sq_hi + (d->sumsq_lo < sq_lo);
	for (h = 0; h < sh->desc->nhist; h++)
		d->buckets[sh->off[h] + stp_hist_index(&sh->desc->hist[h], sh->n[h], v)]++;
}
STP_NOKPROBE(stp_stat_data_add);

/**
 * stp_stat_data_merge() - add one block into another (merging cpus).
 * @dst: the sum so far.
 * @src: one more share.
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
	dst->sumsq_lo += src->sumsq_lo;
	dst->sumsq_hi += src->sumsq_hi + (dst->sumsq_lo < src->sumsq_lo);
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
	s->agg = kzalloc(s->data_size, GFP_KERNEL);
	s->next_alloc = stp_stats;
	stp_stats = s;
	if (!s->pcpu || !s->agg)
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
		kfree(s->agg);
		s->pcpu = NULL;
		s->agg = NULL;
		s->next_alloc = NULL;
	}
}

/**
 * stp_stat_add() - `s <<< v` on this cpu.
 * @s: the statistic.
 * @v: the value.
 *
 * Probe context with irqs off.
 */
notrace void stp_stat_add(struct stp_stat *s, s64 v)
{
	if (s->pcpu)
		stp_stat_data_add(this_cpu_ptr(s->pcpu), &s->shape, v);
}
STP_NOKPROBE(stp_stat_add);

/**
 * stp_stat_get() - merge every cpu's share.
 * @s: the statistic; the caller has exclusive access.
 *
 * Return: the merged block (s->agg), valid until the next call.
 */
notrace const struct stp_stat_data *stp_stat_get(struct stp_stat *s)
{
	struct stp_stat_data *a = s->agg;
	unsigned int cpu;

	if (!a || !s->pcpu)
		return NULL;
	stp_stat_data_reset(a, s->shape.nbuckets);
	for_each_possible_cpu(cpu)
		stp_stat_data_merge(a, per_cpu_ptr(s->pcpu, cpu), s->shape.nbuckets);
	return a;
}
STP_NOKPROBE(stp_stat_get);

/**
 * stp_stat_clear() - `delete s`.
 * @s: the statistic; the caller has exclusive access.
 */
notrace void stp_stat_clear(struct stp_stat *s)
{
	unsigned int cpu;

	if (!s->pcpu)
		return;
	for_each_possible_cpu(cpu)
		stp_stat_data_reset(per_cpu_ptr(s->pcpu, cpu), s->shape.nbuckets);
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

/* (hi:lo) / div for a 128-bit dividend, *rem the remainder; bounded loop. */
static notrace void stp_div128(u64 hi, u64 lo, u64 div, u64 *q_hi, u64 *q_lo, u64 *rem)
{
	u64 r = 0, qh = 0, ql = 0;
	int i;

	for (i = 127; i >= 0; i--) {
		u64 bit = i >= 64 ? (hi >> (i - 64)) & 1 : (lo >> i) & 1;
		bool top = r >> 63;

		r = (r << 1) | bit;
		if (top || r >= div) {
			r -= div;
			if (i >= 64)
				qh |= 1ULL << (i - 64);
			else
				ql |= 1ULL << i;
		}
	}
	*q_hi = qh;
	*q_lo = ql;
	*rem = r;
}
STP_NOKPROBE(stp_div128);

/**
 * stp_stat_variance() - @variance(x[, shift]).
 * @c: the probe context.
 * @d: merged data or NULL.
 * @shift: upstream's precision parameter, 0..62; no effect on the result here.
 * @near: where.
 *
 * Return: the sample variance, truncated; 0 for a single value.
 */
notrace s64 stp_stat_variance(struct stp_context *c, const struct stp_stat_data *d,
			      s64 shift, const char *near)
{
	u64 a, sq_lo, sq_hi, q_hi, q_lo, r, x_hi, x_lo, v_hi, v_lo, b;

	if (shift < 0 || shift > 62) {
		stp_error(c, "invalid @variance shift", near);
		return 0;
	}
	if (stp_stat_empty(c, d, near))
		return 0;
	if (d->count < 2)
		return 0;
	a = d->sum < 0 ? 0 - (u64)d->sum : (u64)d->sum;
	{
		u64 al = (u32)a, ah = a >> 32;
		u64 ll = al * al, lh = al * ah, hh = ah * ah;

		sq_lo = ll + (lh << 33);
		sq_hi = hh + (lh >> 31) + (sq_lo < ll);
	}
	/* q = sum^2 / n, r its remainder */
	stp_div128(sq_hi, sq_lo, d->count, &q_hi, &q_lo, &r);
	/* x = sumsq - q */
	x_lo = d->sumsq_lo - q_lo;
	x_hi = d->sumsq_hi - q_hi - (d->sumsq_lo < q_lo);
	if ((s64)x_hi < 0)
		return 0;            /* only after overflowing sums */
	stp_div128(x_hi, x_lo, d->count - 1, &v_hi, &v_lo, &b);
	if (b == 0 && r > 0)
		v_lo--;              /* x - r/n is just below a multiple of n - 1 */
	if (v_hi || v_lo > S64_MAX)
		return S64_MAX;
	return v_lo;
}
STP_NOKPROBE(stp_stat_variance);
