/*
 * process.h - running the programs the translator drives (kbuild, staprun,
 * stap-vm) without a shell: argv in, exit status out.
 */
#ifndef STAP_PROCESS_H
#define STAP_PROCESS_H

#include <stddef.h>
#include <sys/types.h>

struct captured {
	char *data;   /* stdout and stderr, interleaved, NUL terminated */
	size_t len;
};

/* Runs argv[0] (searched in PATH) with stdout+stderr captured.  Returns its
 * exit status, 128+N if killed by signal N, or -1 if it could not start. */
int run_capture(const char *const argv[], struct captured *out);
void captured_free(struct captured *c);

/* Runs argv[0] with our stdio, ignoring SIGINT/SIGTERM meanwhile so the
 * child (which gets them from the terminal) decides how to end.  Same
 * return convention as run_capture. */
int run_wait(const char *const argv[]);

/* Starts `/bin/sh -c CMD` in directory DIR (a command kbuild would run
 * there), stdout and stderr written to LOG.  Returns the child's pid, or -1
 * if it could not start.  run_finish() waits for it. */
pid_t run_shell_start(const char *cmd, const char *dir, const char *log);
int run_finish(pid_t pid);

#endif /* STAP_PROCESS_H */
