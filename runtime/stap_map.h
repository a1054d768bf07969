/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stap_map.h - associative arrays (script globals `x[k1, k2]`) for
 * generated code; included by stap_runtime.h.
 *
 * The generated file describes each array with a const struct stp_map_desc
 * (key types, value type, capacity, wrapping) and declares a
 * `static struct stp_map`; stp_globals_init() calls stp_map_init() on each,
 * which allocates every entry the array can hold, its hash table and its
 * sort index.  Nothing is allocated afterwards; the runtime frees all at
 * module exit.
 *
 * Keys are passed as an array of union stp_key, one per key in declaration
 * order (`(union stp_key[]){ { .l = pid }, { .s = name } }`).  A map has no
 * lock of its own: the generated code holds the array's global lock (read
 * lock for get/exists/unsorted foreach, write lock for anything that
 * changes it and for sorted foreach, which writes the sort index), or the
 * whole-globals lock.  Inside `foreach (k in x)` the body must not change x
 * (a translator check, as upstream); the iterator stays memory-safe anyway.
 *
 * Statistic arrays are per cpu, like scalar statistics: each cpu has its own
 * copy of the array (keys and data), preallocated at init, and `x[k] <<< v`
 * changes only the running cpu's copy.  So `<<<` on an element needs only
 * the array's read lock: other cpus may add at the same time, each to its
 * own copy, and nothing else can run meanwhile, since every other use of a
 * statistic array (@count(x[k]), `in`, foreach, delete, its size) takes the
 * write lock.  Those merge: one element over the cpus into a scratch block,
 * or (foreach, size) every cpu's copy into the array itself, which then
 * holds the merged elements in first-insertion order, rebuilt only when
 * something was added or deleted since the last merge.
 *
 * The public headers use only s64/u64/bool and plain C types, so they also
 * compile in the user-space harness of the translator's unit tests.
 */
#ifndef STAP_MAP_H
#define STAP_MAP_H

#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048             /* default capacity of an array */
#endif

#define STP_MAP_MAX_KEYS 9

enum stp_type {
	STP_TYPE_LONG = 1,
	STP_TYPE_STRING,
	STP_TYPE_STAT,                 /* values only */
};

/* One key value: .l for a long key, .s for a string key. */
union stp_key {
	s64 l;
	const char *s;
};

/* What the generated code says about one array. */
struct stp_map_desc {
	const char *name;              /* for messages */
	unsigned int nkeys;            /* 1..STP_MAP_MAX_KEYS */
	unsigned char key_types[STP_MAP_MAX_KEYS]; /* STP_TYPE_LONG or STP_TYPE_STRING */
	unsigned char value_type;      /* STP_TYPE_LONG, _STRING or _STAT */
	bool wrap;                     /* `global x%`: a full array drops its oldest entry */
	unsigned int max_entries;      /* `global x[N]`; 0: MAXMAPENTRIES */
	struct stp_stat_desc stat;     /* STP_TYPE_STAT values: histogram */
};

struct stp_map_pcpu;

/* An array.  Every field is the runtime's. */
struct stp_map {
	const struct stp_map_desc *desc;
	unsigned int capacity, count, hash_mask;
	unsigned int oldest, newest;   /* insertion-order list of live entries */
	unsigned int free;             /* free-entry list */
	unsigned int *hash;            /* hash_mask + 1 chain heads */
	unsigned int *order;           /* sort index: capacity entry numbers */
	unsigned char *entries;        /* capacity * entry_size bytes */
	size_t entry_size, value_off;
	size_t key_off[STP_MAP_MAX_KEYS];
	struct stp_stat_shape shape;   /* STP_TYPE_STAT: its histograms */
	struct stp_map_pcpu *pcpu;     /* STP_TYPE_STAT: each cpu's copy (map.c) */
	struct stp_map *owner;         /* in a cpu's copy: the array it belongs to */
	struct stp_stat_data *scratch; /* STP_TYPE_STAT: one element merged */
	bool stale;                    /* cpu copies changed since the last merge */
	unsigned int sort_gen;         /* bumped by each sort, checked by iterators */
	u64 seq;                       /* insertion counter, ties in sorts */
	struct stp_map *next_alloc;    /* the runtime's list, freed at module exit */
};

/* Module init (from stp_globals_init): allocate everything. 0 or -errno. */
int stp_map_init(struct stp_map *m, const struct stp_map_desc *d);

/* x[k] for a long array; 0 when missing. */
s64 stp_map_get_long(struct stp_map *m, const union stp_key *k);
/* x[k] for a string array, copied into dst[MAXSTRINGLEN]; "" when missing. */
void stp_map_get_str(struct stp_map *m, const union stp_key *k, char *dst);
/* The statistic x[k] (for @count(x[k]) ...), merged over the cpus, NULL
 * when missing; valid until the next call on @m. */
const struct stp_stat_data *stp_map_get_stat(struct stp_map *m, const union stp_key *k);
/* x[k] = v.  False after a soft error (full array). */
bool stp_map_set_long(struct stp_context *c, struct stp_map *m, const union stp_key *k,
		      s64 v, const char *near);
bool stp_map_set_str(struct stp_context *c, struct stp_map *m, const union stp_key *k,
		     const char *v, const char *near);
/* x[k] += delta in one lookup; returns the new value (0 after an error). */
s64 stp_map_add_long(struct stp_context *c, struct stp_map *m, const union stp_key *k,
		     s64 delta, const char *near);
/* x[k] <<< v.  False after a soft error. */
bool stp_map_add_stat(struct stp_context *c, struct stp_map *m, const union stp_key *k,
		      s64 v, const char *near);
/* [k] in x */
bool stp_map_exists(struct stp_map *m, const union stp_key *k);
/* delete x[k] (nothing if missing) */
void stp_map_delete(struct stp_map *m, const union stp_key *k);
/* delete x[k1, *, k3]: bit i of @wild set means key i matches anything. */
void stp_map_delete_slice(struct stp_map *m, const union stp_key *k, unsigned int wild);
/* [k1, *] in x: whether any element matches (same @wild as above). */
bool stp_map_exists_slice(struct stp_map *m, const union stp_key *k, unsigned int wild);
/* delete x */
void stp_map_clear(struct stp_map *m);
/* Number of elements (statistic arrays: distinct keys over every cpu). */
unsigned int stp_map_size(struct stp_map *m);

/* print(@hist_*(x[k])) for a statistic array, histogram @h; @d from
 * stp_map_get_stat() or stp_map_iter_stat() (NULL prints an empty one). */
static inline void stp_map_print_hist(struct stp_out *o, const struct stp_map *m,
				      const struct stp_stat_data *d, unsigned int h)
{
	stp_hist_print(o, d, &m->shape, h);
}

/* ---- foreach ---------------------------------------------------------- */

/* Sort direction of a foreach. */
enum {
	STP_SORT_NONE = 0,             /* insertion order */
	STP_SORT_ASC = 1,              /* x+ or [k+] */
	STP_SORT_DESC = -1,            /* x- or [k-] */
};

/* Which aggregate orders a statistic array sorted by value (`x @sum-`). */
enum stp_agg {
	STP_AGG_COUNT,
	STP_AGG_SUM,
	STP_AGG_MIN,
	STP_AGG_MAX,
	STP_AGG_AVG,
};

/* A foreach in progress; lives in the handler's locals. */
struct stp_map_iter {
	struct stp_map *m;
	unsigned int cur;              /* current entry, or the end marker */
	unsigned int pos, n;           /* sorted: position in m->order, count */
	unsigned int gen;              /* m->sort_gen when sorted */
	s64 left;                      /* iterations the limit still allows; <0: no limit */
	bool sorted, started;
};

/*
 * Begin `foreach ([k...] in x <sort> limit N)`.  @col: 0 sorts by value,
 * 1..nkeys by that key; @dir: STP_SORT_*; @agg: for statistic values;
 * @limit: N, or -1 without limit.  Sorting is a heapsort into the map's
 * preallocated index (O(n log n), ties in insertion order).  Then call
 * stp_map_iter_next() before each iteration.
 */
void stp_map_iter_start(struct stp_map_iter *it, struct stp_map *m, int col, int dir,
			enum stp_agg agg, s64 limit);
/* Move to the next element; false at the end.  A nested sorted foreach of
 * the same array re-sorts it: the outer loop then stops with a soft error. */
bool stp_map_iter_next(struct stp_context *c, struct stp_map_iter *it, const char *near);
/* Key @i (0-based) of the current element. */
s64 stp_map_iter_key_long(const struct stp_map_iter *it, unsigned int i);
const char *stp_map_iter_key_str(const struct stp_map_iter *it, unsigned int i);
/* Value of the current element (strings: valid while the lock is held). */
s64 stp_map_iter_long(const struct stp_map_iter *it);
const char *stp_map_iter_str(const struct stp_map_iter *it);
const struct stp_stat_data *stp_map_iter_stat(const struct stp_map_iter *it);

#endif /* STAP_MAP_H */
