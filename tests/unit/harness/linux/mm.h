/* Host stand-in for <linux/mm.h>: the structs embedded C in the end-to-end
 * cases names, enough for their C to compile. */
#pragma once
struct mm_struct {
	int map_count;
};
struct vm_area_struct {
	unsigned long vm_start, vm_end;
};
