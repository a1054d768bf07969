/*
 * control_setup.h - what staprun tells a freshly inserted module, as root.
 */
#ifndef STAPRUN_CONTROL_SETUP_H
#define STAPRUN_CONTROL_SETUP_H

#include <sys/types.h>

#define DEBUGFS_ROOT "/sys/kernel/debug"

/* Makes sure debugfs is mounted at DEBUGFS_ROOT.  Returns 0 or -1 (reported). */
int debugfs_ensure_mounted(void);

/* Opens the module's control channel with owner as the real uid (the
 * module gives the session to it) and, for a freshly inserted module
 * (send_setup), sends RELOCATION for the kernel and TZINFO.  Returns 0 with
 * the channel open in *ctl_fd and the module's debugfs directory open
 * (O_PATH) in *dir_fd, both close-on-exec, or -1 (reported). */
int control_send_setup(const char *modname, uid_t owner, int send_setup, int *ctl_fd,
		       int *dir_fd);

#endif
