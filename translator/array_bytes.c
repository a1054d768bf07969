/*
 * array_bytes.c - bound the memory of each global array in pass 2.
 *
 * The runtime preallocates every array at module init (stap_map.h): an
 * entry holds its keys (8 bytes for a number, MAXSTRINGLEN for a string),
 * its value (likewise, or a statistic with its histogram buckets), and the
 * array adds a hash table (a power of two of u32) and an order list (u32 per
 * entry).  A declared size the kernel cannot give would fail the load, or
 * worse make the allocator warn; so the size is computed here, with the
 * MAXSTRINGLEN and MAXMAPENTRIES of -D in force, and refused with the
 * array's name and the limit.  Statistic arrays also get a copy per cpu at
 * load, which the runtime allocates without warning when memory is short.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "array_bytes.h"
#include "diag.h"

/* The runtime's defaults (stap_runtime.h, stap_map.h, stap_stat.h). */
#define DEFAULT_MAXSTRINGLEN 512
#define DEFAULT_MAXMAPENTRIES 2048
#define STAT_DATA_BYTES 48
#define LOG_HIST_BUCKETS 128

/* The value of -D NAME=N, or fallback when not given (or not a number). */
static long long define_value(const struct session *s, const char *name, long long fallback)
{
	size_t n = strlen(name);

	for (int i = 0; i < s->ndefines; i++) {
		const char *d = s->defines[i];
		char *end;
		long long v;

		if (strncmp(d, name, n) != 0 || d[n] != '=')
			continue;
		errno = 0;
		v = strtoll(d + n + 1, &end, 0);
		if (!errno && !*end && v > 0)
			fallback = v;
	}
	return fallback;
}

static long long align8(long long n)
{
	return (n + 7) & ~7LL;
}

static long long stat_value_bytes(const struct symbol *sym)
{
	long long buckets = 0;

	for (int i = 0; i < sym->nhist; i++) {
		const struct hist_kind *h = &sym->hists[i];

		if (h->kind == 2)
			buckets += LOG_HIST_BUCKETS;
		else if (h->step > 0 && h->hi > h->lo)
			buckets += (long long)(((uint64_t)h->hi - (uint64_t)h->lo) / (uint64_t)h->step) + 3;
	}
	return STAT_DATA_BYTES + 8 * buckets;
}

static long long pow2_at_least(long long n)
{
	long long p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

int check_array_bytes(const struct session *s, const struct program *prog)
{
	/* capped so that nine keys and a value cannot overflow */
	long long strlen_max = align8(define_value(s, "MAXSTRINGLEN", DEFAULT_MAXSTRINGLEN) &
				      ((1LL << 40) - 1));
	long long default_entries = define_value(s, "MAXMAPENTRIES", DEFAULT_MAXMAPENTRIES);
	long long limit = define_value(s, "STP_MAP_MAX_BYTES", ARRAY_MAX_BYTES);
	int errors = 0;

	for (const struct symbol *g = prog->globals; g; g = g->next) {
		long long entries = g->array_size ? g->array_size : default_entries;
		long long entry = 0, total;

		if (!g->nkeys)
			continue;
		if (entries > ARRAY_MAX_ENTRIES) {
			diag_semantic_error(g->loc, g->what, "array '%s' of %lld entries is too large "
					    "(limit is %lld entries)", g->name, entries,
					    ARRAY_MAX_ENTRIES);
			errors++;
			continue;
		}
		for (int i = 0; i < g->nkeys; i++)
			entry += g->key_types[i] == TYPE_STRING ? strlen_max : 8;
		if (g->is_stat)
			entry += align8(stat_value_bytes(g));
		else
			entry += g->type == TYPE_STRING ? strlen_max : 8;
		/* entries, then the hash table and the order list */
		if (__builtin_mul_overflow(entries, entry, &total) ||
		    __builtin_add_overflow(total, 4 * pow2_at_least(entries) + 4 * entries, &total))
			total = LLONG_MAX;
		if (total > limit) {
			diag_semantic_error(g->loc, g->what, "array '%s' needs %lld bytes (%lld "
					    "entries of %lld bytes), more than an array may take "
					    "(limit is %lld bytes, -D STP_MAP_MAX_BYTES=N)", g->name,
					    total, entries, entry, limit);
			errors++;
		}
	}
	return errors;
}
