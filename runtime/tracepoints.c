// SPDX-License-Identifier: GPL-2.0
/*
 * tracepoints.c - the kernel.trace("name") probe family: one callback per
 * point on the kernel's own tracepoint, found by name at session start with
 * for_each_kernel_tracepoint() and attached with tracepoint_probe_register().
 *
 * A tracepoint calls its probes as void (*)(void *data, TP_PROTO args...).
 * The translator knows each tracepoint's argument count from BTF
 * (__traceiter_<name>), so the callback registered has exactly that many
 * u64 parameters: on x86_64 every argument travels in its own 64-bit
 * register or stack slot, and the translator normalises narrower types
 * (sign or zero extension) when the script reads them.  The values reach
 * the handler through the hit (stp_tv_targ()).
 */
#include <linux/slab.h>
#include <linux/tracepoint.h>

#include "stp_internal.h"
#include "stap_runtime.h"

#define STP_TP_MAXARGS 12

struct stp_tracepoint {
	const struct stp_probe *probe;
	struct tracepoint *tp;
	void *cb;
	bool registered;
};

static struct stp_tracepoint *stp_tps;
static unsigned int stp_tp_count;

static notrace void stp_tp_run(void *data, u64 *args, unsigned int n)
{
	struct stp_tracepoint *t = data;
	struct stp_probe_hit hit = { .trace_args = args, .ntrace_args = n };

	stp_run_probe(t->probe, &hit);
}
STP_NOKPROBE(stp_tp_run);

#define STP_A1 u64 a1
#define STP_A2 STP_A1, u64 a2
#define STP_A3 STP_A2, u64 a3
#define STP_A4 STP_A3, u64 a4
#define STP_A5 STP_A4, u64 a5
#define STP_A6 STP_A5, u64 a6
#define STP_A7 STP_A6, u64 a7
#define STP_A8 STP_A7, u64 a8
#define STP_A9 STP_A8, u64 a9
#define STP_A10 STP_A9, u64 a10
#define STP_A11 STP_A10, u64 a11
#define STP_A12 STP_A11, u64 a12
#define STP_V1 a1
#define STP_V2 STP_V1, a2
#define STP_V3 STP_V2, a3
#define STP_V4 STP_V3, a4
#define STP_V5 STP_V4, a5
#define STP_V6 STP_V5, a6
#define STP_V7 STP_V6, a7
#define STP_V8 STP_V7, a8
#define STP_V9 STP_V8, a9
#define STP_V10 STP_V9, a10
#define STP_V11 STP_V10, a11
#define STP_V12 STP_V11, a12
#define STP_TP_CB(n)							\
	static notrace void stp_tp_cb##n(void *data, STP_A##n)		\
	{								\
		u64 a[] = { STP_V##n };					\
		stp_tp_run(data, a, n);					\
	}
STP_TP_CB(1) STP_TP_CB(2) STP_TP_CB(3) STP_TP_CB(4) STP_TP_CB(5) STP_TP_CB(6)
STP_TP_CB(7) STP_TP_CB(8) STP_TP_CB(9) STP_TP_CB(10) STP_TP_CB(11) STP_TP_CB(12)

static notrace void stp_tp_cb0(void *data)
{
	stp_tp_run(data, NULL, 0);
}

static void *const stp_tp_cbs[STP_TP_MAXARGS + 1] = {
	stp_tp_cb0, stp_tp_cb1, stp_tp_cb2, stp_tp_cb3, stp_tp_cb4, stp_tp_cb5, stp_tp_cb6,
	stp_tp_cb7, stp_tp_cb8, stp_tp_cb9, stp_tp_cb10, stp_tp_cb11, stp_tp_cb12,
};

/**
 * stp_tv_targ() - argument @i (0-based) of the tracepoint being handled.
 * @c: probe context.
 * @i: argument number.
 * @near: script location for an error.
 *
 * Return: the raw 64-bit argument, or 0 with a soft error.
 */
notrace s64 stp_tv_targ(struct stp_context *c, s64 i, const char *near)
{
	if (!c->trace_args || i < 0 || i >= c->ntrace_args) {
		stp_error(c, "no such tracepoint argument", near);
		return 0;
	}
	return (s64)c->trace_args[i];
}
STP_NOKPROBE(stp_tv_targ);

static void stp_tracepoints_free(void)
{
	kfree(stp_tps);
	stp_tps = NULL;
	stp_tp_count = 0;
}

static int stp_tracepoints_alloc(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < stp_probe_count; i++)
		n += stp_probes[i].kind == STP_PROBE_TRACE;
	if (!n)
		return 0;
	stp_tps = kcalloc(n, sizeof(*stp_tps), GFP_KERNEL);
	if (!stp_tps)
		return -ENOMEM;
	for (i = 0; i < stp_probe_count; i++) {
		const struct stp_probe *p = &stp_probes[i];

		if (p->kind != STP_PROBE_TRACE)
			continue;
		if (p->maxactive < 0 || p->maxactive > STP_TP_MAXARGS) {
			stp_tracepoints_free();
			return -EINVAL;
		}
		stp_tps[stp_tp_count].probe = p;
		stp_tps[stp_tp_count].cb = stp_tp_cbs[p->maxactive];
		stp_tp_count++;
	}
	return 0;
}

/* for_each_kernel_tracepoint(): every point named TP gets it. */
static void stp_tracepoint_found(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < stp_tp_count; i++)
		if (!stp_tps[i].tp && strcmp(tp->name, stp_tps[i].probe->symbol) == 0)
			stp_tps[i].tp = tp;
}

static void stp_tracepoints_disarm(void);

static int stp_tracepoints_arm(void)
{
	unsigned int i, ok = 0, hard_failures = 0;

	if (!stp_tp_count)
		return 0;
	for_each_kernel_tracepoint(stp_tracepoint_found, NULL);
	for (i = 0; i < stp_tp_count; i++) {
		struct stp_tracepoint *t = &stp_tps[i];
		int rc = t->tp ? tracepoint_probe_register(t->tp, t->cb, t) : -ENOENT;

		if (!rc) {
			t->registered = true;
			ok++;
			continue;
		}
		if (!t->probe->may_fail) {
			stp_ctl_send_text("WARNING: probe %s registration error (rc %d)\n",
					  t->probe->pp, rc);
			hard_failures++;
		}
	}
	if (!ok && hard_failures) {
		stp_ctl_send_text("ERROR: no tracepoint probe could be registered\n");
		return -EINVAL;
	}
	return 0;
}

static void stp_tracepoints_disarm(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < stp_tp_count; i++) {
		struct stp_tracepoint *t = &stp_tps[i];

		if (!t->registered)
			continue;
		tracepoint_probe_unregister(t->tp, t->cb, t);
		t->registered = false;
		n++;
	}
	/* no callback may still run once the module's code can go away */
	if (n)
		tracepoint_synchronize_unregister();
}

const struct stp_probe_family stp_tracepoint_family = {
	.name = "tracepoint",
	.alloc = stp_tracepoints_alloc,
	.arm = stp_tracepoints_arm,
	.disarm = stp_tracepoints_disarm,
	.free = stp_tracepoints_free,
};
