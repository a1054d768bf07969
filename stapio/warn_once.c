/*
 * warn_once.c - remembering which warnings were shown (warn_once.h).
 *
 * An open-addressing hash set of the texts (FNV-1a), doubled when half
 * full.  Memory is bounded: past WARN_ONCE_LIMIT distinct texts (or when
 * memory runs out) new ones are shown without being remembered, so a
 * warning is never lost, only possibly repeated.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "warn_once.h"

#define WARN_ONCE_LIMIT 65536

static char **table;
static size_t table_size, table_used;

static uint64_t text_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* The slot holding TEXT, or the empty slot where it would go. */
static char **slot_of(char **t, size_t size, const char *text)
{
	size_t i = text_hash(text) & (size - 1);

	while (t[i] && strcmp(t[i], text) != 0)
		i = (i + 1) & (size - 1);
	return &t[i];
}

static bool grow(void)
{
	size_t size = table_size ? table_size * 2 : 64;
	char **t = calloc(size, sizeof *t);

	if (!t)
		return false;
	for (size_t i = 0; i < table_size; i++)
		if (table[i])
			*slot_of(t, size, table[i]) = table[i];
	free(table);
	table = t;
	table_size = size;
	return true;
}

bool warn_seen_before(const char *text)
{
	char **slot, *copy;

	if (strncmp(text, "WARNING:", 8) != 0)
		return false;
	if (table_size && *slot_of(table, table_size, text))
		return true;
	if (table_used >= WARN_ONCE_LIMIT)
		return false;
	if ((table_used + 1) * 2 > table_size && !grow())
		return false;
	copy = strdup(text);
	if (!copy)
		return false;
	slot = slot_of(table, table_size, text);
	*slot = copy;
	table_used++;
	return false;
}

void warn_once_reset(void)
{
	for (size_t i = 0; i < table_size; i++)
		free(table[i]);
	free(table);
	table = NULL;
	table_size = table_used = 0;
}
