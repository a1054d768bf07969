/*
 * stapio.c - the unprivileged half of running a module: argument parsing.
 *
 * staprun has loaded the module and handed it its relocations; stapio talks
 * to it over the control channel, runs the -c command and system() requests,
 * and merges the per-cpu output (session.c).  Usage:
 *
 *   stapio [-v] [-o FILE] [-c CMD | -x PID] [-s MB] [-T SECONDS] -m MODNAME
 *   stapio [-v] [-o FILE] -R -m MODNAME
 *
 * -R is what staprun runs when the first stapio was killed: take over the
 * running session, end it and drain the module's output (appending to FILE).
 *
 * Two options exist for the host tests, which play the module with plain
 * files and a socket: -D DIR replaces the module's debugfs directory and
 * -F FD is an already open control channel.  staprun, running stapio for a
 * caller who cannot reach debugfs, passes both already open: -F FD for the
 * control channel and -d FD for the module's directory (see staprun(8)).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "messages.h"
#include "session.h"

#define DEBUGFS_ROOT "/sys/kernel/debug"
#define BUFFER_MB_MAX 4095       /* MB << 20 must fit the u32 buf_size */

/* -T: a day and more would be a mistake, not a limit */
#define TIMEOUT_S_MAX (7 * 24 * 3600)

static void usage(FILE *f)
{
	fprintf(f, "usage: stapio [-v] [-o FILE] [-c CMD | -x PID] [-s MB] [-T SECONDS] -m MODNAME\n"
		   "       stapio [-v] [-o FILE] -R -m MODNAME\n");
}

static int parse_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int valid_module_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= STP_MODULE_NAME_MAX)
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

int main(int argc, char **argv)
{
	struct session_options opt = { .ctl_fd = -1, .dir_fd = -1 };
	const char *modname = NULL, *dir = NULL;
	char dirbuf[PATH_MAX];
	long v;
	int c;

	log_program = "stapio";
	while ((c = getopt(argc, argv, "+vo:c:x:s:m:D:F:d:RT:h")) != -1) {
		switch (c) {
		case 'v':
			log_verbose++;
			break;
		case 'o':
			opt.output_file = optarg;
			break;
		case 'c':
			opt.target_cmd = optarg;
			break;
		case 'x':
			if (parse_number(optarg, 1, INT_MAX, &v) < 0) {
				log_error("-x wants a process id, not '%s'", optarg);
				return 1;
			}
			opt.target_pid = (pid_t)v;
			break;
		case 's':
			if (parse_number(optarg, 1, BUFFER_MB_MAX, &v) < 0) {
				log_error("-s wants a buffer size in MB from 1 to %d, not '%s'",
					  BUFFER_MB_MAX, optarg);
				return 1;
			}
			opt.buffer_mb = (unsigned)v;
			break;
		case 'm':
			modname = optarg;
			break;
		case 'D':
			dir = optarg;
			break;
		case 'F':
			if (parse_number(optarg, 0, INT_MAX, &v) < 0) {
				log_error("-F wants a file descriptor, not '%s'", optarg);
				return 1;
			}
			opt.ctl_fd = (int)v;
			break;
		case 'R':
			opt.take_over = 1;
			break;
		case 'T':
			if (parse_number(optarg, 1, TIMEOUT_S_MAX, &v) < 0) {
				log_error("-T wants seconds from 1 to %d, not '%s'", TIMEOUT_S_MAX,
					  optarg);
				return 1;
			}
			opt.timeout_s = (unsigned)v;
			break;
		case 'd':
			if (parse_number(optarg, 0, INT_MAX, &v) < 0) {
				log_error("-d wants a file descriptor, not '%s'", optarg);
				return 1;
			}
			opt.dir_fd = (int)v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc || (!modname && !dir)) {
		usage(stderr);
		return 1;
	}
	if (opt.target_cmd && opt.target_pid) {
		log_error("-c and -x cannot be used together");
		return 1;
	}
	if (opt.take_over && (opt.target_cmd || opt.target_pid)) {
		log_error("-R takes over a running session: no -c or -x");
		return 1;
	}
	if (modname && !valid_module_name(modname)) {
		log_error("'%s' is not a module name", modname);
		return 1;
	}
	if (!dir) {
		snprintf(dirbuf, sizeof(dirbuf), "%s/%s/%s", DEBUGFS_ROOT, STP_DEBUGFS_DIR, modname);
		dir = dirbuf;
	}
	opt.module_dir = dir;
	opt.modname = modname;
	return session_run(&opt);
}
