/*
 * privilege.h - who may load which module: the caller's groups against the
 * privilege level the module records and where it was installed.
 */
#ifndef STAPRUN_PRIVILEGE_H
#define STAPRUN_PRIVILEGE_H

#include <stddef.h>
#include <sys/types.h>

#include "common/privilege_level.h"


/* The caller's level from the real uid and the process's groups (real gid
 * and supplementary groups), looking the three group names up in the group
 * database.  root is PRIV_STAPDEV. */
enum privilege privilege_of_caller(void);

/* What the decision needs to know about the module. */
struct module_facts {
	enum privilege level;   /* recorded by the translator (PRIV_STAPDEV if absent) */
	int in_vetted_dir;      /* installed by root under /lib/modules/REL/systemtap/ */
	int sig_enforced;       /* the kernel loads only modules signed by a trusted key */
};

/* Whether a caller at level caller may load the module.  Returns 0, or -1
 * with why (naming the group that would be needed). */
int privilege_may_load(enum privilege caller, const struct module_facts *m, char *why,
		       size_t why_len);

/* Whether the caller may pass NAME=VALUE module options, set by -D in stap
 * (stapdev only).  Returns 0, or -1 with why. */
int privilege_may_set_options(enum privilege caller, char *why, size_t why_len);

/* Whether a caller (real uid caller_uid, level caller) may remove a loaded
 * module whose loader had uid loader_uid.  Returns 0, or -1 with why. */
int privilege_may_remove(enum privilege caller, uid_t caller_uid, uid_t loader_uid, char *why,
			 size_t why_len);

/* Whether the running kernel enforces module signatures
 * (/sys/module/module/parameters/sig_enforce is Y). */
int privilege_kernel_enforces_signatures(void);

#endif
