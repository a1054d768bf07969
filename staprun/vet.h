/*
 * vet.h - deciding whether a file is a module staprun may load.
 */
#ifndef STAPRUN_VET_H
#define STAPRUN_VET_H

#include <stddef.h>
#include <sys/stat.h>

#include "messages.h"

/* Larger files are refused before libelf reads them. */
#define VET_MODULE_SIZE_MAX (256LL << 20)

#define VET_PRIVILEGE_MAX 16

/* struct module opens with enum module_state, then a list_head (two
 * pointers), then char name[MODULE_NAME_LEN]: the name the kernel gives the
 * module, whatever .modinfo says.  This layout has not changed since 2.6. */
#define THIS_MODULE_NAME_OFFSET (3 * sizeof(void *))
#define THIS_MODULE_NAME_LEN (64 - sizeof(unsigned long))
#define MODULE_SECTION ".gnu.linkonce.this_module"

struct vetted_module {
	char name[STP_MODULE_NAME_MAX];   /* from its struct module: the kernel's name for it */
	char privilege[VET_PRIVILEGE_MAX]; /* .modinfo stap_privilege=, "" if absent */
	int bulk;                         /* .modinfo stap_bulk=1: built with stap -b */
	int monitor;                      /* .modinfo stap_monitor=1: stap --monitor */
	int fd;                           /* the file vetted, open for finit_module */
	struct stat st;                   /* fstat of fd */
};

/* Checks the module name in path (basename NAME.ko, NAME of 1 to 55 of
 * [A-Za-z0-9_]).  Returns 0 and fills name, or -1 with why. */
int vet_module_name(const char *path, char *name, size_t name_len, char *why, size_t why_len);

/* Checks path names (without a symbolic link as its last part or a ".."
 * part) a readable
 * regular file of at most VET_MODULE_SIZE_MAX bytes that is an ELF relocatable
 * object for this machine with a .gnu.linkonce.this_module section, i.e. a
 * kernel module.  Returns 0 and fills out (the name the kernel will use, the
 * open descriptor: the caller closes it), or -1 with why. */
int vet_module(const char *path, struct vetted_module *out, char *why, size_t why_len);

/* Checks name is that of a loaded systemtap module (one with a control
 * directory in debugfs), before removing it by name.  Returns 0 with the uid
 * that loaded it (the owner of its control channel), or -1 with why. */
int vet_loaded_module(const char *name, uid_t *loader, char *why, size_t why_len);

#endif
