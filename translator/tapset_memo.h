/*
 * tapset_memo.h - which tapset files parsed without a word before, under the
 * same conditions.  Pass 1 parses every library file to report its errors;
 * a file that parsed cleanly last time, unchanged, under the same
 * preprocessor conditions and macros and by the same stap, would parse
 * cleanly again, so pass 1 skips it and pass 2 parses it only if it takes
 * it.  An unchanged script that uses no syscall alias no longer parses the
 * 200 KB of generated syscall aliases.  Kept as empty files named by a hash
 * under the cache directory (cache/tapset-clean/).
 */
#ifndef TAPSET_MEMO_H
#define TAPSET_MEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "preprocess.h"
#include "session.h"

struct tapset_memo {
	bool on;                  /* off: --disable-cache/--poison-cache, no cache */
	uint64_t conditions;      /* stap, ENV and the .stpm macro files */
	char dir[4096];
};

/* Opens the memo for files parsed under ENV, whose global macros came from
 * the NSTPM files STPM. */
void tapset_memo_open(struct tapset_memo *m, const struct session *s, const struct pp_env *env,
		      const char *const *stpm, int nstpm);
/* Whether PATH, as it is now, parsed cleanly under these conditions. */
bool tapset_memo_clean(const struct tapset_memo *m, const char *path);
/* PATH, as it is now, just parsed cleanly. */
void tapset_memo_record(const struct tapset_memo *m, const char *path);

#endif
