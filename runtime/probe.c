// SPDX-License-Identifier: GPL-2.0
/*
 * probe.c - running one probe hit, whatever kind of probe fired.
 *
 * The hit path itself is stp_run_hit() in stp_probe_run.h, inlined here
 * into stp_run_probe(), the entry of every probe kind, and stp_run_kprobe(),
 * and into the generated pre-handler of each kprobe entry probe (which
 * calls the probe's handler directly, inlined when the probe has no other
 * kind of point).  A hit checks that the session lets this kind run now
 * (kprobe entries: one flag, stp_probes_live), takes this cpu's
 * context with preemption off and, as upstream's default INTERRUPTIBLE=1,
 * interrupts on (-DINTERRUPTIBLE=0: off; see stp_hit_enter()), refuses
 * re-entry on the same cpu, prepares the context
 * (action limit; the handler zeroes its own locals), takes the globals lock
 * when the handler needs it, runs the handler, flushes the print buffer to
 * relay and reports a soft error (a generated pre-handler leaves out the
 * context stores, the flush or the report when its handler provably needs
 * none of them: STP_HIT_TRAITS_N).
 *
 * Accounting: a hit that cannot run (a global's lock not taken within
 * MAXTRYLOCK tries) is a skipped probe; past MAXSKIPPED, or past MAXERRORS
 * soft errors, the session enters the error state and asks stapio to end it.
 * A hit that finds this cpu already running a handler (re-entry) is counted
 * apart and, as upstream with its default INTERRUPTIBLE=1, not held against
 * MAXSKIPPED.
 * Handlers run with preemption off, so stp_probes_quiesce() waits for
 * every hit that might still be running with one RCU grace period; the busy
 * flag is only this cpu's guard against re-entry (an interrupt's probe),
 * with no atomic or barrier on the way in.
 *
 * Overload (unless STP_NO_OVERLOAD): each cpu sums the cycles its handlers
 * of non-begin/end/error probes take; at the first hit after
 * STP_OVERLOAD_INTERVAL cycles since the window opened, a sum above
 * STP_OVERLOAD_THRESHOLD is the error "probe overhead exceeded threshold"
 * (counted as an error, the session ends in error) and a new window opens.
 * The defaults are upstream's: at most half of 10^9 cycles.
 *
 * Timing (STP_TIMING, stap -t): each run of a probe's handler is also
 * counted with its cycles (probe_timing.c); a kretprobe's entry handler is
 * part of the hit its return handler counts, so it is not counted apart.
 */
#include <linux/timex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "stp_internal.h"
#include "stp_probe_run.h"

/* Largest stp_locals_size accepted (bytes per cpu). */
#define STP_LOCALS_MAX (16U << 20)


DEFINE_PER_CPU(struct stp_overload, stp_overload);

atomic_t stp_error_count = ATOMIC_INIT(0);
atomic_t stp_skipped_count = ATOMIC_INIT(0);
atomic_t stp_skipped_reentrant = ATOMIC_INIT(0);
atomic_t stp_abort_requested = ATOMIC_INIT(0);
const char stp_abort_reason[] = "abort()";
const char stp_next_reason[] = "next";
struct stp_context __percpu *stp_contexts;
static DEFINE_SPINLOCK(stp_globals_lock);

/**
 * stp_probes_alloc() - allocate the per-cpu contexts and locals (module init).
 *
 * Needs the print buffers (stp_print_alloc()) already.
 *
 * Return: 0, -E2BIG for absurd locals, or -ENOMEM.
 */
int stp_probes_alloc(void)
{
	size_t size = stp_locals_size ? stp_locals_size : sizeof(long);
	unsigned int cpu;

	if (stp_locals_size > STP_LOCALS_MAX)
		return -E2BIG;
	if (stp_timing_alloc())
		return -ENOMEM;
	stp_contexts = alloc_percpu(struct stp_context);
	if (!stp_contexts) {
		stp_timing_free();
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu) {
		struct stp_context *c = per_cpu_ptr(stp_contexts, cpu);

		c->print = stp_print_buffer(cpu);
		c->locals = kvzalloc_node(size, GFP_KERNEL | __GFP_NOWARN, cpu_to_node(cpu));
		if (!c->locals) {
			stp_probes_free();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * stp_probes_free() - free what stp_probes_alloc() allocated.
 */
void stp_probes_free(void)
{
	unsigned int cpu;

	stp_timing_free();
	if (!stp_contexts)
		return;
	for_each_possible_cpu(cpu)
		kvfree(per_cpu_ptr(stp_contexts, cpu)->locals);
	free_percpu(stp_contexts);
	stp_contexts = NULL;
}


static notrace void stp_enter_error_state(void)
{
	atomic_set(&stp_error_state, 1);
	stp_session_request_exit();
}
STP_NOKPROBE(stp_enter_error_state);

/**
 * stp_probe_skipped() - count a hit that could not run (lock not taken).
 *
 * Any context.  Past MAXSKIPPED the session ends in error.
 */
notrace void stp_probe_skipped(void)
{
	if (atomic_inc_return(&stp_skipped_count) == MAXSKIPPED + 1) {
		stp_ctl_send_text("ERROR: Skipped too many probes, check MAXSKIPPED or try again with stap -t for more details.\n");
		stp_enter_error_state();
	}
}
STP_NOKPROBE(stp_probe_skipped);

/* A hit ended with c->last_error set: report it unless it is abort()'s or
 * next's marker, and clear it for the next hit on this cpu. */
notrace void stp_report_error(struct stp_context *c)
{
	const char *what = c->last_error, *near = c->error_near;

	c->last_error = NULL;
	c->error_near = NULL;
	/* stap --suppress-handler-errors: the handler just ends, silently */
	if (IS_ENABLED(STP_SUPPRESS_HANDLER_ERRORS) || what == stp_abort_reason ||
	    what == stp_next_reason)
		return;
	if (near)
		stp_ctl_send_text("ERROR: %s near %s\n", what, near);
	else
		stp_ctl_send_text("ERROR: %s\n", what);
	if (atomic_inc_return(&stp_error_count) > MAXERRORS)
		stp_enter_error_state();
}
STP_NOKPROBE(stp_report_error);


/* At the end of a window: the verdict on it, and a new window from @end. */
notrace void stp_overload_window(struct stp_overload *o, cycles_t end)
{
	if ((s64)o->sum > STP_OVERLOAD_THRESHOLD) {
		stp_ctl_send_text("ERROR: probe overhead exceeded threshold\n");
		atomic_inc(&stp_error_count);
		stp_enter_error_state();
	}
	o->base = end;
	o->sum = 0;
}
STP_NOKPROBE(stp_overload_window);


static notrace bool stp_globals_trylock(void)
{
	unsigned int i;

	for (i = 0; i < MAXTRYLOCK; i++) {
		if (spin_trylock(&stp_globals_lock))
			return true;
		cpu_relax();
	}
	return false;
}
STP_NOKPROBE(stp_globals_trylock);

/* Counts a hit that found this cpu already running a handler. */
notrace void stp_probe_reentered(void)
{
	/* not held against MAXSKIPPED unless INTERRUPTIBLE=0 */
	atomic_inc(&stp_skipped_reentrant);
	if (!INTERRUPTIBLE)
		stp_probe_skipped();
}
STP_NOKPROBE(stp_probe_reentered);

/* Runs @handler under the whole-globals lock, or counts a skipped probe. */
notrace void stp_run_locked(const struct stp_probe *p, struct stp_context *c,
				   void (*handler)(struct stp_context *c))
{
	if (!stp_globals_trylock()) {
		stp_probe_skipped();
		return;
	}
	handler(c);
	spin_unlock(&stp_globals_lock);
}
STP_NOKPROBE(stp_run_locked);



/**
 * stp_run_probe() - run one hit of a probe on this cpu.
 * @p: the probe, an entry of stp_probes[].
 * @hit: the registers and address of a kernel probe's hit, or NULL.
 *
 * Any context; does not sleep.  Runs with preemption off on this cpu
 * (irqs too under INTERRUPTIBLE=0).
 *
 * This is every hit's cost beyond the kernel's own, so the common case is
 * kept short: one look at the session state, no atomic operation and no
 * barrier (the busy flag only guards this cpu against re-entry; hits on
 * other cpus are waited for with RCU, see stp_probes_quiesce()), no lock
 * unless the handler asked for the whole-globals lock, and the context's
 * kernel-probe fields written only when there is a hit to describe.
 */
notrace void stp_run_probe(const struct stp_probe *p, const struct stp_probe_hit *hit)
{
	void (*handler)(struct stp_context *c) =
		hit && hit->at_entry ? p->entry_handler : p->handler;

	if (unlikely(!handler))
		return;
	if (hit) {
		struct stp_hit_args a = {
			.regs = hit->regs, .addr = hit->addr, .entry_data = hit->entry_data,
			.trace_args = hit->trace_args, .ntrace_args = hit->ntrace_args,
		};

		stp_run_hit(p, handler, &a, false, STP_HIT_ALL);
	} else {
		stp_run_hit(p, handler, NULL, false, STP_HIT_ALL);
	}
}
STP_NOKPROBE(stp_run_probe);

/**
 * stp_run_kprobe() - run one hit of a kprobe's (entry) probe on this cpu.
 * @p: the probe, of kind STP_PROBE_KPROBE, not is_return.
 * @regs: the registers at the hit.
 * @addr: the probed address.
 *
 * The hot path of kernel.function/kprobe.function probes: stp_run_probe()
 * with what a kprobe hit cannot have (entry data, tracepoint arguments)
 * known to be absent and the session check reduced to one flag.  Used
 * when the generated C has no pre-handler of its own for @p.
 *
 * Return: 0, as a kprobe pre-handler returns.
 */
notrace int stp_run_kprobe(const struct stp_probe *p, struct pt_regs *regs, unsigned long addr)
{
	return stp_kprobe_run(p, p->handler, regs, addr, STP_HIT_ALL);
}
STP_NOKPROBE(stp_run_kprobe);

/**
 * stp_run_probes_of_kind() - run every probe of one kind in script order.
 * @kind: STP_PROBE_BEGIN, STP_PROBE_END or STP_PROBE_ERROR.
 *
 * Process context.
 */
void stp_run_probes_of_kind(enum stp_probe_kind kind)
{
	unsigned int i;

	for (i = 0; i < stp_probe_count; i++) {
		if (stp_probes[i].kind != kind)
			continue;
		stp_run_probe(&stp_probes[i], NULL);
		cond_resched();
	}
}

/**
 * stp_probes_quiesce() - wait until no probe handler runs on any cpu.
 *
 * Process context, after the session state has changed so that no new hit
 * of the disarmed probes can start.  Every handler runs with preemption
 * off (stp_run_hit()), which RCU (one flavour since 4.20) counts as a
 * read-side critical section: a
 * grace period ends only after each hit that may have seen the old state,
 * and hits that start later see the new one and do not run.
 */
void stp_probes_quiesce(void)
{
	synchronize_rcu();
}

/**
 * stp_exit() - the script's exit().
 * @c: the running probe's context.
 *
 * No new probe hits start except end probes; stapio is asked to end the
 * session.  The current handler continues.
 */
notrace void stp_exit(struct stp_context *c)
{
	stp_session_request_exit();
}
STP_NOKPROBE(stp_exit);

/**
 * stp_abort() - the script's abort().
 * @c: the running probe's context.
 *
 * Any context.  No probe starts from now on (not even end or error probes)
 * and stapio is asked to end the session; the current handler unwinds
 * through c->last_error, which is not reported as an error.
 */
notrace void stp_abort(struct stp_context *c)
{
	atomic_set(&stp_abort_requested, 1);
	smp_mb__after_atomic();
	stp_session_request_exit();
	c->last_error = stp_abort_reason;
	c->error_near = NULL;
}
STP_NOKPROBE(stp_abort);

/**
 * stp_warn() - the script's warn(msg).
 * @c: the running probe's context.
 * @msg: the message, a MAXSTRINGLEN string.
 *
 * Any context; does not sleep or allocate: the text is formatted straight
 * into a control ring slot (cut to STP_OOB_TEXT_MAX - 1 bytes).
 */
notrace void stp_warn(struct stp_context *c, const char *msg)
{
	size_t n = strnlen(msg, MAXSTRINGLEN - 1);

	if (n && msg[n - 1] == '\n')
		stp_ctl_send_text("WARNING: %.*s", (int)n, msg);
	else
		stp_ctl_send_text("WARNING: %.*s\n", (int)n, msg);
}
STP_NOKPROBE(stp_warn);

/**
 * stp_cpu() - the script's cpu().
 *
 * Probe context (preemption off), so the cpu cannot change under the caller.
 */
notrace s64 stp_cpu(void)
{
	return raw_smp_processor_id();
}
STP_NOKPROBE(stp_cpu);
