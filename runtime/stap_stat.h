/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stap_stat.h - statistics (`<<<`, @count ... @variance, @hist_*) for
 * generated code; included by stap_runtime.h.
 *
 * A scalar statistic global is a `static struct stp_stat` in the generated
 * file, set up by stp_stat_init() from stp_globals_init() (all memory is
 * allocated there and freed by the runtime at module exit).  `<<<` adds to
 * this cpu's copy without any lock; reading merges every cpu's copy into a
 * preallocated result, so the generated code holds the global's write lock
 * (or the whole-globals lock) to read and at least the read lock to add.
 *
 * One statistic may feed several histograms (@hist_linear with different
 * parameters, @hist_log): each has its own run of buckets in the data
 * block, placed by struct stp_stat_shape.
 *
 * Extractors take a merged struct stp_stat_data (NULL means no data, as for
 * a missing map element).  @min/@max/@avg/@variance of an empty aggregate
 * are soft errors; @count/@sum give 0.
 */
#ifndef STAP_STAT_H
#define STAP_STAT_H

/* Kernel builds define it; the user-space unit-test harness does not. */
#ifndef __percpu
#define __percpu
#endif

enum stp_hist_kind {
	STP_HIST_NONE,
	STP_HIST_LINEAR,               /* @hist_linear(x, lo, hi, step) */
	STP_HIST_LOG,                  /* @hist_log(x) */
};

/* One histogram; lo/hi/step for STP_HIST_LINEAR only. */
struct stp_hist_desc {
	enum stp_hist_kind kind;
	s64 lo, hi, step;
};

/* Most histograms one statistic may feed (@hist_linear with different
 * parameters, @hist_log). */
#define STP_STAT_MAX_HISTS 8

/* How a statistic is bucketed (every histogram the script reads it as),
 * and whether @variance reads it (the running mean and M2 are kept only
 * then, scaled by 2^var_shift as upstream's @variance(x, SHIFT) asks). */
struct stp_stat_desc {
	unsigned int nhist;
	struct stp_hist_desc hist[STP_STAT_MAX_HISTS];
	bool variance;
	unsigned int var_shift;        /* 0..62 */
};

/* Most buckets a linear histogram may have ((hi - lo) / step + 3): 126
 * regular ones plus "<lo" and ">hi", upstream's limit. */
#define STP_HIST_MAX_BUCKETS 128
/* A log histogram: 64 negative buckets, 0, 63 positive ones. */
#define STP_HIST_LOG_BUCKETS 128

/* Where each histogram's buckets lie in a data block; the runtime fills
 * it from the description at module init. */
struct stp_stat_shape {
	const struct stp_stat_desc *desc;
	unsigned int nbuckets;                     /* all histograms together */
	unsigned int off[STP_STAT_MAX_HISTS];      /* first bucket of each */
	unsigned int n[STP_STAT_MAX_HISTS];        /* its bucket count */
};

/* Accumulated values: one cpu's share, or all cpus merged. */
struct stp_stat_data {
	s64 count, sum, min, max;
	/* one cpu's share: running mean and M2 (Welford), both scaled by
	 * 2^var_shift, and M2 / (count - 1) */
	s64 avg_s, m2, var_s;
	/* a merged block: sums over the shares of count * avg_s,
	 * count * avg_s^2 and (count - 1) * var_s (64-bit wrap-around) */
	u64 pool_na, pool_naa, pool_nv;
	s64 buckets[];                 /* shape.nbuckets entries */
};

/* A scalar statistic global.  Fields are the runtime's. */
/* A cpu's share of a scalar statistic is being written while seq is odd;
 * it counts only when gen is the statistic's (stat.c). */
struct stp_stat_seq {
	u32 seq;
	u32 gen;
};

struct stp_stat {
	struct stp_stat_shape shape;
	size_t data_size;
	struct stp_stat_data __percpu *pcpu;
	struct stp_stat_seq __percpu *seq;
	u32 gen;                       /* bumped by delete */
	struct stp_stat_data *agg;     /* merge result of stp_stat_get() */
	struct stp_stat_data *snap;    /* stp_stat_get(): one cpu's share, copied */
	struct stp_stat *next_alloc;   /* the runtime's list, freed at module exit */
};

/* Buckets of one histogram ((hi - lo) / step + 3 linear, 128 log), or -EINVAL. */
int stp_hist_nbuckets(const struct stp_hist_desc *h);
/* Fill @sh for @d: 0, or -EINVAL for a bad description. */
int stp_stat_shape_init(struct stp_stat_shape *sh, const struct stp_stat_desc *d);
/* Bytes of a struct stp_stat_data with @nbuckets buckets. */
static inline size_t stp_stat_data_size(unsigned int nbuckets)
{
	return sizeof(struct stp_stat_data) + nbuckets * sizeof(s64);
}

/* Module init (from stp_globals_init): allocate @s per cpu. 0 or -errno. */
int stp_stat_init(struct stp_stat *s, const struct stp_stat_desc *d);
/* `s <<< v` on this cpu.  Probe context: preemption off, one handler per
 * cpu at a time (an interrupt's probe skipped as re-entrant). */
void stp_stat_add(struct stp_stat *s, s64 v);
/* Merge every cpu into s->agg and return it.  Needs exclusive access. */
const struct stp_stat_data *stp_stat_get(struct stp_stat *s);
/* `delete s`: every cpu's share back to empty.  Needs exclusive access. */
void stp_stat_clear(struct stp_stat *s);

/* Add one value to one data block (every histogram of @sh). */
void stp_stat_data_add(struct stp_stat_data *d, const struct stp_stat_shape *sh, s64 v);
/* Add block @src into @dst (both @nbuckets buckets): merging cpus. */
void stp_stat_data_merge(struct stp_stat_data *dst, const struct stp_stat_data *src,
			 unsigned int nbuckets);
/* Empty a data block. */
void stp_stat_data_reset(struct stp_stat_data *d, unsigned int nbuckets);

/*
 * `s <<< v` for a statistic with no histogram and no @variance (the
 * translator knows which): stp_stat_add() inlined into the handler, with
 * only count and sum to keep, and min and max when @extrema (the script
 * may read them; else they stay 0 and nothing shows them).  Same protocol: this cpu's seq is
 * odd while the block changes, and a block of an older generation (before
 * a delete) is emptied first.
 */
#ifdef __KERNEL__
#include <linux/percpu.h>
static __always_inline void stp_stat_add_plain(struct stp_stat *s, s64 v, bool extrema)
{
	struct stp_stat_data *d;
	struct stp_stat_seq *q;
	u32 gen;

	/* s->pcpu is set: a module whose stp_stat_init() failed is not
	 * loaded, and the statistics are freed only after every probe is */
	d = this_cpu_ptr(s->pcpu);
	q = this_cpu_ptr(s->seq);
	gen = READ_ONCE(s->gen);
	/* only this cpu writes seq (as the kernel's seqcount does, a plain
	 * increment; the barriers keep the compiler from merging them) */
	q->seq++;
	smp_wmb();	/* odd before the block changes */
	if (unlikely(q->gen != gen)) {
		stp_stat_data_reset(d, 0);
		q->gen = gen;
	}
	if (extrema && (!d->count || v < d->min))
		d->min = v;
	if (extrema && (!d->count || v > d->max))
		d->max = v;
	d->count++;
	d->sum = (s64)((u64)d->sum + (u64)v);
	smp_wmb();	/* the block before even */
	q->seq++;
}
#else
#define stp_stat_add_plain(s, v, extrema) stp_stat_add(s, v)
#endif

/* @count, @sum: 0 for no data. */
s64 stp_stat_count(const struct stp_stat_data *d);
s64 stp_stat_sum(const struct stp_stat_data *d);
/* @min, @max, @avg (sum / count, truncated): soft error "empty aggregate". */
s64 stp_stat_min(struct stp_context *c, const struct stp_stat_data *d, const char *near);
s64 stp_stat_max(struct stp_context *c, const struct stp_stat_data *d, const char *near);
s64 stp_stat_avg(struct stp_context *c, const struct stp_stat_data *d, const char *near);
/* @variance(x[, shift]): upstream's integer estimate of the sample
 * variance (see stat.c); 0 for one value. */
s64 stp_stat_variance(struct stp_context *c, const struct stp_stat_data *d,
		      const struct stp_stat_shape *sh, const char *near);

/* print(@hist_linear(s, ...)) / print(@hist_log(s)): the ASCII bar chart of
 * histogram @h (an index into sh->desc->hist). */
void stp_hist_print(struct stp_out *o, const struct stp_stat_data *d,
		    const struct stp_stat_shape *sh, unsigned int h);
/* Buckets of histogram @h: the bound of `foreach (b in @hist_*(s))`. */
static inline s64 stp_hist_size(const struct stp_stat_shape *sh, unsigned int h)
{
	return h < STP_STAT_MAX_HISTS ? sh->n[h] : 0;
}
/*
 * @hist_*(s)[i]: the count of bucket @i of histogram @h.  Linear: 0 is
 * "<lo", 1..n-2 the regular buckets, n-1 ">hi".  Log: 64 is the bucket of
 * 0, 64+k holds [2^(k-1), 2^k), 64-k the negatives.  An index outside
 * 0..n-1 is the soft error "histogram index out of range"; an element
 * that does not exist (@d NULL) is "aggregate element not found".
 */
s64 stp_hist_bucket(struct stp_context *c, const struct stp_stat_data *d,
		    const struct stp_stat_shape *sh, unsigned int h, s64 i, const char *near);

/* print(@hist_*(s)) for a scalar statistic (merges the cpus first). */
static inline void stp_stat_print_hist(struct stp_out *o, struct stp_stat *s, unsigned int h)
{
	stp_hist_print(o, stp_stat_get(s), &s->shape, h);
}

#endif /* STAP_STAT_H */
