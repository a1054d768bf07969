// SPDX-License-Identifier: GPL-2.0
/*
 * task_memory.c - tasks by pid and the memory they use, for the task and
 * memory tapsets (pid2task, proc_mem_*, mem_page_size).
 *
 * A task is looked up in the initial pid namespace under rcu_read_lock(),
 * as upstream does; its address stays meaningful only while the task
 * lives, which the probe cannot pin (it may not sleep), so the tapsets read
 * through it with non-faulting reads.  Page counts are the kernel's own
 * (get_mm_counter): per-cpu or per-task parts not yet folded in are not
 * counted, as /proc's statm does not count them either.
 */
#include <linux/mm.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/threads.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/**
 * stp_pid2task() - the task with process id @pid.
 * @pid: an id in the initial pid namespace.
 *
 * Return: the task_struct's address, or 0 when there is none.
 */
notrace s64 stp_pid2task(s64 pid)
{
	struct task_struct *t = NULL;

	if (pid > 0 && pid <= PID_MAX_LIMIT) {
		rcu_read_lock();
		t = pid_task(find_pid_ns((pid_t)pid, &init_pid_ns), PIDTYPE_PID);
		rcu_read_unlock();
	}
	return (s64)(unsigned long)t;
}
STP_NOKPROBE(stp_pid2task);

/**
 * stp_mm_counter() - one of the page counters of an address space.
 * @mm: the struct mm_struct's address.
 * @member: MM_FILEPAGES (0), MM_ANONPAGES, MM_SWAPENTS or MM_SHMEMPAGES.
 *
 * Return: the pages, or -1 for a counter that does not exist.
 */
notrace s64 stp_mm_counter(s64 mm, s64 member)
{
	if (!mm || member < 0 || member >= NR_MM_COUNTERS)
		return -1;
	return get_mm_counter((struct mm_struct *)(unsigned long)mm, (int)member);
}
STP_NOKPROBE(stp_mm_counter);

/**
 * stp_page_size() - the size of a page.
 *
 * Return: PAGE_SIZE.
 */
notrace s64 stp_page_size(void)
{
	return PAGE_SIZE;
}
STP_NOKPROBE(stp_page_size);
