/*
 * ast_print.c - prints the parse tree (-p1) as script text that parses back
 * to the same tree: binary operands that are not primaries are wrapped in
 * parentheses, blocks are indented two spaces per level, negative number
 * literals print as their unsigned 64-bit value (so they read back as the
 * same literal, not as a negation).  Printing is idempotent: the output
 * parses back to a tree that prints identically.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast_print.h"

const char *type_name(enum type t)
{
	switch (t) {
	case TYPE_UNKNOWN: return "unknown";
	case TYPE_LONG: return "long";
	case TYPE_STRING: return "string";
	case TYPE_VOID: return "void";
	}
	return "?";
}

void ast_print_string(FILE *out, const char *s)
{
	struct buf b = { 0 };

	buf_quote(&b, s, strlen(s), C_ESCAPE_SCRIPT);
	fputs(b.data, out);
	buf_free(&b);
}

static bool is_primary(const struct expr *e)
{
	return e->kind == EXPR_NUMBER || e->kind == EXPR_STRING || e->kind == EXPR_VAR ||
	       e->kind == EXPR_CALL || e->kind == EXPR_INDEX || e->kind == EXPR_TARGET ||
	       e->kind == EXPR_STAT || e->kind == EXPR_ATCALL || e->kind == EXPR_EMBEDDED;
}

static void print_operand(FILE *out, const struct expr *e)
{
	if (is_primary(e)) {
		ast_print_expr(out, e);
	} else {
		fputc('(', out);
		ast_print_expr(out, e);
		fputc(')', out);
	}
}

static void print_list(FILE *out, struct expr *const *v, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		if (v[i])
			ast_print_expr(out, v[i]);
		else
			fputc('*', out);
	}
}

static void print_target(FILE *out, const struct expr *e)
{
	if (e->target.addressof)
		fputc('&', out);
	if (e->target.autocast) {
		fputc('(', out);
		ast_print_expr(out, e->target.operand);
		fputc(')', out);
	} else if (e->target.name[0] == '@') {
		fprintf(out, "%s(", e->target.name);
		if (e->target.operand) {
			ast_print_expr(out, e->target.operand);
			fputs(", ", out);
		}
		ast_print_string(out, e->target.type_name);
		if (e->target.module) {
			fputs(", ", out);
			ast_print_string(out, e->target.module);
		}
		fputc(')', out);
	} else {
		fputs(e->target.name, out);
	}
	for (int i = 0; i < e->target.nsteps; i++) {
		if (e->target.steps[i].member) {
			fprintf(out, "->%s", e->target.steps[i].member);
		} else {
			fputc('[', out);
			ast_print_expr(out, e->target.steps[i].index);
			fputc(']', out);
		}
	}
	fputs(e->target.pretty == 2 ? "$$" : e->target.pretty == 1 ? "$" : "", out);
}

void ast_print_expr(FILE *out, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
		fprintf(out, "%llu", (unsigned long long)e->num);
		break;
	case EXPR_STRING:
		ast_print_string(out, e->str);
		break;
	case EXPR_VAR:
		fputs(e->var.name, out);
		break;
	case EXPR_UNARY:
		fputs(op_name(e->unary.op), out);
		print_operand(out, e->unary.operand);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_REGEX:
		print_operand(out, e->binary.left);
		fprintf(out, " %s ", op_name(e->binary.op));
		print_operand(out, e->binary.right);
		break;
	case EXPR_TERNARY:
		print_operand(out, e->ternary.cond);
		fputs(" ? ", out);
		print_operand(out, e->ternary.then);
		fputs(" : ", out);
		print_operand(out, e->ternary.otherwise);
		break;
	case EXPR_ASSIGN:
		ast_print_expr(out, e->assign.target);
		fprintf(out, " %s ", op_name(e->assign.op));
		print_operand(out, e->assign.value);
		break;
	case EXPR_INCDEC:
		if (e->incdec.prefix)
			fputs(op_name(e->incdec.op), out);
		ast_print_expr(out, e->incdec.target);
		if (!e->incdec.prefix)
			fputs(op_name(e->incdec.op), out);
		break;
	case EXPR_CALL:
	case EXPR_STAT:
	case EXPR_ATCALL:
		fprintf(out, "%s(", e->call.name);
		print_list(out, e->call.args, e->call.nargs);
		fputc(')', out);
		break;
	case EXPR_INDEX:
		ast_print_expr(out, e->index.base);
		fputc('[', out);
		print_list(out, e->index.idx, e->index.n);
		fputc(']', out);
		break;
	case EXPR_IN:
		if (e->in.bracketed) {
			fputc('[', out);
			print_list(out, e->in.keys, e->in.nkeys);
			fputc(']', out);
		} else {
			print_operand(out, e->in.keys[0]);
		}
		fputs(" in ", out);
		ast_print_expr(out, e->in.array);
		break;
	case EXPR_TARGET:
		print_target(out, e);
		break;
	case EXPR_EMBEDDED:
		fprintf(out, "%%{%s%%}", e->str);
		break;
	}
}

static void indent(FILE *out, int level)
{
	for (int i = 0; i < level; i++)
		fputs("  ", out);
}

static void print_stmt(FILE *out, const struct stmt *s, int level);

/* Prints a statement that follows a keyword line (if/else/while/for). */
static void print_body(FILE *out, const struct stmt *s, int level)
{
	if (s->kind == STMT_BLOCK) {
		fputc(' ', out);
		print_stmt(out, s, level);
	} else {
		fputc('\n', out);
		indent(out, level + 1);
		print_stmt(out, s, level + 1);
	}
}

/* The statement that ends S when printed (the innermost last branch). */
static const struct stmt *last_statement(const struct stmt *s)
{
	for (;;) {
		if (s->kind == STMT_IF)
			s = s->if_.otherwise ? s->if_.otherwise : s->if_.then;
		else if (s->kind == STMT_WHILE || s->kind == STMT_FOR)
			s = s->loop.body;
		else if (s->kind == STMT_FOREACH)
			s = s->foreach.body;
		else
			return s;
	}
}

/* True when a ';' must follow PREV for NEXT to read back as a statement of
 * its own: NEXT is an empty statement PREV would take as its terminator, or
 * NEXT starts with a token that would continue PREV's expression
 * ("x = a" then "-b", "a" then "++b", "s = \"a\"" then "\"b\""). */
static bool needs_separator(const struct stmt *prev, const struct stmt *next)
{
	const struct stmt *last = last_statement(prev);
	bool takes_semicolon = last->kind == STMT_EXPR || last->kind == STMT_DELETE ||
			       last->kind == STMT_BREAK || last->kind == STMT_CONTINUE ||
			       last->kind == STMT_NEXT || (last->kind == STMT_RETURN && last->expr);
	bool open_end = last->kind == STMT_EXPR || last->kind == STMT_DELETE ||
			(last->kind == STMT_RETURN && last->expr);

	if (next->kind == STMT_EMPTY)
		return takes_semicolon;
	if (!open_end || next->kind != STMT_EXPR)
		return false;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	bool sep = false;

	if (!m)
		return true;
	ast_print_expr(m, next->expr);
	fclose(m);
	sep = len && strchr("(-+[&\"", text[0]);
	free(text);
	return sep;
}

static const char *sort_mark(const struct stmt *s, int key)
{
	if (s->foreach.sort_key != key || !s->foreach.sort_dir)
		return "";
	return s->foreach.sort_dir > 0 ? "+" : "-";
}

static void print_foreach(FILE *out, const struct stmt *s, int level)
{
	fputs("foreach (", out);
	if (s->foreach.value)
		fprintf(out, "%s = ", s->foreach.value->var.name);
	if (s->foreach.bracketed)
		fputc('[', out);
	for (int i = 0; i < s->foreach.nkeys; i++)
		fprintf(out, "%s%s%s", i ? ", " : "", s->foreach.keys[i]->var.name,
			sort_mark(s, i + 1));
	if (s->foreach.bracketed)
		fputc(']', out);
	fputs(" in ", out);
	ast_print_expr(out, s->foreach.array);
	if (s->foreach.nslice) {
		fputc('[', out);
		print_list(out, s->foreach.slice, s->foreach.nslice);
		fputc(']', out);
	}
	if (s->foreach.sort_aggr)
		fprintf(out, " %s", s->foreach.sort_aggr);
	fputs(sort_mark(s, -1), out);
	if (s->foreach.limit) {
		fputs(" limit ", out);
		ast_print_expr(out, s->foreach.limit);
	}
	fputc(')', out);
	print_body(out, s->foreach.body, level);
}

static void print_stmt(FILE *out, const struct stmt *s, int level)
{
	switch (s->kind) {
	case STMT_BLOCK:
		fputs("{\n", out);
		for (int i = 0; i < s->block.n; i++) {
			indent(out, level + 1);
			print_stmt(out, s->block.items[i], level + 1);
			if (i + 1 < s->block.n && needs_separator(s->block.items[i], s->block.items[i + 1]))
				fputc(';', out);
			fputc('\n', out);
		}
		indent(out, level);
		fputc('}', out);
		break;
	case STMT_EXPR:
		ast_print_expr(out, s->expr);
		break;
	case STMT_IF:
		fputs("if (", out);
		ast_print_expr(out, s->if_.cond);
		fputc(')', out);
		print_body(out, s->if_.then, level);
		if (s->if_.otherwise) {
			fputc('\n', out);
			indent(out, level);
			fputs("else", out);
			print_body(out, s->if_.otherwise, level);
		}
		break;
	case STMT_WHILE:
		fputs("while (", out);
		ast_print_expr(out, s->loop.cond);
		fputc(')', out);
		print_body(out, s->loop.body, level);
		break;
	case STMT_FOR:
		fputs("for (", out);
		if (s->loop.init)
			ast_print_expr(out, s->loop.init);
		fputs("; ", out);
		if (s->loop.cond)
			ast_print_expr(out, s->loop.cond);
		fputs("; ", out);
		if (s->loop.incr)
			ast_print_expr(out, s->loop.incr);
		fputc(')', out);
		print_body(out, s->loop.body, level);
		break;
	case STMT_BREAK:
		fputs("break", out);
		break;
	case STMT_CONTINUE:
		fputs("continue", out);
		break;
	case STMT_NEXT:
		fputs("next", out);
		break;
	case STMT_RETURN:
		/* without a value: the ';' keeps a next line from being read as one */
		fputs(s->expr ? "return " : "return;", out);
		if (s->expr)
			ast_print_expr(out, s->expr);
		break;
	case STMT_EMPTY:
		fputc(';', out);
		break;
	case STMT_FOREACH:
		print_foreach(out, s, level);
		break;
	case STMT_DELETE:
		fputs("delete ", out);
		ast_print_expr(out, s->expr);
		break;
	case STMT_TRY:
		fputs("try ", out);
		print_stmt(out, s->try_.body, level);
		fputc('\n', out);
		indent(out, level);
		fputs("catch", out);
		if (s->try_.catch_var)
			fprintf(out, " (%s)", s->try_.catch_var->var.name);
		fputc(' ', out);
		print_stmt(out, s->try_.handler, level);
		break;
	}
}

static void print_literal(FILE *out, const struct expr *e)
{
	if (e->kind == EXPR_NUMBER)
		fprintf(out, "%lld", (long long)e->num);
	else
		ast_print_string(out, e->str);
}

static void print_points(FILE *out, const struct probe_point *pp)
{
	for (; pp; pp = pp->next) {
		fprintf(out, "%s%s%s", pp->text, pp->optional ? "?" : "", pp->sufficient ? "!" : "");
		if (pp->cond) {
			fputs(" if (", out);
			ast_print_expr(out, pp->cond);
			fputc(')', out);
		}
		fputs(pp->next ? ", " : " ", out);
	}
}

void ast_print_program(FILE *out, const struct source *src, const struct program *prog)
{
	fprintf(out, "# parse tree dump\n# file %s\n", src->name);
	for (const struct embedded *e = prog->embedded; e; e = e->next)
		fprintf(out, "%%{%s%%}\n", e->code);
	for (const struct symbol *g = prog->globals; g; g = g->next) {
		fprintf(out, "%sglobal %s%s", g->is_private ? "private " : "", g->name,
			g->wrap ? "%" : "");
		if (g->is_array) {
			if (g->array_size)
				fprintf(out, "[%lld]", (long long)g->array_size);
			else
				fputs("[]", out);
		}
		if (g->init) {
			fputs(" = ", out);
			print_literal(out, g->init);
		}
		fputc('\n', out);
	}
	for (const struct function *f = prog->functions; f; f = f->next) {
		fprintf(out, "%sfunction %s", f->is_private ? "private " : "", f->name);
		if (f->declared != TYPE_UNKNOWN)
			fprintf(out, ":%s", type_name(f->declared));
		fputs(" (", out);
		for (const struct symbol *p = f->params; p; p = p->next) {
			fprintf(out, "%s%s", p == f->params ? "" : ", ", p->name);
			if (p->type != TYPE_UNKNOWN)
				fprintf(out, ":%s", type_name(p->type));
		}
		fputs(") ", out);
		if (f->has_priority)
			fprintf(out, ":%lld ", (long long)f->priority);
		if (f->embedded)
			fprintf(out, "%%{%s%%}", f->embedded);
		else
			print_stmt(out, f->body, 0);
		fputc('\n', out);
	}
	for (const struct alias *a = prog->aliases; a; a = a->next) {
		fputs("probe ", out);
		for (const struct probe_point *pp = a->names; pp; pp = pp->next)
			fprintf(out, "%s%s", pp->text, pp->next ? ", " : " ");
		fputs(a->epilogue ? "+= " : "= ", out);
		print_points(out, a->points);
		print_stmt(out, a->body, 0);
		fputc('\n', out);
	}
	for (const struct probe *p = prog->probes; p; p = p->next) {
		fputs("probe ", out);
		print_points(out, p->points);
		print_stmt(out, p->body, 0);
		fputc('\n', out);
	}
}
