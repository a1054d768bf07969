// SPDX-License-Identifier: GPL-2.0
/*
 * kprobes.c - kernel function probes: kernel.function("f"), kprobe.function,
 * module("m").function("f") and their .return forms.
 *
 * Every STP_PROBE_KPROBE entry of stp_probes[] gets a struct kprobe (entry)
 * or struct kretprobe (return) at module init, registered by symbol name
 * ("f" or "module:f") when the session starts, so the kernel resolves the
 * address itself: no kallsyms_lookup_name (unexported since 5.7), no
 * relocation, KASLR does not matter.  Registration is one
 * register_kprobes()/register_kretprobes() call per kind; when a batch
 * fails the kernel has rolled it back, and its probes are registered one by
 * one so a single bad point (blacklisted, gone, in .noinstr) costs only a
 * warning naming it ('?' points stay silent).  The session fails only when
 * no probe of the family could be registered and a failed one was not
 * optional.  Unregistration is batched the same way and waits for running
 * handlers (the kernel synchronizes RCU); kretprobe instances the kernel
 * could not allocate (nmissed) are counted as skipped probes.
 */
#include <linux/kprobes.h>
#include <linux/slab.h>

#include "stp_internal.h"

/* Default kretprobe instances per probe (upstream's rule). */
#define STP_MAXACTIVE_DEFAULT max_t(int, 15, 6 * (int)num_possible_cpus())

struct stp_kprobe {
	const struct stp_probe *probe;
	struct kprobe kp;              /* !probe->is_return */
	struct kretprobe rp;           /* probe->is_return */
	bool registered;
};

static struct stp_kprobe *stp_kprobes;
static unsigned int stp_kprobe_count;
static struct kprobe **stp_kp_batch;          /* scratch: one batch call */
static struct kretprobe **stp_krp_batch;

static notrace int stp_kprobe_hit(struct kprobe *kp, struct pt_regs *regs)
{
	return stp_run_kprobe(container_of(kp, struct stp_kprobe, kp)->probe, regs,
			      (unsigned long)kp->addr);
}
STP_NOKPROBE(stp_kprobe_hit);

static notrace int stp_kretprobe_hit(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct stp_probe_hit hit = { .regs = regs };

	if (!rp)
		return 0;
	hit.addr = (unsigned long)rp->kp.addr;
	hit.entry_data = rp->data_size ? (u64 *)ri->data : NULL;
	stp_run_probe(container_of(rp, struct stp_kprobe, rp)->probe, &hit);
	return 0;
}
STP_NOKPROBE(stp_kretprobe_hit);

/* A kretprobe's entry: the probe's entry_handler saves what the return hit
 * reads (zeroed first, so a skipped entry run leaves zeros, not garbage). */
static notrace int stp_kretprobe_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct stp_probe_hit hit = { .regs = regs, .at_entry = true };

	if (!rp)
		return 0;
	memset(ri->data, 0, rp->data_size);
	hit.addr = (unsigned long)rp->kp.addr;
	hit.entry_data = (u64 *)ri->data;
	stp_run_probe(container_of(rp, struct stp_kprobe, rp)->probe, &hit);
	return 0;
}
STP_NOKPROBE(stp_kretprobe_entry);

static void stp_kprobe_setup(struct stp_kprobe *k, const struct stp_probe *p)
{
	k->probe = p;
	if (p->is_return) {
		k->rp.kp.symbol_name = p->symbol;
		k->rp.handler = stp_kretprobe_hit;
		k->rp.maxactive = p->maxactive > 0 ? p->maxactive : STP_MAXACTIVE_DEFAULT;
		if (p->entry_handler && (p->entry_slots || p->entry_str_slots)) {
			k->rp.entry_handler = stp_kretprobe_entry;
			k->rp.data_size = p->entry_slots * sizeof(u64) +
					  p->entry_str_slots * MAXSTRINGLEN;
		}
	} else {
		k->kp.symbol_name = p->symbol;
		/* the generated C's own pre-handler when it has one */
		k->kp.pre_handler = p->kprobe_hit ?: stp_kprobe_hit;
	}
}

/* Frees the probes (unregistered already, or never registered). */
static void stp_kprobes_free(void)
{
	kfree(stp_krp_batch);
	kfree(stp_kp_batch);
	kfree(stp_kprobes);
	stp_krp_batch = NULL;
	stp_kp_batch = NULL;
	stp_kprobes = NULL;
	stp_kprobe_count = 0;
}

/* Sets up a kprobe or kretprobe per STP_PROBE_KPROBE entry (module init). */
static int stp_kprobes_alloc(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < stp_probe_count; i++)
		n += stp_probes[i].kind == STP_PROBE_KPROBE;
	if (!n)
		return 0;
	stp_kprobes = kcalloc(n, sizeof(*stp_kprobes), GFP_KERNEL);
	stp_kp_batch = kcalloc(n, sizeof(*stp_kp_batch), GFP_KERNEL);
	stp_krp_batch = kcalloc(n, sizeof(*stp_krp_batch), GFP_KERNEL);
	if (!stp_kprobes || !stp_kp_batch || !stp_krp_batch)
		goto nomem;
	for (i = 0; i < stp_probe_count; i++)
		if (stp_probes[i].kind == STP_PROBE_KPROBE)
			stp_kprobe_setup(&stp_kprobes[stp_kprobe_count++], &stp_probes[i]);
	return 0;
nomem:
	stp_kprobes_free();
	return -ENOMEM;
}

/* Registers one probe on its own; a failure is a warning unless '?'. */
static int stp_kprobe_register_one(struct stp_kprobe *k)
{
	int rc = k->probe->is_return ? register_kretprobe(&k->rp) : register_kprobe(&k->kp);

	if (!rc) {
		k->registered = true;
		return 0;
	}
	if (!k->probe->may_fail)
		stp_ctl_send_text("WARNING: probe %s (%s) registration error (rc %d)%s\n",
				  k->probe->pp, k->probe->symbol, rc,
				  rc == -EINVAL ? ": the kernel refuses a kprobe there "
						  "(its kprobe blacklist, .noinstr or .entry text)" : "");
	return rc;
}

/* The entries (or return probes) in one batch call; one by one if it fails.
 * Returns how many are registered; *hard_failures counts failed non-'?' ones. */
static unsigned int stp_kprobes_register_kind(bool is_return, unsigned int *hard_failures)
{
	unsigned int i, n = 0, ok = 0;
	int rc;

	for (i = 0; i < stp_kprobe_count; i++) {
		struct stp_kprobe *k = &stp_kprobes[i];

		if (k->probe->is_return != is_return)
			continue;
		if (is_return)
			stp_krp_batch[n++] = &k->rp;
		else
			stp_kp_batch[n++] = &k->kp;
	}
	if (!n)
		return 0;
	rc = is_return ? register_kretprobes(stp_krp_batch, n) : register_kprobes(stp_kp_batch, n);
	if (!rc) {
		for (i = 0; i < stp_kprobe_count; i++)
			if (stp_kprobes[i].probe->is_return == is_return)
				stp_kprobes[i].registered = true;
		return n;
	}
	/* the kernel rolled the batch back; find the culprits one by one */
	for (i = 0; i < stp_kprobe_count; i++) {
		struct stp_kprobe *k = &stp_kprobes[i];

		if (k->probe->is_return != is_return)
			continue;
		/* a rolled-back probe must look unregistered to the kernel */
		if (is_return) {
			memset(&k->rp, 0, sizeof(k->rp));
		} else {
			memset(&k->kp, 0, sizeof(k->kp));
		}
		stp_kprobe_setup(k, k->probe);
		if (stp_kprobe_register_one(k) == 0)
			ok++;
		else if (!k->probe->may_fail)
			(*hard_failures)++;
		cond_resched();
	}
	return ok;
}

/* Registers every kernel function probe (session start). */
static int stp_kprobes_arm(void)
{
	unsigned int ok, hard_failures = 0;

	if (!stp_kprobe_count)
		return 0;
	ok = stp_kprobes_register_kind(false, &hard_failures);
	ok += stp_kprobes_register_kind(true, &hard_failures);
	if (!ok && hard_failures) {
		stp_ctl_send_text("ERROR: no kernel function probe could be registered\n");
		return -EINVAL;
	}
	return 0;
}

/* Unregisters every registered probe in two batch calls, which wait for
 * running handlers; missed kretprobe instances count as skipped. */
static void stp_kprobes_disarm(void)
{
	unsigned int i, nkp = 0, nrp = 0;

	for (i = 0; i < stp_kprobe_count; i++) {
		struct stp_kprobe *k = &stp_kprobes[i];

		if (!k->registered)
			continue;
		if (k->probe->is_return)
			stp_krp_batch[nrp++] = &k->rp;
		else
			stp_kp_batch[nkp++] = &k->kp;
	}
	if (nkp)
		unregister_kprobes(stp_kp_batch, nkp);
	if (nrp)
		unregister_kretprobes(stp_krp_batch, nrp);
	for (i = 0; i < stp_kprobe_count; i++) {
		struct stp_kprobe *k = &stp_kprobes[i];

		if (!k->registered)
			continue;
		k->registered = false;
		if (k->probe->is_return && k->rp.nmissed > 0)
			atomic_add(k->rp.nmissed, &stp_skipped_count);
	}
}

const struct stp_probe_family stp_kprobe_family = {
	.name = "kprobe",
	.alloc = stp_kprobes_alloc,
	.arm = stp_kprobes_arm,
	.disarm = stp_kprobes_disarm,
	.free = stp_kprobes_free,
};
