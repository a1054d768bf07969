/*
 * unit_test.c - host tests of stapio's record merging (merge.c) and control
 * message validation (msgcheck.c).  Prints PASS:/FAIL: lines; exits 1 if any
 * check failed.  Diagnostics the code under test prints go to stderr.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "messages.h"
#include "msgcheck.h"

static int failures;

static void check(int ok, const char *name)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", name);
	if (!ok)
		failures++;
}

/* Collects merged output. */
struct sink {
	char buf[1 << 16];
	size_t len;
};

static int sink_out(void *ctx, const void *data, size_t len)
{
	struct sink *s = ctx;

	if (s->len + len >= sizeof(s->buf))
		return -1;
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	s->buf[s->len] = '\0';
	return 0;
}

/* Encodes one record into buf, returns its size. */
static size_t rec(unsigned char *buf, uint64_t seq, const char *text)
{
	struct stp_data_hdr h = { .seq = seq, .len = (uint32_t)strlen(text) };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), text, h.len);
	return sizeof(h) + h.len;
}

/* Feeds n bytes to cpu in pieces of `piece` bytes. */
static int feed_split(struct merge *m, unsigned cpu, const unsigned char *p, size_t n, size_t piece)
{
	int rc = 0;

	for (size_t off = 0; off < n; off += piece)
		rc |= merge_feed(m, cpu, p + off, n - off < piece ? n - off : piece);
	return rc;
}

static void test_merge_split_reads(void)
{
	unsigned char c0[4096], c1[4096], c2[4096];
	size_t n0 = 0, n1 = 0, n2 = 0;
	struct merge *m = merge_new(3);
	struct sink s = { .len = 0 };
	char want[4096] = "";

	/* seq i goes to cpu i % 3 */
	for (int i = 0; i < 30; i++) {
		char t[32];

		snprintf(t, sizeof(t), "rec %d\n", i);
		strcat(want, t);
		if (i % 3 == 0)
			n0 += rec(c0 + n0, i, t);
		else if (i % 3 == 1)
			n1 += rec(c1 + n1, i, t);
		else
			n2 += rec(c2 + n2, i, t);
	}
	/* cpu 2 first, byte by byte; then cpu 1 in 7-byte pieces; then cpu 0 */
	int rc = feed_split(m, 2, c2, n2, 1);
	merge_emit(m, 0, 0, sink_out, &s);
	check(rc == 0 && s.len == 0, "merge: nothing emitted while seq 0 is missing");
	rc |= feed_split(m, 1, c1, n1, 7);
	rc |= feed_split(m, 0, c0, n0, 13);
	merge_emit(m, 1, 0, sink_out, &s);
	check(rc == 0 && strcmp(s.buf, want) == 0, "merge: 3 cpus, split reads, output in seq order");
	check(merge_get_stats(m)->emitted == 30 && merge_queued(m) == 0, "merge: all records counted");
	merge_free(m);
}

static void test_merge_out_of_order(void)
{
	unsigned char b[256];
	struct merge *m = merge_new(2);
	struct sink s = { .len = 0 };
	size_t n;

	n = rec(b, 2, "two\n");
	merge_feed(m, 1, b, n);
	n = rec(b, 0, "zero\n");
	merge_feed(m, 0, b, n);
	merge_emit(m, 0, 0, sink_out, &s);
	check(strcmp(s.buf, "zero\n") == 0, "merge: seq 2 held until seq 1 arrives");
	n = rec(b, 1, "one\n");
	merge_feed(m, 0, b, n);
	merge_emit(m, 10, 0, sink_out, &s);
	check(strcmp(s.buf, "zero\none\ntwo\n") == 0, "merge: out-of-order arrival emitted in order");
	merge_free(m);
}

static void test_merge_gap(void)
{
	unsigned char b[256];
	struct merge *m = merge_new(2);
	struct sink s = { .len = 0 };
	size_t n;

	n = rec(b, 0, "a\n");
	merge_feed(m, 0, b, n);
	n = rec(b, 2, "c\n");
	merge_feed(m, 1, b, n);
	merge_emit(m, 1000, 0, sink_out, &s);
	merge_emit(m, 1500, 0, sink_out, &s);
	check(strcmp(s.buf, "a\n") == 0, "merge: a young gap is waited for");
	merge_emit(m, 1000 + MERGE_GAP_TIMEOUT_MS, 0, sink_out, &s);
	check(strcmp(s.buf, "a\nc\n") == 0 && merge_get_stats(m)->missing == 1,
	      "merge: a gap older than the timeout is skipped");
	n = rec(b, 1, "b\n");
	merge_feed(m, 0, b, n);
	merge_emit(m, 3000, 0, sink_out, &s);
	check(strcmp(s.buf, "a\nc\nb\n") == 0 && merge_get_stats(m)->late == 1,
	      "merge: a record arriving after its gap was skipped is still written");
	merge_free(m);
}

static void test_merge_final_drain(void)
{
	unsigned char b[256];
	struct merge *m = merge_new(2);
	struct sink s = { .len = 0 };
	size_t n;

	n = rec(b, 5, "five\n");
	merge_feed(m, 1, b, n);
	n = rec(b, 3, "three\n");
	merge_feed(m, 0, b, n);
	n = rec(b, 9, "partial\n");
	merge_feed(m, 0, b, n - 3);          /* an unfinished record */
	merge_emit(m, 0, 1, sink_out, &s);
	check(strcmp(s.buf, "three\nfive\n") == 0 && merge_queued(m) == 0,
	      "merge: final drain writes everything in order despite gaps");
	merge_free(m);
}

static void test_merge_oversize(void)
{
	unsigned char b[256];
	struct stp_data_hdr h = { .seq = 0, .len = MERGE_RECORD_MAX + 1 };
	struct merge *m = merge_new(2);
	struct sink s = { .len = 0 };
	size_t n;

	check(merge_feed(m, 0, &h, sizeof(h)) < 0 && merge_get_stats(m)->corrupt_cpus == 1,
	      "merge: record longer than the maximum is refused");
	n = rec(b, 1, "after\n");
	check(merge_feed(m, 0, b, n) < 0, "merge: a corrupt cpu stream stays ignored");
	n = rec(b, 0, "other cpu\n");
	check(merge_feed(m, 1, b, n) == 0, "merge: other cpus go on after one is corrupt");
	merge_emit(m, 0, 1, sink_out, &s);
	check(strcmp(s.buf, "other cpu\n") == 0, "merge: output of the healthy cpu written");

	struct stp_data_hdr r = { .seq = 0, .len = 0, .reserved = 7 };
	struct merge *m2 = merge_new(1);
	check(merge_feed(m2, 0, &r, sizeof(r)) < 0, "merge: nonzero reserved field is refused");
	check(merge_feed(m2, 5, b, n) < 0, "merge: data for a cpu beyond n_cpus is refused");
	merge_free(m2);
	merge_free(m);
}

/* An empty read on a cpu with no buffer yet is a no-op (no arithmetic on
 * its NULL buffer). */
static void test_merge_empty_feed(void)
{
	struct merge *m = merge_new(2);

	check(merge_feed(m, 0, "", 0) == 0 && merge_feed(m, 1, NULL, 0) == 0,
	      "merge: an empty feed is accepted");
	merge_free(m);
}

static void test_merge_big_record(void)
{
	size_t len = MERGE_RECORD_MAX;
	unsigned char *b = malloc(sizeof(struct stp_data_hdr) + len);
	struct stp_data_hdr h = { .seq = 0, .len = (uint32_t)len };
	struct merge *m = merge_new(1);
	struct sink s = { .len = 0 };
	size_t got = 0;

	memcpy(b, &h, sizeof(h));
	memset(b + sizeof(h), 'x', len);
	int rc = feed_split(m, 0, b, sizeof(h) + len, 4096);
	merge_emit(m, 0, 1, sink_out, &s);   /* sink too small: out() fails, no crash */
	got = merge_get_stats(m)->emitted;
	check(rc == 0 && got == 1, "merge: a 1 MB record split over 4 KB reads is accepted");
	free(b);
	merge_free(m);
}

static void test_merge_backwards(void)
{
	unsigned char b[256];
	struct merge *m = merge_new(1);
	struct sink s = { .len = 0 };
	size_t n;

	n = rec(b, 0, "a\n");
	merge_feed(m, 0, b, n);
	n = rec(b, 1, "b\n");
	merge_feed(m, 0, b, n);
	n = rec(b, 1, "dup\n");
	int rc = merge_feed(m, 0, b, n);
	n = rec(b, 2, "c\n");
	merge_feed(m, 0, b, n);
	merge_emit(m, 0, 1, sink_out, &s);
	check(rc < 0 && merge_get_stats(m)->dropped == 1 && strcmp(s.buf, "a\nb\nc\n") == 0,
	      "merge: a seq going backwards on a cpu is dropped, the stream goes on");
	n = rec(b, 3, "");
	merge_feed(m, 0, b, n);
	merge_emit(m, 0, 1, sink_out, &s);
	check(merge_get_stats(m)->emitted == 4, "merge: an empty record is fine");
	merge_free(m);
}

/* Builds a message: header type + payload of len bytes filled with fill. */
static size_t msg(unsigned char *buf, stp_u32 type, size_t len, int fill)
{
	struct stp_msg_hdr h = { .type = type };

	memcpy(buf, &h, sizeof(h));
	memset(buf + sizeof(h), fill, len);
	return sizeof(h) + len;
}

static void test_msgcheck(void)
{
	unsigned char b[4096];
	char why[160];
	size_t n;

	n = msg(b, STP_MSG_TRANSPORT_INFO, sizeof(struct stp_msg_transport_info), 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) == STP_MSG_TRANSPORT_INFO, "msg: TRANSPORT_INFO accepted");
	n = msg(b, STP_MSG_START, sizeof(struct stp_msg_start), 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) == STP_MSG_START, "msg: START accepted");
	n = msg(b, STP_MSG_EXIT, sizeof(struct stp_msg_exit), 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) == STP_MSG_EXIT, "msg: EXIT with status accepted");
	n = msg(b, STP_MSG_EXIT, 0, 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: EXIT without status refused from a module");
	n = msg(b, STP_MSG_REQUEST_EXIT, 0, 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) == STP_MSG_REQUEST_EXIT, "msg: REQUEST_EXIT accepted");
	n = msg(b, STP_MSG_OOB_DATA, STP_OOB_TEXT_MAX, 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) == STP_MSG_OOB_DATA, "msg: OOB_DATA accepted");
	n = msg(b, STP_MSG_OOB_DATA, STP_OOB_TEXT_MAX, 'A');
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: OOB_DATA without NUL refused");
	n = msg(b, STP_MSG_SYSTEM, STP_SYSTEM_CMD_MAX, 'B');
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: SYSTEM without NUL refused");
	n = msg(b, STP_MSG_SYSTEM, STP_SYSTEM_CMD_MAX, 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) == STP_MSG_SYSTEM, "msg: SYSTEM accepted");
	n = msg(b, STP_MSG_START, sizeof(struct stp_msg_start) + 1, 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: oversized START refused");
	n = msg(b, STP_MSG_START, sizeof(struct stp_msg_start) - 1, 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: truncated START refused");
	check(msgcheck_from_module(b, 3, why, sizeof(why)) < 0, "msg: shorter than a header refused");
	n = msg(b, 0, 0, 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: type 0 refused");
	n = msg(b, 99, 4, 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: unknown type refused");
	n = msg(b, STP_MSG_RELOCATION, sizeof(struct stp_msg_relocation), 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: RELOCATION refused from a module");
	n = msg(b, STP_MSG_TZINFO, sizeof(struct stp_msg_tzinfo), 0);
	check(msgcheck_from_module(b, n, why, sizeof(why)) < 0, "msg: TZINFO refused from a module");

	struct stp_msg_transport_info ti = { .buf_size = 4 << 16, .subbuf_size = 1 << 16,
					     .n_subbufs = 4, .n_cpus = 2 };
	check(msgcheck_transport_info(&ti, why, sizeof(why)) == 0, "msg: sane TRANSPORT_INFO accepted");
	ti.n_cpus = 0;
	check(msgcheck_transport_info(&ti, why, sizeof(why)) < 0, "msg: zero cpus refused");
	ti.n_cpus = MSGCHECK_CPUS_MAX + 1;
	check(msgcheck_transport_info(&ti, why, sizeof(why)) < 0, "msg: absurd cpu count refused");
	ti.n_cpus = 2;
	ti.subbuf_size = 0;
	check(msgcheck_transport_info(&ti, why, sizeof(why)) < 0, "msg: empty sub-buffers refused");
	ti.subbuf_size = 1 << 16;
	ti.buf_size = 12345;
	check(msgcheck_transport_info(&ti, why, sizeof(why)) < 0, "msg: inconsistent buffer size refused");
	ti.subbuf_size = 0x10000000;
	ti.n_subbufs = 0x100;
	ti.buf_size = 0;
	check(msgcheck_transport_info(&ti, why, sizeof(why)) < 0, "msg: buffer geometry overflowing u32 refused");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_merge_split_reads();
	test_merge_out_of_order();
	test_merge_gap();
	test_merge_final_drain();
	test_merge_oversize();
	test_merge_empty_feed();
	test_merge_big_record();
	test_merge_backwards();
	test_msgcheck();
	return failures ? 1 : 0;
}
