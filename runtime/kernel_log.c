// SPDX-License-Identifier: GPL-2.0
/*
 * kernel_log.c - the script's printk(level, msg): one line in the kernel
 * log.  printk() itself is safe in any context (it defers the console
 * output), so a probe may call it.
 */
#include <linux/kernel.h>
#include <linux/printk.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/**
 * stp_printk() - write @msg and a newline to the kernel log.
 * @level: 0 (KERN_EMERG) to 7 (KERN_DEBUG); others are clamped.
 * @msg: the text.
 */
notrace void stp_printk(s64 level, const char *msg)
{
	int l = level < 0 ? 0 : level > 7 ? 7 : (int)level;

	printk("%c%c%s\n", KERN_SOH_ASCII, '0' + l, msg);
}
STP_NOKPROBE(stp_printk);
