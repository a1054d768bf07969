/*
 * children.h - processes stapio starts: the -c target command and the
 * commands a script asks for with system().
 */
#ifndef STAPIO_CHILDREN_H
#define STAPIO_CHILDREN_H

#include <signal.h>
#include <sys/types.h>

/* Forks `/bin/sh -c cmd`, held before exec until target_release().  *release_fd
 * receives the pipe end that releases it.  child_mask is the signal mask the
 * child gets back.  Returns the pid, or -1 (reported). */
pid_t target_spawn_held(const char *cmd, const sigset_t *child_mask, int *release_fd);

/* Lets the held command run.  Returns 0, or -1 (reported). */
int target_release(int *release_fd);

/* Abandons a held command: it exits without running. */
void target_abandon(pid_t pid, int *release_fd);

/* Starts `/bin/sh -c cmd` without waiting for it.  Returns pid or -1 (reported). */
pid_t system_spawn(const char *cmd, const sigset_t *child_mask);

/* Runs `staprun -d modname` (removes the module) and waits for it.
 * Returns 0, or -1 (reported by staprun or here). */
int module_remove_run(const char *modname, const sigset_t *child_mask);

#endif
