/*
 * tapsets.h - finding and reading the library scripts: the default tapset
 * directory and each -I DIR, most specific kernel-version subdirectory first.
 */
#ifndef STAP_TAPSETS_H
#define STAP_TAPSETS_H

#include "diag.h"
#include "session.h"

/* The files named *EXT (".stp" or ".stpm") in the tapset search path of S,
 * in search order, a file shadowed by a more specific one of the same name
 * in the same tapset directory left out.  Returns how many (in *OUT,
 * arena memory). */
int tapset_files(const struct session *s, const char *ext, const char ***out);

/* Reads PATH into a source; NULL (reported) on failure. */
struct source *tapset_read(const char *path);

#endif /* STAP_TAPSETS_H */
