/*
 * spawn.h - running stapio under staprun and passing signals on to it.
 */
#ifndef STAPRUN_SPAWN_H
#define STAPRUN_SPAWN_H

#include <sys/types.h>

struct stapio_args {
	const char *modname;
	const char *output_file;  /* -o or NULL */
	const char *target_cmd;   /* -c or NULL */
	const char *target_pid;   /* -x or NULL */
	const char *buffer_mb;    /* -s or NULL */
	const char *timeout_s;    /* -T or NULL (checked: a number of seconds) */
	const char *color;        /* -C WHEN or NULL */
	const char *rotate;       /* -S SIZE[,N] (checked) or NULL */
	const char *monitor_s;    /* -M INTERVAL (checked) or NULL */
	int verbose;
	int no_warnings;          /* -w */
	int bulk;                 /* the module asks for bulk mode: stapio -b */
	int detach;               /* -L: stapio starts the session and leaves it running */
	int attach;               /* -A: stapio joins a session left running */
	int take_over;            /* -R: end and drain the session of a killed stapio */
	int ctl_fd;               /* the open control channel, handed over as -F */
	int dir_fd;               /* the module's debugfs directory, as -d */
	uid_t caller_uid;         /* stapio drops every capability as this uid */
};

/* Catches SIGINT, SIGTERM and SIGHUP from now on: before stapio runs they are
 * remembered, after that they are passed on to it.  Returns 0 or -1. */
int signals_forward_install(void);

/* While staprun is wholly root and acts on a module it named or checked,
 * the caller must not be able to pause it (SIGSTOP needs a matching uid,
 * which becoming root takes away; a terminal's SIGTSTP, SIGTTIN and SIGTTOU
 * reach it whatever its uid, so they are ignored): a pause between a check
 * and the act would let another user's module take the checked one's place.
 * release puts them back to their defaults, which stapio inherits. */
int job_control_stops_hold(void);
void job_control_stops_release(void);

/* The signal that arrived before stapio ran, or 0. */
int signal_pending(void);

/* Runs stapio, without any capability and with the allowlisted environment
 * (env_for_stapio), and waits for it.  If stapio was killed, a second one
 * takes over the session (stapio -R): it ends it and drains what the module
 * still holds, so the output is not lost.  The two fds are closed here.
 * Returns stapio's exit status (1 if it could not run or was killed,
 * STAPIO_STATUS_DETACHED when -L left the module running). */
int run_stapio(const struct stapio_args *a);

#endif
