/*
 * arena.c - bump allocation in large chunks for the AST and everything the
 * passes derive from it, freed in one go at exit; interned strings in an
 * open-addressing hash table; growable buffers for emitted text.
 */
#include "config.h"

#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_CHUNK (256 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

static struct chunk *chunks;
/* Standard-size chunks released by arena_free_all(), reused before any new
 * malloc: a process that parses again after a reset (the benchmark, a
 * long-lived caller) then neither grows the heap nor faults its pages in
 * again.  They stay reachable from here until exit. */
static struct chunk *spare;

void out_of_memory(void)
{
	fprintf(stderr, "ERROR: out of memory\n");
	exit(1);
}

/* A standard chunk, its pages mapped in one system call (MAP_POPULATE)
 * rather than one page fault each as the parser first touches them: pass 1
 * fills megabytes of AST, and a fault costs far more than its share of
 * the populate.  Never unmapped (see SPARE). */
static struct chunk *new_chunk(void)
{
	void *m = mmap(NULL, sizeof(struct chunk) + ARENA_CHUNK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (m == MAP_FAILED)
		out_of_memory();
	return m;
}

void *arena_alloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!chunks || chunks->size - chunks->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		struct chunk *c;

		if (size == ARENA_CHUNK && spare) {
			c = spare;
			spare = c->next;
		} else if (size == ARENA_CHUNK) {
			c = new_chunk();
		} else if (!(c = malloc(sizeof *c + size))) {
			out_of_memory();
		}
		c->next = chunks;
		c->used = 0;
		c->size = size;
		chunks = c;
	}
	void *p = chunks->data + chunks->used;
	chunks->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(const char *s, size_t n)
{
	char *p = arena_alloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(const char *s)
{
	return arena_strndup(s, strlen(s));
}

char *arena_printf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = arena_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* ---- interned strings ---- */

/* Each entry keeps the string's length and hash so that a probe compares
 * whole words (and rehashing does not hash again). */
struct interned {
	const char *s;     /* NULL: free slot */
	size_t len;
	uint64_t hash;
};

static struct interned *table;
static size_t table_size, table_used;

static uint64_t hash_mem(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void table_grow(void)
{
	size_t nsize = table_size ? table_size * 2 : 1024;
	struct interned *nt = calloc(nsize, sizeof *nt);

	if (!nt)
		out_of_memory();
	for (size_t i = 0; i < table_size; i++) {
		if (!table[i].s)
			continue;
		size_t j = table[i].hash & (nsize - 1);
		while (nt[j].s)
			j = (j + 1) & (nsize - 1);
		nt[j] = table[i];
	}
	free(table);
	table = nt;
	table_size = nsize;
}

const char *intern(const char *s, size_t n)
{
	if ((table_used + 1) * 2 > table_size)
		table_grow();
	uint64_t h = hash_mem(s, n);
	size_t j = h & (table_size - 1);
	while (table[j].s) {
		if (table[j].hash == h && table[j].len == n && memcmp(table[j].s, s, n) == 0)
			return table[j].s;
		j = (j + 1) & (table_size - 1);
	}
	table[j] = (struct interned){ .s = arena_strndup(s, n), .len = n, .hash = h };
	table_used++;
	return table[j].s;
}

static unsigned epoch;

unsigned arena_epoch(void)
{
	return epoch;
}

void arena_free_all(void)
{
	epoch++;
	while (chunks) {
		struct chunk *next = chunks->next;

		if (chunks->size == ARENA_CHUNK) {
			chunks->next = spare;
			spare = chunks;
		} else {
			free(chunks);
		}
		chunks = next;
	}
	/* the table keeps its size (emptied) for the same reason */
	if (table)
		memset(table, 0, table_size * sizeof *table);
	table_used = 0;
}

/* ---- buffers ---- */

/* Room for N more bytes and the NUL after them. */
static void buf_reserve(struct buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;

		while (ncap < b->len + n + 1)
			ncap *= 2;
		char *nd = realloc(b->data, ncap);
		if (!nd)
			out_of_memory();
		b->data = nd;
		b->cap = ncap;
	}
}

void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void *grow_array(void *v, size_t *cap, size_t need, size_t size, size_t limit,
		 const char *what)
{
	size_t ncap = *cap ? *cap : 16;

	if (need <= *cap)
		return v;
	if (need > limit) {
		fprintf(stderr, "ERROR: too many %s (limit is %zu)\n", what, limit);
		exit(1);
	}
	while (ncap < need)
		ncap = ncap > limit / 2 ? limit : ncap * 2;
	if (ncap > SIZE_MAX / size || !(v = realloc(v, ncap * size)))
		out_of_memory();
	*cap = ncap;
	return v;
}

void buf_quote(struct buf *b, const char *s, size_t n, enum c_escape_for mode)
{
	buf_reserve(b, C_ESCAPE_MAX(n));
	b->len += c_escape(s, n, mode, b->data + b->len);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	char small[256];
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		buf_add(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big)
		out_of_memory();
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	buf_add(b, big, (size_t)n);
	free(big);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
