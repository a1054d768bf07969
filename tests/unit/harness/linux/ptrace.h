/* Host stand-in for <linux/ptrace.h>: x86_64's struct pt_regs and the
 * helpers the register and return-value tapsets call. */
#ifndef HARNESS_LINUX_PTRACE_H
#define HARNESS_LINUX_PTRACE_H

#include <linux/types.h>

struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

static inline int user_mode(struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

static inline unsigned long regs_return_value(struct pt_regs *regs)
{
	return regs->ax;
}

static inline unsigned long kernel_stack_pointer(struct pt_regs *regs)
{
	return regs->sp;
}

#endif
