/* Host stand-in for <linux/fs.h>: the struct embedded C in the end-to-end
 * cases names, enough for their C to compile. */
#pragma once
struct file {
	unsigned int f_flags;
};
