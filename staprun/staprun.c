/*
 * staprun.c - the privileged loader: main() is the privilege timeline.
 *
 *   staprun [OPTIONS] MODULE.ko [NAME=VALUE ...]
 *   staprun -d MODULE     (remove a loaded systemtap module: what stapio runs
 *                          when staprun has vanished)
 *   staprun -A MODULE     (join a session left running by staprun -L)
 *
 * The options are the table below (staprun -h lists it; staprun(8) says who
 * may use each).
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
#include <sys/stat.h>
#include <unistd.h>

#include "control_setup.h"
#include "drop.h"
#include "env.h"
#include "common/daemon.h"
#include "common/log.h"
#include "common/monitor_mode.h"
#include "common/number_arg.h"
#include "common/opt_table.h"
#include "common/rotation_arg.h"
#include "modload.h"
#include "modopts.h"
#include "privilege.h"
#include "rename.h"
#include "selinux_label.h"
#include "spawn.h"
#include "stapio/session.h"
#include "vet.h"
#include "vetted_dir.h"

#define BUFFER_MB_MAX 4095   /* MB << 20 must fit the protocol's u32 */

struct options {
	const char *module_path;
	const char *remove_name;                 /* -d */
	const char *attach_name;                 /* -A: the positional MODULE is a name */
	int rename;                              /* -R */
	int daemon;                              /* -D */
	char module_options[MODOPTS_MAX_BYTES];  /* NAME=VALUE ... after the module */
	struct stapio_args io;
};

/* -T: a day and more would be a mistake, not a limit (stapio's too) */
#define TIMEOUT_S_MAX (7 * 24 * 3600)

/* Upstream's options that this staprun refuses, and why. */
static const struct {
	char letter;
	const char *why;
} refused[] = {
	{ 'F', "-F: staprun opens the module's directory itself and hands it to stapio; it "
	       "takes no descriptor from its caller" },
	{ 'N', "-N: target namespaces are not supported (stap --target-namespaces is refused "
	       "too)" },
	{ 'r', "-r: remote_id() and remote_uri() do not exist here (no stap --remote "
	       "with several hosts)" },
	{ 'i', "-i: the module cannot read stdin (no input.char/input.line probes)" },
};

static const struct opt_desc options[] = {
	OPT_DESC_COMMON_ROWS,
	{ 'D', NULL, "go into the background once the module runs, print its pid (needs -o)" },
	{ 't', "PID", "the same as -x" },
	{ 'b', "MB", "the same as -s" },
	{ 'L', NULL, "load the module, start it, leave it running (staprun -A joins it)" },
	{ 'A', NULL, "MODULE is the name of a module left running by -L: join its session" },
	{ 'd', "MODULE", "remove the loaded systemtap module MODULE" },
	{ 'R', NULL, "load the module as MODULE_PID, so that two copies can run" },
	{ 'u', NULL, "accepted: uprobes are the kernel's own, there is no uprobes.ko" },
	{ 'M', "INTERVAL", "monitor mode: show probe hits and globals every INTERVAL s" },
	{ 'F', "FD", "refused (staprun opens the module's directory itself)" },
	{ 'N', "PID", "refused (no target namespaces)" },
	{ 'r', "N:URI", "refused (no remote_id()/remote_uri())" },
	{ 'i', NULL, "refused (no input probes)" },
};
#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static void usage(FILE *f)
{
	opt_print_help(f,
		       "usage: staprun [OPTIONS] MODULE.ko [NAME=VALUE ...]\n"
		       "       staprun [-v] -d MODULE\n"
		       "       staprun [OPTIONS] -A MODULE\n",
		       options, N_OPTIONS);
}

/* Options that cannot go together; returns 0 or -1 (reported). */
static int check_combinations(const struct options *o)
{
	static const char *const bad[] = {
		"-c and -x cannot be used together",
		"-L and -A cannot be used together",
		"-A joins a running session: no -c, -x, -s, -R or module options",
		"-L leaves the session running: no -c (its end would end the session)",
		"-D needs -o FILE (in the background there is no terminal for the output)",
		"-D and -c cannot be used together",
		"-D and -L cannot be used together",
		"-S needs -o FILE",
		"-M shows a live session: not with -L or -D",
	};
	const struct stapio_args *io = &o->io;
	const int broken[] = {
		io->target_cmd && io->target_pid,
		io->detach && io->attach,
		io->attach && (io->target_cmd || io->target_pid || io->buffer_mb || o->rename ||
			       o->module_options[0]),
		io->detach && io->target_cmd,
		o->daemon && !io->output_file,
		o->daemon && io->target_cmd,
		o->daemon && io->detach,
		io->rotate && !io->output_file,
		io->monitor_s && (io->detach || o->daemon),
	};

	return opt_first_conflict(bad, broken, sizeof(bad) / sizeof(bad[0]));
}

/* Returns 0 to go on, 1 after -h or -V, -1 on a usage error (reported). */
static int parse_args(int argc, char **argv, struct options *o)
{
	char why[256], optstring[80];
	unsigned mb, keep;
	long num;
	int c;

	log_set_color("auto");
	if (opt_getopt_string(options, N_OPTIONS, optstring, sizeof(optstring)) < 0)
		return -1;
	while ((c = getopt(argc, argv, optstring)) != -1) {
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
			if (c == refused[i].letter) {
				log_error("%s", refused[i].why);
				return -1;
			}
		}
		switch (c) {
		case 'd':
			o->remove_name = optarg;
			break;
		case 'v':
			o->io.verbose++;
			break;
		case 'w':
			o->io.no_warnings = 1;
			log_no_warnings = 1;
			break;
		case 'C':
			if (log_set_color(optarg) < 0) {
				log_error("-C wants always, never or auto, not '%s'", optarg);
				return -1;
			}
			o->io.color = optarg;
			break;
		case 'V':
			printf("staprun (systemtap) %s\n", PACKAGE_VERSION);
			return 1;
		case 'o':
			o->io.output_file = optarg;
			break;
		case 'S':
			if (rotation_arg_parse(optarg, &mb, &keep, why, sizeof(why)) < 0) {
				log_error("%s", why);
				return -1;
			}
			o->io.rotate = optarg;
			break;
		case 'D':
			o->daemon = 1;
			break;
		case 'c':
			o->io.target_cmd = optarg;
			break;
		case 'x':
		case 't':
			if (!number_arg_parse(optarg, 1, INT_MAX, &num)) {
				log_error("-%c wants a process id, not '%s'", c, optarg);
				return -1;
			}
			o->io.target_pid = optarg;
			break;
		case 's':
		case 'b':
			if (!number_arg_parse(optarg, 1, BUFFER_MB_MAX, &num)) {
				log_error("-%c wants a buffer size in MB from 1 to %d, not '%s'", c,
					  BUFFER_MB_MAX, optarg);
				return -1;
			}
			o->io.buffer_mb = optarg;
			break;
		case 'T':
			if (!number_arg_parse(optarg, 1, TIMEOUT_S_MAX, &num)) {
				log_error("-T wants seconds from 1 to %d, not '%s'", TIMEOUT_S_MAX,
					  optarg);
				return -1;
			}
			o->io.timeout_s = optarg;
			break;
		case 'M':
			if (!number_arg_parse(optarg, 1, MONITOR_INTERVAL_MAX, &num)) {
				log_error("-M wants seconds from 1 to %d, not '%s'",
					  MONITOR_INTERVAL_MAX, optarg);
				return -1;
			}
			o->io.monitor_s = optarg;
			break;
		case 'L':
			o->io.detach = 1;
			break;
		case 'A':
			o->io.attach = 1;
			break;
		case 'R':
			o->rename = 1;
			break;
		case 'u':
			/* upstream loads uprobes.ko for kernels before 3.5 */
			log_progress(1, "-u: the kernel's own uprobes are used");
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
	if (o->io.attach)
		o->attach_name = argv[optind];
	else
		o->module_path = argv[optind];
	if (modopts_build(argv + optind + 1, argc - optind - 1, o->module_options,
			  sizeof(o->module_options), why, sizeof(why)) < 0) {
		log_error("%s", why);
		return -1;
	}
	return check_combinations(o);
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

/* Wholly root, and not to be paused by the caller (job_control_stops_hold):
 * from here to the drop the caller cannot stretch the time between a check
 * and what it allows.  Returns 0 or -1 (reported). */
static int become_root(void)
{
	if (setresuid(0, 0, 0) < 0) {
		log_error("cannot become root: %s", strerror(errno));
		return -1;
	}
	return job_control_stops_hold();
}

/* staprun -d NAME: the loader of the module or stapdev, checked first.  The
 * removal goes by name, so the check and the removal run as root: a caller
 * who could pause staprun between them could let another user's module of
 * that name take the place of her own. */
static int remove_detached(const char *name, enum privilege caller, uid_t uid)
{
	struct kmod_ctx *kctx;
	struct kmod_module *kmod;
	char why[256];
	uid_t loader;
	int status;

	if (become_root() < 0)
		return 1;
	if (vet_loaded_module(name, &loader, why, sizeof(why)) < 0 ||
	    privilege_may_remove(caller, uid, loader, why, sizeof(why)) < 0) {
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

/* After the drop: -D goes into the background, stapio runs, and the module
 * is removed unless -L left it running.  Returns the exit status. */
static int run_session(struct options *o, struct kmod_module *kmod, const char *name)
{
	int status = 1, rc;

	job_control_stops_release();
	if (signal_pending()) {
		log_progress(1, "interrupted before the session started");
		goto out_close;
	}
	if (o->daemon) {
		rc = daemon_fork();
		if (rc > 0) {
			/* the background staprun owns the module and its removal now */
			close(o->io.ctl_fd);
			close(o->io.dir_fd);
			return -1;
		}
		if (rc < 0)
			goto out_close;
	}
	status = run_stapio(&o->io);
	if (status == STAPIO_STATUS_DETACHED) {
		fprintf(stderr, "module %s left running; staprun -A %s joins it, "
			"staprun -d %s removes it\n", name, name, name);
		return 0;
	}
	goto out_remove;
out_close:
	close(o->io.ctl_fd);
	close(o->io.dir_fd);
out_remove:
	if (modload_remove(kmod, name) < 0)
		status = 1;
	return status;
}

/* Whether the open control channel still belongs to the uid checked. */
static int ctl_owner_is(int ctl_fd, uid_t loader)
{
	struct stat st;

	return fstat(ctl_fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == loader;
}

/* staprun -A NAME: the session's owner (or stapdev) joins a module left
 * running by -L; it is removed when that session ends. */
static int attach_session(struct options *o, enum privilege caller, uid_t uid, gid_t gid)
{
	const char *name = o->attach_name;
	struct kmod_ctx *kctx;
	struct kmod_module *kmod;
	uid_t loader;
	char why[256];
	int status = 1;

	if (become_root() < 0)
		return 1;
	if (vet_loaded_module(name, &loader, why, sizeof(why)) < 0 ||
	    privilege_may_remove(caller, uid, loader, why, sizeof(why)) < 0) {
		log_error("refusing to attach to module %s: %s", name, why);
		return 1;
	}
	o->io.modname = name;
	o->io.caller_uid = uid;
	if (signals_forward_install() < 0)
		return 1;
	kctx = modload_context();
	if (!kctx)
		return 1;
	kmod = modload_lookup(kctx, name);
	if (kmod && control_send_setup(name, uid, 0, &o->io.ctl_fd, &o->io.dir_fd) == 0) {
		/* the control channel staprun holds is the checked session's:
		 * its owner cannot change while it is open */
		if (ctl_owner_is(o->io.ctl_fd, loader) &&
		    drop_to_module_remover(uid, gid) == 0) {
			status = run_session(o, kmod, name);
			if (status < 0)
				status = 0;
		} else {
			log_error("refusing to attach to module %s: it changed hands while "
				  "staprun was attaching", name);
			close(o->io.ctl_fd);
			close(o->io.dir_fd);
		}
	} else if (kmod) {
		log_error("cannot attach to module %s", name);
	}
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
	char why[512], vetted_why[512], new_name[STP_MODULE_NAME_MAX];
	int rc, load_fd, status = 1;

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
		return remove_detached(opt.remove_name, caller, uid);
	if (opt.attach_name)
		return attach_session(&opt, caller, uid, gid);
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
	/* a module trusted for where root put it must carry the label root's
	 * policy gives that place */
	if (facts.in_vetted_dir && caller < PRIV_STAPDEV &&
	    selinux_check_vetted_label(mod.fd, why, sizeof(why)) < 0) {
		log_error("refusing module %s: %s", opt.module_path, why);
		goto out_fd;
	}
	if (mod.bulk && (!opt.io.output_file || opt.io.rotate)) {
		log_error("module %s was built for bulk mode (stap -b): it needs -o FILE and no -S",
			  opt.module_path);
		goto out_fd;
	}
	opt.io.bulk = mod.bulk;
	if (opt.io.monitor_s && !mod.monitor) {
		log_error("module %s was not built for monitor mode: -M needs a module built "
			  "with stap --monitor", opt.module_path);
		goto out_fd;
	}
	load_fd = mod.fd;
	if (opt.rename) {
		/* -R: a sealed copy of the vetted bytes under NAME_PID */
		if (rename_unique_name(mod.name, getpid(), new_name, sizeof(new_name)) < 0)
			goto out_fd;
		load_fd = rename_module_copy(&mod, new_name, why, sizeof(why));
		if (load_fd < 0) {
			log_error("cannot rename module %s: %s", mod.name, why);
			goto out_fd;
		}
		close(mod.fd);
		mod.fd = load_fd;
		snprintf(mod.name, sizeof(mod.name), "%s", new_name);
		log_progress(1, "loading the module as %s", mod.name);
	}
	opt.io.modname = mod.name;
	opt.io.caller_uid = uid;
	/* Wholly root until the drop: the caller may not kill or pause
	 * staprun while it sets the module up (SIGINT and the like still
	 * arrive and are handled; job-control stops are ignored). */
	if (become_root() < 0)
		goto out_fd;

	if (signals_forward_install() < 0)
		goto out_fd;
	kctx = modload_context();
	if (!kctx)
		goto out_fd;
	rc = modload_is_loaded(kctx, mod.name);
	if (rc != 0) {
		if (rc > 0)
			log_error("module %s is already loaded%s", mod.name,
				  opt.rename ? "" : " (staprun -R loads another copy)");
		goto out_ctx;
	}
	if (debugfs_ensure_mounted() < 0)
		goto out_ctx;

	kmod = modload_insert(kctx, mod.fd, mod.name, opt.module_options);
	if (!kmod)
		goto out_ctx;
	close(mod.fd);
	mod.fd = -1;
	if (control_send_setup(mod.name, uid, 1, &opt.io.ctl_fd, &opt.io.dir_fd) < 0)
		goto out_remove;
	/* From here on only the removal is privileged. */
	if (drop_to_module_remover(uid, gid) < 0) {
		close(opt.io.ctl_fd);
		close(opt.io.dir_fd);
		goto out_remove;
	}
	status = run_session(&opt, kmod, mod.name);
	if (status < 0)
		status = 0;     /* the foreground half of -D */
	goto out_ctx;

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
