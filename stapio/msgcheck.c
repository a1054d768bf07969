/*
 * msgcheck.c - refuse malformed control messages before anyone looks inside.
 *
 * The module is kernel code, but its messages are treated like any other
 * untrusted input: stapio never acts on a message this file has not passed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "msgcheck.h"

const char *msg_type_name(stp_u32 type)
{
	switch (type) {
	case STP_MSG_TRANSPORT_INFO: return "TRANSPORT_INFO";
	case STP_MSG_START: return "START";
	case STP_MSG_EXIT: return "EXIT";
	case STP_MSG_REQUEST_EXIT: return "REQUEST_EXIT";
	case STP_MSG_OOB_DATA: return "OOB_DATA";
	case STP_MSG_SYSTEM: return "SYSTEM";
	case STP_MSG_RELOCATION: return "RELOCATION";
	case STP_MSG_TZINFO: return "TZINFO";
	}
	return "unknown";
}

int msgcheck_from_module(const void *buf, size_t n, char *why, size_t why_len)
{
	struct stp_msg_hdr hdr;
	const char *payload = (const char *)buf + sizeof(hdr);
	long want;

	if (n < sizeof(hdr)) {
		snprintf(why, why_len, "message of %zu bytes is shorter than its header", n);
		return -1;
	}
	memcpy(&hdr, buf, sizeof(hdr));
	want = stp_msg_payload_size(hdr.type, 0);
	if (want < 0) {
		snprintf(why, why_len, "message type %u (%s) is not one a module may send",
			 hdr.type, msg_type_name(hdr.type));
		return -1;
	}
	if (n - sizeof(hdr) != (size_t)want) {
		snprintf(why, why_len, "%s message has a %zu byte payload, expected %ld",
			 msg_type_name(hdr.type), n - sizeof(hdr), want);
		return -1;
	}
	if (hdr.type == STP_MSG_OOB_DATA && !memchr(payload, '\0', STP_OOB_TEXT_MAX)) {
		snprintf(why, why_len, "OOB_DATA text is not NUL terminated");
		return -1;
	}
	if (hdr.type == STP_MSG_SYSTEM && !memchr(payload, '\0', STP_SYSTEM_CMD_MAX)) {
		snprintf(why, why_len, "SYSTEM command is not NUL terminated");
		return -1;
	}
	return (int)hdr.type;
}

int msgcheck_transport_info(const struct stp_msg_transport_info *ti, char *why, size_t why_len)
{
	if (ti->n_cpus == 0 || ti->n_cpus > MSGCHECK_CPUS_MAX) {
		snprintf(why, why_len, "cpu count %u out of range (1 to %u)", ti->n_cpus, MSGCHECK_CPUS_MAX);
		return -1;
	}
	if (ti->subbuf_size == 0 || ti->n_subbufs == 0) {
		snprintf(why, why_len, "empty relay buffer (%u sub-buffers of %u bytes)",
			 ti->n_subbufs, ti->subbuf_size);
		return -1;
	}
	if ((unsigned long long)ti->subbuf_size * ti->n_subbufs != ti->buf_size) {
		snprintf(why, why_len, "buffer size %u is not %u sub-buffers of %u bytes",
			 ti->buf_size, ti->n_subbufs, ti->subbuf_size);
		return -1;
	}
	return 0;
}
