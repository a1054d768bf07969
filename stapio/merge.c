/*
 * merge.c - record parsing and seq-ordered merging of the relay streams.
 *
 * Per cpu: a byte buffer holding at most one unfinished record; complete
 * records are copied out into a min-heap keyed by (seq, arrival) shared by
 * all cpus.  next_seq is the seq due next.  The heap top is emitted when it is
 * due; when it is ahead of next_seq a gap timer starts, and a gap that
 * outlives MERGE_GAP_TIMEOUT_MS (or holds more than MERGE_PENDING_MAX bytes
 * back) is skipped over with a warning: the module may have lost a record, and
 * holding the rest of the output hostage to it would be worse.  A record whose
 * seq was already passed is emitted late rather than lost.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "merge.h"
#include "messages.h"

struct merge_record {
	uint64_t seq;
	uint64_t arrival;       /* tie-break so equal seqs keep arrival order */
	uint32_t len;
	unsigned char *data;
};

struct merge_cpu {
	unsigned char *buf;     /* bytes of the unfinished record */
	size_t len, cap;
	uint64_t last_seq;
	int have_last;
	int corrupt;
};

struct merge {
	unsigned n_cpus;
	struct merge_cpu *cpus;
	struct merge_record *heap;
	size_t heap_len, heap_cap;
	size_t pending_bytes;
	uint64_t next_seq;
	uint64_t arrivals;
	uint64_t gap_since_ms;
	int gap_open;
	int start_anywhere;     /* next_seq is set by the first emit */
	struct merge_stats stats;
};

struct merge *merge_new(unsigned n_cpus)
{
	struct merge *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->n_cpus = n_cpus;
	m->cpus = calloc(n_cpus ? n_cpus : 1, sizeof(*m->cpus));
	if (!m->cpus) {
		free(m);
		return NULL;
	}
	return m;
}

void merge_start_anywhere(struct merge *m)
{
	m->start_anywhere = 1;
}

void merge_free(struct merge *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->n_cpus; i++)
		free(m->cpus[i].buf);
	for (size_t i = 0; i < m->heap_len; i++)
		free(m->heap[i].data);
	free(m->heap);
	free(m->cpus);
	free(m);
}

size_t merge_queued(const struct merge *m)
{
	return m->heap_len;
}

const struct merge_stats *merge_get_stats(const struct merge *m)
{
	return &m->stats;
}

static int record_before(const struct merge_record *a, const struct merge_record *b)
{
	return a->seq < b->seq || (a->seq == b->seq && a->arrival < b->arrival);
}

static int heap_push(struct merge *m, struct merge_record r)
{
	if (m->heap_len == m->heap_cap) {
		size_t cap = m->heap_cap ? m->heap_cap * 2 : 64;
		struct merge_record *h = realloc(m->heap, cap * sizeof(*h));

		if (!h)
			return -1;
		m->heap = h;
		m->heap_cap = cap;
	}
	size_t i = m->heap_len++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!record_before(&r, &m->heap[parent]))
			break;
		m->heap[i] = m->heap[parent];
		i = parent;
	}
	m->heap[i] = r;
	m->pending_bytes += r.len;
	return 0;
}

static struct merge_record heap_pop(struct merge *m)
{
	struct merge_record top = m->heap[0];
	struct merge_record last = m->heap[--m->heap_len];
	size_t i = 0;

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= m->heap_len)
			break;
		if (child + 1 < m->heap_len && record_before(&m->heap[child + 1], &m->heap[child]))
			child++;
		if (!record_before(&m->heap[child], &last))
			break;
		m->heap[i] = m->heap[child];
		i = child;
	}
	if (m->heap_len > 0)
		m->heap[i] = last;
	m->pending_bytes -= top.len;
	return top;
}

static int cpu_reserve(struct merge_cpu *c, size_t need)
{
	if (need <= c->cap)
		return 0;
	size_t cap = c->cap ? c->cap : 4096;
	while (cap < need)
		cap *= 2;
	unsigned char *b = realloc(c->buf, cap);
	if (!b)
		return -1;
	c->buf = b;
	c->cap = cap;
	return 0;
}

static int cpu_corrupt(struct merge *m, unsigned cpu, const char *why)
{
	struct merge_cpu *c = &m->cpus[cpu];

	log_error("corrupt output stream from cpu %u: %s; ignoring the rest of it", cpu, why);
	c->corrupt = 1;
	c->len = 0;
	m->stats.corrupt_cpus++;
	return -1;
}

/* Moves every complete record at the front of cpu's buffer into the heap. */
static int cpu_parse(struct merge *m, unsigned cpu)
{
	struct merge_cpu *c = &m->cpus[cpu];
	size_t off = 0;
	int rc = 0;

	while (c->len - off >= sizeof(struct stp_data_hdr)) {
		struct stp_data_hdr h;
		struct merge_record r;

		memcpy(&h, c->buf + off, sizeof(h));
		if (h.len > MERGE_RECORD_MAX)
			return cpu_corrupt(m, cpu, "record longer than 1 MB");
		if (h.reserved != 0)
			return cpu_corrupt(m, cpu, "reserved header field is not 0");
		if (c->len - off - sizeof(h) < h.len)
			break;
		if (c->have_last && h.seq <= c->last_seq) {
			log_error("output record seq %" PRIu64 " from cpu %u is not after %" PRIu64
				  "; dropped", (uint64_t)h.seq, cpu, c->last_seq);
			m->stats.dropped++;
			off += sizeof(h) + h.len;
			rc = -1;
			continue;
		}
		r.seq = h.seq;
		r.len = h.len;
		r.arrival = m->arrivals++;
		r.data = malloc(h.len ? h.len : 1);
		if (!r.data) {
			log_error("out of memory holding output");
			return -1;
		}
		memcpy(r.data, c->buf + off + sizeof(h), h.len);
		if (heap_push(m, r) < 0) {
			free(r.data);
			log_error("out of memory holding output");
			return -1;
		}
		c->last_seq = h.seq;
		c->have_last = 1;
		off += sizeof(h) + h.len;
	}
	if (off > 0) {
		memmove(c->buf, c->buf + off, c->len - off);
		c->len -= off;
	}
	return rc;
}

int merge_feed(struct merge *m, unsigned cpu, const void *buf, size_t len)
{
	struct merge_cpu *c;

	if (cpu >= m->n_cpus) {
		log_error("output for cpu %u, beyond the %u cpus the module announced", cpu, m->n_cpus);
		return -1;
	}
	c = &m->cpus[cpu];
	if (c->corrupt)
		return -1;
	if (len == 0)
		return 0;       /* c->buf may still be NULL */
	/* Parse as we go so the buffer never holds more than one record plus one read. */
	if (cpu_reserve(c, c->len + len) < 0) {
		log_error("out of memory holding output");
		return -1;
	}
	memcpy(c->buf + c->len, buf, len);
	c->len += len;
	return cpu_parse(m, cpu);
}

static int emit_top(struct merge *m, merge_out_fn out, void *ctx)
{
	struct merge_record r = heap_pop(m);
	int rc = out(ctx, r.data, r.len);

	free(r.data);
	m->stats.emitted++;
	return rc;
}

static void skip_gap(struct merge *m, uint64_t to, const char *why)
{
	uint64_t n = to - m->next_seq;

	log_warning("%" PRIu64 " output record(s) missing (seq %" PRIu64 " to %" PRIu64 ")%s",
		    n, m->next_seq, to - 1, why);
	m->stats.missing += n;
	m->next_seq = to;
	m->gap_open = 0;
}

int merge_emit(struct merge *m, uint64_t now_ms, int final, merge_out_fn out, void *ctx)
{
	int rc = 0;

	if (m->start_anywhere && m->heap_len > 0) {
		m->next_seq = m->heap[0].seq;
		m->start_anywhere = 0;
	}
	while (m->heap_len > 0) {
		uint64_t seq = m->heap[0].seq;

		if (seq < m->next_seq) {
			log_warning("output record seq %" PRIu64 " arrived after it was given up on; "
				    "written out of order", seq);
			m->stats.late++;
			if (emit_top(m, out, ctx) < 0)
				rc = -1;
			continue;
		}
		if (seq == m->next_seq) {
			if (emit_top(m, out, ctx) < 0)
				rc = -1;
			m->next_seq++;
			m->gap_open = 0;
			continue;
		}
		if (final) {
			skip_gap(m, seq, "");
			continue;
		}
		if (m->pending_bytes > MERGE_PENDING_MAX) {
			skip_gap(m, seq, " while too much output waited for them");
			continue;
		}
		if (!m->gap_open) {
			m->gap_open = 1;
			m->gap_since_ms = now_ms;
			break;
		}
		if (now_ms - m->gap_since_ms >= MERGE_GAP_TIMEOUT_MS) {
			skip_gap(m, seq, "");
			continue;
		}
		break;
	}
	if (final) {
		for (unsigned i = 0; i < m->n_cpus; i++) {
			struct merge_cpu *c = &m->cpus[i];

			if (c->len > 0 && !c->corrupt)
				log_warning("%zu byte(s) of an unfinished output record from cpu %u discarded",
					    c->len, i);
			c->len = 0;
		}
	}
	return rc;
}
