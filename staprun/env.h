/*
 * env.h - staprun's own surroundings made safe before anything else runs.
 */
#ifndef STAPRUN_ENV_H
#define STAPRUN_ENV_H

/* fds 0-2 open (on /dev/null if they were closed), every other fd closed.
 * Returns 0 or -1. */
int sanitize_fds(void);

/* Keeps a copy of the allowlisted variables for stapio (env_for_stapio),
 * then empties the environment but for a fixed PATH, so nothing staprun
 * or its libraries do while privileged reads the caller's settings.
 * Returns 0 or -1 (out of memory). */
int sanitize_environment(void);

/* The variables stapio runs with: the allowlisted ones kept by
 * sanitize_environment, NULL-terminated. */
char **env_for_stapio(void);

/* umask 022, no core dumps and no ptrace by the caller while privileged.
 * Returns 0 or -1 (reported). */
int harden_process(void);

#endif
