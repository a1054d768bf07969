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
 * The rows and widths follow upstream's rules, so the same data prints
 * the same lines: rows run from two buckets before the first non-empty one
 * to two after the last (a log histogram stops at 0 unless negative values
 * were seen; a linear one drops its "<lo"/">hi" rows when empty); a row is
 * cut when every bucket within HIST_ELISION of it is empty, and a run of
 * cut rows becomes one "~" line just right of the value column; a negative
 * HIST_ELISION cuts nothing.  The value column is as wide as upstream
 * reckons it (at least "value"), the count column as the largest count.
 * Bars are one '@' per unit while the largest count fits in 50 columns,
 * else counts are divided by ceil(largest / 50).
 *
 * Bounded work: a few passes over at most STP_HIST_MAX_BUCKETS buckets
 * (128 for a log histogram), each row looking at 2 * HIST_ELISION + 1.
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

/* Digits of @v, with its sign. */
static notrace int stp_hist_digits(s64 v)
{
	u64 a = v < 0 ? 0 - (u64)v : (u64)v;
	int n = v <= 0 ? 1 : 0;

	for (; a; a = div_u64(a, 10))
		n++;
	return n;
}
STP_NOKPROBE(stp_hist_digits);

/* The value a log bucket is labelled with: 0, 1, 2, 4 ... and -1, -2 ... */
static notrace s64 stp_hist_log_value(int i)
{
	int k = i - STP_HIST_LOG_BUCKETS / 2;

	if (k == 0)
		return 0;
	if (k > 0)
		return (s64)(1ULL << (k - 1));
	return (s64)(~0ULL << (-k - 1));
}
STP_NOKPROBE(stp_hist_log_value);

/* Bucket @i's label: *prefix ("<", ">" or "") and the value. */
static notrace s64 stp_hist_label(const struct stp_hist_desc *desc, int nbuckets, int i,
				  const char **prefix)
{
	*prefix = "";
	if (desc->kind != STP_HIST_LINEAR)
		return stp_hist_log_value(i);
	if (i == 0) {
		*prefix = "<";
		return desc->lo;
	}
	if (i == nbuckets - 1) {
		*prefix = ">";
		return desc->lo + (s64)(i - 2) * desc->step;
	}
	return desc->lo + (s64)(i - 1) * desc->step;
}
STP_NOKPROBE(stp_hist_label);

static notrace void stp_hist_pad(struct stp_out *o, const char *src, int n)
{
	while (n > 0) {
		stp_out_write(o, src, min(n, STP_HIST_WIDTH));
		n -= STP_HIST_WIDTH;
	}
}
STP_NOKPROBE(stp_hist_pad);

/* Whether row @i is cut: every bucket within HIST_ELISION of it (inside
 * the rows shown) is empty. */
static notrace bool stp_hist_elided(const s64 *b, int nbuckets, int lo, int hi, int i)
{
	int e = min(HIST_ELISION, nbuckets), k;

	if (HIST_ELISION < 0)
		return false;
	for (k = max(lo, i - e); k <= min(hi, i + e); k++)
		if (b[k])
			return false;
	return true;
}
STP_NOKPROBE(stp_hist_elided);

/*
 * Print one histogram: buckets @b (NULL: none), @nbuckets of them.  The
 * rows shown run from two buckets before the first non-empty one to two
 * after the last (a log histogram does not reach below 0 unless negative
 * values were seen; a linear one drops empty "<lo"/">hi" rows); the widths
 * are computed as upstream computes them, so columns line up the same.
 */
static notrace void stp_hist_print_one(struct stp_out *o, const s64 *b,
				       const struct stp_hist_desc *desc, int nbuckets)
{
	int lo = -1, hi = 0, i, k, vwidth, cwidth;
	bool linear = desc->kind == STP_HIST_LINEAR, cut = false;
	s64 maxcount = 0, scale = 1;
	const char *prefix;

	if (b && nbuckets && desc->kind != STP_HIST_NONE) {
		for (i = 0; i < nbuckets; i++) {
			if (b[i] > 0 && lo < 0)
				lo = i;
			if (b[i] > 0)
				hi = i;
			maxcount = max(maxcount, b[i]);
		}
	}
	if (lo < 0) {                  /* nothing added: the header only */
		stp_out_cstr(o, "value |");
		stp_out_write(o, stp_hist_dashes, STP_HIST_WIDTH);
		stp_out_cstr(o, " count\n\n");
		return;
	}
	for (k = 0; k < 2; k++) {
		if (lo > 0 && (linear || lo != STP_HIST_LOG_BUCKETS / 2))
			lo--;
		if (hi < nbuckets - 1)
			hi++;
	}
	if (linear) {
		if (lo == 0 && !b[0])
			lo++;
		if (hi == nbuckets - 1 && !b[hi])
			hi--;
	}
	if (maxcount > STP_HIST_WIDTH)
		scale = div64_s64(maxcount + STP_HIST_WIDTH - 1, STP_HIST_WIDTH);
	cwidth = stp_hist_digits(maxcount);
	if (linear)
		vwidth = max(stp_hist_digits(desc->lo) + (lo == 0),
			     stp_hist_digits(desc->lo + desc->step * hi) + (hi == nbuckets - 1));
	else
		vwidth = max(stp_hist_digits(stp_hist_log_value(hi)),
			     stp_hist_digits(stp_hist_log_value(lo)));
	vwidth = max(vwidth, 5);

	stp_hist_pad(o, stp_hist_blank, vwidth - 5);
	stp_out_cstr(o, "value |");
	stp_out_write(o, stp_hist_dashes, STP_HIST_WIDTH);
	stp_out_cstr(o, " count\n");
	for (i = lo; i <= hi; i++) {
		char buf[24];
		s64 v, bar;
		int len;

		if (stp_hist_elided(b, nbuckets, lo, hi, i)) {
			cut = true;
			continue;
		}
		if (cut) {
			stp_hist_pad(o, stp_hist_blank, vwidth);
			stp_out_cstr(o, " ~\n");
			cut = false;
		}
		v = stp_hist_label(desc, nbuckets, i, &prefix);
		len = stp_hist_digits(v);
		stp_hist_pad(o, stp_hist_blank, vwidth - len - (int)strlen(prefix));
		stp_out_cstr(o, prefix);
		len = snprintf(buf, sizeof(buf), "%lld |", v);
		stp_out_write(o, buf, len);
		bar = div64_s64(b[i], scale);
		stp_hist_pad(o, stp_hist_bar, bar);
		len = snprintf(buf, sizeof(buf), "%lld", b[i]);
		stp_hist_pad(o, stp_hist_blank, STP_HIST_WIDTH - bar + 1 + cwidth - len);
		stp_out_write(o, buf, len);
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
