/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the one place where kernel API differences between the kernels
 * the runtime supports (6.1 and later) are handled.
 *
 * Runtime code calls the stp_* wrappers below and never tests
 * LINUX_VERSION_CODE itself, so supporting another kernel means editing this
 * file only.
 */
#ifndef STP_COMPAT_H
#define STP_COMPAT_H

#include <linux/version.h>
#include <linux/hrtimer.h>
#include <linux/kprobes.h>

/* hrtimer_setup() replaced hrtimer_init() + assigning ->function in 6.13. */
static inline void stp_hrtimer_setup(struct hrtimer *t,
				     enum hrtimer_restart (*fn)(struct hrtimer *),
				     clockid_t clock, enum hrtimer_mode mode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	hrtimer_setup(t, fn, clock, mode);
#else
	hrtimer_init(t, clock, mode);
	t->function = fn;
#endif
}

/* Functions that run in probe context must not themselves be probed. */
#ifdef CONFIG_KPROBES
#define STP_NOKPROBE(fn) NOKPROBE_SYMBOL(fn)
#else
#define STP_NOKPROBE(fn)
#endif

#endif /* STP_COMPAT_H */
