// SPDX-License-Identifier: GPL-2.0
/*
 * lock.c - per-global read/write locks taken by the generated handlers.
 *
 * A handler names the locks it needs, in the module's one lock order, and
 * each is tried at most MAXTRYLOCK times (read_trylock/write_trylock with
 * cpu_relax() between tries): probes run with preemption off, sometimes in
 * hard irq or NMI-like contexts, and must never wait long.  When one cannot be had, the ones
 * already taken are released in reverse order and the hit counts as a
 * skipped probe (probe.c), as for the whole-globals lock.  The locks are
 * an array allocated at module init; a request naming a lock that does not
 * exist fails like a contended one (and warns once).
 */
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "stp_internal.h"

static rwlock_t *stp_global_locks;
static unsigned int stp_global_lock_count;

/**
 * stp_global_locks_init() - allocate the module's per-global locks.
 * @n: how many the generated code numbers.
 *
 * Module init, from stp_globals_init().
 *
 * Return: 0, -E2BIG, -EBUSY when called twice, or -ENOMEM.
 */
int stp_global_locks_init(unsigned int n)
{
	unsigned int i;

	if (n > STP_GLOBAL_LOCKS_MAX)
		return -E2BIG;
	if (stp_global_locks)
		return -EBUSY;
	if (!n)
		return 0;
	stp_global_locks = kcalloc(n, sizeof(*stp_global_locks), GFP_KERNEL);
	if (!stp_global_locks)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		rwlock_init(&stp_global_locks[i]);
	stp_global_lock_count = n;
	return 0;
}

/**
 * stp_global_locks_free() - free them (module exit).
 */
void stp_global_locks_free(void)
{
	kfree(stp_global_locks);
	stp_global_locks = NULL;
	stp_global_lock_count = 0;
}

/**
 * stp_global_lock() - one of the module's locks, for a reader outside probes.
 * @n: its number.
 *
 * Return: the lock, or NULL when there is no such lock.
 */
rwlock_t *stp_global_lock(int n)
{
	if (n < 0 || (unsigned int)n >= stp_global_lock_count)
		return NULL;
	return &stp_global_locks[n];
}

static __always_inline bool stp_lock_try(const struct stp_lock_req *r)
{
	rwlock_t *l;
	unsigned int i;

	if (WARN_ON_ONCE(r->lock >= stp_global_lock_count))
		return false;
	l = &stp_global_locks[r->lock];
	for (i = 0; i < MAXTRYLOCK; i++) {
		if (r->write ? write_trylock(l) : read_trylock(l))
			return true;
		cpu_relax();
	}
	return false;
}

static __always_inline void stp_lock_drop(const struct stp_lock_req *r)
{
	if (r->write)
		write_unlock(&stp_global_locks[r->lock]);
	else
		read_unlock(&stp_global_locks[r->lock]);
}

/**
 * stp_locks_acquire() - take the locks a handler needs.
 * @c: the probe context.
 * @reqs: the locks, in the module's lock order.
 * @n: how many.
 *
 * Return: true with every lock held; false (none held, a skipped probe
 * counted) otherwise.
 */
notrace bool stp_locks_acquire(struct stp_context *c, const struct stp_lock_req *reqs,
			       unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!stp_lock_try(&reqs[i])) {
			while (i-- > 0)
				stp_lock_drop(&reqs[i]);
			stp_probe_skipped();
			return false;
		}
	}
	return true;
}
STP_NOKPROBE(stp_locks_acquire);

/**
 * stp_locks_release() - release what stp_locks_acquire() took.
 * @reqs: the same list.
 * @n: how many.
 */
notrace void stp_locks_release(const struct stp_lock_req *reqs, unsigned int n)
{
	while (n-- > 0)
		stp_lock_drop(&reqs[n]);
}
STP_NOKPROBE(stp_locks_release);
