/*
 * codegen_embedded.c - pass 3 for embedded C: top-level %{ %} blocks, the
 * bodies of embedded-C functions, and whether the file needs the embedded-C
 * header (runtime/stap_embedded.h: CONTEXT, STAP_ERROR, STAP_NEXT,
 * STAP_PRINTF, strlcpy).
 *
 * The code is pasted as written.  Around a function body the translator
 * defines the per-function macros: STAP_ARG_p for each parameter p (a
 * writable copy in the function's frame: s64, or char[MAXSTRINGLEN]),
 * STAP_RETVALUE (the frame's s64 result, or the caller's result buffer of
 * MAXSTRINGLEN) and STAP_RETURN(v), which stores v (a string through the
 * bounded copy, so a long one is cut at MAXSTRINGLEN) and leaves through
 * the function's `out` label; they are #undef'd after it.  The code runs
 * in the function's frame like a script function's, so MAXNESTING and the
 * frame layout are the same.
 */
#include "config.h"

#include <string.h>

#include "codegen.h"

static bool expr_has_embedded(const struct expr *e);

static bool list_has_embedded(struct expr *const *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v && v[i] && expr_has_embedded(v[i]))
			return true;
	return false;
}

static bool expr_has_embedded(const struct expr *e)
{
	if (!e)
		return false;
	switch (e->kind) {
	case EXPR_EMBEDDED:
		return true;
	case EXPR_NUMBER:
	case EXPR_STRING:
	case EXPR_VAR:
	case EXPR_TARGET:
		return false;
	case EXPR_UNARY:
		return expr_has_embedded(e->unary.operand);
	case EXPR_BINARY:
	case EXPR_LOGICAL:
	case EXPR_COMPARE:
	case EXPR_CONCAT:
	case EXPR_REGEX:
		return expr_has_embedded(e->binary.left) || expr_has_embedded(e->binary.right);
	case EXPR_TERNARY:
		return expr_has_embedded(e->ternary.cond) || expr_has_embedded(e->ternary.then) ||
		       expr_has_embedded(e->ternary.otherwise);
	case EXPR_ASSIGN:
		return expr_has_embedded(e->assign.value);
	case EXPR_INCDEC:
		return false;
	case EXPR_CALL:
	case EXPR_STAT:
	case EXPR_ATCALL:
		return list_has_embedded(e->call.args, e->call.nargs);
	case EXPR_INDEX:
		return list_has_embedded(e->index.idx, e->index.n);
	case EXPR_IN:
		return list_has_embedded(e->in.keys, e->in.nkeys);
	}
	return false;
}

static bool stmt_has_embedded(const struct stmt *s)
{
	if (!s)
		return false;
	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->block.n; i++)
			if (stmt_has_embedded(s->block.items[i]))
				return true;
		return false;
	case STMT_EXPR:
	case STMT_RETURN:
	case STMT_DELETE:
		return expr_has_embedded(s->expr);
	case STMT_IF:
		return expr_has_embedded(s->if_.cond) || stmt_has_embedded(s->if_.then) ||
		       stmt_has_embedded(s->if_.otherwise);
	case STMT_WHILE:
	case STMT_FOR:
		return expr_has_embedded(s->loop.init) || expr_has_embedded(s->loop.cond) ||
		       expr_has_embedded(s->loop.incr) || stmt_has_embedded(s->loop.body);
	case STMT_FOREACH:
		return list_has_embedded(s->foreach.slice, s->foreach.nslice) ||
		       expr_has_embedded(s->foreach.limit) || stmt_has_embedded(s->foreach.body);
	case STMT_TRY:
		return stmt_has_embedded(s->try_.body) || stmt_has_embedded(s->try_.handler);
	case STMT_BREAK:
	case STMT_CONTINUE:
	case STMT_NEXT:
	case STMT_EMPTY:
		return false;
	}
	return false;
}

bool codegen_has_embedded(const struct program *prog)
{
	if (prog->embedded)
		return true;
	for (const struct function *f = prog->functions; f; f = f->next)
		if (f->used && (f->embedded || stmt_has_embedded(f->body)))
			return true;
	for (const struct probe *p = prog->probes; p; p = p->next)
		if (stmt_has_embedded(p->body))
			return true;
	return false;
}

void codegen_embedded_blocks(const struct program *prog, struct buf *out)
{
	buf_puts(out, "#include \"stap_embedded.h\"\n\n");
	for (const struct embedded *e = prog->embedded; e; e = e->next)
		buf_printf(out, "/* embedded C from %s:%d */\n%s\n\n",
			   e->loc.src ? e->loc.src->name : "?", e->loc.line, e->code);
}

void codegen_embedded_body(struct buf *out, const struct function *f)
{
	for (const struct symbol *p = f->params; p; p = p->next)
		buf_printf(out, "#define STAP_ARG_%s (l->v_%s)\n", p->name, p->name);
	switch (f->ret) {
	case TYPE_STRING:
		buf_puts(out, "#define STAP_RETVALUE rv\n");
		buf_puts(out, "#define STAP_RETURN(v) do { stp_str_copy(rv, (v)); goto out; } "
			 "while (0)\n");
		break;
	case TYPE_LONG:
		buf_puts(out, "#define STAP_RETVALUE (l->ret)\n");
		buf_puts(out, "#define STAP_RETURN(v) do { l->ret = (v); goto out; } while (0)\n");
		break;
	case TYPE_VOID:
	case TYPE_UNKNOWN:
		buf_puts(out, "#define STAP_RETURN(...) goto out\n");
		break;
	}
	buf_printf(out, "\t{\n/* embedded C of function %s at %s:%d */\n%s\n\t}\n", f->name,
		   f->loc.src ? f->loc.src->name : "?", f->loc.line, f->embedded);
	buf_puts(out, "\tgoto out;\n");
	for (const struct symbol *p = f->params; p; p = p->next)
		buf_printf(out, "#undef STAP_ARG_%s\n", p->name);
	if (f->ret == TYPE_STRING || f->ret == TYPE_LONG)
		buf_puts(out, "#undef STAP_RETVALUE\n");
	buf_puts(out, "#undef STAP_RETURN\n");
}
