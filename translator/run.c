/*
 * run.c - pass 5: hand the module to staprun, here or in a VM, and turn its
 * exit status into stap's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pass_timer.h"
#include "passes45.h"
#include "path_format.h"
#include "process.h"
#include "remote_vm.h"

#define STAPRUN_PATH BINDIR "/staprun"
#define MAX_STAPRUN_ARGS (24 + SESSION_MAX_LIST)

int pass5_run(struct session *s)
{
	const char *argv[MAX_STAPRUN_ARGS];
	char pid[32], mb[32], secs[32], interval[32];
	struct pass_timer t;
	int argc = 0, rc;

	/* -b and -S write files: checked here, as only running writes them */
	if ((s->bulk || s->file_limit) && !s->output_file) {
		fprintf(stderr, "ERROR: %s needs -o FILE\n", s->bulk ? "-b" : "-S");
		return 1;
	}
	if (s->monitor_s && s->flight_recorder) {
		fprintf(stderr, "ERROR: --monitor shows a live session: not with -F\n");
		return 1;
	}
	argv[argc++] = s->remote ? "staprun" : STAPRUN_PATH;
	for (int i = 0; i < s->verbose && i < 3; i++)
		argv[argc++] = "-v";
	/* -F: the session stays running without us; with -o, staprun stays in
	 * the background writing the file */
	if (s->flight_recorder)
		argv[argc++] = s->output_file ? "-D" : "-L";
	if (s->output_file) {
		argv[argc++] = "-o";
		argv[argc++] = s->output_file;
	}
	if (s->file_limit) {
		argv[argc++] = "-S";
		argv[argc++] = s->file_limit;
	}
	if (s->target_cmd) {
		argv[argc++] = "-c";
		argv[argc++] = s->target_cmd;
	}
	if (s->target_pid > 0) {
		snprintf(pid, sizeof pid, "%d", s->target_pid);
		argv[argc++] = "-x";
		argv[argc++] = pid;
	}
	if (s->buffer_mb > 0) {
		snprintf(mb, sizeof mb, "%d", s->buffer_mb);
		argv[argc++] = "-s";
		argv[argc++] = mb;
	}
	if (s->timeout_s > 0) {
		snprintf(secs, sizeof secs, "%d", s->timeout_s);
		argv[argc++] = "-T";
		argv[argc++] = secs;
	}
	if (s->monitor_s > 0) {
		snprintf(interval, sizeof interval, "%d", s->monitor_s);
		argv[argc++] = "-M";
		argv[argc++] = interval;
	}
	argv[argc++] = s->ko_file;
	/* -G NAME=VALUE: module options, checked in pass 2 */
	for (int i = 0; i < s->nglobal_sets && argc < MAX_STAPRUN_ARGS - 1; i++)
		argv[argc++] = s->global_sets[i];
	argv[argc] = NULL;

	pass_timer_start(&t);
	if (s->verbose)
		fprintf(stderr, "Pass 5: starting run.\n");
	if (s->remote)
		rc = remote_vm_run(s, argv, argc);
	else
		rc = run_wait(argv);
	if (s->verbose)
		pass_timer_report(&t, "Pass 5: run completed");
	if (rc != 0) {
		fprintf(stderr, "WARNING: %s exited with status: %d\n", STAPRUN_PATH, rc);
		fprintf(stderr, "Pass 5: run failed.  [man error::pass5]\n");
		return 1;
	}
	return 0;
}
