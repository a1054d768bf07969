/*
 * session.h - one stapio session with one module, start to drained finish.
 */
#ifndef STAPIO_SESSION_H
#define STAPIO_SESSION_H

#include <sys/types.h>

struct session_options {
	const char *module_dir;   /* debugfs directory holding .cmd and traceN */
	const char *output_file;  /* -o, or NULL for stdout */
	const char *target_cmd;   /* -c, or NULL */
	pid_t target_pid;         /* -x, or 0 */
	unsigned buffer_mb;       /* -s, or 0 for the module's default */
	int ctl_fd;               /* an open control channel, or -1 to open module_dir's */
	int dir_fd;               /* module_dir already open (O_PATH), or -1 */
	const char *modname;      /* -m: removed by stapio itself if staprun vanishes */
	int take_over;            /* -R: end and drain a session a dead stapio ran */
	unsigned timeout_s;       /* -T: end the session this long after start, 0 = never */
	int bulk;                 /* -b: cpu N's records go, unmerged, to FILE_cpuN */
	unsigned long long rotate_bytes; /* -S SIZE: output files of at most this, 0 = one file */
	unsigned rotate_keep;     /* -S SIZE,N: keep the last N files, 0 = all */
	int attach;               /* -A: join a session left running by -L */
	int detach;               /* -L: start the session, then leave it running */
	int daemon;               /* -D: in the background, no parent to watch */
	unsigned monitor_s;       /* -M: show the module's status every N s, 0 = off */
};

/* stapio's exit status after -L left the module running: staprun must not
 * remove it. */
#define STAPIO_STATUS_DETACHED 3

/* Runs the session; returns the exit status for stapio (0 or 1, or
 * STAPIO_STATUS_DETACHED). */
int session_run(const struct session_options *opt);

#endif
