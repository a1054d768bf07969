/*
 * tv_pretty.h - pass 2: the layout string that pretty prints a target
 * variable ($x$, $x$$), interpreted by the runtime's stp_tv_pretty()
 * (tv_pretty.c describes the layout language).
 */
#ifndef STAP_TV_PRETTY_H
#define STAP_TV_PRETTY_H

#include <stdbool.h>

#include "tv_backend.h"

/* The layout printing a value of type T: in memory at the base address
 * (IN_MEMORY: a struct, union or array), else the base is the value itself
 * (an integer, or a pointer, whose struct is printed).  DEEP: $$, every
 * level of embedded structs and arrays. */
const char *tv_pretty_layout(const struct tv_backend_ops *ops, struct tv_backend *b,
			     const struct tv_type *t, bool in_memory, bool deep);

#endif
