/*
 * relay.c - opening and reading the per-cpu relay files.
 *
 * Files are opened non-blocking; a read that returns 0 or EAGAIN means "no
 * data now".  Offline cpus may have no file, which is fine.  Every byte read
 * goes straight to the merger (or a bulk file), which copes with records
 * split across reads.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "messages.h"
#include "relay.h"

#define RELAY_READ_CHUNK (64u << 10)

int relay_open(struct relay *r, int dir_fd, const char *dir, unsigned n_cpus)
{
	unsigned opened = 0;

	r->n_cpus = n_cpus;
	r->fds = malloc(n_cpus * sizeof(*r->fds));
	r->pollable = calloc(n_cpus, sizeof(*r->pollable));
	if (!r->fds || !r->pollable) {
		log_error("out of memory");
		return -1;
	}
	for (unsigned i = 0; i < n_cpus; i++)
		r->fds[i] = -1;
	for (unsigned i = 0; i < n_cpus; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s%u", dir, STP_RELAY_BASENAME, i);
		r->fds[i] = openat(dir_fd, path + strlen(dir) + 1, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (r->fds[i] < 0 && errno == ENOENT)
			continue;
		if (r->fds[i] < 0) {
			log_error("cannot open %s: %s", path, strerror(errno));
			return -1;
		}
		if (fstat(r->fds[i], &st) == 0 && !S_ISREG(st.st_mode))
			r->pollable[i] = 1;
		opened++;
		log_progress(2, "opened %s", path);
	}
	if (opened == 0) {
		log_error("the module has no %s/%sN data files", dir, STP_RELAY_BASENAME);
		return -1;
	}
	return 0;
}

long long relay_read(struct relay *r, relay_sink_fn sink, void *ctx, size_t limit)
{
	static unsigned char buf[RELAY_READ_CHUNK];
	long long total = 0;
	int failed = 0;

	for (unsigned i = 0; i < r->n_cpus; i++) {
		size_t got = 0;

		if (r->fds[i] < 0)
			continue;
		while (limit == 0 || got < limit) {
			ssize_t n = read(r->fds[i], buf, sizeof(buf));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				break;
			if (n < 0) {
				/* Reported once: the file is given up on. */
				log_error("cannot read output of cpu %u: %s", i, strerror(errno));
				close(r->fds[i]);
				r->fds[i] = -1;
				failed = 1;
				break;
			}
			if (n == 0)
				break;
			got += (size_t)n;
			sink(ctx, i, buf, (size_t)n);
		}
		total += (long long)got;
	}
	return failed ? -1 : total;
}

void relay_close(struct relay *r)
{
	if (r->fds)
		for (unsigned i = 0; i < r->n_cpus; i++)
			if (r->fds[i] >= 0)
				close(r->fds[i]);
	free(r->fds);
	free(r->pollable);
	r->fds = NULL;
	r->pollable = NULL;
}
