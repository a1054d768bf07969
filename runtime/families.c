// SPDX-License-Identifier: GPL-2.0
/*
 * families.c - the probe families the runtime registers with the kernel,
 * as one table, so module init/exit and the session loop over them and a
 * new family is one runtime file with its struct stp_probe_family plus a
 * line here.  A family with no probe in stp_probes[] does nothing.
 */
#include "stp_internal.h"

static const struct stp_probe_family *const stp_families[] = {
	&stp_timer_family,
	&stp_kprobe_family,
	&stp_syscall_tp_family,
	&stp_tracepoint_family,
};

#define STP_NFAMILIES ARRAY_SIZE(stp_families)

/**
 * stp_families_alloc() - module init: every family sets up its probes.
 *
 * Return: 0, or the first family's -errno (what was set up is freed).
 */
int stp_families_alloc(void)
{
	unsigned int i;
	int rc;

	for (i = 0; i < STP_NFAMILIES; i++) {
		if (!stp_families[i]->alloc)
			continue;
		rc = stp_families[i]->alloc();
		if (rc)
			goto undo;
	}
	return 0;
undo:
	while (i--)
		if (stp_families[i]->free)
			stp_families[i]->free();
	return rc;
}

/**
 * stp_families_arm() - session start: every family registers its probes.
 *
 * Process context.  On failure the families armed so far are disarmed.
 *
 * Return: 0 or the failing family's -errno.
 */
int stp_families_arm(void)
{
	unsigned int i;
	int rc;

	for (i = 0; i < STP_NFAMILIES; i++) {
		rc = stp_families[i]->arm ? stp_families[i]->arm() : 0;
		if (rc)
			goto undo;
	}
	return 0;
undo:
	i++;
	while (i--)
		if (stp_families[i]->disarm)
			stp_families[i]->disarm();
	return rc;
}

/**
 * stp_families_disarm() - session stop: unregister every probe and wait for
 * the handlers still running.
 *
 * Process context; may be called more than once.
 */
void stp_families_disarm(void)
{
	unsigned int i = STP_NFAMILIES;

	while (i--)
		if (stp_families[i]->disarm)
			stp_families[i]->disarm();
}

/**
 * stp_families_free() - module exit: free what stp_families_alloc() set up.
 */
void stp_families_free(void)
{
	unsigned int i = STP_NFAMILIES;

	while (i--)
		if (stp_families[i]->free)
			stp_families[i]->free();
}
