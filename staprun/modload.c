/*
 * modload.c - the module's time in the kernel, through libkmod.
 *
 * Insertion goes through finit_module on the descriptor vet.c checked (libkmod
 * would reopen the path, and the file there may have changed since).  Removal can briefly
 * fail with EBUSY/EAGAIN while the last reference to the module's files drops
 * (stapio has just exited), so it is retried for a few seconds.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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

struct kmod_module *modload_insert(struct kmod_ctx *ctx, int fd, const char *name,
				   const char *options)
{
	struct kmod_module *mod;
	int rc;

	log_progress(1, "inserting module %s", name);
	if (syscall(SYS_finit_module, fd, options, 0) != 0) {
		rc = errno;
		if (rc == EEXIST)
			log_error("module %s is already loaded", name);
		else
			log_error("cannot insert module %s: %s%s", name, strerror(rc),
				   rc == ENOEXEC || rc == EINVAL || rc == ENOMEM ? " (see dmesg for the kernel's reason)" : "");
		return NULL;
	}
	rc = kmod_module_new_from_name(ctx, name, &mod);
	if (rc < 0) {
		log_error("libkmod cannot look up module %s: %s", name, strerror(-rc));
		if (syscall(SYS_delete_module, name, O_NONBLOCK) != 0)
			log_error("cannot remove module %s: %s", name, strerror(errno));
		return NULL;
	}
	return mod;
}

struct kmod_module *modload_lookup(struct kmod_ctx *ctx, const char *name)
{
	struct kmod_module *mod;
	int rc = kmod_module_new_from_name(ctx, name, &mod);

	if (rc < 0) {
		log_error("libkmod cannot look up module %s: %s", name, strerror(-rc));
		return NULL;
	}
	return mod;
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
