/*
 * merge.h - turn the per-cpu relay byte streams back into one ordered output.
 *
 * Each cpu's relay file carries records (struct stp_data_hdr + len bytes).
 * A read() may end anywhere, so each cpu keeps the bytes of its unfinished
 * record.  Complete records wait in one queue ordered by seq; merge_emit hands
 * them out in seq order.  The data is untrusted: a corrupt header stops that
 * cpu's stream (it cannot be resynchronised), a seq that goes backwards on a
 * cpu is dropped, and both are counted and reported.
 */
#ifndef STAPIO_MERGE_H
#define STAPIO_MERGE_H

#include <stddef.h>
#include <stdint.h>

#define MERGE_RECORD_MAX (1u << 20)       /* largest len a record may claim */
#define MERGE_GAP_TIMEOUT_MS 1000         /* how long to wait for a missing seq */
#define MERGE_PENDING_MAX (64u << 20)     /* bytes held waiting for a missing seq */

/* Receives output bytes in order; returns 0, or -1 if they could not be written. */
typedef int (*merge_out_fn)(void *ctx, const void *data, size_t len);

struct merge_stats {
	unsigned long long emitted;   /* records handed out */
	unsigned long long missing;   /* seq numbers skipped over (never arrived) */
	unsigned long long late;      /* records that arrived after their seq was skipped */
	unsigned long long dropped;   /* records refused: seq went backwards on a cpu */
	unsigned long corrupt_cpus;   /* cpus whose stream had a bad header */
};

struct merge;

/* A merger for cpus 0..n_cpus-1; NULL when out of memory. */
struct merge *merge_new(unsigned n_cpus);
void merge_free(struct merge *m);

/* Adds bytes read from cpu's relay file.  Returns 0, or -1 when the stream of
 * that cpu is corrupt (reported once; later bytes of that cpu are ignored). */
int merge_feed(struct merge *m, unsigned cpu, const void *buf, size_t len);

/* Hands out every record that is next in seq order.  A gap older than
 * MERGE_GAP_TIMEOUT_MS (by now_ms, a monotonic clock) is skipped over; with
 * final set, every queued record goes out, in order, and leftover partial
 * records are reported.  Returns 0, or -1 when out() failed. */
int merge_emit(struct merge *m, uint64_t now_ms, int final, merge_out_fn out, void *ctx);

/* The first records were read by someone else (a stapio that died): the
 * lowest seq seen at the first merge_emit is taken as the start. */
void merge_start_anywhere(struct merge *m);
/* Number of complete records waiting. */
size_t merge_queued(const struct merge *m);

const struct merge_stats *merge_get_stats(const struct merge *m);

#endif
