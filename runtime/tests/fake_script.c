// SPDX-License-Identifier: GPL-2.0
/*
 * fake_script.c - a hand-written stand-in for the code stap generates, used
 * to test the runtime without the translator (see build-fake.sh).
 *
 * The script it plays:
 *   global count
 *   probe begin { print("hello\n") }                      // plus formats
 *   probe begin { x = 1 / 0 }                             // only with -DFAKE_DIV0
 *   probe begin { exit() }                                // only with -DFAKE_EXIT_IN_BEGIN
 *   probe begin { print("after exit\n") }                 // only with -DFAKE_EXIT_IN_BEGIN
 *   probe timer.ms(100) { if (++count >= 3) exit() }       // never stops with -DFAKE_FOREVER
 *   probe end { printf("count=%d\n", count); 20000 bytes of 'x' lines }
 *   probe error { print("error probe\n") }
 *
 * With -DFAKE_STRESS=N the timer instead fires every 200 us, each hit printing
 * N 200-byte lines "L<n> ..." (n counts lines), until 20000 / N hits: enough
 * to wrap the relay buffers while stapio reads them from another cpu (N=1),
 * or to fill them faster than stapio drains them (N=40: 8000-byte records).
 */
#include <linux/kernel.h>
#include "stap_runtime.h"

static s64 count;

static void probe_begin_hello(struct stp_context *c)
{
	static const struct stp_fmt d5 = { 'd', STP_FMT_ZERO, 5, -1 };
	static const struct stp_fmt xalt = { 'x', STP_FMT_ALT, -1, -1 };
	static const struct stp_fmt xup = { 'X', 0, 8, -1 };
	static const struct stp_fmt left = { 'd', STP_FMT_LEFT | STP_FMT_PLUS, 6, -1 };
	static const struct stp_fmt oalt = { 'o', STP_FMT_ALT, -1, -1 };
	static const struct stp_fmt prec = { 'd', 0, 8, 5 };
	static const struct stp_fmt ptr = { 'p', 0, -1, -1 };
	static const struct stp_fmt chr = { 'c', 0, 3, -1 };
	static const struct stp_fmt str = { 's', STP_FMT_LEFT, 8, 3 };
	static const struct stp_fmt uns = { 'u', 0, -1, -1 };
	char s[MAXSTRINGLEN];
	struct stp_out so = STP_OUT_STRING(s);

	stp_out_cstr(c->print, "hello\n");
	stp_out_cstr(&so, "str:");
	stp_out_decimal(&so, -42);
	stp_out_end_string(&so);
	stp_out_cstr(c->print, s);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &d5, 42);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &d5, -42);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &xalt, 255);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &xup, 0xbeef);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &left, 7);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &oalt, 8);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &prec, -12);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &ptr, 0x1234);
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &chr, 'A');
	stp_out_cstr(c->print, "|");
	stp_out_str(c->print, &str, "abcdef");
	stp_out_cstr(c->print, "|");
	stp_out_long(c->print, &uns, -1);
	stp_out_cstr(c->print, "|");
	stp_out_decimal(c->print, S64_MIN);
	stp_out_cstr(c->print, "|\n");
}

#ifdef FAKE_DIV0
static void probe_begin_div0(struct stp_context *c)
{
	s64 x = stp_div(c, 1, 0, "operator '/' at fake.stp:3:23");

	if (c->last_error)
		return;
	stp_out_decimal(c->print, x);
}
#endif

#ifdef FAKE_EXIT_IN_BEGIN
static void probe_begin_exit(struct stp_context *c)
{
	stp_exit(c);
}

static void probe_begin_after_exit(struct stp_context *c)
{
	stp_out_cstr(c->print, "after exit\n");
}
#endif

static void probe_timer(struct stp_context *c)
{
	if (!stp_actions(c, 1, "fake.stp:6"))
		return;
	count++;
#ifdef FAKE_STRESS
	{
		static const struct stp_fmt d = { 'd', STP_FMT_ZERO, 8, -1 };
		static s64 line;
		int i, j;

		for (j = 0; j < FAKE_STRESS; j++) {
			stp_out_cstr(c->print, "L");
			stp_out_long(c->print, &d, ++line);
			for (i = 0; i < 19; i++)
				stp_out_cstr(c->print, " abcdefghi");
			stp_out_cstr(c->print, "\n");
		}
		if (count >= 20000 / FAKE_STRESS)
			stp_exit(c);
		return;
	}
#endif
#ifndef FAKE_FOREVER
	if (count >= 3)
		stp_exit(c);
#endif
}

static void probe_end(struct stp_context *c)
{
	static const struct stp_fmt d = { 'd', 0, -1, -1 };
	int i;

	stp_out_cstr(c->print, "count=");
	stp_out_long(c->print, &d, count);
	stp_out_cstr(c->print, "\n");
	/* 20000 bytes: more than two print buffers, flushed mid-probe */
	for (i = 0; i < 200; i++) {
		stp_out_long(c->print, &d, i % 10);
		stp_out_cstr(c->print,
			     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
	}
	stp_out_cstr(c->print, "end done\n");
}

static void probe_error(struct stp_context *c)
{
	stp_out_cstr(c->print, "error probe\n");
}

const struct stp_probe stp_probes[] = {
	{ .kind = STP_PROBE_BEGIN, .handler = probe_begin_hello, .pp = "begin" },
#ifdef FAKE_DIV0
	{ .kind = STP_PROBE_BEGIN, .handler = probe_begin_div0, .pp = "begin" },
#endif
#ifdef FAKE_EXIT_IN_BEGIN
	{ .kind = STP_PROBE_BEGIN, .handler = probe_begin_exit, .pp = "begin" },
	{ .kind = STP_PROBE_BEGIN, .handler = probe_begin_after_exit, .pp = "begin" },
#endif
	{ .kind = STP_PROBE_TIMER, .handler = probe_timer, .pp = "timer.ms(100)",
#ifdef FAKE_STRESS
	  .period_ns = 200 * NSEC_PER_USEC,
#else
	  .period_ns = 100 * NSEC_PER_MSEC,
#endif
	  .locks_globals = true },
	{ .kind = STP_PROBE_END, .handler = probe_end, .pp = "end", .locks_globals = true },
	{ .kind = STP_PROBE_ERROR, .handler = probe_error, .pp = "error" },
};
const unsigned int stp_probe_count = ARRAY_SIZE(stp_probes);
const size_t stp_locals_size = 64;

int stp_globals_init(void)
{
	count = 0;
	return 0;
}
