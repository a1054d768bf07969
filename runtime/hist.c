// SPDX-License-Identifier: GPL-2.0
/*
 * hist.c - printing @hist_linear and @hist_log as ASCII bar charts.
 *
 * The layout is SystemTap's, so existing tools and eyes read it:
 *
 *	value |-------------------------------------------------- count
 *	    0 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@       177
 *	   50 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@         170
 *	<blank line>
 *
 * The value column is as wide as the widest label printed (at least
 * "value"), the count column as wide as the largest count.  Bars are one '@'
 * per unit while the largest count fits in 50 columns, else counts are
 * divided by ceil(largest / 50).  Empty buckets are elided: at most
 * HIST_ELISION (default 2) before the first and after the last non-empty
 * bucket, and a longer run of empty buckets between two non-empty ones keeps
 * HIST_ELISION at each end with a "~" line (right-aligned in the value
 * column) for the cut; a negative HIST_ELISION prints every bucket.  A
 * linear histogram's "<lo" and ">hi" buckets are shown only when non-empty.
 * Log buckets are labelled 0, 1, 2, 4, ... and -1, -2, -4, ... .
 *
 * Bounded work: a few linear passes over at most
 * STP_HIST_MAX_BUCKETS + 2 buckets.
 */
#include <linux/kernel.h>

#include "stp_internal.h"

#ifndef HIST_ELISION
#define HIST_ELISION 2
#endif

#define STP_HIST_WIDTH 50

static const char stp_hist_dashes[] = "--------------------------------------------------";
static const char stp_hist_bar[] = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";
static const char stp_hist_blank[] = "                                                  ";

/* Whether bucket @i is a row candidate (linear out-of-range rows only when used). */
static notrace bool stp_hist_shown(const s64 *b, const struct stp_hist_desc *desc,
				   unsigned int nbuckets, unsigned int i)
{
	if (desc->kind == STP_HIST_LINEAR && (i == 0 || i == nbuckets - 1))
		return b[i] != 0;
	return true;
}
STP_NOKPROBE(stp_hist_shown);

/* The label of bucket @i into buf[24]; returns its length. */
static notrace int stp_hist_label(char *buf, const struct stp_hist_desc *desc,
				  unsigned int nbuckets, unsigned int i)
{
	s64 v;

	if (desc->kind == STP_HIST_LINEAR) {
		if (i == 0)
			return snprintf(buf, 24, "<%lld", desc->lo);
		if (i == nbuckets - 1)
			return snprintf(buf, 24, ">%lld", desc->hi);
		v = desc->lo + (s64)(i - 1) * desc->step;
	} else {
		int k = (int)i - STP_HIST_LOG_BUCKETS / 2;

		if (k == 0)
			v = 0;
		else if (k > 0)
			v = (s64)(1ULL << (k - 1));
		else if (k == -STP_HIST_LOG_BUCKETS / 2)
			v = S64_MIN;
		else
			v = -(s64)(1ULL << (-k - 1));
	}
	return snprintf(buf, 24, "%lld", v);
}
STP_NOKPROBE(stp_hist_label);

static notrace void stp_hist_pad(struct stp_out *o, const char *src, int n)
{
	if (n > 0)
		stp_out_write(o, src, min(n, STP_HIST_WIDTH));
}
STP_NOKPROBE(stp_hist_pad);

static notrace void stp_hist_right(struct stp_out *o, const char *s, int len, int width)
{
	while (width - len > STP_HIST_WIDTH) {
		stp_hist_pad(o, stp_hist_blank, STP_HIST_WIDTH);
		width -= STP_HIST_WIDTH;
	}
	stp_hist_pad(o, stp_hist_blank, width - len);
	stp_out_write(o, s, len);
}
STP_NOKPROBE(stp_hist_right);

/* A walk over the rows printed, in order, in O(nbuckets). */
struct stp_hist_walk {
	int i, lo, hi;
	int prev_nz, next_nz;          /* nearest non-empty buckets, -1: none */
	bool cut;                      /* rows were elided before the current one */
};

static notrace void stp_hist_walk_init(struct stp_hist_walk *w, int lo, int hi)
{
	w->i = lo - 1;
	w->lo = lo;
	w->hi = hi;
	w->prev_nz = -1;
	w->next_nz = -2;               /* not searched yet */
	w->cut = false;
}
STP_NOKPROBE(stp_hist_walk_init);

/*
 * The next row to print, or -1.  An empty row is printed when it lies
 * within HIST_ELISION rows of a non-empty one (the out-of-range rows of a
 * linear histogram are never between two others, so distances in buckets
 * are distances in rows).
 */
static notrace int stp_hist_walk_next(struct stp_hist_walk *w, const s64 *b,
				      const struct stp_hist_desc *desc, unsigned int nbuckets)
{
	w->cut = false;
	while (++w->i <= w->hi) {
		int i = w->i;

		if (!stp_hist_shown(b, desc, nbuckets, i))
			continue;
		if (w->next_nz == -2 || (w->next_nz >= 0 && w->next_nz < i)) {
			int j = i;

			while (j <= w->hi && !b[j])
				j++;
			w->next_nz = j <= w->hi ? j : -1;
		}
		if (b[i]) {
			w->prev_nz = i;
			return i;
		}
		if (HIST_ELISION < 0 ||
		    (w->prev_nz >= 0 && i - w->prev_nz <= HIST_ELISION) ||
		    (w->next_nz >= 0 && w->next_nz - i <= HIST_ELISION))
			return i;
		w->cut = true;
	}
	return -1;
}
STP_NOKPROBE(stp_hist_walk_next);

/* Print one histogram: buckets @b (NULL: none), @nbuckets of them. */
static notrace void stp_hist_print_one(struct stp_out *o, const s64 *b,
				       const struct stp_hist_desc *desc, unsigned int nbuckets)
{
	int first = -1, last = -1, lo, hi, i;
	struct stp_hist_walk w;
	int vwidth = 5, cwidth = 1, len;
	s64 maxcount = 0, scale = 1;
	char buf[24];

	if (b && nbuckets && desc->kind != STP_HIST_NONE) {
		for (i = 0; i < (int)nbuckets; i++) {
			if (!stp_hist_shown(b, desc, nbuckets, i))
				continue;
			if (b[i]) {
				if (first < 0)
					first = i;
				last = i;
				maxcount = max(maxcount, b[i]);
			}
		}
	}
	if (first < 0) {
		lo = 0;
		hi = -1;
	} else if (HIST_ELISION < 0) {
		lo = 0;
		hi = nbuckets - 1;
	} else {
		lo = first;
		hi = last;
		for (i = first - 1, len = 0; i >= 0 && len < HIST_ELISION; i--)
			if (stp_hist_shown(b, desc, nbuckets, i)) {
				lo = i;
				len++;
			}
		for (i = last + 1, len = 0; i < (int)nbuckets && len < HIST_ELISION; i++)
			if (stp_hist_shown(b, desc, nbuckets, i)) {
				hi = i;
				len++;
			}
	}
	stp_hist_walk_init(&w, lo, hi);
	while ((i = stp_hist_walk_next(&w, b, desc, nbuckets)) >= 0)
		vwidth = max(vwidth, stp_hist_label(buf, desc, nbuckets, i));
	len = snprintf(buf, sizeof(buf), "%lld", maxcount);
	cwidth = max(cwidth, len);
	if (maxcount > STP_HIST_WIDTH)
		scale = div64_s64(maxcount + STP_HIST_WIDTH - 1, STP_HIST_WIDTH);

	stp_hist_right(o, "value", 5, vwidth);
	stp_out_cstr(o, " |");
	stp_out_write(o, stp_hist_dashes, STP_HIST_WIDTH);
	stp_out_cstr(o, " count\n");
	stp_hist_walk_init(&w, lo, hi);
	while ((i = stp_hist_walk_next(&w, b, desc, nbuckets)) >= 0) {
		int bar;

		if (w.cut) {
			stp_hist_right(o, "~", 1, vwidth);
			stp_out_cstr(o, "\n");
		}
		len = stp_hist_label(buf, desc, nbuckets, i);
		stp_hist_right(o, buf, len, vwidth);
		stp_out_cstr(o, " |");
		bar = div64_s64(b[i], scale);
		stp_hist_pad(o, stp_hist_bar, bar);
		stp_hist_pad(o, stp_hist_blank, STP_HIST_WIDTH - bar);
		stp_out_cstr(o, " ");
		len = snprintf(buf, sizeof(buf), "%lld", b[i]);
		stp_hist_right(o, buf, len, cwidth);
		stp_out_cstr(o, "\n");
	}
	stp_out_cstr(o, "\n");
}
STP_NOKPROBE(stp_hist_print_one);

/**
 * stp_hist_print() - print one histogram of a statistic.
 * @o: the sink.
 * @d: merged data (NULL or empty: header and blank line only).
 * @sh: the statistic's shape.
 * @h: which of its histograms.
 */
notrace void stp_hist_print(struct stp_out *o, const struct stp_stat_data *d,
			    const struct stp_stat_shape *sh, unsigned int h)
{
	static const struct stp_hist_desc none = { .kind = STP_HIST_NONE };

	if (h >= sh->desc->nhist) {
		stp_hist_print_one(o, NULL, &none, 0);
		return;
	}
	stp_hist_print_one(o, d ? d->buckets + sh->off[h] : NULL, &sh->desc->hist[h], sh->n[h]);
}
STP_NOKPROBE(stp_hist_print);

/**
 * stp_hist_bucket() - @hist_*(s)[i]: the count of one bucket.
 * @c: the probe context, for the errors.
 * @d: merged data, or NULL for an element that does not exist.
 * @sh: the statistic's shape.
 * @h: which of its histograms.
 * @i: the bucket, storage order (see stap_stat.h).
 * @near: where, for the errors.
 *
 * Return: the count, 0 after a soft error.
 */
notrace s64 stp_hist_bucket(struct stp_context *c, const struct stp_stat_data *d,
			    const struct stp_stat_shape *sh, unsigned int h, s64 i,
			    const char *near)
{
	if (!d) {
		stp_error(c, "aggregate element not found", near);
		return 0;
	}
	if (h >= sh->desc->nhist || i < 0 || i >= sh->n[h]) {
		stp_error(c, "histogram index out of range", near);
		return 0;
	}
	return d->buckets[sh->off[h] + i];
}
STP_NOKPROBE(stp_hist_bucket);
