// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - module_init and module_exit of every systemtap module.
 *
 * Init allocates everything a probe can need up front (print buffers,
 * per-cpu contexts and locals, each probe family's state, transport state, string state), sets
 * the script's globals (stp_globals_init() also allocates the arrays and
 * statistics, which the runtime frees at exit, also after a failed init), and creates the debugfs directory systemtap/MODNAME with the
 * control file; it runs no probe.  The session then follows the control
 * messages (session.c).  Exit stops a session still running (stapio died),
 * closes relay, removes the directory and frees everything.
 *
 * The shared directory systemtap/ is created by whichever module needs it
 * first and left in place, as other modules may be using it.
 */
/* the runtime compiles as one unit: an earlier file's headers defined it */
#undef pr_fmt
#define pr_fmt(fmt) "systemtap: " fmt

#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/module.h>

#include "stp_internal.h"

struct dentry *stp_module_dir;

/* systemtap/ under the debugfs root: found, else created. */
static struct dentry *stp_debugfs_top(bool *lookup_ref)
{
	struct dentry *top = debugfs_lookup(STP_DEBUGFS_DIR, NULL);

	*lookup_ref = top != NULL;
	if (top)
		return top;
	top = debugfs_create_dir(STP_DEBUGFS_DIR, NULL);
	if (PTR_ERR_OR_ZERO(top) == -EEXIST) {
		/* another module created it meanwhile */
		top = debugfs_lookup(STP_DEBUGFS_DIR, NULL);
		*lookup_ref = top != NULL;
		if (!top)
			top = ERR_PTR(-ENOENT);
	}
	return top;
}

static int stp_debugfs_init(void)
{
	struct dentry *top, *dir;
	bool lookup_ref;

	if (strlen(THIS_MODULE->name) > STP_MODULE_NAME_MAX - 1)
		return -ENAMETOOLONG;
	top = stp_debugfs_top(&lookup_ref);
	if (IS_ERR_OR_NULL(top))
		return top ? PTR_ERR(top) : -ENOENT;
	dir = debugfs_create_dir(THIS_MODULE->name, top);
	if (lookup_ref)
		dput(top);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	stp_module_dir = dir;
	return 0;
}

static int __init stp_module_init(void)
{
	int rc;

	rc = stp_print_alloc();
	if (rc)
		goto fail;
	rc = stp_probes_alloc();
	if (rc)
		goto free_print;
	rc = stp_families_alloc();
	if (rc)
		goto free_probes;
	rc = stp_relay_alloc();
	if (rc)
		goto free_families;
	rc = stp_strings_alloc();
	if (rc)
		goto free_relay;
	rc = stp_globals_init();
	if (rc)
		goto free_globals;
	rc = stp_debugfs_init();
	if (rc)
		goto free_globals;
	rc = stp_ctl_init(stp_module_dir);
	if (rc)
		goto remove_dir;
	rc = stp_monitor_init(stp_module_dir);
	if (rc)
		goto free_ctl;
	return 0;

free_ctl:
	debugfs_remove(stp_module_dir);
	stp_module_dir = NULL;
	stp_ctl_exit();
	goto free_globals;

remove_dir:
	debugfs_remove(stp_module_dir);
free_globals:
	stp_maps_free();
	stp_stats_free();
	stp_global_locks_free();
	stp_strings_free();
free_relay:
	stp_relay_free();
free_families:
	stp_families_free();
free_probes:
	stp_probes_free();
free_print:
	stp_print_free();
fail:
	pr_err("%s: cannot initialize (%d)\n", THIS_MODULE->name, rc);
	return rc;
}

static void __exit stp_module_exit(void)
{
	stp_session_teardown();
	stp_families_disarm();
	stp_relay_close();
	debugfs_remove(stp_module_dir);
	stp_ctl_exit();
	stp_maps_free();
	stp_stats_free();
	stp_global_locks_free();
	stp_strings_free();
	stp_relay_free();
	stp_families_free();
	stp_probes_free();
	stp_print_free();
}

module_init(stp_module_init);
module_exit(stp_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("systemtap probe module");
