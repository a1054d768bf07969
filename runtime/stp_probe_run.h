/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stp_probe_run.h - one probe hit, inlined where it is called: in probe.c
 * for every kind, and in the generated C for each kprobe entry probe, whose
 * pre-handler then runs the probe's handler as a direct (inlinable) call
 * with no table lookup, no hit struct and (the compiler reads the probe's
 * constant row of stp_probes[]) no lock code when the handler takes none.
 * Kernel builds only.
 * probe.c's header comment describes what a hit does.
 */
#ifndef STP_PROBE_RUN_H
#define STP_PROBE_RUN_H

#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/timex.h>
#include "stp_internal.h"

#ifndef STP_NO_OVERLOAD
#define STP_OVERLOAD_ON 1
#endif
#ifndef INTERRUPTIBLE
#define INTERRUPTIBLE 1
#endif
#ifndef STP_OVERLOAD_INTERVAL
#define STP_OVERLOAD_INTERVAL 1000000000LL
#endif
#ifndef STP_OVERLOAD_THRESHOLD
#define STP_OVERLOAD_THRESHOLD 500000000LL
#endif

/* One cpu's overload window (cycles). */
struct stp_overload {
	cycles_t base;                 /* when the window opened */
	cycles_t sum;                  /* handler cycles in it; as a signed
					  value, since a clock that went back
					  during a run makes it fall */
};
DECLARE_PER_CPU(struct stp_overload, stp_overload);

extern struct stp_context __percpu *stp_contexts;

/* probe.c: the rare paths, out of line */
void stp_probe_reentered(void);
void stp_run_locked(const struct stp_probe *p, struct stp_context *c,
		    void (*handler)(struct stp_context *c));
void stp_report_error(struct stp_context *c);
void stp_overload_window(struct stp_overload *o, cycles_t end);

/* What a generated pre-handler knows of its probe's handler
 * (codegen.c: STP_HIT_TRAITS_N); probe.c passes them all. */
#define STP_HIT_COUNTS_ACTIONS 1u     /* it charges MAXACTION at run time */
#define STP_HIT_PRINTS 2u             /* it may write c->print */
#define STP_HIT_ERRS 4u               /* it may set c->last_error */
#define STP_HIT_READS_HIT 8u          /* it may read c->probe, regs or addr */
#define STP_HIT_ALL (STP_HIT_COUNTS_ACTIONS | STP_HIT_PRINTS | STP_HIT_ERRS | STP_HIT_READS_HIT)

/* Whether the session lets a probe of this kind start now (plain loads:
 * the state changes are ordered against hits by stp_probes_quiesce()). */
static __always_inline bool stp_probe_may_run(const struct stp_probe *p)
{
	int state = atomic_read(&stp_session_state);
	bool error = atomic_read(&stp_error_state);

	if (atomic_read(&stp_abort_requested))
		return false;
	switch (p->kind) {
	case STP_PROBE_BEGIN:
		/* as upstream, every begin probe runs even after an error
		 * (abort() alone stops them); the session then ends in error */
		return state == STP_SESSION_STARTING;
	case STP_PROBE_END:
		return state == STP_SESSION_STOPPING && !error;
	case STP_PROBE_ERROR:
		return state == STP_SESSION_STOPPING && error;
	case STP_PROBE_TIMER:
	case STP_PROBE_KPROBE:
	case STP_PROBE_SYSCALL_TP:
	case STP_PROBE_TRACE:
		/* stap --monitor's pause holds these, not begin/end/error;
		 * a module without it never reads the flag */
		return state == STP_SESSION_RUNNING && !error &&
		       !atomic_read(&stp_exit_requested) &&
		       !(IS_ENABLED(STP_MONITOR) && READ_ONCE(stp_monitor_paused));
	}
	return false;
}

static __always_inline unsigned long stp_action_limit(const struct stp_probe *p)
{
	switch (p->kind) {
	case STP_PROBE_BEGIN:
	case STP_PROBE_END:
	case STP_PROBE_ERROR:
	case STP_PROBE_TIMER:
		return MAXACTION_INTERRUPTIBLE;
	case STP_PROBE_KPROBE:
	case STP_PROBE_SYSCALL_TP:
	case STP_PROBE_TRACE:
		break;
	}
	return MAXACTION;
}

/* Whether hits of @p count towards the overload check (not begin/end/error). */
static __always_inline bool stp_overload_counted(const struct stp_probe *p)
{
	switch (p->kind) {
	case STP_PROBE_BEGIN:
	case STP_PROBE_END:
	case STP_PROBE_ERROR:
		return false;
	case STP_PROBE_TIMER:
	case STP_PROBE_KPROBE:
	case STP_PROBE_SYSCALL_TP:
	case STP_PROBE_TRACE:
		break;
	}
	return true;
}

/* The end of a handler run whose start was taken from this cpu's sum. */
static __always_inline void stp_overload_end(cycles_t end)
{
	__this_cpu_add(stp_overload.sum, end);
	/* a clock that went back wraps to a large difference: a new window */
	if (unlikely(end - __this_cpu_read(stp_overload.base) > STP_OVERLOAD_INTERVAL))
		stp_overload_window(this_cpu_ptr(&stp_overload), end);
}

/* Account one handler run of @start..@end cycles on this cpu (busy set). */
static __always_inline void stp_overload_account(cycles_t start, cycles_t end)
{
	struct stp_overload *o = this_cpu_ptr(&stp_overload);

	o->sum += end >= start ? end - start : 0;
	/* a clock that went back wraps to a large difference: a new window */
	if (unlikely(end - o->base > STP_OVERLOAD_INTERVAL))
		stp_overload_window(o, end);
}

/* What a kernel probe's hit brings: passed as scalars so that a caller
 * with constants (a kprobe has no entry data nor tracepoint arguments) lets
 * the compiler drop the stores it does not need. */
struct stp_hit_args {
	struct pt_regs *regs;
	unsigned long addr;
	u64 *entry_data;
	u64 *trace_args;
	unsigned int ntrace_args;
};

/*
 * What a hit runs under.  INTERRUPTIBLE (the default, as upstream): only
 * preemption off, so the cpu and its context stay ours; a kprobe
 * pre-handler already runs so (the kprobes machinery disables it), other
 * callers (begin/end/error in process context; timers, tracepoints and
 * kretprobes, which mostly have it off already) disable it here, a cheap
 * nesting where it was off.  Interrupts stay on: a probe in an interrupt
 * on this cpu while a handler runs finds the context busy and is skipped
 * as re-entrant.  INTERRUPTIBLE=0: irqs off for every kind.
 */
static __always_inline unsigned long stp_hit_enter(bool kernel_kind)
{
	unsigned long flags = 0;

	if (!INTERRUPTIBLE)
		local_irq_save(flags);
	else if (!kernel_kind)
		preempt_disable_notrace();
	return flags;
}

static __always_inline void stp_hit_leave(bool kernel_kind, unsigned long flags)
{
	if (!INTERRUPTIBLE)
		local_irq_restore(flags);
	else if (!kernel_kind)
		preempt_enable_notrace();
}

/*
 * One hit on this cpu, preemption off (see stp_hit_enter()): the body of stp_run_probe(),
 * stp_run_kprobe() and the generated kprobe pre-handlers.  @hit is NULL for
 * begin/end/error/timers.  With @kernel_kind (kprobe entries) the caller
 * knows the probe runs only while the session is RUNNING, so one load of
 * stp_probes_live decides (see session.c), and the action limit and the
 * overload accounting need no look at the probe's kind.  @traits are
 * STP_HIT_* bits, constant where it is inlined: without COUNTS_ACTIONS (a
 * generated pre-handler whose handler is straight-line and provably below
 * MAXACTION, so it never charges) the action count and limit are left as
 * they are, since nothing on this hit reads them; without PRINTS the print
 * buffer stays empty and without ERRS last_error stays NULL, so neither is
 * looked at after the handler; without READS_HIT nothing reads the probe,
 * registers or address, so they are not stored (whatever reads them is a
 * library or function call, whose handler has the bit).
 */
static __always_inline void stp_run_hit(const struct stp_probe *p,
					void (*handler)(struct stp_context *c),
					const struct stp_hit_args *hit, bool kernel_kind,
					unsigned int traits)
{
	struct stp_context *c;
	unsigned long flags;

	flags = stp_hit_enter(kernel_kind);
	c = this_cpu_ptr(stp_contexts);
	if (unlikely(c->busy)) {
		stp_probe_reentered();
		goto out;
	}
	/* an interrupt's probe on this cpu sees busy from here on; one that
	 * came between the check and this store ran to its end (busy back to
	 * 0, its context fields cleared) before we went on, so a plain store
	 * suffices.  Everything per-cpu below (context, overload sum, timing,
	 * statistics, print buffer) is touched only with busy set, so a hit
	 * skipped as re-entrant never tears it. */
	WRITE_ONCE(c->busy, 1);
	barrier();
	if (kernel_kind) {
		if (unlikely(!READ_ONCE(stp_probes_live) ||
			     (IS_ENABLED(STP_MONITOR) && READ_ONCE(stp_monitor_paused))))
			goto idle;
	} else if (unlikely(!stp_probe_may_run(p))) {
		goto idle;
	}
	/* between hits entry_data, trace_args and last_error are NULL (the
	 * hit that set them clears them), so a kprobe writes none of them */
	if (traits & STP_HIT_READS_HIT) {
		c->probe = p;
		if (hit) {
			c->regs = hit->regs;
			c->addr = hit->addr;
			if (hit->entry_data)
				c->entry_data = hit->entry_data;
			if (hit->trace_args) {
				c->trace_args = hit->trace_args;
				c->ntrace_args = hit->ntrace_args;
			}
		} else if (c->regs) {
			c->regs = NULL;
			c->addr = 0;
		}
	}
	if (traits & STP_HIT_COUNTS_ACTIONS) {
		c->actions = 0;
		c->action_limit = kernel_kind ? MAXACTION : stp_action_limit(p);
	}
	/* the handler zeroes the locals it declares, not the whole area */
	if (IS_ENABLED(STP_PROBE_COUNTERS) && handler == p->handler) {
		cycles_t start = get_cycles(), end;

		if (unlikely(p->locks_globals))
			stp_run_locked(p, c, handler);
		else
			handler(c);
		end = get_cycles();
		stp_timing_account(p, end >= start ? end - start : 0);
		if (IS_ENABLED(STP_OVERLOAD_ON) && (kernel_kind || stp_overload_counted(p)))
			stp_overload_account(start, end);
	} else if (IS_ENABLED(STP_OVERLOAD_ON) && (kernel_kind || stp_overload_counted(p))) {
		/* the window's sum takes -start now and +end after: no start
		 * to keep across the handler */
		__this_cpu_sub(stp_overload.sum, get_cycles());
		if (unlikely(p->locks_globals))
			stp_run_locked(p, c, handler);
		else
			handler(c);
		stp_overload_end(get_cycles());
	} else if (unlikely(p->locks_globals)) {
		stp_run_locked(p, c, handler);
	} else {
		handler(c);
	}
	if ((traits & STP_HIT_PRINTS) && unlikely(c->print->len))
		stp_print_flush(c->print);
	if ((traits & STP_HIT_ERRS) && unlikely(c->last_error))
		stp_report_error(c);
	if (hit && hit->entry_data)
		c->entry_data = NULL;
	if (hit && hit->trace_args) {
		c->trace_args = NULL;
		c->ntrace_args = 0;
	}
idle:
	barrier();
	WRITE_ONCE(c->busy, 0);
out:
	stp_hit_leave(kernel_kind, flags);
}

/* A kprobe entry probe's hit: stp_run_hit() with no entry data or
 * tracepoint arguments; returns the pre-handler's 0. */
static __always_inline int stp_kprobe_run(const struct stp_probe *p,
					  void (*handler)(struct stp_context *c),
					  struct pt_regs *regs, unsigned long addr,
					  unsigned int traits)
{
	const struct stp_hit_args a = { .regs = regs, .addr = addr };

	stp_run_hit(p, handler, &a, true, traits);
	return 0;
}

#endif /* STP_PROBE_RUN_H */
