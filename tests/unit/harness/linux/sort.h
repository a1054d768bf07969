/* Host stand-in for <linux/sort.h>: the C library's qsort has the shape
 * the kernel's sort has, without the swap callback. */
#pragma once
#include <stdlib.h>
#define sort(base, num, size, cmp, swap) qsort((base), (num), (size), (cmp))
