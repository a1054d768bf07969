// SPDX-License-Identifier: GPL-2.0
/*
 * target_vars.c - the register and memory reads behind target variables.
 * The translator resolved names, types and offsets from BTF at translate
 * time; here a parameter is a register (x86_64: di, si, dx, cx, r8, r9) or
 * a stack slot above the return address, and every memory hop goes through
 * copy_from_kernel_nofault(), so a bad pointer is a soft error naming the
 * address, never an oops.
 */
#include <linux/ptrace.h>
#include <linux/uaccess.h>

#include "stp_internal.h"
#include "stap_runtime.h"
#include "stap_tapset.h"

/**
 * stp_tv_arg() - argument @n of the probed function at its entry.
 * @c: probe context (its registers).
 * @n: 1-based argument number.
 * @near: script location for an error.
 *
 * Return: the raw 64-bit value, or 0 with a soft error.
 */
notrace s64 stp_tv_arg(struct stp_context *c, s64 n, const char *near)
{
	unsigned long sp;
	u64 v = 0;

	if (!c->regs) {
		stp_error(c, "target variables need the registers of a kernel probe", near);
		return 0;
	}
	switch (n) {
	case 1: return (s64)c->regs->di;
	case 2: return (s64)c->regs->si;
	case 3: return (s64)c->regs->dx;
	case 4: return (s64)c->regs->cx;
	case 5: return (s64)c->regs->r8;
	case 6: return (s64)c->regs->r9;
	}
	if (n < 1 || n > 64) {
		stp_error(c, "function argument number out of range", near);
		return 0;
	}
	/* at the entry the return address is at sp, argument 7 above it */
	sp = kernel_stack_pointer(c->regs);
	if (copy_from_kernel_nofault(&v, (void *)(sp + 8 * (n - 6)), sizeof(v))) {
		char *msg = stp_error_buf();

		snprintf(msg, STP_ERROR_BUF_SIZE, "kernel read fault at 0x%lx",
			 sp + 8 * (unsigned long)(n - 6));
		stp_error(c, msg, near);
		return 0;
	}
	return (s64)v;
}
STP_NOKPROBE(stp_tv_arg);

/**
 * stp_tv_retval() - the return value register in a .return probe.
 * @c: probe context.
 * @near: script location for an error.
 *
 * Return: the raw register, or 0 with a soft error.
 */
notrace s64 stp_tv_retval(struct stp_context *c, const char *near)
{
	if (!c->regs) {
		stp_error(c, "$return needs the registers of a kernel probe", near);
		return 0;
	}
	return (s64)regs_return_value(c->regs);
}
STP_NOKPROBE(stp_tv_retval);

/**
 * stp_tv_read() - @size bytes of kernel memory at @addr.
 * @c: probe context.
 * @addr: kernel address.
 * @size: 1 to 8.
 * @near: script location for an error.
 *
 * Return: the bytes zero-extended (little-endian), or 0 with a soft error.
 */
notrace s64 stp_tv_read(struct stp_context *c, s64 addr, s64 size, const char *near)
{
	u64 v = 0;

	if (size < 1 || size > 8) {
		stp_error(c, "bad target variable size", near);
		return 0;
	}
	if (copy_from_kernel_nofault(&v, (const void *)(unsigned long)addr, (size_t)size)) {
		char *msg = stp_error_buf();

		snprintf(msg, STP_ERROR_BUF_SIZE, "kernel read fault at 0x%lx",
			 (unsigned long)addr);
		stp_error(c, msg, near);
		return 0;
	}
	return (s64)v;
}
STP_NOKPROBE(stp_tv_read);

/* Slot @slot of the entry values, or NULL with a soft error. */
static u64 *stp_tv_slot(struct stp_context *c, s64 slot, const char *near)
{
	if (!c->entry_data || !c->probe || slot < 0 || slot >= c->probe->entry_slots) {
		stp_error(c, "no value saved at the function's entry", near);
		return NULL;
	}
	return &c->entry_data[slot];
}

/**
 * stp_tv_entry() - a value the entry handler of a .return probe saved.
 * @c: probe context.
 * @slot: which value.
 * @near: script location for an error.
 *
 * Return: the value (0 when the entry run was skipped).
 */
notrace s64 stp_tv_entry(struct stp_context *c, s64 slot, const char *near)
{
	u64 *p = stp_tv_slot(c, slot, near);

	return p ? (s64)*p : 0;
}
STP_NOKPROBE(stp_tv_entry);

/**
 * stp_tv_save() - save a value at a function's entry for its .return probe.
 * @c: probe context (an entry run).
 * @slot: which value.
 * @v: the value.
 * @near: script location for an error.
 *
 * Return: @v.
 */
notrace s64 stp_tv_save(struct stp_context *c, s64 slot, s64 v, const char *near)
{
	u64 *p = stp_tv_slot(c, slot, near);

	if (p)
		*p = (u64)v;
	return v;
}
STP_NOKPROBE(stp_tv_save);

/* String slot @slot of the entry values (after the longs), or NULL with a
 * soft error. */
static char *stp_tv_str_slot(struct stp_context *c, s64 slot, const char *near)
{
	if (!c->entry_data || !c->probe || slot < 0 || slot >= c->probe->entry_str_slots) {
		stp_error(c, "no string saved at the function's entry", near);
		return NULL;
	}
	return (char *)(c->entry_data + c->probe->entry_slots) + slot * MAXSTRINGLEN;
}

/**
 * stp_tv_entry_str() - a string the entry handler of a .return probe saved.
 * @c: probe context.
 * @dst: the result (MAXSTRINGLEN).
 * @slot: which string.
 * @near: script location for an error.
 *
 * The string is "" when the entry run was skipped.
 */
notrace void stp_tv_entry_str(struct stp_context *c, char *dst, s64 slot, const char *near)
{
	const char *p = stp_tv_str_slot(c, slot, near);

	strscpy(dst, p ? p : "", MAXSTRINGLEN);
}
STP_NOKPROBE(stp_tv_entry_str);

/**
 * stp_tv_save_str() - save a string at a function's entry for its .return probe.
 * @c: probe context (an entry run).
 * @dst: the result: @s again.
 * @slot: which string.
 * @s: the string.
 * @near: script location for an error.
 */
notrace void stp_tv_save_str(struct stp_context *c, char *dst, s64 slot, const char *s,
			     const char *near)
{
	char *p = stp_tv_str_slot(c, slot, near);

	if (p)
		strscpy(p, s, MAXSTRINGLEN);
	if (dst != s)
		strscpy(dst, s, MAXSTRINGLEN);
}
STP_NOKPROBE(stp_tv_save_str);

/**
 * stp_tv_setarg() - guru mode: change argument @n (1 to 6) of the probed
 * function at its entry, in the saved registers the function resumes with.
 * @c: probe context.
 * @n: 1-based argument number.
 * @v: the new value.
 * @near: script location for an error.
 *
 * Return: @v.
 */
notrace s64 stp_tv_setarg(struct stp_context *c, s64 n, s64 v, const char *near)
{
	if (!c->regs || c->entry_data) {
		stp_error(c, "a parameter can only be written at the function's entry", near);
		return v;
	}
	switch (n) {
	case 1: c->regs->di = (unsigned long)v; break;
	case 2: c->regs->si = (unsigned long)v; break;
	case 3: c->regs->dx = (unsigned long)v; break;
	case 4: c->regs->cx = (unsigned long)v; break;
	case 5: c->regs->r8 = (unsigned long)v; break;
	case 6: c->regs->r9 = (unsigned long)v; break;
	default:
		stp_error(c, "only the first six parameters (registers) can be written", near);
	}
	return v;
}
STP_NOKPROBE(stp_tv_setarg);

/**
 * stp_tv_setret() - guru mode: change the return value in a .return probe.
 * @c: probe context.
 * @v: the new value.
 * @near: script location for an error.
 *
 * Return: @v.
 */
notrace s64 stp_tv_setret(struct stp_context *c, s64 v, const char *near)
{
	if (!c->regs) {
		stp_error(c, "$return needs the registers of a kernel probe", near);
		return v;
	}
	regs_set_return_value(c->regs, (unsigned long)v);
	return v;
}
STP_NOKPROBE(stp_tv_setret);

/**
 * stp_tv_write() - guru mode: write a member of a kernel structure.
 * @c: probe context.
 * @addr: the member's kernel address.
 * @size: 1, 2, 4 or 8 bytes.
 * @v: the value; its low @size bytes are stored.
 * @near: script location for an error.
 *
 * Return: @v (a fault is a soft error).
 */
notrace s64 stp_tv_write(struct stp_context *c, s64 addr, s64 size, s64 v, const char *near)
{
	int rc = size == 1 || size == 2 || size == 4 || size == 8
			 ? stp_kernel_write_value((unsigned long)addr, v, (int)size)
			 : -EINVAL;

	if (rc) {
		char *msg = stp_error_buf();

		snprintf(msg, STP_ERROR_BUF_SIZE, "kernel write fault at 0x%lx",
			 (unsigned long)addr);
		stp_error(c, msg, near);
	}
	return v;
}
STP_NOKPROBE(stp_tv_write);
