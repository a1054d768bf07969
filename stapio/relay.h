/*
 * relay.h - the module's per-cpu data files (traceN).
 */
#ifndef STAPIO_RELAY_H
#define STAPIO_RELAY_H

#include <stddef.h>

struct relay {
	unsigned n_cpus;
	int *fds;               /* per cpu; -1 where the cpu has no file */
	int *pollable;          /* 1 when poll() on it means something (not a regular file) */
};

/* Opens traceN in the directory open on dir_fd (named dir in messages)
 * for every N < n_cpus that exists.  Returns 0, or -1
 * (reported) on an error or when no file exists at all. */
int relay_open(struct relay *r, int dir_fd, const char *dir, unsigned n_cpus);

/* Where the bytes read from cpu's file go: the merger, or (bulk mode) that
 * cpu's own output file. */
typedef void (*relay_sink_fn)(void *ctx, unsigned cpu, const void *buf, size_t len);

/* Reads what each file has now (at most limit bytes per file, 0 = until
 * empty) into sink.  Returns bytes read, or -1 on a read error (reported;
 * that file is closed and skipped from then on). */
long long relay_read(struct relay *r, relay_sink_fn sink, void *ctx, size_t limit);

void relay_close(struct relay *r);

#endif
