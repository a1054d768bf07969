/*
 * hash_map.h - the translator's one hash table: open addressing, keys are
 * pointers (interned names and AST nodes compare by address) or, for a map
 * made with HASH_MAP_STRINGS, NUL-terminated strings compared by content.
 * A NULL key is not allowed; a missing key reads as NULL.  Memory comes
 * from malloc (maps are freed when a pass ends); running out of it is the
 * translator's one out-of-memory exit (arena.h).
 */
#ifndef STAP_HASH_MAP_H
#define STAP_HASH_MAP_H

#include <stdbool.h>
#include <stddef.h>

struct hash_map {
	const void **keys;
	const void **vals;
	size_t cap, n;                 /* cap: 0 or a power of two */
	bool by_string;
};

/* An empty map whose keys are strings compared by content. */
#define HASH_MAP_STRINGS { .by_string = true }

/* Sets KEY's value (replacing an earlier one). */
void hash_map_put(struct hash_map *m, const void *key, const void *val);
/* KEY's value, or NULL. */
const void *hash_map_get(const struct hash_map *m, const void *key);
/* Whether KEY is in the map (whatever its value). */
bool hash_map_has(const struct hash_map *m, const void *key);
/* Frees the table; the map is empty again (and keeps its key kind). */
void hash_map_free(struct hash_map *m);

#endif /* STAP_HASH_MAP_H */
