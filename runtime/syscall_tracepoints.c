// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_tracepoints.c - the probes on every system call's entry and exit
 * (syscall_any[.return] in the tapsets): the kernel's raw_syscalls
 * tracepoints sys_enter and sys_exit, found by name with
 * for_each_kernel_tracepoint() (their symbols are not exported) and
 * registered with tracepoint_probe_register().  Only these two: the general
 * kernel.trace family is elsewhere.  A hit runs the probe with the user's
 * saved registers as its registers, so the tapset reads the call's number
 * (orig_ax) and, at exit, its return value (ax) from them.
 */
#include <linux/tracepoint.h>
#include <linux/string.h>

#include "stp_internal.h"

struct stp_syscall_tp {
	const char *name;
	void *callback;
	struct tracepoint *tp;   /* found at arm time */
	bool registered;
};

static notrace void stp_syscall_tp_run(bool is_return, struct pt_regs *regs)
{
	struct stp_probe_hit hit = { .regs = regs };
	unsigned int i;

	for (i = 0; i < stp_probe_count; i++)
		if (stp_probes[i].kind == STP_PROBE_SYSCALL_TP &&
		    stp_probes[i].is_return == is_return)
			stp_run_probe(&stp_probes[i], &hit);
}

static notrace void stp_sys_enter(void *data, struct pt_regs *regs, long id)
{
	stp_syscall_tp_run(false, regs);
}

static notrace void stp_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	stp_syscall_tp_run(true, regs);
}

static struct stp_syscall_tp stp_syscall_tps[] = {
	{ .name = "sys_enter", .callback = stp_sys_enter },
	{ .name = "sys_exit", .callback = stp_sys_exit },
};

static void stp_syscall_tp_find(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(stp_syscall_tps); i++)
		if (!strcmp(tp->name, stp_syscall_tps[i].name))
			stp_syscall_tps[i].tp = tp;
}

/* Whether a probe of stp_probes[] wants the exit (or entry) tracepoint. */
static bool stp_syscall_tp_wanted(bool is_return)
{
	unsigned int i;

	for (i = 0; i < stp_probe_count; i++)
		if (stp_probes[i].kind == STP_PROBE_SYSCALL_TP && stp_probes[i].is_return == is_return)
			return true;
	return false;
}

static void stp_syscall_tps_disarm(void)
{
	bool any = false;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(stp_syscall_tps); i++) {
		struct stp_syscall_tp *t = &stp_syscall_tps[i];

		if (!t->registered)
			continue;
		tracepoint_probe_unregister(t->tp, t->callback, NULL);
		t->registered = false;
		any = true;
	}
	/* no callback may still run when the module's code goes away */
	if (any)
		tracepoint_synchronize_unregister();
}

static int stp_syscall_tps_arm(void)
{
	unsigned int i;
	int rc;

	if (!stp_syscall_tp_wanted(false) && !stp_syscall_tp_wanted(true))
		return 0;
	for_each_kernel_tracepoint(stp_syscall_tp_find, NULL);
	for (i = 0; i < ARRAY_SIZE(stp_syscall_tps); i++) {
		struct stp_syscall_tp *t = &stp_syscall_tps[i];

		if (!stp_syscall_tp_wanted(i == 1))
			continue;
		if (!t->tp) {
			stp_ctl_send_text("ERROR: the kernel has no tracepoint %s "
					  "(CONFIG_FTRACE_SYSCALLS)\n", t->name);
			rc = -ENOENT;
			goto undo;
		}
		rc = tracepoint_probe_register(t->tp, t->callback, NULL);
		if (rc) {
			stp_ctl_send_text("ERROR: tracepoint %s registration error (rc %d)\n",
					  t->name, rc);
			goto undo;
		}
		t->registered = true;
	}
	return 0;
undo:
	stp_syscall_tps_disarm();
	return rc;
}

const struct stp_probe_family stp_syscall_tp_family = {
	.name = "syscall tracepoints",
	.arm = stp_syscall_tps_arm,
	.disarm = stp_syscall_tps_disarm,
};
