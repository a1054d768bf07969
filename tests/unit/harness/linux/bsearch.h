/* Host stand-in for <linux/bsearch.h>: the C library's bsearch. */
#pragma once
#include <stdlib.h>
