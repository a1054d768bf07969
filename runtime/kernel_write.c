// SPDX-License-Identifier: GPL-2.0
/*
 * kernel_write.c - writes to kernel memory a guru-mode script names by
 * address (the set_kernel_* tapset functions).  copy_to_kernel_nofault()
 * is not exported to modules, so this does what it does: page faults off,
 * each byte stored with __put_kernel_nofault(), whose exception-table entry
 * turns a fault into an error return.  An unmapped or read-only address is
 * an error the tapset makes a soft error, never an oops.
 */
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/**
 * stp_kernel_write() - copy @size bytes from @src to kernel address @addr.
 * @addr: kernel address.
 * @src: the bytes.
 * @size: how many.
 *
 * Return: 0, or -EFAULT when the memory cannot be written.
 */
notrace int stp_kernel_write(unsigned long addr, const void *src, size_t size)
{
	const u8 *from = src;
	size_t i;

	/* user memory is not written through here (SMAP would trap it) */
	if (addr < TASK_SIZE_MAX + PAGE_SIZE || addr + size < addr)
		return -EFAULT;
	pagefault_disable();
	for (i = 0; i < size; i++)
		__put_kernel_nofault((u8 *)(addr + i), from + i, u8, fault);
	pagefault_enable();
	return 0;
fault:
	pagefault_enable();
	return -EFAULT;
}
STP_NOKPROBE(stp_kernel_write);

/**
 * stp_kernel_write_value() - store the low @size bytes of @v at @addr.
 * @addr: kernel address.
 * @v: the value.
 * @size: 1, 2, 4 or 8.
 *
 * Return: 0, -EINVAL for another size, or -EFAULT.
 */
notrace int stp_kernel_write_value(unsigned long addr, s64 v, int size)
{
	u8 b = v;
	u16 h = v;
	u32 w = v;
	u64 q = v;

	switch (size) {
	case 1:
		return stp_kernel_write(addr, &b, 1);
	case 2:
		return stp_kernel_write(addr, &h, 2);
	case 4:
		return stp_kernel_write(addr, &w, 4);
	case 8:
		return stp_kernel_write(addr, &q, 8);
	}
	return -EINVAL;
}
STP_NOKPROBE(stp_kernel_write_value);
