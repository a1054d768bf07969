/*
 * probe_families.c - every probe point family stap knows, as a table of
 * shapes ("timer.ms(n)", "kernel.function(s).return", ...), each with the
 * handler that validates and expands a probe point of that shape.
 *
 * A probe point is matched component by component against every shape:
 * names as shell patterns (so "timer.*" or "kernel.function(\"f\").{call,return}"
 * expand over the family tree), arguments by kind (n: number, s: string,
 * ?: optional anything, -: none).  Each shape matched gives one concrete
 * point, which its handler then checks:
 *  - begin, end, error, never, timer.{s,ms,us,ns,jiffies,hz}, timer.profile
 *    (every cpu, every tick): supported;
 *    elaborate.c checks the timer periods;
 *  - kernel.function / kprobe.function / module().function: the function
 *    name (a glob, "f@file.c:12" cut at '@') is looked up in the target
 *    kernel's symbol list (kernel_symbols.h) - a typo gets close matches -
 *    and then refused: the runtime has no kprobes yet;
 *  - every other family: refused, naming the family.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "kernel_symbols.h"
#include "probe_families.h"

#define MAX_SHAPE_COMPS 8
#define MAX_SUGGESTIONS 5
#define MAX_FUNCTIONS_SHOWN 3

enum handler { H_SUPPORTED, H_KFUNC, H_OTHER };

struct shape {
	const char *spec;          /* "timer.ms(n)" */
	const char *family;        /* for messages */
	enum handler h;
};

static const struct shape shapes[] = {
	{ "begin", "begin", H_SUPPORTED },
	{ "end", "end", H_SUPPORTED },
	{ "error", "error", H_SUPPORTED },
	{ "never", "never", H_SUPPORTED },
	{ "begin(n)", "begin(N)", H_SUPPORTED },
	{ "end(n)", "end(N)", H_SUPPORTED },
	{ "error(n)", "error(N)", H_SUPPORTED },
	{ "timer.s(n)", "timer", H_SUPPORTED },
	{ "timer.ms(n)", "timer", H_SUPPORTED },
	{ "timer.us(n)", "timer", H_SUPPORTED },
	{ "timer.ns(n)", "timer", H_SUPPORTED },
	{ "timer.jiffies(n)", "timer", H_SUPPORTED },
	{ "timer.hz(n)", "timer", H_SUPPORTED },
	{ "timer.s(n).randomize(n)", "timer.randomize", H_OTHER },
	{ "timer.ms(n).randomize(n)", "timer.randomize", H_OTHER },
	{ "timer.us(n).randomize(n)", "timer.randomize", H_OTHER },
	{ "timer.ns(n).randomize(n)", "timer.randomize", H_OTHER },
	{ "timer.jiffies(n).randomize(n)", "timer.randomize", H_OTHER },
	{ "timer.profile", "timer.profile", H_SUPPORTED },
	{ "timer.profile.tick", "timer.profile", H_SUPPORTED },
	{ "kernel.function(s)", "kernel.function", H_KFUNC },
	{ "kernel.function(s).call", "kernel.function", H_KFUNC },
	{ "kernel.function(s).return", "kernel.function", H_KFUNC },
	{ "kernel.function(s).exported", "kernel.function", H_KFUNC },
	{ "kernel.function(s).inline", "kernel.function", H_KFUNC },
	{ "kernel.function(s).label(s)", "kernel.function", H_KFUNC },
	{ "kernel.function(s).callee(s)", "kernel.function", H_KFUNC },
	{ "kernel.statement(?)", "kernel.statement", H_OTHER },
	{ "kernel.statement(?).absolute", "kernel.statement", H_OTHER },
	{ "kernel.trace(s)", "kernel.trace", H_OTHER },
	{ "kernel.data(?).write", "kernel.data", H_OTHER },
	{ "kernel.data(?).rw", "kernel.data", H_OTHER },
	{ "kprobe.function(s)", "kprobe.function", H_KFUNC },
	{ "kprobe.function(s).call", "kprobe.function", H_KFUNC },
	{ "kprobe.function(s).return", "kprobe.function", H_KFUNC },
	{ "kprobe.statement(n).absolute", "kprobe.statement", H_OTHER },
	{ "kprobe.module(s).function(s)", "kprobe.module", H_OTHER },
	{ "kprobe.module(s).function(s).return", "kprobe.module", H_OTHER },
	{ "module(s).function(s)", "module.function", H_OTHER },
	{ "module(s).function(s).call", "module.function", H_OTHER },
	{ "module(s).function(s).return", "module.function", H_OTHER },
	{ "module(s).function(s).inline", "module.function", H_OTHER },
	{ "module(s).statement(?)", "module.statement", H_OTHER },
	{ "process(?).begin", "process", H_OTHER },
	{ "process(?).end", "process", H_OTHER },
	{ "process(?).thread.begin", "process", H_OTHER },
	{ "process(?).thread.end", "process", H_OTHER },
	{ "process(?).syscall", "process", H_OTHER },
	{ "process(?).syscall.return", "process", H_OTHER },
	{ "process(?).function(s)", "process.function", H_OTHER },
	{ "process(?).function(s).call", "process.function", H_OTHER },
	{ "process(?).function(s).return", "process.function", H_OTHER },
	{ "process(?).function(s).inline", "process.function", H_OTHER },
	{ "process(?).statement(?)", "process.statement", H_OTHER },
	{ "process(?).mark(s)", "process.mark", H_OTHER },
	{ "process(?).provider(s).mark(s)", "process.mark", H_OTHER },
	{ "process(?).plt(s)", "process.plt", H_OTHER },
	{ "perf.type(n).config(n)", "perf", H_OTHER },
	{ "perf.type(n).config(n).sample(n)", "perf", H_OTHER },
	{ "perf.type(n).config(n).process(?)", "perf", H_OTHER },
	{ "perf.type(n).config(n).counter(s)", "perf", H_OTHER },
	{ "procfs(?).read", "procfs", H_OTHER },
	{ "procfs(?).write", "procfs", H_OTHER },
	{ "procfs(?).read.maxsize(n)", "procfs", H_OTHER },
	{ "netfilter.hook(s).pf(s)", "netfilter", H_OTHER },
	{ "netfilter.pf(s).hook(s)", "netfilter", H_OTHER },
	{ "java(?).class(s).method(s)", "java", H_OTHER },
	{ "python2.module(s).function(s)", "python2", H_OTHER },
	{ "python3.module(s).function(s)", "python3", H_OTHER },
	{ "input.char", "input", H_OTHER },
	{ "input.line", "input", H_OTHER },
};

#define NSHAPES (sizeof shapes / sizeof shapes[0])

struct shape_comp {
	const char *name;
	char arg;                  /* '-', 'n', 's', '?' */
};

struct families {
	const struct session *s;
	struct shape_comp comps[NSHAPES][MAX_SHAPE_COMPS];
	int ncomps[NSHAPES];
	struct ksyms *ks;
	bool ks_tried;
	char ks_why[512];
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

static void text_string(struct buf *text, const char *s)
{
	buf_puts(text, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			buf_printf(text, "\\%c", *c);
		else if (*c == '\n')
			buf_puts(text, "\\n");
		else if (*c == '\t')
			buf_puts(text, "\\t");
		else if (*c < 32 || *c == 127)
			buf_printf(text, "\\%03o", *c);
		else
			buf_add(text, (const char *)c, 1);
	}
	buf_puts(text, "\"");
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
			text_string(&text, c->str);
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
	for (size_t i = 0; i < NSHAPES; i++)
		fx->ncomps[i] = split_spec(shapes[i].spec, fx->comps[i]);
	return fx;
}

void families_free(struct families *fx)
{
	if (!fx)
		return;
	if (fx->ks)
		ksyms_free(fx->ks);
	free(fx);
}

bool families_is_family_name(const char *name)
{
	for (size_t i = 0; i < NSHAPES; i++) {
		size_t len = strcspn(shapes[i].spec, ".(");

		if (strlen(name) == len && strncmp(shapes[i].spec, name, len) == 0)
			return true;
	}
	return false;
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

/* Whether PP has the shape I by names only, and by arguments too. */
static bool shape_names_match(const struct families *fx, size_t i, const struct probe_point *pp)
{
	if (fx->ncomps[i] != pp->n)
		return false;
	for (int k = 0; k < pp->n; k++)
		if (!pp_name_match(pp->comps[k].name, fx->comps[i][k].name))
			return false;
	return true;
}

static bool shape_args_match(const struct families *fx, size_t i, const struct probe_point *pp)
{
	for (int k = 0; k < pp->n; k++)
		if (!arg_fits(fx->comps[i][k].arg, &pp->comps[k]))
			return false;
	return true;
}

/* PP with the component names of shape I. */
static struct probe_point *concrete(const struct families *fx, size_t i,
				    const struct probe_point *pp)
{
	struct probe_point *c = arena_alloc(sizeof *c);

	*c = *pp;
	c->next = NULL;
	c->comps = arena_alloc(sizeof *c->comps * (size_t)pp->n);
	memcpy(c->comps, pp->comps, sizeof *c->comps * (size_t)pp->n);
	for (int k = 0; k < pp->n; k++)
		c->comps[k].name = fx->comps[i][k].name;
	c->wildcard = false;
	c->optional = c->sufficient = false;
	c->cond = NULL;
	c->text = pp_text(c);
	return c;
}

/* ---- kernel functions ---- */

static void cache_dir(char *out, size_t len)
{
	const char *base = getenv("SYSTEMTAP_DIR");
	const char *home = getenv("HOME");

	if (base && base[0] == '/')
		snprintf(out, len, "%s/cache", base);
	else if (home && home[0] == '/')
		snprintf(out, len, "%s/.systemtap/cache", home);
	else
		out[0] = '\0';
}

static const struct ksyms *kernel_symbols(struct families *fx)
{
	char dir[4096];

	if (fx->ks_tried)
		return fx->ks;
	fx->ks_tried = true;
	cache_dir(dir, sizeof dir);
	fx->ks = ksyms_load(fx->s->kernel_release, dir[0] ? dir : NULL, fx->ks_why,
			    sizeof fx->ks_why);
	return fx->ks;
}

struct glob_acc {
	const char **names;
	size_t n;
};

static void count_name(const char *name, void *arg)
{
	struct glob_acc *acc = arg;

	if (acc->n < MAX_FUNCTIONS_SHOWN)
		acc->names[acc->n] = name;
	acc->n++;
}

/* Checks the function name of a kernel.function / kprobe.function point. */
static struct family_result kernel_function(struct families *fx, size_t i,
					    const struct probe_point *pp)
{
	struct family_result r = { .family = shapes[i].family };
	int fk = -1;
	const struct ksyms *ks;
	char *name;

	for (int k = 0; k < pp->n; k++)
		if (fx->comps[i][k].name == intern("function", 8)) {
			fk = k;
			break;
		}
	if (fk < 0)
		internal_error("kernel function shape without a function component");
	name = arena_strdup(pp->comps[fk].str);
	name[strcspn(name, "@:")] = '\0';
	if (!*name) {
		r.status = FAMILY_INVALID;
		r.why = "empty function name";
		return r;
	}
	ks = kernel_symbols(fx);
	if (!ks) {
		r.status = FAMILY_UNSUPPORTED;
		r.why = arena_printf("probe family %s is not supported yet (and the function "
				     "names of kernel %s could not be read: %s)", r.family,
				     fx->s->kernel_release ? fx->s->kernel_release : "(running)",
				     fx->ks_why);
		return r;
	}
	if (strpbrk(name, "*?[")) {
		const char *shown[MAX_FUNCTIONS_SHOWN];
		struct glob_acc acc = { shown, 0 };
		struct buf b = { 0 };

		ksyms_glob(ks, name, count_name, &acc);
		if (!acc.n) {
			r.status = FAMILY_NO_MATCH;
			r.why = arena_printf("no kernel function matches '%s'", name);
			return r;
		}
		for (size_t k = 0; k < acc.n && k < MAX_FUNCTIONS_SHOWN; k++)
			buf_printf(&b, "%s%s", k ? ", " : "", shown[k]);
		r.status = FAMILY_UNSUPPORTED;
		r.why = arena_printf("probe family %s is not supported yet (%zu kernel "
				     "function%s matched: %s%s)", r.family, acc.n,
				     acc.n == 1 ? "" : "s", b.data,
				     acc.n > MAX_FUNCTIONS_SHOWN ? ", ..." : "");
		buf_free(&b);
		return r;
	}
	if (!ksyms_has(ks, name)) {
		/* suggestions cost a pass over every symbol: made only when the
		 * error is reported (families_explain), not for optional points */
		r.status = FAMILY_NO_MATCH;
		r.why = arena_printf("no kernel function '%s'", name);
		r.missing_function = name;
		return r;
	}
	r.status = FAMILY_UNSUPPORTED;
	r.why = arena_printf("probe family %s is not supported yet", r.family);
	return r;
}

const char *families_explain(struct families *fx, const struct family_result *r)
{
	const struct ksyms *ks;
	const char *sugg[MAX_SUGGESTIONS];
	struct buf b = { 0 };
	const char *why;
	size_t ns;

	if (!r->missing_function || !(ks = kernel_symbols(fx)))
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

/* ---- resolving ---- */

struct family_result families_resolve(struct families *fx, const struct probe_point *pp)
{
	struct family_result r = { .status = FAMILY_NO_MATCH };
	struct family_result first_bad = { .status = FAMILY_OK };
	int cap = 0;
	bool named = false;
	size_t passthrough = NSHAPES;

	for (size_t i = 0; i < NSHAPES; i++) {
		struct family_result one;

		if (!shape_names_match(fx, i, pp))
			continue;
		named = true;
		if (!shape_args_match(fx, i, pp)) {
			/* elaborate.c checks the arguments of the families it runs */
			if (shapes[i].h == H_SUPPORTED && strcmp(shapes[i].family, "timer") == 0)
				passthrough = i;
			continue;
		}
		switch (shapes[i].h) {
		case H_SUPPORTED:
			if (r.n == cap) {
				struct probe_point **nv;

				cap = cap ? cap * 2 : 4;
				nv = arena_alloc(sizeof *nv * (size_t)cap);
				if (r.n)
					memcpy(nv, r.points, sizeof *nv * (size_t)r.n);
				r.points = nv;
			}
			r.points[r.n++] = concrete(fx, i, pp);
			r.family = shapes[i].family;
			r.status = FAMILY_OK;
			continue;
		case H_KFUNC:
			one = kernel_function(fx, i, concrete(fx, i, pp));
			break;
		case H_OTHER:
			one = (struct family_result){
				.status = FAMILY_UNSUPPORTED, .family = shapes[i].family,
				.why = arena_printf("probe family %s is not supported yet",
						    shapes[i].family),
			};
			break;
		}
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
	if (passthrough < NSHAPES && !pp->wildcard) {
		r.points = arena_alloc(sizeof *r.points);
		r.points[r.n++] = concrete(fx, passthrough, pp);
		r.family = shapes[passthrough].family;
		r.status = FAMILY_OK;
		return r;
	}
	if (named || families_is_family_name(pp->comps[0].name)) {
		r.status = FAMILY_INVALID;
		r.why = "probe point mismatch (this stap supports begin, end, error and "
			"timer.{s,ms,us,ns,jiffies,hz}(N))";
		return r;
	}
	r.why = "no match for probe point";
	return r;
}
