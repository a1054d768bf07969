/*
 * module_names.h - the names of a kernel release's modules, for globs in
 * module("glob") probe points.
 */
#ifndef STAP_MODULE_NAMES_H
#define STAP_MODULE_NAMES_H

#include <stddef.h>

/* Most module names one release may list (Debian's have about 4,200). */
#define MAX_MODULE_NAMES 65536

/* The modules of RELEASE listed in /lib/modules/RELEASE/modules.dep whose
 * names match GLOB ('-' and '_' the same, as the kernel has them), in the
 * kernel's spelling ('_'), sorted and each once: a malloc'd array of
 * malloc'd strings in *NAMES (free with module_names_free), the count
 * returned.  -1 when the list cannot be read, with the reason in WHY. */
long module_names_matching(const char *release, const char *glob, char ***names, char *why,
			   size_t why_len);
void module_names_free(char **names, long n);

#endif
