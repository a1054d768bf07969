/*
 * drop.c - the two drops: the staprun that stays, and stapio.
 *
 * Once the module is loaded and its control channel is open, nothing but
 * the final removal needs privilege.  The staprun process that waits for
 * stapio becomes the caller with only CAP_SYS_MODULE (delete_module), and
 * the child that execs stapio drops that as well.  Each drop is verified
 * from the kernel's point of view (getresuid, the capability sets), the
 * way doas and bubblewrap check theirs.  A root caller keeps uid 0, so its
 * stapio is root's as before.
 */
#include "config.h"

#include <cap-ng.h>
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "common/log.h"
#include "drop.h"

/* The three uids and gids are what we asked for. */
static int ids_are(uid_t uid, gid_t gid)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return 0;
	return r == uid && e == uid && s == uid && rg == gid && eg == gid && sg == gid;
}

int drop_to_module_remover(uid_t uid, gid_t gid)
{
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_SYS_MODULE) < 0 ||
	    capng_change_id((int)uid, (int)gid, CAPNG_NO_FLAG) < 0) {
		log_error("cannot drop privileges to uid %u: %s", (unsigned)uid, strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || !ids_are(uid, gid)) {
		log_error("the privilege drop did not take effect");
		return -1;
	}
	/* Exactly CAP_SYS_MODULE is left, in the effective and permitted sets. */
	capng_get_caps_process();
	if (capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_MODULE) != 1) {
		log_error("the privilege drop lost CAP_SYS_MODULE");
		return -1;
	}
	capng_update(CAPNG_DROP, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_INHERITABLE,
		     CAP_SYS_MODULE);
	if (capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_NONE) {
		log_error("capabilities other than CAP_SYS_MODULE survived the drop");
		return -1;
	}
	return 0;
}

int drop_everything(uid_t uid)
{
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_apply(CAPNG_SELECT_CAPS) < 0) {
		log_error("cannot drop the last capability: %s", strerror(errno));
		return -1;
	}
	capng_get_caps_process();
	if (capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_NONE) {
		log_error("capabilities survived the drop");
		return -1;
	}
	if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		log_error("root could be regained after the drop");
		return -1;
	}
	return 0;
}
