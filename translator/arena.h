/*
 * arena.h - the translator's memory: one bump arena that every pass
 * allocates from and that is freed as a whole at exit, plus interned
 * strings (identifiers compare by pointer once interned).
 */
#ifndef STAP_ARENA_H
#define STAP_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "common/c_escape.h"

/* Zeroed memory that lives until arena_free_all(); never returns NULL
 * (prints a message and exits on out-of-memory). */
void *arena_alloc(size_t n);
char *arena_strndup(const char *s, size_t n);
char *arena_strdup(const char *s);
char *arena_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Drops everything allocated (and every interned string); the memory is
 * kept for the next allocations rather than given back. */
void arena_free_all(void);
/* Changes at every arena_free_all(): caches of arena pointers compare it. */
unsigned arena_epoch(void);

/* The one copy of S[0..n) (for names: compare the results with ==). */
const char *intern(const char *s, size_t n);

/* A growable byte buffer (malloc'd, owned by the caller). */
struct buf {
	char *data;
	size_t len, cap;
};

void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_free(struct buf *b);

/* The translator's one out-of-memory exit: "ERROR: out of memory", status 1. */
_Noreturn void out_of_memory(void);

/*
 * Room for NEED elements of SIZE bytes in the malloc'd array V of *CAP
 * elements: V, or V moved to a bigger block (*CAP updated, doubling).  Past
 * LIMIT elements stap stops with "too many WHAT (limit is LIMIT)".
 */
void *grow_array(void *v, size_t *cap, size_t need, size_t size, size_t limit,
		 const char *what);
/* S's N bytes as a quoted literal (common/c_escape.h) appended to B. */
void buf_quote(struct buf *b, const char *s, size_t n, enum c_escape_for mode);

#endif /* STAP_ARENA_H */
