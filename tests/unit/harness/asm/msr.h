/* Host stand-in for <asm/msr.h>: the model-specific registers print_regs
 * reads; a host process cannot read them, so they read as 0. */
#ifndef HARNESS_ASM_MSR_H
#define HARNESS_ASM_MSR_H

#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102

#define rdmsrl(msr, val) ((void)(msr), (val) = 0)

#endif
