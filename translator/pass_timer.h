/*
 * pass_timer.h - the "in Nusr/Nsys/Nreal ms." figures -v prints after each pass.
 */
#ifndef STAP_PASS_TIMER_H
#define STAP_PASS_TIMER_H

#include <sys/resource.h>
#include <time.h>

struct pass_timer {
	struct timespec real;
	long usr_ms, sys_ms;
};

void pass_timer_start(struct pass_timer *t);
/* Prints FMT (a "Pass N: ..." sentence) then " in Nusr/Nsys/Nreal ms.\n" to stderr. */
void pass_timer_report(const struct pass_timer *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* STAP_PASS_TIMER_H */
