/*
 * vet.h - deciding whether a file is a module staprun may load.
 */
#ifndef STAPRUN_VET_H
#define STAPRUN_VET_H

#include <stddef.h>

#include "messages.h"

struct vetted_module {
	char name[STP_MODULE_NAME_MAX];   /* .modinfo name=, else basename without .ko */
};

/* Checks the module name in path (basename NAME.ko, NAME of 1 to 55 of
 * [A-Za-z0-9_]).  Returns 0 and fills name, or -1 with why. */
int vet_module_name(const char *path, char *name, size_t name_len, char *why, size_t why_len);

/* Checks path names a readable regular file that is an ELF relocatable
 * object for this machine with a .gnu.linkonce.this_module section, i.e. a
 * kernel module.  Returns 0 and fills out (the name from .modinfo when the
 * module records one), or -1 with why. */
int vet_module(const char *path, struct vetted_module *out, char *why, size_t why_len);

#endif
