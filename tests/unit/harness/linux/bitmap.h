/* Host stand-in for <linux/bitmap.h>: the bit operations embedded C in the
 * tapsets uses, single-threaded (the host program never races). */
#pragma once
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#define HARNESS_LONG_BITS (sizeof(long) * CHAR_BIT)
#define DECLARE_BITMAP(name, bits) \
	unsigned long name[((bits) + HARNESS_LONG_BITS - 1) / HARNESS_LONG_BITS]
#define bitmap_zero(map, bits) \
	memset((map), 0, ((bits) + HARNESS_LONG_BITS - 1) / HARNESS_LONG_BITS * sizeof(long))
static inline bool test_and_set_bit(size_t i, unsigned long *map)
{
	unsigned long bit = 1UL << (i % HARNESS_LONG_BITS);
	bool was = map[i / HARNESS_LONG_BITS] & bit;

	map[i / HARNESS_LONG_BITS] |= bit;
	return was;
}
