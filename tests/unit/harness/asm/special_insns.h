/* Host stand-in for <asm/special_insns.h>: the control and segment
 * registers print_regs reads; a host process cannot read them, so they
 * read as 0. */
#ifndef HARNESS_ASM_SPECIAL_INSNS_H
#define HARNESS_ASM_SPECIAL_INSNS_H

static inline unsigned long read_cr0(void) { return 0; }
static inline unsigned long read_cr2(void) { return 0; }
static inline unsigned long __read_cr3(void) { return 0; }
static inline unsigned long __read_cr4(void) { return 0; }

#define savesegment(seg, value) ((value) = 0)

#endif
