// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_regs.c - the user's system call arguments as the x86_64 syscall
 * wrappers (__x64_sys_NAME(const struct pt_regs *regs)) receive them: the
 * syscall tapsets read argument N from the saved user registers.  The
 * register of each argument is the system call ABI's (di, si, dx, r10, r8,
 * r9); the offsets come from the kernel's own struct pt_regs.
 */
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <asm/ptrace.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/**
 * stp_syscall_user_arg() - argument @n of the system call whose user
 * registers are saved at @regs.
 * @out: the argument's full 64-bit register.
 * @regs: the struct pt_regs address a __x64_sys_ wrapper got.
 * @n: 1 to 6.
 *
 * Return: 0, -EINVAL for another @n or another architecture, -EFAULT when
 * @regs cannot be read.
 */
notrace int stp_syscall_user_arg(s64 *out, unsigned long regs, s64 n)
{
#ifdef CONFIG_X86_64
	static const size_t offsets[] = {
		offsetof(struct pt_regs, di), offsetof(struct pt_regs, si),
		offsetof(struct pt_regs, dx), offsetof(struct pt_regs, r10),
		offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9),
	};

	if (n < 1 || n > 6)
		return -EINVAL;
	return stp_kernel_value(out, regs + offsets[n - 1], 8, false);
#else
	return -EINVAL;
#endif
}
STP_NOKPROBE(stp_syscall_user_arg);
