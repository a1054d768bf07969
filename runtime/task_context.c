// SPDX-License-Identifier: GPL-2.0
/*
 * task_context.c - the current task as the context tapset sees it: names,
 * process ids in the initial pid namespace, credentials and command line.
 *
 * Probe context: `current` is stable, but its parent and credentials are
 * RCU-protected, so they are read under rcu_read_lock().  The command line
 * lives in the task's user memory and is copied with the non-faulting user
 * copy, so a probe in atomic context gets what is resident, or nothing.
 */
#include <linux/cred.h>
#include <linux/mm_types.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/uaccess.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/* Copies a task's comm; comm may change under us, so the copy is bounded. */
static void stp_copy_comm(char *dst, const struct task_struct *t)
{
	memcpy(dst, t->comm, TASK_COMM_LEN);
	dst[TASK_COMM_LEN - 1] = '\0';
}

/**
 * stp_task_current() - the address of current's task_struct.
 */
notrace s64 stp_task_current(void)
{
	return (s64)(unsigned long)current;
}
STP_NOKPROBE(stp_task_current);

/**
 * stp_task_user_regs() - the address of the user-mode registers current
 * saved on entering the kernel (its system call's arguments among them).
 */
notrace s64 stp_task_user_regs(void)
{
	return (s64)(unsigned long)task_pt_regs(current);
}
STP_NOKPROBE(stp_task_user_regs);

/**
 * stp_task_pid() - current's process id (its thread group id).
 */
notrace s64 stp_task_pid(void)
{
	return current->tgid;
}
STP_NOKPROBE(stp_task_pid);

/**
 * stp_task_tid() - current's thread id.
 */
notrace s64 stp_task_tid(void)
{
	return current->pid;
}
STP_NOKPROBE(stp_task_tid);

/**
 * stp_task_execname() - current's command name into @dst (MAXSTRINGLEN).
 * @dst: result buffer.
 */
notrace void stp_task_execname(char *dst)
{
	stp_copy_comm(dst, current);
}
STP_NOKPROBE(stp_task_execname);

/**
 * stp_task_pexecname() - the command name of current's real parent.
 * @dst: result buffer (MAXSTRINGLEN).
 */
notrace void stp_task_pexecname(char *dst)
{
	rcu_read_lock();
	stp_copy_comm(dst, rcu_dereference(current->real_parent));
	rcu_read_unlock();
}
STP_NOKPROBE(stp_task_pexecname);

/**
 * stp_task_ppid() - the process id (tgid) of current's real parent.
 */
notrace s64 stp_task_ppid(void)
{
	s64 ppid;

	rcu_read_lock();
	ppid = rcu_dereference(current->real_parent)->tgid;
	rcu_read_unlock();
	return ppid;
}
STP_NOKPROBE(stp_task_ppid);

/**
 * stp_task_pgrp() - current's process group id in the initial namespace.
 */
notrace s64 stp_task_pgrp(void)
{
	return __task_pid_nr_ns(current, PIDTYPE_PGID, &init_pid_ns);
}
STP_NOKPROBE(stp_task_pgrp);

/**
 * stp_task_sid() - current's session id in the initial namespace.
 */
notrace s64 stp_task_sid(void)
{
	return __task_pid_nr_ns(current, PIDTYPE_SID, &init_pid_ns);
}
STP_NOKPROBE(stp_task_sid);

/**
 * stp_task_uid() - one of current's ids, as the initial user namespace sees it.
 * @which: STP_UID, STP_EUID, STP_GID or STP_EGID.
 */
notrace s64 stp_task_uid(int which)
{
	const struct cred *cred;
	s64 id = -1;

	rcu_read_lock();
	cred = rcu_dereference(current->cred);
	switch (which) {
	case STP_UID:
		id = __kuid_val(cred->uid);
		break;
	case STP_EUID:
		id = __kuid_val(cred->euid);
		break;
	case STP_GID:
		id = __kgid_val(cred->gid);
		break;
	case STP_EGID:
		id = __kgid_val(cred->egid);
		break;
	}
	rcu_read_unlock();
	return id;
}
STP_NOKPROBE(stp_task_uid);

/**
 * stp_task_cmdline() - current's argv joined by spaces into @dst.
 * @dst: result buffer (MAXSTRINGLEN); empty for kernel threads or when the
 *       arguments are not resident.
 *
 * Reads the argument area [arg_start, arg_end) of current's own memory; a
 * part that would fault is left out (the text so far is kept).
 */
notrace void stp_task_cmdline(char *dst)
{
	struct mm_struct *mm = current->mm;
	unsigned long start, end;
	size_t len, i;

	dst[0] = '\0';
	if (!mm || (current->flags & PF_KTHREAD))
		return;
	start = READ_ONCE(mm->arg_start);
	end = READ_ONCE(mm->arg_end);
	if (end <= start)
		return;
	len = min_t(unsigned long, end - start, MAXSTRINGLEN - 1);
	while (len && copy_from_user_nofault(dst, (const void __user *)start, len))
		len /= 2;              /* keep what is resident at the front */
	dst[len] = '\0';
	while (len && dst[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++)
		if (dst[i] == '\0')
			dst[i] = ' ';
	dst[len] = '\0';
}
STP_NOKPROBE(stp_task_cmdline);
