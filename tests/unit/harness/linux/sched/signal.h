/* Host stand-in for <linux/sched/signal.h>: the struct embedded C in the
 * end-to-end cases reads, enough for their C to compile. */
#pragma once
struct signal_struct {
	int nr_threads;
};
