/*
 * staprun.c - the privileged loader: main() is the privilege timeline.
 *
 *   staprun [-v] [-o FILE] [-c CMD | -x PID] [-s MB] [-T SECONDS] [-h] MODULE.ko
 *   staprun -d MODULE     (remove a loaded systemtap module: what stapio runs
 *                          when staprun has vanished)
 *
 * Installed setuid root (mode 04110, root:stapusr).  In order: make fds 0-2
 * sane and close every other inherited fd; keep the allowlisted environment
 * for stapio and clear staprun's own; umask, no core dumps, undumpable;
 * parse the arguments; check the caller's groups (privilege.c); vet the
 * module file and keep it open; decide whether this caller may load it
 * (its recorded privilege level, whether root installed it in the vetted
 * directory); refuse a module already loaded; insert it from that
 * descriptor; hand it the kernel relocation and time zone over its control
 * channel; become the caller with CAP_SYS_MODULE alone (drop.c); run
 * stapio as a child without any capability and pass signals on to it;
 * remove the module; exit with stapio's status.  Once the module is in the
 * kernel, every way out of main() goes through its removal.  main() owns
 * every exit; helpers report and return.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control_setup.h"
#include "drop.h"
#include "env.h"
#include "common/log.h"
#include "modload.h"
#include "modopts.h"
#include "privilege.h"
#include "spawn.h"
#include "vet.h"
#include "vetted_dir.h"

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

/* Fills what the privilege decision needs to know about a vetted module.
 * Returns 0, or -1 with why. */
static int module_facts_of(const char *path, const struct vetted_module *mod,
			   struct module_facts *f, char *vetted_why, size_t vetted_why_len,
			   char *why, size_t why_len)
{
	int level = mod->privilege[0] ? privilege_from_name(mod->privilege) : PRIV_STAPDEV;

	if (level < 0) {
		snprintf(why, why_len, "its .modinfo names an unknown privilege level '%s'",
			 mod->privilege);
		return -1;
	}
	f->level = level;
	f->in_vetted_dir = vetted_dir_contains("", path, &mod->st, vetted_why, vetted_why_len);
	f->sig_enforced = privilege_kernel_enforces_signatures();
	return 0;
}

/* staprun -d NAME: the loader of the module or stapdev, checked first. */
static int remove_detached(const char *name, enum privilege caller)
{
	struct kmod_ctx *kctx;
	struct kmod_module *kmod;
	char why[256];
	uid_t loader;
	int status;

	if (vet_loaded_module(name, &loader, why, sizeof(why)) < 0 ||
	    privilege_may_remove(caller, getuid(), loader, why, sizeof(why)) < 0) {
		log_error("refusing to remove module %s: %s", name, why);
		return 1;
	}
	kctx = modload_context();
	if (!kctx)
		return 1;
	kmod = modload_lookup(kctx, name);
	status = kmod && modload_remove(kmod, name) == 0 ? 0 : 1;
	modload_context_free(kctx);
	return status;
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct vetted_module mod;
	struct module_facts facts;
	struct kmod_ctx *kctx;
	struct kmod_module *kmod;
	enum privilege caller;
	uid_t uid = getuid();
	gid_t gid = getgid();
	char why[512], vetted_why[512];
	int rc, status = 1;

	log_program = "staprun";
	if (sanitize_fds() < 0 || sanitize_environment() < 0 || harden_process() < 0)
		return 1;
	rc = parse_args(argc, argv, &opt);
	if (rc != 0)
		return rc > 0 ? 0 : 1;

	if (geteuid() != 0) {
		log_error("staprun must run as root or be installed setuid root "
			  "(mode 04110, owner root, group stapusr)");
		return 1;
	}
	caller = privilege_of_caller();
	if (caller == PRIV_NONE) {
		privilege_may_load(caller, NULL, why, sizeof(why));
		log_error("%s", why);
		return 1;
	}
	if (opt.remove_name)
		return remove_detached(opt.remove_name, caller);
	if (opt.module_options[0] && privilege_may_set_options(caller, why, sizeof(why)) < 0) {
		log_error("refusing module options: %s", why);
		return 1;
	}

	if (vet_module(opt.module_path, &mod, why, sizeof(why)) < 0) {
		log_error("refusing module %s: %s", opt.module_path, why);
		return 1;
	}
	if (module_facts_of(opt.module_path, &mod, &facts, vetted_why, sizeof(vetted_why), why,
			    sizeof(why)) < 0 ||
	    privilege_may_load(caller, &facts, why, sizeof(why)) < 0) {
		log_error("refusing module %s: %s%s%s", opt.module_path, why,
			  vetted_why[0] ? "; it is not vetted: " : "", vetted_why);
		goto out_fd;
	}
	opt.io.modname = mod.name;
	opt.io.caller_uid = uid;
	/* Wholly root until the drop: the caller may not kill staprun while
	 * it sets the module up (terminal signals still arrive and are
	 * handled). */
	if (setresuid(0, 0, 0) < 0) {
		log_error("cannot become root: %s", strerror(errno));
		goto out_fd;
	}

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
	if (control_send_setup(mod.name, uid, &opt.io.ctl_fd, &opt.io.dir_fd) < 0)
		goto out_remove;
	/* From here on only the removal below is privileged. */
	if (drop_to_module_remover(uid, gid) < 0) {
		close(opt.io.ctl_fd);
		close(opt.io.dir_fd);
		goto out_remove;
	}
	if (signal_pending()) {
		log_progress(1, "interrupted before the session started");
		close(opt.io.ctl_fd);
		close(opt.io.dir_fd);
		goto out_remove;
	}
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
