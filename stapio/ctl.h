/*
 * ctl.h - the control channel: one message per read() or write().
 */
#ifndef STAPIO_CTL_H
#define STAPIO_CTL_H

#include <stddef.h>

#include "messages.h"

/* A message received from the module, already validated. */
struct ctl_msg {
	stp_u32 type;
	union {
		struct stp_msg_transport_info transport_info;
		struct stp_msg_start start;
		struct stp_msg_exit exit;
		struct stp_msg_oob oob;
		struct stp_msg_system system;
	} u;
};

/* Opens the control file in the module directory open on dir_fd (named dir
 * in messages) read-write, non-blocking.  Returns fd or -1 (reported). */
int ctl_open(int dir_fd, const char *dir);

/* Sends one message to the module.  Returns 0, or -1 (reported). */
int ctl_send(int fd, stp_u32 type, const void *payload, size_t len);

/* Receives one message if there is one: 1 got it, 0 nothing waiting,
 * -1 bad message (reported; the channel stays usable), -2 channel gone
 * (EOF or read error, reported). */
int ctl_recv(int fd, struct ctl_msg *msg);

#endif
