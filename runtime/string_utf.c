// SPDX-License-Identifier: GPL-2.0
/*
 * string_utf.c - UTF-16 and UTF-32 strings in kernel memory, read without
 * faulting and returned as UTF-8 (kernel_string_utf16/utf32).
 *
 * One code unit is read at a time through stp_kernel_read(), up to a 0 unit
 * or until the UTF-8 result fills MAXSTRINGLEN - 1 bytes (a character that
 * would not fit whole is left out).  A lone or reversed surrogate, or a code
 * point past U+10FFFF, is refused rather than passed on as invalid UTF-8.
 */
#include <linux/errno.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/* Appends code point CP as UTF-8; false when it would not fit. */
static bool stp_utf8_put(char *dst, size_t *len, u32 cp)
{
	char b[4];
	size_t n, i;

	if (cp < 0x80) {
		b[0] = cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = 0xc0 | (cp >> 6);
		b[1] = 0x80 | (cp & 0x3f);
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = 0xe0 | (cp >> 12);
		b[1] = 0x80 | ((cp >> 6) & 0x3f);
		b[2] = 0x80 | (cp & 0x3f);
		n = 3;
	} else {
		b[0] = 0xf0 | (cp >> 18);
		b[1] = 0x80 | ((cp >> 12) & 0x3f);
		b[2] = 0x80 | ((cp >> 6) & 0x3f);
		b[3] = 0x80 | (cp & 0x3f);
		n = 4;
	}
	if (*len + n > MAXSTRINGLEN - 1)
		return false;
	for (i = 0; i < n; i++)
		dst[(*len)++] = b[i];
	return true;
}

/**
 * stp_kernel_string_utf() - a UTF-16 or UTF-32 string at @addr, as UTF-8.
 * @dst: result buffer (MAXSTRINGLEN); empty on error.
 * @addr: kernel address of the first code unit.
 * @unit: 2 (UTF-16, host byte order) or 4 (UTF-32).
 *
 * Return: 0, -EFAULT when a unit cannot be read, -EILSEQ for an invalid
 * sequence.
 */
notrace int stp_kernel_string_utf(char *dst, unsigned long addr, int unit)
{
	size_t len = 0;
	int rc = 0;

	for (;;) {
		u32 cp;

		if (unit == 2) {
			u16 u, lo;

			rc = stp_kernel_read(&u, addr, 2);
			if (rc)
				break;
			addr += 2;
			cp = u;
			if (u >= 0xdc00 && u <= 0xdfff) {
				rc = -EILSEQ;
				break;
			}
			if (u >= 0xd800 && u <= 0xdbff) {
				rc = stp_kernel_read(&lo, addr, 2);
				if (rc)
					break;
				if (lo < 0xdc00 || lo > 0xdfff) {
					rc = -EILSEQ;
					break;
				}
				addr += 2;
				cp = 0x10000 + ((u32)(u - 0xd800) << 10) + (lo - 0xdc00);
			}
		} else {
			rc = stp_kernel_read(&cp, addr, 4);
			if (rc)
				break;
			addr += 4;
			if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
				rc = -EILSEQ;
				break;
			}
		}
		if (cp == 0 || !stp_utf8_put(dst, &len, cp))
			break;
	}
	if (rc)
		len = 0;
	dst[len] = '\0';
	return rc;
}
STP_NOKPROBE(stp_kernel_string_utf);
