// SPDX-License-Identifier: GPL-2.0
/*
 * errno_names.c - errno numbers to their names ("ENOENT"), for errno_str()
 * and the return-value tapsets.  The table is generated at build time from
 * the kernel's own errno headers (gen-errno-table.sh), so it holds exactly
 * the names the kernel defines, its internal ones (ERESTARTSYS) included.
 */
#include <linux/kernel.h>

#include "stp_internal.h"
#include "stap_tapset.h"

static const char *const stp_errno_table[] = {
#include "errno_table.h"
};

/**
 * stp_errno_name() - the name of errno @err.
 * @err: an errno, positive or negative (a system call's -ENOENT).
 *
 * Return: the name, or NULL when the kernel defines none for the number.
 */
notrace const char *stp_errno_name(s64 err)
{
	u64 n = err < 0 ? -(u64)err : (u64)err;

	if (n >= ARRAY_SIZE(stp_errno_table))
		return NULL;
	return stp_errno_table[n];
}
STP_NOKPROBE(stp_errno_name);
