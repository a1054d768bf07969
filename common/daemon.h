/*
 * daemon.h - -D: going on in the background, as staprun and stapio do.
 */
#ifndef SYSTEMTAP_COMMON_DAEMON_H
#define SYSTEMTAP_COMMON_DAEMON_H

/* Forks.  The parent prints the child's pid on stdout and gets 1 back (it
 * only has to exit 0); the child, in a session of its own with stdin,
 * stdout and stderr on /dev/null, gets 0.  -1 (reported) when the fork
 * failed. */
int daemon_fork(void);

#endif
