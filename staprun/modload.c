/*
 * modload.c - the module's time in the kernel, through libkmod.
 *
 * Insertion goes by path (libkmod uses finit_module).  Removal can briefly
 * fail with EBUSY/EAGAIN while the last reference to the module's files drops
 * (stapio has just exited), so it is retried for a few seconds.
 */
#include "config.h"

#include <errno.h>
#include <libkmod.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "modload.h"

#define REMOVE_TRIES 50
#define REMOVE_PAUSE_NS 100000000L   /* 100 ms */

struct kmod_ctx *modload_context(void)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);

	if (!ctx)
		log_error("cannot initialise libkmod");
	return ctx;
}

void modload_context_free(struct kmod_ctx *ctx)
{
	kmod_unref(ctx);
}

int modload_is_loaded(struct kmod_ctx *ctx, const char *name)
{
	struct kmod_module *mod;
	int state;

	if (kmod_module_new_from_name(ctx, name, &mod) < 0) {
		log_error("libkmod cannot look up module %s", name);
		return -1;
	}
	state = kmod_module_get_initstate(mod);
	kmod_module_unref(mod);
	return state >= 0;
}

struct kmod_module *modload_insert(struct kmod_ctx *ctx, const char *path, const char *name,
				   const char *options)
{
	struct kmod_module *mod;
	int rc;

	rc = kmod_module_new_from_path(ctx, path, &mod);
	if (rc < 0) {
		log_error("cannot use module %s: %s", path, strerror(-rc));
		return NULL;
	}
	log_progress(1, "inserting module %s", name);
	rc = kmod_module_insert_module(mod, 0, options);
	if (rc < 0) {
		if (rc == -EEXIST)
			log_error("module %s is already loaded", name);
		else
			log_error("cannot insert module %s: %s%s", path, strerror(-rc),
				   rc == -ENOEXEC || rc == -EINVAL ? " (see dmesg for the kernel's reason)" : "");
		kmod_module_unref(mod);
		return NULL;
	}
	/* libkmod names a module made from a path after the file; the kernel
	 * uses the name recorded inside it.  Removal must use the latter. */
	struct kmod_module *by_name;

	if (kmod_module_new_from_name(ctx, name, &by_name) < 0)
		return mod;
	kmod_module_unref(mod);
	return by_name;
}

int modload_remove(struct kmod_module *mod, const char *name)
{
	const struct timespec pause = { .tv_sec = 0, .tv_nsec = REMOVE_PAUSE_NS };
	int rc = 0;

	log_progress(1, "removing module %s", name);
	for (int i = 0; i < REMOVE_TRIES; i++) {
		rc = kmod_module_remove_module(mod, 0);
		if (rc != -EBUSY && rc != -EAGAIN)
			break;
		nanosleep(&pause, NULL);
	}
	kmod_module_unref(mod);
	if (rc < 0 && rc != -ENOENT) {
		log_error("cannot remove module %s: %s", name, strerror(-rc));
		return -1;
	}
	return 0;
}
