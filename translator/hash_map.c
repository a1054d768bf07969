/*
 * hash_map.c - the translator's one hash table (see hash_map.h).
 *
 * Linear probing in a power-of-two table kept at most half full, so a probe
 * sequence always ends at an empty slot; the table doubles when it would
 * pass that.  Pointer keys are mixed with a multiplicative hash (addresses
 * share their low bits), string keys with FNV-1a.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hash_map.h"

static size_t key_hash(const struct hash_map *m, const void *key)
{
	uint64_t h;

	if (m->by_string) {
		h = 14695981039346656037ULL;
		for (const unsigned char *s = key; *s; s++)
			h = (h ^ *s) * 1099511628211ULL;
	} else {
		h = (uint64_t)(uintptr_t)key;
		h ^= h >> 17;
		h *= 0x9e3779b97f4a7c15ULL;
		h >>= 13;
	}
	return (size_t)h & (m->cap - 1);
}

static bool key_equal(const struct hash_map *m, const void *a, const void *b)
{
	return a == b || (m->by_string && strcmp(a, b) == 0);
}

/* The slot holding KEY, or the empty slot where it would go (cap > 0). */
static size_t slot_of(const struct hash_map *m, const void *key)
{
	size_t i = key_hash(m, key);

	while (m->keys[i] && !key_equal(m, m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void grow(struct hash_map *m)
{
	struct hash_map old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	if (m->cap > SIZE_MAX / sizeof *m->keys)
		out_of_memory();
	m->keys = calloc(m->cap, sizeof *m->keys);
	m->vals = calloc(m->cap, sizeof *m->vals);
	if (!m->keys || !m->vals)
		out_of_memory();
	for (size_t i = 0; i < old.cap; i++) {
		if (old.keys[i]) {
			size_t j = slot_of(m, old.keys[i]);

			m->keys[j] = old.keys[i];
			m->vals[j] = old.vals[i];
		}
	}
	free(old.keys);
	free(old.vals);
}

void hash_map_put(struct hash_map *m, const void *key, const void *val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	i = slot_of(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->n++;
	}
	m->vals[i] = val;
}

const void *hash_map_get(const struct hash_map *m, const void *key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	i = slot_of(m, key);
	return m->keys[i] ? m->vals[i] : NULL;
}

bool hash_map_has(const struct hash_map *m, const void *key)
{
	return m->cap && m->keys[slot_of(m, key)];
}

void hash_map_free(struct hash_map *m)
{
	bool by_string = m->by_string;

	free(m->keys);
	free(m->vals);
	*m = (struct hash_map){ .by_string = by_string };
}
