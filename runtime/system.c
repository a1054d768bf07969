// SPDX-License-Identifier: GPL-2.0
/*
 * system.c - the module side of the script's system(cmd): a SYSTEM message
 * that stapio turns into a command run as the user.  What the probe printed
 * before the call is flushed first, so stapio (which drains the data it has
 * before running the command) shows it before the command's output.
 *
 * The message is built in a per-cpu buffer: one handler at a time runs on a
 * cpu (preemption off, re-entry refused), and
 * STP_SYSTEM_CMD_MAX bytes are too many for the kernel stack.
 */
#include <linux/percpu.h>

#include "stp_internal.h"
#include "stap_tapset.h"

static DEFINE_PER_CPU(struct stp_msg_system, stp_system_msg);

/**
 * stp_system() - ask stapio to run @cmd.
 * @c: probe context.
 * @cmd: the shell command (cut at STP_SYSTEM_CMD_MAX - 1 bytes).
 *
 * A full control ring drops the request with a warning.
 */
notrace void stp_system(struct stp_context *c, const char *cmd)
{
	struct stp_msg_system *msg = this_cpu_ptr(&stp_system_msg);

	strscpy(msg->cmd, cmd, sizeof(msg->cmd));
	if (c->print && c->print->full)
		stp_print_flush(c->print);
	if (stp_ctl_send(STP_MSG_SYSTEM, msg, sizeof(*msg), false))
		stp_warn(c, "system() request dropped: control channel full");
}
STP_NOKPROBE(stp_system);
