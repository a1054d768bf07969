// SPDX-License-Identifier: GPL-2.0
/*
 * deref.c - reads of memory a script names by address: kernel memory with
 * copy_from_kernel_nofault(), the current task's user memory with
 * copy_from_user_nofault().  Neither sleeps nor faults, so a bad address in
 * any context is an error return (the tapset turns it into a soft error or
 * its default value), never an oops.
 *
 * The kernel exports no non-faulting string copy for kernel memory, so
 * strings are read in chunks that never cross a page: the bytes up to the
 * NUL may sit at the end of the last mapped page, and a chunk that stays in
 * one page is either wholly readable or not at all.
 */
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/**
 * stp_kernel_read() - copy @size bytes of kernel memory at @addr into @dst.
 * @dst: destination.
 * @addr: kernel address (user addresses are refused).
 * @size: bytes.
 *
 * Return: 0, or -EFAULT when some byte cannot be read.
 */
notrace int stp_kernel_read(void *dst, unsigned long addr, size_t size)
{
	return copy_from_kernel_nofault(dst, (const void *)addr, size) ? -EFAULT : 0;
}
STP_NOKPROBE(stp_kernel_read);

/**
 * stp_user_read() - copy @size bytes of current's user memory at @addr.
 * @dst: destination.
 * @addr: user address.
 * @size: bytes.
 *
 * Return: 0, or -EFAULT when some byte is not resident or not mapped.
 */
notrace int stp_user_read(void *dst, unsigned long addr, size_t size)
{
	return copy_from_user_nofault(dst, (const void __user *)addr, size) ? -EFAULT : 0;
}
STP_NOKPROBE(stp_user_read);

/* Bytes to read for the next chunk of a string at ADDR, WANT at most. */
static size_t stp_string_chunk(unsigned long addr, size_t want)
{
	return min_t(size_t, want, PAGE_SIZE - offset_in_page(addr));
}

/* The string reader shared by kernel and user memory. */
static int stp_read_string(char *dst, unsigned long addr, s64 max, bool user)
{
	size_t limit = MAXSTRINGLEN - 1, done = 0;

	if (max >= 0 && (u64)max < limit)
		limit = (size_t)max;
	while (done < limit) {
		size_t n = stp_string_chunk(addr + done, limit - done);
		char *nul;
		int rc;

		rc = user ? stp_user_read(dst + done, addr + done, n)
			  : stp_kernel_read(dst + done, addr + done, n);
		if (rc) {
			dst[0] = '\0';
			return rc;
		}
		nul = memchr(dst + done, '\0', n);
		if (nul)
			return 0;
		done += n;
	}
	dst[done] = '\0';
	return 0;
}

/**
 * stp_kernel_string() - the NUL-terminated kernel string at @addr.
 * @dst: result buffer (MAXSTRINGLEN).
 * @addr: kernel address.
 * @max: bytes to read at most (negative: up to MAXSTRINGLEN - 1).
 *
 * Return: 0, or -EFAULT (and @dst empty) when the string is not readable.
 */
notrace int stp_kernel_string(char *dst, unsigned long addr, s64 max)
{
	return stp_read_string(dst, addr, max, false);
}
STP_NOKPROBE(stp_kernel_string);

/**
 * stp_user_string() - the NUL-terminated string at @addr in current's memory.
 * @dst: result buffer (MAXSTRINGLEN).
 * @addr: user address.
 * @max: bytes to read at most (negative: up to MAXSTRINGLEN - 1).
 *
 * Return: 0, or -EFAULT (and @dst empty) when the string is not readable.
 */
notrace int stp_user_string(char *dst, unsigned long addr, s64 max)
{
	return stp_read_string(dst, addr, max, true);
}
STP_NOKPROBE(stp_user_string);

/* Widens the SIZE-byte integer at BYTES. */
static s64 stp_widen(const void *bytes, int size, bool is_signed)
{
	switch (size) {
	case 1:
		return is_signed ? (s64)*(const s8 *)bytes : (s64)*(const u8 *)bytes;
	case 2:
		return is_signed ? (s64)*(const s16 *)bytes : (s64)*(const u16 *)bytes;
	case 4:
		return is_signed ? (s64)*(const s32 *)bytes : (s64)*(const u32 *)bytes;
	default:
		return *(const s64 *)bytes;
	}
}

static int stp_read_value(s64 *out, unsigned long addr, int size, bool is_signed, bool user)
{
	u64 bytes = 0;
	int rc;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	rc = user ? stp_user_read(&bytes, addr, size) : stp_kernel_read(&bytes, addr, size);
	if (rc)
		return rc;
	*out = stp_widen(&bytes, size, is_signed);
	return 0;
}

/**
 * stp_kernel_value() - the @size-byte integer at kernel address @addr.
 * @out: the value, sign- or zero-extended to 64 bits (untouched on error).
 * @addr: kernel address.
 * @size: 1, 2, 4 or 8.
 * @is_signed: sign-extend.
 *
 * Return: 0, -EFAULT when unreadable, -EINVAL for another size.
 */
notrace int stp_kernel_value(s64 *out, unsigned long addr, int size, bool is_signed)
{
	return stp_read_value(out, addr, size, is_signed, false);
}
STP_NOKPROBE(stp_kernel_value);

/**
 * stp_user_value() - the @size-byte integer at @addr in current's memory.
 * @out: the value, sign- or zero-extended to 64 bits (untouched on error).
 * @addr: user address.
 * @size: 1, 2, 4 or 8.
 * @is_signed: sign-extend.
 *
 * Return: 0, -EFAULT when unreadable, -EINVAL for another size.
 */
notrace int stp_user_value(s64 *out, unsigned long addr, int size, bool is_signed)
{
	return stp_read_value(out, addr, size, is_signed, true);
}
STP_NOKPROBE(stp_user_value);
