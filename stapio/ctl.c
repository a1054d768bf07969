/*
 * ctl.c - reading and writing the module's control file.
 *
 * On the wire a message is a struct stp_msg_hdr immediately followed by its
 * payload; read() returns one whole message, write() takes one.  Bytes are
 * copied into typed structs only after msgcheck has accepted them.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "common/log.h"
#include "msgcheck.h"

int ctl_open(int dir_fd, const char *dir)
{
	int fd = openat(dir_fd, STP_CTL_FILE, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		log_error("cannot open control channel %s/%s: %s", dir, STP_CTL_FILE, strerror(errno));
	return fd;
}

int ctl_send(int fd, stp_u32 type, const void *payload, size_t len)
{
	unsigned char buf[sizeof(struct stp_msg_hdr) + 256];
	struct stp_msg_hdr hdr = { .type = type };
	long want = stp_msg_payload_size(type, 1);
	ssize_t n;

	if (want < 0 || (size_t)want != len || len > sizeof(buf) - sizeof(hdr)) {
		log_error("internal: refusing to send a malformed %s message", msg_type_name(type));
		return -1;
	}
	memcpy(buf, &hdr, sizeof(hdr));
	if (len)
		memcpy(buf + sizeof(hdr), payload, len);
	do
		n = write(fd, buf, sizeof(hdr) + len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		log_error("cannot send %s to the module: %s", msg_type_name(type), strerror(errno));
		return -1;
	}
	if ((size_t)n != sizeof(hdr) + len) {
		log_error("short write sending %s to the module (%zd of %zu bytes)",
			  msg_type_name(type), n, sizeof(hdr) + len);
		return -1;
	}
	log_progress(2, "sent %s", msg_type_name(type));
	return 0;
}

int ctl_recv(int fd, struct ctl_msg *msg)
{
	/* One byte more than the largest message, so an oversized one shows. */
	unsigned char buf[STP_MSG_MAX + 1];
	char why[160];
	ssize_t n;
	int type;

	do
		n = read(fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n < 0) {
		log_error("cannot read the control channel: %s", strerror(errno));
		return -2;
	}
	if (n == 0) {
		log_error("the module closed the control channel");
		return -2;
	}
	type = msgcheck_from_module(buf, (size_t)n, why, sizeof(why));
	if (type < 0) {
		log_error("bad message from the module: %s", why);
		return -1;
	}
	memset(msg, 0, sizeof(*msg));
	msg->type = (stp_u32)type;
	memcpy(&msg->u, buf + sizeof(struct stp_msg_hdr), (size_t)n - sizeof(struct stp_msg_hdr));
	log_progress(2, "received %s", msg_type_name(msg->type));
	return 1;
}
