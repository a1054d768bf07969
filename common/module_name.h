/*
 * module_name.h - the one rule for a systemtap module's name, shared by
 * stap (-m), staprun (the .ko's file name and its struct module) and stapio
 * (-m): 1 to STP_MODULE_NAME_MAX - 1 letters, digits and '_', so the name
 * fits the kernel's MODULE_NAME_LEN and is safe in a path and a C identifier.
 */
#ifndef STAP_MODULE_NAME_H
#define STAP_MODULE_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "messages.h"   /* STP_MODULE_NAME_MAX */

/* Whether the N bytes at NAME (no NUL needed) are a valid module name. */
bool module_name_valid(const char *name, size_t n);

#endif /* STAP_MODULE_NAME_H */
