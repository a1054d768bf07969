/*
 * dump.c - stap --dump-probe-types, --dump-probe-aliases, --dump-functions:
 * what a script can use, listed one item a line and sorted, as upstream
 * lists them.  Probe types come from the probe family table (only the
 * families the runtime runs); aliases and functions from parsing every
 * tapset file, so a tapset that does not parse is reported as in pass 1.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "dump.h"
#include "parse.h"
#include "preprocess.h"
#include "probe_families.h"
#include "tapsets.h"

#define MAX_LISTED 100000

struct listing {
	const char **items;
	int n;
};

static void listing_add(void *ctx, const char *item)
{
	struct listing *l = ctx;

	if (l->n >= MAX_LISTED)
		return;
	if (!l->items)
		l->items = arena_alloc(MAX_LISTED * sizeof *l->items);
	l->items[l->n++] = item;
}

static int compare_items(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted, each distinct item once. */
static void listing_print(struct listing *l)
{
	if (l->n)
		qsort(l->items, (size_t)l->n, sizeof *l->items, compare_items);
	for (int i = 0; i < l->n; i++)
		if (i == 0 || strcmp(l->items[i], l->items[i - 1]) != 0)
			printf("%s\n", l->items[i]);
}

/* Every tapset (.stpm macros first) parsed into LIBRARY; returns errors. */
static int parse_tapsets(const struct session *s, struct program *library)
{
	static struct macro_table macros;
	struct pp_env env = {
		.kernel_release = s->kernel_release,
		.arch = s->arch,
		.kernel_config = arena_printf("%s/.config", s->kernel_build_dir),
		.privilege = "stapdev",
		.guru = true,
		.global_macros = &macros,
		.systemtap_v = s->compatible,
	};
	int nfiles;

	return tapsets_parse_macros(s, &env) + tapsets_parse_library(s, &env, library, &nfiles);
}

/* "function NAME:TYPE (P1:TYPE, P2)" with the types that are declared. */
static const char *function_line(const struct function *f)
{
	char *line = arena_printf("%s%s%s (", f->name, f->declared != TYPE_UNKNOWN ? ":" : "",
				  f->declared != TYPE_UNKNOWN ? type_name(f->declared) : "");
	int i = 0;

	for (const struct symbol *p = f->params; p; p = p->next, i++)
		line = arena_printf("%s%s%s%s%s", line, i ? ", " : "", p->name,
				    p->type != TYPE_UNKNOWN ? ":" : "",
				    p->type != TYPE_UNKNOWN ? type_name(p->type) : "");
	return arena_printf("%s)", line);
}

int dump_listing(const struct session *s)
{
	struct listing l = { 0 };
	struct program library = { 0 };

	if (strcmp(s->dump, "probe-types") == 0) {
		families_list_shapes(listing_add, &l);
		listing_print(&l);
		return 0;
	}
	if (parse_tapsets(s, &library) != 0) {
		fputs("Pass 1: parse failed.  [man error::pass1]\n", stderr);
		return 1;
	}
	if (strcmp(s->dump, "probe-aliases") == 0) {
		for (const struct alias *a = library.aliases; a; a = a->next)
			for (const struct probe_point *pp = a->names; pp; pp = pp->next)
				listing_add(&l, pp->text);
	} else {
		for (const struct function *f = library.functions; f; f = f->next)
			if (!f->is_private && f->name[0] != '_')
				listing_add(&l, function_line(f));
	}
	listing_print(&l);
	return 0;
}
