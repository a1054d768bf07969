/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stap_float.h - binary64 arithmetic on bit patterns held in longs, in
 * integers only (float64.c); the floating-point tapset calls these.
 */
#ifndef STAP_FLOAT_H
#define STAP_FLOAT_H

#include <linux/types.h>

/* fp_to_long's rounding modes, numbered as upstream's tapset documents them */
enum {
	STP_FP_ROUND_NEAR_EVEN = 0,
	STP_FP_ROUND_MIN_MAG = 1,
	STP_FP_ROUND_MIN = 2,
	STP_FP_ROUND_MAX = 3,
	STP_FP_ROUND_NEAR_MAX_MAG = 4,
	STP_FP_ROUND_ODD = 6,
};

u64 stp_fp_add(u64 a, u64 b);
u64 stp_fp_sub(u64 a, u64 b);
u64 stp_fp_mul(u64 a, u64 b);
u64 stp_fp_div(u64 a, u64 b);
u64 stp_fp_rem(u64 a, u64 b);
u64 stp_fp_sqrt(u64 a);
bool stp_fp_eq(u64 a, u64 b);
bool stp_fp_lt(u64 a, u64 b);
bool stp_fp_le(u64 a, u64 b);
u64 stp_fp_from_long(s64 v);
int stp_fp_to_long(u64 a, int mode, s64 *out);
u64 stp_fp32_to_fp64(u32 f);
void stp_fp_to_string(char *dst, size_t size, u64 a, int prec);
int stp_string_to_fp(const char *s, u64 *out);

#endif /* STAP_FLOAT_H */
