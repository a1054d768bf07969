// SPDX-License-Identifier: GPL-2.0
/*
 * symbols.c - kernel addresses as symbols, and the current kernel stack,
 * for the symbols and backtrace tapsets.
 *
 * Names come from the kernel's own kallsyms through sprint_symbol() (the
 * lookup functions themselves are not exported).  In a kprobe the stack is
 * unwound from the registers saved at the hit (the kernel's unwinder, ORC on
 * x86_64), so it starts at the probed function; elsewhere it is
 * stack_trace_save()'s, without the frames inside this module.  Both need
 * buffers too big for the kernel stack; one handler at a time runs on a cpu
 * (preemption off, an interrupt's probe skipped as re-entrant), so one per
 * cpu suffices.
 */
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/stacktrace.h>
#ifdef CONFIG_X86_64
#include <asm/unwind.h>
#endif

#include "stp_internal.h"
#include "stap_embedded.h"
#include "stap_tapset.h"

#ifndef STP_BACKTRACE_MAX
#define STP_BACKTRACE_MAX 32           /* frames a backtrace shows */
#endif

struct stp_symbol_scratch {
	char sym[KSYM_SYMBOL_LEN];
	unsigned long entries[STP_BACKTRACE_MAX + 8];
};
static DEFINE_PER_CPU(struct stp_symbol_scratch, stp_symbol_scratch);

/* "name+0xo/0xs [mod]"; the kernel's own symbols get "[kernel]", as upstream
 * prints them; an address kallsyms does not know stays hex. */
static char *stp_format_symdata(unsigned long addr)
{
	char *sym = this_cpu_ptr(&stp_symbol_scratch)->sym;
	size_t n;

	n = sprint_symbol(sym, addr);
	if (n && sym[0] != '0' && !strchr(sym, '[') && n + sizeof(" [kernel]") <= KSYM_SYMBOL_LEN)
		memcpy(sym + n, " [kernel]", sizeof(" [kernel]"));
	return sym;
}

/**
 * stp_symname() - the name of the kernel function or object at @addr.
 * @dst: result buffer (MAXSTRINGLEN).
 * @addr: kernel address.
 *
 * An unknown address is printed in hex ("0xffffffff81000000").
 */
notrace void stp_symname(char *dst, unsigned long addr)
{
	char *sym = this_cpu_ptr(&stp_symbol_scratch)->sym;
	char *mod;

	sprint_symbol_no_offset(sym, addr);
	mod = strchr(sym, ' ');
	if (mod)
		*mod = '\0';
	strscpy(dst, sym, MAXSTRINGLEN);
}
STP_NOKPROBE(stp_symname);

/**
 * stp_symdata() - @addr as "name+0xoffset/0xsize [module]".
 * @dst: result buffer (MAXSTRINGLEN).
 * @addr: kernel address.
 */
notrace void stp_symdata(char *dst, unsigned long addr)
{
	strscpy(dst, stp_format_symdata(addr), MAXSTRINGLEN);
}
STP_NOKPROBE(stp_symdata);

#ifdef CONFIG_X86_64
/* The stack of the code the probe hit, from the registers saved there (a
 * kprobe's): the probed pc first, then its callers, through the kernel's
 * unwinder, so the kprobe machinery's own frames are not in it. */
static unsigned int stp_stack_from_regs(struct pt_regs *regs, unsigned long *e, unsigned int max)
{
	struct unwind_state state;
	unsigned int n = 0;

	/* the unwinder starts at the caller of the frame regs describe */
	e[n++] = instruction_pointer(regs);
	for (unwind_start(&state, current, regs, NULL); !unwind_done(&state) && n < max;
	     unwind_next_frame(&state)) {
		unsigned long addr = unwind_get_return_address(&state);

		if (!addr)
			break;
		e[n++] = addr;
	}
	return n;
}
#endif

/* The stack at the probe (from its kernel registers when it has them, else
 * the current one without this module's frames); returns the entry count
 * and points *OUT at the first. */
static unsigned int stp_stack_collect(struct stp_context *c, unsigned long **out)
{
	unsigned long *e = this_cpu_ptr(&stp_symbol_scratch)->entries;
	unsigned int n, first = 0;

#ifdef CONFIG_X86_64
	if (c && c->regs && !user_mode(c->regs)) {
		n = stp_stack_from_regs(c->regs, e, STP_BACKTRACE_MAX);
		if (n) {
			*out = e;
			return n;
		}
	}
#endif
	n = stack_trace_save(e, STP_BACKTRACE_MAX + 8, 0);
	while (first < n && within_module(e[first], THIS_MODULE))
		first++;
	*out = e + first;
	return min_t(unsigned int, n - first, STP_BACKTRACE_MAX);
}

/**
 * stp_backtrace_hex() - the kernel stack at the probe as "0x... 0x..."
 * (innermost first), the form print_syms() reads back.
 * @c: probe context (its registers, when a kprobe hit).
 * @dst: result buffer (MAXSTRINGLEN); cut at a whole address.
 */
notrace void stp_backtrace_hex(struct stp_context *c, char *dst)
{
	unsigned long *e;
	unsigned int n = stp_stack_collect(c, &e);
	size_t len = 0;

	dst[0] = '\0';
	for (unsigned int i = 0; i < n; i++) {
		int w = snprintf(dst + len, MAXSTRINGLEN - len, "%s0x%lx", i ? " " : "", e[i]);

		if (w < 0 || (size_t)w >= MAXSTRINGLEN - len) {
			dst[len] = '\0';
			break;
		}
		len += (size_t)w;
	}
}
STP_NOKPROBE(stp_backtrace_hex);

/**
 * stp_backtrace_sprint() - the kernel stack at the probe, one "symdata" line
 * per frame, each ending in a newline.
 * @c: probe context.
 * @dst: result buffer (MAXSTRINGLEN); cut at a whole line.
 */
notrace void stp_backtrace_sprint(struct stp_context *c, char *dst)
{
	unsigned long *e;
	unsigned int n = stp_stack_collect(c, &e);
	size_t len = 0;

	dst[0] = '\0';
	for (unsigned int i = 0; i < n; i++) {
		int w = snprintf(dst + len, MAXSTRINGLEN - len, "%s\n", stp_format_symdata(e[i]));

		if (w < 0 || (size_t)w >= MAXSTRINGLEN - len) {
			dst[len] = '\0';
			break;
		}
		len += (size_t)w;
	}
}
STP_NOKPROBE(stp_backtrace_sprint);

/* One frame as print_backtrace() and print_syms() print it. */
static void stp_print_frame(struct stp_context *c, unsigned long addr)
{
	stp_printf(c->print, " 0x%lx : %s\n", addr, stp_format_symdata(addr));
}

/**
 * stp_backtrace_print() - print the current kernel stack, one
 * " 0xADDR : name+0xo/0xs [module]" line per frame.
 * @c: probe context.
 */
notrace void stp_backtrace_print(struct stp_context *c)
{
	unsigned long *e;
	unsigned int n = stp_stack_collect(c, &e);

	for (unsigned int i = 0; i < n; i++)
		stp_print_frame(c, e[i]);
}
STP_NOKPROBE(stp_backtrace_print);

/**
 * stp_syms_print() - print each hex address of @hex_list as a frame.
 * @c: probe context.
 * @hex_list: addresses separated by blanks ("0x... 0x..."), as backtrace()
 *            returns them; a word that is not hex ends the list.
 */
notrace void stp_syms_print(struct stp_context *c, const char *hex_list)
{
	const char *p = hex_list;

	for (;;) {
		unsigned long addr = 0;
		int digits = 0;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			return;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		for (; *p && *p != ' ' && *p != '\t' && *p != '\n'; p++, digits++) {
			int v = hex_to_bin(*p);

			if (v < 0 || digits >= 16)
				return;
			addr = (addr << 4) | (unsigned long)v;
		}
		if (!digits)
			return;
		stp_print_frame(c, addr);
	}
}
STP_NOKPROBE(stp_syms_print);
