/*
 * stap_merge.c - stap-merge: one ordered output from the per-cpu files of
 * a bulk-mode session (stapio -b: FILE_cpu0, FILE_cpu1, ...).
 *
 *   stap-merge [-v] [-o OUTPUT] FILE_cpu0 [FILE_cpu1 ...]
 *
 * The N-th file is taken as cpu N's stream.  The files hold the module's
 * records as it wrote them (header with seq, then the text); the same
 * merger stapio uses puts them back in seq order.  The files are read in
 * turn, a chunk each, so the records waiting for an earlier seq stay few.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/opt_table.h"
#include "merge.h"
#include "output.h"

#define CHUNK (64u << 10)
#define FILES_MAX 4096

static const struct opt_desc options[] = {
	{ 'v', NULL, "report what was merged on stderr" },
	{ 'o', "OUTPUT", "write the merged output to OUTPUT (default: stdout)" },
	{ 'V', NULL, "print the version and exit" },
	{ 'h', NULL, "print this help and exit" },
};
#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static void usage(FILE *f)
{
	opt_print_help(f, "usage: stap-merge [-v] [-o OUTPUT] FILE_cpu0 [FILE_cpu1 ...]\n", options,
		       N_OPTIONS);
}

/* Reads one chunk of cpu's file into m.  Returns 1 while there is more, 0 at
 * the end, -1 on a read error (reported). */
static int feed_chunk(struct merge *m, unsigned cpu, int fd, const char *name)
{
	static unsigned char buf[CHUNK];
	ssize_t n;

	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		log_error("cannot read %s: %s", name, strerror(errno));
		return -1;
	}
	if (n == 0)
		return 0;
	merge_feed(m, cpu, buf, (size_t)n);
	return 1;
}

int main(int argc, char **argv)
{
	const char *outname = NULL;
	char optstring[32];
	struct output out;
	struct merge *m;
	int *fds, c, status = 0;
	unsigned n_files, open_files;

	log_program = "stap-merge";
	log_set_color("auto");
	if (opt_getopt_string(options, N_OPTIONS, optstring, sizeof(optstring)) < 0)
		return 1;
	while ((c = getopt(argc, argv, optstring)) != -1) {
		switch (c) {
		case 'v':
			log_verbose++;
			break;
		case 'o':
			outname = optarg;
			break;
		case 'V':
			printf("stap-merge (systemtap) %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind >= argc || argc - optind > FILES_MAX) {
		usage(stderr);
		return 1;
	}
	n_files = (unsigned)(argc - optind);
	fds = calloc(n_files, sizeof(*fds));
	m = merge_new(n_files);
	if (!fds || !m) {
		log_error("out of memory");
		return 1;
	}
	for (unsigned i = 0; i < n_files; i++) {
		fds[i] = open(argv[optind + i], O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			log_error("cannot open %s: %s", argv[optind + i], strerror(errno));
			return 1;
		}
	}
	if (output_open(&out, outname, 0, 0, 0) < 0)
		return 1;
	/* a session joined with -A does not start at seq 0 */
	merge_start_anywhere(m);
	open_files = n_files;
	while (open_files > 0) {
		for (unsigned i = 0; i < n_files; i++) {
			int rc;

			if (fds[i] < 0)
				continue;
			rc = feed_chunk(m, i, fds[i], argv[optind + i]);
			if (rc <= 0) {
				if (rc < 0)
					status = 1;
				close(fds[i]);
				fds[i] = -1;
				open_files--;
			}
		}
		/* the clock stands still: only the end skips a missing record */
		merge_emit(m, 0, 0, output_append, &out);
	}
	merge_emit(m, 0, 1, output_append, &out);
	output_close(&out);
	log_progress(1, "%llu records merged from %u files", merge_get_stats(m)->emitted, n_files);
	if (out.failed || merge_get_stats(m)->corrupt_cpus || merge_get_stats(m)->dropped)
		status = 1;
	merge_free(m);
	free(fds);
	return status;
}
