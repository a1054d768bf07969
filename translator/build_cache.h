/*
 * build_cache.h - the two caches pass 4 keeps under $SYSTEMTAP_DIR/cache (or
 * ~/.systemtap/cache): finished modules, keyed by everything that goes into
 * them, and the runtime's compiled objects, keyed by the runtime's sources,
 * the target kernel and compiler, and the -D options, so that a new script
 * compiles only its own generated C.
 */
#ifndef STAP_BUILD_CACHE_H
#define STAP_BUILD_CACHE_H

#include <stddef.h>

#include "session.h"

#define MAX_RUNTIME_SOURCES 128

struct runtime_source {
	char path[512];   /* absolute path of the installed source */
	char object[256]; /* rt_NAME.o, or rt_transport_NAME.o */
};

/* $SYSTEMTAP_DIR/cache or ~/.systemtap/cache; empty when there is no home. */
void build_cache_dir(const struct session *s, char *out, size_t len);

/* The key of the runtime objects: the runtime's sources and headers, the
 * target kernel's configuration and compiler, and the -D options.  Returns
 * false when a source could not be read (then nothing is cached). */
bool runtime_objects_key(struct session *s, const struct runtime_source *src, int nsrc,
			 char *out, size_t outlen);

/* The key of a module: its generated C, its name and the runtime key. */
bool module_key(struct session *s, const char *runtime_key, char *out, size_t outlen);

/* CDIR/runtime/KEY; -1 when there is no cache directory. */
int runtime_entry_dir(const char *cdir, const char *key, char *out, size_t len);

/* Copies the cached objects for KEY (and the .cmd files kbuild's modpost reads
 * symbol versions from) into s->tmpdir.  Returns false when they are not all
 * cached; then s->tmpdir may hold some of them, which the full build replaces. */
bool runtime_objects_fetch(struct session *s, const char *cdir, const char *key,
			   const struct runtime_source *src, int nsrc);

/* Stores the objects kbuild just built in s->tmpdir under KEY, with the
 * commands kbuild ran (fast_link_capture): written into a private directory,
 * then renamed into place, so a concurrent stap sees all of them or none.  Failing to store is not an error (the next build retries). */
void runtime_objects_store(struct session *s, const char *cdir, const char *key,
			   const struct runtime_source *src, int nsrc);

/* --clean-cache: removes everything under build_cache_dir().  Returns 0, or
 * 1 after reporting. */
int build_cache_clean(const struct session *s);
/* Marks ENTRY (CDIR/runtime/KEY) as just used: pruning keeps the newest. */
void runtime_entry_touch(const char *entry);

/* Keeps the KEEP most recently used runtime entries under CDIR/runtime and
 * any used within the hour, and removes the others (each renamed away first,
 * so a concurrent stap sees a whole entry or none and at worst rebuilds), and
 * any entry a stap died filling more than an hour ago. */
#define RUNTIME_CACHE_KEEP 8
void runtime_cache_prune(const char *cdir, int keep);

/* Copies FROM to TO through a temporary name and rename(). */
int copy_file(const char *from, const char *to);

/* mkdir -p. */
int make_dirs(const char *path);

#endif /* STAP_BUILD_CACHE_H */
