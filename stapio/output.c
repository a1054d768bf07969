/*
 * output.c - buffered, promptly flushed writing of the merged output.
 *
 * The session loop flushes after every batch, so a -c command's own output
 * and the script's output appear in the order they happened.  A failing
 * destination (full disk, closed pipe) is reported once; the session goes on
 * so the module still gets a clean shutdown.  A non-blocking destination that
 * is full is waited on, never treated as failed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "output.h"

#define OUTPUT_BUF_SIZE (256u << 10)

int output_open(struct output *o, const char *path, int append)
{
	memset(o, 0, sizeof(*o));
	o->fd = STDOUT_FILENO;
	if (path) {
		o->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC),
			     0644);
		if (o->fd < 0) {
			log_error("cannot open output file %s: %s", path, strerror(errno));
			return -1;
		}
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
	}
	return o->failed ? -1 : 0;
}

int output_flush(struct output *o)
{
	int rc = write_all(o, o->buf, o->len);

	o->len = 0;
	return rc;
}

int output_append(void *ctx, const void *data, size_t len)
{
	struct output *o = ctx;

	if (o->failed)
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
	output_flush(o);
	if (o->fd != STDOUT_FILENO && o->fd >= 0 && close(o->fd) < 0 && !o->failed)
		log_error("cannot write output: %s", strerror(errno));
	free(o->buf);
	o->buf = NULL;
}
