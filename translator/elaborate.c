/*
 * elaborate.c - pass 2's driver.  Three steps over the parse tree (step 2
 * lives in bind.c, step 3 in infer.c; elaborate_ctx.h joins them):
 *  1. probe points: each family checks its points' arguments
 *     (probe_families.h: a timer's period, a kretprobe's maxactive);
 *  2. resolution: every identifier becomes a function parameter, a global
 *     (declared anywhere in the script) or else a local of its probe or
 *     function; calls bind to built-ins or user functions with the right
 *     number of arguments; printf formats are parsed; statements that make
 *     no sense where they stand (break outside loops, return in probes) are
 *     rejected; which bodies touch globals is recorded, then propagated
 *     through the call graph.  A global used with keys is an array (its
 *     first use fixes the arity); one that `<<<` adds to is a statistic,
 *     read only through @count ... @hist_*; the body of a foreach must not
 *     change its array; which globals are read and written is recorded for
 *     the end-of-session display;
 *  3. types: every variable, function, array key and array value is long
 *     or string.  Inference runs over all bodies until nothing changes, then
 *     once more reporting mismatches; whatever is still unknown is an error.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "ast_walk.h"
#include "elaborate.h"
#include "elaborate_ctx.h"
#include "stat_hist.h"
#include "builtins.h"
#include "regex_use.h"
#include "resolve.h"
#include "unsupported.h"
#include "overload.h"
#include "probe_families.h"
#include "format.h"

/* ---- driver ---- */

static void check_unresolved(struct symbol *list)
{
	for (struct symbol *sym = list; sym; sym = sym->next) {
		if (sym->type == TYPE_UNKNOWN && (sym->used || sym->kind == SYM_PARAM)) {
			diag_semantic_error(sym->loc, sym->what, "unresolved type");
			continue;
		}
		for (int i = 0; i < sym->nkeys; i++)
			if (sym->key_types[i] == TYPE_UNKNOWN) {
				diag_semantic_error(sym->loc, sym->what,
						    "unresolved type of key %d of array '%s'", i + 1,
						    sym->name);
				break;
			}
	}
}

int elaborate(struct session *s, struct program *prog)
{
	int before = diag_error_count();
	struct body_ctx cx = { .s = s, .prog = prog };
	bool more;

	unsupported_skip_badvars(s->skip_badvars);
	if (reject_unsupported(prog))
		return diag_error_count() - before;
	overload_link(prog);
	for (struct probe *p = prog->probes; p; p = p->next)
		for (struct probe_point *pp = p->points; pp; pp = pp->next)
			if (pp->family->check)
				pp->family->check(pp);
	for (struct function *f = prog->functions; f; f = f->next)
		if (builtin_find(f->name))
			diag_semantic_error(f->loc, f->what,
					    "function '%s' conflicts with a built-in function",
					    f->name);
	for (struct symbol *g = prog->globals; g; g = g->next)
		if (g->init)
			g->type = g->init->kind == EXPR_STRING ? TYPE_STRING : TYPE_LONG;

	/* resolution */
	add_implicit_globals(prog);
	for (struct probe *p = prog->probes; p; p = p->next) {
		struct body_ctx pc = { .s = s, .prog = prog, .probe = p, .locals = &p->locals };

		resolve_stmt(&pc, p->body);
		p->touches_globals = pc.touches_globals;
		p->callees = pc.callees;
		p->ncallees = pc.ncallees;
	}
	/* Functions are resolved once a resolved body calls them (resolve_call
	 * marks them used); the ones no probe reaches are elided unexamined. */
	do {
		more = false;
		for (struct function *f = prog->functions; f; f = f->next) {
			if (!f->used || f->resolved)
				continue;
			struct body_ctx fc = { .s = s, .prog = prog, .fn = f, .locals = &f->locals };

			f->resolved = more = true;
			if (f->body)
				resolve_stmt(&fc, f->body);
			else
				link_embedded_globals(&fc, f);
			f->touches_globals = fc.touches_globals;
			f->callees = fc.callees;
			f->ncallees = fc.ncallees;
			f->ret = f->declared != TYPE_UNKNOWN ? f->declared
				 : f->has_value_return ? TYPE_UNKNOWN : TYPE_VOID;
		}
	} while (more);
	do {
		more = false;
		for (struct function *f = prog->functions; f; f = f->next)
			for (int i = 0; i < f->ncallees; i++)
				if (f->callees[i]->touches_globals && !f->touches_globals)
					f->touches_globals = more = true;
	} while (more);
	for (struct probe *p = prog->probes; p; p = p->next)
		for (int i = 0; i < p->ncallees; i++)
			if (p->callees[i]->touches_globals)
				p->touches_globals = true;
	regex_check_captures(prog);
	if (diag_error_count() != before)
		return diag_error_count() - before;

	/* types: to a fixed point, then once more reporting */
	for (;;) {
		cx.changed = false;
		cx.report = false;
		for (struct function *f = prog->functions; f; f = f->next) {
			cx.fn = f;
			if (f->used && f->body)
				infer_stmt(&cx, f->body);
		}
		cx.fn = NULL;
		for (struct probe *p = prog->probes; p; p = p->next)
			infer_stmt(&cx, p->body);
		if (!cx.changed)
			break;
	}
	cx.report = true;
	for (struct function *f = prog->functions; f; f = f->next) {
		cx.fn = f;
		if (f->used && f->body)
			infer_stmt(&cx, f->body);
	}
	cx.fn = NULL;
	for (struct probe *p = prog->probes; p; p = p->next)
		infer_stmt(&cx, p->body);

	for (struct symbol *g = prog->globals; g; g = g->next)
		if (!g->used && g->type == TYPE_UNKNOWN)
			diag_warning(g->loc, g->what, "eliding unused variable");
	for (struct symbol *g = prog->globals; g; g = g->next)
		if ((g->is_array || g->wrap) && !g->nkeys && g->used)
			diag_semantic_error(g->loc, g->what, "array '%s' is never used with keys",
					    g->name);
	check_unresolved(prog->globals);
	for (struct function *f = prog->functions; f; f = f->next) {
		if (!f->used)
			continue;
		check_unresolved(f->params);
		check_unresolved(f->locals);
		for (int i = 0; i < f->neglobals; i++)
			if (f->eglobals[i].sym->is_stat)
				diag_semantic_error(f->loc, f->what, "STAP_GLOBAL_%s_%s: a statistic is "
						    "not reachable from embedded code",
						    f->eglobals[i].write ? "SET" : "GET",
						    f->eglobals[i].sym->name);
		if (f->ret == TYPE_UNKNOWN)
			diag_semantic_error(f->loc, f->what, "unresolved return type of function '%s'",
					    f->name);
	}
	for (struct probe *p = prog->probes; p; p = p->next)
		check_unresolved(p->locals);
	return diag_error_count() - before;
}

/* ---- -p2 ---- */

static void print_symbols(FILE *out, const struct symbol *list, const char *indent)
{
	for (const struct symbol *sym = list; sym; sym = sym->next)
		fprintf(out, "%s%s:%s\n", indent, sym->name, type_name(sym->type));
}

void elaborate_print(FILE *out, const struct program *prog)
{
	bool any = false;

	fputs("# globals\n", out);
	for (const struct symbol *g = prog->globals; g; g = g->next)
		if (g->used || g->type != TYPE_UNKNOWN) {
			fprintf(out, "%s:%s", g->name, g->is_stat ? "stat" : type_name(g->type));
			for (int i = 0; i < g->nkeys; i++)
				fprintf(out, "%s%s", i ? ", " : " [", type_name(g->key_types[i]));
			fputs(g->nkeys ? "]\n" : "\n", out);
		}
	for (const struct function *f = prog->functions; f; f = f->next) {
		if (!f->used)
			continue;
		if (!any)
			fputs("# functions\n", out);
		any = true;
		fprintf(out, "%s:%s (", f->name, type_name(f->ret));
		for (const struct symbol *p = f->params; p; p = p->next)
			fprintf(out, "%s%s:%s", p == f->params ? "" : ", ", p->name,
				type_name(p->type));
		fputs(")\n", out);
		if (f->locals) {
			fputs("  # locals\n", out);
			print_symbols(out, f->locals, "  ");
		}
	}
	fputs("# probes\n", out);
	for (const struct probe *p = prog->probes; p; p = p->next) {
		for (const struct probe_point *pp = p->points; pp; pp = pp->next) {
			fprintf(out, "%s /* <- %s */\n", pp->text, resolve_origin(pp));
			if (p->locals) {
				fputs("  # locals\n", out);
				print_symbols(out, p->locals, "  ");
			}
		}
	}
}
