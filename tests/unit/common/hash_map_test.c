/* hash_map_test.c - translator/hash_map.c: pointer and string keys,
 * growth past many doublings, replacement, free.
 * sources: translator/hash_map.c translator/arena.c common/c_escape.c */
#include <stdio.h>
#include <string.h>

#include "translator/hash_map.h"

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: hash_map %s\n", ok ? "PASS" : "FAIL", what);
	failures += !ok;
}

int main(void)
{
	static int nodes[5000];
	static char keys[1000][16];
	struct hash_map m = { 0 }, names = HASH_MAP_STRINGS;
	char a[] = "probe", b[] = "probe", key[32];
	int ok = 1;

	check("empty map has nothing", !hash_map_get(&m, &nodes[0]) && !hash_map_has(&m, &nodes[0]));
	for (int i = 0; i < 5000; i++)
		hash_map_put(&m, &nodes[i], &nodes[4999 - i]);
	for (int i = 0; i < 5000; i++)
		ok &= hash_map_get(&m, &nodes[i]) == &nodes[4999 - i];
	check("5000 pointer keys after growing", ok && m.n == 5000);
	check("table at most half full", m.cap >= 2 * m.n && (m.cap & (m.cap - 1)) == 0);
	hash_map_put(&m, &nodes[7], NULL);
	check("NULL value: present, reads NULL", hash_map_has(&m, &nodes[7]) &&
	      !hash_map_get(&m, &nodes[7]) && m.n == 5000);
	check("pointer keys compare by address", (hash_map_put(&m, a, a), !hash_map_has(&m, b)));
	hash_map_put(&names, a, &nodes[1]);
	check("string keys compare by content", hash_map_get(&names, b) == &nodes[1]);
	hash_map_put(&names, b, &nodes[2]);
	check("same string replaces", names.n == 1 && hash_map_get(&names, a) == &nodes[2]);
	for (int i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "name%d", i);
		hash_map_put(&names, keys[i], &nodes[i]);
	}
	ok = 1;
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "name%d", i);
		ok &= hash_map_get(&names, key) == &nodes[i];
	}
	check("1000 string keys", ok && !hash_map_has(&names, "name1000"));
	hash_map_free(&m);
	hash_map_free(&names);
	check("free empties and keeps the key kind", m.n == 0 && !m.cap && names.by_string &&
	      !hash_map_has(&names, "probe"));
	return failures != 0;
}
