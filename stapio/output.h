/*
 * output.h - where the script's output goes: stdout or the -o file, with
 * -S rotation (FILE.0, FILE.1, ... of at most SIZE MB, the last N kept) and
 * switching to the next file on request (SIGUSR2).
 */
#ifndef STAPIO_OUTPUT_H
#define STAPIO_OUTPUT_H

#include <stddef.h>

struct output {
	int fd;
	int failed;             /* a write failed; reported once, later output dropped */
	unsigned char *buf;
	size_t len, cap;
	const char *path;       /* -o FILE, or NULL for stdout */
	unsigned long long limit;   /* -S: bytes per file, 0 = no limit */
	unsigned keep;          /* -S ...,N: files kept, 0 = all */
	int numbered;           /* the current file is PATH.index, not PATH */
	unsigned index;
	unsigned long long written; /* bytes in the current file */
};

/* Opens path (created 0644 less umask, truncated, or appended to with
 * append), or stdout when path is NULL.  limit > 0 (bytes) starts numbered
 * files at PATH.0; append then continues the highest PATH.N there is.
 * Returns 0, or -1 (reported). */
int output_open(struct output *o, const char *path, int append, unsigned long long limit,
		unsigned keep);

/* merge_out_fn: queues bytes, writing when the buffer fills; a file that
 * would pass the -S limit is closed first and the next one opened (a record
 * is never split across files). */
int output_append(void *o, const void *data, size_t len);

/* Writes everything queued.  Returns 0, or -1 once writing has failed. */
int output_flush(struct output *o);

/* Closes the current file and goes on in the next one (PATH.1, PATH.2, ...),
 * removing the oldest past -S's count.  Nothing happens for stdout.
 * Returns 0, or -1 (reported). */
int output_next_file(struct output *o);

void output_close(struct output *o);

#endif
