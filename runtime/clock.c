// SPDX-License-Identifier: GPL-2.0
/*
 * clock.c - the time tapset's clocks and its calendar formatting.
 *
 * Wall-clock time comes from the NMI-safe fast accessor, so a probe that
 * interrupts the timekeeping code cannot deadlock on its seqcount; the
 * per-cpu scheduler clocks and the TSC are read directly.  ctime() is
 * upstream's fixed format, "Wed Jun 30 21:49:08 1993", computed with the
 * kernel's own time64_to_tm() so no calendar arithmetic lives here.
 */
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/sched/clock.h>
#include <linux/time.h>
#include <linux/timekeeping.h>
#include <linux/timex.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/**
 * stp_clock_realtime_ns() - nanoseconds since the epoch (wall clock).
 */
notrace s64 stp_clock_realtime_ns(void)
{
	return ktime_get_real_fast_ns();
}
STP_NOKPROBE(stp_clock_realtime_ns);

/**
 * stp_clock_local_ns() - this cpu's scheduler clock, in nanoseconds.
 */
notrace s64 stp_clock_local_ns(void)
{
	return local_clock();
}
STP_NOKPROBE(stp_clock_local_ns);

/**
 * stp_clock_cpu_ns() - the scheduler clock of cpu @cpu, in nanoseconds.
 * @c: probe context, for the error on a cpu that does not exist.
 * @cpu: the cpu number.
 */
notrace s64 stp_clock_cpu_ns(struct stp_context *c, s64 cpu)
{
	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible((unsigned int)cpu)) {
		snprintf(stp_error_buf(), STP_ERROR_BUF_SIZE, "invalid cpu number %lld",
			 (long long)cpu);
		stp_error(c, stp_error_buf(), NULL);
		return 0;
	}
	return sched_clock_cpu((int)cpu);
}
STP_NOKPROBE(stp_clock_cpu_ns);

/**
 * stp_clock_jiffies() - the kernel's tick count.
 */
notrace s64 stp_clock_jiffies(void)
{
	return (s64)get_jiffies_64();
}
STP_NOKPROBE(stp_clock_jiffies);

/**
 * stp_clock_hz() - ticks per second (the kernel's HZ).
 */
notrace s64 stp_clock_hz(void)
{
	return HZ;
}
STP_NOKPROBE(stp_clock_hz);

/**
 * stp_clock_cycles() - the processor's cycle counter.
 */
notrace s64 stp_clock_cycles(void)
{
	return (s64)get_cycles();
}
STP_NOKPROBE(stp_clock_cycles);

/**
 * stp_ctime() - @secs since the epoch as "Wed Jun 30 21:49:08 1993" (UTC).
 * @dst: result buffer (MAXSTRINGLEN).
 * @secs: seconds since 1970-01-01 00:00:00 UTC; negative is before it.
 */
notrace void stp_ctime(char *dst, s64 secs)
{
	static const char days[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm tm;

	time64_to_tm(secs, 0, &tm);
	snprintf(dst, MAXSTRINGLEN, "%s %s %2d %02d:%02d:%02d %ld",
		 days[tm.tm_wday % 7], months[tm.tm_mon % 12], tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}
STP_NOKPROBE(stp_ctime);
