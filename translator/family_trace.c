/*
 * family_trace.c - kernel.trace("name"), kernel.trace("system:name") and
 * globs ("sched:*", "sched_process_*"): probes on the kernel's static
 * tracepoints.
 *
 * The target kernel's tracepoints are its `__traceiter_NAME` functions (one
 * per tracepoint, in the function list and in BTF), so names and globs are
 * matched at translate time like kernel functions, with suggestions for a
 * typo.  A system ("sched:") is the trace header the events are declared in,
 * include/trace/events/SYSTEM.h of the kernel's headers: its TRACE_EVENT,
 * DEFINE_EVENT and DECLARE_TRACE names.  The runtime (runtime/tracepoints.c)
 * finds each tracepoint by name at session start; the argument count the
 * callback takes, and the arguments' names and types for $vars, come from
 * BTF (target_vars.c fills them in).
 */
#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "kernel_symbols.h"
#include "probe_families.h"
#include "target_vars.h"

#define TRACEITER "__traceiter_"
#define MAX_HEADER_BYTES (4 << 20)

static const char *const trace_shapes[] = { "kernel.trace(s)", NULL };

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* Reads a trace header of the target kernel's headers; NULL when absent
 * (*NO_HEADERS: the kernel has no trace headers installed at all). */
static char *read_events_header(const struct session *s, const char *system, bool *no_headers)
{
	const char *dirs[3] = { 0 };
	char common[4096] = "";
	char *text = NULL;
	FILE *f;

	dirs[0] = arena_printf("%s/include/trace/events", s->kernel_build_dir);
	dirs[1] = arena_printf("%s/source/include/trace/events", s->kernel_build_dir);
	/* Debian: build/Makefile includes the -common tree's Makefile */
	f = fopen(arena_printf("%s/Makefile", s->kernel_build_dir), "re");
	if (f) {
		char line[4096];

		while (fgets(line, sizeof line, f))
			if (strncmp(line, "include ", 8) == 0 && strstr(line, "/Makefile")) {
				snprintf(common, sizeof common, "%s", line + 8);
				*strstr(common, "/Makefile") = '\0';
				break;
			}
		fclose(f);
	}
	if (common[0])
		dirs[2] = arena_printf("%s/include/trace/events", common);
	*no_headers = true;
	for (int i = 0; i < 3 && !text; i++) {
		size_t n;

		if (dirs[i] && access(dirs[i], R_OK | X_OK) == 0)
			*no_headers = false;
		if (!dirs[i] || !(f = fopen(arena_printf("%s/%s.h", dirs[i], system), "re")))
			continue;
		text = malloc(MAX_HEADER_BYTES + 1);
		if (text) {
			n = fread(text, 1, MAX_HEADER_BYTES, f);
			text[n] = '\0';
		}
		fclose(f);
	}
	return text;
}

/* Whether HEADER declares event NAME: TRACE_EVENT*(NAME, DECLARE_TRACE*(NAME,
 * DEFINE_EVENT*(CLASS, NAME, ... */
static bool header_declares(const char *header, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = strstr(header, name); p; p = strstr(p + 1, name)) {
		const char *b = p;

		if ((p > header && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
				    (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9'))) ||
		    (p[len] != ',' && p[len] != ' ' && p[len] != '\t' && p[len] != '\n' &&
		     p[len] != ')'))
			continue;
		/* back over blanks to '(' or ',' and then to the macro name */
		while (b > header && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n'))
			b--;
		if (b > header && b[-1] == ',') {
			/* DEFINE_EVENT(class, NAME: skip the class */
			b--;
			while (b > header && b[-1] != '(' && b[-1] != '\n' && b[-1] != ';')
				b--;
		}
		if (b == header || b[-1] != '(')
			continue;
		b--;
		while (b > header && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		const char *m = b;

		while (m > header && ((m[-1] >= 'A' && m[-1] <= 'Z') || m[-1] == '_'))
			m--;
		if ((b - m >= 11 && strncmp(m, "TRACE_EVENT", 11) == 0) ||
		    (b - m >= 12 && strncmp(m, "DEFINE_EVENT", 12) == 0) ||
		    (b - m >= 13 && strncmp(m, "DECLARE_TRACE", 13) == 0))
			return true;
	}
	return false;
}

struct trace_acc {
	const struct probe_point *pp;
	const char *header;            /* "system:" given: its header text */
	struct family_result *r;
};

static struct probe_point *trace_point(const struct probe_point *pp, const char *name)
{
	struct probe_point *c = pp_with_string(pp, 1, name);

	c->symbol = name;
	return c;
}

static void add_tracepoint(const char *fname, void *arg)
{
	struct trace_acc *acc = arg;
	const char *name = fname + strlen(TRACEITER);

	if (acc->header && !header_declares(acc->header, name))
		return;
	family_result_add(acc->r, trace_point(acc->pp, arena_strdup(name)));
}

static void trace_match(struct families *fx, struct probe_point *pp, struct family_result *r)
{
	const struct session *s = families_session(fx);
	const char *arg = pp->comps[1].str, *colon = strchr(arg, ':');
	const char *name = colon ? colon + 1 : arg;
	const struct ksyms *ks;
	struct trace_acc acc = { .pp = pp, .r = r };
	const char *why;
	char *header = NULL;

	if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_*?[]!-") != strlen(name)) {
		family_result_fail(r, FAMILY_INVALID, arena_printf("invalid tracepoint name '%s'", arg));
		return;
	}
	ks = families_kernel_symbols(fx, &why);
	if (!ks) {
		family_result_fail(r, FAMILY_UNSUPPORTED,
				   arena_printf("the tracepoints of the kernel could not be listed: %s",
						why));
		return;
	}
	if (colon) {
		const char *system = arena_strndup(arg, (size_t)(colon - arg));

		if (is_glob(system) || strchr(system, '/') || system[0] == '.') {
			family_result_fail(r, FAMILY_UNSUPPORTED,
					   "globs in the tracepoint system are not supported");
			return;
		}
		bool no_headers;

		header = read_events_header(s, system, &no_headers);
		if (!header && no_headers) {
			/* nothing to check against: the name alone decides */
			diag_warning(pp->comps[1].loc, pp->comps[1].what,
				     "trace system '%s' not checked: the kernel's trace headers "
				     "(include/trace/events) are not installed", system);
		} else if (!header) {
			family_result_fail(r, FAMILY_NO_MATCH,
					   arena_printf("no trace system '%s' (no "
							"include/trace/events/%s.h in the "
							"kernel's headers)", system, system));
			return;
		}
		acc.header = header;
	}
	ksyms_glob(ks, arena_printf(TRACEITER "%s", name), add_tracepoint, &acc);
	free(header);
	if (!r->n) {
		family_result_fail(r, FAMILY_NO_MATCH,
				   arena_printf("no kernel tracepoint %s '%s'",
						is_glob(name) ? "matches" : "named", arg));
	}
}

static const char *trace_row(const struct probe_point *pp)
{
	/* maxactive carries the argument count (target_vars.c) */
	return arena_printf(".kind = STP_PROBE_TRACE, .symbol = \"%s\", .maxactive = %d, "
			    ".may_fail = %s", pp->symbol, pp->trace_nargs,
			    pp->may_fail ? "true" : "false");
}

const struct probe_family family_trace = {
	.name = "kernel.trace",
	.shapes = trace_shapes,
	.synopsis = "kernel.trace(\"name\"), kernel.trace(\"system:glob\")",
	.match = trace_match,
	.row = trace_row,
	.list_vars = target_vars_list,   /* stap -L: $params from BTF */
};
