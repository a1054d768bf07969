/*
 * fast_link.h - pass 4 without make: when the runtime objects are cached, the
 * script's C is compiled and the module linked by the very commands kbuild
 * ran when it built that cache entry, replayed with this module's names.
 */
#ifndef STAP_FAST_LINK_H
#define STAP_FAST_LINK_H

#include "build_cache.h"
#include "session.h"

enum fast_link_result {
	FAST_LINK_BUILT,        /* s->tmpdir/MOD.ko is there */
	FAST_LINK_UNAVAILABLE,  /* nothing to replay, or a step kbuild should judge: use kbuild */
	FAST_LINK_FAILED,       /* the script's C does not compile: reported, pass 4 fails */
};

/* After kbuild built the module in s->tmpdir: saves into ENTRY (a runtime
 * cache entry being filled) the commands kbuild ran, with the temporary
 * directory and module name made placeholders, and MOD.mod.c less the part
 * that depends on the module's imports.  Returns -1 when they cannot be
 * captured safely; the entry then simply has no fast path. */
int fast_link_capture(struct session *s, const char *entry);

/* Removes what fast_link_capture() saved in ENTRY. */
void fast_link_forget(const char *entry);

/* Builds s->tmpdir/MOD.ko from s->c_file and the runtime objects in ENTRY by
 * replaying the captured commands: the script's C and MOD.mod.c compile at
 * the same time, then the link, the import table (module_versions.c) and the
 * final link with the kernel's module linker script. */
enum fast_link_result fast_link_build(struct session *s, const char *entry,
				      const struct runtime_source *src, int nsrc);

#endif /* STAP_FAST_LINK_H */
