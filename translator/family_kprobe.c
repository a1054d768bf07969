/*
 * family_kprobe.c - kernel function probes by symbol, without DWARF:
 * kernel.function("glob")[.call|.return], kprobe.function("glob")
 * [.call|.return[.maxactive(N)]], module("m").function("f")[.call|.return]
 * and kprobe.module("m").function("f")[.return[.maxactive(N)]].
 *
 * Names and globs are matched against the target kernel's function list
 * (kernel_symbols.h: BTF in the kernel image, System.map or kallsyms), so a
 * typo gets close matches at translate time.  Each matched name becomes its
 * own concrete point, registered by the runtime (runtime/kprobes.c) by
 * symbol name, so no address needs relocating and KASLR does not matter.
 *
 * Some functions cannot or must not be probed: padding symbols, compiler
 * clones (their names are not the source's), and functions our own probe
 * handler path runs through, which would recurse.  Named, they are an
 * error saying why; in a glob they are left out (a -v note counts them).
 * The kernel's own blacklist (NOKPROBE, .noinstr, .entry.text) is read
 * from debugfs when the target is the running kernel (kprobe_blacklist.h);
 * for another kernel it is not in the image's BTF: the entry and exception
 * code is refused by name, the rest fails at registration time with a
 * warning naming the point and the kernel's reason.
 *
 * Module functions are registered as "module:function"; names and globs
 * are matched against the functions in the module's BTF (split on the
 * kernel's, from its .ko: tv_btf.c).  A module whose BTF cannot be read
 * (not installed for this release) still takes exact names, unchecked,
 * as upstream's dwarfless probes do; globs need the list.
 *
 * A glob in the module name (module("*"), module("nf_*")) matches the
 * modules modules.dep lists (module_names.h), loaded or not: each matched
 * module's list is read (and its BTF cached) and the function part matched
 * in it.  Those points are optional: a module not loaded when the session
 * starts is skipped without a warning, as a '?' point would be.  How many
 * points a glob makes is bounded as every expansion is (resolve.c).
 */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "kernel_symbols.h"
#include "kprobe_blacklist.h"
#include "module_names.h"
#include "probe_families.h"
#include "target_vars.h"

#define MAX_SUGGESTIONS 5
#define MAX_NAMES_SHOWN 3
/* Most points one module glob makes, as many as a script's expansion may
 * hold (resolve.c): past it the glob is refused before reading further
 * modules. */
#define MAX_MODULE_GLOB_POINTS 100000
/* Largest .maxactive(N): kretprobe instances preallocated per probe. */
#define MAX_MAXACTIVE 4096

static const char *const kprobe_shapes[] = {
	"kernel.function(s)",
	"kernel.function(s).call",
	"kernel.function(s).return",
	"kprobe.function(s)",
	"kprobe.function(s).call",
	"kprobe.function(s).return",
	"kprobe.function(s).return.maxactive(n)",
	"kprobe.module(s).function(s)",
	"kprobe.module(s).function(s).call",
	"kprobe.module(s).function(s).return",
	"kprobe.module(s).function(s).return.maxactive(n)",
	"module(s).function(s)",
	"module(s).function(s).call",
	"module(s).function(s).return",
	NULL,
};

/* Functions a probe must not sit on, as globs, and why. */
static const struct {
	const char *glob;
	const char *why;
} refused[] = {
	{ "__pfx_*", "it is the padding before a function, not code" },
	{ "*.*", "it is a compiler-made clone; probe the function it was made from" },
	{ "*kprobe*", "it is part of the kprobes machinery" },
	{ "*rethook*", "it is part of the kretprobe machinery" },
	{ "*int3*", "it handles the breakpoint a kprobe is" },
	{ "notify_die", "it runs on every breakpoint" },
	{ "*notifier_call_chain", "it runs on every breakpoint" },
	{ "preempt_count_*", "the probe handler calls it (it would recurse)" },
	{ "_raw_spin_*", "the probe handler calls it (it would recurse)" },
	{ "_raw_read_*", "the probe handler calls it (it would recurse)" },
	{ "_raw_write_*", "the probe handler calls it (it would recurse)" },
	{ "__rcu_read_*", "the probe handler calls it (it would recurse)" },
	{ "*relay*", "the probe handler's output goes through it (it would recurse)" },
	{ "copy_from_kernel_nofault*", "the probe handler calls it (it would recurse)" },
	{ "native_*", "paravirt primitives run inside the breakpoint handling" },
	{ "ftrace_*", "it runs inside the ftrace-based kprobe path" },
	/* .noinstr.text and .entry.text: the kernel refuses kprobes there;
	 * the image's BTF has no sections, so these are known by name */
	{ "exc_*", "it is an exception entry point (.noinstr.text, on the kernel's kprobe "
		   "blacklist)" },
	{ "sysvec_*", "it is an interrupt entry point (.noinstr.text, on the kernel's kprobe "
		      "blacklist)" },
	{ "irqentry_*", "it is interrupt entry code (.noinstr.text, on the kernel's kprobe "
			"blacklist)" },
	{ "asm_*", "it is entry code (.entry.text, on the kernel's kprobe blacklist)" },
	{ "entry_SYSCALL*", "it is entry code (.entry.text, on the kernel's kprobe blacklist)" },
	{ "do_int3*", "it handles the breakpoint a kprobe is (NOKPROBE)" },
};

/* Why NAME (a function of MODULE, or of the kernel when NULL) cannot be
 * probed, or NULL. */
static const char *unprobeable(struct families *fx, const char *module, const char *name)
{
	const struct kblacklist *bl;

	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (fnmatch(refused[i].glob, name, 0) == 0)
			return refused[i].why;
	bl = families_kprobe_blacklist(fx);
	if (kblacklist_has(bl, module, name))
		return arena_printf("it is on the kernel's kprobe blacklist (%s)",
				    kblacklist_path(bl));
	return NULL;
}

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* A name that can go into the C string of the probe table as it is. */
static bool plain_name(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "0123456789_-.") == strlen(s);
}

/* A module glob: a name's characters and the glob's own. */
static bool glob_name(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "0123456789_-*?[]!") == strlen(s);
}

/* PP for function NAME: symbol, return and maxactive filled in.  MK >= 0:
 * PP's module part was a glob, now MODULE, and the point is optional. */
static struct probe_point *kprobe_point(const struct probe_point *pp, int fk, int mk,
					const char *module, const char *name)
{
	struct probe_point *c = pp_with_string(pp, fk, name);

	if (mk >= 0) {
		c = pp_with_string(c, mk, module);
		c->may_fail = true;
	}

	c->symbol = module ? arena_printf("%s:%s", module, name) : name;
	c->is_return = pp_find(pp, "return") >= 0;
	return c;
}

struct glob_acc {
	struct families *fx;
	const char *module;
	const struct probe_point *pp;
	int fk;
	int mk;                      /* >= 0: matching the modules of a module glob */
	struct family_result *r;
	size_t refused;
	const char *refused_names[MAX_NAMES_SHOWN];
};

static void add_matched(const char *name, void *arg)
{
	struct glob_acc *acc = arg;

	if (unprobeable(acc->fx, acc->module, name)) {
		if (acc->refused < MAX_NAMES_SHOWN)
			acc->refused_names[acc->refused] = name;
		acc->refused++;
		return;
	}
	/* the name lives in the symbol list, freed after pass 2 */
	family_result_add(acc->r, kprobe_point(acc->pp, acc->fk, acc->mk, acc->module,
						 arena_strdup(name)));
}

/* "kernel function" or "function of module M", for messages. */
static const char *whose(const char *module)
{
	return module ? arena_printf("function of module %s", module) : "kernel function";
}

static void match_glob(struct families *fx, const struct ksyms *ks, const char *module,
		       struct probe_point *pp, int fk, const char *glob, struct family_result *r)
{
	struct glob_acc acc = { .fx = fx, .module = module, .pp = pp, .fk = fk, .mk = -1, .r = r };

	ksyms_glob(ks, glob, add_matched, &acc);
	if (acc.refused && families_session(fx)->verbose) {
		fprintf(stderr, "Note: %zu function%s matching '%s' left out as unprobeable:",
			acc.refused, acc.refused == 1 ? "" : "s", glob);
		for (size_t k = 0; k < acc.refused && k < MAX_NAMES_SHOWN; k++)
			fprintf(stderr, " %s", acc.refused_names[k]);
		fprintf(stderr, "%s\n", acc.refused > MAX_NAMES_SHOWN ? " ..." : "");
	}
	if (!r->n)
		family_result_fail(r, FAMILY_NO_MATCH,
				   acc.refused ? arena_printf("only unprobeable %ss match '%s'",
							      whose(module), glob)
					       : arena_printf("no %s matches '%s'", whose(module), glob));
}

/* KS NULL: the module's list is unknown, the name is taken unchecked. */
static void match_name(struct families *fx, const struct ksyms *ks, const char *module,
		       struct probe_point *pp, int fk, const char *name, struct family_result *r)
{
	const char *why;

	if (ks && !ksyms_has(ks, name)) {
		/* suggestions cost a pass over every symbol: made only when the
		 * error is reported (families_explain), not for optional points */
		family_result_fail(r, FAMILY_NO_MATCH,
				   module ? arena_printf("module %s has no function '%s'", module, name)
					  : arena_printf("no kernel function '%s'", name));
		r->missing_function = name;
		r->missing_module = module;
		return;
	}
	why = unprobeable(fx, module, name);
	if (why) {
		family_result_fail(r, FAMILY_INVALID,
				   arena_printf("%s '%s' cannot be probed: %s",
						module ? "function" : "kernel function", name, why));
		return;
	}
	family_result_add(r, kprobe_point(pp, fk, -1, module, name));
}

/* Every function matching NAME (a glob or a name) in every module matching
 * the glob MODULE_GLOB. */
static void module_glob_match(struct families *fx, struct probe_point *pp, int fk, int mk,
			      const char *module_glob, const char *name, struct family_result *r)
{
	struct glob_acc acc = { .fx = fx, .pp = pp, .fk = fk, .mk = mk, .r = r };
	long unread = 0, n;
	char **mods;
	const char *why;

	n = families_module_names(fx, module_glob, &mods, &why);
	if (n < 0) {
		family_result_fail(r, FAMILY_NO_MATCH,
				   arena_printf("the modules matching '%s' could not be listed: %s",
						module_glob, why));
		return;
	}
	for (long i = 0; i < n; i++) {
		struct ksyms *ks = families_module_symbols_once(fx, mods[i], &why);

		if (!ks) {
			unread++;
			continue;
		}
		acc.module = arena_strdup(mods[i]);
		if (is_glob(name))
			ksyms_glob(ks, name, add_matched, &acc);
		else if (ksyms_has(ks, name))
			add_matched(name, &acc);
		families_module_symbols_done(fx, ks);
		if (r->n > MAX_MODULE_GLOB_POINTS) {
			module_names_free(mods, n);
			family_result_fail(r, FAMILY_INVALID,
					   arena_printf("more than %d functions match (limit is %d)",
							MAX_MODULE_GLOB_POINTS,
							MAX_MODULE_GLOB_POINTS));
			return;
		}
	}
	module_names_free(mods, n);
	if (families_session(fx)->verbose && (acc.refused || unread))
		fprintf(stderr, "Note: module glob '%s': %ld module%s, %ld without a readable "
			"function list, %zu unprobeable function%s left out\n", module_glob, n,
			n == 1 ? "" : "s", unread, acc.refused, acc.refused == 1 ? "" : "s");
	if (!r->n)
		family_result_fail(r, FAMILY_NO_MATCH,
				   !n ? arena_printf("no module matches '%s'", module_glob)
				   : acc.refused ? arena_printf("only unprobeable functions of modules "
								"matching '%s' match '%s'",
								module_glob, name)
				   : arena_printf("no function of a module matching '%s' matches "
						  "'%s'", module_glob, name));
}

static void module_match(struct families *fx, struct probe_point *pp, int fk, int mk,
			 const char *name, struct family_result *r)
{
	const char *module = pp->comps[mk].str;
	const struct ksyms *ks;
	const char *why;

	if (!(is_glob(module) ? glob_name(module) : plain_name(module)) ||
	    (!is_glob(name) && !plain_name(name))) {
		family_result_fail(r, FAMILY_INVALID, "invalid module or function name");
		return;
	}
	if (is_glob(module)) {
		module_glob_match(fx, pp, fk, mk, module, name, r);
		return;
	}
	ks = families_module_symbols(fx, module, &why);
	if (!ks && is_glob(name)) {
		family_result_fail(r, FAMILY_NO_MATCH,
				   arena_printf("the functions of module '%s' could not be read: "
						"%s", module, why));
		return;
	}
	if (is_glob(name))
		match_glob(fx, ks, module, pp, fk, name, r);
	else
		match_name(fx, ks, module, pp, fk, name, r);
}

static void kprobe_match(struct families *fx, struct probe_point *pp, struct family_result *r)
{
	int fk = pp_find(pp, "function"), mk = pp_find(pp, "module");
	char *name = arena_strdup(pp->comps[fk].str);
	const struct ksyms *ks;
	const char *why;

	/* "f@file.c:12": the file needs DWARF; the name alone is probed */
	name[strcspn(name, "@:")] = '\0';
	if (!*name) {
		family_result_fail(r, FAMILY_INVALID, "empty function name");
		return;
	}
	if (mk >= 0) {
		module_match(fx, pp, fk, mk, name, r);
		return;
	}
	ks = families_kernel_symbols(fx, &why);
	if (!ks) {
		family_result_fail(r, FAMILY_UNSUPPORTED,
				   arena_printf("the function names of kernel %s could not be "
						"read: %s",
						families_session(fx)->kernel_release
							? families_session(fx)->kernel_release
							: "(running)", why));
		return;
	}
	if (is_glob(name))
		match_glob(fx, ks, NULL, pp, fk, name, r);
	else
		match_name(fx, ks, NULL, pp, fk, name, r);
}

static void kprobe_check(struct probe_point *pp)
{
	int k = pp_find(pp, "maxactive");

	if (k < 0)
		return;
	if (pp->comps[k].num < 1 || pp->comps[k].num > MAX_MAXACTIVE) {
		diag_semantic_error(pp->comps[k].loc, pp->comps[k].what,
				    "while resolving probe point %s: maxactive out of range "
				    "(limits are 1 to %d)", pp->text, MAX_MAXACTIVE);
		return;
	}
	pp->maxactive = pp->comps[k].num;
}

static const char *kprobe_row(const struct probe_point *pp)
{
	const char *row = arena_printf(".kind = STP_PROBE_KPROBE, .symbol = \"%s\", "
				       ".is_return = %s, .maxactive = %lld, .may_fail = %s",
				       pp->symbol, pp->is_return ? "true" : "false",
				       (long long)pp->maxactive, pp->may_fail ? "true" : "false");

	if (!pp->entry_probe)
		return row;
	return arena_printf("%s, .entry_handler = probe_%d, .entry_slots = %d, "
			    ".entry_str_slots = %d", row, pp->entry_probe->index, pp->entry_slots,
			    pp->entry_str_slots);
}

static bool kprobe_own_pre_handler(const struct probe_point *pp)
{
	return !pp->is_return;
}

const struct probe_family family_kprobe = {
	.name = "kernel.function",
	.shapes = kprobe_shapes,
	.synopsis = "kernel.function(\"f\")[.return], kprobe.function(\"f\")[.return], "
		    "module(\"m\").function(\"f\")[.return]",
	.match = kprobe_match,
	.check = kprobe_check,
	.row = kprobe_row,
	.own_pre_handler = kprobe_own_pre_handler,
	.list_vars = target_vars_list,   /* stap -L: $params from BTF */
};

/* The similar names are looked up here, for a message that is shown. */
const char *families_explain(struct families *fx, const struct family_result *r)
{
	const struct ksyms *ks;
	const char *sugg[MAX_SUGGESTIONS];
	struct buf b = { 0 };
	const char *why, *kwhy;
	size_t ns;

	if (!r->missing_function)
		return r->why;
	ks = r->missing_module ? families_module_symbols(fx, r->missing_module, &kwhy)
			       : families_kernel_symbols(fx, &kwhy);
	if (!ks)
		return r->why;
	ns = ksyms_suggest(ks, r->missing_function, sugg, MAX_SUGGESTIONS);
	if (!ns)
		return r->why;
	for (size_t k = 0; k < ns; k++)
		buf_printf(&b, "%s%s", k ? " " : "", sugg[k]);
	why = arena_printf("%s; similar: %s", r->why, b.data);
	buf_free(&b);
	return why;
}
