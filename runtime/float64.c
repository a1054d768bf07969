// SPDX-License-Identifier: GPL-2.0
/*
 * float64.c - IEEE 754 binary64 arithmetic on the 64-bit bit pattern, in
 * integers only (the floating-point tapset: fp_add, fp_to_string, ...).
 *
 * Module code may not touch the FPU, so every operation works on the
 * unpacked significand and exponent and rounds once, to nearest with ties
 * to even, as the hardware does by default; results are bit-for-bit those
 * of an x86-64 CPU (tests/unit checks them against the host's).  A NaN
 * result is the x86 default NaN unless an operand was a NaN, which is
 * passed on quieted.  Decimal conversion is exact: fp_to_string prints what
 * printf("%.*f") prints, string_to_fp rounds the decimal value correctly
 * (digits past the 60th count only as "not zero").
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "stap_float.h"

#define FP_SIGN (1ULL << 63)
#define FP_FRAC ((1ULL << 52) - 1)
#define FP_INF 0x7ff0000000000000ULL
#define FP_DEFAULT_NAN 0xfff8000000000000ULL
#define FP_QUIET (1ULL << 51)

typedef unsigned __int128 u128;

static bool fp_is_nan(u64 a)
{
	return (a & ~FP_SIGN) > FP_INF;
}

static bool fp_is_inf(u64 a)
{
	return (a & ~FP_SIGN) == FP_INF;
}

static bool fp_is_zero(u64 a)
{
	return !(a & ~FP_SIGN);
}

/* The NaN an operation on A and B gives (one of them is a NaN). */
static u64 fp_nan_of(u64 a, u64 b)
{
	return (fp_is_nan(a) ? a : b) | FP_QUIET;
}

/* A finite nonzero A as sig * 2^exp. */
static void fp_unpack(u64 a, u64 *sig, int *exp)
{
	int e = (a >> 52) & 0x7ff;

	*sig = a & FP_FRAC;
	if (e) {
		*sig |= 1ULL << 52;
		*exp = e - 1075;
	} else {
		*exp = -1074;
	}
}

/* X shifted right by N, with every bit shifted out ORed into bit 0. */
static u64 shr_jam(u64 x, int n)
{
	if (n <= 0)
		return x;
	if (n >= 64)
		return x != 0;
	return (x >> n) | ((x << (64 - n)) != 0);
}

/* A 128-bit significand as 64 bits (lost bits in bit 0), *exp adjusted. */
static u64 narrow128(u128 x, int *exp)
{
	u64 hi = (u64)(x >> 64), lo = (u64)x;
	int n;

	if (!hi)
		return lo;
	n = 64 - __builtin_clzll(hi);
	*exp += n;
	return (u64)(x >> n) | ((lo << (64 - n)) != 0);
}

/* (-1)^sign * sig * 2^exp rounded to a double; sig != 0, its bit 0 sticky. */
static u64 fp_round_pack(bool sign, int exp, u64 sig)
{
	int n = __builtin_clzll(sig), be;
	u64 m, rest, bits, s = sign ? FP_SIGN : 0;

	sig <<= n;
	exp -= n;
	/* the value is 1.f * 2^(exp + 63) */
	be = exp + 63 + 1023;
	if (be >= 2047)
		return s | FP_INF;
	if (be <= 0) {
		sig = shr_jam(sig, 1 - be);
		be = 0;
	} else {
		be--;   /* the leading bit of m adds the 1 back */
	}
	m = sig >> 11;
	rest = sig & 0x7ff;
	if (rest > 0x400 || (rest == 0x400 && (m & 1)))
		m++;
	bits = ((u64)be << 52) + m;
	return s | bits;
}

static u64 fp_add_signed(u64 a, u64 b, bool negate_b)
{
	bool sa = a >> 63, sb = (b >> 63) ^ negate_b;
	u64 ma, mb;
	int ea, eb;

	if (fp_is_nan(a) || fp_is_nan(b))
		return fp_nan_of(a, b);
	if (fp_is_inf(a)) {
		if (fp_is_inf(b) && sa != sb)
			return FP_DEFAULT_NAN;
		return a;
	}
	if (fp_is_inf(b))
		return (b & ~FP_SIGN) | (sb ? FP_SIGN : 0);
	if (fp_is_zero(a) && fp_is_zero(b))
		return (sa && sb) ? FP_SIGN : 0;
	if (fp_is_zero(b))
		return a;
	if (fp_is_zero(a))
		return (b & ~FP_SIGN) | (sb ? FP_SIGN : 0);
	fp_unpack(a, &ma, &ea);
	fp_unpack(b, &mb, &eb);
	/* both with the top bit at 62: room for a carry and 9 guard bits */
	ea -= __builtin_clzll(ma) - 1;
	ma <<= __builtin_clzll(ma) - 1;
	eb -= __builtin_clzll(mb) - 1;
	mb <<= __builtin_clzll(mb) - 1;
	if (ea < eb || (ea == eb && ma < mb)) {
		u64 tm = ma;
		int te = ea;
		bool ts = sa;

		ma = mb, ea = eb, sa = sb;
		mb = tm, eb = te, sb = ts;
	}
	mb = shr_jam(mb, ea - eb);
	if (sa == sb)
		return fp_round_pack(sa, ea, ma + mb);
	if (ma == mb)
		return 0;       /* x - x is +0 when rounding to nearest */
	return fp_round_pack(sa, ea, ma - mb);
}

/**
 * stp_fp_add - @a + @b, correctly rounded.
 * @a: a double's bit pattern
 * @b: a double's bit pattern
 */
u64 stp_fp_add(u64 a, u64 b)
{
	return fp_add_signed(a, b, false);
}

/**
 * stp_fp_sub - @a - @b, correctly rounded.
 * @a: a double's bit pattern
 * @b: a double's bit pattern
 */
u64 stp_fp_sub(u64 a, u64 b)
{
	return fp_add_signed(a, b, true);
}

/**
 * stp_fp_mul - @a * @b, correctly rounded.
 * @a: a double's bit pattern
 * @b: a double's bit pattern
 */
u64 stp_fp_mul(u64 a, u64 b)
{
	bool s = (a ^ b) >> 63;
	u64 ma, mb, m;
	int ea, eb, e;

	if (fp_is_nan(a) || fp_is_nan(b))
		return fp_nan_of(a, b);
	if (fp_is_inf(a) || fp_is_inf(b)) {
		if (fp_is_zero(a) || fp_is_zero(b))
			return FP_DEFAULT_NAN;
		return FP_INF | (s ? FP_SIGN : 0);
	}
	if (fp_is_zero(a) || fp_is_zero(b))
		return s ? FP_SIGN : 0;
	fp_unpack(a, &ma, &ea);
	fp_unpack(b, &mb, &eb);
	e = ea + eb;
	m = narrow128((u128)ma * mb, &e);
	return fp_round_pack(s, e, m);
}

/**
 * stp_fp_div - @a / @b, correctly rounded.
 * @a: a double's bit pattern
 * @b: a double's bit pattern
 */
u64 stp_fp_div(u64 a, u64 b)
{
	bool s = (a ^ b) >> 63;
	u64 ma, mb, m, r;
	int ea, eb, e, i;

	if (fp_is_nan(a) || fp_is_nan(b))
		return fp_nan_of(a, b);
	if (fp_is_inf(a))
		return fp_is_inf(b) ? FP_DEFAULT_NAN : (FP_INF | (s ? FP_SIGN : 0));
	if (fp_is_inf(b))
		return s ? FP_SIGN : 0;
	if (fp_is_zero(b))
		return fp_is_zero(a) ? FP_DEFAULT_NAN : (FP_INF | (s ? FP_SIGN : 0));
	if (fp_is_zero(a))
		return s ? FP_SIGN : 0;
	fp_unpack(a, &ma, &ea);
	fp_unpack(b, &mb, &eb);
	/* both significands 53 bits wide: ma / mb lies in (1/2, 2) */
	ea -= __builtin_clzll(ma) - 11;
	ma <<= __builtin_clzll(ma) - 11;
	eb -= __builtin_clzll(mb) - 11;
	mb <<= __builtin_clzll(mb) - 11;
	/* 64 quotient bits by long division (no 128-bit divide in the kernel) */
	r = ma;
	m = 0;
	for (i = 0; i < 64; i++) {
		m <<= 1;
		if (r >= mb) {
			r -= mb;
			m |= 1;
		}
		r <<= 1;        /* r < mb < 2^53 */
	}
	e = ea - eb - 63;
	m |= r != 0;
	return fp_round_pack(s, e, m);
}

/**
 * stp_fp_sqrt - the square root of @a, correctly rounded (a NaN below 0).
 * @a: a double's bit pattern
 */
u64 stp_fp_sqrt(u64 a)
{
	u128 x, r = 0, bit;
	u64 m;
	int e, shift;

	if (fp_is_nan(a))
		return a | FP_QUIET;
	if (fp_is_zero(a))
		return a;
	if (a >> 63)
		return FP_DEFAULT_NAN;
	if (fp_is_inf(a))
		return a;
	fp_unpack(a, &m, &e);
	e -= __builtin_clzll(m) - 11;
	m <<= __builtin_clzll(m) - 11;
	shift = (e & 1) ? 75 : 74;  /* an even exponent left over */
	x = (u128)m << shift;
	e -= shift;
	/* bit-by-bit integer square root of x */
	bit = (u128)1 << 126;
	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return fp_round_pack(false, e / 2, (u64)r | (x != 0));
}

/**
 * stp_fp_rem - the IEEE remainder of @a / @b: a - n * b, n the quotient
 * rounded to the nearest integer (ties to even); exact.
 * @a: a double's bit pattern
 * @b: a double's bit pattern
 */
u64 stp_fp_rem(u64 a, u64 b)
{
	bool s = a >> 63, odd = false;
	u64 ma, mb, r;
	int ea, eb, i;

	if (fp_is_nan(a) || fp_is_nan(b))
		return fp_nan_of(a, b);
	if (fp_is_inf(a) || fp_is_zero(b))
		return FP_DEFAULT_NAN;
	if (fp_is_inf(b) || fp_is_zero(a))
		return a;
	fp_unpack(a, &ma, &ea);
	fp_unpack(b, &mb, &eb);
	ea -= __builtin_clzll(ma) - 11;
	ma <<= __builtin_clzll(ma) - 11;
	eb -= __builtin_clzll(mb) - 11;
	mb <<= __builtin_clzll(mb) - 11;
	/* both 53 bits wide: |a| < 2^(ea + 53) <= |b| / 2 when ea < eb - 1 */
	if (ea < eb - 1)
		return a;
	if (ea < eb) {
		mb <<= 1;
		eb--;
	}
	r = ma % mb;
	odd = (ma / mb) & 1;
	for (i = 0; i < ea - eb; i++) {
		r <<= 1;        /* r < mb < 2^54: no overflow */
		odd = false;
		if (r >= mb) {
			r -= mb;
			odd = true;
		}
	}
	/* a = q * b + r (in units of 2^eb); round q to nearest, ties to even */
	if (2 * r > mb || (2 * r == mb && odd)) {
		r = mb - r;
		s = !s;
	}
	if (!r)
		return a & FP_SIGN;
	return fp_round_pack(s, eb, r);
}

/* -1, 0, 1 for a < b, a == b, a > b; 2 when unordered (a NaN). */
static int fp_compare(u64 a, u64 b)
{
	s64 ka, kb;

	if (fp_is_nan(a) || fp_is_nan(b))
		return 2;
	if (fp_is_zero(a) && fp_is_zero(b))
		return 0;
	/* sign-magnitude to a total order on integers */
	ka = (a >> 63) ? -(s64)(a & ~FP_SIGN) : (s64)a;
	kb = (b >> 63) ? -(s64)(b & ~FP_SIGN) : (s64)b;
	return ka < kb ? -1 : ka > kb;
}

/**
 * stp_fp_eq - @a == @b (false when either is a NaN; 0 == -0).
 * @a: a double's bit pattern
 * @b: a double's bit pattern
 */
bool stp_fp_eq(u64 a, u64 b)
{
	return fp_compare(a, b) == 0;
}

/**
 * stp_fp_lt - @a < @b (false when either is a NaN).
 * @a: a double's bit pattern
 * @b: a double's bit pattern
 */
bool stp_fp_lt(u64 a, u64 b)
{
	return fp_compare(a, b) == -1;
}

/**
 * stp_fp_le - @a <= @b (false when either is a NaN).
 * @a: a double's bit pattern
 * @b: a double's bit pattern
 */
bool stp_fp_le(u64 a, u64 b)
{
	int c = fp_compare(a, b);

	return c == -1 || c == 0;
}

/**
 * stp_fp_from_long - @v as a double, correctly rounded.
 * @v: a 64-bit integer
 */
u64 stp_fp_from_long(s64 v)
{
	u64 m = v < 0 ? 0 - (u64)v : (u64)v;

	if (!m)
		return 0;
	return fp_round_pack(v < 0, 0, m);
}

/**
 * stp_fp_to_long - @a rounded to an integer in rounding @mode.
 * @a: a double's bit pattern
 * @mode: STP_FP_ROUND_*
 * @out: the result; INT64_MIN (as x86 gives) for a NaN or out of range
 *
 * Return: 0, or -EINVAL for an unknown @mode.
 */
int stp_fp_to_long(u64 a, int mode, s64 *out)
{
	bool s = a >> 63, up;
	u64 m, q, rest, half;
	int e;

	*out = (s64)FP_SIGN;
	if (mode < STP_FP_ROUND_NEAR_EVEN || mode > STP_FP_ROUND_ODD || mode == 5)
		return -EINVAL;
	if (fp_is_nan(a) || fp_is_inf(a))
		return 0;
	if (fp_is_zero(a)) {
		*out = 0;
		return 0;
	}
	fp_unpack(a, &m, &e);
	if (e >= 0) {
		if (e > 10)     /* 2^63 or more */
			return 0;
		q = m << e;
		if (q > (s ? FP_SIGN : FP_SIGN - 1))
			return 0;
		*out = s ? (s64)(0 - q) : (s64)q;
		return 0;
	}
	if (e < -64) {
		q = 0;
		rest = 1;       /* below 2^-11: only "not zero" matters */
		half = 2;
	} else if (e == -64) {
		q = 0;
		rest = m;
		half = FP_SIGN;
	} else {
		q = m >> -e;
		rest = m & ((1ULL << -e) - 1);
		half = 1ULL << (-e - 1);
	}
	switch (mode) {
	case STP_FP_ROUND_NEAR_EVEN:
		up = rest > half || (rest == half && (q & 1));
		break;
	case STP_FP_ROUND_MIN_MAG:
		up = false;
		break;
	case STP_FP_ROUND_MIN:
		up = s && rest;
		break;
	case STP_FP_ROUND_MAX:
		up = !s && rest;
		break;
	case STP_FP_ROUND_NEAR_MAX_MAG:
		up = rest >= half;
		break;
	default:        /* to odd */
		up = rest && !(q & 1);
		break;
	}
	q += up;
	if (q > (s ? FP_SIGN : FP_SIGN - 1))
		return 0;
	*out = s ? (s64)(0 - q) : (s64)q;
	return 0;
}

/**
 * stp_fp32_to_fp64 - the float with bit pattern @f as a double (exact).
 * @f: a float's bit pattern
 */
u64 stp_fp32_to_fp64(u32 f)
{
	bool s = f >> 31;
	int e = (f >> 23) & 0xff;
	u64 m = f & 0x7fffff;

	if (e == 0xff) {
		if (m)  /* NaN: payload kept, quieted */
			return (s ? FP_SIGN : 0) | FP_INF | FP_QUIET | (m << 29);
		return (s ? FP_SIGN : 0) | FP_INF;
	}
	if (!e && !m)
		return s ? FP_SIGN : 0;
	if (e)
		return fp_round_pack(s, e - 150, m | (1 << 23));
	return fp_round_pack(s, -149, m);
}

/* ---- decimal conversion: big integers in base 10^9 ---- */

#define BIG_BASE 1000000000U
#define BIG_LIMBS 90            /* 5^1074 * 2^53 < 10^810 */

struct fp_big {
	int n;                  /* limbs in use, least significant first */
	u32 d[BIG_LIMBS];
};

static void big_mul_small(struct fp_big *b, u32 f)
{
	u64 carry = 0;
	int i;

	for (i = 0; i < b->n; i++) {
		u64 t = (u64)b->d[i] * f + carry;

		b->d[i] = t % BIG_BASE;
		carry = t / BIG_BASE;
	}
	while (carry && b->n < BIG_LIMBS) {
		b->d[b->n++] = carry % BIG_BASE;
		carry /= BIG_BASE;
	}
}

/* Divides by @div (<= 10^9); returns the remainder. */
static u32 big_div_small(struct fp_big *b, u32 div)
{
	u64 rem = 0;
	int i;

	for (i = b->n - 1; i >= 0; i--) {
		u64 t = rem * BIG_BASE + b->d[i];

		b->d[i] = t / div;
		rem = t % div;
	}
	while (b->n > 0 && !b->d[b->n - 1])
		b->n--;
	return rem;
}

static void big_add_one(struct fp_big *b)
{
	int i;

	for (i = 0; i < b->n; i++) {
		if (++b->d[i] < BIG_BASE)
			return;
		b->d[i] = 0;
	}
	if (b->n < BIG_LIMBS)
		b->d[b->n++] = 1;
}

static const u32 pow10_small[10] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

/* The decimal digit of big at position @pos from the right, as a character. */
static char big_digit(const struct fp_big *b, int pos)
{
	return '0' + (b->d[pos / 9] / pow10_small[pos % 9]) % 10;
}

struct fp_out {
	char *p, *end;
};

static void out_char(struct fp_out *o, char ch)
{
	if (o->p < o->end)
		*o->p++ = ch;
}

static void out_str(struct fp_out *o, const char *s)
{
	while (*s)
		out_char(o, *s++);
}

/**
 * stp_fp_to_string - @a with @prec digits after the decimal point, as
 * printf("%.*f") prints it (exact, rounded to nearest with ties to even).
 * @dst: the result
 * @size: bytes at @dst (the text is cut to fit)
 * @a: a double's bit pattern
 * @prec: digits after the point, 0 to 1100 (clamped)
 */
void stp_fp_to_string(char *dst, size_t size, u64 a, int prec)
{
	struct fp_out o = { dst, dst + size - 1 };
	struct fp_big big;
	int e, k, drop, nd, i, point;
	u64 m;

	if (!size)
		return;
	if (prec < 0)
		prec = 0;
	if (prec > 1100)
		prec = 1100;
	if (a >> 63)
		out_char(&o, '-');
	if (fp_is_nan(a) || fp_is_inf(a)) {
		out_str(&o, fp_is_nan(a) ? "nan" : "inf");
		*o.p = '\0';
		return;
	}
	/* the value is m * 2^e = big / 10^k */
	big.n = 0;
	m = 0;
	e = 0;
	if (!fp_is_zero(a))
		fp_unpack(a, &m, &e);
	while (m) {
		big.d[big.n++] = m % BIG_BASE;
		m /= BIG_BASE;
	}
	k = 0;
	while (e > 0) {
		int c = e > 29 ? 29 : e;

		big_mul_small(&big, 1U << c);
		e -= c;
	}
	while (e < 0) {
		int c = -e > 13 ? 13 : -e;
		u32 f = 1;

		for (i = 0; i < c; i++)
			f *= 5;
		big_mul_small(&big, f);
		e += c;
		k += c;
	}
	/* keep prec digits after the point: drop k - prec digits, rounding */
	drop = k - prec;
	if (drop > 0) {
		bool sticky = false, odd;
		u32 top = 0;

		while (drop > 0) {
			int c = drop > 9 ? 9 : drop;
			u32 r = big_div_small(&big, pow10_small[c]);

			sticky = sticky || top || (r % pow10_small[c - 1]);
			top = r / pow10_small[c - 1];
			drop -= c;
		}
		odd = big.n && (big.d[0] & 1);
		if (top > 5 || (top == 5 && (sticky || odd)))
			big_add_one(&big);
		k = prec;
	}
	/* big is the value * 10^k: nd digits, the point k from the right */
	nd = 0;
	if (big.n) {
		u32 top = big.d[big.n - 1];

		nd = 9 * (big.n - 1);
		for (; top; top /= 10)
			nd++;
	}
	point = nd - k;
	if (point <= 0)
		out_char(&o, '0');
	for (i = 0; i < point; i++)
		out_char(&o, big_digit(&big, nd - 1 - i));
	if (prec) {
		out_char(&o, '.');
		for (i = point; i < nd; i++)
			out_char(&o, i < 0 ? '0' : big_digit(&big, nd - 1 - i));
		for (i = k; i < prec; i++)
			out_char(&o, '0');
	}
	*o.p = '\0';
}

/* ---- string_to_fp: binary big integers, 32-bit limbs ---- */

#define DEC_DIGITS 60           /* significant digits kept exactly */
#define BIN_LIMBS 52            /* 10^(61 + 400) * 2 < 2^1664 */

struct fp_bin {
	int n;
	u32 d[BIN_LIMBS];
};

static void bin_mul_add(struct fp_bin *b, u32 f, u32 add)
{
	u64 carry = add;
	int i;

	for (i = 0; i < b->n; i++) {
		u64 t = (u64)b->d[i] * f + carry;

		b->d[i] = (u32)t;
		carry = t >> 32;
	}
	if (carry && b->n < BIN_LIMBS)
		b->d[b->n++] = (u32)carry;
}

static int bin_bits(const struct fp_bin *b)
{
	if (!b->n)
		return 0;
	return (b->n - 1) * 32 + 32 - __builtin_clz(b->d[b->n - 1]);
}

static bool bin_bit(const struct fp_bin *b, int i)
{
	return (b->d[i / 32] >> (i % 32)) & 1;
}

/* r = r * 2 + bit; r and d have room for one more bit than d's width */
static void bin_shl1_add(struct fp_bin *r, bool bit)
{
	u32 carry = bit;
	int i;

	for (i = 0; i < r->n; i++) {
		u32 next = r->d[i] >> 31;

		r->d[i] = (r->d[i] << 1) | carry;
		carry = next;
	}
	if (carry && r->n < BIN_LIMBS)
		r->d[r->n++] = carry;
}

static int bin_cmp(const struct fp_bin *a, const struct fp_bin *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--)
		if (a->d[i] != b->d[i])
			return a->d[i] < b->d[i] ? -1 : 1;
	return 0;
}

static void bin_sub(struct fp_bin *a, const struct fp_bin *b)
{
	u64 borrow = 0;
	int i;

	for (i = 0; i < a->n; i++) {
		u64 t = (u64)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;

		a->d[i] = (u32)t;
		borrow = (t >> 32) & 1;
	}
	while (a->n > 0 && !a->d[a->n - 1])
		a->n--;
}

/*
 * num / den as a double's significand and exponent: the quotient is taken
 * bit by bit to 64 significant bits, the remainder is the sticky bit.
 * num * 2^shift / den lies in [2^63, 2^64).
 */
static u64 bin_divide(bool sign, const struct fp_bin *num, const struct fp_bin *den)
{
	struct fp_bin r = { 0 };
	int nbits = bin_bits(num), shift = 63 + bin_bits(den) - nbits, i;
	bool sticky = false;
	u64 q = 0;

	/* the bits of num followed by shift zero bits (shift may be < 0) */
	for (i = 0; i < nbits + shift; i++) {
		int src = nbits - 1 - i;

		bin_shl1_add(&r, src >= 0 && bin_bit(num, src));
		q <<= 1;
		if (bin_cmp(&r, den) >= 0) {
			bin_sub(&r, den);
			q |= 1;
		}
	}
	/* shift < 0: the low bits of num not taken in count as "not zero" */
	for (i = 0; i < -shift; i++)
		sticky = sticky || bin_bit(num, i);
	return fp_round_pack(sign, -shift, q | (r.n != 0 || sticky));
}

/**
 * stp_string_to_fp - the decimal number @s as a double, correctly rounded.
 * @s: "[+-]DIGITS[.DIGITS][e[+-]DIGITS]", blanks around it allowed, or
 *     "inf", "infinity", "nan" (any case)
 * @out: the result
 *
 * Return: 0, or -EINVAL when @s is not such a number.
 */
int stp_string_to_fp(const char *s, u64 *out)
{
	struct fp_bin num = { 0 }, den = { 0 };
	bool sign = false, any = false, sticky = false;
	int kept = 0, dexp = 0, i;
	long exp10 = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '-' || *s == '+')
		sign = *s++ == '-';
	if (!strncasecmp(s, "infinity", 8) || !strncasecmp(s, "inf", 3) ||
	    !strncasecmp(s, "nan", 3)) {
		bool nan = (s[0] | 0x20) == 'n';

		s += nan ? 3 : (!strncasecmp(s, "infinity", 8) ? 8 : 3);
		*out = nan ? (FP_INF | FP_QUIET) : FP_INF;
		*out |= sign ? FP_SIGN : 0;
		goto trailing;
	}
	for (; (*s >= '0' && *s <= '9') || *s == '.'; s++) {
		if (*s == '.') {
			if (dexp < 0)
				return -EINVAL;
			dexp = -1;      /* from here on, digits are fractional */
			continue;
		}
		any = true;
		if (!kept && *s == '0') {
			if (dexp < 0)
				exp10--;
			continue;
		}
		if (kept < DEC_DIGITS) {
			bin_mul_add(&num, 10, *s - '0');
			kept++;
			if (dexp < 0)
				exp10--;
		} else {
			sticky = sticky || *s != '0';
			if (dexp >= 0)
				exp10++;
		}
	}
	if (!any)
		return -EINVAL;
	if (*s == 'e' || *s == 'E') {
		bool eneg = false;
		long ev = 0;

		s++;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		if (*s < '0' || *s > '9')
			return -EINVAL;
		for (; *s >= '0' && *s <= '9'; s++)
			if (ev < 100000)
				ev = ev * 10 + (*s - '0');
		exp10 += eneg ? -ev : ev;
	}
	if (sticky) {   /* a digit past the kept ones, not zero */
		bin_mul_add(&num, 10, 1);
		exp10--;
	}
	if (!num.n) {
		*out = sign ? FP_SIGN : 0;
		goto trailing;
	}
	/* digits * 10^exp10: past 10^310 it is infinite, below 10^-400 zero */
	if (exp10 + kept > 310) {
		*out = FP_INF | (sign ? FP_SIGN : 0);
		goto trailing;
	}
	if (exp10 + kept < -400) {
		*out = sign ? FP_SIGN : 0;
		goto trailing;
	}
	den.n = 1;
	den.d[0] = 1;
	for (i = 0; i < exp10; i++)
		bin_mul_add(&num, 10, 0);
	for (i = 0; i < -exp10; i++)
		bin_mul_add(&den, 10, 0);
	*out = bin_divide(sign, &num, &den);
trailing:
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return *s ? -EINVAL : 0;
}
