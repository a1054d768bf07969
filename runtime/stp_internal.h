/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stp_internal.h - declarations the runtime's own files share.
 *
 * Generated code includes stap_runtime.h, and in kernel builds with kprobe
 * entry probes stp_probe_run.h (which includes this one) for the hit path
 * it inlines into their pre-handlers; this header joins the
 * runtime's parts: module set-up (module.c), probe execution (probe.c),
 * timer probes (timer.c), the language's data and functions (map.c,
 * stat.c, hist.c, strings.c, lock.c), the session state machine driven by control
 * messages (session.c), print buffers and formatting (print.c), and the
 * transport: control channel (transport/control.c) and relay data files
 * (transport/relay.c).
 */
#ifndef STP_INTERNAL_H
#define STP_INTERNAL_H

#include <linux/atomic.h>
#include <linux/dcache.h>
#include <linux/spinlock.h>
#include "stap_runtime.h"
#include "messages.h"
#include "compat.h"

/* One relay record: header and a whole print buffer. */
#define STP_RECORD_MAX (sizeof(struct stp_data_hdr) + STP_PRINT_BUF_SIZE)

/*
 * Life of a session.  LOADED: module inserted, nothing runs.  STARTING:
 * begin probes run.  RUNNING: other probes armed.  STOPPING: probes disarmed,
 * end (or error) probes run.  DONE: EXIT answered.
 */
enum stp_session_state {
	STP_SESSION_LOADED,
	STP_SESSION_STARTING,
	STP_SESSION_RUNNING,
	STP_SESSION_STOPPING,
	STP_SESSION_DONE,
};

/* module.c */
extern struct dentry *stp_module_dir;      /* debugfs systemtap/MODNAME */

/* session.c */
extern atomic_t stp_session_state;
extern atomic_t stp_exit_requested;        /* exit() or too many errors */
extern atomic_t stp_error_state;           /* errors past MAXERRORS */
extern atomic_t stp_abort_requested;       /* abort(): no probe starts any more */
extern int stp_probes_live;                /* RUNNING and no exit requested */
int stp_session_message(u32 type, const void *payload);
void stp_session_request_exit(void);
void stp_session_teardown(void);

/* probe.c */
extern atomic_t stp_error_count;
extern atomic_t stp_skipped_count;
extern atomic_t stp_skipped_reentrant;    /* re-entered hits, not in stp_skipped_count */
int stp_probes_alloc(void);
void stp_probes_free(void);
void stp_run_probe(const struct stp_probe *p, const struct stp_probe_hit *hit);
int stp_run_kprobe(const struct stp_probe *p, struct pt_regs *regs, unsigned long addr);
void stp_run_probes_of_kind(enum stp_probe_kind kind);
void stp_probes_quiesce(void);

void stp_probe_skipped(void);

/* probe_timing.c: stap -t and stap --monitor count each probe's runs */
#if defined(STP_TIMING) || defined(STP_MONITOR)
#define STP_PROBE_COUNTERS 1
#endif
/* empty unless STP_PROBE_COUNTERS; the report only with STP_TIMING */
int stp_timing_alloc(void);
void stp_timing_free(void);
void stp_timing_account(const struct stp_probe *p, u64 cycles);
void stp_timing_report(void);
struct stp_timing_sum {
	u64 hits, min, avg, max;
};
bool stp_timing_sum(unsigned int i, struct stp_timing_sum *sum);
void stp_timing_reset(void);

/* monitor.c: stap --monitor's status file (empty unless STP_MONITOR) */
extern bool stp_monitor_paused;
int stp_monitor_init(struct dentry *dir);
void stp_monitor_owner_set(void);

/* map.c, stat.c, strings.c, lock.c */
void stp_maps_free(void);
void stp_stats_free(void);
/* START: 0, or -EINVAL after warning about a bad histogram (stat.c). */
int stp_stats_start_check(void);
int stp_strings_alloc(void);
void stp_strings_free(void);
void stp_global_locks_free(void);
/* Lock @n for a reader outside probes (stap --monitor), or NULL if none. */
rwlock_t *stp_global_lock(int n);

/*
 * A family of probes the runtime registers with the kernel (timers,
 * kprobes, ...), one file each.  Begin, end and error probes are run by the
 * session itself (session.c) and need none of this.
 */
struct stp_probe_family {
	const char *name;
	/* Module init: set up the family's probes of stp_probes[], unarmed;
	 * 0 or -errno.  May be NULL. */
	int (*alloc)(void);
	/* Session start, after the begin probes: register / start them;
	 * 0, or -errno when the session cannot run.  Process context. */
	int (*arm)(void);
	/* Session stop: unregister and wait until no handler of the family
	 * runs; may be called more than once and when arm() failed. */
	void (*disarm)(void);
	/* Free what alloc() allocated; the family is disarmed. */
	void (*free)(void);
};

extern const struct stp_probe_family stp_timer_family;    /* timer.c */
extern const struct stp_probe_family stp_kprobe_family;   /* kprobes.c */
extern const struct stp_probe_family stp_syscall_tp_family;   /* syscall_tracepoints.c */
extern const struct stp_probe_family stp_tracepoint_family; /* tracepoints.c */

/* families.c: every family at once, in table order (disarm: reverse). */
int stp_families_alloc(void);
int stp_families_arm(void);
void stp_families_disarm(void);
void stp_families_free(void);

/* print.c */
int stp_print_alloc(void);
void stp_print_free(void);
struct stp_out *stp_print_buffer(unsigned int cpu);
void stp_print_flush(struct stp_out *o);

/* transport/control.c */
int stp_ctl_init(struct dentry *dir);
void stp_ctl_owner_chown(struct inode *inode);
void stp_ctl_exit(void);
int stp_ctl_send(u32 type, const void *payload, size_t len, bool reply);
void stp_ctl_send_text(const char *fmt, ...) __printf(1, 2);

/* transport/relay.c */
extern atomic_t stp_transport_drops;
int stp_relay_alloc(void);
int stp_relay_open(u32 buf_size, struct stp_msg_transport_info *info);
bool stp_relay_is_open(void);
void stp_relay_resync(void);
void stp_relay_write(const char *data, size_t len);
void stp_relay_wait_room(unsigned int timeout_ms);
void stp_relay_close(void);
void stp_relay_free(void);

#endif /* STP_INTERNAL_H */
