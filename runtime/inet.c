// SPDX-License-Identifier: GPL-2.0
/*
 * inet.c - network byte order and IPv4 text for the inet tapset, with the
 * kernel's own byte-order helpers and printk's %pI4, so the tapset is
 * right on either endianness.
 */
#include <linux/kernel.h>
#include <asm/byteorder.h>

#include "stp_internal.h"
#include "stap_tapset.h"

/**
 * stp_htonl() - the low 32 bits of @x in network byte order.
 * @x: a host-order value.
 */
notrace s64 stp_htonl(s64 x)
{
	return (__force u32)cpu_to_be32((u32)x);
}
STP_NOKPROBE(stp_htonl);

/**
 * stp_ntohl() - the low 32 bits of @x (network order) in host byte order.
 * @x: a network-order value.
 */
notrace s64 stp_ntohl(s64 x)
{
	return be32_to_cpu((__force __be32)(u32)x);
}
STP_NOKPROBE(stp_ntohl);

/**
 * stp_htons() - the low 16 bits of @x in network byte order.
 * @x: a host-order value.
 */
notrace s64 stp_htons(s64 x)
{
	return (__force u16)cpu_to_be16((u16)x);
}
STP_NOKPROBE(stp_htons);

/**
 * stp_ntohs() - the low 16 bits of @x (network order) in host byte order.
 * @x: a network-order value.
 */
notrace s64 stp_ntohs(s64 x)
{
	return be16_to_cpu((__force __be16)(u16)x);
}
STP_NOKPROBE(stp_ntohs);

/**
 * stp_ip_ntop() - the IPv4 address @addr as "a.b.c.d".
 * @dst: result buffer (MAXSTRINGLEN).
 * @addr: the address in network byte order (its low 32 bits), as the
 *        kernel's structures hold it.
 */
notrace void stp_ip_ntop(char *dst, s64 addr)
{
	__be32 a = (__force __be32)(u32)addr;

	snprintf(dst, MAXSTRINGLEN, "%pI4", &a);
}
STP_NOKPROBE(stp_ip_ntop);
