/*
 * build.c - pass 4: compile the generated C into a kernel module.
 *
 * The module is the generated MOD_src.c plus every .c file of the runtime
 * and of runtime/transport, each its own object, linked by the target
 * kernel's own kbuild (make -C /lib/modules/REL/build M=TMPDIR modules).
 *
 * The runtime objects are the same for every script, so they come from a
 * cache (build_cache.c) when it has them for this kernel, compiler and -D set:
 * copied into the temporary directory, kbuild links them as prebuilt objects
 * and compiles only the generated C.  Otherwise the runtime sources are
 * symlinked into the temporary directory (so kbuild writes the objects there
 * and never into the installed runtime), compiled with the generated C in one
 * parallel kbuild run, and the objects stored for the next script.
 *
 * Finished modules are cached too, keyed by the generated C, the module name
 * and the runtime key: an unchanged script skips kbuild entirely.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build_cache.h"
#include "fast_link.h"
#include "passes45.h"
#include "pass_timer.h"
#include "path_format.h"
#include "process.h"
#include "remote_vm.h"

static int compare_sources(const void *a, const void *b)
{
	const struct runtime_source *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* Collects the .c files of DIR/SUBDIR in name order (deterministic objects and key). */
static int list_sources(const char *dir, const char *subdir, const char *prefix,
			struct runtime_source *out, int *n)
{
	char path[512];
	DIR *d;
	struct dirent *e;

	path_format(path, sizeof path, "%s%s%s", dir, subdir[0] ? "/" : "", subdir);
	d = opendir(path);
	if (!d)
		return subdir[0] ? 0 : -1;   /* transport/ may be absent; runtime/ may not */
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
			continue;
		if (*n >= MAX_RUNTIME_SOURCES) {
			fprintf(stderr, "ERROR: too many runtime sources in %s (limit is %d)\n",
				path, MAX_RUNTIME_SOURCES);
			closedir(d);
			return -1;
		}
		path_format(out[*n].path, sizeof out[*n].path, "%s/%s", path, e->d_name);
		path_format(out[*n].object, sizeof out[*n].object, "%s%.*s.o", prefix,
			 (int)(len - 2), e->d_name);
		(*n)++;
	}
	closedir(d);
	return 0;
}

void session_target_defaults(struct session *s)
{
	static char release[256], build_dir[512];
	struct utsname u;

	if (uname(&u) != 0)
		memset(&u, 0, sizeof u);
	if (!s->arch)
		s->arch = "x86_64";
	if (s->kernel_release && s->kernel_release[0] == '/') {
		/* -r DIR: a kernel build tree; its release is in include/config/kernel.release */
		char path[600];
		FILE *f;

		path_format(build_dir, sizeof build_dir, "%s", s->kernel_release);
		path_format(path, sizeof path, "%s/include/config/kernel.release", build_dir);
		f = fopen(path, "r");
		release[0] = '\0';
		if (f) {
			if (fgets(release, sizeof release, f))
				release[strcspn(release, "\n")] = '\0';
			fclose(f);
		}
		s->kernel_release = release[0] ? release : "unknown";
		s->kernel_build_dir = build_dir;
		return;
	}
	if (!s->kernel_release) {
		path_format(release, sizeof release, "%s", u.release);
		/* A VM run needs a kernel we can boot and build for; the host's own
		 * kernel (a container's, say) often has neither. */
		if (s->remote && !vm_kernel_usable(release))
			vm_pick_kernel(release, sizeof release);
		s->kernel_release = release;
	}
	if (!s->kernel_build_dir) {
		path_format(build_dir, sizeof build_dir, "/lib/modules/%s/build", s->kernel_release);
		s->kernel_build_dir = build_dir;
	}
}

/* A path written into Kbuild (and M=) unquoted: make and the shell must
 * see nothing of theirs in it, so only plain path characters pass. */
static bool kbuild_safe_path(const char *what, const char *p)
{
	for (const char *c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || strchr("/._-+,@%=~", *c))) {
			fprintf(stderr, "ERROR: cannot build in or from %s '%s': kbuild needs a path "
				"of letters, digits and /._-+,@%%=~\n", what, p);
			return false;
		}
	return true;
}

/* Writes the Kbuild file; with link_sources, links the runtime sources into
 * the build directory to be compiled, else the prebuilt objects are there. */
static int write_kbuild(struct session *s, struct runtime_source *src, int nsrc,
			bool link_sources)
{
	char path[600];
	FILE *f;

	if (!kbuild_safe_path("the runtime directory", s->runtime_dir) ||
	    !kbuild_safe_path("the temporary directory", s->tmpdir))
		return -1;
	for (int i = 0; i < nsrc; i++)
		if (!kbuild_safe_path("the runtime source", src[i].object))
			return -1;

	path_format(path, sizeof path, "%s/Kbuild", s->tmpdir);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ERROR: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "obj-m := %s.o\n", s->module_name);
	fprintf(f, "%s-y := %s_src.o", s->module_name, s->module_name);
	for (int i = 0; i < nsrc; i++)
		fprintf(f, " %s", src[i].object);
	fprintf(f, "\nccflags-y := -I%s -I%s/transport", s->runtime_dir, s->runtime_dir);
	for (int i = 0; i < s->ndefines; i++)
		fprintf(f, " '-D%s'", s->defines[i]);
	fprintf(f, "\n");
	if (fclose(f) != 0) {
		fprintf(stderr, "ERROR: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < nsrc && link_sources; i++) {
		char link[600];

		path_format(link, sizeof link, "%s/%.*s.c", s->tmpdir,
			 (int)(strlen(src[i].object) - 2), src[i].object);
		if (symlink(src[i].path, link) != 0 && errno != EEXIST) {
			fprintf(stderr, "ERROR: cannot link %s: %s\n", link, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int run_kbuild(struct session *s)
{
	char mflag[600], jobs[32];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	const char *argv[8 + SESSION_MAX_LIST] = { "make", "-C", s->kernel_build_dir, mflag,
						   jobs, "modules" };
	struct captured out;
	int argc = 6, rc;

	if (s->verbose > 2)
		argv[argc++] = "V=1";
	for (int i = 0; i < s->nmake_vars; i++)   /* -B NAME=VALUE */
		argv[argc++] = s->make_vars[i];
	argv[argc] = NULL;

	path_format(mflag, sizeof mflag, "M=%s", s->tmpdir);
	path_format(jobs, sizeof jobs, "-j%ld", ncpu > 0 ? ncpu : 1);
	rc = run_capture(argv, &out);
	if (rc != 0 || s->verbose > 1)
		fwrite(out.data, 1, out.len, stderr);
	captured_free(&out);
	return rc;
}

/* The runtime compiles as one translation unit: kbuild's compile of a file
 * is mostly the kernel's headers, so one unit including every runtime source
 * costs about what one file did (a sixth of the CPU time of thirty). */
static int write_runtime_unit(struct session *s, const struct runtime_source *src, int nsrc,
			      struct runtime_source *unit)
{
	FILE *f;

	path_format(unit->path, sizeof unit->path, "%s/stap_runtime_unit.c", s->tmpdir);
	path_format(unit->object, sizeof unit->object, "rt_unit.o");
	f = fopen(unit->path, "w");
	if (!f) {
		fprintf(stderr, "ERROR: cannot write %s: %s\n", unit->path, strerror(errno));
		return -1;
	}
	fprintf(f, "/* every runtime source, as one unit (see translator/build.c) */\n");
	for (int i = 0; i < nsrc; i++)
		fprintf(f, "#include \"%s\"\n", src[i].path);
	if (fclose(f) != 0) {
		fprintf(stderr, "ERROR: cannot write %s: %s\n", unit->path, strerror(errno));
		return -1;
	}
	return 0;
}

int pass4_build(struct session *s)
{
	struct runtime_source *src, unit;
	struct pass_timer t;
	char rt_key[32], key[32], cdir[700], cached[800], makefile[600];
	int nsrc = 0, rc = 1;
	bool ok, prebuilt;
	struct stat st;

	pass_timer_start(&t);
	path_format(makefile, sizeof makefile, "%s/Makefile", s->kernel_build_dir);
	if (stat(makefile, &st) != 0) {
		struct utsname u;
		int host = uname(&u) == 0 && strcmp(u.release, s->kernel_release) == 0;

		fprintf(stderr,
			"ERROR: kernel build tree %s not found (%s): cannot build for kernel %s.\n"
			"Install its headers (Debian: linux-headers-%s), pick another installed kernel "
			"with -r RELEASE%s.\n",
			s->kernel_build_dir, strerror(errno), s->kernel_release, s->kernel_release,
			host ? ", or run in a VM with --remote=vm (this host's own kernel has no headers)"
			     : "");
		return 1;
	}
	src = calloc(MAX_RUNTIME_SOURCES, sizeof *src);
	if (!src) {
		fprintf(stderr, "ERROR: out of memory\n");
		return 1;
	}
	if (list_sources(s->runtime_dir, "", "rt_", src, &nsrc) != 0 ||
	    list_sources(s->runtime_dir, "transport", "rt_transport_", src, &nsrc) != 0) {
		fprintf(stderr, "ERROR: runtime sources not found in %s (use -R DIR)\n",
			s->runtime_dir);
		goto out;
	}
	qsort(src, (size_t)nsrc, sizeof *src, compare_sources);

	ok = runtime_objects_key(s, src, nsrc, rt_key, sizeof rt_key);
	if (write_runtime_unit(s, src, nsrc, &unit) != 0)
		goto out;
	ok = module_key(s, rt_key, key, sizeof key) && ok;
	build_cache_dir(s, cdir, sizeof cdir);
	if (!ok || s->disable_cache)
		cdir[0] = '\0';
	path_format(cached, sizeof cached, "%s/%.2s/%s_%s.ko", cdir, key, s->module_name, key + 2);
	if (cdir[0] && !s->poison_cache && stat(cached, &st) == 0) {
		path_format(s->ko_file, sizeof s->ko_file, "%s", cached);
		if (s->verbose)
			fprintf(stderr, "Pass 4: using cached %s\n", cached);
	} else {
		char entry[800];
		enum fast_link_result fast = FAST_LINK_UNAVAILABLE;

		/* --poison-cache: the cached runtime objects are not trusted either;
		 * -B variables only reach the compiler through kbuild's make */
		if (!s->poison_cache && s->nmake_vars == 0 &&
		    runtime_entry_dir(cdir, rt_key, entry, sizeof entry) == 0 &&
		    stat(entry, &st) == 0) {
			runtime_entry_touch(entry);
			fast = fast_link_build(s, entry, &unit, 1);
		}
		if (fast == FAST_LINK_FAILED) {
			fprintf(stderr, "Pass 4: compilation failed.  [man error::pass4]\n");
			goto out;
		}
		if (fast == FAST_LINK_UNAVAILABLE) {
			prebuilt = !s->poison_cache &&
				   runtime_objects_fetch(s, cdir, rt_key, &unit, 1);
			if (s->verbose)
				fprintf(stderr, "Pass 4: %s runtime objects %s/runtime/%s\n",
					prebuilt ? "using cached" : "building", cdir, rt_key);
			if (write_kbuild(s, &unit, 1, !prebuilt) != 0)
				goto out;
			if (run_kbuild(s) != 0) {
				fprintf(stderr, "Pass 4: compilation failed.  [man error::pass4]\n");
				goto out;
			}
			if (!prebuilt) {
				runtime_objects_store(s, cdir, rt_key, &unit, 1);
				runtime_cache_prune(cdir, RUNTIME_CACHE_KEEP);
			}
		}
		path_format(s->ko_file, sizeof s->ko_file, "%s/%s.ko", s->tmpdir, s->module_name);
		if (cdir[0]) {
			char sub[760];

			path_format(sub, sizeof sub, "%s/%.2s", cdir, key);
			if (make_dirs(sub) == 0 && copy_file(s->ko_file, cached) == 0)
				path_format(s->ko_file, sizeof s->ko_file, "%s", cached);
		}
	}
	if (s->last_pass == 4 && s->module_name_given) {
		/* like upstream: -p4 -m NAME leaves NAME.ko in the current directory */
		char here[600];

		path_format(here, sizeof here, "%s.ko", s->module_name);
		if (copy_file(s->ko_file, here) != 0) {
			fprintf(stderr, "ERROR: cannot copy %s to %s: %s\n", s->ko_file, here,
				strerror(errno));
			goto out;
		}
		path_format(s->ko_file, sizeof s->ko_file, "%s", here);
	}
	if (s->verbose)
		pass_timer_report(&t, "Pass 4: compiled C into \"%s\"", s->ko_file);
	if (s->last_pass == 4)
		printf("%s\n", s->ko_file);
	rc = 0;
out:
	free(src);
	return rc;
}
