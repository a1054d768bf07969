/*
 * probe_families.c - the core of probe point resolution: a probe point is
 * matched component by component against the shapes of every family in
 * the table below (names as shell patterns, so "timer.*" or
 * "kernel.function(\"f\").{call,return}" expand over the family tree;
 * arguments by kind), and each shape matched gives one concrete point that
 * its family then matches against the target (family_*.c).  Nothing here
 * names a family: adding one is adding its file and a line to the table.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "arena.h"
#include "kernel_symbols.h"
#include "kprobe_blacklist.h"
#include "module_names.h"
#include "build_cache.h"
#include "probe_families.h"
#include "tv_backend.h"

#define MAX_SHAPE_COMPS 8
#define MAX_SHAPES 256

/* Every family, in the order their shapes are tried. */
static const struct probe_family *const family_table[] = {
	&family_begin_end,
	&family_never,
	&family_timer,
	&family_kprobe,
	&family_syscall_tp,
	&family_kprobe_dwarf,
	&family_trace,
	&family_unsupported,
};

#define NFAMILIES (sizeof family_table / sizeof family_table[0])



struct shape_comp {
	const char *name;
	char arg;                  /* '-', 'n', 's', '?' */
};

struct shape {
	const struct probe_family *family;
	const char *spec;
	struct shape_comp comps[MAX_SHAPE_COMPS];
	int ncomps;
};

/* Modules whose function lists one translation reads. */
#define MAX_MODULE_LISTS 32

struct families {
	const struct session *s;
	struct shape shapes[MAX_SHAPES];
	size_t nshapes;
	struct ksyms *ks;
	bool ks_tried;
	char ks_why[512];
	struct kblacklist *blacklist;
	bool blacklist_tried;
	/* modules' function lists, from their BTF (tv_backend.h) */
	struct tv_backend *tvb;
	bool tvb_tried;
	char tvb_why[512];
	struct module_syms {
		const char *name;
		struct ksyms *ks;
		const char *why;
	} mods[MAX_MODULE_LISTS];
	int nmods;
};

/* ---- names ---- */

/* Matches PATTERN[0..plen) + REST against NAME, expanding the first brace
 * list of the pattern. */
static bool brace_match(const char *pattern, const char *name)
{
	const char *open = strchr(pattern, '{');
	const char *close, *alt;
	int depth = 0;

	if (!open)
		return fnmatch(pattern, name, 0) == 0;
	for (close = open; *close; close++) {
		if (*close == '{')
			depth++;
		else if (*close == '}' && --depth == 0)
			break;
	}
	if (!*close)
		return fnmatch(pattern, name, 0) == 0;
	alt = open + 1;
	for (const char *p = alt; p <= close; p++) {
		if (p < close && *p == '{') {
			int d = 0;

			for (; p < close; p++) {
				if (*p == '{')
					d++;
				else if (*p == '}' && --d == 0)
					break;
			}
			continue;
		}
		if (p == close || *p == ',') {
			char *cand = arena_printf("%.*s%.*s%s", (int)(open - pattern), pattern,
						  (int)(p - alt), alt, close + 1);

			if (brace_match(cand, name))
				return true;
			alt = p + 1;
		}
	}
	return false;
}

bool pp_name_match(const char *pattern, const char *name)
{
	if (!strpbrk(pattern, "*?[{"))
		return strcmp(pattern, name) == 0;
	return brace_match(pattern, name);
}

const char *pp_text(const struct probe_point *pp)
{
	struct buf text = { 0 };
	const char *r;

	for (int i = 0; i < pp->n; i++) {
		const struct pp_component *c = &pp->comps[i];

		buf_printf(&text, "%s%s", i ? "." : "", c->name);
		if (c->has_arg && c->arg_is_string) {
			buf_puts(&text, "(");
			buf_quote(&text, c->str, strlen(c->str), C_ESCAPE_SCRIPT);
			buf_puts(&text, ")");
		} else if (c->has_arg) {
			buf_printf(&text, "(%lld)", (long long)c->num);
		}
	}
	r = arena_strdup(text.data ? text.data : "");
	buf_free(&text);
	return r;
}


/* ---- the table ---- */

static int split_spec(const char *spec, struct shape_comp *out)
{
	int n = 0;

	while (*spec && n < MAX_SHAPE_COMPS) {
		size_t len = strcspn(spec, ".(");

		out[n].name = intern(spec, len);
		out[n].arg = '-';
		spec += len;
		if (*spec == '(') {
			out[n].arg = spec[1];
			spec += 3;
		}
		n++;
		if (*spec == '.')
			spec++;
	}
	return n;
}

struct families *families_new(const struct session *s)
{
	struct families *fx = calloc(1, sizeof *fx);

	if (!fx)
		internal_error("out of memory");
	fx->s = s;
	for (size_t f = 0; f < NFAMILIES; f++) {
		for (const char *const *sp = family_table[f]->shapes; *sp; sp++) {
			struct shape *sh = &fx->shapes[fx->nshapes];

			if (fx->nshapes == MAX_SHAPES)
				internal_error("too many probe point shapes (limit is %d)", MAX_SHAPES);
			sh->family = family_table[f];
			sh->spec = *sp;
			sh->ncomps = split_spec(*sp, sh->comps);
			fx->nshapes++;
		}
	}
	return fx;
}

void families_free(struct families *fx)
{
	if (!fx)
		return;
	if (fx->ks)
		ksyms_free(fx->ks);
	for (int i = 0; i < fx->nmods; i++)
		ksyms_free(fx->mods[i].ks);
	if (fx->tvb)
		tv_backend_btf.close(fx->tvb);
	free(fx);
}

const struct session *families_session(const struct families *fx)
{
	return fx->s;
}

bool families_is_family_name(const char *name)
{
	for (size_t f = 0; f < NFAMILIES; f++) {
		for (const char *const *sp = family_table[f]->shapes; *sp; sp++) {
			size_t len = strcspn(*sp, ".(");

			if (strlen(name) == len && strncmp(*sp, name, len) == 0)
				return true;
		}
	}
	return false;
}

/* "this stap supports begin, end, ..., timer.profile, ...", from the table. */
static const char *supported_list(void)
{
	struct buf b = { 0 };
	const char *r;
	bool first = true;

	buf_puts(&b, "this stap supports ");
	for (size_t f = 0; f < NFAMILIES; f++) {
		if (!family_table[f]->synopsis)
			continue;
		buf_printf(&b, "%s%s", first ? "" : ", ", family_table[f]->synopsis);
		first = false;
	}
	r = arena_strdup(b.data);
	buf_free(&b);
	return r;
}

static bool arg_fits(char kind, const struct pp_component *c)
{
	switch (kind) {
	case '-':
		return !c->has_arg;
	case 'n':
		return c->has_arg && !c->arg_is_string;
	case 's':
		return c->has_arg && c->arg_is_string;
	default:
		return true;
	}
}

/* Whether PP has shape SH by names only, and by arguments too. */
static bool shape_names_match(const struct shape *sh, const struct probe_point *pp)
{
	if (sh->ncomps != pp->n)
		return false;
	for (int k = 0; k < pp->n; k++)
		if (!pp_name_match(pp->comps[k].name, sh->comps[k].name))
			return false;
	return true;
}

static bool shape_args_match(const struct shape *sh, const struct probe_point *pp)
{
	for (int k = 0; k < pp->n; k++)
		if (!arg_fits(sh->comps[k].arg, &pp->comps[k]))
			return false;
	return true;
}

/* PP with the component names of shape SH. */
static struct probe_point *concrete(const struct shape *sh, const struct probe_point *pp)
{
	struct probe_point *c = arena_alloc(sizeof *c);

	*c = *pp;
	c->next = NULL;
	c->comps = arena_alloc(sizeof *c->comps * (size_t)pp->n);
	memcpy(c->comps, pp->comps, sizeof *c->comps * (size_t)pp->n);
	for (int k = 0; k < pp->n; k++)
		c->comps[k].name = sh->comps[k].name;
	c->wildcard = false;
	c->optional = c->sufficient = false;
	c->cond = NULL;
	c->family = sh->family;
	c->text = pp_text(c);
	return c;
}

struct probe_point *pp_with_string(const struct probe_point *pp, int k, const char *str)
{
	struct probe_point *c = arena_alloc(sizeof *c);

	*c = *pp;
	c->comps = arena_alloc(sizeof *c->comps * (size_t)pp->n);
	memcpy(c->comps, pp->comps, sizeof *c->comps * (size_t)pp->n);
	c->comps[k].str = str;
	c->text = pp_text(c);
	return c;
}

int pp_find(const struct probe_point *pp, const char *name)
{
	for (int k = 0; k < pp->n; k++)
		if (strcmp(pp->comps[k].name, name) == 0)
			return k;
	return -1;
}

void family_result_add(struct family_result *r, struct probe_point *pp)
{
	if ((r->n & (r->n - 1)) == 0) {
		struct probe_point **nv = arena_alloc(sizeof *nv * (size_t)(r->n ? r->n * 2 : 1));

		if (r->n)
			memcpy(nv, r->points, sizeof *nv * (size_t)r->n);
		r->points = nv;
	}
	r->points[r->n++] = pp;
	r->status = FAMILY_OK;
}

void family_result_fail(struct family_result *r, enum family_status status, const char *why)
{
	r->status = status;
	r->why = why;
}

/* ---- kernel functions ---- */

const struct ksyms *families_kernel_symbols(struct families *fx, const char **why)
{
	char dir[4096];

	*why = fx->ks_why;
	if (fx->ks_tried)
		return fx->ks;
	fx->ks_tried = true;
	build_cache_dir(fx->s, dir, sizeof dir);
	fx->ks = ksyms_load(fx->s->kernel_release, dir[0] ? dir : NULL, fx->ks_why,
			    sizeof fx->ks_why);
	return fx->ks;
}

/* The backend module lists come from, opened once; NULL with *WHY. */
static struct tv_backend *module_backend(struct families *fx, const char **why)
{
	if (!fx->tvb_tried) {
		fx->tvb_tried = true;
		fx->tvb = tv_backend_btf.open(fx->s, fx->tvb_why, sizeof fx->tvb_why);
	}
	*why = fx->tvb_why;
	return fx->tvb;
}

const struct ksyms *families_module_symbols(struct families *fx, const char *module,
					   const char **why)
{
	struct module_syms *m;
	char reason[512];

	for (int i = 0; i < fx->nmods; i++)
		if (strcmp(fx->mods[i].name, module) == 0) {
			*why = fx->mods[i].why;
			return fx->mods[i].ks;
		}
	if (!module_backend(fx, why))
		return NULL;
	if (fx->nmods == MAX_MODULE_LISTS) {
		*why = arena_printf("functions of too many modules (limit is %d)",
				    MAX_MODULE_LISTS);
		return NULL;
	}
	m = &fx->mods[fx->nmods++];
	m->name = arena_strdup(module);
	m->ks = tv_backend_btf.functions(fx->tvb, module, reason, sizeof reason);
	m->why = arena_strdup(reason);
	*why = m->why;
	if (m->ks && fx->s->verbose > 1)
		fprintf(stderr, "Functions of module %s from %s\n", module, ksyms_source(m->ks));
	return m->ks;
}

long families_module_names(struct families *fx, const char *glob, char ***names,
			   const char **why)
{
	char reason[512];
	struct utsname u;
	const char *release = fx->s->kernel_release;
	long n;

	if (!release)
		release = uname(&u) == 0 ? u.release : "?";
	n = module_names_matching(release, glob, names, reason, sizeof reason);
	*why = n < 0 ? arena_strdup(reason) : NULL;
	return n;
}

struct ksyms *families_module_symbols_once(struct families *fx, const char *module,
					   const char **why)
{
	char reason[512];
	struct ksyms *ks;

	for (int i = 0; i < fx->nmods; i++)
		if (strcmp(fx->mods[i].name, module) == 0) {
			*why = fx->mods[i].why;
			return fx->mods[i].ks;
		}
	if (!module_backend(fx, why))
		return NULL;
	ks = tv_backend_btf.functions(fx->tvb, module, reason, sizeof reason);
	if (!ks)
		*why = arena_strdup(reason);
	return ks;
}

void families_module_symbols_done(struct families *fx, struct ksyms *ks)
{
	for (int i = 0; i < fx->nmods; i++)
		if (fx->mods[i].ks == ks)
			return;   /* kept by families_module_symbols */
	ksyms_free(ks);
}

const struct kblacklist *families_kprobe_blacklist(struct families *fx)
{
	if (!fx->blacklist_tried) {
		fx->blacklist_tried = true;
		fx->blacklist = kblacklist_load(fx->s->kernel_release, fx->s->kprobe_blacklist);
	}
	return fx->blacklist;
}

/* ---- resolving ---- */

struct family_result families_resolve(struct families *fx, const struct probe_point *pp)
{
	struct family_result r = { .status = FAMILY_NO_MATCH };
	struct family_result first_bad = { .status = FAMILY_OK };
	bool named = false;
	const struct shape *passthrough = NULL;

	for (size_t i = 0; i < fx->nshapes; i++) {
		const struct shape *sh = &fx->shapes[i];
		const struct probe_family *f = sh->family;
		struct family_result one = { .status = FAMILY_NO_MATCH, .family = f->name };

		if (!shape_names_match(sh, pp))
			continue;
		named = true;
		if (!shape_args_match(sh, pp)) {
			/* such a family's check() says what is wrong with them */
			if (f->lenient_args)
				passthrough = sh;
			continue;
		}
		if (f->match)
			f->match(fx, concrete(sh, pp), &one);
		else
			family_result_add(&one, concrete(sh, pp));
		if (one.n) {
			for (int k = 0; k < one.n; k++)
				family_result_add(&r, one.points[k]);
			r.family = f->name;
			continue;
		}
		if (one.status == FAMILY_OK)
			family_result_fail(&one, FAMILY_NO_MATCH, "no match for probe point");
		/* the most telling failure wins: unsupported > invalid > no match */
		if (first_bad.status == FAMILY_OK || one.status == FAMILY_UNSUPPORTED)
			first_bad = one;
	}
	if (r.n) {
		/* a wildcard over families keeps what can run */
		return r;
	}
	if (first_bad.status != FAMILY_OK)
		return first_bad;
	if (passthrough && !pp->wildcard) {
		family_result_add(&r, concrete(passthrough, pp));
		r.family = passthrough->family->name;
		return r;
	}
	if (named || families_is_family_name(pp->comps[0].name)) {
		r.status = FAMILY_INVALID;
		r.why = arena_printf("probe point mismatch (%s)", supported_list());
		return r;
	}
	r.why = "no match for probe point";
	return r;
}

/* "timer.ms(n)" as upstream lists it: "timer.ms(number)". */
static const char *shape_listed(const char *shape)
{
	struct buf b = { 0 };
	const char *text;

	for (const char *p = shape; *p; p++) {
		if (*p == '(' && p[1] && p[2] == ')') {
			buf_puts(&b, p[1] == 'n' ? "(number)" : p[1] == 's' ? "(string)" : "(any)");
			p += 2;
		} else {
			buf_add(&b, p, 1);
		}
	}
	text = arena_strndup(b.data ? b.data : "", b.len);
	buf_free(&b);
	return text;
}

void families_list_shapes(void (*add)(void *ctx, const char *shape), void *ctx)
{
	for (size_t i = 0; i < NFAMILIES; i++) {
		if (!family_table[i]->synopsis)
			continue;   /* the runtime cannot run it */
		for (const char *const *sh = family_table[i]->shapes; *sh; sh++)
			add(ctx, shape_listed(*sh));
	}
}
