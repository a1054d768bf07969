/* SPDX-License-Identifier: GPL-2.0 */
/*
 * messages.h - the wire protocol between a systemtap module, staprun and stapio.
 *
 * This is the one header all three share.  It compiles both in the kernel and
 * in user space.  Every message on the control channel is one struct
 * stp_msg_hdr followed by the fixed-size payload that its type names; a read()
 * of the control file returns exactly one message, a write() carries exactly
 * one message.  Receivers check the size against the table below and refuse
 * anything else (unknown type, wrong size) as hostile input.
 *
 * Files a module creates, under debugfs (mounted at /sys/kernel/debug):
 *   systemtap/MODNAME/.cmd      control channel, one opener at a time (root only, 0600)
 *   systemtap/MODNAME/traceN    per-cpu relay data, N = cpu number (0400)
 *   systemtap/MODNAME/.monitor  stap --monitor only: status text, reset/pause
 *                               commands (0600, runtime/monitor.c)
 *
 * Data stream: each relay file is a sequence of records, one per print-buffer
 * flush: struct stp_data_hdr then len bytes of script output.  A record never
 * straddles relay sub-buffers.  stapio merges records from all cpus by seq so
 * output keeps the order in which the module produced it.
 *
 * Start-up (order matters):
 *   staprun: insmod; RELOCATION (one per symbol) and TZINFO; close; exec stapio.
 *   stapio -> TRANSPORT_INFO (buffer size wanted, target pid)
 *   module -> TRANSPORT_INFO (relay geometry it opened)
 *   stapio -> START (target pid)
 *   module runs begin probes, arms the others, -> START (rc: 0 or -errno)
 * Shutdown:
 *   stapio -> EXIT  (signal, -c command ended, or after REQUEST_EXIT)
 *   module disarms probes, runs end probes, flushes, -> EXIT (status)
 *   stapio drains every relay file, exits with status; staprun removes module.
 *   The script's exit() or too many errors: module -> REQUEST_EXIT first.
 *   rmmod while a session is live: module cleans up as above and logs to dmesg.
 */
#ifndef STAP_TRANSPORT_MESSAGES_H
#define STAP_TRANSPORT_MESSAGES_H

#ifdef __KERNEL__
#include <linux/types.h>
typedef u32 stp_u32;
typedef s32 stp_s32;
typedef u64 stp_u64;
typedef s64 stp_s64;
#else
#include <stdint.h>
typedef uint32_t stp_u32;
typedef int32_t stp_s32;
typedef uint64_t stp_u64;
typedef int64_t stp_s64;
#endif

#define STP_DEBUGFS_DIR "systemtap"      /* under the debugfs mount */
#define STP_CTL_FILE ".cmd"
#define STP_RELAY_BASENAME "trace"
#define STP_MODULE_NAME_MAX 56           /* MODULE_NAME_LEN is 64 incl. NUL */

/* Closed set of control message types.  Values are part of the ABI. */
enum stp_msg_type {
	STP_MSG_TRANSPORT_INFO = 1,   /* both ways: struct stp_msg_transport_info */
	STP_MSG_START = 2,            /* both ways: struct stp_msg_start */
	STP_MSG_EXIT = 3,             /* stapio->module: no payload; module->stapio: struct stp_msg_exit */
	STP_MSG_REQUEST_EXIT = 4,     /* module->stapio: no payload */
	STP_MSG_OOB_DATA = 5,         /* module->stapio: struct stp_msg_oob (text for stderr) */
	STP_MSG_SYSTEM = 6,           /* module->stapio: struct stp_msg_system */
	STP_MSG_RELOCATION = 7,       /* staprun->module: struct stp_msg_relocation */
	STP_MSG_TZINFO = 8,           /* staprun->module: struct stp_msg_tzinfo */
	STP_MSG_TYPE_MAX = 8
};

struct stp_msg_hdr {
	stp_u32 type;                 /* enum stp_msg_type */
};

/* Relay geometry.  Request: stapio fills buf_size (bytes per cpu, 0 = module
 * default).  Reply: the module fills what it actually opened. */
struct stp_msg_transport_info {
	stp_u32 buf_size;             /* bytes per cpu = subbuf_size * n_subbufs */
	stp_u32 subbuf_size;
	stp_u32 n_subbufs;
	stp_u32 n_cpus;               /* highest possible cpu number + 1 */
};

/* Request: target pid from -c/-x (0 if none), rc unused (0).
 * Reply: rc = 0 when begin probes ran and probes are armed, else -errno. */
struct stp_msg_start {
	stp_s32 target_pid;
	stp_s32 rc;
};

/* Reply to EXIT: 0 normal, 1 the session ended with errors. */
struct stp_msg_exit {
	stp_s32 status;
};

#define STP_OOB_TEXT_MAX 1024
/* Warnings and errors, already formatted ("ERROR: ...\n"); text is NUL
 * terminated within STP_OOB_TEXT_MAX. */
struct stp_msg_oob {
	char text[STP_OOB_TEXT_MAX];
};

#define STP_SYSTEM_CMD_MAX 1024
struct stp_msg_system {
	char cmd[STP_SYSTEM_CMD_MAX];  /* NUL terminated */
};

#define STP_SYMBOL_NAME_MAX 64
/* Where a module or the kernel was loaded, as root saw it (kallsyms,
 * /sys/module/X/sections).  module "kernel", symbol "_stext" for the kernel. */
struct stp_msg_relocation {
	char module[STP_MODULE_NAME_MAX];
	char symbol[STP_SYMBOL_NAME_MAX];
	stp_u64 address;
};

#define STP_TZ_NAME_MAX 16
struct stp_msg_tzinfo {
	stp_s64 gmtoff;                /* seconds east of UTC */
	char name[STP_TZ_NAME_MAX];    /* NUL terminated, e.g. "UTC" */
};

/* Header of each record in a relay data file. */
struct stp_data_hdr {
	stp_u64 seq;                  /* global order of flushes, from 0 */
	stp_u32 len;                  /* bytes of output that follow */
	stp_u32 reserved;             /* 0 */
};

/* Largest message, for receive buffers. */
#define STP_MSG_MAX (sizeof(struct stp_msg_hdr) + STP_OOB_TEXT_MAX)

/* Payload size each type must have on the wire, or -1 for a type that is
 * never valid in that direction.  Kept as a function so both sides use the
 * same table. */
static inline long stp_msg_payload_size(stp_u32 type, int to_module)
{
	switch (type) {
	case STP_MSG_TRANSPORT_INFO:
		return sizeof(struct stp_msg_transport_info);
	case STP_MSG_START:
		return sizeof(struct stp_msg_start);
	case STP_MSG_EXIT:
		return to_module ? 0 : (long)sizeof(struct stp_msg_exit);
	case STP_MSG_REQUEST_EXIT:
		return to_module ? -1 : 0;
	case STP_MSG_OOB_DATA:
		return to_module ? -1 : (long)sizeof(struct stp_msg_oob);
	case STP_MSG_SYSTEM:
		return to_module ? -1 : (long)sizeof(struct stp_msg_system);
	case STP_MSG_RELOCATION:
		return to_module ? (long)sizeof(struct stp_msg_relocation) : -1;
	case STP_MSG_TZINFO:
		return to_module ? (long)sizeof(struct stp_msg_tzinfo) : -1;
	default:
		return -1;
	}
}

#endif /* STAP_TRANSPORT_MESSAGES_H */
