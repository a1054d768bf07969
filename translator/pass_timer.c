/*
 * pass_timer.c - CPU and wall time spent in one pass, printed the way
 * upstream's -v does so people and scripts can compare figures.
 */
#include "config.h"

#include "pass_timer.h"

#include <stdarg.h>
#include <stdio.h>

static long ms_of(const struct timeval *v)
{
	return v->tv_sec * 1000L + v->tv_usec / 1000L;
}

/* Our own time plus that of the programs we waited for (kbuild, staprun). */
static void usage_now(long *usr, long *sys)
{
	struct rusage self, children;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	*usr = ms_of(&self.ru_utime) + ms_of(&children.ru_utime);
	*sys = ms_of(&self.ru_stime) + ms_of(&children.ru_stime);
}

void pass_timer_start(struct pass_timer *t)
{
	clock_gettime(CLOCK_MONOTONIC, &t->real);
	usage_now(&t->usr_ms, &t->sys_ms);
}

void pass_timer_report(const struct pass_timer *t, const char *fmt, ...)
{
	struct timespec now;
	long real, usr, sys;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC, &now);
	usage_now(&usr, &sys);
	real = (now.tv_sec - t->real.tv_sec) * 1000L + (now.tv_nsec - t->real.tv_nsec) / 1000000L;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " in %ldusr/%ldsys/%ldreal ms.\n",
		usr - t->usr_ms, sys - t->sys_ms, real);
}
