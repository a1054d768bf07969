/*
 * resolve.c - pass 2a: from the script as written to the probes that will
 * run, before type inference (elaborate.c).
 *
 *  1. The tapset library is parsed once, each file into a program of its
 *     own, and indexed by the functions, globals and probe alias names it
 *     defines (for globals the first definition in search order wins, as
 *     the search path shadows; the functions of one name in several files
 *     are overloads, in search order; the script's own definition of a
 *     name hides the library's).
 *  2. Pull-in to a fixed point: a worklist of bodies and probe points;
 *     every call of an undefined function, every variable that is not a
 *     parameter or a script global but a library global, and every probe
 *     point that matches a library alias name pulls that whole file in
 *     (its functions, globals, aliases, probes, embedded C), and the new
 *     bodies and points join the worklist.
 *  3. Probe expansion: each probe point is matched against the aliases
 *     (longest matching name wins; the rest of the point is a suffix
 *     appended to the alias's own points), recursively, the alias bodies
 *     going before ('=') or after ('+=') the probe body and 'if'
 *     conditions combined with '&&'; points no alias names go to their
 *     family (probe_families.c).  '?' drops what cannot be used (a note
 *     with -v), '!' stops a list at the first point that resolved.  A
 *     condition becomes an 'if' around the body.  Derived points sharing a
 *     body stay one probe; each probe gets its own copy of the body.
 *  4. Clean-up and checks: library functions and globals nothing reachable
 *     uses are dropped (unused script functions are left to optimize.c),
 *     writes to target variables in the script need guru mode.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast_copy.h"
#include "ast_walk.h"
#include "builtins.h"
#include "parse.h"
#include "probe_families.h"
#include "resolve.h"
#include "tapset_index.h"
#include "tapsets.h"
#include "hash_map.h"
#include "target_vars.h"

#define MAX_ALIAS_DEPTH 32
/* Probe points visited plus probe points made, over the whole script:
 * aliases of several alternatives each multiply, so a few KB of script
 * could otherwise expand to millions of probes. */
#define MAX_EXPANDED_POINTS 100000

static const char *iname(const char *s)
{
	return intern(s, strlen(s));
}

/* ---- the library ---- */

/* A tapset file, parsed the first time something may need it. */
struct lib_file {
	bool parsed, parse_failed, pulled;
	struct program prog;
};

struct library {
	struct tapset_index ix;
	struct lib_file *files;
	struct pp_env env;
	struct macro_table macros;
	struct hash_map by_name[3];     /* per kind: interned name -> first entry + 1 */
	int *next_same;                /* entry -> next entry of that kind and name + 1 */
};

/* Origins of rewritten probe points, for -p2 (pp -> text as written). */
static struct hash_map origins;

const char *resolve_origin(const struct probe_point *pp)
{
	const char *o = hash_map_get(&origins, pp);

	return o ? o : pp->text;
}

/* The names -l lists the points under: the outermost alias a point came
 * through ("syscall.read" for syscall.*), else the point itself. */
static struct hash_map listed;

const char *resolve_listed(const struct probe_point *pp)
{
	const char *o = hash_map_get(&listed, pp);

	return o ? o : pp->text;
}

struct resolver {
	struct session *s;
	struct program *prog;
	struct library lib;
	struct families *families;
	struct hash_map defined_functions;   /* names defined in PROG */
	struct hash_map defined_globals;
	struct hash_map lib_nodes;           /* function/global nodes from the library */
	/* worklist */
	struct stmt **bodies;
	int nbodies, capbodies;
	struct function **fns;              /* parameter scopes of BODIES (NULL: probe) */
	struct probe_point **points;
	int npoints, cappoints;
	long expanded;                      /* counted against MAX_EXPANDED_POINTS */
};

static void *grow(void *v, int n, int *cap, size_t size)
{
	void *nv;

	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 32;
	nv = arena_alloc(size * (size_t)*cap);
	if (n)
		memcpy(nv, v, size * (size_t)n);
	return nv;
}

/* Indexes the library (a text scan, no parsing) and reads the macros. */
static void load_library(struct resolver *r)
{
	struct session *s = r->s;
	struct library *lib = &r->lib;
	const char **files;
	int n;

	lib->env = (struct pp_env){
		.kernel_release = s->kernel_release,
		.arch = s->arch,
		.kernel_config = arena_printf("%s/.config", s->kernel_build_dir),
		.privilege = "stapdev",
		.guru = true,
		.args = s->args,
		.nargs = s->nargs,
		.global_macros = &lib->macros,
	};
	n = tapset_files(s, ".stpm", &files);
	for (int i = 0; i < n; i++) {
		struct source *m = tapset_read(files[i]);

		if (m)
			parse_macro_file(m, &lib->env);
	}
	n = tapset_files(s, ".stp", &files);
	tapset_index_build(&lib->ix, files, n);
	lib->files = arena_alloc(sizeof *lib->files * (size_t)(n ? n : 1));
	lib->next_same = arena_alloc(sizeof *lib->next_same * (size_t)(lib->ix.n + 1));
	for (int e = lib->ix.n - 1; e >= 0; e--) {
		const struct tapset_entry *t = &lib->ix.entries[e];
		struct hash_map *m = &lib->by_name[t->kind];

		lib->next_same[e] = (int)(intptr_t)hash_map_get(m, t->name);
		hash_map_put(m, t->name, (void *)(intptr_t)(e + 1));
	}
}

/* File I parsed (once); NULL when it does not parse. */
static struct program *lib_program(struct resolver *r, int i)
{
	struct lib_file *f = &r->lib.files[i];

	if (!f->parsed) {
		f->parsed = true;
		f->parse_failed = !r->lib.ix.sources[i] ||
				  (!tapsets_parsed(r->lib.ix.sources[i], &r->lib.env, &f->prog) &&
				   parse_source(r->lib.ix.sources[i], &r->lib.env, &f->prog) != 0);
		if (r->s->verbose > 2)
			fprintf(stderr, "Parsed tapset file %s\n", r->lib.ix.paths[i]);
	}
	return f->parse_failed ? NULL : &f->prog;
}

static bool defines_function(const struct program *p, const char *name)
{
	for (const struct function *f = p->functions; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return true;
	return false;
}

/* A private global is no reason to pull its file in: no other file sees it. */
static bool defines_global(const struct program *p, const char *name)
{
	for (const struct symbol *g = p->globals; g; g = g->next)
		if (strcmp(g->name, name) == 0 && !g->is_private)
			return true;
	return false;
}

/* ---- worklist ---- */

static void add_body(struct resolver *r, struct stmt *body, struct function *fn)
{
	int cap = r->capbodies;

	if (!body)
		return;
	r->bodies = grow(r->bodies, r->nbodies, &r->capbodies, sizeof *r->bodies);
	r->fns = grow(r->fns, r->nbodies, &cap, sizeof *r->fns);
	r->bodies[r->nbodies] = body;
	r->fns[r->nbodies++] = fn;
}

static void add_points(struct resolver *r, struct probe_point *pp)
{
	for (; pp; pp = pp->next) {
		r->points = grow(r->points, r->npoints, &r->cappoints, sizeof *r->points);
		r->points[r->npoints++] = pp;
	}
}

/* ---- alias name matching ---- */

static bool same_arg(const struct pp_component *a, const struct pp_component *b)
{
	if (a->has_arg != b->has_arg)
		return false;
	if (!a->has_arg)
		return true;
	if (a->arg_is_string != b->arg_is_string)
		return false;
	return a->arg_is_string ? strcmp(a->str, b->str) == 0 : a->num == b->num;
}

/* How many leading components of PP the alias name NM matches (its whole
 * length), or 0. */
static int alias_match(const struct probe_point *pp, const struct probe_point *nm)
{
	if (nm->n > pp->n)
		return 0;
	for (int i = 0; i < nm->n; i++)
		if (!pp_name_match(pp->comps[i].name, nm->comps[i].name) ||
		    !same_arg(&pp->comps[i], &nm->comps[i]))
			return 0;
	return nm->n;
}

/* ---- pull-in ---- */

/* Appends the library file I to PROG and queues what it brings. */
static void pull_file(struct resolver *r, int i)
{
	struct lib_file *f = &r->lib.files[i];
	struct program *prog = r->prog;

	if (f->pulled || !lib_program(r, i))
		return;
	f->pulled = true;
	if (r->s->verbose > 1)
		fprintf(stderr, "Pulled in tapset file %s\n", r->lib.ix.paths[i]);
	for (struct function *fn = f->prog.functions, *next; fn; fn = next) {
		struct function **tail = &prog->functions;

		const struct function *prev;

		next = fn->next;
		fn->next = NULL;
		prev = hash_map_get(&r->defined_functions, iname(fn->name));
		if (prev && !hash_map_get(&r->lib_nodes, prev) && !fn->is_private)
			continue;       /* the script's own definition wins */
		while (*tail)
			tail = &(*tail)->next;
		*tail = fn;
		if (!prev)
			hash_map_put(&r->defined_functions, iname(fn->name), fn);
		hash_map_put(&r->lib_nodes, fn, fn);
		add_body(r, fn->body, fn);
	}
	for (struct symbol *g = f->prog.globals, *next; g; g = next) {
		struct symbol **tail = &prog->globals;

		next = g->next;
		g->next = NULL;
		if (hash_map_get(&r->defined_globals, iname(g->name)))
			continue;
		while (*tail)
			tail = &(*tail)->next;
		*tail = g;
		hash_map_put(&r->defined_globals, iname(g->name), g);
		hash_map_put(&r->lib_nodes, g, g);
	}
	if (f->prog.aliases) {
		struct alias **tail = &prog->aliases;

		while (*tail)
			tail = &(*tail)->next;
		*tail = f->prog.aliases;
		for (struct alias *a = f->prog.aliases; a; a = a->next) {
			add_body(r, a->body, NULL);
			add_points(r, a->points);
		}
	}
	if (f->prog.probes) {
		struct probe **tail = &prog->probes;

		while (*tail)
			tail = &(*tail)->next;
		*tail = f->prog.probes;
		for (struct probe *p = f->prog.probes; p; p = p->next) {
			add_body(r, p->body, NULL);
			add_points(r, p->points);
		}
	}
	if (f->prog.embedded) {
		struct embedded **tail = &prog->embedded;

		while (*tail)
			tail = &(*tail)->next;
		*tail = f->prog.embedded;
	}
}

/* Pulls in the first library file (in search order) that really defines
 * the global NAME; for a function, every file that does: the definitions
 * of several files are overloads (overload.c), tried in search order. */
static void need_definition(struct resolver *r, enum tapset_def kind, const char *name)
{
	const struct tapset_index *ix = &r->lib.ix;

	for (int e = (int)(intptr_t)hash_map_get(&r->lib.by_name[kind], name) - 1; e >= 0;
	     e = r->lib.next_same[e] - 1) {
		const struct tapset_entry *t = &ix->entries[e];
		const struct program *p;

		if (r->lib.files[t->file].pulled)
			continue;
		p = lib_program(r, t->file);
		if (p && (kind == TDEF_FUNCTION ? defines_function(p, name)
			  : defines_global(p, name))) {
			pull_file(r, t->file);
			if (kind != TDEF_FUNCTION)
				return;
		}
	}
}

static void need_function(struct resolver *r, const char *name)
{
	if (name[0] == '@' || builtin_name_taken(name) ||
	    hash_map_get(&r->defined_functions, iname(name)))
		return;
	need_definition(r, TDEF_FUNCTION, iname(name));
}

static void need_var(struct resolver *r, const char *name, const struct function *fn)
{
	if (fn)
		for (const struct symbol *p = fn->params; p; p = p->next)
			if (strcmp(p->name, name) == 0)
				return;
	if (hash_map_get(&r->defined_globals, iname(name)))
		return;
	need_definition(r, TDEF_GLOBAL, iname(name));
}

/* A walk over a body calling back for calls, variables and writes. */
struct walk {
	void (*call)(struct walk *w, struct expr *e);
	void (*var)(struct walk *w, struct expr *e);
	void (*write)(struct walk *w, struct expr *target);
	void *arg;
	const struct function *fn;
};

static bool walk_expr_hook(struct ast_walk *aw, struct expr **ep)
{
	struct walk *w = aw->arg;
	struct expr *e = *ep;

	if (e->kind == EXPR_VAR && w->var)
		w->var(w, e);
	else if (e->kind == EXPR_CALL && w->call)
		w->call(w, e);
	else if (e->kind == EXPR_ASSIGN && w->write)
		w->write(w, e->assign.target);
	else if (e->kind == EXPR_INCDEC && w->write)
		w->write(w, e->incdec.target);
	return true;
}

static bool walk_stmt_hook(struct ast_walk *aw, struct stmt *s)
{
	struct walk *w = aw->arg;

	if (s->kind == STMT_DELETE && w->write && s->expr)
		w->write(w, s->expr);
	return true;
}

static void walk_expr(struct walk *w, struct expr *e)
{
	struct ast_walk aw = { .expr = walk_expr_hook, .stmt = walk_stmt_hook, .arg = w };

	ast_walk_expr(&aw, &e);
}

static void walk_stmt(struct walk *w, struct stmt *s)
{
	struct ast_walk aw = { .expr = walk_expr_hook, .stmt = walk_stmt_hook, .arg = w };

	ast_walk_stmt(&aw, s);
}

static void pull_call(struct walk *w, struct expr *e)
{
	need_function(w->arg, e->call.name);
}

static void pull_var(struct walk *w, struct expr *e)
{
	need_var(w->arg, e->var.name, w->fn);
}

/* Pulls in the file of index entry E if it is an alias one of whose names
 * PP matches. */
static void pull_alias_entry(struct resolver *r, const struct probe_point *pp, int e)
{
	const struct tapset_entry *t = &r->lib.ix.entries[e];
	const struct program *p;

	if (t->kind != TDEF_ALIAS || r->lib.files[t->file].pulled ||
	    !pp_name_match(pp->comps[0].name, t->name))
		return;
	p = lib_program(r, t->file);
	for (const struct alias *a = p ? p->aliases : NULL; a; a = a->next)
		for (const struct probe_point *nm = a->names; nm; nm = nm->next)
			if (!r->lib.files[t->file].pulled && alias_match(pp, nm))
				pull_file(r, t->file);
}

static void pull_for_point(struct resolver *r, const struct probe_point *pp)
{
	struct walk w = { .call = pull_call, .var = pull_var, .arg = r };
	const char *first = pp->comps[0].name;

	if (pp->cond)
		walk_expr(&w, pp->cond);
	if (strpbrk(first, "*?[{")) {
		/* a pattern: try every alias entry */
		for (int e = 0; e < r->lib.ix.n; e++)
			pull_alias_entry(r, pp, e);
		return;
	}
	/* a plain name: only the entries of that name (in index order) */
	for (int e = (int)(intptr_t)hash_map_get(&r->lib.by_name[TDEF_ALIAS], iname(first)) - 1;
	     e >= 0; e = r->lib.next_same[e] - 1)
		pull_alias_entry(r, pp, e);
}

static void pull_in(struct resolver *r)
{
	int bi = 0, pi = 0;

	while (bi < r->nbodies || pi < r->npoints) {
		if (bi < r->nbodies) {
			struct walk w = { .call = pull_call, .var = pull_var, .arg = r,
					  .fn = r->fns[bi] };

			walk_stmt(&w, r->bodies[bi++]);
		} else {
			pull_for_point(r, r->points[pi++]);
		}
	}
}

/* ---- expansion ---- */

struct derived {
	struct probe_point *pp;
	struct stmt *body;
	struct expr *cond;
};

struct expansion_ctx {
	struct resolver *r;
	const struct probe_point *user_pp;   /* the point as the user wrote it */
	const struct alias *stack[MAX_ALIAS_DEPTH + 1];   /* aliases being expanded */
	const struct probe_point *names[MAX_ALIAS_DEPTH + 1];   /* the names they matched */
	int depth;
	/* > 0 while expanding an alias a wildcard matched: an alias that
	 * comes to nothing there (its points were optional, for another
	 * kernel) is left out, as the wildcard itself would be */
	int wild;
	struct derived *out;
	int n, cap;
};

static struct stmt *block2(struct stmt *a, struct stmt *b, struct srcloc loc)
{
	struct stmt *s = arena_alloc(sizeof *s);

	s->kind = STMT_BLOCK;
	s->loc = loc;
	s->what = a ? a->what : b->what;
	s->block.items = arena_alloc(sizeof *s->block.items * 2);
	s->block.items[s->block.n++] = a;
	s->block.items[s->block.n++] = b;
	return s;
}

static struct expr *and_cond(struct expr *a, struct expr *b)
{
	struct expr *e;

	if (!a)
		return b;
	if (!b)
		return a;
	e = arena_alloc(sizeof *e);
	e->kind = EXPR_LOGICAL;
	e->loc = b->loc;
	e->what = "operator '&&'";
	e->binary.op = OP_LAND;
	e->binary.left = a;
	e->binary.right = b;
	e->depth = (a->depth > b->depth ? a->depth : b->depth) + 1;
	return e;
}

/* PP with the components of SUFFIX from index K on appended. */
static struct probe_point *with_suffix(const struct probe_point *pp,
				       const struct probe_point *suffix, int k)
{
	struct probe_point *c = arena_alloc(sizeof *c);
	int n = pp->n + suffix->n - k;

	*c = *pp;
	c->next = NULL;
	c->comps = arena_alloc(sizeof *c->comps * (size_t)n);
	memcpy(c->comps, pp->comps, sizeof *c->comps * (size_t)pp->n);
	memcpy(c->comps + pp->n, suffix->comps + k, sizeof *c->comps * (size_t)(suffix->n - k));
	c->n = n;
	c->wildcard = pp->wildcard || suffix->wildcard;
	c->text = pp_text(c);
	return c;
}

/* "in expansion of probe alias a (F:L:C) from probe alias b (F:L:C)" */
static const char *chain_text(const struct expansion_ctx *x)
{
	struct buf b = { 0 };
	const char *r;

	for (int i = x->depth - 1; i >= 0; i--) {
		const struct probe_point *nm = x->names[i];

		buf_printf(&b, "%s probe alias %s (%s:%d:%d)", i == x->depth - 1 ? "in expansion of"
			   : " from", nm->text, nm->loc.src ? nm->loc.src->name : "?",
			   nm->loc.line, nm->loc.col);
	}
	r = arena_strdup(b.data);
	buf_free(&b);
	return r;
}

static void report(struct expansion_ctx *x, const struct probe_point *pp, const char *msg)
{
	const struct probe_point *u = x->user_pp;

	if (x->depth)
		diag_semantic_error(u->loc, u->what, "while resolving probe point %s %s: %s",
				    pp->text, chain_text(x), msg);
	else
		diag_semantic_error(pp->loc, pp->what, "while resolving probe point %s: %s",
				    pp->text, msg);
}

static void note_dropped(struct expansion_ctx *x, const struct probe_point *pp, const char *why)
{
	if (x->r->s->verbose)
		fprintf(stderr, "Note: dropping optional probe point %s%s%s: %s\n", pp->text,
			pp != x->user_pp ? " from " : "", pp != x->user_pp ? x->user_pp->text : "",
			why);
}

/* Alias names that share the first component of PP, for a message. */
static const char *similar_aliases(struct resolver *r, const struct probe_point *pp)
{
	struct buf b = { 0 };
	const char *res = NULL;
	int shown = 0;

	for (struct alias *a = r->prog->aliases; a && shown < 5; a = a->next)
		for (struct probe_point *nm = a->names; nm && shown < 5; nm = nm->next)
			if (strcmp(nm->comps[0].name, pp->comps[0].name) == 0 &&
			    !(b.data && strstr(b.data, nm->text))) {
				buf_printf(&b, "%s%s", shown ? " " : "", nm->text);
				shown++;
			}
	for (int e = 0; e < r->lib.ix.n && shown < 5; e++) {
		const struct tapset_entry *t = &r->lib.ix.entries[e];
		const struct program *p;

		if (t->kind != TDEF_ALIAS || strcmp(t->name, pp->comps[0].name) != 0 ||
		    !(p = lib_program(r, t->file)))
			continue;
		for (const struct alias *a = p->aliases; a && shown < 5; a = a->next)
			for (const struct probe_point *nm = a->names; nm && shown < 5; nm = nm->next)
				if (strcmp(nm->comps[0].name, pp->comps[0].name) == 0 &&
				    !(b.data && strstr(b.data, nm->text))) {
					buf_printf(&b, "%s%s", shown ? " " : "", nm->text);
					shown++;
				}
	}
	if (b.data)
		res = arena_strdup(b.data);
	buf_free(&b);
	return res;
}

static int expand_point(struct expansion_ctx *x, struct probe_point *pp, struct stmt *body,
			struct expr *cond, bool optional, int depth);

/* A '!' chain "a!, b": when a fails and a later alternative resolves, a's
 * errors would only mislead, so they are held (diag_hold) until that is
 * known.  chain_step() takes the result N of one alternative PP; returns
 * false when the failure stands (reported, the caller fails). */
struct chain {
	bool pending;   /* a failed '!' alternative's errors are held */
};

static void chain_start(struct chain *c)
{
	if (!c->pending)
		diag_hold();
}

static bool chain_step(struct chain *c, const struct probe_point *pp, int n)
{
	if (n < 0 && pp->sufficient && pp->next) {
		c->pending = true;   /* keep holding: a later one may resolve */
		return true;
	}
	if (n > 0 && c->pending) {
		diag_release(false);
		c->pending = false;
		return true;
	}
	if (!c->pending)
		diag_release(true);
	if (n < 0) {
		if (c->pending)
			diag_release(true);
		c->pending = false;
		return false;
	}
	return true;
}

/* End of the list: held errors of a '!' alternative nothing replaced are
 * shown; returns whether there were any. */
static bool chain_end(struct chain *c)
{
	bool failed = c->pending;

	if (c->pending)
		diag_release(true);
	c->pending = false;
	return failed;
}

static int expand_list(struct expansion_ctx *x, struct probe_point *list, struct stmt *body,
		       struct expr *cond, bool optional, int depth)
{
	struct chain ch = { 0 };
	int total = 0;

	for (struct probe_point *pp = list; pp; pp = pp->next) {
		chain_start(&ch);
		int n = expand_point(x, pp, body, cond, optional, depth);

		if (!chain_step(&ch, pp, n))
			return -1;
		if (n < 0)
			continue;
		total += n;
		if (pp->sufficient && n > 0)
			break;
	}
	return chain_end(&ch) ? -1 : total;
}

static int expand_point(struct expansion_ctx *x, struct probe_point *pp, struct stmt *body,
			struct expr *cond, bool optional, int depth)
{
	struct resolver *r = x->r;
	int best = 0, total = 0;
	bool opt = optional || pp->optional || pp->sufficient;   /* "!" is optional too */
	struct family_result fr;

	cond = and_cond(cond, pp->cond);
	if (r->expanded > MAX_EXPANDED_POINTS)
		return -1;      /* reported once, when the limit was passed */
	if (++r->expanded > MAX_EXPANDED_POINTS) {
		report(x, pp, arena_printf("too many probe points after alias expansion "
					   "(limit is %d)", MAX_EXPANDED_POINTS));
		return -1;
	}
	if (depth >= MAX_ALIAS_DEPTH) {
		report(x, pp, arena_printf("probe alias expansion too deep (limit is %d)",
					   MAX_ALIAS_DEPTH));
		return -1;
	}
	/* aliases: the longest matching names, exact ones first */
	for (struct alias *a = r->prog->aliases; a; a = a->next)
		for (struct probe_point *nm = a->names; nm; nm = nm->next) {
			int k = alias_match(pp, nm);

			if (k > best)
				best = k;
		}
	if (best) {
		for (struct alias *a = r->prog->aliases; a; a = a->next) {
			for (struct probe_point *nm = a->names; nm; nm = nm->next) {
				if (alias_match(pp, nm) != best)
					continue;
				struct stmt *nb = a->epilogue ? block2(body, a->body, a->loc)
							      : block2(a->body, body, a->loc);
				int n;

				for (int i = 0; i < x->depth; i++)
					if (x->stack[i] == a) {
						report(x, pp, arena_printf("probe alias %s is defined "
									   "through itself", nm->text));
						return -1;
					}
				x->stack[x->depth] = a;
				x->names[x->depth++] = nm;
				x->wild += pp->wildcard;
				if (best < pp->n) {
					struct probe_point *targets = NULL, **tail = &targets;

					for (struct probe_point *t = a->points; t; t = t->next) {
						*tail = with_suffix(t, pp, best);
						tail = &(*tail)->next;
					}
					n = expand_list(x, targets, nb, cond, opt, depth + 1);
				} else {
					n = expand_list(x, a->points, nb, cond, opt, depth + 1);
				}
				x->depth--;
				x->wild -= pp->wildcard;
				if (n < 0)
					return -1;
				total += n;
				break;  /* one alias definition counts once, whatever its names */
			}
		}
		if (!total && !opt && !pp->wildcard && !x->wild) {
			report(x, pp, "no match for probe point (every alternative was optional "
			       "and none could be used)");
			return -1;
		}
		return total;
	}
	fr = families_resolve(r->families, pp);
	if (fr.status == FAMILY_OK) {
		r->expanded += fr.n;
		if (r->expanded > MAX_EXPANDED_POINTS) {
			report(x, pp, arena_printf("too many probe points after alias expansion "
						   "(limit is %d)", MAX_EXPANDED_POINTS));
			return -1;
		}
		for (int i = 0; i < fr.n; i++) {
			/* a family may make a point optional itself (module globs) */
			fr.points[i]->may_fail = opt || fr.points[i]->may_fail;
			if (x->depth)
				hash_map_put(&listed, fr.points[i], x->names[0]->text);
			x->out = grow(x->out, x->n, &x->cap, sizeof *x->out);
			x->out[x->n++] = (struct derived){ .pp = fr.points[i], .body = body,
							   .cond = cond };
		}
		return fr.n;
	}
	if (opt) {
		note_dropped(x, pp, fr.why);
		return 0;
	}
	switch (fr.status) {
	case FAMILY_NO_MATCH: {
		const char *sim = similar_aliases(r, pp);

		if (strcmp(fr.why, "no match for probe point") == 0)
			report(x, pp, sim ? arena_printf("no match for probe point "
							 "(similar: %s)", sim)
				       : fr.why);
		else
			report(x, pp, arena_printf("no match for probe point (%s)",
						   families_explain(r->families, &fr)));
		break;
	}
	case FAMILY_INVALID:
	case FAMILY_UNSUPPORTED:
		report(x, pp, fr.why);
		break;
	case FAMILY_OK:
		break;
	}
	return -1;
}

static struct stmt *guard(struct stmt *body, struct expr *cond)
{
	struct stmt *s;

	if (!cond)
		return body;
	s = arena_alloc(sizeof *s);
	s->kind = STMT_IF;
	s->loc = cond->loc;
	s->what = cond->what;
	s->if_.cond = cond;
	s->if_.then = body;
	return s;
}

/* The probes P expands to, appended at *TAIL; returns -1 on error. */
static int expand_probe(struct resolver *r, struct probe *p, struct probe ***tail)
{
	struct expansion_ctx x = { .r = r };
	bool body_used = false;
	int errors = 0;

	struct chain ch = { 0 };

	for (struct probe_point *pp = p->points; pp; pp = pp->next) {
		int n, first = x.n;

		x.user_pp = pp;
		x.depth = 0;
		chain_start(&ch);
		n = expand_point(&x, pp, p->body, NULL, false, 0);
		if (!chain_step(&ch, pp, n)) {
			errors++;
			continue;
		}
		if (n < 0)
			continue;
		for (int i = first; i < x.n; i++)
			if (strcmp(x.out[i].pp->text, pp->text) != 0)
				hash_map_put(&origins, x.out[i].pp, pp->text);
		if (pp->sufficient && n > 0)
			break;
	}
	if (chain_end(&ch))
		errors++;
	if (errors)
		return -1;
	/* one probe per distinct (body, condition), in order of first use */
	for (int i = 0; i < x.n; i++) {
		struct probe *np;
		struct probe_point **pt;

		if (!x.out[i].pp)
			continue;
		np = arena_alloc(sizeof *np);
		*np = *p;
		np->next = NULL;
		np->points = NULL;
		pt = &np->points;
		for (int j = i; j < x.n; j++) {
			if (!x.out[j].pp || x.out[j].body != x.out[i].body ||
			    x.out[j].cond != x.out[i].cond)
				continue;
			*pt = x.out[j].pp;
			(*pt)->next = NULL;
			pt = &(*pt)->next;
			if (j != i)
				x.out[j].pp = NULL;
		}
		if (x.out[i].body == p->body && !x.out[i].cond && !body_used) {
			np->body = p->body;
			body_used = true;
		} else {
			np->body = guard(ast_copy_stmt(x.out[i].body), ast_copy_expr(x.out[i].cond));
		}
		x.out[i].pp = NULL;
		**tail = np;
		*tail = &np->next;
	}
	return 0;
}

/* ---- reachability, clean-up, checks ---- */

struct reach {
	struct resolver *r;
	struct hash_map used_fns;     /* function node -> itself */
	struct hash_map used_names;   /* interned variable names */
	struct hash_map called;       /* interned function names already followed */
	struct function **stack;
	int n, cap;
};

/* A call reaches every definition of its name (overloads). */
static void reach_call(struct walk *w, struct expr *e)
{
	struct reach *rc = w->arg;
	const char *name = iname(e->call.name);

	/* a name's definitions are all pushed the first time it is called */
	if (!hash_map_get(&rc->r->defined_functions, name) || hash_map_get(&rc->called, name))
		return;
	hash_map_put(&rc->called, name, e);
	for (struct function *f = rc->r->prog->functions; f; f = f->next) {
		if (strcmp(f->name, name) != 0 || hash_map_get(&rc->used_fns, f))
			continue;
		hash_map_put(&rc->used_fns, f, f);
		rc->stack = grow(rc->stack, rc->n, &rc->cap, sizeof *rc->stack);
		rc->stack[rc->n++] = f;
	}
}

static void reach_var(struct walk *w, struct expr *e)
{
	struct reach *rc = w->arg;

	hash_map_put(&rc->used_names, iname(e->var.name), e);
}

static void prune_library(struct resolver *r)
{
	struct reach rc = { .r = r };
	struct walk w = { .call = reach_call, .var = reach_var, .arg = &rc };
	struct program *prog = r->prog;

	for (struct probe *p = prog->probes; p; p = p->next)
		walk_stmt(&w, p->body);
	while (rc.n) {
		struct function *f = rc.stack[--rc.n];

		walk_stmt(&w, f->body);
	}
	for (struct function **fp = &prog->functions; *fp;) {
		struct function *f = *fp;

		if (!hash_map_get(&rc.used_fns, f) && hash_map_get(&r->lib_nodes, f)) {
			*fp = f->next;
			continue;
		}
		/* unused script functions: warned about and removed by optimize.c */
		fp = &f->next;
	}
	for (struct symbol **gp = &prog->globals; *gp;) {
		struct symbol *g = *gp;

		if (!hash_map_get(&rc.used_names, iname(g->name)) && hash_map_get(&r->lib_nodes, g)) {
			*gp = g->next;
			continue;
		}
		gp = &g->next;
	}
	hash_map_free(&rc.used_fns);
	hash_map_free(&rc.used_names);
	hash_map_free(&rc.called);
}

static void check_write(struct walk *w, struct expr *target)
{
	struct resolver *r = w->arg;

	if (target->kind == EXPR_TARGET && !r->s->guru)
		diag_semantic_error(target->loc, target->what,
				    "writing to a target variable needs guru mode (stap -g)");
}

static void check_guru(struct resolver *r)
{
	struct walk w = { .write = check_write, .arg = r };

	for (struct probe *p = r->prog->probes; p; p = p->next)
		walk_stmt(&w, p->body);
	for (struct function *f = r->prog->functions; f; f = f->next)
		walk_stmt(&w, f->body);
	for (struct alias *a = r->prog->aliases; a; a = a->next)
		walk_stmt(&w, a->body);
}

/* ---- the pass ---- */

int resolve_program(struct session *s, struct program *prog)
{
	int before = diag_error_count();
	struct resolver r = { .s = s, .prog = prog };
	struct probe *probes, *next, **tail;
	int index = 0;

	/* checks on the script as written (tapset code is trusted) */
	check_guru(&r);
	for (struct function *f = prog->functions; f; f = f->next) {
		hash_map_put(&r.defined_functions, iname(f->name), f);
		add_body(&r, f->body, f);
	}
	for (struct symbol *g = prog->globals; g; g = g->next)
		hash_map_put(&r.defined_globals, iname(g->name), g);
	for (struct alias *a = prog->aliases; a; a = a->next) {
		add_body(&r, a->body, NULL);
		add_points(&r, a->points);
	}
	for (struct probe *p = prog->probes; p; p = p->next) {
		add_body(&r, p->body, NULL);
		add_points(&r, p->points);
	}

	load_library(&r);
	pull_in(&r);

	r.families = families_new(s);
	probes = prog->probes;
	prog->probes = NULL;
	tail = &prog->probes;
	for (struct probe *p = probes; p; p = next) {
		next = p->next;
		expand_probe(&r, p, &tail);
	}
	if (diag_error_count() == before)
		target_vars_lower(s, prog);
	for (struct probe *p = prog->probes; p; p = p->next)
		p->index = index++;
	prog->nprobes = index;
	prog->aliases = NULL;       /* all expanded */
	if (diag_error_count() == before)
		prune_library(&r);

	families_free(r.families);
	hash_map_free(&r.defined_functions);
	hash_map_free(&r.defined_globals);
	hash_map_free(&r.lib_nodes);
	for (int k = 0; k < 3; k++)
		hash_map_free(&r.lib.by_name[k]);
	return diag_error_count() - before;
}
