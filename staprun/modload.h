/*
 * modload.h - inserting the module (finit_module) and removing it (libkmod).
 */
#ifndef STAPRUN_MODLOAD_H
#define STAPRUN_MODLOAD_H

struct kmod_ctx;
struct kmod_module;

/* A libkmod context, or NULL (reported). */
struct kmod_ctx *modload_context(void);

/* Releases the context. */
void modload_context_free(struct kmod_ctx *ctx);

/* 1 if a module of that name is in the kernel, 0 if not, -1 on error (reported). */
int modload_is_loaded(struct kmod_ctx *ctx, const char *name);

/* Inserts the module open on fd (vetted, named name) with options
 * ("a=1 b=2").  Returns the module handle, or NULL (reported). */
struct kmod_module *modload_insert(struct kmod_ctx *ctx, int fd, const char *name,
				   const char *options);

/* The handle of a loaded module by name, or NULL (reported). */
struct kmod_module *modload_lookup(struct kmod_ctx *ctx, const char *name);

/* Removes the module, retrying while it is still busy.  Returns 0 or -1 (reported). */
int modload_remove(struct kmod_module *mod, const char *name);

#endif
