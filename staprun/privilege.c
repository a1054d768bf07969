/*
 * privilege.c - the rules of who may do what with staprun.
 *
 * Levels come from group membership (stapusr < stapsys < stapdev; root is
 * stapdev).  stapdev may load anything.  Below that, a module installed by
 * root under /lib/modules/REL/systemtap/ may be loaded by any level: root
 * vouched for it by putting it there.  Anywhere else, the module's recorded
 * level must not exceed the caller's, and that record is only believed when
 * the kernel enforces module signatures: without enforcement anyone can
 * build a module that claims "stapusr" and holds arbitrary code.  The
 * decisions are pure functions of their inputs so the tests can walk them.
 */
#include "config.h"

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "privilege.h"

#define SIG_ENFORCE_PARAM "/sys/module/module/parameters/sig_enforce"
#define MAX_GROUPS 65536

/* Whether gid is the caller's real gid or one of groups[0..n). */
static int has_gid(gid_t gid, const gid_t *groups, int n)
{
	if (getgid() == gid)
		return 1;
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

enum privilege privilege_of_caller(void)
{
	enum privilege level = PRIV_NONE;
	gid_t *groups;
	int n;

	if (getuid() == 0)
		return PRIV_STAPDEV;
	n = getgroups(0, NULL);
	if (n < 0 || n > MAX_GROUPS)
		return PRIV_NONE;
	groups = calloc((size_t)n + 1, sizeof(*groups));
	if (!groups)
		return PRIV_NONE;
	n = getgroups(n, groups);
	for (int p = PRIV_STAPUSR; n >= 0 && p <= PRIV_STAPDEV; p++) {
		struct group *gr = getgrnam(privilege_name(p));

		if (gr && has_gid(gr->gr_gid, groups, n))
			level = p;
	}
	free(groups);
	return level;
}

int privilege_may_load(enum privilege caller, const struct module_facts *m, char *why,
		       size_t why_len)
{
	switch (caller) {
	case PRIV_NONE:
		snprintf(why, why_len, "you are not a member of group stapusr, which running "
			 "systemtap modules needs (stapsys and stapdev members are also in it)");
		return -1;
	case PRIV_STAPDEV:
		return 0;
	case PRIV_STAPUSR:
	case PRIV_STAPSYS:
		break;
	}
	if (m->in_vetted_dir)
		return 0;
	if (m->level > caller) {
		snprintf(why, why_len, "the module was built for privilege %s: loading it needs "
			 "membership in group %s, or root installing it under /lib/modules/$(uname -r)/"
			 "systemtap/", privilege_name(m->level), privilege_name(m->level));
		return -1;
	}
	if (!m->sig_enforced) {
		snprintf(why, why_len, "outside /lib/modules/$(uname -r)/systemtap/ only members of "
			 "group stapdev may load modules while the kernel does not enforce module "
			 "signatures (the module's recorded privilege level could be forged)");
		return -1;
	}
	return 0;
}

int privilege_may_set_options(enum privilege caller, char *why, size_t why_len)
{
	if (caller == PRIV_STAPDEV)
		return 0;
	snprintf(why, why_len, "setting module options (stap -G/-D, NAME=VALUE) needs "
		 "membership in group stapdev");
	return -1;
}

int privilege_may_remove(enum privilege caller, uid_t caller_uid, uid_t loader_uid, char *why,
			 size_t why_len)
{
	if (caller == PRIV_STAPDEV || (caller != PRIV_NONE && caller_uid == loader_uid))
		return 0;
	if (caller == PRIV_NONE)
		snprintf(why, why_len, "you are not a member of group stapusr, which running "
			 "systemtap modules needs");
	else
		snprintf(why, why_len, "it was loaded by uid %u: only its loader or a member "
			 "of group stapdev may remove it or attach to it", (unsigned)loader_uid);
	return -1;
}

int privilege_kernel_enforces_signatures(void)
{
	FILE *f = fopen(SIG_ENFORCE_PARAM, "re");
	int c;

	if (!f)
		return 0;
	c = fgetc(f);
	fclose(f);
	return c == 'Y';
}
