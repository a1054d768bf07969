/*
 * array_bytes.h - the memory a global array is given at module load,
 * bounded in pass 2.
 */
#ifndef STAP_ARRAY_BYTES_H
#define STAP_ARRAY_BYTES_H

#include "ast.h"
#include "session.h"

/* Most bytes one array may take (override: -D STP_MAP_MAX_BYTES=N). */
#define ARRAY_MAX_BYTES (256LL << 20)
/* Most entries one array may hold (the runtime's own cap). */
#define ARRAY_MAX_ENTRIES (1LL << 24)

/*
 * Every global array fits ARRAY_MAX_ENTRIES and the byte limit at its
 * declared size (or MAXMAPENTRIES), with the MAXSTRINGLEN in force.
 * Returns the number of errors (reported).
 */
int check_array_bytes(const struct session *s, const struct program *prog);

#endif /* STAP_ARRAY_BYTES_H */
