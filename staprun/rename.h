/*
 * rename.h - staprun -R: the same module loaded under a name of its own.
 */
#ifndef STAPRUN_RENAME_H
#define STAPRUN_RENAME_H

#include <stddef.h>
#include <sys/types.h>

#include "vet.h"

/* NAME_PID, NAME cut short so that it fits a module name.  Returns 0, or -1
 * when name_len is too small. */
int rename_unique_name(const char *name, pid_t pid, char *out, size_t out_len);

/* A sealed in-memory copy of the vetted module (read through mod->fd, the
 * descriptor that was vetted) with new_name in its struct module and in
 * .modinfo's name=.  Returns the copy's descriptor, or -1 with why. */
int rename_module_copy(const struct vetted_module *mod, const char *new_name, char *why,
		       size_t why_len);

#endif
