/*
 * output.c - buffered, promptly flushed writing of the merged output.
 *
 * The session loop flushes after every batch, so a -c command's own output
 * and the script's output appear in the order they happened.  A failing
 * destination (full disk, closed pipe) is reported once; the session goes on
 * so the module still gets a clean shutdown.  A non-blocking destination that
 * is full is waited on, never treated as failed.  Rotation (-S, SIGUSR2)
 * happens only between two appends, which the merger makes one record each,
 * so every file holds whole records.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "output.h"

#define OUTPUT_BUF_SIZE (256u << 10)
#define OUTPUT_INDEX_MAX 1000000u    /* PATH.N: N stays below this */

/* PATH or PATH.index.  Returns 0, or -1 when it does not fit. */
static int file_name(const struct output *o, unsigned index, int numbered, char *buf,
		     size_t len)
{
	int n = numbered ? snprintf(buf, len, "%s.%u", o->path, index)
			 : snprintf(buf, len, "%s", o->path);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int open_current(struct output *o, int append)
{
	char name[PATH_MAX];

	if (file_name(o, o->index, o->numbered, name, sizeof(name)) < 0) {
		log_error("output file name %s.%u is too long", o->path, o->index);
		return -1;
	}
	o->fd = open(name, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0644);
	if (o->fd < 0) {
		log_error("cannot open output file %s: %s", name, strerror(errno));
		return -1;
	}
	o->written = 0;
	if (append) {
		struct stat st;

		if (fstat(o->fd, &st) == 0)
			o->written = (unsigned long long)st.st_size;
	}
	return 0;
}

int output_open(struct output *o, const char *path, int append, unsigned long long limit,
		unsigned keep)
{
	memset(o, 0, sizeof(*o));
	o->fd = STDOUT_FILENO;
	o->path = path;
	o->limit = limit;
	o->keep = keep;
	if (path) {
		o->numbered = limit > 0;
		if (o->numbered && append) {
			/* a second stapio of the session: go on where the first stopped */
			char name[PATH_MAX];

			while (o->index + 1 < OUTPUT_INDEX_MAX &&
			       file_name(o, o->index + 1, 1, name, sizeof(name)) == 0 &&
			       access(name, F_OK) == 0)
				o->index++;
		}
		if (open_current(o, append) < 0)
			return -1;
	}
	o->cap = OUTPUT_BUF_SIZE;
	o->buf = malloc(o->cap);
	if (!o->buf) {
		log_error("out of memory");
		return -1;
	}
	return 0;
}

static int write_all(struct output *o, const unsigned char *p, size_t n)
{
	while (n > 0 && !o->failed) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* a non-blocking descriptor (shared with a slow reader): wait
			 * until it takes more rather than lose output */
			struct pollfd pfd = { .fd = o->fd, .events = POLLOUT };

			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		if (w < 0) {
			log_error("cannot write output: %s", strerror(errno));
			o->failed = 1;
			break;
		}
		p += w;
		n -= (size_t)w;
		o->written += (unsigned long long)w;
	}
	return o->failed ? -1 : 0;
}

int output_flush(struct output *o)
{
	int rc = write_all(o, o->buf, o->len);

	o->len = 0;
	return rc;
}

int output_next_file(struct output *o)
{
	char name[PATH_MAX];

	if (!o->path || o->failed)
		return 0;
	if (output_flush(o) < 0)
		return -1;
	if (o->index + 1 >= OUTPUT_INDEX_MAX) {
		log_error("more than %u output files", OUTPUT_INDEX_MAX);
		o->failed = 1;
		return -1;
	}
	if (close(o->fd) < 0) {
		log_error("cannot write output: %s", strerror(errno));
		o->failed = 1;
		return -1;
	}
	o->fd = -1;
	o->index++;
	o->numbered = 1;
	if (o->keep && o->index >= o->keep &&
	    file_name(o, o->index - o->keep, o->index - o->keep > 0 || o->limit, name,
		      sizeof(name)) == 0 &&
	    unlink(name) < 0 && errno != ENOENT)
		log_warning("cannot remove old output file %s: %s", name, strerror(errno));
	if (open_current(o, 0) < 0) {
		o->failed = 1;
		return -1;
	}
	log_progress(1, "output goes on in %s.%u", o->path, o->index);
	return 0;
}

int output_append(void *ctx, const void *data, size_t len)
{
	struct output *o = ctx;

	if (o->failed)
		return -1;
	if (o->limit && o->written + o->len > 0 && o->written + o->len + len > o->limit &&
	    output_next_file(o) < 0)
		return -1;
	if (o->len + len > o->cap) {
		if (output_flush(o) < 0)
			return -1;
		if (len > o->cap)
			return write_all(o, data, len);
	}
	memcpy(o->buf + o->len, data, len);
	o->len += len;
	return 0;
}

void output_close(struct output *o)
{
	if (o->buf)
		output_flush(o);
	if (o->fd != STDOUT_FILENO && o->fd >= 0 && close(o->fd) < 0 && !o->failed)
		log_error("cannot write output: %s", strerror(errno));
	o->fd = -1;
	free(o->buf);
	o->buf = NULL;
}
