/* Host stand-in for <linux/sched.h>: what embedded C in the end-to-end
 * cases reads of the current task, enough for their C to compile. */
#ifndef HARNESS_LINUX_SCHED_H
#define HARNESS_LINUX_SCHED_H

#include <linux/types.h>

#define TASK_COMM_LEN 16
#define PF_EXITING 0x4
#define PF_KTHREAD 0x00200000

struct signal_struct;
struct mm_struct;

struct task_struct {
	char comm[TASK_COMM_LEN];
	int pid, tgid;
	unsigned int flags;
	u64 start_time;
	struct signal_struct *signal;
	struct mm_struct *mm;
};

extern struct task_struct *current;

#endif
