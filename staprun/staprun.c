/*
 * staprun.c - the privileged loader: main() is the privilege timeline.
 *
 *   staprun [-v] [-o FILE] [-c CMD | -x PID] [-s MB] [-h] MODULE.ko
 *   staprun -d MODULE     (remove a loaded systemtap module: what stapio runs
 *                          when staprun has vanished)
 *
 * In order: make fds 0-2 sane and close every other inherited fd; parse the
 * arguments; check the caller (root only for now); vet the module file and
 * keep it open; refuse a module already loaded; insert it from that
 * descriptor; hand it the kernel relocation and time zone over its control
 * channel; run stapio as a child and pass
 * signals on to it; remove the module; exit with stapio's status.  Once the
 * module is in the kernel, every way out of main() goes through its removal.
 * main() owns every exit; helpers report and return.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "control_setup.h"
#include "common/log.h"
#include "modload.h"
#include "modopts.h"
#include "spawn.h"
#include "vet.h"

#define BUFFER_MB_MAX 4095   /* MB << 20 must fit the protocol's u32 */

struct options {
	const char *module_path;
	const char *remove_name;                 /* -d */
	char module_options[MODOPTS_MAX_BYTES];  /* NAME=VALUE ... after the module */
	struct stapio_args io;
};

/* -T: a day and more would be a mistake, not a limit (stapio's too) */
#define TIMEOUT_S_MAX (7 * 24 * 3600)

static void usage(FILE *f)
{
	fprintf(f, "usage: staprun [-v] [-o FILE] [-c CMD | -x PID] [-s MB] [-T SECONDS] [-h] MODULE.ko [NAME=VALUE ...]\n"
		   "       staprun [-v] -d MODULE\n");
}

/* fds 0-2 open (on /dev/null if they were closed), everything above closed. */
static int sanitize_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		int n = open("/dev/null", O_RDWR);
		if (n != fd)
			return -1;
	}
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return 0;
#endif
	/* Kernels before 5.9: close them one by one. */
	long max = sysconf(_SC_OPEN_MAX);
	for (long fd = 3; fd < (max > 0 ? max : 1024); fd++)
		close((int)fd);
	return 0;
}

static int number_in_range(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	return !errno && end != s && !*end && v >= min && v <= max;
}

/* Returns 0 to go on, 1 after -h, -1 on a usage error (reported). */
static int parse_args(int argc, char **argv, struct options *o)
{
	char why[256];
	int c;

	while ((c = getopt(argc, argv, "+vo:c:x:s:d:T:h")) != -1) {
		switch (c) {
		case 'd':
			o->remove_name = optarg;
			break;
		case 'v':
			o->io.verbose++;
			break;
		case 'o':
			o->io.output_file = optarg;
			break;
		case 'c':
			o->io.target_cmd = optarg;
			break;
		case 'x':
			if (!number_in_range(optarg, 1, INT_MAX)) {
				log_error("-x wants a process id, not '%s'", optarg);
				return -1;
			}
			o->io.target_pid = optarg;
			break;
		case 's':
			if (!number_in_range(optarg, 1, BUFFER_MB_MAX)) {
				log_error("-s wants a buffer size in MB from 1 to %d, not '%s'",
					   BUFFER_MB_MAX, optarg);
				return -1;
			}
			o->io.buffer_mb = optarg;
			break;
		case 'T':
			if (!number_in_range(optarg, 1, TIMEOUT_S_MAX)) {
				log_error("-T wants seconds from 1 to %d, not '%s'", TIMEOUT_S_MAX,
					  optarg);
				return -1;
			}
			o->io.timeout_s = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -1;
		}
	}
	log_verbose = o->io.verbose;
	if (o->remove_name) {
		if (optind != argc) {
			usage(stderr);
			return -1;
		}
		return 0;
	}
	if (optind >= argc) {
		usage(stderr);
		return -1;
	}
	if (o->io.target_cmd && o->io.target_pid) {
		log_error("-c and -x cannot be used together");
		return -1;
	}
	o->module_path = argv[optind];
	if (modopts_build(argv + optind + 1, argc - optind - 1, o->module_options,
			  sizeof(o->module_options), why, sizeof(why)) < 0) {
		log_error("%s", why);
		return -1;
	}
	log_verbose = o->io.verbose;
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct vetted_module mod;
	struct kmod_ctx *kctx;
	struct kmod_module *kmod;
	char why[256];
	int rc, status = 1;

	log_program = "staprun";
	if (sanitize_fds() < 0)
		return 1;
	rc = parse_args(argc, argv, &opt);
	if (rc != 0)
		return rc > 0 ? 0 : 1;

	/* The caller.  Members of stapusr/stapsys/stapdev will be checked here,
	 * against the module's privilege level, once staprun is installed setuid. */
	if (getuid() != 0) {
		log_error("you must be root to run systemtap modules "
			   "(stapusr/stapdev groups are not supported yet)");
		return 1;
	}

	if (opt.remove_name) {
		if (vet_loaded_module(opt.remove_name, why, sizeof(why)) < 0) {
			log_error("refusing to remove module %s: %s", opt.remove_name, why);
			return 1;
		}
		kctx = modload_context();
		if (!kctx)
			return 1;
		kmod = modload_lookup(kctx, opt.remove_name);
		status = kmod && modload_remove(kmod, opt.remove_name) == 0 ? 0 : 1;
		modload_context_free(kctx);
		return status;
	}

	if (vet_module(opt.module_path, &mod, why, sizeof(why)) < 0) {
		log_error("refusing module %s: %s", opt.module_path, why);
		return 1;
	}
	opt.io.modname = mod.name;

	if (signals_forward_install() < 0)
		goto out_fd;
	kctx = modload_context();
	if (!kctx)
		goto out_fd;
	rc = modload_is_loaded(kctx, mod.name);
	if (rc != 0) {
		if (rc > 0)
			log_error("module %s is already loaded", mod.name);
		goto out_ctx;
	}
	if (debugfs_ensure_mounted() < 0)
		goto out_ctx;

	kmod = modload_insert(kctx, mod.fd, mod.name, opt.module_options);
	if (!kmod)
		goto out_ctx;
	close(mod.fd);
	mod.fd = -1;
	if (control_send_setup(mod.name) < 0)
		goto out_remove;
	if (signal_pending()) {
		log_progress(1, "interrupted before the session started");
		goto out_remove;
	}

	/* Dropping privileges goes here: once non-root callers are allowed,
	 * stapio runs with the caller's uid/gid and no capabilities (libcap-ng),
	 * and the drop is verified before exec. */
	status = run_stapio(&opt.io);

out_remove:
	if (modload_remove(kmod, mod.name) < 0)
		status = 1;
out_ctx:
	modload_context_free(kctx);
out_fd:
	if (mod.fd >= 0)
		close(mod.fd);
	return status;
}
