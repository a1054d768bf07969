// SPDX-License-Identifier: GPL-2.0
/*
 * lang_script.c - a hand-written stand-in for generated code that uses the
 * language half of the runtime: arrays, statistics, histograms, string
 * functions, the extra printf conversions and the per-global locks.
 * Built with -DMAXERRORS=10 by vm-test.sh (FAKE_SRC=lang_script.c); its
 * exact output is runtime/tests/lang.expect and lang.experr.
 *
 * Each begin probe prints what one area computes; the later begin probes
 * each raise one soft error; the last one calls exit(), so the end probe
 * runs and the session ends with status 1 (errors were reported).  With
 * -DLANG_TIMER a timer probe instead updates an array and a histogram 200
 * times in hardirq context under per-global locks, then calls exit().
 */
#include <linux/kernel.h>
#include "stap_runtime.h"

static __printf(2, 3) void out(struct stp_context *c, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	stp_out_cstr(c->print, buf);
}

#define K1L(x) ((union stp_key[]){ { .l = (x) } })
#define K1S(x) ((union stp_key[]){ { .s = (x) } })
#define K2(x, y) ((union stp_key[]){ { .l = (x) }, { .s = (y) } })

/* global a[long, string] (long values) */
static const struct stp_map_desc a_desc = {
	.name = "a", .nkeys = 2, .key_types = { STP_TYPE_LONG, STP_TYPE_STRING },
	.value_type = STP_TYPE_LONG,
};
static struct stp_map a;
/* global w%[3] */
static const struct stp_map_desc w_desc = {
	.name = "w", .nkeys = 1, .key_types = { STP_TYPE_LONG }, .value_type = STP_TYPE_LONG,
	.wrap = true, .max_entries = 3,
};
static struct stp_map w;
/* global b[3] */
static const struct stp_map_desc b_desc = {
	.name = "b", .nkeys = 1, .key_types = { STP_TYPE_LONG }, .value_type = STP_TYPE_LONG,
	.max_entries = 3,
};
static struct stp_map b;
/* global s[string] = string */
static const struct stp_map_desc s_desc = {
	.name = "s", .nkeys = 1, .key_types = { STP_TYPE_STRING }, .value_type = STP_TYPE_STRING,
};
static struct stp_map s;
/* global n9[long x 4, string, long x 4] */
static const struct stp_map_desc n9_desc = {
	.name = "n9", .nkeys = 9,
	.key_types = { STP_TYPE_LONG, STP_TYPE_LONG, STP_TYPE_LONG, STP_TYPE_LONG, STP_TYPE_STRING,
		       STP_TYPE_LONG, STP_TYPE_LONG, STP_TYPE_LONG, STP_TYPE_LONG },
	.value_type = STP_TYPE_LONG,
};
static struct stp_map n9;
/* global big[long] (MAXMAPENTRIES) */
static const struct stp_map_desc big_desc = {
	.name = "big", .nkeys = 1, .key_types = { STP_TYPE_LONG }, .value_type = STP_TYPE_LONG,
};
static struct stp_map big;
/* global ms[string] (statistics) */
static const struct stp_map_desc ms_desc = {
	.name = "ms", .nkeys = 1, .key_types = { STP_TYPE_STRING }, .value_type = STP_TYPE_STAT,
};
static struct stp_map ms;
/* global mh[long] (statistics with @hist_log) */
static const struct stp_map_desc mh_desc = {
	.name = "mh", .nkeys = 1, .key_types = { STP_TYPE_LONG }, .value_type = STP_TYPE_STAT,
	.stat = { .nhist = 1, .hist = { { .kind = STP_HIST_LOG } } },
};
static struct stp_map mh;

static const struct stp_stat_desc plain = { .nhist = 0 };
/* @variance needs the shape that asks for it; one shift per statistic */
static const struct stp_stat_desc var0 = { .nhist = 0, .variance = true };
static const struct stp_stat_desc var3 = { .nhist = 0, .variance = true, .var_shift = 3 };
static const struct stp_stat_desc lin500 = {
	.nhist = 1, .hist = { { .kind = STP_HIST_LINEAR, .lo = 0, .hi = 500, .step = 50 } },
};
static const struct stp_stat_desc lin100 = {
	.nhist = 1, .hist = { { .kind = STP_HIST_LINEAR, .lo = 0, .hi = 100, .step = 10 } },
};
static const struct stp_stat_desc logh = { .nhist = 1, .hist = { { .kind = STP_HIST_LOG } } };
static struct stp_stat st_s, st_t, st_u, st_v, st_x, st_x3, st_y, st_e;
static struct stp_stat h1, h2, h3, h4, h5;

enum { LOCK_A, LOCK_B, LOCK_HITS, LOCK_LAT, LOCK_N, NLOCKS };   /* lock numbers */

static void print_a(struct stp_context *c, const char *title, int col, int dir, s64 limit)
{
	struct stp_map_iter it;

	out(c, "%s:", title);
	stp_map_iter_start(&it, &a, col, dir, STP_AGG_COUNT, limit);
	while (stp_map_iter_next(c, &it, "foreach"))
		out(c, " %lld,%s=%lld", stp_map_iter_key_long(&it, 0), stp_map_iter_key_str(&it, 1),
		    stp_map_iter_long(&it));
	out(c, "\n");
}

static bool big_sorted(struct stp_context *c, int col, int dir)
{
	struct stp_map_iter it;
	s64 pk = 0, pv = 0;
	u32 n = 0;

	stp_map_iter_start(&it, &big, col, dir, STP_AGG_COUNT, -1);
	while (stp_map_iter_next(c, &it, "foreach")) {
		s64 k = stp_map_iter_key_long(&it, 0), v = stp_map_iter_long(&it);

		if (n) {
			s64 a1 = col ? pk : pv, b1 = col ? k : v;

			if (dir < 0) {
				s64 t = a1;

				a1 = b1;
				b1 = t;
			}
			if (a1 > b1 || (a1 == b1 && pk >= k))
				return false;
		}
		pk = k;
		pv = v;
		n++;
	}
	return n == MAXMAPENTRIES;
}

static void probe_maps(struct stp_context *c)
{
	struct stp_map_iter it;
	char str[MAXSTRINGLEN];
	u64 seed = 12345;
	int i;

	stp_map_set_long(c, &a, K2(1, "x"), 10, "a");
	stp_map_set_long(c, &a, K2(2, "y"), 20, "a");
	stp_map_set_long(c, &a, K2(1, "y"), 5, "a");
	stp_map_set_long(c, &a, K2(3, "x"), 15, "a");
	out(c, "a[1,x]=%lld a[9,z]=%lld in=%d notin=%d size=%u\n",
	    stp_map_get_long(&a, K2(1, "x")), stp_map_get_long(&a, K2(9, "z")),
	    stp_map_exists(&a, K2(2, "y")), stp_map_exists(&a, K2(2, "x")), stp_map_size(&a));
	print_a(c, "byval-", 0, STP_SORT_DESC, -1);
	print_a(c, "bykey2+", 2, STP_SORT_ASC, -1);
	print_a(c, "bykey1-", 1, STP_SORT_DESC, -1);
	print_a(c, "unsorted limit2", 0, STP_SORT_NONE, 2);
	print_a(c, "byval+ limit1", 0, STP_SORT_ASC, 1);
	stp_map_delete_slice(&a, K2(0, "x"), 1 << 0);
	print_a(c, "slice-deleted", 0, STP_SORT_NONE, -1);
	out(c, "slice-in [1,*]=%d [3,*]=%d\n", stp_map_exists_slice(&a, K2(1, ""), 1 << 1),
	    stp_map_exists_slice(&a, K2(3, ""), 1 << 1));
	out(c, "add %lld", stp_map_add_long(c, &a, K2(2, "y"), 7, "a"));
	out(c, " %lld", stp_map_add_long(c, &a, K2(7, "n"), 1, "a"));
	out(c, " size=%u", stp_map_size(&a));
	stp_map_delete(&a, K2(2, "y"));
	out(c, " deleted size=%u", stp_map_size(&a));
	stp_map_clear(&a);
	out(c, " cleared size=%u a[1,y]=%lld\n", stp_map_size(&a), stp_map_get_long(&a, K2(1, "y")));

	for (i = 1; i <= 5; i++)
		stp_map_set_long(c, &w, K1L(i), i * 10, "w");
	out(c, "wrap:");
	stp_map_iter_start(&it, &w, 0, STP_SORT_NONE, STP_AGG_COUNT, -1);
	while (stp_map_iter_next(c, &it, "foreach"))
		out(c, " %lld=%lld", stp_map_iter_key_long(&it, 0), stp_map_iter_long(&it));
	out(c, " size=%u\n", stp_map_size(&w));

	stp_map_set_str(c, &s, K1S("k"), "v", "s");
	stp_map_get_str(&s, K1S("k"), str);
	out(c, "s[k]=%s", str);
	stp_map_get_str(&s, K1S("missing"), str);
	out(c, " s[missing]='%s'\n", str);

	{
		union stp_key k9[9] = { { .l = 1 }, { .l = 2 }, { .l = 3 }, { .l = 4 },
					{ .s = "five" }, { .l = 6 }, { .l = 7 }, { .l = 8 }, { .l = 9 } };

		stp_map_set_long(c, &n9, k9, 42, "n9");
		out(c, "n9=%lld", stp_map_get_long(&n9, k9));
		k9[8].l = 10;
		out(c, " other=%lld\n", stp_map_get_long(&n9, k9));
	}

	for (i = 0; i < MAXMAPENTRIES; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		stp_map_set_long(c, &big, K1L(i), (s64)(seed >> 33) % 1000, "big");
	}
	out(c, "sort%d val+ %d val- %d key- %d\n", MAXMAPENTRIES, big_sorted(c, 0, STP_SORT_ASC),
	    big_sorted(c, 0, STP_SORT_DESC), big_sorted(c, 1, STP_SORT_DESC));

	for (i = 1; i <= 3; i++)
		stp_map_add_stat(c, &ms, K1S("a"), i, "ms");
	stp_map_add_stat(c, &ms, K1S("b"), 10, "ms");
	stp_map_add_stat(c, &ms, K1S("c"), 5, "ms");
	stp_map_add_stat(c, &ms, K1S("c"), 5, "ms");
	out(c, "ms @sum-:");
	stp_map_iter_start(&it, &ms, 0, STP_SORT_DESC, STP_AGG_SUM, -1);
	while (stp_map_iter_next(c, &it, "foreach"))
		out(c, " %s:count=%lld,sum=%lld", stp_map_iter_key_str(&it, 0),
		    stp_stat_count(stp_map_iter_stat(&it)), stp_stat_sum(stp_map_iter_stat(&it)));
	out(c, "\nms @count+:");
	stp_map_iter_start(&it, &ms, 0, STP_SORT_ASC, STP_AGG_COUNT, -1);
	while (stp_map_iter_next(c, &it, "foreach"))
		out(c, " %s", stp_map_iter_key_str(&it, 0));
	out(c, "\navg(ms[a])=%lld count(ms[z])=%lld\n",
	    stp_stat_avg(c, stp_map_get_stat(&ms, K1S("a")), "@avg"),
	    stp_stat_count(stp_map_get_stat(&ms, K1S("z"))));
	stp_map_add_stat(c, &mh, K1L(1), 4, "mh");
	stp_map_print_hist(c->print, &mh, stp_map_get_stat(&mh, K1L(1)), 0);
}

static void print_stat(struct stp_context *c, const char *name, struct stp_stat *st)
{
	const struct stp_stat_data *d = stp_stat_get(st);

	out(c, "%s: count=%lld sum=%lld min=%lld max=%lld avg=%lld var=%lld\n", name,
	    stp_stat_count(d), stp_stat_sum(d), stp_stat_min(c, d, name), stp_stat_max(c, d, name),
	    stp_stat_avg(c, d, name), stp_stat_variance(c, d, &st->shape, name));
}

static void probe_stats(struct stp_context *c)
{
	const struct stp_stat_data *d;
	int i;

	for (i = 1; i <= 10; i++)
		stp_stat_add(&st_s, i);
	print_stat(c, "s", &st_s);
	stp_stat_add(&st_t, -5);
	stp_stat_add(&st_t, 3);
	print_stat(c, "t", &st_t);
	stp_stat_add(&st_u, 1000000000);
	stp_stat_add(&st_u, 3000000000LL);
	print_stat(c, "u", &st_u);
	stp_stat_add(&st_v, 4000000000LL);
	stp_stat_add(&st_v, 6000000000LL);
	print_stat(c, "v", &st_v);
	stp_stat_add(&st_x, 1);
	stp_stat_add(&st_x, 2);
	stp_stat_add(&st_x, 4);
	stp_stat_add(&st_x3, 1);
	stp_stat_add(&st_x3, 2);
	stp_stat_add(&st_x3, 4);
	d = stp_stat_get(&st_x);
	out(c, "x: var=%lld", stp_stat_variance(c, d, &st_x.shape, "x"));
	d = stp_stat_get(&st_x3);
	out(c, " var3=%lld\n", stp_stat_variance(c, d, &st_x3.shape, "x"));
	stp_stat_add(&st_y, 0);
	stp_stat_add(&st_y, 1);
	d = stp_stat_get(&st_y);
	out(c, "y: var=%lld avg=%lld\n", stp_stat_variance(c, d, &st_y.shape, "y"), stp_stat_avg(c, d, "y"));
	stp_stat_clear(&st_s);
	d = stp_stat_get(&st_s);
	out(c, "cleared: count=%lld sum=%lld\n", stp_stat_count(d), stp_stat_sum(d));
	d = stp_stat_get(&st_e);
	out(c, "empty: count=%lld sum=%lld\n", stp_stat_count(d), stp_stat_sum(d));
}

static void probe_hists(struct stp_context *c)
{
	static const s64 v2[] = { -5, 0, 0, 0, 10, 70, 70, 500 };
	static const s64 v3[] = { 0, 1, 2, 3, 8, 8, 8, 1000, -1, -3 };
	unsigned int i;

	for (i = 0; i < 177; i++)
		stp_stat_add(&h1, 10);
	for (i = 0; i < 170; i++)
		stp_stat_add(&h1, 60);
	stp_stat_print_hist(c->print, &h1, 0);
	for (i = 0; i < ARRAY_SIZE(v2); i++)
		stp_stat_add(&h2, v2[i]);
	stp_hist_print(c->print, stp_stat_get(&h2), &h2.shape, 0);
	out(c, "h2[<0]=%lld h2[0]=%lld h2[>100]=%lld\n",
	    stp_hist_bucket(c, stp_stat_get(&h2), &h2.shape, 0, 0, "h2"),
	    stp_hist_bucket(c, stp_stat_get(&h2), &h2.shape, 0, 1, "h2"),
	    stp_hist_bucket(c, stp_stat_get(&h2), &h2.shape, 0, h2.shape.nbuckets - 1, "h2"));
	for (i = 0; i < ARRAY_SIZE(v3); i++)
		stp_stat_add(&h3, v3[i]);
	stp_hist_print(c->print, stp_stat_get(&h3), &h3.shape, 0);
	for (i = 0; i < 1000; i++)
		stp_stat_add(&h4, 5);
	for (i = 0; i < 20; i++)
		stp_stat_add(&h4, 1);
	stp_hist_print(c->print, stp_stat_get(&h4), &h4.shape, 0);
	stp_hist_print(c->print, stp_stat_get(&h5), &h5.shape, 0);
}

static void probe_strings(struct stp_context *c)
{
	char d[MAXSTRINGLEN], e[MAXSTRINGLEN];
	int i, ok = 1;

	out(c, "strlen=%lld", stp_strlen("hello"));
	stp_substr(d, "hello world", 6, 5);
	out(c, " substr=%s", d);
	stp_substr(d, "abc", 1, 100);
	out(c, ",%s", d);
	stp_substr(d, "abc", 5, 1);
	out(c, ",'%s'", d);
	stp_substr(d, "abc", -1, 2);
	out(c, ",'%s'\n", d);
	out(c, "strpos=%lld,%lld,%lld isinstr=%lld,%lld isdigit=%lld,%lld,%lld\n",
	    stp_strpos("hello", "ll"), stp_strpos("hello", "z"), stp_strpos("hello", ""),
	    stp_isinstr("hello", "ell"), stp_isinstr("hello", "xyz"),
	    stp_isdigit("9a"), stp_isdigit("a9"), stp_isdigit(""));
	stp_str_replace(d, "a-b-c", "-", "+/");
	out(c, "replace=%s", d);
	stp_str_replace(d, "aaa", "aa", "b");
	out(c, ",%s", d);
	stp_str_replace(d, "abc", "", "x");
	out(c, ",%s\n", d);
	out(c, "strtol=%lld,%lld,%lld,%lld,%lld,%lld stringat=%lld\n",
	    stp_strtol(c, "123", 10, "strtol"), stp_strtol(c, "-ff", 16, "strtol"),
	    stp_strtol(c, "0x1F", 0, "strtol"), stp_strtol(c, "077", 0, "strtol"),
	    stp_strtol(c, "  42abc", 10, "strtol"), stp_strtol(c, "101", 2, "strtol"),
	    stp_stringat(c, "abc", 1, "stringat"));
	out(c, "tokens:");
	stp_tokenize(d, "a,,b;c", ",;");
	out(c, " '%s'", d);
	for (i = 0; i < 4; i++) {
		stp_tokenize(d, "", ",;");
		out(c, " '%s'", d);
	}
	out(c, "\n");
	stp_text_str(d, "a\tb\n\"q\"\\\x01");
	out(c, "text_str=%s", d);
	stp_string_quoted(d, "hi\n");
	out(c, " quoted=%s", d);
	stp_text_strn(d, "hello world", 5, 1);
	out(c, " strn=%s", d);
	stp_text_strn(d, "hello", 5, 1);
	out(c, ",%s", d);
	stp_text_strn(d, "hello", 3, 0);
	out(c, ",%s\n", d);
	out(c, "abs=%lld,%lld max=%lld min=%lld\n", stp_abs(-5), stp_abs(S64_MIN),
	    stp_max(3, 7), stp_min(3, 7));
	for (i = 0; i < 200; i++) {
		s64 r = stp_randint(c, 10, "randint");

		if (r < 0 || r >= 10)
			ok = 0;
	}
	out(c, "randint ok=%d\n", ok);
	memset(e, 'a', MAXSTRINGLEN - 1);
	e[MAXSTRINGLEN - 1] = '\0';
	stp_str_replace(d, e, "a", "bb");
	out(c, "long: replace=%zu", strlen(d));
	memset(e, 1, MAXSTRINGLEN - 1);
	stp_text_str(d, e);
	out(c, " text_str=%zu", strlen(d));
	memset(e, 'a', MAXSTRINGLEN - 1);
	stp_string_quoted(d, e);
	out(c, " quoted=%zu tail=%s\n", strlen(d), d + strlen(d) - 5);
}

static void probe_printf(struct stp_context *c)
{
	static const char mem[] = "Hello";
	struct stp_fmt f = { 'c', STP_FMT_ALT, -1, -1 };

	out(c, "[");
	stp_out_long(c->print, &f, '\n');
	out(c, "][");
	stp_out_long(c->print, &f, 'A');
	out(c, "][");
	f.width = 4;
	stp_out_long(c->print, &f, '\t');
	out(c, "][");
	f.width = -1;
	stp_out_long(c->print, &f, 1);
	out(c, "]\n[");
	f = (struct stp_fmt){ 'm', 0, -1, 5 };
	stp_out_mem(c, c->print, &f, (unsigned long)mem, "%m");
	out(c, "][");
	f.conv = 'M';
	stp_out_mem(c, c->print, &f, (unsigned long)mem, "%M");
	out(c, "][");
	f = (struct stp_fmt){ 'M', STP_FMT_LEFT, 12, 2 };
	stp_out_mem(c, c->print, &f, (unsigned long)mem, "%M");
	out(c, "][");
	f = (struct stp_fmt){ 'm', 0, 3, -1 };
	stp_out_mem(c, c->print, &f, (unsigned long)mem, "%m");
	out(c, "]\n[");
	f = (struct stp_fmt){ 'd', 0, -1, -1 };
	stp_fmt_star(&f, true, 6, false, 0);
	stp_out_long(c->print, &f, 42);
	out(c, "][");
	f = (struct stp_fmt){ 'd', 0, -1, -1 };
	stp_fmt_star(&f, true, -6, false, 0);
	stp_out_long(c->print, &f, 42);
	out(c, "][");
	f = (struct stp_fmt){ 's', 0, -1, -1 };
	stp_fmt_star(&f, false, 0, true, 3);
	stp_out_str(c->print, &f, "abcdef");
	out(c, "]\n");
}

static void probe_locks(struct stp_context *c)
{
	const struct stp_lock_req both[] = { { LOCK_A, false }, { LOCK_B, true } };
	const struct stp_lock_req rd_a[] = { { LOCK_A, false } };
	const struct stp_lock_req wr_b[] = { { LOCK_B, true } };
	const struct stp_lock_req wr_a[] = { { LOCK_A, true } };
	int r1, r2, r3, r4;

	r1 = stp_locks_acquire(c, both, 2);
	r2 = stp_locks_acquire(c, rd_a, 1);
	if (r2)
		stp_locks_release(rd_a, 1);
	r3 = stp_locks_acquire(c, wr_b, 1);    /* held: a skipped probe */
	if (r3)
		stp_locks_release(wr_b, 1);
	if (r1)
		stp_locks_release(both, 2);
	r4 = stp_locks_acquire(c, wr_a, 1);
	if (r4)
		stp_locks_release(wr_a, 1);
	out(c, "locks: %d %d %d %d\n", r1, r2, r3, r4);
}

static void probe_err_overflow(struct stp_context *c)
{
	int i;

	for (i = 1; i <= 3; i++)
		stp_map_set_long(c, &b, K1L(i), i, "identifier 'b' at lang.stp:1:1");
	out(c, "b filled %u\n", stp_map_size(&b));
	if (stp_map_set_long(c, &b, K1L(4), 4, "identifier 'b' at lang.stp:1:1"))
		out(c, "b not full?\n");
}

static void probe_err_empty(struct stp_context *c)
{
	stp_stat_min(c, stp_stat_get(&st_e), "operator '@min' at lang.stp:2:1");
}

static void probe_err_stringat(struct stp_context *c)
{
	stp_stringat(c, "abc", 3, "identifier 'stringat' at lang.stp:3:1");
}

static void probe_err_mem(struct stp_context *c)
{
	static const struct stp_fmt f = { 'm', 0, -1, 4 };

	stp_out_mem(c, c->print, &f, 0x10, "format '%m' at lang.stp:4:1");
}

static void probe_err_strtol(struct stp_context *c)
{
	stp_strtol(c, "1", 99, "identifier 'strtol' at lang.stp:5:1");
}

static void probe_err_nested(struct stp_context *c)
{
	struct stp_map_iter outer, inner;

	stp_map_iter_start(&outer, &big, 0, STP_SORT_ASC, STP_AGG_COUNT, -1);
	stp_map_iter_next(c, &outer, "foreach at lang.stp:6:1");
	stp_map_iter_start(&inner, &big, 1, STP_SORT_ASC, STP_AGG_COUNT, 1);
	while (stp_map_iter_next(c, &inner, "foreach at lang.stp:6:2"))
		;
	stp_map_iter_next(c, &outer, "foreach at lang.stp:6:1");
}

static void probe_err_randint(struct stp_context *c)
{
	stp_randint(c, 0, "identifier 'randint' at lang.stp:7:1");
#ifndef LANG_TIMER
	stp_exit(c);
#endif
}

#ifdef LANG_TIMER
/* probe timer.us(500) { hits[cpu()]++; lat <<< hits; if (++n == 200) exit() }
 * with per-global locks, in hardirq context. */
static s64 timer_n;
static struct stp_stat lat;
static const struct stp_stat_desc lat_desc = {
	.nhist = 1, .hist = { { .kind = STP_HIST_LINEAR, .lo = 0, .hi = 200, .step = 20 } },
};

static void probe_timer(struct stp_context *c)
{
	const struct stp_lock_req locks[] = {
		{ LOCK_HITS, true }, { LOCK_LAT, false }, { LOCK_N, true },
	};
	s64 total;

	if (!stp_locks_acquire(c, locks, ARRAY_SIZE(locks)))
		return;
	total = stp_map_add_long(c, &a, K2(0, "hits"), 1, "hits");
	stp_stat_add(&lat, total);
	if (++timer_n == 200)
		stp_exit(c);
	stp_locks_release(locks, ARRAY_SIZE(locks));
}
#endif

static void probe_end(struct stp_context *c)
{
#ifdef LANG_TIMER
	const struct stp_stat_data *d = stp_stat_get(&lat);

	out(c, "timer: n=%lld hits=%lld count=%lld sum=%lld min=%lld max=%lld\n", timer_n,
	    stp_map_get_long(&a, K2(0, "hits")), stp_stat_count(d), stp_stat_sum(d),
	    stp_stat_min(c, d, "@min"), stp_stat_max(c, d, "@max"));
	stp_stat_print_hist(c->print, &lat, 0);
#endif
	out(c, "end\n");
}

const struct stp_probe stp_probes[] = {
	{ .kind = STP_PROBE_BEGIN, .handler = probe_maps, .pp = "begin", .locks_globals = true },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_stats, .pp = "begin", .locks_globals = true },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_hists, .pp = "begin", .locks_globals = true },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_strings, .pp = "begin" },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_printf, .pp = "begin" },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_locks, .pp = "begin" },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_err_overflow, .pp = "begin", .locks_globals = true },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_err_empty, .pp = "begin", .locks_globals = true },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_err_stringat, .pp = "begin" },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_err_mem, .pp = "begin" },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_err_strtol, .pp = "begin" },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_err_nested, .pp = "begin", .locks_globals = true },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_err_randint, .pp = "begin" },
#ifdef LANG_TIMER
	{ .kind = STP_PROBE_TIMER, .handler = probe_timer, .pp = "timer.us(500)",
	  .period_ns = 500 * NSEC_PER_USEC },
#endif
	{ .kind = STP_PROBE_END, .handler = probe_end, .pp = "end", .locks_globals = true },
};
const unsigned int stp_probe_count = ARRAY_SIZE(stp_probes);
const size_t stp_locals_size = 64;

int stp_globals_init(void)
{
	int rc = stp_global_locks_init(NLOCKS);

	rc = rc ?: stp_map_init(&a, &a_desc);
	rc = rc ?: stp_map_init(&w, &w_desc);
	rc = rc ?: stp_map_init(&b, &b_desc);
	rc = rc ?: stp_map_init(&s, &s_desc);
	rc = rc ?: stp_map_init(&n9, &n9_desc);
	rc = rc ?: stp_map_init(&big, &big_desc);
	rc = rc ?: stp_map_init(&ms, &ms_desc);
	rc = rc ?: stp_map_init(&mh, &mh_desc);
	rc = rc ?: stp_stat_init(&st_s, &var0);
	rc = rc ?: stp_stat_init(&st_t, &var0);
	rc = rc ?: stp_stat_init(&st_u, &var0);
	rc = rc ?: stp_stat_init(&st_v, &var0);
	rc = rc ?: stp_stat_init(&st_x, &var0);
	rc = rc ?: stp_stat_init(&st_y, &var0);
	rc = rc ?: stp_stat_init(&st_x3, &var3);
	rc = rc ?: stp_stat_init(&st_e, &plain);
	rc = rc ?: stp_stat_init(&h1, &lin500);
	rc = rc ?: stp_stat_init(&h2, &lin100);
	rc = rc ?: stp_stat_init(&h3, &logh);
	rc = rc ?: stp_stat_init(&h4, &logh);
	rc = rc ?: stp_stat_init(&h5, &logh);
#ifdef LANG_TIMER
	timer_n = 0;
	rc = rc ?: stp_stat_init(&lat, &lat_desc);
#endif
	return rc;
}
