/*
 * codegen.c - pass 3: emits the C for an elaborated program.
 *
 * Main idea: every expression is lowered to C statements that leave its
 * value in an "operand" (a C expression without side effects: a literal, a
 * variable, a temporary, or arithmetic over those).  Anything with effects
 * or that can fail (assignment, ++/--, calls, division, string building,
 * short-circuit and ?:) is emitted as statements in evaluation order, so
 * SystemTap's left-to-right semantics hold and errors stop the probe before
 * the next effect.  Variables, temporaries and string buffers live in a
 * per-probe struct in c->locals, never on the small kernel stack; functions
 * get frames in the same area, MAXNESTING deep (recursion beyond that is a
 * runtime error "MAXNESTING exceeded").  Statements are counted against
 * MAXACTION by upstream's rule (record_actions); after anything that can
 * fail, c->last_error is tested and control goes to the innermost try's
 * catch label, else out; abort() sets c->last_error to stp_abort_reason,
 * which a catch passes on outwards.  Arrays and statistics are runtime objects (stap_map.h, stap_stat.h): keys are built
 * in key-array temporaries, foreach keeps a runtime iterator in the locals.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "builtins.h"
#include "codegen.h"
#include "privilege.h"
#include "probe_families.h"
#include "resolve.h"
#include "stat_hist.h"
#include "common/bulk_mode.h"
#include "common/monitor_mode.h"

struct operand {
	const char *c;
	bool stable;       /* cannot change when later code runs (literal, temporary) */
	bool str_temp;     /* a string temporary this expression owns */
};

struct gen {
	const struct session *s;
	const struct program *prog;
	struct buf *out;               /* body being generated */
	int indent;
	int nlong, nstr;               /* temporaries used by the current statement */
	int max_long, max_str;         /* ... and the most any statement used */
	bool fail_pending;             /* something since the last test can have failed */
	bool out_used;                 /* "goto out" was emitted */
	int labels;
	int pending_actions;           /* counted at compile time, not yet charged */
	long long static_actions;      /* every action charged, on any path */
	const char *charge_fn;         /* what charges them; NULL: stp_actions */
	bool loops;                    /* a loop or foreach was generated */
	bool calls;                    /* a script or embedded function is called */
	bool may_err;                  /* something may set c->last_error (charges aside) */
	bool may_print;                /* something may write c->print */
	bool reads_hit;                /* something may read c->probe, regs or addr */
	int cont_label;                /* current loop's continue label; 0: plain continue */
	bool cont_used;
	const struct function *fn;     /* NULL in probe handlers */
	int nkeys, max_keys;           /* key-array temporaries (like nlong) */
	int iters, max_iters;          /* foreach iterators: nesting depth */
	int pl, max_pl, ps, max_ps;    /* longs and strings kept across a foreach body */
	int catch_label;               /* innermost try's catch label; 0: none */
	bool catch_used;
	/* probe handlers: the stable-marked functions called, one memo slot each */
	const struct function *stable[16];
	int nstable;
};

static struct operand gen_expr(struct gen *g, const struct expr *e);

static void emit(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void emit(struct gen *g, const char *fmt, ...)
{
	va_list ap;

	for (int i = 0; i < g->indent; i++)
		buf_puts(g->out, "\t");
	va_start(ap, fmt);
	buf_vprintf(g->out, fmt, ap);
	va_end(ap);
	buf_puts(g->out, "\n");
}

static const char *tabs(const struct gen *g)
{
	char *t = arena_alloc((size_t)g->indent + 1);

	memset(t, '\t', (size_t)g->indent);
	return t;
}

/* "identifier 'x' at FILE:L:C" as a C string literal, for error messages. */
static const char *near(const char *what, struct srcloc loc)
{
	/* upstream's run-time messages name a keyword without its text */
	if (strncmp(what, "keyword '", 9) == 0)
		what = "keyword";
	const char *s = arena_printf("%s at %s:%d:%d", what, loc.src->name, loc.line, loc.col);

	return c_string_literal(s, strlen(s));
}

static const char *long_literal(int64_t v)
{
	if (v == INT64_MIN)
		return "(-9223372036854775807LL - 1)";
	if (v < 0)
		return arena_printf("(%" PRId64 "LL)", v);
	return arena_printf("%" PRId64 "LL", v);
}

static struct operand op(const char *c, bool stable)
{
	return (struct operand){ .c = c, .stable = stable };
}

static const char *new_long(struct gen *g)
{
	const char *t = arena_printf("l->t[%d]", g->nlong++);

	if (g->nlong > g->max_long)
		g->max_long = g->nlong;
	return t;
}

static const char *new_str(struct gen *g)
{
	const char *t = arena_printf("l->ts[%d]", g->nstr++);

	if (g->nstr > g->max_str)
		g->max_str = g->nstr;
	return t;
}

static const char *new_keys(struct gen *g)
{
	const char *t = arena_printf("l->k[%d]", g->nkeys++);

	if (g->nkeys > g->max_keys)
		g->max_keys = g->nkeys;
	return t;
}

static void goto_out(struct gen *g)
{
	g->out_used = true;
	emit(g, "goto out;");
}

/* After an error: to the innermost catch, else out of the body. */
static void goto_fail(struct gen *g)
{
	if (g->catch_label) {
		g->catch_used = true;
		emit(g, "goto catch_%d;", g->catch_label);
		return;
	}
	goto_out(g);
}

/* What was just emitted can set c->last_error: test it before going on. */
static void mark_fail(struct gen *g)
{
	g->fail_pending = true;
	g->may_err = true;
}

/* Tests c->last_error if something since the last test could have failed. */
static void flush_fail(struct gen *g)
{
	if (!g->fail_pending)
		return;
	emit(g, "if (c->last_error)");
	g->indent++;
	goto_fail(g);
	g->indent--;
	g->fail_pending = false;
}

static bool has_effects(const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
	case EXPR_STRING:
	case EXPR_VAR:
		return false;
	case EXPR_UNARY:
		return has_effects(e->unary.operand);
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
		return has_effects(e->binary.left) || has_effects(e->binary.right);
	case EXPR_TERNARY:
		return has_effects(e->ternary.cond) || has_effects(e->ternary.then) ||
		       has_effects(e->ternary.otherwise);
	case EXPR_ASSIGN:
	case EXPR_INCDEC:
	case EXPR_CALL:
		return true;
	case EXPR_INDEX:
		if (has_effects(e->index.base))
			return true;
		for (int i = 0; i < e->index.n; i++)
			if (e->index.idx[i] && has_effects(e->index.idx[i]))
				return true;
		return false;
	case EXPR_IN:
		for (int i = 0; i < e->in.nkeys; i++)
			if (e->in.keys[i] && has_effects(e->in.keys[i]))
				return true;
		return false;
	case EXPR_STAT:
		for (int i = 0; i < e->call.nargs; i++)
			if (has_effects(e->call.args[i]))
				return true;
		return false;
	case EXPR_EMBEDDED:
		return !strstr(e->str, "/* pure */");
	case EXPR_REGEX:
		return true;   /* sets the last match */
	case EXPR_TARGET:
	case EXPR_ATCALL:
		internal_error("%s reached pass 3 unchecked", e->what);
	}
	return true;
}

/* Copies O into a temporary so effects emitted after it cannot change it. */
static struct operand stabilize(struct gen *g, struct operand o, enum type t)
{
	const char *tmp;

	if (o.stable)
		return o;
	if (t == TYPE_STRING) {
		tmp = new_str(g);
		emit(g, "stp_str_copy(%s, %s);", tmp, o.c);
		return (struct operand){ .c = tmp, .stable = true, .str_temp = true };
	}
	tmp = new_long(g);
	emit(g, "%s = %s;", tmp, o.c);
	return op(tmp, true);
}

static const char *var_ref(const struct expr *e)
{
	const struct symbol *sym = e->var.sym;

	return sym->kind == SYM_GLOBAL ? arena_printf("g_%s", sym->name)
				       : arena_printf("l->v_%s", sym->name);
}

/* Evaluates a list of expressions left to right into OUT[]. */
static void gen_list(struct gen *g, struct expr *const *list, int n, struct operand *out)
{
	for (int i = 0; i < n; i++) {
		bool later_effects = false;

		out[i] = gen_expr(g, list[i]);
		for (int j = i + 1; j < n && !later_effects; j++)
			later_effects = has_effects(list[j]);
		if (later_effects)
			out[i] = stabilize(g, out[i], list[i]->type);
	}
}

/* Evaluates the keys IDX[0..n) of an element of SYM into a key array; '*'
 * (NULL) entries get a placeholder and their bit in *WILD.  With STABLE,
 * every key is copied so effects emitted afterwards cannot change it. */
static const char *gen_keys(struct gen *g, const struct symbol *sym, struct expr *const *idx,
			    int n, unsigned *wild, bool stable)
{
	struct operand ops[9];
	const char *k;

	for (int i = 0; i < n; i++) {
		bool later = stable;

		if (!idx[i])
			continue;
		ops[i] = gen_expr(g, idx[i]);
		for (int j = i + 1; j < n && !later; j++)
			later = idx[j] && has_effects(idx[j]);
		if (later)
			ops[i] = stabilize(g, ops[i], idx[i]->type);
	}
	k = new_keys(g);
	for (int i = 0; i < n; i++) {
		bool str = sym->key_types[i] == TYPE_STRING;

		if (!idx[i]) {
			emit(g, "%s[%d].%s = %s;", k, i, str ? "s" : "l", str ? "\"\"" : "0");
			if (wild)
				*wild |= 1u << i;
			continue;
		}
		emit(g, "%s[%d].%s = %s;", k, i, str ? "s" : "l", ops[i].c);
	}
	return k;
}

static const char *map_ref(const struct symbol *sym)
{
	return arena_printf("&g_%s", sym->name);
}

/* The data of a statistic operand (x or x[k]) and where its buckets lie. */
struct statref {
	const char *data, *shape;
	const struct symbol *sym;
	const char *keys;              /* NULL: a scalar */
};

static struct statref gen_statref(struct gen *g, const struct expr *a)
{
	struct statref r = { 0 };

	if (a->kind == EXPR_VAR) {
		r.sym = a->var.sym;
		r.data = arena_printf("stp_stat_get(&g_%s)", r.sym->name);
	} else {
		r.sym = a->index.base->var.sym;
		r.keys = gen_keys(g, r.sym, a->index.idx, a->index.n, NULL, false);
		r.data = arena_printf("stp_map_get_stat(&g_%s, %s)", r.sym->name, r.keys);
	}
	r.shape = arena_printf("&g_%s.shape", r.sym->name);
	return r;
}

/* @count(x) ... @variance(x); histograms only print (gen_print_hist). */
static struct operand gen_stat(struct gen *g, const struct expr *e)
{
	const char *name = e->call.name, *t;
	struct statref r;

	if (strncmp(name, "@hist_", 6) == 0)
		return op("0", true);
	r = gen_statref(g, e->call.args[0]);
	flush_fail(g);
	t = new_long(g);
	if (strcmp(name, "@count") == 0 || strcmp(name, "@sum") == 0) {
		emit(g, "%s = stp_stat_%s(%s);", t, name + 1, r.data);
	} else if (strcmp(name, "@variance") == 0) {
		emit(g, "%s = stp_stat_variance(c, %s, %s, %s);", t, r.data, r.shape,
		     near(e->what, e->loc));
		mark_fail(g);
	} else {
		emit(g, "%s = stp_stat_%s(c, %s, %s);", t, name + 1, r.data, near(e->what, e->loc));
		mark_fail(g);
	}
	return op(t, true);
}

/* print(@hist_linear(x, ...)) / print(@hist_log(x[k])) */
static void gen_print_hist(struct gen *g, const struct expr *e)
{
	struct statref r = gen_statref(g, e->call.args[0]);
	int h = hist_index(r.sym, e);

	flush_fail(g);
	if (r.keys)
		emit(g, "stp_map_print_hist(c->print, &g_%s, %s, %d);", r.sym->name, r.data, h);
	else
		emit(g, "stp_stat_print_hist(c->print, &g_%s, %d);", r.sym->name, h);
}

/* x[k] as a value, or @hist_*(x)[i]. */
static struct operand gen_index(struct gen *g, const struct expr *e)
{
	const struct symbol *sym;
	const char *k, *t;

	if (e->index.base->kind != EXPR_VAR) {
		struct statref r = gen_statref(g, e->index.base->call.args[0]);
		struct operand i = gen_expr(g, e->index.idx[0]);
		int h = hist_index(r.sym, e->index.base);

		flush_fail(g);
		t = new_long(g);
		emit(g, "%s = stp_hist_bucket(c, %s, %s, %d, %s, %s);", t, r.data, r.shape, h, i.c,
		     near(e->what, e->loc));
		mark_fail(g);
		return op(t, true);
	}
	sym = e->index.base->var.sym;
	k = gen_keys(g, sym, e->index.idx, e->index.n, NULL, false);
	flush_fail(g);
	if (sym->type == TYPE_STRING) {
		t = new_str(g);
		emit(g, "stp_map_get_str(%s, %s, %s);", map_ref(sym), k, t);
		return (struct operand){ .c = t, .stable = true, .str_temp = true };
	}
	t = new_long(g);
	emit(g, "%s = stp_map_get_long(%s, %s);", t, map_ref(sym), k);
	return op(t, true);
}

static struct operand gen_in(struct gen *g, const struct expr *e)
{
	const struct symbol *sym = e->in.array->var.sym;
	unsigned wild = 0;
	const char *k = gen_keys(g, sym, e->in.keys, e->in.nkeys, &wild, false);
	const char *t;

	flush_fail(g);
	t = new_long(g);
	if (wild)
		emit(g, "%s = stp_truth(stp_map_exists_slice(%s, %s, %uu));", t, map_ref(sym), k, wild);
	else
		emit(g, "%s = stp_truth(stp_map_exists(%s, %s));", t, map_ref(sym), k);
	return op(t, true);
}

/* x[k] = v, x[k] OP= v, x[k] <<< v, x <<< v. */
static struct operand gen_assign_element(struct gen *g, const struct expr *e)
{
	const struct expr *target = e->assign.target;
	enum op o = e->assign.op;
	const char *nr = near(target->what, target->loc), *k = NULL, *t;
	const struct symbol *sym;
	struct operand v;

	if (target->kind == EXPR_VAR) {         /* x <<< v */
		v = gen_expr(g, e->assign.value);
		flush_fail(g);
		const struct symbol *st = target->var.sym;

		/* no histogram, no @variance: the add is inlined, and keeps
		 * min and max only when something may read them (@min, @max,
		 * the end-of-run display of an unread global, --monitor) */
		if (!st->nhist && !st->variance)
			emit(g, "stp_stat_add_plain(&g_%s, %s, %s);", st->name, v.c,
			     st->extrema || !st->read || g->s->monitor_s ? "true" : "false");
		else
			emit(g, "stp_stat_add(&g_%s, %s);", st->name, v.c);
		return op("0", true);
	}
	sym = target->index.base->var.sym;
	k = gen_keys(g, sym, target->index.idx, target->index.n, NULL,
		     has_effects(e->assign.value));
	v = gen_expr(g, e->assign.value);
	flush_fail(g);
	if (o == OP_STAT_ADD) {
		emit(g, "stp_map_add_stat(c, %s, %s, %s, %s);", map_ref(sym), k, v.c, nr);
		mark_fail(g);
		return op("0", true);
	}
	if (o == OP_ASSIGN) {
		v = stabilize(g, v, sym->type);
		emit(g, "stp_map_set_%s(c, %s, %s, %s, %s);", sym->type == TYPE_STRING ? "str" : "long",
		     map_ref(sym), k, v.c, nr);
		mark_fail(g);
		return v;
	}
	if (o == OP_CONCAT_ASSIGN) {
		t = new_str(g);
		emit(g, "stp_map_get_str(%s, %s, %s);", map_ref(sym), k, t);
		emit(g, "stp_str_append(%s, %s);", t, v.c);
		emit(g, "stp_map_set_str(c, %s, %s, %s, %s);", map_ref(sym), k, t, nr);
		mark_fail(g);
		return (struct operand){ .c = t, .stable = true, .str_temp = true };
	}
	t = new_long(g);
	if (o == OP_ADD_ASSIGN || o == OP_SUB_ASSIGN) {
		emit(g, "%s = stp_map_add_long(c, %s, %s, %s, %s);", t, map_ref(sym), k,
		     o == OP_ADD_ASSIGN ? v.c : arena_printf("(s64)(0 - (u64)%s)", v.c), nr);
		mark_fail(g);
		return op(t, true);
	}
	emit(g, "%s = stp_map_get_long(%s, %s);", t, map_ref(sym), k);
	if (o == OP_DIV_ASSIGN || o == OP_MOD_ASSIGN) {
		emit(g, "%s = stp_%s(c, %s, %s, %s);", t, o == OP_DIV_ASSIGN ? "div" : "mod", t, v.c, nr);
		mark_fail(g);
		flush_fail(g);
	} else if (o == OP_SHL_ASSIGN) {
		emit(g, "%s = (s64)((u64)%s << (%s & 63));", t, t, v.c);
	} else if (o == OP_SHR_ASSIGN) {
		emit(g, "%s = %s >> (%s & 63);", t, t, v.c);
	} else {
		emit(g, "%s %s %s;", t, op_name(o), v.c);
	}
	emit(g, "stp_map_set_long(c, %s, %s, %s, %s);", map_ref(sym), k, t, nr);
	mark_fail(g);
	return op(t, true);
}

static struct operand gen_binary(struct gen *g, const struct expr *e)
{
	struct operand l = gen_expr(g, e->binary.left), r;
	enum op o = e->binary.op;

	if (has_effects(e->binary.right))
		l = stabilize(g, l, e->binary.left->type);
	r = gen_expr(g, e->binary.right);
	bool st = l.stable && r.stable;

	if (o == OP_DIV || o == OP_MOD) {
		const char *t = new_long(g);

		emit(g, "%s = stp_%s(c, %s, %s, %s);", t, o == OP_DIV ? "div" : "mod", l.c, r.c,
		     near(e->what, e->loc));
		mark_fail(g);
		return op(t, true);
	}
	if (o == OP_SHL)
		return op(arena_printf("((s64)((u64)%s << (%s & 63)))", l.c, r.c), st);
	if (o == OP_SHR)
		return op(arena_printf("(%s >> (%s & 63))", l.c, r.c), st);
	if (o == OP_USHR)    /* logical: zeros shifted in */
		return op(arena_printf("((s64)((u64)%s >> (%s & 63)))", l.c, r.c), st);
	return op(arena_printf("(%s %s %s)", l.c, op_name(o), r.c), st);
}

static struct operand gen_compare(struct gen *g, const struct expr *e)
{
	struct operand l = gen_expr(g, e->binary.left), r;

	if (has_effects(e->binary.right))
		l = stabilize(g, l, e->binary.left->type);
	r = gen_expr(g, e->binary.right);
	if (e->binary.left->type == TYPE_STRING)
		return op(arena_printf("stp_truth(strcmp(%s, %s) %s 0)", l.c, r.c, op_name(e->binary.op)),
			  l.stable && r.stable);
	return op(arena_printf("stp_truth(%s %s %s)", l.c, op_name(e->binary.op), r.c), l.stable && r.stable);
}

static struct operand gen_logical(struct gen *g, const struct expr *e)
{
	bool and = e->binary.op == OP_LAND;
	const char *t = new_long(g);
	struct operand l = gen_expr(g, e->binary.left), r;

	emit(g, "%s = %d;", t, and ? 0 : 1);
	flush_fail(g);
	emit(g, and ? "if (%s != 0) {" : "if (%s == 0) {", l.c);
	g->indent++;
	r = gen_expr(g, e->binary.right);
	emit(g, "%s = stp_truth(%s != 0);", t, r.c);
	flush_fail(g);
	g->indent--;
	emit(g, "}");
	return op(t, true);
}

static struct operand gen_concat(struct gen *g, const struct expr *e)
{
	struct operand l = gen_expr(g, e->binary.left), r;
	const char *t;

	if (has_effects(e->binary.right))
		l = stabilize(g, l, TYPE_STRING);
	r = gen_expr(g, e->binary.right);
	if (l.str_temp) {
		t = l.c;
	} else {
		t = new_str(g);
		emit(g, "stp_str_copy(%s, %s);", t, l.c);
	}
	emit(g, "stp_str_append(%s, %s);", t, r.c);
	return (struct operand){ .c = t, .stable = true, .str_temp = true };
}

static void store(struct gen *g, const char *dst, struct operand v, enum type t)
{
	if (t == TYPE_STRING)
		emit(g, "stp_str_copy(%s, %s);", dst, v.c);
	else
		emit(g, "%s = %s;", dst, v.c);
}

static struct operand gen_ternary(struct gen *g, const struct expr *e)
{
	const char *t = e->type == TYPE_STRING ? new_str(g) : new_long(g);
	struct operand c = gen_expr(g, e->ternary.cond), v;

	flush_fail(g);
	emit(g, "if (%s != 0) {", c.c);
	g->indent++;
	v = gen_expr(g, e->ternary.then);
	store(g, t, v, e->type);
	flush_fail(g);
	g->indent--;
	emit(g, "} else {");
	g->indent++;
	v = gen_expr(g, e->ternary.otherwise);
	store(g, t, v, e->type);
	flush_fail(g);
	g->indent--;
	emit(g, "}");
	return (struct operand){ .c = t, .stable = true, .str_temp = e->type == TYPE_STRING };
}

static struct operand gen_assign(struct gen *g, const struct expr *e)
{
	if (e->assign.target->kind == EXPR_INDEX || e->assign.op == OP_STAT_ADD)
		return gen_assign_element(g, e);

	const char *dst = var_ref(e->assign.target);
	enum op o = e->assign.op;
	struct operand v = gen_expr(g, e->assign.value);

	flush_fail(g);
	if (o == OP_ASSIGN) {
		store(g, dst, v, e->assign.target->type);
	} else if (o == OP_CONCAT_ASSIGN) {
		emit(g, "stp_str_append(%s, %s);", dst, v.c);
	} else if (o == OP_DIV_ASSIGN || o == OP_MOD_ASSIGN) {
		const char *t = new_long(g);

		emit(g, "%s = stp_%s(c, %s, %s, %s);", t, o == OP_DIV_ASSIGN ? "div" : "mod", dst, v.c,
		     near(e->what, e->loc));
		mark_fail(g);
		flush_fail(g);
		emit(g, "%s = %s;", dst, t);
	} else if (o == OP_SHL_ASSIGN) {
		emit(g, "%s = (s64)((u64)%s << (%s & 63));", dst, dst, v.c);
	} else if (o == OP_SHR_ASSIGN) {
		emit(g, "%s = %s >> (%s & 63);", dst, dst, v.c);
	} else {
		emit(g, "%s %s %s;", dst, op_name(o), v.c);
	}
	return op(dst, false);
}

static struct operand gen_incdec(struct gen *g, const struct expr *e)
{
	const struct expr *target = e->incdec.target;

	if (target->kind == EXPR_INDEX) {
		const struct symbol *sym = target->index.base->var.sym;
		const char *k = gen_keys(g, sym, target->index.idx, target->index.n, NULL, false);
		const char *t = new_long(g);
		bool inc = e->incdec.op == OP_INC;

		flush_fail(g);
		emit(g, "%s = stp_map_add_long(c, %s, %s, %s, %s);", t, map_ref(sym), k,
		     inc ? "1" : "-1", near(target->what, target->loc));
		mark_fail(g);
		if (e->incdec.prefix)
			return op(t, true);
		return op(arena_printf("(%s %s 1)", t, inc ? "-" : "+"), true);
	}

	const char *dst = var_ref(e->incdec.target);

	flush_fail(g);
	if (e->incdec.prefix) {
		emit(g, "%s%s;", op_name(e->incdec.op), dst);
		return op(dst, false);
	}
	const char *t = new_long(g);
	emit(g, "%s = %s%s;", t, dst, op_name(e->incdec.op));
	return op(t, true);
}

/* substr(s, i, n) ...: one runtime call (builtins.c). */
static struct operand gen_lib_call(struct gen *g, const struct expr *e, const char *const *texts)
{
	const struct libfn *lib = e->call.lib;
	struct buf call = { 0 };
	bool ctx = lib->style == LIB_CTX || lib->style == LIB_MATCH;
	bool str = lib->ret == TYPE_STRING;
	const char *t, *sep = "";

	buf_printf(&call, "%s(", lib->c);
	if (ctx) {
		buf_puts(&call, "c");
		sep = ", ";
	}
	if (lib->style == LIB_MATCH) {
		buf_printf(&call, "%s&L->regex_match", sep);
		sep = ", ";
	}
	t = str ? new_str(g) : new_long(g);
	if (str) {
		buf_printf(&call, "%s%s", sep, t);
		sep = ", ";
	}
	for (int i = 0; i < lib->nargs; i++) {
		buf_printf(&call, "%s%s", sep, texts[i]);
		sep = ", ";
	}
	if (ctx)
		buf_printf(&call, ", %s", near(e->what, e->loc));
	buf_puts(&call, ")");
	if (str)
		emit(g, "%s;", call.data);
	else
		emit(g, "%s = %s;", t, call.data);
	buf_free(&call);
	if (ctx) {
		mark_fail(g);
		/* print_char(), register reads and the like */
		g->may_print = g->reads_hit = true;
	}
	return (struct operand){ .c = t, .stable = true, .str_temp = str };
}

/* s =~ "re", s !~ "re": one runtime call over the regex's tables
 * (codegen_regex.c); with submatches it also records the match. */
static struct operand gen_regex(struct gen *g, const struct expr *e)
{
	struct operand s = gen_expr(g, e->binary.left);
	const char *t = new_long(g);
	const char *neg = e->binary.op == OP_NOMATCH ? "!" : "";
	int index = e->binary.regex->index;

	flush_fail(g);
	if (g->prog->regex_captures)
		emit(g, "%s = stp_truth(%sstp_regex_match_capture(&stp_re_%d, %s, &L->regex_match, "
		     "L->regex_scratch));", t, neg, index, s.c);
	else
		emit(g, "%s = stp_truth(%sstp_regex_match(&stp_re_%d, %s));", t, neg, index, s.c);
	return op(t, true);
}

/* printd(delim, v...) and the others: the N values TEXTS into SINK with
 * the literal delimiter between them (and a newline for the -ln forms). */
static void gen_print_delimited(struct gen *g, const char *sink, const struct expr *e,
				const char *const *texts, int n)
{
	const char *d = e->call.args[0]->str;
	const char *dl = c_string_literal(d, strlen(d));

	for (int i = 0; i < n; i++) {
		if (i && d[0])
			emit(g, "stp_out_write(%s, %s, %zu);", sink, dl, strlen(d));
		if (e->call.args[i + 1]->type == TYPE_STRING)
			emit(g, "stp_out_cstr(%s, %s);", sink, texts[i]);
		else
			emit(g, "stp_out_decimal(%s, %s);", sink, texts[i]);
	}
	if (e->call.builtin == BUILTIN_PRINTDLN || e->call.builtin == BUILTIN_SPRINTDLN)
		emit(g, "stp_out_write(%s, \"\\n\", 1);", sink);
}

/* %#s prints its argument escaped as text_str() does: the escaped copy
 * replaces the argument. */
static void escape_alt_strings(struct gen *g, const struct format *f, const char **texts)
{
	int a = 0;

	for (int i = 0; i < f->n; i++) {
		const struct format_piece *p = &f->pieces[i];

		if (p->literal)
			continue;
		a += p->width_star + p->precision_star;
		if (p->conv == 's' && (p->flags & FMT_ALT)) {
			const char *t = new_str(g);

			emit(g, "stp_text_str(%s, %s);", t, texts[a]);
			texts[a] = t;
		}
		a++;
	}
}

/*
 * A stable-marked embedded function without arguments (pid(), execname()
 * ...) gives the same value all through one probe hit, so, as upstream, a
 * probe handler calls it once per hit and a script function once per call
 * of its own, keeping the value in its locals (zeroed at every hit, every
 * frame zeroed at entry); a call that failed is not remembered.  Calls
 * with arguments always run (upstream memoises only arity 0).
 */
static bool stable_memo_ok(const struct gen *g, const struct function *f, int nargs)
{
	(void)g;
	return nargs == 0 && !f->next_candidate && f->embedded &&
	       strstr(f->embedded, "/* stable */") &&
	       (f->ret == TYPE_LONG || f->ret == TYPE_STRING);
}

static struct operand gen_stable_call(struct gen *g, const struct expr *e,
				      const struct function *f)
{
	int k = 0;

	while (k < g->nstable && g->stable[k] != f)
		k++;
	if (k == g->nstable) {
		if (g->nstable == (int)(sizeof g->stable / sizeof g->stable[0]))
			internal_error("more than %d stable functions in one probe", g->nstable);
		g->stable[g->nstable++] = f;
	}
	emit(g, "if (!l->stable_set[%d]) {", k);
	if (f->ret == TYPE_STRING)
		emit(g, "	fn_%s(c, l->stable_str[%d]);", f->cname, k);
	else
		emit(g, "	l->stable_long[%d] = fn_%s(c);", k, f->cname);
	emit(g, "	stp_error_at_call(c, %s);", near(e->what, e->loc));
	emit(g, "	l->stable_set[%d] = !c->last_error;", k);
	emit(g, "}");
	mark_fail(g);
	if (f->ret == TYPE_STRING)
		return op(arena_printf("l->stable_str[%d]", k), true);
	return op(arena_printf("l->stable_long[%d]", k), true);
}

static struct operand gen_call(struct gen *g, const struct expr *e)
{
	struct operand args[33];
	const char *texts[33];
	int first = e->call.builtin == BUILTIN_PRINTF || e->call.builtin == BUILTIN_SPRINTF ||
		    (e->call.builtin >= BUILTIN_PRINTD && e->call.builtin <= BUILTIN_SPRINTDLN);
	int n = e->call.nargs - first;
	const struct function *f = e->call.fn;
	bool any_hist = false;

	switch (e->call.builtin) {
	case BUILTIN_PRINTF: case BUILTIN_PRINT: case BUILTIN_PRINTLN:
	case BUILTIN_PRINTD: case BUILTIN_PRINTDLN:
		g->may_print = true;
		break;
	default:
		break;
	}
	if (e->call.builtin == BUILTIN_PRINT || e->call.builtin == BUILTIN_PRINTLN)
		for (int i = 0; i < n; i++)
			if (e->call.args[i]->kind == EXPR_STAT &&
			    strncmp(e->call.args[i]->call.name, "@hist_", 6) == 0)
				any_hist = true;
	if (any_hist) {
		/* one argument at a time, so histograms print in their place */
		for (int i = 0; i < n; i++) {
			const struct expr *a = e->call.args[i];

			if (a->kind == EXPR_STAT && strncmp(a->call.name, "@hist_", 6) == 0) {
				gen_print_hist(g, a);
				continue;
			}
			struct operand v = gen_expr(g, a);
			flush_fail(g);
			if (a->type == TYPE_STRING)
				emit(g, "stp_out_cstr(c->print, %s);", v.c);
			else
				emit(g, "stp_out_decimal(c->print, %s);", v.c);
		}
		if (e->call.builtin == BUILTIN_PRINTLN)
			emit(g, "stp_out_write(c->print, \"\\n\", 1);");
		return op("0", true);
	}

	gen_list(g, e->call.args + first, n, args);
	for (int i = 0; i < n; i++)
		texts[i] = args[i].c;
	flush_fail(g);
	if (e->call.builtin == BUILTIN_PRINTF || e->call.builtin == BUILTIN_SPRINTF)
		escape_alt_strings(g, e->call.format, texts);
	switch (e->call.builtin) {
	case BUILTIN_PRINTF:
		codegen_format(g->out, tabs(g), "c->print", e->call.format, texts,
			       near(e->what, e->loc));
		if (e->call.format->has_mem)
			mark_fail(g);
		return op("0", true);
	case BUILTIN_SPRINTF: {
		const char *t = new_str(g);

		emit(g, "{");
		g->indent++;
		emit(g, "struct stp_out o = STP_OUT_STRING(%s);", t);
		codegen_format(g->out, tabs(g), "&o", e->call.format, texts,
			       near(e->what, e->loc));
		if (e->call.format->has_mem)
			mark_fail(g);
		emit(g, "stp_out_end_string(&o);");
		g->indent--;
		emit(g, "}");
		return (struct operand){ .c = t, .stable = true, .str_temp = true };
	}
	case BUILTIN_PRINT:
	case BUILTIN_PRINTLN:
		for (int i = 0; i < n; i++) {
			if (e->call.args[i]->type == TYPE_STRING)
				emit(g, "stp_out_cstr(c->print, %s);", texts[i]);
			else
				emit(g, "stp_out_decimal(c->print, %s);", texts[i]);
		}
		if (e->call.builtin == BUILTIN_PRINTLN)
			emit(g, "stp_out_write(c->print, \"\\n\", 1);");
		return op("0", true);
	case BUILTIN_SPRINT:
	case BUILTIN_SPRINTLN: {
		const char *t = new_str(g);

		emit(g, "{");
		g->indent++;
		emit(g, "struct stp_out o = STP_OUT_STRING(%s);", t);
		for (int i = 0; i < n; i++) {
			if (e->call.args[i]->type == TYPE_STRING)
				emit(g, "stp_out_cstr(&o, %s);", texts[i]);
			else
				emit(g, "stp_out_decimal(&o, %s);", texts[i]);
		}
		if (e->call.builtin == BUILTIN_SPRINTLN)
			emit(g, "stp_out_write(&o, \"\\n\", 1);");
		emit(g, "stp_out_end_string(&o);");
		g->indent--;
		emit(g, "}");
		return (struct operand){ .c = t, .stable = true, .str_temp = true };
	}
	case BUILTIN_PRINTD:
	case BUILTIN_PRINTDLN:
		gen_print_delimited(g, "c->print", e, texts, n);
		return op("0", true);
	case BUILTIN_SPRINTD:
	case BUILTIN_SPRINTDLN: {
		const char *t = new_str(g);

		emit(g, "{");
		g->indent++;
		emit(g, "struct stp_out o = STP_OUT_STRING(%s);", t);
		gen_print_delimited(g, "&o", e, texts, n);
		emit(g, "stp_out_end_string(&o);");
		g->indent--;
		emit(g, "}");
		return (struct operand){ .c = t, .stable = true, .str_temp = true };
	}
	case BUILTIN_EXIT:
		emit(g, "stp_exit(c);");
		return op("0", true);
	case BUILTIN_STRLEN:
		/* a literal's length is known (and strnlen past its end is a
		 * compiler warning) */
		if (e->call.args[0]->kind == EXPR_STRING)
			return op(arena_printf("min_t(s64, %zu, MAXSTRINGLEN)",
					       strlen(e->call.args[0]->str)), true);
		return op(arena_printf("((s64)strnlen(%s, MAXSTRINGLEN))", texts[0]), args[0].stable);
	case BUILTIN_ERROR:
		emit(g, "strscpy(stp_error_buf(), %s, STP_ERROR_BUF_SIZE);", texts[0]);
		/* upstream's error() reports the message alone, no location */
		emit(g, "stp_error(c, stp_error_buf(), NULL);");
		mark_fail(g);
		return op("0", true);
	case BUILTIN_LIB:
		return gen_lib_call(g, e, texts);
	case BUILTIN_WARN:
		emit(g, "stp_warn(c, %s);", texts[0]);
		return op("0", true);
	case BUILTIN_ABORT:
		emit(g, "stp_abort(c);");
		mark_fail(g);
		return op("0", true);
	case BUILTIN_NONE:
		break;
	}

	const char *result = "0";
	bool str = f->ret == TYPE_STRING, any_embedded = false;
	const struct function *last = NULL;

	g->calls = true;
	if (stable_memo_ok(g, f, n))
		return gen_stable_call(g, e, f);

	if (str)
		result = new_str(g);
	else if (f->ret == TYPE_LONG)
		result = new_long(g);
	if (f->next_candidate)
		/* each overload gets the same argument values */
		for (int i = 0; i < n; i++)
			texts[i] = stabilize(g, args[i], e->call.args[first + i]->type).c;
	for (const struct function *cand = f; cand; cand = cand->next_candidate) {
		struct buf call = { 0 };

		any_embedded = any_embedded || cand->embedded;
		/* only a `next` passes the call on: after a candidate without
		 * one the rest of the chain can never run */
		if (last && !last->has_next)
			continue;
		last = cand;
		buf_printf(&call, "fn_%s(c", cand->cname);
		if (str)
			buf_printf(&call, ", %s", result);
		for (int i = 0; i < n; i++)
			buf_printf(&call, ", %s", texts[i]);
		buf_puts(&call, ")");
		if (cand != f)
			emit(g, "if (stp_next_pending(c))");
		emit(g, "%s%s%s%s;", cand != f ? "\t" : "", f->ret == TYPE_LONG ? result : "",
		     f->ret == TYPE_LONG ? " = " : "", call.data);
		buf_free(&call);
	}
	if (any_embedded)
		emit(g, "stp_error_at_call(c, %s);", near(e->what, e->loc));
	/* `next` in the last candidate emitted is the end of the chain */
	if (last->has_next)
		emit(g, "stp_next_exhausted(c, %s);", near(e->what, e->loc));
	mark_fail(g);
	return (struct operand){ .c = result, .stable = true, .str_temp = str };
}

/* %{ code %} as a value: the code is a C expression, a long unless it says
 * it is a string (elaborate.c). */
static struct operand gen_embedded_expr(struct gen *g, const struct expr *e)
{
	const char *t;

	flush_fail(g);
	/* guru code may do anything a handler can */
	g->may_err = g->may_print = g->reads_hit = true;
	if (e->type == TYPE_STRING) {
		t = new_str(g);
		emit(g, "stp_str_copy(%s, (%s));", t, e->str);
		return (struct operand){ .c = t, .stable = true, .str_temp = true };
	}
	t = new_long(g);
	emit(g, "%s = (s64)(%s);", t, e->str);
	return op(t, true);
}

static struct operand gen_expr(struct gen *g, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
		return op(long_literal(e->num), true);
	case EXPR_STRING:
		return op(c_string_literal(e->str, strlen(e->str)), true);
	case EXPR_VAR:
		return op(var_ref(e), false);
	case EXPR_UNARY: {
		struct operand o = gen_expr(g, e->unary.operand);

		if (e->unary.op == OP_PLUS)
			return o;
		if (e->unary.op == OP_NOT)
			return op(arena_printf("stp_truth(%s == 0)", o.c), o.stable);
		return op(arena_printf("(%s%s)", op_name(e->unary.op), o.c), o.stable);
	}
	case EXPR_BINARY:
		return gen_binary(g, e);
	case EXPR_LOGICAL:
		return gen_logical(g, e);
	case EXPR_COMPARE:
		return gen_compare(g, e);
	case EXPR_CONCAT:
		return gen_concat(g, e);
	case EXPR_TERNARY:
		return gen_ternary(g, e);
	case EXPR_ASSIGN:
		return gen_assign(g, e);
	case EXPR_INCDEC:
		return gen_incdec(g, e);
	case EXPR_CALL:
		return gen_call(g, e);
	case EXPR_INDEX:
		return gen_index(g, e);
	case EXPR_IN:
		return gen_in(g, e);
	case EXPR_STAT:
		return gen_stat(g, e);
	case EXPR_EMBEDDED:
		return gen_embedded_expr(g, e);
	case EXPR_REGEX:
		return gen_regex(g, e);
	case EXPR_TARGET:
	case EXPR_ATCALL:
		internal_error("%s reached pass 3 unchecked", e->what);
	}
	internal_error("unknown expression kind %d", (int)e->kind);
}

/* ---- statements ---- */

/* Starts the temporaries of the statement at S afresh. */
static void begin_stmt(struct gen *g, const struct stmt *s)
{
	(void)s;
	g->nlong = g->nstr = g->nkeys = 0;
}

/*
 * MAXACTION, counted as upstream counts it, so that a loop hits the limit
 * at the same iteration.  The count is kept at compile time along the code
 * as emitted and charged (and checked) only at flush points:
 *   - an expression statement or a delete adds 1 after it ran;
 *   - if, break, continue, next and return add 1 and flush before they act;
 *   - a loop (for, while, foreach) adds 1 and flushes before it starts, adds
 *     1 at the top of every iteration, and flushes at the end of its body
 *     (so the failed test that ends it is never charged); a for's increment
 *     is charged once, with the code after the loop; a foreach over
 *     histogram buckets adds its 1 at the end of the body instead;
 *   - the end of a then/else branch, of a try body and of a catch handler
 *     flushes, entering a catch adds 1 and flushes, a try flushes first;
 *   - the end of a probe or function body flushes;
 *   - and anything pending is charged as soon as 10 have piled up.
 * The hit fails once MAXACTION actions have been charged (stp_actions), and
 * the error names the token the flush belongs to.
 */
static void record_actions(struct gen *g, int n, const char *what, struct srcloc loc,
			   bool flush)
{
	g->pending_actions += n;
	g->static_actions += n;
	if (!(flush && g->pending_actions > 0) && g->pending_actions < 10)
		return;
	emit(g, "if (!%s(c, %d, %s))", g->charge_fn ? g->charge_fn : "stp_actions",
	     g->pending_actions, near(what, loc));
	g->indent++;
	goto_fail(g);
	g->indent--;
	g->pending_actions = 0;
}

static void record_stmt(struct gen *g, int n, const struct stmt *s, bool flush)
{
	record_actions(g, n, s->what, s->loc, flush);
}

static void gen_stmt(struct gen *g, const struct stmt *s);

static void gen_body(struct gen *g, const struct stmt *s)
{
	g->indent++;
	gen_stmt(g, s);
	g->indent--;
}

static void gen_loop(struct gen *g, const struct stmt *s)
{
	int saved_label = g->cont_label;
	bool saved_used = g->cont_used;
	struct operand c;

	g->loops = true;
	if (s->loop.init) {
		begin_stmt(g, s);
		gen_expr(g, s->loop.init);
		flush_fail(g);
		record_actions(g, 1, s->loop.init->what, s->loop.init->loc, false);
	}
	record_stmt(g, 1, s, true);
	g->cont_label = s->kind == STMT_FOR && s->loop.incr ? ++g->labels : 0;
	g->cont_used = false;
	emit(g, "for (;;) {");
	g->indent++;
	begin_stmt(g, s);
	record_stmt(g, 1, s, false);
	if (s->loop.cond) {
		c = gen_expr(g, s->loop.cond);
		flush_fail(g);
		emit(g, "if (%s == 0)", c.c);
		emit(g, "\tbreak;");
	}
	gen_stmt(g, s->loop.body);
	record_stmt(g, 0, s->loop.body, true);
	if (s->loop.incr) {
		if (g->cont_used)
			emit(g, "continue_%d: ;", g->cont_label);
		g->nlong = g->nstr = 0;
		gen_expr(g, s->loop.incr);
		flush_fail(g);
	}
	g->indent--;
	emit(g, "}");
	if (s->loop.incr)
		g->pending_actions++;
	g->cont_label = saved_label;
	g->cont_used = saved_used;
}

static const char *agg_name(const char *aggr)
{
	if (!aggr || strcmp(aggr, "@count") == 0)
		return "STP_AGG_COUNT";
	if (strcmp(aggr, "@sum") == 0)
		return "STP_AGG_SUM";
	if (strcmp(aggr, "@min") == 0)
		return "STP_AGG_MIN";
	if (strcmp(aggr, "@max") == 0)
		return "STP_AGG_MAX";
	return "STP_AGG_AVG";
}

/* foreach (b in @hist_*(x) limit N): b runs over every bucket number of
 * that histogram, 0 to its size - 1 (as upstream); the counter lives in the
 * locals so the body cannot move it. */
static void gen_foreach_hist(struct gen *g, const struct stmt *s)
{
	const struct expr *hist = s->foreach.array, *a = hist->call.args[0];
	const struct symbol *sym = a->kind == EXPR_VAR ? a->var.sym : a->index.base->var.sym;
	int saved_label = g->cont_label, saved_pl = g->pl;
	const char *b, *count = NULL;

	begin_stmt(g, s);
	if (s->foreach.limit) {
		struct operand lim = gen_expr(g, s->foreach.limit);

		flush_fail(g);
		count = arena_printf("l->pl[%d]", g->pl++);
		emit(g, "%s = %s;", count, lim.c);
	}
	b = arena_printf("l->pl[%d]", g->pl++);
	if (g->pl > g->max_pl)
		g->max_pl = g->pl;
	record_stmt(g, 1, s, true);
	emit(g, "for (%s = 0; %s < stp_hist_size(&g_%s.shape, %d); %s++) {", b, b, sym->name,
	     hist_index(sym, hist), b);
	g->indent++;
	if (count) {
		emit(g, "if (%s >= 0 && %s-- == 0)", count, count);
		emit(g, "\tbreak;");
	}
	emit(g, "%s = %s;", var_ref(s->foreach.keys[0]), b);
	g->cont_label = 0;
	gen_stmt(g, s->foreach.body);
	record_stmt(g, 1, s->foreach.body, true);
	g->cont_label = saved_label;
	g->indent--;
	emit(g, "}");
	g->pl = saved_pl;
	mark_fail(g);
	flush_fail(g);
}

/* foreach ([k...] in x <sort> limit N): a runtime iterator in the locals. */
static void gen_foreach(struct gen *g, const struct stmt *s)
{
	g->loops = true;
	if (s->foreach.array->kind != EXPR_VAR) {
		gen_foreach_hist(g, s);
		return;
	}
	const struct symbol *sym = s->foreach.array->var.sym;
	const char *limit = "-1", *it;
	int col = s->foreach.sort_key < 0 ? 0 : s->foreach.sort_key;
	const char *dir = s->foreach.sort_dir > 0 ? "STP_SORT_ASC"
			  : s->foreach.sort_dir < 0 ? "STP_SORT_DESC" : "STP_SORT_NONE";
	int saved_label = g->cont_label;

	const char *slice[9] = { 0 }, *count = NULL;
	int saved_pl = g->pl, saved_ps = g->ps;

	begin_stmt(g, s);
	if (s->foreach.limit) {
		limit = gen_expr(g, s->foreach.limit).c;
		flush_fail(g);
	}
	if (s->foreach.nslice) {
		/* a slice filters here, so the limit is counted here too; the
		 * slice's keys and the count outlive the body's temporaries */
		struct operand v[9];

		for (int i = 0; i < s->foreach.nslice; i++) {
			if (!s->foreach.slice[i])
				continue;
			v[i] = gen_expr(g, s->foreach.slice[i]);
			v[i] = stabilize(g, v[i], s->foreach.slice[i]->type);
		}
		flush_fail(g);
		for (int i = 0; i < s->foreach.nslice; i++) {
			if (!s->foreach.slice[i])
				continue;
			if (sym->key_types[i] == TYPE_STRING) {
				slice[i] = arena_printf("l->ps[%d]", g->ps++);
				emit(g, "stp_str_copy(%s, %s);", slice[i], v[i].c);
			} else {
				slice[i] = arena_printf("l->pl[%d]", g->pl++);
				emit(g, "%s = %s;", slice[i], v[i].c);
			}
		}
		count = arena_printf("l->pl[%d]", g->pl++);
		emit(g, "%s = %s;", count, limit);
		limit = "-1";
		if (g->pl > g->max_pl)
			g->max_pl = g->pl;
		if (g->ps > g->max_ps)
			g->max_ps = g->ps;
	}
	it = arena_printf("&l->it[%d]", g->iters++);
	if (g->iters > g->max_iters)
		g->max_iters = g->iters;
	emit(g, "stp_map_iter_start(%s, %s, %d, %s, %s, %s);", it, map_ref(sym), col, dir,
	     agg_name(s->foreach.sort_aggr), limit);
	record_stmt(g, 1, s, true);
	emit(g, "while (stp_map_iter_next(c, %s, %s)) {", it, near(s->what, s->loc));
	g->indent++;
	record_stmt(g, 1, s, false);
	for (int i = 0; i < s->foreach.nslice; i++) {
		if (!slice[i])
			continue;
		if (sym->key_types[i] == TYPE_STRING)
			emit(g, "if (strcmp(stp_map_iter_key_str(%s, %d), %s) != 0)", it, i, slice[i]);
		else
			emit(g, "if (stp_map_iter_key_long(%s, %d) != %s)", it, i, slice[i]);
		emit(g, "\tcontinue;");
	}
	if (count) {
		emit(g, "if (%s >= 0 && %s-- == 0)", count, count);
		emit(g, "\tbreak;");
	}
	for (int i = 0; i < s->foreach.nkeys; i++) {
		const char *dst = var_ref(s->foreach.keys[i]);

		if (sym->key_types[i] == TYPE_STRING)
			emit(g, "stp_str_copy(%s, stp_map_iter_key_str(%s, %d));", dst, it, i);
		else
			emit(g, "%s = stp_map_iter_key_long(%s, %d);", dst, it, i);
	}
	if (s->foreach.value) {
		const char *dst = var_ref(s->foreach.value);

		if (sym->type == TYPE_STRING)
			emit(g, "stp_str_copy(%s, stp_map_iter_str(%s));", dst, it);
		else
			emit(g, "%s = stp_map_iter_long(%s);", dst, it);
	}
	g->cont_label = 0;
	gen_stmt(g, s->foreach.body);
	record_stmt(g, 0, s->foreach.body, true);
	g->cont_label = saved_label;
	g->indent--;
	emit(g, "}");
	g->iters--;
	g->pl = saved_pl;
	g->ps = saved_ps;
	mark_fail(g);
	flush_fail(g);
}

static void gen_delete(struct gen *g, const struct stmt *s)
{
	const struct expr *e = s->expr;

	begin_stmt(g, s);
	if (e->kind == EXPR_VAR) {
		const struct symbol *sym = e->var.sym;

		if (sym->nkeys)
			emit(g, "stp_map_clear(&g_%s);", sym->name);
		else if (sym->is_stat)
			emit(g, "stp_stat_clear(&g_%s);", sym->name);
		else if (sym->type == TYPE_STRING)
			emit(g, "%s[0] = '\\0';", var_ref(e));
		else
			emit(g, "%s = 0;", var_ref(e));
		record_stmt(g, 1, s, false);
		return;
	}
	const struct symbol *sym = e->index.base->var.sym;
	unsigned wild = 0;
	const char *k = gen_keys(g, sym, e->index.idx, e->index.n, &wild, false);

	flush_fail(g);
	if (wild)
		emit(g, "stp_map_delete_slice(%s, %s, %uu);", map_ref(sym), k, wild);
	else
		emit(g, "stp_map_delete(%s, %s);", map_ref(sym), k);
	record_stmt(g, 1, s, false);
}

/* try { body } catch (msg) { handler }: errors in body jump to the catch. */
static void gen_try(struct gen *g, const struct stmt *s)
{
	int saved = g->catch_label, id = ++g->labels;
	bool saved_used = g->catch_used;

	record_stmt(g, 0, s, true);
	g->catch_label = id;
	g->catch_used = false;
	emit(g, "{");
	gen_body(g, s->try_.body);
	g->indent++;
	record_stmt(g, 0, s->try_.body, true);
	g->indent--;
	emit(g, "}");
	bool used = g->catch_used;
	g->catch_label = saved;
	g->catch_used = saved_used;
	if (!used)
		return;       /* nothing in the body can fail */
	emit(g, "catch_%d:", id);
	/* abort() and next from a function are not caught */
	emit(g, "if (c->last_error == stp_abort_reason || c->last_error == stp_next_reason)");
	g->indent++;
	goto_fail(g);
	g->indent--;
	emit(g, "if (c->last_error) {");
	g->indent++;
	if (s->try_.catch_var)
		emit(g, "stp_str_copy(%s, c->last_error);", var_ref(s->try_.catch_var));
	emit(g, "c->last_error = NULL;");
	emit(g, "c->error_near = NULL;");
	record_stmt(g, 1, s, true);
	gen_stmt(g, s->try_.handler);
	record_stmt(g, 0, s->try_.handler, true);
	g->indent--;
	emit(g, "}");
}

static void gen_stmt(struct gen *g, const struct stmt *s)
{
	struct operand v;

	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->block.n; i++)
			gen_stmt(g, s->block.items[i]);
		break;
	case STMT_EXPR:
		begin_stmt(g, s);
		gen_expr(g, s->expr);
		flush_fail(g);
		record_stmt(g, 1, s, false);
		break;
	case STMT_IF:
		record_stmt(g, 1, s, true);
		begin_stmt(g, s);
		v = gen_expr(g, s->if_.cond);
		flush_fail(g);
		emit(g, "if (%s != 0) {", v.c);
		gen_body(g, s->if_.then);
		g->indent++;
		record_stmt(g, 0, s->if_.then, true);
		g->indent--;
		if (s->if_.otherwise) {
			emit(g, "} else {");
			gen_body(g, s->if_.otherwise);
			g->indent++;
			record_stmt(g, 0, s->if_.otherwise, true);
			g->indent--;
		}
		emit(g, "}");
		break;
	case STMT_WHILE:
	case STMT_FOR:
		gen_loop(g, s);
		break;
	case STMT_BREAK:
		record_stmt(g, 1, s, true);
		emit(g, "break;");
		break;
	case STMT_CONTINUE:
		record_stmt(g, 1, s, true);
		if (g->cont_label) {
			g->cont_used = true;
			emit(g, "goto continue_%d;", g->cont_label);
		} else {
			emit(g, "continue;");
		}
		break;
	case STMT_NEXT:
		record_stmt(g, 1, s, true);
		if (g->fn) {
			/* Unwinds through the callers like an error that is never
			 * caught or reported, ending the probe. */
			emit(g, "c->last_error = stp_next_reason;");
			goto_fail(g);
		} else {
			goto_out(g);
		}
		break;
	case STMT_RETURN:
		begin_stmt(g, s);
		if (s->expr) {
			v = gen_expr(g, s->expr);
			flush_fail(g);
			if (g->fn->ret == TYPE_STRING)
				emit(g, "stp_str_copy(rv, %s);", v.c);
			else if (g->fn->ret == TYPE_LONG)
				emit(g, "l->ret = %s;", v.c);
		}
		record_stmt(g, 1, s, true);
		goto_out(g);
		break;
	case STMT_EMPTY:
		break;
	case STMT_FOREACH:
		gen_foreach(g, s);
		break;
	case STMT_DELETE:
		gen_delete(g, s);
		break;
	case STMT_TRY:
		gen_try(g, s);
		break;
	}
}

/* ---- declarations ---- */

static void emit_fields(struct buf *out, const struct symbol *list)
{
	for (const struct symbol *sym = list; sym; sym = sym->next) {
		if (sym->type == TYPE_STRING)
			buf_printf(out, "\tchar v_%s[MAXSTRINGLEN];\n", sym->name);
		else
			buf_printf(out, "\ts64 v_%s;\n", sym->name);
	}
}

/* struct NAME { variables; temporaries } for one body. */
/* Returns whether the struct has no field of its own (only "unused"). */
static bool emit_locals_struct(struct buf *out, const char *name, const struct symbol *params,
			       const struct symbol *locals, const struct gen *g, bool ret_long)
{
	bool empty = !params && !locals && !ret_long && !g->max_long && !g->max_str &&
		     !g->max_keys && !g->max_iters && !g->max_pl && !g->max_ps && !g->nstable;

	buf_printf(out, "struct %s {\n", name);
	emit_fields(out, params);
	emit_fields(out, locals);
	if (ret_long)
		buf_puts(out, "\ts64 ret;\n");
	if (g->max_long)
		buf_printf(out, "\ts64 t[%d];\n", g->max_long);
	if (g->max_str)
		buf_printf(out, "\tchar ts[%d][MAXSTRINGLEN];\n", g->max_str);
	if (g->max_keys)
		buf_printf(out, "\tunion stp_key k[%d][STP_MAP_MAX_KEYS];\n", g->max_keys);
	if (g->max_iters)
		buf_printf(out, "\tstruct stp_map_iter it[%d];\n", g->max_iters);
	if (g->max_pl)
		buf_printf(out, "\ts64 pl[%d];\n", g->max_pl);
	if (g->max_ps)
		buf_printf(out, "\tchar ps[%d][MAXSTRINGLEN];\n", g->max_ps);
	if (g->nstable)
		buf_printf(out, "\tbool stable_set[%d];\n\ts64 stable_long[%d];\n"
			   "\tchar stable_str[%d][MAXSTRINGLEN];\n", g->nstable, g->nstable, g->nstable);
	if (empty)
		buf_puts(out, "\tchar unused;\n");
	buf_puts(out, "};\n\n");
	return empty;
}

static void function_signature(struct buf *out, const struct function *f)
{
	buf_printf(out, "static %s fn_%s(struct stp_context *c", f->ret == TYPE_LONG ? "s64" : "void",
		   f->cname);
	if (f->ret == TYPE_STRING)
		buf_puts(out, ", char *rv");
	for (const struct symbol *p = f->params; p; p = p->next)
		buf_printf(out, ", %s a_%s", p->type == TYPE_STRING ? "const char *" : "s64",
			   p->name);
	buf_puts(out, ")");
}

static bool declared_in_script(const struct session *s, const struct function *f)
{
	const char *file = f->loc.src->name;

	if (s->script_name && strcmp(file, s->script_name) == 0)
		return true;
	for (int i = 0; i < s->nextra_scripts; i++)
		if (strcmp(file, s->extra_scripts[i]) == 0)
			return true;
	return false;
}

static void emit_function(struct buf *defs, struct buf *out, const struct program *prog,
			  const struct session *s, const struct function *f)
{
	struct buf body = { 0 };
	struct gen g = { .s = s, .prog = prog, .out = &body, .indent = 1, .fn = f };

	if (f->body) {
		gen_stmt(&g, f->body);
		record_stmt(&g, 0, f->body, true);
	}
	else if (codegen_embedded_needs_str(f))
		g.max_str = 1;
	emit_locals_struct(defs, arena_printf("fn_%s_frame", f->cname), f->params, f->locals, &g,
			   f->ret == TYPE_LONG);
	function_signature(out, f);
	buf_puts(out, "\n{\n");
	buf_puts(out, "\tstruct stp_locals_area *L = c->locals;\n");
	buf_printf(out, "\tstruct fn_%s_frame *l;\n\n", f->cname);
	if (f->ret == TYPE_STRING)
		buf_puts(out, "\trv[0] = '\\0';\n");
	buf_puts(out, "\tif (L->depth >= MAXNESTING) {\n");
	buf_printf(out, "\t\tstp_error(c, \"MAXNESTING exceeded\", %s);\n", near(f->what, f->loc));
	buf_printf(out, "\t\treturn%s;\n\t}\n", f->ret == TYPE_LONG ? " 0" : "");
	buf_printf(out, "\tl = &L->frames[L->depth++].fn_%s;\n", f->cname);
	buf_puts(out, "\tmemset(l, 0, sizeof(*l));\n");
	for (const struct symbol *p = f->params; p; p = p->next) {
		if (p->type == TYPE_STRING)
			buf_printf(out, "\tstp_str_copy(l->v_%s, a_%s);\n", p->name, p->name);
		else
			buf_printf(out, "\tl->v_%s = a_%s;\n", p->name, p->name);
	}
	if (f->embedded)
		codegen_embedded_body(out, f);
	else
		buf_add(out, body.data ? body.data : "", body.len);
	if (g.out_used || f->embedded)
		buf_puts(out, "out:\n");
	/* as upstream, an error its C code raises is reported at the script
	 * function's name where it is declared; a tapset's keeps the call
	 * site in the script (the tapset's path depends on the install) */
	if (f->embedded && declared_in_script(s, f))
		buf_printf(out, "\tstp_error_at_call(c, %s);\n", near(f->what, f->loc));
	buf_puts(out, "\tL->depth--;\n");
	if (f->ret == TYPE_LONG)
		buf_puts(out, "\treturn l->ret;\n");
	buf_puts(out, "}\n\n");
	buf_free(&body);
}

static bool probe_is_never(const struct probe *p)
{
	for (const struct probe_point *pp = p->points; pp; pp = pp->next)
		if (pp->family->row)
			return false;
	return true;
}

/* Whether every point of P gets a pre-handler of the generated C's own
 * (see emit_probe_table()), which then calls P's handler inline. */
static bool probe_only_own_pre_handlers(const struct probe *p)
{
	if (!p->points)
		return false;
	for (const struct probe_point *pp = p->points; pp; pp = pp->next)
		if (!pp->family->own_pre_handler || !pp->family->own_pre_handler(pp))
			return false;
	return true;
}

/*
 * How probe N's handler charges MAXACTION: STP_CHARGE_N and, for its
 * pre-handler, STP_HIT_TRAITS_N (stp_probe_run.h).  A straight-line handler
 * (no loop, no call: every charge runs at most once) charges at most TOTAL
 * actions per hit; when that is below both limits, with the values the
 * module is built with (-D included), no charge can fail, so it charges
 * nothing and the hit need not set the count up.  Otherwise stp_actions()
 * as everywhere.  A handler that cannot print (PRINTS false), raise an
 * error other than a failed charge (ERRS false) or read what the hit was
 * (READS_HIT false: only library and function calls and guru code look at
 * the probe, registers or address) spares the hit that part of its work.
 */
static void emit_hit_traits(struct buf *out, int n, bool straight, long long total,
			    bool prints, bool errs, bool reads_hit)
{
	bool may_skip = straight && total < 1000000000LL;
	const char *others = arena_printf("%s%s", prints ? " | STP_HIT_PRINTS" : "",
					  reads_hit ? " | STP_HIT_READS_HIT" : "");
	const char *fixed = arena_printf("%s%s", others, errs ? " | STP_HIT_ERRS" : "");

	if (may_skip)
		buf_printf(out, "#if %lld < MAXACTION && %lld < MAXACTION_INTERRUPTIBLE\n"
			   "#define STP_CHARGE_%d(c, n, near) 1\n"
			   "#define STP_HIT_TRAITS_%d (0%s)\n#else\n", total, total, n, n, fixed);
	buf_printf(out, "#define STP_CHARGE_%d stp_actions\n"
		   "#define STP_HIT_TRAITS_%d (STP_HIT_COUNTS_ACTIONS | STP_HIT_ERRS%s)\n",
		   n, n, others);
	if (may_skip)
		buf_puts(out, "#endif\n");
}

static void emit_probe(struct buf *defs, struct buf *out, const struct program *prog,
		       const struct session *s, const struct probe *p, int nlocks)
{
	struct buf body = { 0 };
	struct gen g = { .s = s, .prog = prog, .out = &body, .indent = 1,
			 .charge_fn = arena_printf("STP_CHARGE_%d", p->index) };
	const char *locks = arena_printf("probe_%d_locks", p->index);
	bool calls;
	int n;

	gen_stmt(&g, p->body);
	record_stmt(&g, 0, p->body, true);
	calls = g.calls || p->ncallees;
	bool no_locals = emit_locals_struct(defs, arena_printf("probe_%d_locals", p->index), NULL,
					    p->locals, &g, false);

	n = codegen_probe_locks(p, nlocks, out, locks);
	emit_hit_traits(out, p->index, !g.loops && !calls, g.static_actions,
			g.may_print || calls, g.may_err || calls, g.reads_hit || calls);
	/* a probe only on 'never' is checked and compiled, never registered;
	 * one only on kprobe entries runs inside their pre-handlers */
	buf_printf(out, "static %svoid probe_%d(struct stp_context *c)\n{\n",
		   probe_is_never(p) ? "__attribute__((unused)) " :
		   probe_only_own_pre_handlers(p) ? "inline __attribute__((always_inline)) " : "", p->index);
	buf_puts(out, "\tstruct stp_locals_area *L = c->locals;\n");
	buf_printf(out, "\tstruct probe_%d_locals *l = &L->probe.p%d;\n\n", p->index, p->index);
	/* only this handler's locals start at 0 and "": each call sets up its
	 * own frame, and the regex scratch is written before it is read */
	buf_puts(out, no_locals ? "\t(void)l;\n" : "\tmemset(l, 0, sizeof(*l));\n");
	/* the call depth only matters to the functions it calls */
	if (calls)
		buf_puts(out, "\tL->depth = 0;\n");
	if (prog->regex_captures)
		buf_puts(out, "\tL->regex_match.matched = false;\n");
	if (n)
		buf_printf(out, "\tif (!stp_locks_acquire(c, %s, %d))\n\t\treturn;\n", locks, n);
	buf_add(out, body.data ? body.data : "", body.len);
	if (g.out_used)
		buf_puts(out, n ? "out:\n" : "out:\n\t;\n");
	if (n)
		buf_printf(out, "\tstp_locks_release(%s, %d);\n", locks, n);
	buf_puts(out, "}\n\n");
	buf_free(&body);
}

static const char *stp_type_name(enum type t)
{
	return t == TYPE_STRING ? "STP_TYPE_STRING" : "STP_TYPE_LONG";
}

/* An array (struct stp_map) or a scalar statistic (struct stp_stat) with
 * its constant descriptor. */
static void emit_aggregate_decl(struct buf *out, const struct symbol *sym)
{
	const char *stat = arena_printf("{ .nhist = %d", sym->nhist);

	for (int i = 0; i < sym->nhist; i++) {
		const struct hist_kind *h = &sym->hists[i];

		stat = arena_printf("%s%s { %s, %s, %s, %s }", stat, i ? "," : ", .hist = {",
				    h->kind == 1 ? "STP_HIST_LINEAR" : "STP_HIST_LOG",
				    long_literal(h->lo), long_literal(h->hi), long_literal(h->step));
	}
	stat = arena_printf("%s%s", stat, sym->nhist ? " }" : "");
	if (sym->variance)
		stat = arena_printf("%s, .variance = true, .var_shift = %d", stat, sym->var_shift);
	stat = arena_printf("%s }", stat);

	if (!sym->nkeys) {
		buf_printf(out, "static const struct stp_stat_desc gd_%s = %s;\n", sym->name, stat);
		buf_printf(out, "static struct stp_stat g_%s;\n", sym->name);
		return;
	}
	buf_printf(out, "static const struct stp_map_desc gd_%s = {\n", sym->name);
	buf_printf(out, "\t.name = %s, .nkeys = %d,\n", c_string_literal(sym->name, strlen(sym->name)),
		   sym->nkeys);
	buf_puts(out, "\t.key_types = {");
	for (int i = 0; i < sym->nkeys; i++)
		buf_printf(out, "%s %s", i ? "," : "", stp_type_name(sym->key_types[i]));
	buf_puts(out, " },\n");
	buf_printf(out, "\t.value_type = %s, .wrap = %s, .max_entries = %lld,\n",
		   sym->is_stat ? "STP_TYPE_STAT" : stp_type_name(sym->type),
		   sym->wrap ? "true" : "false", (long long)sym->array_size);
	buf_printf(out, "\t.stat = %s,\n};\n", stat);
	buf_printf(out, "static struct stp_map g_%s;\n", sym->name);
}

struct table_row {
	const struct probe *probe;
	const struct probe_point *pp;
};

/*
 * The kprobe entries' own pre-handlers, then stp_probes[]: one row per
 * registered probe point, stably ordered by begin(N)/end(N)/
 * error(N)'s N (0 for every other point), so equal N keeps script order.
 * Returns the number of rows.
 */
static int emit_probe_table(const struct program *prog, struct buf *out)
{
	struct table_row *rows;
	int n = 0, cap = 0;
	bool own = false;

	for (const struct probe *p = prog->probes; p; p = p->next)
		for (const struct probe_point *pp = p->points; pp; pp = pp->next)
			cap++;
	rows = arena_alloc((size_t)(cap ? cap : 1) * sizeof(*rows));
	for (const struct probe *p = prog->probes; p; p = p->next) {
		for (const struct probe_point *pp = p->points; pp; pp = pp->next) {
			int i = n;

			if (!pp->family->row)
				continue;
			n++;
			while (i > 0 && rows[i - 1].pp->order > pp->order) {
				rows[i] = rows[i - 1];
				i--;
			}
			rows[i] = (struct table_row){ p, pp };
		}
	}
	/* kprobe entries: a pre-handler each, the hit path inlined (kernel
	 * builds; the host harness runs no kprobes) */
	for (int i = 0; i < n; i++) {
		const struct probe_point *pp = rows[i].pp;

		if (!pp->family->own_pre_handler || !pp->family->own_pre_handler(pp))
			continue;
		if (!own)
			buf_puts(out, "#ifdef __KERNEL__\n#include \"stp_probe_run.h\"\n#endif\n\n");
		own = true;
		buf_printf(out, "#ifdef __KERNEL__\n"
			   "static notrace int stp_kprobe_hit_%d(struct kprobe *kp, struct pt_regs *regs)\n"
			   "{\n\treturn stp_kprobe_run(&stp_probes[%d], probe_%d, regs, "
			   "(unsigned long)kp->addr, STP_HIT_TRAITS_%d);\n}\n"
			   "STP_NOKPROBE(stp_kprobe_hit_%d);\n"
			   "#define STP_KPROBE_HIT_%d stp_kprobe_hit_%d\n"
			   "#else\n#define STP_KPROBE_HIT_%d NULL\n#endif\n\n",
			   i, i, rows[i].probe->index, rows[i].probe->index, i, i, i, i);
	}
	buf_puts(out, "const struct stp_probe stp_probes[] = {\n");
	for (int i = 0; i < n; i++) {
		const struct probe_point *pp = rows[i].pp;

		const char *pn = resolve_origin(pp);

		if (!pn)
			pn = pp->text;
		const struct srcloc *at = &rows[i].probe->loc;
		const char *location = arena_printf("%s:%d:%d", at->src ? at->src->name : "?",
						    at->line, at->col);

		buf_printf(out, "\t{ .handler = probe_%d, .pp = %s, .pn = %s, .location = %s, %s, "
			   ".locks_globals = false", rows[i].probe->index,
			   c_string_literal(pp->text, strlen(pp->text)), c_string_literal(pn, strlen(pn)),
			   c_string_literal(location, strlen(location)), pp->family->row(pp));
		if (pp->family->own_pre_handler && pp->family->own_pre_handler(pp))
			buf_printf(out, ", .kprobe_hit = STP_KPROBE_HIT_%d", i);
		buf_puts(out, " },\n");
	}
	return n;
}

static void emit_monitor_globals(const struct program *prog, struct buf *out);

void codegen_program(const struct session *s, const struct program *prog, struct buf *out)
{
	struct buf defs = { 0 }, code = { 0 };
	int npoints = 0, nlocks = codegen_number_locks(prog);
	bool any_fn = false, autoprint;

	buf_printf(out, "/* Generated by stap from %s; do not edit. */\n",
		   c_comment_text(s->script_name));
	buf_puts(out, "#include <linux/jiffies.h>\n#include <linux/moduleparam.h>\n"
		 "#include <linux/string.h>\n");
	buf_puts(out, "#include \"stap_runtime.h\"\n\n");
	privilege_emit_modinfo(s, out);
	if (s->bulk)
		buf_printf(out, "MODULE_INFO(%s, \"1\");\n", BULK_MODINFO_TAG);
	if (s->monitor_s)
		buf_printf(out, "MODULE_INFO(%s, \"1\");\n", MONITOR_MODINFO_TAG);
	for (int i = 0; i < s->nmodinfo; i++) {   /* --modinfo NAME=VALUE, checked in options.c */
		const char *eq = strchr(s->modinfo[i], '=');

		buf_printf(out, "MODULE_INFO(%.*s, %s);\n", (int)(eq - s->modinfo[i]),
			   s->modinfo[i], c_string_literal(eq + 1, strlen(eq + 1)));
	}
	buf_puts(out, "\n");
	buf_printf(out, "#ifndef MAXNESTING\n#define MAXNESTING %d\n#endif\n\n",
		   codegen_default_max_nesting(prog));
	buf_puts(out, "/* 0 or 1 as a long (a call, so the compiler does not treat it as a bool) */\n"
		 "static inline s64 stp_truth(bool v)\n{\n\treturn v;\n}\n\n");
	if (codegen_has_embedded(prog))
		codegen_embedded_blocks(prog, out);

	/* globals */
	for (const struct symbol *sym = prog->globals; sym; sym = sym->next) {
		if (sym->type == TYPE_UNKNOWN)
			continue;
		if (sym->nkeys || sym->is_stat) {
			emit_aggregate_decl(out, sym);
			continue;
		}
		if (sym->type == TYPE_STRING)
			buf_printf(out, "static char g_%s[MAXSTRINGLEN];\n", sym->name);
		else
			buf_printf(out, "static s64 g_%s;\n", sym->name);
		/* settable at load time: stap -G NAME=VALUE, staprun MOD.ko NAME=VALUE */
		buf_printf(out, "static char *gp_%s;\nmodule_param_named(%s, gp_%s, charp, 0);\n",
			   sym->name, sym->name, sym->name);
	}
	buf_puts(out, "\n");
	codegen_regex_tables(prog, out);

	/* bodies first (into their own buffers): their temporaries size the structs */
	for (const struct function *f = prog->functions; f; f = f->next) {
		if (!f->used)
			continue;
		any_fn = true;
		emit_function(&defs, &code, prog, s, f);
	}
	for (const struct probe *p = prog->probes; p; p = p->next)
		emit_probe(&defs, &code, prog, s, p, nlocks);

	/* the locals area: probe structs, then MAXNESTING function frames */
	buf_puts(out, "struct stp_locals_area;\n\n");
	for (const struct function *f = prog->functions; f; f = f->next) {
		if (!f->used)
			continue;
		function_signature(out, f);
		buf_puts(out, ";\n");
	}
	if (any_fn)
		buf_puts(out, "\n");

	buf_add(out, defs.data ? defs.data : "", defs.len);
	/* --no-global-var-display: no end-of-run display of write-only globals */
	autoprint = !s->no_global_var_display && codegen_autoprint_decl(prog, out);
	buf_puts(out, "union stp_probe_locals {\n");
	for (const struct probe *p = prog->probes; p; p = p->next)
		buf_printf(out, "\tstruct probe_%d_locals p%d;\n", p->index, p->index);
	if (autoprint)
		buf_puts(out, "\tstruct stp_autoprint_locals autoprint;\n");
	buf_puts(out, "};\n\n");
	buf_puts(out, "union stp_function_frame {\n\tchar unused;\n");
	for (const struct function *f = prog->functions; f; f = f->next)
		if (f->used)
			buf_printf(out, "\tstruct fn_%s_frame fn_%s;\n", f->cname, f->cname);
	buf_puts(out, "};\n\n");
	buf_puts(out, "struct stp_locals_area {\n\tunsigned int depth;\n");
	buf_puts(out, "\tunion stp_probe_locals probe;\n");
	codegen_regex_locals(prog, out);
	buf_printf(out, "\tunion stp_function_frame frames[%s];\n};\n\n", any_fn ? "MAXNESTING" : "1");
	buf_puts(out, "const size_t stp_locals_size = sizeof(struct stp_locals_area);\n\n");
	buf_add(out, code.data ? code.data : "", code.len);
	if (autoprint)
		codegen_autoprint_handler(prog, nlocks, out);
	buf_free(&defs);
	buf_free(&code);

	/* probe table: the runtime runs begin/end/error probes in table order */
	npoints = emit_probe_table(prog, out);
	if (autoprint) {
		buf_puts(out, "\t{ .handler = probe_autoprint, .pp = \"end\", .pn = \"end\", "
			 ".kind = STP_PROBE_END, .locks_globals = false },\n");
		npoints++;
	}
	buf_puts(out, "};\n\n");
	buf_printf(out, "const unsigned int stp_probe_count = %d;\n\n", npoints);

	/* globals' initial values */
	buf_printf(out, "int stp_globals_init(void)\n{\n\tint rc = stp_global_locks_init(%d);\n\n",
		   nlocks);
	for (const struct symbol *sym = prog->globals; sym; sym = sym->next) {
		if (sym->type == TYPE_UNKNOWN)
			continue;
		if (sym->nkeys) {
			buf_printf(out, "\trc = rc ?: stp_map_init(&g_%s, &gd_%s);\n", sym->name,
				   sym->name);
			continue;
		}
		if (sym->is_stat) {
			buf_printf(out, "\trc = rc ?: stp_stat_init(&g_%s, &gd_%s);\n", sym->name,
				   sym->name);
			continue;
		}
		if (sym->type == TYPE_STRING) {
			buf_printf(out, "\tstp_str_copy(g_%s, %s);\n", sym->name,
				   sym->init ? c_string_literal(sym->init->str, strlen(sym->init->str))
					     : "\"\"");
			buf_printf(out, "\tstp_global_param_str(g_%s, gp_%s);\n", sym->name, sym->name);
		} else if (sym->type == TYPE_LONG) {
			buf_printf(out, "\tg_%s = %s;\n", sym->name,
				   sym->init ? long_literal(sym->init->num) : "0");
			buf_printf(out, "\trc = rc ?: stp_global_param_long(&g_%s, gp_%s, \"%s\");\n",
				   sym->name, sym->name, sym->name);
		}
	}
	buf_puts(out, "\treturn rc;\n}\n");
	if (s->monitor_s)
		emit_monitor_globals(prog, out);
}

/* stap --monitor: the globals the module's status file shows (monitor.c). */
static void emit_monitor_globals(const struct program *prog, struct buf *out)
{
	int n = 0;

	buf_puts(out, "\nconst struct stp_monitor_global stp_monitor_globals[] = {\n");
	for (const struct symbol *sym = prog->globals; sym; sym = sym->next) {
		const char *kind = sym->nkeys    ? (sym->is_stat ? "STP_MONITOR_STAT" : "STP_MONITOR_ARRAY")
				   : sym->is_stat ? "STP_MONITOR_STAT"
				   : sym->type == TYPE_STRING ? "STP_MONITOR_STRING"
							      : "STP_MONITOR_LONG";

		if (sym->type == TYPE_UNKNOWN)
			continue;
		buf_printf(out, "\t{ %s, %s, %d, &g_%s },\n",
			   c_string_literal(sym->name, strlen(sym->name)), kind, sym->lock, sym->name);
		n++;
	}
	if (!n)
		buf_puts(out, "\t{ NULL, STP_MONITOR_STAT, -1, NULL },\n");
	buf_printf(out, "};\n\nconst unsigned int stp_monitor_global_count = %d;\n", n);
}
