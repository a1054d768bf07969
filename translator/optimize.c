/*
 * optimize.c - pass 2 optimization over the resolved tree, before type
 * inference (elaborate.c), so that what is removed here is never typed or
 * translated.  Rounds repeat until nothing changes:
 *
 *  1. Folding: integer arithmetic with 64-bit wrap-around (shift counts
 *     taken modulo 64 and '>>' arithmetic, as the generated C does),
 *     comparisons of two numbers or two strings, '!', '&&' / '||' with a
 *     constant left side (the right one dropped only when it can go),
 *     '?:' with a constant condition (the dead arm must be plainly typed
 *     like the live one), and '.' of two string literals.  A division or
 *     modulo by zero (or of INT64_MIN by -1) is left for the runtime to
 *     report.
 *  2. Dead branches: 'if' with a constant condition keeps its live arm,
 *     'while' and 'for' whose condition is constant false keep only the
 *     'for' init.
 *  3. Unused functions: those no probe reaches (transitively) are removed;
 *     the script's own are warned about.  Functions named like a built-in
 *     stay for elaborate.c to reject.
 *  4. Unused locals: 'x = E' where no code anywhere reads the name x, x
 *     is no global and E can go is removed; one warning per variable and
 *     body.
 *  5. Side-effect-free expression statements that can go are removed with
 *     a warning.
 *
 * An expression "can go" when it has no side effects and is plainly well
 * typed: from literals, from locals all of whose assignments are plainly
 * typed, and from calls of pure built-ins or pure embedded-C functions
 * with declared types whose arguments plainly match.  Code whose types
 * depend on inference stays, so elaborate.c still reports type errors.
 * For the same reason a dead branch stays when it names a global, a
 * parameter or a variable the rest of the body names (its writes may be
 * what types them).
 *
 * After the rounds, globals no remaining code names (nor any embedded C
 * mentions) are removed with a warning; a global that is written but never
 * read is kept (the end of the session prints it).
 *
 * Side effects: assignments, ++/--, regex matches (they set what
 * matched() reads; always counted, as whether the script reads submatches
 * is only known after resolution), target variables, statistics
 * extractors, @-operators, embedded C expressions, '/' and '%' unless by a
 * constant other than 0 and -1, calls to built-ins other than the pure
 * string and number ones, calls to script functions and to embedded-C
 * functions without the pure-marker comment (see function_pure), and
 * reads of globals (so that type inference still sees and reports their
 * misuse).  An assignment to an unread local whose value
 * has effects is kept whole.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast_walk.h"
#include "builtins.h"
#include "diag.h"
#include "hash_map.h"
#include "optimize.h"

#define MAX_ROUNDS 16

/* ---- the optimizer's state ---- */

/* Per body, each variable name: how often it occurs, and the plain type of
 * every value assigned to it with '=' (TYPE_VOID when they differ or it is
 * written otherwise; TYPE_UNKNOWN when it is never written). */
struct local_types {
	const char **names;          /* open addressing, cap a power of two */
	enum type *types;
	int *counts;
	size_t n, cap;
};

struct optimizer {
	struct session *s;
	struct program *prog;
	const struct source *user;
	bool changed;
	struct hash_map globals;      /* declared global names */
	struct hash_map read;         /* names read anywhere reachable */
	struct hash_map referenced;   /* names appearing anywhere reachable */
	struct hash_map warned;       /* "BODY-ADDRESS/NAME" of warned locals */
	const struct function *fn;   /* the function being rewritten, or NULL */
	const void *body_key;        /* the probe or function being rewritten */
	struct local_types lt;       /* of that body */
};

static bool from_user(const struct optimizer *o, struct srcloc loc)
{
	return o->user && loc.src == o->user;
}

static struct function *find_function(const struct program *prog, const char *name)
{
	for (struct function *f = prog->functions; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* The definition of NAME when it has exactly one (an overloaded function
 * is never treated as pure: its candidates run at run time's choice). */
static struct function *sole_function(const struct program *prog, const char *name)
{
	struct function *f = find_function(prog, name);

	for (struct function *g = f ? f->next : NULL; g; g = g->next)
		if (strcmp(g->name, name) == 0)
			return NULL;
	return f;
}

static bool is_param(const struct function *fn, const char *name)
{
	if (fn)
		for (const struct symbol *p = fn->params; p; p = p->next)
			if (strcmp(p->name, name) == 0)
				return true;
	return false;
}

/* NAME refers to a global in the current body (parameters shadow). */
static bool is_global(const struct optimizer *o, const char *name)
{
	return hash_map_has(&o->globals, name) && !is_param(o->fn, name);
}


/* ---- side effects ---- */

static bool expr_pure(struct optimizer *o, const struct expr *e);

static bool list_pure(struct optimizer *o, struct expr *const *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v && v[i] && !expr_pure(o, v[i]))
			return false;
	return true;
}

/* Script functions count as effects (they may write globals, loop to the
 * action limit, or raise errors); embedded C is pure when it says so. */
static bool function_pure(const struct function *f)
{
	return f->embedded && strstr(f->embedded, "/* pure */");
}

static bool call_pure(struct optimizer *o, const struct expr *e)
{
	struct function *f = sole_function(o->prog, e->call.name);
	const struct libfn *lib;

	if (!list_pure(o, e->call.args, e->call.nargs))
		return false;
	if (builtin_name_taken(e->call.name)) {
		if (strcmp(e->call.name, "sprintf") == 0 || strcmp(e->call.name, "strlen") == 0)
			return true;
		lib = libfn_find(e->call.name);
		return lib && libfn_pure(lib);
	}
	return f && function_pure(f);
}

static bool expr_pure(struct optimizer *o, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
		return true;
	case EXPR_VAR:
		/* misuse of a global (an array without keys, a statistic as a
		 * value) is only found by type inference, which must see it */
		return !is_global(o, e->var.name);
	case EXPR_UNARY:
		return expr_pure(o, e->unary.operand);
	case EXPR_BINARY:
		if (e->binary.op == OP_DIV || e->binary.op == OP_MOD) {
			const struct expr *r = e->binary.right;

			if (r->kind != EXPR_NUMBER || r->num == 0 || r->num == -1)
				return false;
		}
		/* fall through */
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
		return expr_pure(o, e->binary.left) && expr_pure(o, e->binary.right);
	case EXPR_REGEX:
		/* sets the hit's last match, which matched() reads */
		return false;
	case EXPR_TERNARY:
		return expr_pure(o, e->ternary.cond) && expr_pure(o, e->ternary.then) &&
		       expr_pure(o, e->ternary.otherwise);
	case EXPR_CALL:
		return call_pure(o, e);
	case EXPR_INDEX:
		return expr_pure(o, e->index.base) && list_pure(o, e->index.idx, e->index.n);
	case EXPR_IN:
		return list_pure(o, e->in.keys, e->in.nkeys);
	case EXPR_ASSIGN:
	case EXPR_INCDEC:
	case EXPR_TARGET:
	case EXPR_STAT:
	case EXPR_ATCALL:
	case EXPR_EMBEDDED:
		break;
	}
	return false;
}

static enum type local_type(const struct local_types *lt, const char *name);
static enum type call_type(const struct optimizer *o, const struct expr *e);

/* The type of E when it is plainly well typed from literals and locals
 * whose every assignment is itself plainly typed (TYPE_UNKNOWN otherwise): only such code is removed, so that type errors
 * in it are still reported by elaborate.c. */
static enum type plain_type(const struct optimizer *o, const struct expr *e)
{
	enum type l, r;

	switch (e->kind) {
	case EXPR_NUMBER:
		return TYPE_LONG;
	case EXPR_STRING:
		return TYPE_STRING;
	case EXPR_VAR: {
		enum type t;

		if (is_global(o, e->var.name) || is_param(o->fn, e->var.name))
			return TYPE_UNKNOWN;
		t = local_type(&o->lt, e->var.name);
		return t == TYPE_VOID ? TYPE_UNKNOWN : t;
	}
	case EXPR_UNARY:
		return plain_type(o, e->unary.operand) == TYPE_LONG ? TYPE_LONG : TYPE_UNKNOWN;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
		l = plain_type(o, e->binary.left);
		r = plain_type(o, e->binary.right);
		return l == TYPE_LONG && r == TYPE_LONG ? TYPE_LONG : TYPE_UNKNOWN;
	case EXPR_COMPARE:
		l = plain_type(o, e->binary.left);
		r = plain_type(o, e->binary.right);
		return l != TYPE_UNKNOWN && l == r ? TYPE_LONG : TYPE_UNKNOWN;
	case EXPR_CONCAT:
		l = plain_type(o, e->binary.left);
		r = plain_type(o, e->binary.right);
		return l == TYPE_STRING && r == TYPE_STRING ? TYPE_STRING : TYPE_UNKNOWN;
	case EXPR_CALL:
		return call_type(o, e);
	case EXPR_TERNARY:
		if (plain_type(o, e->ternary.cond) != TYPE_LONG)
			return TYPE_UNKNOWN;
		l = plain_type(o, e->ternary.then);
		r = plain_type(o, e->ternary.otherwise);
		return l == r ? l : TYPE_UNKNOWN;
	default:
		return TYPE_UNKNOWN;
	}
}

/* The result type of a call whose arguments plainly have the types the
 * callee declares: pure library functions, strlen, and embedded-C functions
 * marked pure with every type declared. */
static enum type call_type(const struct optimizer *o, const struct expr *e)
{
	const struct libfn *lib;
	const struct function *f;

	if (strcmp(e->call.name, "strlen") == 0)
		return e->call.nargs == 1 && plain_type(o, e->call.args[0]) == TYPE_STRING ?
		       TYPE_LONG : TYPE_UNKNOWN;
	if (builtin_name_taken(e->call.name)) {
		lib = libfn_find(e->call.name);
		if (!lib || !libfn_pure(lib) || lib->nargs != e->call.nargs)
			return TYPE_UNKNOWN;
		for (int i = 0; i < lib->nargs; i++)
			if (plain_type(o, e->call.args[i]) != lib->args[i])
				return TYPE_UNKNOWN;
		return lib->ret;
	}
	f = sole_function(o->prog, e->call.name);
	if (!f || !function_pure(f) || f->declared == TYPE_UNKNOWN || f->nparams != e->call.nargs)
		return TYPE_UNKNOWN;
	int i = 0;

	for (const struct symbol *p = f->params; p; p = p->next, i++)
		if (p->type == TYPE_UNKNOWN || plain_type(o, e->call.args[i]) != p->type)
			return TYPE_UNKNOWN;
	return f->declared;
}

/* E can go away: no effects, and nothing for type inference to report. */
static bool removable(struct optimizer *o, const struct expr *e)
{
	return expr_pure(o, e) && plain_type(o, e) != TYPE_UNKNOWN;
}

/* ---- folding ---- */

static struct expr *number(const struct expr *at, int64_t v)
{
	struct expr *n = arena_alloc(sizeof *n);

	n->kind = EXPR_NUMBER;
	n->loc = at->loc;
	n->what = at->what;
	n->num = v;
	return n;
}

static struct expr *string(const struct expr *at, const char *v)
{
	struct expr *n = arena_alloc(sizeof *n);

	n->kind = EXPR_STRING;
	n->loc = at->loc;
	n->what = at->what;
	n->str = v;
	return n;
}

static bool is_num(const struct expr *e)
{
	return e && e->kind == EXPR_NUMBER;
}

static bool is_str(const struct expr *e)
{
	return e && e->kind == EXPR_STRING;
}

/* Folds L OP R into *OUT; false when it must stay for the runtime. */
static bool fold_arith(enum op op, int64_t l, int64_t r, int64_t *out)
{
	uint64_t ul = (uint64_t)l, ur = (uint64_t)r;

	switch (op) {
	case OP_ADD:
		*out = (int64_t)(ul + ur);
		return true;
	case OP_SUB:
		*out = (int64_t)(ul - ur);
		return true;
	case OP_MUL:
		*out = (int64_t)(ul * ur);
		return true;
	case OP_DIV:
	case OP_MOD:
		if (r == 0 || r == -1)
			return false;
		*out = op == OP_DIV ? l / r : l % r;
		return true;
	case OP_SHL:
		*out = (int64_t)(ul << (r & 63));
		return true;
	case OP_SHR:
		*out = l >> (r & 63);
		return true;
	case OP_USHR:
		*out = (int64_t)(ul >> (r & 63));
		return true;
	case OP_BAND:
		*out = l & r;
		return true;
	case OP_BOR:
		*out = l | r;
		return true;
	case OP_BXOR:
		*out = l ^ r;
		return true;
	default:
		return false;
	}
}

static bool compare(enum op op, int c)
{
	switch (op) {
	case OP_EQ:
		return c == 0;
	case OP_NE:
		return c != 0;
	case OP_LT:
		return c < 0;
	case OP_GT:
		return c > 0;
	case OP_LE:
		return c <= 0;
	default:
		return c >= 0;
	}
}

static struct expr *fold(struct optimizer *o, struct expr *e);

static void fold_list(struct optimizer *o, struct expr **v, int n)
{
	for (int i = 0; i < n; i++)
		if (v && v[i])
			v[i] = fold(o, v[i]);
}

static struct expr *fold_opt(struct optimizer *o, struct expr *e)
{
	return e ? fold(o, e) : NULL;
}

static struct expr *folded(struct optimizer *o, struct expr *e)
{
	o->changed = true;
	return e;
}

static struct expr *fold(struct optimizer *o, struct expr *e)
{
	struct expr *l, *r;
	int64_t v;

	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
	case EXPR_VAR:
	case EXPR_EMBEDDED:
		break;
	case EXPR_UNARY:
		e->unary.operand = fold(o, e->unary.operand);
		if (!is_num(e->unary.operand))
			break;
		v = e->unary.operand->num;
		switch (e->unary.op) {
		case OP_NEG:
			return folded(o, number(e, (int64_t)(0 - (uint64_t)v)));
		case OP_PLUS:
			return folded(o, number(e, v));
		case OP_BNOT:
			return folded(o, number(e, ~v));
		case OP_NOT:
			return folded(o, number(e, v == 0));
		default:
			break;
		}
		break;
	case EXPR_BINARY:
		l = e->binary.left = fold(o, e->binary.left);
		r = e->binary.right = fold(o, e->binary.right);
		if (is_num(l) && is_num(r) && !(l->num == INT64_MIN && r->num == -1) &&
		    fold_arith(e->binary.op, l->num, r->num, &v))
			return folded(o, number(e, v));
		break;
	case EXPR_COMPARE:
		l = e->binary.left = fold(o, e->binary.left);
		r = e->binary.right = fold(o, e->binary.right);
		if (is_num(l) && is_num(r))
			return folded(o, number(e, compare(e->binary.op,
							   (l->num > r->num) - (l->num < r->num))));
		if (is_str(l) && is_str(r))
			return folded(o, number(e, compare(e->binary.op, strcmp(l->str, r->str))));
		break;
	case EXPR_LOGICAL: {
		bool and = e->binary.op == OP_LAND;

		l = e->binary.left = fold(o, e->binary.left);
		r = e->binary.right = fold(o, e->binary.right);
		if (!is_num(l))
			break;
		if ((and ? l->num == 0 : l->num != 0) && plain_type(o, r) == TYPE_LONG)
			return folded(o, number(e, !and));   /* decided: right not evaluated */
		if (is_num(r))
			return folded(o, number(e, r->num != 0));
		break;
	}
	case EXPR_CONCAT:
		l = e->binary.left = fold(o, e->binary.left);
		r = e->binary.right = fold(o, e->binary.right);
		if (is_str(l) && is_str(r))
			return folded(o, string(e, arena_printf("%s%s", l->str, r->str)));
		break;
	case EXPR_REGEX:
		e->binary.left = fold(o, e->binary.left);
		e->binary.right = fold(o, e->binary.right);
		break;
	case EXPR_TERNARY:
		e->ternary.cond = fold(o, e->ternary.cond);
		e->ternary.then = fold(o, e->ternary.then);
		e->ternary.otherwise = fold(o, e->ternary.otherwise);
		if (is_num(e->ternary.cond)) {
			struct expr *live = e->ternary.cond->num ? e->ternary.then : e->ternary.otherwise;
			struct expr *dead = e->ternary.cond->num ? e->ternary.otherwise : e->ternary.then;
			enum type t = plain_type(o, dead);

			/* the dead arm must not be what types the other */
			if (t != TYPE_UNKNOWN && (plain_type(o, live) == TYPE_UNKNOWN ||
						  plain_type(o, live) == t))
				return folded(o, live);
		}
		break;
	case EXPR_ASSIGN:
		e->assign.value = fold(o, e->assign.value);
		if (e->assign.target->kind != EXPR_VAR)
			e->assign.target = fold(o, e->assign.target);
		break;
	case EXPR_INCDEC:
		if (e->incdec.target->kind != EXPR_VAR)
			e->incdec.target = fold(o, e->incdec.target);
		break;
	case EXPR_CALL:
	case EXPR_STAT:
	case EXPR_ATCALL:
		fold_list(o, e->call.args, e->call.nargs);
		break;
	case EXPR_INDEX:
		fold_list(o, e->index.idx, e->index.n);
		break;
	case EXPR_IN:
		fold_list(o, e->in.keys, e->in.nkeys);
		break;
	case EXPR_TARGET:
		e->target.operand = fold_opt(o, e->target.operand);
		for (int i = 0; i < e->target.nsteps; i++)
			e->target.steps[i].index = fold_opt(o, e->target.steps[i].index);
		break;
	}
	return e;
}

/* ---- uses: reachability, reads and references ---- */

struct uses {
	struct optimizer *o;
	bool follow;                 /* walk into called functions */
	struct function **stack;
	int n, cap;
	struct hash_map reached;      /* function names */
	struct hash_map *read, *referenced;
	struct local_types *lt;      /* or NULL */
};

/* FNV-1a of NAME (local_types keeps three values a name, so it has its own
 * table rather than hash_map's one value). */
static size_t hash_str(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of NAME in LT (empty when absent); LT has room. */
static size_t lt_slot(const struct local_types *lt, const char *name)
{
	size_t i = hash_str(name) & (lt->cap - 1);

	while (lt->names[i] && strcmp(lt->names[i], name) != 0)
		i = (i + 1) & (lt->cap - 1);
	return i;
}

static void lt_free(struct local_types *lt)
{
	free(lt->names);
	free(lt->types);
	free(lt->counts);
	*lt = (struct local_types){ 0 };
}

static void lt_grow(struct local_types *lt)
{
	struct local_types bigger = { .cap = lt->cap ? 2 * lt->cap : 64 };

	bigger.names = calloc(bigger.cap, sizeof *bigger.names);
	bigger.types = calloc(bigger.cap, sizeof *bigger.types);
	bigger.counts = calloc(bigger.cap, sizeof *bigger.counts);
	if (!bigger.names || !bigger.types || !bigger.counts)
		internal_error("out of memory");
	for (size_t i = 0; i < lt->cap; i++)
		if (lt->names[i]) {
			size_t j = lt_slot(&bigger, lt->names[i]);

			bigger.names[j] = lt->names[i];
			bigger.types[j] = lt->types[i];
			bigger.counts[j] = lt->counts[i];
			bigger.n++;
		}
	lt_free(lt);
	*lt = bigger;
}

/* The slot of NAME, added (never written, no occurrence) when absent. */
static size_t lt_entry(struct local_types *lt, const char *name)
{
	size_t i;

	if (2 * (lt->n + 1) > lt->cap)
		lt_grow(lt);
	i = lt_slot(lt, name);
	if (!lt->names[i]) {
		lt->names[i] = name;
		lt->types[i] = TYPE_UNKNOWN;
		lt->counts[i] = 0;
		lt->n++;
	}
	return i;
}

static void lt_clear(struct local_types *lt)
{
	if (lt->cap)
		memset(lt->names, 0, sizeof *lt->names * lt->cap);
	lt->n = 0;
}

static int lt_count(const struct local_types *lt, const char *name)
{
	size_t i;

	if (!lt->cap)
		return 0;
	i = lt_slot(lt, name);
	return lt->names[i] ? lt->counts[i] : 0;
}

static void note_type(struct uses *u, const struct expr *target, enum type t)
{
	struct local_types *lt = u->lt;
	size_t i;

	if (!lt || target->kind != EXPR_VAR || is_global(u->o, target->var.name))
		return;
	if (t == TYPE_UNKNOWN)
		t = TYPE_VOID;
	i = lt_entry(lt, target->var.name);
	if (lt->types[i] == TYPE_UNKNOWN)
		lt->types[i] = t;
	else if (lt->types[i] != t)
		lt->types[i] = TYPE_VOID;
}

static enum type local_type(const struct local_types *lt, const char *name)
{
	size_t i;

	if (!lt->cap)
		return TYPE_VOID;
	i = lt_slot(lt, name);
	return lt->names[i] && lt->types[i] != TYPE_UNKNOWN ? lt->types[i] : TYPE_VOID;
}

/* A call of NAME reaches every definition of it (overloads, overload.c). */
static void reach(struct uses *u, const char *name)
{
	struct function *f = find_function(u->o->prog, name);

	if (!u->follow || !f || hash_map_has(&u->reached, f->name))
		return;
	hash_map_put(&u->reached, f->name, f->name);
	for (; f; f = f->next) {
		if (strcmp(f->name, name) != 0)
			continue;
		if (u->n == u->cap) {
			size_t cap = (size_t)u->cap;

			u->stack = grow_array(u->stack, &cap, (size_t)u->n + 1, sizeof *u->stack,
					      INT_MAX, "functions to visit");
			u->cap = (int)cap;
		}
		u->stack[u->n++] = f;
	}
}

static void use_var(struct uses *u, const struct expr *e, bool write_only)
{
	hash_map_put(u->referenced, e->var.name, e->var.name);
	if (!write_only)
		hash_map_put(u->read, e->var.name, e->var.name);
	if (u->lt) {
		size_t i = lt_entry(u->lt, e->var.name);   /* may grow the table */

		u->lt->counts[i]++;
	}
}

/* E is written, not read, when it is a plain variable. */
static void use_written(struct ast_walk *w, struct expr *e)
{
	if (e->kind == EXPR_VAR)
		use_var(w->arg, e, true);
	else
		ast_walk_expr(w, &e);
}

static bool use_expr_hook(struct ast_walk *w, struct expr **ep)
{
	struct uses *u = w->arg;
	struct expr *e = *ep;
	bool plain;

	switch (e->kind) {
	case EXPR_VAR:
		use_var(u, e, false);
		return false;
	case EXPR_ASSIGN:
		plain = e->assign.op == OP_ASSIGN;
		note_type(u, e->assign.target, plain ? plain_type(u->o, e->assign.value) : TYPE_VOID);
		if (plain)
			use_written(w, e->assign.target);
		else
			ast_walk_expr(w, &e->assign.target);
		ast_walk_expr(w, &e->assign.value);
		return false;
	case EXPR_INCDEC:
		note_type(u, e->incdec.target, TYPE_VOID);
		return true;
	case EXPR_CALL:
		reach(u, e->call.name);
		return true;
	default:
		return true;
	}
}

static bool use_stmt_hook(struct ast_walk *w, struct stmt *s)
{
	struct uses *u = w->arg;

	switch (s->kind) {
	case STMT_DELETE:
		if (s->expr) {
			note_type(u, s->expr, TYPE_VOID);
			use_written(w, s->expr);
		}
		return false;
	case STMT_FOREACH:
		if (s->foreach.value) {
			note_type(u, s->foreach.value, TYPE_VOID);
			use_written(w, s->foreach.value);
		}
		for (int i = 0; i < s->foreach.nkeys; i++) {
			note_type(u, s->foreach.keys[i], TYPE_VOID);
			use_written(w, s->foreach.keys[i]);
		}
		ast_walk_expr(w, &s->foreach.array);
		ast_walk_list(w, s->foreach.slice, s->foreach.nslice);
		ast_walk_expr(w, &s->foreach.limit);
		ast_walk_stmt(w, s->foreach.body);
		return false;
	case STMT_TRY:
		ast_walk_stmt(w, s->try_.body);
		if (s->try_.catch_var) {
			note_type(u, s->try_.catch_var, TYPE_VOID);
			use_written(w, s->try_.catch_var);
		}
		ast_walk_stmt(w, s->try_.handler);
		return false;
	default:
		return true;
	}
}

/* The walk only reads the tree; its slots are not const for the passes
 * that rewrite through it. */
static void use_expr(struct uses *u, const struct expr *e)
{
	struct ast_walk w = { .expr = use_expr_hook, .stmt = use_stmt_hook, .arg = u };
	struct expr *slot = (struct expr *)e;

	ast_walk_expr(&w, &slot);
}

static void use_stmt(struct uses *u, const struct stmt *s)
{
	struct ast_walk w = { .expr = use_expr_hook, .stmt = use_stmt_hook, .arg = u };

	ast_walk_stmt(&w, (struct stmt *)s);
}

/* ---- statements ---- */

static struct stmt *empty(const struct stmt *at)
{
	struct stmt *s = arena_alloc(sizeof *s);

	s->kind = STMT_EMPTY;
	s->loc = at->loc;
	s->what = at->what;
	return s;
}

static struct stmt *expr_stmt(struct expr *e)
{
	struct stmt *s = arena_alloc(sizeof *s);

	s->kind = STMT_EXPR;
	s->loc = e->loc;
	s->what = e->what;
	s->expr = e;
	return s;
}

static void warn_local(struct optimizer *o, const struct expr *target)
{
	const char *key = arena_printf("%p/%s", o->body_key, target->var.name);

	if (hash_map_has(&o->warned, key))
		return;
	hash_map_put(&o->warned, key, key);
	if (from_user(o, target->loc))
		diag_warning(target->loc, target->what, "eliding unused variable '%s'",
			     target->var.name);
}

/* An expression statement, simplified: NULL when it goes away. */
static struct stmt *simplify_expr_stmt(struct optimizer *o, struct stmt *s)
{
	struct expr *e = s->expr;

	if (e->kind == EXPR_ASSIGN && e->assign.op == OP_ASSIGN &&
	    e->assign.target->kind == EXPR_VAR && !is_global(o, e->assign.target->var.name) &&
	    !hash_map_has(&o->read, e->assign.target->var.name)) {
		if (!removable(o, e->assign.value) ||
		    local_type(&o->lt, e->assign.target->var.name) == TYPE_VOID)
			return s;   /* kept whole: effects, or types to check */
		warn_local(o, e->assign.target);
		o->changed = true;
		return NULL;
	}
	if (removable(o, e)) {
		if (from_user(o, s->loc))
			diag_warning(s->loc, s->what, "eliding side-effect-free expression");
		o->changed = true;
		return NULL;
	}
	return s;
}

/* The code DEAD (statement) and DEAD_EXPR (either may be NULL), under a
 * constant condition, may go: it names no global and no parameter, and no
 * variable the rest of the body names (its writes may be what types them). */
static bool dead_removable(struct optimizer *o, const struct stmt *dead,
			   const struct expr *dead_expr)
{
	struct hash_map in = HASH_MAP_STRINGS, in_read = HASH_MAP_STRINGS;
	struct local_types counts = { 0 };
	struct uses u = { .o = o, .read = &in_read, .referenced = &in, .lt = &counts,
			  .reached = HASH_MAP_STRINGS };
	bool ok = true;

	use_stmt(&u, dead);
	if (dead_expr)
		use_expr(&u, dead_expr);
	/* the body's counts are from the start of the round: never lower */
	for (size_t i = 0; i < counts.cap && ok; i++)
		if (counts.names[i] && (hash_map_has(&o->globals, counts.names[i]) ||
					is_param(o->fn, counts.names[i]) ||
					lt_count(&o->lt, counts.names[i]) > counts.counts[i]))
			ok = false;
	hash_map_free(&in);
	hash_map_free(&in_read);
	lt_free(&counts);
	return ok;
}

static struct stmt *simplify(struct optimizer *o, struct stmt *s);

static struct stmt *simplify_opt(struct optimizer *o, struct stmt *s)
{
	return s ? simplify(o, s) : NULL;
}

static struct stmt *simplify(struct optimizer *o, struct stmt *s)
{
	struct stmt *r;

	switch (s->kind) {
	case STMT_BLOCK: {
		int n = 0;

		for (int i = 0; i < s->block.n; i++) {
			r = simplify(o, s->block.items[i]);
			if (r->kind == STMT_EMPTY) {
				o->changed = true;
				continue;
			}
			s->block.items[n++] = r;
		}
		s->block.n = n;
		return s;
	}
	case STMT_EXPR:
		s->expr = fold(o, s->expr);
		r = simplify_expr_stmt(o, s);
		return r ? r : empty(s);
	case STMT_RETURN:
		s->expr = fold_opt(o, s->expr);
		return s;
	case STMT_DELETE:
		if (s->expr && s->expr->kind != EXPR_VAR)
			s->expr = fold(o, s->expr);
		return s;
	case STMT_IF:
		s->if_.cond = fold(o, s->if_.cond);
		s->if_.then = simplify(o, s->if_.then);
		s->if_.otherwise = simplify_opt(o, s->if_.otherwise);
		if (is_num(s->if_.cond)) {
			struct stmt *dead = s->if_.cond->num ? s->if_.otherwise : s->if_.then;

			if (!dead_removable(o, dead, NULL))
				return s;
			o->changed = true;
			r = s->if_.cond->num ? s->if_.then : s->if_.otherwise;
			return r ? r : empty(s);
		}
		return s;
	case STMT_WHILE:
	case STMT_FOR:
		s->loop.init = fold_opt(o, s->loop.init);
		s->loop.cond = fold_opt(o, s->loop.cond);
		s->loop.incr = fold_opt(o, s->loop.incr);
		s->loop.body = simplify(o, s->loop.body);
		if (is_num(s->loop.cond) && s->loop.cond->num == 0 &&
		    dead_removable(o, s->loop.body, s->loop.incr)) {
			o->changed = true;
			return s->loop.init ? expr_stmt(s->loop.init) : empty(s);
		}
		return s;
	case STMT_FOREACH:
		fold_list(o, s->foreach.slice, s->foreach.nslice);
		s->foreach.limit = fold_opt(o, s->foreach.limit);
		s->foreach.body = simplify(o, s->foreach.body);
		return s;
	case STMT_TRY:
		s->try_.body = simplify(o, s->try_.body);
		s->try_.handler = simplify_opt(o, s->try_.handler);
		return s;
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_NEXT:
	case STMT_EMPTY:
		break;
	}
	return s;
}

/* A body that became a bare statement stays a block (codegen and the -p
 * printers expect probe and function bodies to be blocks). */
static struct stmt *simplify_body(struct optimizer *o, struct stmt *body)
{
	struct stmt *r;

	if (!body)
		return NULL;
	r = simplify(o, body);
	if (r->kind == STMT_BLOCK)
		return r;
	struct stmt *b = arena_alloc(sizeof *b);

	b->kind = STMT_BLOCK;
	b->loc = body->loc;
	b->what = body->what;
	if (r->kind != STMT_EMPTY) {
		b->block.items = arena_alloc(sizeof *b->block.items);
		b->block.items[0] = r;
		b->block.n = 1;
	}
	return b;
}

/* Recomputes the reached functions and the read / referenced names. */
static void collect_uses(struct optimizer *o, struct uses *u)
{
	hash_map_free(&o->read);
	hash_map_free(&o->referenced);
	u->follow = true;
	u->read = &o->read;
	u->referenced = &o->referenced;
	for (const struct probe *p = o->prog->probes; p; p = p->next) {
		for (const struct probe_point *pp = p->points; pp; pp = pp->next)
			if (pp->cond)
				use_expr(u, pp->cond);
		use_stmt(u, p->body);
	}
	while (u->n) {
		struct function *f = u->stack[--u->n];

		use_stmt(u, f->body);
	}
}

/* Drops the functions no probe reaches; true when one went. */
static bool remove_functions(struct optimizer *o)
{
	struct uses u = { .o = o, .reached = HASH_MAP_STRINGS };
	bool any = false;

	collect_uses(o, &u);
	for (struct function **fp = &o->prog->functions; *fp;) {
		struct function *f = *fp;

		if (hash_map_has(&u.reached, f->name) || builtin_name_taken(f->name)) {
			fp = &f->next;
			continue;
		}
		if (from_user(o, f->loc))
			diag_warning(f->loc, f->what, "eliding unused function '%s'", f->name);
		*fp = f->next;
		any = true;
	}
	free(u.stack);
	hash_map_free(&u.reached);
	if (any) {
		/* the read names may have come from a removed function */
		struct uses again = { .o = o, .reached = HASH_MAP_STRINGS };

		collect_uses(o, &again);
		free(again.stack);
		hash_map_free(&again.reached);
	}
	return any;
}

static bool embedded_mentions(const struct program *prog, const char *name)
{
	for (const struct embedded *e = prog->embedded; e; e = e->next)
		if (strstr(e->code, name))
			return true;
	for (const struct function *f = prog->functions; f; f = f->next)
		if (f->embedded && strstr(f->embedded, name))
			return true;
	return false;
}

static void remove_globals(struct optimizer *o)
{
	for (struct symbol **gp = &o->prog->globals; *gp;) {
		struct symbol *g = *gp;

		if (hash_map_has(&o->referenced, g->name) || embedded_mentions(o->prog, g->name)) {
			gp = &g->next;
			continue;
		}
		if (from_user(o, g->loc))
			diag_warning(g->loc, g->what, "eliding unused variable '%s'", g->name);
		*gp = g->next;
	}
}

/* ---- the pass ---- */

/* Before rewriting BODY: the types of its locals. */
static void start_body(struct optimizer *o, const struct stmt *body)
{
	struct hash_map read = HASH_MAP_STRINGS, referenced = HASH_MAP_STRINGS;
	struct uses u = { .o = o, .read = &read, .referenced = &referenced, .lt = &o->lt,
			  .reached = HASH_MAP_STRINGS };

	lt_clear(&o->lt);
	use_stmt(&u, body);
	hash_map_free(&read);
	hash_map_free(&referenced);
}

int optimize_program(struct session *s, struct program *prog, const struct source *user)
{
	int before = diag_error_count();
	struct optimizer o = { .s = s, .prog = prog, .user = user,
				.globals = HASH_MAP_STRINGS, .read = HASH_MAP_STRINGS,
				.referenced = HASH_MAP_STRINGS, .warned = HASH_MAP_STRINGS };

	if (s->unoptimized)
		return 0;
	for (const struct symbol *g = prog->globals; g; g = g->next)
		hash_map_put(&o.globals, g->name, g->name);
	remove_functions(&o);
	for (int round = 0; round < MAX_ROUNDS; round++) {
		o.changed = false;
		for (struct probe *p = prog->probes; p; p = p->next) {
			o.fn = NULL;
			o.body_key = p;
			start_body(&o, p->body);
			for (struct probe_point *pp = p->points; pp; pp = pp->next)
				pp->cond = fold_opt(&o, pp->cond);
			p->body = simplify_body(&o, p->body);
		}
		for (struct function *f = prog->functions; f; f = f->next) {
			o.fn = f;
			o.body_key = f;
			start_body(&o, f->body);
			f->body = simplify_body(&o, f->body);
		}
		o.fn = NULL;
		if (remove_functions(&o))
			o.changed = true;
		if (!o.changed)
			break;
	}
	remove_globals(&o);
	hash_map_free(&o.globals);
	hash_map_free(&o.read);
	hash_map_free(&o.referenced);
	hash_map_free(&o.warned);
	lt_free(&o.lt);
	return diag_error_count() - before;
}
