/*
 * tapsets.h - finding and reading the library scripts: the default tapset
 * directory and each -I DIR, most specific kernel-version subdirectory first.
 */
#ifndef STAP_TAPSETS_H
#define STAP_TAPSETS_H

#include <stdbool.h>

#include "diag.h"
#include "session.h"

/* The files named *EXT (".stp" or ".stpm") in the tapset search path of S,
 * in search order, a file shadowed by a more specific one of the same name
 * in the same tapset directory left out.  Returns how many (in *OUT,
 * arena memory).  The search is made once per arena lifetime (until
 * arena_free_all()); later calls for the same path give the same list. */
int tapset_files(const struct session *s, const char *ext, const char ***out);

/* Reads PATH into a source; NULL (reported) on failure.  A file already
 * read (since the last arena_free_all()) is not read again: the same
 * source is returned, so pass 2 shares pass 1's reads. */
struct source *tapset_read(const char *path);

struct pp_env;
struct program;

/* Every .stpm file of the search path into ENV's global macros; returns
 * the number of errors. */
int tapsets_parse_macros(const struct session *s, struct pp_env *env);

/* Every .stp file of the search path into LIBRARY (*NFILES: how many).  A
 * file that does not parse is skipped with a warning, as upstream does;
 * returns the number of errors that count (its parse errors under -W). */
int tapsets_parse_library(const struct session *s, struct pp_env *env, struct program *library,
			  int *nfiles);

/* Pass 1's tree of library file SRC into *OUT, when it parsed without error
 * under the same preprocessor conditions as ENV's (so pass 2 need not lex
 * and parse it again); false otherwise.  Each file is handed out once, and
 * not after arena_free_all().  The first call takes the trees out of the
 * LIBRARY tapsets_parse_library() filled, which is empty from then on. */
bool tapsets_parsed(const struct source *src, const struct pp_env *env, struct program *out);

#endif /* STAP_TAPSETS_H */
