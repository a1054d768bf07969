/*
 * module_versions.h - the part of modpost's MOD.mod.c that depends on what a
 * module imports: the __versions table (the CRC of every kernel symbol the
 * module uses, checked by the kernel at load when CONFIG_MODVERSIONS) and the
 * "depends=" modinfo entry (the modules those symbols come from).
 *
 * Pass 4's kbuild-free path (fast_link.c) compiles everything else of
 * MOD.mod.c while the script's C compiles, then writes these from the linked
 * object and the kernel's Module.symvers.
 */
#ifndef STAP_MODULE_VERSIONS_H
#define STAP_MODULE_VERSIONS_H

#include <stdbool.h>

/* Writes OUT_C: a C file, needing no header, that defines the __versions
 * table (when MODVERSIONS) and the depends= modinfo of the module linked in
 * OBJECT, from SYMVERS (the kernel's Module.symvers).  Returns 0, or -1 with
 * *why set when something is off that kbuild's modpost should judge instead
 * (an unknown or namespaced symbol, a name too long, unreadable files). */
int module_versions_write(const char *object, const char *symvers, bool modversions,
			  const char *out_c, const char **why);

#endif /* STAP_MODULE_VERSIONS_H */
