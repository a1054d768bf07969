/* Host stand-in for the kernel headers the generated C includes, so unit
 * tests can compile and run pass-3 output as a user program. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
typedef int64_t s64;
typedef uint64_t u64;
typedef int32_t s32;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;
#define unlikely(x) (x)
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define NSEC_PER_SEC 1000000000LL
#define TICK_NSEC 4000000ULL
static inline long strscpy(char *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n && s[i]; i++)
		d[i] = s[i];
	d[i] = '\0';
	return (long)i;
}
/* atomic_t and atomic_long_t, for embedded C in the end-to-end cases */
typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;
#define ATOMIC_INIT(i) { (i) }
#define ATOMIC_LONG_INIT(i) { (i) }
#define notrace
/* one thread on the host: plain accesses stand in for the ordered ones */
#define READ_ONCE(x) (x)
#define smp_store_release(p, v) (*(p) = (v))
#define smp_load_acquire(p) (*(p))
#define atomic_read(a) ((a)->counter)
#define atomic_set(a, i) ((a)->counter = (i))
#define atomic_dec(a) ((a)->counter--)
