/* Host stand-in for <linux/errno.h>: the uapi error numbers (the C
 * library's <errno.h> comes back here for them, so not that). */
#pragma once
#include <asm/errno.h>
