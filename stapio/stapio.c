/*
 * stapio.c - the unprivileged half of running a module: argument parsing.
 *
 * staprun has loaded the module and handed it its relocations; stapio talks
 * to it over the control channel, runs the -c command and system() requests,
 * and merges the per-cpu output (session.c).  The options are the table
 * below (stapio -h lists it; stapio(8) documents it).
 *
 * -R is what staprun runs when the first stapio was killed: take over the
 * running session, end it and drain the module's output (appending to FILE).
 * -L starts a session and leaves it running; -A joins such a session.
 *
 * staprun, running stapio for a caller who cannot reach debugfs, passes the
 * module's control channel and directory already open: -F FD and -d FD.
 * The host tests play the module with plain files and a socket: -P DIR
 * stands for the module's debugfs directory.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/daemon.h"
#include "common/log.h"
#include "common/monitor_mode.h"
#include "common/module_name.h"
#include "common/number_arg.h"
#include "common/opt_table.h"
#include "common/rotation_arg.h"
#include "messages.h"
#include "session.h"

#define DEBUGFS_ROOT "/sys/kernel/debug"
#define BUFFER_MB_MAX 4095       /* MB << 20 must fit the u32 buf_size */

/* -T: a day and more would be a mistake, not a limit */
#define TIMEOUT_S_MAX (7 * 24 * 3600)

static const struct opt_desc options[] = {
	OPT_DESC_COMMON_ROWS,
	{ 'b', NULL, "bulk: cpu N's records, unmerged, to FILE_cpuN (needs -o; see stap-merge)" },
	{ 'D', NULL, "go into the background, print its pid (needs -o)" },
	{ 'm', "MODNAME", "the module's name" },
	{ 'F', "FD", "the module's control channel, already open" },
	{ 'd', "FD", "the module's debugfs directory, already open" },
	{ 'P', "DIR", "the module's directory at this path (tests)" },
	{ 'R', NULL, "take over the session of a killed stapio: end and drain it" },
	{ 'L', NULL, "start the session, then leave it running (staprun -A joins it)" },
	{ 'A', NULL, "join a session left running by -L" },
	{ 'M', "INTERVAL", "monitor mode: show probe hits and globals every INTERVAL s" },
};
#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static void usage(FILE *f)
{
	opt_print_help(f,
		       "usage: stapio [OPTIONS] -m MODNAME\n"
		       "       stapio [-v] [-o FILE] -R -m MODNAME\n",
		       options, N_OPTIONS);
}

/* Options that cannot go together; returns 0 or -1 (reported). */
static int check_combinations(const struct session_options *o, int daemon)
{
	static const char *const bad[] = {
		"-c and -x cannot be used together",
		"-R takes over a running session: no -c or -x",
		"-A joins a running session: no -c or -x",
		"-L and -A cannot be used together",
		"-L leaves the session running: no -c (its end would end the session)",
		"-b writes one file per cpu: it needs -o FILE",
		"-b and -S cannot be used together (a per-cpu file may end mid-record)",
		"-D needs -o FILE (in the background there is no terminal for the output)",
		"-D and -c cannot be used together",
		"-D and -L cannot be used together",
		"-M shows a live session: not with -L, -R or -D",
	};
	const int broken[] = {
		o->target_cmd && o->target_pid,
		o->take_over && (o->target_cmd || o->target_pid),
		o->attach && (o->target_cmd || o->target_pid),
		o->detach && o->attach,
		o->detach && o->target_cmd,
		o->bulk && !o->output_file,
		o->bulk && o->rotate_bytes,
		daemon && !o->output_file,
		daemon && o->target_cmd,
		daemon && o->detach,
		o->monitor_s && (o->detach || o->take_over || daemon),
	};

	return opt_first_conflict(bad, broken, sizeof(bad) / sizeof(bad[0]));
}

int main(int argc, char **argv)
{
	struct session_options opt = { .ctl_fd = -1, .dir_fd = -1 };
	const char *modname = NULL, *dir = NULL;
	char dirbuf[PATH_MAX], optstring[64], why[256];
	unsigned mb, keep;
	int c, daemon = 0;
	long v;

	log_program = "stapio";
	log_set_color("auto");
	if (opt_getopt_string(options, N_OPTIONS, optstring, sizeof(optstring)) < 0)
		return 1;
	while ((c = getopt(argc, argv, optstring)) != -1) {
		switch (c) {
		case 'v':
			log_verbose++;
			break;
		case 'w':
			log_no_warnings = 1;
			break;
		case 'C':
			if (log_set_color(optarg) < 0) {
				log_error("-C wants always, never or auto, not '%s'", optarg);
				return 1;
			}
			break;
		case 'V':
			printf("stapio (systemtap) %s\n", PACKAGE_VERSION);
			return 0;
		case 'o':
			opt.output_file = optarg;
			break;
		case 'b':
			opt.bulk = 1;
			break;
		case 'S':
			if (rotation_arg_parse(optarg, &mb, &keep, why, sizeof(why)) < 0) {
				log_error("%s", why);
				return 1;
			}
			opt.rotate_bytes = (unsigned long long)mb << 20;
			opt.rotate_keep = keep;
			break;
		case 'D':
			daemon = 1;
			break;
		case 'c':
			opt.target_cmd = optarg;
			break;
		case 'x':
			if (!number_arg_parse(optarg, 1, INT_MAX, &v)) {
				log_error("-x wants a process id, not '%s'", optarg);
				return 1;
			}
			opt.target_pid = (pid_t)v;
			break;
		case 's':
			if (!number_arg_parse(optarg, 1, BUFFER_MB_MAX, &v)) {
				log_error("-s wants a buffer size in MB from 1 to %d, not '%s'",
					  BUFFER_MB_MAX, optarg);
				return 1;
			}
			opt.buffer_mb = (unsigned)v;
			break;
		case 'm':
			modname = optarg;
			break;
		case 'P':
			dir = optarg;
			break;
		case 'F':
			if (!number_arg_parse(optarg, 0, INT_MAX, &v)) {
				log_error("-F wants a file descriptor, not '%s'", optarg);
				return 1;
			}
			opt.ctl_fd = (int)v;
			break;
		case 'R':
			opt.take_over = 1;
			break;
		case 'L':
			opt.detach = 1;
			break;
		case 'A':
			opt.attach = 1;
			break;
		case 'T':
			if (!number_arg_parse(optarg, 1, TIMEOUT_S_MAX, &v)) {
				log_error("-T wants seconds from 1 to %d, not '%s'", TIMEOUT_S_MAX,
					  optarg);
				return 1;
			}
			opt.timeout_s = (unsigned)v;
			break;
		case 'M':
			if (!number_arg_parse(optarg, 1, MONITOR_INTERVAL_MAX, &v)) {
				log_error("-M wants seconds from 1 to %d, not '%s'",
					  MONITOR_INTERVAL_MAX, optarg);
				return 1;
			}
			opt.monitor_s = (unsigned)v;
			break;
		case 'd':
			if (!number_arg_parse(optarg, 0, INT_MAX, &v)) {
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
	if (check_combinations(&opt, daemon) < 0)
		return 1;
	if (modname && !module_name_valid(modname, strlen(modname))) {
		log_error("'%s' is not a module name", modname);
		return 1;
	}
	if (!dir) {
		snprintf(dirbuf, sizeof(dirbuf), "%s/%s/%s", DEBUGFS_ROOT, STP_DEBUGFS_DIR, modname);
		dir = dirbuf;
	}
	opt.module_dir = dir;
	opt.modname = modname;
	opt.daemon = daemon;
	if (daemon) {
		int rc = daemon_fork();

		if (rc != 0)
			return rc > 0 ? 0 : 1;
	}
	return session_run(&opt);
}
