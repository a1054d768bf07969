/*
 * ast_print.c - prints the parse tree (-p1) as script text that parses back
 * to the same tree: binary operands that are not primaries are wrapped in
 * parentheses, blocks are indented two spaces per level.
 */
#include "config.h"

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
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		default:
			if (*p < 32 || *p == 127)
				fprintf(out, "\\%03o", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static bool is_primary(const struct expr *e)
{
	return e->kind == EXPR_NUMBER || e->kind == EXPR_STRING || e->kind == EXPR_VAR ||
	       e->kind == EXPR_CALL;
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

void ast_print_expr(FILE *out, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_NUMBER:
		fprintf(out, "%lld", (long long)e->num);
		break;
	case EXPR_STRING:
		ast_print_string(out, e->str);
		break;
	case EXPR_VAR:
		fputs(e->var.name, out);
		break;
	case EXPR_UNARY:
		fputs(e->unary.op, out);
		print_operand(out, e->unary.operand);
		break;
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
		print_operand(out, e->binary.left);
		fprintf(out, " %s ", e->binary.op);
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
		fprintf(out, " %s ", e->assign.op);
		print_operand(out, e->assign.value);
		break;
	case EXPR_INCDEC:
		if (e->incdec.prefix)
			fputs(e->incdec.op, out);
		ast_print_expr(out, e->incdec.target);
		if (!e->incdec.prefix)
			fputs(e->incdec.op, out);
		break;
	case EXPR_CALL:
		fprintf(out, "%s(", e->call.name);
		for (int i = 0; i < e->call.nargs; i++) {
			if (i)
				fputs(", ", out);
			ast_print_expr(out, e->call.args[i]);
		}
		fputc(')', out);
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

static void print_stmt(FILE *out, const struct stmt *s, int level)
{
	switch (s->kind) {
	case STMT_BLOCK:
		fputs("{\n", out);
		for (int i = 0; i < s->block.n; i++) {
			indent(out, level + 1);
			print_stmt(out, s->block.items[i], level + 1);
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
		fputs("return", out);
		if (s->expr) {
			fputc(' ', out);
			ast_print_expr(out, s->expr);
		}
		break;
	case STMT_EMPTY:
		fputc(';', out);
		break;
	}
}

void ast_print_program(FILE *out, const struct source *src, const struct program *prog)
{
	fprintf(out, "# parse tree dump\n# file %s\n", src->name);
	for (const struct symbol *g = prog->globals; g; g = g->next) {
		fprintf(out, "global %s", g->name);
		if (g->init) {
			fputs(" = ", out);
			ast_print_expr(out, g->init);
		}
		fputc('\n', out);
	}
	for (const struct function *f = prog->functions; f; f = f->next) {
		fprintf(out, "function %s", f->name);
		if (f->declared != TYPE_UNKNOWN)
			fprintf(out, ":%s", type_name(f->declared));
		fputs(" (", out);
		for (const struct symbol *p = f->params; p; p = p->next) {
			fprintf(out, "%s%s", p == f->params ? "" : ", ", p->name);
			if (p->type != TYPE_UNKNOWN)
				fprintf(out, ":%s", type_name(p->type));
		}
		fputs(") ", out);
		print_stmt(out, f->body, 0);
		fputc('\n', out);
	}
	for (const struct probe *p = prog->probes; p; p = p->next) {
		fputs("probe ", out);
		for (const struct probe_point *pp = p->points; pp; pp = pp->next)
			fprintf(out, "%s%s", pp->text, pp->next ? ", " : " ");
		print_stmt(out, p->body, 0);
		fputc('\n', out);
	}
}
