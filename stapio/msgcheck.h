/*
 * msgcheck.h - validation of control messages received from a module.
 *
 * Pure functions over bytes, so they are tested on the host: a message is
 * accepted only when its type is one a module may send, its size is exactly
 * the one messages.h gives for that type, and its strings are terminated.
 */
#ifndef STAPIO_MSGCHECK_H
#define STAPIO_MSGCHECK_H

#include <stddef.h>

#include "messages.h"

#define MSGCHECK_CPUS_MAX 8192    /* NR_CPUS never exceeds this */

/* Checks one message of n bytes as read from the control channel.  Returns
 * its type, or -1 with a reason in why. */
int msgcheck_from_module(const void *buf, size_t n, char *why, size_t why_len);

/* Checks the module's TRANSPORT_INFO reply.  Returns 0, or -1 with why. */
int msgcheck_transport_info(const struct stp_msg_transport_info *ti, char *why, size_t why_len);

/* Name of a message type for diagnostics ("unknown" outside the enum). */
const char *msg_type_name(stp_u32 type);

#endif
