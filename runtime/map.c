// SPDX-License-Identifier: GPL-2.0
/*
 * map.c - the script's associative arrays.
 *
 * An array is a pool of fixed-size entries allocated at module init, one
 * per element it may ever hold (its [N], or MAXMAPENTRIES).  An entry is a
 * small header, then each key in its slot (8 bytes for a long, MAXSTRINGLEN
 * for a string), then the value (a long, a string, or a statistic block).
 * Entries are found through a power-of-two hash table of chains (entry
 * numbers, not pointers) and kept on a doubly linked list in insertion
 * order, which gives unsorted foreach its order and `%` arrays their oldest
 * entry to evict; unused entries sit on a free list.
 *
 * Sorted foreach copies the live entry numbers into the preallocated sort
 * index and heapsorts it: bounded O(n log n) work, no allocation, no
 * recursion; equal elements keep their insertion order.
 *
 * A statistic array is per cpu (stap_map.h): struct stp_map_pcpu holds one
 * plain array per possible cpu, each of the full capacity, and a counter
 * that numbers new elements across cpus.  `<<<` works on the running cpu's
 * copy alone.  Reading one element merges its data from each copy into the
 * array's scratch block (O(cpus) lookups); foreach and the element count
 * first rebuild the array itself as the merge of every copy (elements in
 * the order their keys first appeared on any cpu), which only happens when
 * a copy changed since the last rebuild.  Keys beyond the merged array's
 * capacity (possible only when different cpus saw more distinct keys than
 * one array holds) are left out of the merge.
 *
 * Everything here may run in probe context; the caller holds the array's
 * lock (see stap_map.h).
 */
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "stp_internal.h"

#define STP_NIL U32_MAX

struct stp_map_entry {
	u32 hnext;                     /* next in hash chain */
	u32 prev, next;                /* insertion order; next links the free list */
	u32 hash;
	u64 seq;                       /* insertion number */
	bool live;
};

/* Each cpu's copy of a statistic array. */
struct stp_map_pcpu {
	atomic64_t seq;                /* numbers new elements on every cpu */
	struct stp_map cpu[];          /* nr_cpu_ids entries, possible cpus set up */
};

static struct stp_map *stp_maps;     /* every array set up, for freeing */

static notrace struct stp_map_entry *stp_entry(const struct stp_map *m, u32 i)
{
	return (struct stp_map_entry *)(m->entries + (size_t)i * m->entry_size);
}
STP_NOKPROBE(stp_entry);

static notrace s64 *stp_entry_key_long(const struct stp_map *m, u32 i, unsigned int k)
{
	return (s64 *)((u8 *)stp_entry(m, i) + m->key_off[k]);
}
STP_NOKPROBE(stp_entry_key_long);

static notrace char *stp_entry_key_str(const struct stp_map *m, u32 i, unsigned int k)
{
	return (char *)stp_entry(m, i) + m->key_off[k];
}
STP_NOKPROBE(stp_entry_key_str);

static notrace void *stp_entry_value(const struct stp_map *m, u32 i)
{
	return (u8 *)stp_entry(m, i) + m->value_off;
}
STP_NOKPROBE(stp_entry_value);

static size_t stp_value_size(const struct stp_map *m)
{
	switch (m->desc->value_type) {
	case STP_TYPE_STRING:
		return MAXSTRINGLEN;
	case STP_TYPE_STAT:
		return stp_stat_data_size(m->shape.nbuckets);
	default:
		return sizeof(s64);
	}
}

/* Reset the free list and the hash table: every entry unused. */
static notrace void stp_map_reset(struct stp_map *m)
{
	u32 i;

	for (i = 0; i <= m->hash_mask; i++)
		m->hash[i] = STP_NIL;
	for (i = 0; i < m->capacity; i++) {
		struct stp_map_entry *e = stp_entry(m, i);

		e->live = false;
		e->next = i + 1 < m->capacity ? i + 1 : STP_NIL;
	}
	m->free = 0;
	m->oldest = m->newest = STP_NIL;
	m->count = 0;
}
STP_NOKPROBE(stp_map_reset);

/* Allocate one plain array (an array, or one cpu's copy of one). */
static int stp_map_init_one(struct stp_map *m, const struct stp_map_desc *d)
{
	size_t off = sizeof(struct stp_map_entry), size;
	unsigned int i;
	int rc;

	memset(m, 0, sizeof(*m));
	m->desc = d;
	if (d->nkeys < 1 || d->nkeys > STP_MAP_MAX_KEYS)
		return -EINVAL;
	if (d->value_type == STP_TYPE_STAT) {
		rc = stp_stat_shape_init(&m->shape, &d->stat);
		if (rc)
			return rc;
	} else if (d->value_type != STP_TYPE_LONG && d->value_type != STP_TYPE_STRING) {
		return -EINVAL;
	}
	m->capacity = d->max_entries ? d->max_entries : MAXMAPENTRIES;
	if (m->capacity > (1U << 24))
		return -E2BIG;
	for (i = 0; i < d->nkeys; i++) {
		off = ALIGN(off, sizeof(s64));
		m->key_off[i] = off;
		switch (d->key_types[i]) {
		case STP_TYPE_LONG:
			off += sizeof(s64);
			break;
		case STP_TYPE_STRING:
			off += MAXSTRINGLEN;
			break;
		default:
			return -EINVAL;
		}
	}
	m->value_off = ALIGN(off, sizeof(s64));
	m->entry_size = ALIGN(m->value_off + stp_value_size(m), sizeof(s64));
	if (check_mul_overflow(m->entry_size, (size_t)m->capacity, &size))
		return -E2BIG;
	m->hash_mask = roundup_pow_of_two(m->capacity) - 1;
	m->entries = kvzalloc(size, GFP_KERNEL | __GFP_NOWARN);
	m->hash = kvmalloc_array(m->hash_mask + 1, sizeof(u32), GFP_KERNEL | __GFP_NOWARN);
	m->order = kvmalloc_array(m->capacity, sizeof(u32), GFP_KERNEL | __GFP_NOWARN);
	m->next_alloc = stp_maps;
	stp_maps = m;
	if (!m->entries || !m->hash || !m->order)
		return -ENOMEM;     /* freed by stp_maps_free() */
	stp_map_reset(m);
	return 0;
}

static int stp_map_init_all(struct stp_map *m, const struct stp_map_desc *d)
{
	unsigned int cpu;
	int rc = stp_map_init_one(m, d);

	if (rc || d->value_type != STP_TYPE_STAT)
		return rc;
	m->scratch = kzalloc(stp_stat_data_size(m->shape.nbuckets), GFP_KERNEL | __GFP_NOWARN);
	m->pcpu = kvzalloc(struct_size(m->pcpu, cpu, nr_cpu_ids), GFP_KERNEL | __GFP_NOWARN);
	if (!m->scratch || !m->pcpu)
		return -ENOMEM;     /* freed by stp_maps_free() */
	atomic64_set(&m->pcpu->seq, 0);
	for_each_possible_cpu(cpu) {
		struct stp_map *cm = &m->pcpu->cpu[cpu];

		rc = stp_map_init_one(cm, d);
		cm->owner = m;
		if (rc)
			return rc;
	}
	return 0;
}

/**
 * stp_map_init() - allocate an array (module init, from stp_globals_init()).
 * @m: the array, zeroed or not.
 * @d: its description, which must outlive the module's use of @m.
 *
 * A statistic array also gets one copy per possible cpu and a scratch
 * block: (cpus + 1) times the memory of the array.
 *
 * Return: 0, -EINVAL for a bad description, -E2BIG, or -ENOMEM.
 */
int stp_map_init(struct stp_map *m, const struct stp_map_desc *d)
{
	int rc = stp_map_init_all(m, d);

	/* allocations do not warn, so say which array did not fit */
	if (rc)
		pr_err("systemtap: cannot allocate array %s (%u entries): error %d\n", d->name,
		       d->max_entries ? d->max_entries : MAXMAPENTRIES, rc);
	return rc;
}

/**
 * stp_maps_free() - free every array stp_map_init() set up (module exit).
 */
void stp_maps_free(void)
{
	while (stp_maps) {
		struct stp_map *m = stp_maps;

		stp_maps = m->next_alloc;
		kvfree(m->entries);
		kvfree(m->hash);
		kvfree(m->order);
		/* the cpu copies were set up later, so they are freed already */
		kvfree(m->pcpu);
		kfree(m->scratch);
		m->entries = NULL;
		m->hash = m->order = NULL;
		m->pcpu = NULL;
		m->scratch = NULL;
		m->next_alloc = NULL;
	}
}

static notrace u32 stp_key_hash(const struct stp_map *m, const union stp_key *k)
{
	const struct stp_map_desc *d = m->desc;
	u32 h = d->nkeys;
	unsigned int i;

	for (i = 0; i < d->nkeys; i++) {
		if (d->key_types[i] == STP_TYPE_STRING) {
			const char *s = k[i].s ? k[i].s : "";

			h = jhash(s, strnlen(s, MAXSTRINGLEN - 1), h);
		} else {
			h = jhash_2words((u32)k[i].l, (u32)((u64)k[i].l >> 32), h);
		}
	}
	return h;
}
STP_NOKPROBE(stp_key_hash);

/* Whether entry @i matches @k (keys whose bit is set in @wild match all). */
static notrace bool stp_key_match(const struct stp_map *m, u32 i, const union stp_key *k,
				  unsigned int wild)
{
	const struct stp_map_desc *d = m->desc;
	unsigned int j;

	for (j = 0; j < d->nkeys; j++) {
		if (wild & (1U << j))
			continue;
		if (d->key_types[j] == STP_TYPE_STRING) {
			if (strncmp(stp_entry_key_str(m, i, j), k[j].s ? k[j].s : "",
				    MAXSTRINGLEN - 1))
				return false;
		} else if (*stp_entry_key_long(m, i, j) != k[j].l) {
			return false;
		}
	}
	return true;
}
STP_NOKPROBE(stp_key_match);

static notrace u32 stp_map_find(const struct stp_map *m, const union stp_key *k, u32 hash)
{
	u32 i;

	if (!m->entries)
		return STP_NIL;
	for (i = m->hash[hash & m->hash_mask]; i != STP_NIL; i = stp_entry(m, i)->hnext) {
		if (stp_entry(m, i)->hash == hash && stp_key_match(m, i, k, 0))
			return i;
	}
	return STP_NIL;
}
STP_NOKPROBE(stp_map_find);

static notrace u32 stp_map_lookup(const struct stp_map *m, const union stp_key *k)
{
	return stp_map_find(m, k, stp_key_hash(m, k));
}
STP_NOKPROBE(stp_map_lookup);

/* Take entry @i out of its hash chain and the insertion list, free it. */
static notrace void stp_map_remove(struct stp_map *m, u32 i)
{
	struct stp_map_entry *e = stp_entry(m, i);
	u32 *link = &m->hash[e->hash & m->hash_mask];

	while (*link != STP_NIL && *link != i)
		link = &stp_entry(m, *link)->hnext;
	if (!WARN_ON_ONCE(*link != i))
		*link = e->hnext;
	if (e->prev != STP_NIL)
		stp_entry(m, e->prev)->next = e->next;
	else
		m->oldest = e->next;
	if (e->next != STP_NIL)
		stp_entry(m, e->next)->prev = e->prev;
	else
		m->newest = e->prev;
	e->live = false;
	e->next = m->free;
	m->free = i;
	m->count--;
}
STP_NOKPROBE(stp_map_remove);

/* A new entry for @k (hash @hash) from the free list, value zeroed, at the
 * newest end; STP_NIL when there is no free entry. */
static notrace u32 stp_map_insert(struct stp_map *m, const union stp_key *k, u32 hash)
{
	const struct stp_map_desc *d = m->desc;
	struct stp_map_entry *e;
	unsigned int j;
	u32 i = m->free;

	if (i == STP_NIL)
		return STP_NIL;
	e = stp_entry(m, i);
	m->free = e->next;
	e->live = true;
	e->hash = hash;
	e->seq = m->owner ? (u64)atomic64_inc_return(&m->owner->pcpu->seq) : m->seq++;
	e->hnext = m->hash[hash & m->hash_mask];
	m->hash[hash & m->hash_mask] = i;
	e->prev = m->newest;
	e->next = STP_NIL;
	if (m->newest != STP_NIL)
		stp_entry(m, m->newest)->next = i;
	else
		m->oldest = i;
	m->newest = i;
	m->count++;
	for (j = 0; j < d->nkeys; j++) {
		if (d->key_types[j] == STP_TYPE_STRING)
			strscpy(stp_entry_key_str(m, i, j), k[j].s ? k[j].s : "", MAXSTRINGLEN);
		else
			*stp_entry_key_long(m, i, j) = k[j].l;
	}
	switch (d->value_type) {
	case STP_TYPE_STAT:
		stp_stat_data_reset(stp_entry_value(m, i), m->shape.nbuckets);
		break;
	case STP_TYPE_STRING:
		*(char *)stp_entry_value(m, i) = '\0';
		break;
	default:
		*(s64 *)stp_entry_value(m, i) = 0;
		break;
	}
	return i;
}
STP_NOKPROBE(stp_map_insert);

/* The entry for @k, created (value zeroed) if missing; STP_NIL and a soft
 * error when the array is full and does not wrap. */
static notrace u32 stp_map_slot(struct stp_context *c, struct stp_map *m,
				const union stp_key *k, const char *near)
{
	u32 hash = stp_key_hash(m, k), i = stp_map_find(m, k, hash);

	if (i != STP_NIL)
		return i;
	if (!m->entries) {
		stp_error(c, "Array overflow, check MAXMAPENTRIES", near);
		return STP_NIL;
	}
	if (m->free == STP_NIL) {
		if (!m->desc->wrap || m->oldest == STP_NIL) {
			stp_error(c, "Array overflow, check MAXMAPENTRIES", near);
			return STP_NIL;
		}
		stp_map_remove(m, m->oldest);
	}
	return stp_map_insert(m, k, hash);
}
STP_NOKPROBE(stp_map_slot);

/**
 * stp_map_get_long() - x[k] of a long array.
 * @m: the array.
 * @k: the keys.
 *
 * Return: the value, 0 when missing.
 */
notrace s64 stp_map_get_long(struct stp_map *m, const union stp_key *k)
{
	u32 i = stp_map_lookup(m, k);

	return i == STP_NIL ? 0 : *(s64 *)stp_entry_value(m, i);
}
STP_NOKPROBE(stp_map_get_long);

/**
 * stp_map_get_str() - x[k] of a string array.
 * @m: the array.
 * @k: the keys.
 * @dst: MAXSTRINGLEN bytes; "" when missing.
 */
notrace void stp_map_get_str(struct stp_map *m, const union stp_key *k, char *dst)
{
	u32 i = stp_map_lookup(m, k);

	if (i == STP_NIL)
		dst[0] = '\0';
	else
		stp_str_copy(dst, stp_entry_value(m, i));
}
STP_NOKPROBE(stp_map_get_str);

/**
 * stp_map_get_stat() - the statistic x[k].
 * @m: a statistic array.
 * @k: the keys.
 *
 * Return: its data, NULL when missing.
 */
notrace const struct stp_stat_data *stp_map_get_stat(struct stp_map *m, const union stp_key *k)
{
	bool found = false;
	unsigned int cpu;
	u32 i;

	if (!m->pcpu) {
		i = stp_map_lookup(m, k);
		return i == STP_NIL ? NULL : stp_entry_value(m, i);
	}
	if (!m->scratch)
		return NULL;
	stp_stat_data_reset(m->scratch, m->shape.nbuckets);
	for_each_possible_cpu(cpu) {
		struct stp_map *cm = &m->pcpu->cpu[cpu];

		i = stp_map_lookup(cm, k);
		if (i == STP_NIL)
			continue;
		found = true;
		stp_stat_data_merge(m->scratch, stp_entry_value(cm, i), m->shape.nbuckets);
	}
	return found ? m->scratch : NULL;
}
STP_NOKPROBE(stp_map_get_stat);

/**
 * stp_map_set_long() - x[k] = v.
 * @c: the probe context, for the overflow error.
 * @m: a long array.
 * @k: the keys.
 * @v: the value.
 * @near: where, for the error message.
 *
 * Return: false after a soft error.
 */
notrace bool stp_map_set_long(struct stp_context *c, struct stp_map *m, const union stp_key *k,
			      s64 v, const char *near)
{
	u32 i = stp_map_slot(c, m, k, near);

	if (i == STP_NIL)
		return false;
	*(s64 *)stp_entry_value(m, i) = v;
	return true;
}
STP_NOKPROBE(stp_map_set_long);

/**
 * stp_map_set_str() - x[k] = v for a string array (v truncated to MAXSTRINGLEN).
 * @c: the probe context.
 * @m: a string array.
 * @k: the keys.
 * @v: the value.
 * @near: where.
 *
 * Return: false after a soft error.
 */
notrace bool stp_map_set_str(struct stp_context *c, struct stp_map *m, const union stp_key *k,
			     const char *v, const char *near)
{
	u32 i = stp_map_slot(c, m, k, near);

	if (i == STP_NIL)
		return false;
	strscpy(stp_entry_value(m, i), v ? v : "", MAXSTRINGLEN);
	return true;
}
STP_NOKPROBE(stp_map_set_str);

/**
 * stp_map_add_long() - x[k] += delta.
 * @c: the probe context.
 * @m: a long array.
 * @k: the keys.
 * @delta: what to add (wraps like the script's arithmetic).
 * @near: where.
 *
 * Return: the new value, 0 after a soft error.
 */
notrace s64 stp_map_add_long(struct stp_context *c, struct stp_map *m, const union stp_key *k,
			     s64 delta, const char *near)
{
	u32 i = stp_map_slot(c, m, k, near);
	s64 *p;

	if (i == STP_NIL)
		return 0;
	p = stp_entry_value(m, i);
	*p = (s64)((u64)*p + (u64)delta);
	return *p;
}
STP_NOKPROBE(stp_map_add_long);

/**
 * stp_map_add_stat() - x[k] <<< v, on this cpu's copy of the array.
 * @c: the probe context.
 * @m: a statistic array.
 * @k: the keys.
 * @v: the value.
 * @near: where.
 *
 * Return: false after a soft error.
 */
notrace bool stp_map_add_stat(struct stp_context *c, struct stp_map *m, const union stp_key *k,
			      s64 v, const char *near)
{
	struct stp_map *cm = m->pcpu ? &m->pcpu->cpu[smp_processor_id()] : m;
	u32 i = stp_map_slot(c, cm, k, near);

	if (i == STP_NIL)
		return false;
	stp_stat_data_add(stp_entry_value(cm, i), &m->shape, v);
	if (m->pcpu && !READ_ONCE(m->stale))
		WRITE_ONCE(m->stale, true);
	return true;
}
STP_NOKPROBE(stp_map_add_stat);

/**
 * stp_map_exists() - [k] in x.
 * @m: the array.
 * @k: the keys.
 */
notrace bool stp_map_exists(struct stp_map *m, const union stp_key *k)
{
	unsigned int cpu;

	if (!m->pcpu)
		return stp_map_lookup(m, k) != STP_NIL;
	for_each_possible_cpu(cpu)
		if (stp_map_lookup(&m->pcpu->cpu[cpu], k) != STP_NIL)
			return true;
	return false;
}
STP_NOKPROBE(stp_map_exists);

/**
 * stp_map_delete() - delete x[k].
 * @m: the array.
 * @k: the keys.
 */
notrace void stp_map_delete(struct stp_map *m, const union stp_key *k)
{
	unsigned int cpu;
	u32 i;

	if (m->pcpu) {
		for_each_possible_cpu(cpu)
			stp_map_delete(&m->pcpu->cpu[cpu], k);
		m->stale = true;
	}
	i = stp_map_lookup(m, k);
	if (i != STP_NIL)
		stp_map_remove(m, i);
}
STP_NOKPROBE(stp_map_delete);

/**
 * stp_map_delete_slice() - delete every element matching keys with wildcards.
 * @m: the array.
 * @k: the keys; those named by @wild are not read.
 * @wild: bit i set: key i is `*`.
 */
notrace void stp_map_delete_slice(struct stp_map *m, const union stp_key *k, unsigned int wild)
{
	unsigned int cpu;
	u32 i, next;

	if (m->pcpu) {
		for_each_possible_cpu(cpu)
			stp_map_delete_slice(&m->pcpu->cpu[cpu], k, wild);
		m->stale = true;
	}
	if (!m->entries)
		return;
	for (i = m->oldest; i != STP_NIL; i = next) {
		next = stp_entry(m, i)->next;
		if (stp_key_match(m, i, k, wild))
			stp_map_remove(m, i);
	}
}
STP_NOKPROBE(stp_map_delete_slice);

/**
 * stp_map_exists_slice() - whether any element matches keys with wildcards.
 * @m: the array.
 * @k: the keys.
 * @wild: bit i set: key i is `*`.
 */
notrace bool stp_map_exists_slice(struct stp_map *m, const union stp_key *k, unsigned int wild)
{
	unsigned int cpu;
	u32 i;

	if (m->pcpu) {
		for_each_possible_cpu(cpu)
			if (stp_map_exists_slice(&m->pcpu->cpu[cpu], k, wild))
				return true;
		return false;
	}
	if (!m->entries)
		return false;
	for (i = m->oldest; i != STP_NIL; i = stp_entry(m, i)->next)
		if (stp_key_match(m, i, k, wild))
			return true;
	return false;
}
STP_NOKPROBE(stp_map_exists_slice);

/**
 * stp_map_clear() - delete x.
 * @m: the array.
 */
notrace void stp_map_clear(struct stp_map *m)
{
	unsigned int cpu;

	if (m->pcpu) {
		for_each_possible_cpu(cpu)
			stp_map_clear(&m->pcpu->cpu[cpu]);
		m->stale = false;   /* every copy and the merge are empty */
	}
	if (m->entries)
		stp_map_reset(m);
}
STP_NOKPROBE(stp_map_clear);

/* ---- sorting and foreach ----------------------------------------------- */

struct stp_sort {
	const struct stp_map *m;
	int col, dir;
	enum stp_agg agg;
};

static notrace s64 stp_agg_value(const struct stp_stat_data *d, enum stp_agg agg)
{
	switch (agg) {
	case STP_AGG_SUM:
		return d->sum;
	case STP_AGG_MIN:
		return d->count ? d->min : 0;
	case STP_AGG_MAX:
		return d->count ? d->max : 0;
	case STP_AGG_AVG:
		return d->count ? div64_s64(d->sum, d->count) : 0;
	case STP_AGG_COUNT:
		break;
	}
	return d->count;
}
STP_NOKPROBE(stp_agg_value);

static notrace int stp_cmp_long(s64 a, s64 b)
{
	return a < b ? -1 : a > b;
}
STP_NOKPROBE(stp_cmp_long);

/* Order of entries @a and @b: the requested column and direction, then
 * insertion order. */
static notrace int stp_sort_cmp(const struct stp_sort *s, u32 a, u32 b)
{
	const struct stp_map *m = s->m;
	const struct stp_map_desc *d = m->desc;
	int r;

	if (s->col < 0) {
		r = 0;                 /* insertion order alone */
	} else if (s->col == 0) {
		switch (d->value_type) {
		case STP_TYPE_STRING:
			r = strncmp(stp_entry_value(m, a), stp_entry_value(m, b), MAXSTRINGLEN);
			break;
		case STP_TYPE_STAT:
			r = stp_cmp_long(stp_agg_value(stp_entry_value(m, a), s->agg),
					 stp_agg_value(stp_entry_value(m, b), s->agg));
			break;
		default:
			r = stp_cmp_long(*(s64 *)stp_entry_value(m, a), *(s64 *)stp_entry_value(m, b));
			break;
		}
	} else if (d->key_types[s->col - 1] == STP_TYPE_STRING) {
		r = strncmp(stp_entry_key_str(m, a, s->col - 1), stp_entry_key_str(m, b, s->col - 1),
			    MAXSTRINGLEN);
	} else {
		r = stp_cmp_long(*stp_entry_key_long(m, a, s->col - 1),
				 *stp_entry_key_long(m, b, s->col - 1));
	}
	r = r < 0 ? -1 : r > 0;
	if (s->dir < 0)
		r = -r;
	if (!r)
		r = stp_cmp_long(stp_entry(m, a)->seq, stp_entry(m, b)->seq);
	return r;
}
STP_NOKPROBE(stp_sort_cmp);

static notrace void stp_sift_down(const struct stp_sort *s, u32 *v, u32 root, u32 n)
{
	for (;;) {
		u32 child = 2 * root + 1, tmp;

		if (child >= n)
			return;
		if (child + 1 < n && stp_sort_cmp(s, v[child], v[child + 1]) < 0)
			child++;
		if (stp_sort_cmp(s, v[root], v[child]) >= 0)
			return;
		tmp = v[root];
		v[root] = v[child];
		v[child] = tmp;
		root = child;
	}
}
STP_NOKPROBE(stp_sift_down);

/* Heapsort v[0..n): in place, O(n log n) comparisons, no recursion. */
static notrace void stp_heapsort(const struct stp_sort *s, u32 *v, u32 n)
{
	u32 i, tmp;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		stp_sift_down(s, v, i, n);
	for (i = n - 1; i > 0; i--) {
		tmp = v[0];
		v[0] = v[i];
		v[i] = tmp;
		stp_sift_down(s, v, 0, i);
	}
}
STP_NOKPROBE(stp_heapsort);

/* The keys of entry @i of @m as union stp_key values (strings point into
 * the entry). */
static notrace void stp_entry_keys(const struct stp_map *m, u32 i, union stp_key *k)
{
	unsigned int j;

	for (j = 0; j < m->desc->nkeys; j++) {
		if (m->desc->key_types[j] == STP_TYPE_STRING)
			k[j].s = stp_entry_key_str(m, i, j);
		else
			k[j].l = *stp_entry_key_long(m, i, j);
	}
}
STP_NOKPROBE(stp_entry_keys);

/* Rebuild statistic array @m as the merge of its cpu copies, elements in
 * the order their keys first appeared on any cpu.  Bounded: one pass over
 * every copy, then a heapsort of at most capacity entries. */
static notrace void stp_map_merge(struct stp_map *m)
{
	struct stp_sort by_seq = { .m = m, .col = -1, .dir = STP_SORT_ASC };
	union stp_key k[STP_MAP_MAX_KEYS];
	unsigned int cpu, n = 0, j;
	u32 i, a, prev;

	if (!m->pcpu || !m->stale || !m->entries)
		return;
	stp_map_reset(m);
	m->sort_gen++;             /* a sorted foreach in progress must not go on */
	for_each_possible_cpu(cpu) {
		struct stp_map *cm = &m->pcpu->cpu[cpu];

		if (!cm->entries)
			continue;
		for (i = cm->oldest; i != STP_NIL; i = stp_entry(cm, i)->next) {
			const struct stp_map_entry *ce = stp_entry(cm, i);

			stp_entry_keys(cm, i, k);
			a = stp_map_find(m, k, ce->hash);
			if (a == STP_NIL) {
				a = stp_map_insert(m, k, ce->hash);
				if (a == STP_NIL)
					continue;      /* more distinct keys than fit */
				stp_entry(m, a)->seq = ce->seq;
			} else if (ce->seq < stp_entry(m, a)->seq) {
				stp_entry(m, a)->seq = ce->seq;
			}
			stp_stat_data_merge(stp_entry_value(m, a), stp_entry_value(cm, i),
					    m->shape.nbuckets);
		}
	}
	for (i = m->oldest; i != STP_NIL && n < m->capacity; i = stp_entry(m, i)->next)
		m->order[n++] = i;
	stp_heapsort(&by_seq, m->order, n);
	prev = STP_NIL;
	for (j = 0; j < n; j++) {
		struct stp_map_entry *e = stp_entry(m, m->order[j]);

		e->prev = prev;
		e->next = STP_NIL;
		if (prev != STP_NIL)
			stp_entry(m, prev)->next = m->order[j];
		else
			m->oldest = m->order[j];
		prev = m->order[j];
	}
	m->newest = prev;
	m->stale = false;
}
STP_NOKPROBE(stp_map_merge);

/**
 * stp_map_size() - the number of elements.
 * @m: the array; a statistic array is merged first (write lock).
 */
notrace unsigned int stp_map_size(struct stp_map *m)
{
	stp_map_merge(m);
	return m->count;
}
STP_NOKPROBE(stp_map_size);

/**
 * stp_map_iter_start() - begin a foreach over an array.
 * @it: the iterator (in the handler's locals).
 * @m: the array.
 * @col: 0: sort by value; 1..nkeys: by that key.
 * @dir: STP_SORT_NONE, STP_SORT_ASC or STP_SORT_DESC.
 * @agg: for statistic values sorted by value: the aggregate to compare.
 * @limit: most iterations, or -1 for no limit.
 */
notrace void stp_map_iter_start(struct stp_map_iter *it, struct stp_map *m, int col, int dir,
				enum stp_agg agg, s64 limit)
{
	stp_map_merge(m);
	it->m = m;
	it->cur = STP_NIL;
	it->pos = it->n = 0;
	it->left = limit;
	it->started = false;
	it->sorted = dir != STP_SORT_NONE && m->entries &&
		     col >= 0 && col <= (int)m->desc->nkeys;
	if (it->sorted) {
		struct stp_sort s = { .m = m, .col = col, .dir = dir, .agg = agg };
		u32 i;

		for (i = m->oldest; i != STP_NIL && it->n < m->capacity; i = stp_entry(m, i)->next)
			m->order[it->n++] = i;
		stp_heapsort(&s, m->order, it->n);
		it->gen = ++m->sort_gen;
	}
}
STP_NOKPROBE(stp_map_iter_start);

/**
 * stp_map_iter_next() - move a foreach to its next element.
 * @c: the probe context, for the nested-sort error.
 * @it: the iterator.
 * @near: where, for that error.
 *
 * Return: true with a current element, false at the end.
 */
notrace bool stp_map_iter_next(struct stp_context *c, struct stp_map_iter *it, const char *near)
{
	struct stp_map *m = it->m;

	if (!m->entries || it->left == 0)
		return false;
	if (it->sorted) {
		if (it->gen != m->sort_gen) {
			stp_error(c, "array sorted again by a nested foreach", near);
			return false;
		}
		while (it->pos < it->n && !stp_entry(m, m->order[it->pos])->live)
			it->pos++;
		if (it->pos >= it->n)
			return false;
		it->cur = m->order[it->pos++];
	} else if (!it->started) {
		it->cur = m->oldest;
	} else if (it->cur != STP_NIL) {
		/* a body that deleted the current element ends the loop */
		it->cur = stp_entry(m, it->cur)->live ? stp_entry(m, it->cur)->next : STP_NIL;
	}
	it->started = true;
	if (it->cur == STP_NIL)
		return false;
	if (it->left > 0)
		it->left--;
	return true;
}
STP_NOKPROBE(stp_map_iter_next);

/**
 * stp_map_iter_key_long() - a long key of the current element.
 * @it: the iterator, after stp_map_iter_next() returned true.
 * @i: which key, 0-based.
 */
notrace s64 stp_map_iter_key_long(const struct stp_map_iter *it, unsigned int i)
{
	return *stp_entry_key_long(it->m, it->cur, i);
}
STP_NOKPROBE(stp_map_iter_key_long);

/**
 * stp_map_iter_key_str() - a string key of the current element.
 * @it: the iterator.
 * @i: which key, 0-based.
 */
notrace const char *stp_map_iter_key_str(const struct stp_map_iter *it, unsigned int i)
{
	return stp_entry_key_str(it->m, it->cur, i);
}
STP_NOKPROBE(stp_map_iter_key_str);

/**
 * stp_map_iter_long() - the long value of the current element.
 * @it: the iterator.
 */
notrace s64 stp_map_iter_long(const struct stp_map_iter *it)
{
	return *(s64 *)stp_entry_value(it->m, it->cur);
}
STP_NOKPROBE(stp_map_iter_long);

/**
 * stp_map_iter_str() - the string value of the current element.
 * @it: the iterator.
 */
notrace const char *stp_map_iter_str(const struct stp_map_iter *it)
{
	return stp_entry_value(it->m, it->cur);
}
STP_NOKPROBE(stp_map_iter_str);

/**
 * stp_map_iter_stat() - the statistic value of the current element.
 * @it: the iterator.
 */
notrace const struct stp_stat_data *stp_map_iter_stat(const struct stp_map_iter *it)
{
	return stp_entry_value(it->m, it->cur);
}
STP_NOKPROBE(stp_map_iter_stat);
