/*
 * output.h - where the script's output goes: stdout or the -o file.
 */
#ifndef STAPIO_OUTPUT_H
#define STAPIO_OUTPUT_H

#include <stddef.h>

struct output {
	int fd;
	int failed;             /* a write failed; reported once, later output dropped */
	unsigned char *buf;
	size_t len, cap;
};

/* Opens path (created 0644 less umask, truncated), or stdout when path is
 * NULL.  Returns 0, or -1 (reported). */
int output_open(struct output *o, const char *path, int append);

/* merge_out_fn: queues bytes, writing when the buffer fills. */
int output_append(void *o, const void *data, size_t len);

/* Writes everything queued.  Returns 0, or -1 once writing has failed. */
int output_flush(struct output *o);

void output_close(struct output *o);

#endif
