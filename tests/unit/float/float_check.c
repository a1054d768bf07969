/*
 * float_check.c - runtime/float64.c against the host's FPU and glibc:
 * arithmetic, comparisons and conversions on special values, edge cases
 * and random bit patterns must give the same bits, fp_to_string the text
 * of printf("%.*f"), string_to_fp the double of strtod.  Prints a summary
 * line; exits 1 at the first few mismatches (each printed).
 */
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stap_float.h"

static unsigned long checks, failures;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, 8);
	return u;
}

static double dbl(uint64_t u)
{
	double d;

	memcpy(&d, &u, 8);
	return d;
}

static void mismatch(const char *what, uint64_t a, uint64_t b, const char *want, const char *got)
{
	if (++failures <= 10)
		printf("%s(%016llx, %016llx): want %s got %s\n", what, (unsigned long long)a,
		       (unsigned long long)b, want, got);
}

static void check_bits(const char *what, uint64_t a, uint64_t b, uint64_t want, uint64_t got)
{
	char w[32], g[32];

	checks++;
	/* any NaN matches any NaN: x86's payload choice is not ours to copy */
	if (want == got || (isnan(dbl(want)) && isnan(dbl(got))))
		return;
	snprintf(w, sizeof w, "%016llx", (unsigned long long)want);
	snprintf(g, sizeof g, "%016llx", (unsigned long long)got);
	mismatch(what, a, b, w, g);
}

static void check_pair(uint64_t a, uint64_t b)
{
	volatile double x = dbl(a), y = dbl(b);

	check_bits("add", a, b, bits(x + y), stp_fp_add(a, b));
	check_bits("sub", a, b, bits(x - y), stp_fp_sub(a, b));
	check_bits("mul", a, b, bits(x * y), stp_fp_mul(a, b));
	check_bits("div", a, b, bits(x / y), stp_fp_div(a, b));
	check_bits("rem", a, b, bits(remainder(x, y)), stp_fp_rem(a, b));
	check_bits("eq", a, b, x == y, stp_fp_eq(a, b));
	check_bits("lt", a, b, x < y, stp_fp_lt(a, b));
	check_bits("le", a, b, x <= y, stp_fp_le(a, b));
}

static void check_one(uint64_t a)
{
	static const int modes[][2] = {
		{ STP_FP_ROUND_NEAR_EVEN, FE_TONEAREST }, { STP_FP_ROUND_MIN_MAG, FE_TOWARDZERO },
		{ STP_FP_ROUND_MIN, FE_DOWNWARD }, { STP_FP_ROUND_MAX, FE_UPWARD },
	};
	volatile double x = dbl(a);
	char want[1200], got[1200];
	int precs[] = { 0, 1, 2, 6, 17, 30 };
	uint64_t back;

	check_bits("sqrt", a, 0, bits(sqrt(x)), stp_fp_sqrt(a));
	for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		int64_t w, g;

		fesetround(modes[i][1]);
		w = llrint(x);
		fesetround(FE_TONEAREST);
		stp_fp_to_long(a, modes[i][0], &g);
		check_bits("to_long", a, (uint64_t)modes[i][0], (uint64_t)w, (uint64_t)g);
	}
	for (unsigned i = 0; i < sizeof precs / sizeof precs[0]; i++) {
		snprintf(want, sizeof want, "%.*f", precs[i], x);
		stp_fp_to_string(got, sizeof got, a, precs[i]);
		checks++;
		if (strcmp(want, got))
			mismatch("to_string", a, (uint64_t)precs[i], want, got);
	}
	/* the shortest round trip and a long form both parse back exactly */
	snprintf(want, sizeof want, "%.17g", x);
	if (stp_string_to_fp(want, &back))
		mismatch("string_to_fp", a, 0, "0", want);
	else
		check_bits("string_to_fp", a, 0, bits(strtod(want, NULL)), back);
	snprintf(want, sizeof want, "%.40e", x);
	if (!stp_string_to_fp(want, &back))
		check_bits("string_to_fp40", a, 0, bits(strtod(want, NULL)), back);
}

/* A random double of every kind: normal, subnormal, near powers of two. */
static uint64_t random_double(void)
{
	uint64_t r = next_random();

	switch (r & 7) {
	case 0:
		return r & ~0x7ff0000000000000ULL;          /* subnormal */
	case 1:
		return (r & 0x800fffffffffffffULL) | ((uint64_t)(1023 + (int)(r >> 52) % 70 - 35) << 52);
	case 2:
		return bits((double)(int64_t)(next_random() >> (r >> 58)));
	default:
		return r;
	}
}

int main(void)
{
	static const uint64_t special[] = {
		0, 0x8000000000000000ULL, 0x7ff0000000000000ULL, 0xfff0000000000000ULL,
		0x7ff8000000000000ULL, 1, 0x000fffffffffffffULL, 0x0010000000000000ULL,
		0x7fefffffffffffffULL, 0x3ff0000000000000ULL, 0xbff0000000000000ULL,
		0x4000000000000000ULL, 0x3fe0000000000000ULL, 0x3fe0000000000001ULL,
		0x43e0000000000000ULL, 0xc3e0000000000000ULL, 0x43dfffffffffffffULL,
		0x4004000000000000ULL, 0x400c000000000000ULL, 0x3fb999999999999aULL,
	};
	const int n = sizeof special / sizeof special[0];
	static const char *texts[] = {
		"3.14", "-0", "0.1", "1e308", "1.8e308", "4.9e-324", "2.4703282292062328e-324",
		"2.4703282292062327e-324", "123456789012345678901234567890", " 7.5 ", "+.5",
		"5.", "1e-400", "0.30000000000000000555111512312578270211815834045410156250001",
		"9007199254740993", "inf", "-Infinity",
	};

	for (int i = 0; i < n; i++) {
		check_one(special[i]);
		for (int j = 0; j < n; j++)
			check_pair(special[i], special[j]);
	}
	for (int i = 0; i < 200000; i++) {
		uint64_t a = random_double(), b = random_double();

		check_pair(a, b);
		/* operands close in magnitude: cancellation and ties */
		check_pair(a, a ^ (next_random() & 0xfff));
		if (i % 20 == 0)
			check_one(a);
	}
	for (unsigned i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		uint64_t got;

		checks++;
		if (stp_string_to_fp(texts[i], &got))
			mismatch("string_to_fp", 0, 0, texts[i], "-EINVAL");
		else
			check_bits("string_to_fp", 0, 0, bits(strtod(texts[i], NULL)), got);
	}
	for (uint32_t f = 0; f < 0xffffffffu - 99999; f += 99991) {
		float v;

		memcpy(&v, &f, 4);
		check_bits("fp32", f, 0, bits((double)v), stp_fp32_to_fp64(f));
	}
	for (int i = 0; i < 100000; i++) {
		int64_t v = (int64_t)next_random() >> (next_random() & 63);

		check_bits("from_long", (uint64_t)v, 0, bits((double)v), stp_fp_from_long(v));
	}
	{
		uint64_t got;
		const char *bad[] = { "", "abc", "1.2.3", "1e", "--1", "1 2", "." };

		for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			checks++;
			if (!stp_string_to_fp(bad[i], &got))
				mismatch("string_to_fp accepts", 0, 0, "-EINVAL", bad[i]);
		}
	}
	printf("%lu checks, %lu mismatches\n", checks, failures);
	return failures != 0;
}
