/* Host stand-in for <linux/sched/signal.h>: the struct embedded C in the
 * end-to-end cases reads, enough for their C to compile. */
#pragma once
struct signal_struct {
	int nr_threads;
};
/* no other tasks on the host: the walk visits none */
#define for_each_process_thread(g, t) for ((g) = (t) = NULL; (g) && (t); )
#define rcu_read_lock() do { } while (0)
#define rcu_read_unlock() do { } while (0)
