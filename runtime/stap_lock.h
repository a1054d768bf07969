/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stap_lock.h - per-global locks for generated code; included by
 * stap_runtime.h.
 *
 * The translator numbers the locks it wants (one per global, or one per
 * group of globals it locks together) 0..N-1 and calls
 * stp_global_locks_init(N) from stp_globals_init(); the runtime allocates
 * and initializes N read/write locks and frees them at module exit.
 *
 * A handler starts with stp_locks_acquire() on the list of locks it needs,
 * sorted by lock number, each marked read or write; it returns at once when
 * that fails (the runtime has counted a skipped probe), and calls
 * stp_locks_release() on the same list before it returns.  Reads (get, in,
 * unsorted foreach, `<<<` on a statistic array's element, which is per cpu)
 * can take the read side; `<<<` on a scalar statistic takes no lock; anything that changes a global, a sorted foreach, and
 * reading a statistic take the write side.
 *
 * Each lock is tried at most MAXTRYLOCK times, so a probe never spins long.
 * A module uses either these locks or the whole-globals lock
 * (struct stp_probe.locks_globals), not both: they do not exclude each
 * other.
 */
#ifndef STAP_LOCK_H
#define STAP_LOCK_H

/* Most locks a module may ask for. */
#define STP_GLOBAL_LOCKS_MAX 65536

/* One lock a handler needs. */
struct stp_lock_req {
	unsigned int lock;             /* 0..N-1 */
	bool write;
};

/* Module init (from stp_globals_init): allocate locks 0..n-1.  0 or -errno. */
int stp_global_locks_init(unsigned int n);
/* Take every lock of @reqs in order, each with at most MAXTRYLOCK tries.
 * On failure release those taken, count a skipped probe and return false. */
bool stp_locks_acquire(struct stp_context *c, const struct stp_lock_req *reqs, unsigned int n);
/* Release the locks stp_locks_acquire() took (same list). */
void stp_locks_release(const struct stp_lock_req *reqs, unsigned int n);

/* stap --monitor: the globals the status file shows (generated when
 * STP_MONITOR is defined). */
enum stp_monitor_kind {
	STP_MONITOR_LONG,
	STP_MONITOR_STRING,
	STP_MONITOR_ARRAY,
	STP_MONITOR_STAT,
};

struct stp_monitor_global {
	const char *name;
	enum stp_monitor_kind kind;
	int lock;                      /* its lock number, -1: none */
	const void *addr;              /* s64, char[MAXSTRINGLEN], struct stp_map */
};

extern const struct stp_monitor_global stp_monitor_globals[];
extern const unsigned int stp_monitor_global_count;

#endif /* STAP_LOCK_H */
