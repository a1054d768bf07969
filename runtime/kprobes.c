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
 * handlers (the kernel synchronizes RCU); hits the kernel missed (nmissed:
 * a hit while a kprobe ran on that cpu, a kretprobe instance it could not
 * allocate) are counted as skipped probes.
 *
 * A module's probes ("module:f") whose module is not loaded when the
 * session starts (the kernel answers -ENOENT) wait, silently, for it: a
 * module notifier registers them when the module comes (MODULE_STATE_COMING:
 * its __init code is there and the kernel takes probes on it until the
 * module is live) and unregisters them when it goes, so a probe on a
 * module's init function fires while the module loads, and again if it
 * is loaded again.
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
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
/* the registered flags, between the session's start and the notifier */
static DEFINE_MUTEX(stp_kprobe_module_lock);
static bool stp_kprobe_notifier_on;

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

/* The length of the module part of K's symbol ("module:f"), 0 for the
 * kernel's own functions. */
static size_t stp_kprobe_module_len(const struct stp_kprobe *k)
{
	const char *colon = strchr(k->probe->symbol, ':');

	return colon ? (size_t)(colon - k->probe->symbol) : 0;
}

/* K is on a function of module NAME ('-' and '_' the same, as the kernel's
 * module names have them). */
static bool stp_kprobe_in_module(const struct stp_kprobe *k, const char *name)
{
	size_t i, len = stp_kprobe_module_len(k);

	if (!len || strlen(name) != len)
		return false;
	for (i = 0; i < len; i++) {
		char a = k->probe->symbol[i], b = name[i];

		if ((a == '-' ? '_' : a) != (b == '-' ? '_' : b))
			return false;
	}
	return true;
}

/* A module probe whose module is not loaded: it waits for the module. */
static bool stp_kprobe_waits(const struct stp_kprobe *k, int rc)
{
	return rc == -ENOENT && stp_kprobe_module_len(k);
}

/* Registers one probe on its own; a failure is a warning unless '?' or the
 * probe waits for its module. */
static int stp_kprobe_register_one(struct stp_kprobe *k)
{
	int rc = k->probe->is_return ? register_kretprobe(&k->rp) : register_kprobe(&k->kp);

	if (!rc) {
		k->registered = true;
		return 0;
	}
	if (!k->probe->may_fail && !stp_kprobe_waits(k, rc))
		stp_ctl_send_text("WARNING: probe %s (%s) registration error (rc %d)%s\n",
				  k->probe->pp, k->probe->symbol, rc,
				  rc == -EINVAL ? ": the kernel refuses a kprobe there "
						  "(its kprobe blacklist, .noinstr or .entry text)" : "");
	return rc;
}

/* Clears K as the kernel needs a probe it registers anew (after a
 * rolled-back batch or an unregistration). */
static void stp_kprobe_reset(struct stp_kprobe *k)
{
	if (k->probe->is_return)
		memset(&k->rp, 0, sizeof(k->rp));
	else
		memset(&k->kp, 0, sizeof(k->kp));
	stp_kprobe_setup(k, k->probe);
}

/* Hits the kernel did not hand to K, counted as skipped probes: a hit
 * while this cpu was in a kprobe already (an interrupt in the moment before
 * a handler turns them off; entry probes at function entry run from ftrace
 * with interrupts on), and kretprobe instances it could not allocate. */
static void stp_kprobe_count_missed(const struct stp_kprobe *k)
{
	unsigned long missed = k->probe->is_return ? k->rp.kp.nmissed + k->rp.nmissed
						   : k->kp.nmissed;

	if (missed)
		atomic_add((int)min_t(unsigned long, missed, INT_MAX), &stp_skipped_count);
}

/* Unregisters K alone (waits for its running handlers). */
static void stp_kprobe_unregister_one(struct stp_kprobe *k)
{
	if (k->probe->is_return)
		unregister_kretprobe(&k->rp);
	else
		unregister_kprobe(&k->kp);
	stp_kprobe_count_missed(k);
	k->registered = false;
}

/* A module comes or goes: its probes are registered or unregistered.
 * Process context (the loader's or the unloader's). */
static int stp_kprobe_module_event(struct notifier_block *nb, unsigned long state, void *data)
{
	struct module *mod = data;
	unsigned int i;

	if (state != MODULE_STATE_COMING && state != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	mutex_lock(&stp_kprobe_module_lock);
	for (i = 0; i < stp_kprobe_count; i++) {
		struct stp_kprobe *k = &stp_kprobes[i];

		if (!stp_kprobe_in_module(k, mod->name))
			continue;
		if (state == MODULE_STATE_COMING && !k->registered) {
			stp_kprobe_reset(k);
			stp_kprobe_register_one(k);
		} else if (state == MODULE_STATE_GOING && k->registered) {
			stp_kprobe_unregister_one(k);
		}
	}
	mutex_unlock(&stp_kprobe_module_lock);
	return NOTIFY_DONE;
}

static struct notifier_block stp_kprobe_module_nb = {
	.notifier_call = stp_kprobe_module_event,
};

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
		stp_kprobe_reset(k);
		rc = stp_kprobe_register_one(k);
		if (rc == 0)
			ok++;
		else if (!k->probe->may_fail && !stp_kprobe_waits(k, rc))
			(*hard_failures)++;
		cond_resched();
	}
	return ok;
}

/* Whether any probe is on a module's function. */
static bool stp_kprobes_on_modules(void)
{
	unsigned int i;

	for (i = 0; i < stp_kprobe_count; i++)
		if (stp_kprobe_module_len(&stp_kprobes[i]))
			return true;
	return false;
}

/* Registers every kernel function probe (session start); the module
 * notifier first, so a module loading meanwhile waits for the lock and
 * then finds its probes registered or registers them. */
static int stp_kprobes_arm(void)
{
	unsigned int ok, hard_failures = 0;
	int rc;

	if (!stp_kprobe_count)
		return 0;
	if (stp_kprobes_on_modules()) {
		rc = register_module_notifier(&stp_kprobe_module_nb);
		if (rc)
			return rc;
		stp_kprobe_notifier_on = true;
	}
	mutex_lock(&stp_kprobe_module_lock);
	ok = stp_kprobes_register_kind(false, &hard_failures);
	ok += stp_kprobes_register_kind(true, &hard_failures);
	mutex_unlock(&stp_kprobe_module_lock);
	if (!ok && hard_failures) {
		stp_ctl_send_text("ERROR: no kernel function probe could be registered\n");
		if (stp_kprobe_notifier_on)
			unregister_module_notifier(&stp_kprobe_module_nb);
		stp_kprobe_notifier_on = false;
		return -EINVAL;
	}
	return 0;
}

/* Unregisters every registered probe in two batch calls, which wait for
 * running handlers; the hits the kernel missed count as skipped.  The
 * notifier goes first (its removal waits for a running call), so nothing
 * registers behind this. */
static void stp_kprobes_disarm(void)
{
	unsigned int i, nkp = 0, nrp = 0;

	if (stp_kprobe_notifier_on)
		unregister_module_notifier(&stp_kprobe_module_nb);
	stp_kprobe_notifier_on = false;
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
		stp_kprobe_count_missed(k);
	}
}

const struct stp_probe_family stp_kprobe_family = {
	.name = "kprobe",
	.alloc = stp_kprobes_alloc,
	.arm = stp_kprobes_arm,
	.disarm = stp_kprobes_disarm,
	.free = stp_kprobes_free,
};
