/*
 * tapset_index.h - which tapset file may define which function, global or
 * probe alias, found by a quick scan of the raw text (no parsing), so that
 * pass 2 parses only the files a script needs.  The index errs on the side
 * of too many candidates (both branches of a %( %? %: %) are indexed); the
 * caller parses a candidate and checks that it really defines the name.
 */
#ifndef STAP_TAPSET_INDEX_H
#define STAP_TAPSET_INDEX_H

#include "diag.h"

enum tapset_def { TDEF_FUNCTION, TDEF_GLOBAL, TDEF_ALIAS };

struct tapset_entry {
	enum tapset_def kind;
	const char *name;      /* interned; for aliases the first component */
	int file;
};

struct tapset_index {
	const char **paths;
	struct source **sources;   /* read by the scan */
	int nfiles;
	struct tapset_entry *entries;  /* in file order */
	int n, cap;
};

/* Reads and scans the NPATHS files (in search order). */
void tapset_index_build(struct tapset_index *ix, const char **paths, int npaths);

/* Scans one text, appending entries for FILE (exposed for tests). */
void tapset_index_scan(struct tapset_index *ix, const char *text, int file);

#endif /* STAP_TAPSET_INDEX_H */
