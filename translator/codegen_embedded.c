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

bool codegen_has_embedded(const struct program *prog)
{
	if (prog->embedded || prog->has_embedded_expr)
		return true;
	for (const struct function *f = prog->functions; f; f = f->next)
		if (f->used && f->embedded)
			return true;
	return false;
}

void codegen_embedded_blocks(const struct program *prog, struct buf *out)
{
	buf_puts(out, "#include \"stap_embedded.h\"\n\n");
	for (const struct embedded *e = prog->embedded; e; e = e->next)
		buf_printf(out, "/* embedded C from %s:%d */\n%s\n\n",
			   c_comment_text(e->loc.src ? e->loc.src->name : "?"), e->loc.line, e->code);
}

/*
 * STAP_GLOBAL_GET_x(k1, k2) and STAP_GLOBAL_SET_x(k1, k2, v) for an array:
 * the keys in declaration order, as the script indexes it.  A string
 * element is read into the frame's scratch string (ts[0]; see
 * codegen_embedded_needs_str).  A full array is a soft error that names
 * the function's call site (stp_error_at_call).
 */
static void emit_array_macro(struct buf *out, const struct symbol *g, bool write)
{
	bool str = g->type == TYPE_STRING;
	struct buf keys = { 0 };

	buf_printf(out, "#define STAP_GLOBAL_%s_%s(", write ? "SET" : "GET", g->name);
	for (int k = 0; k < g->nkeys; k++) {
		buf_printf(out, "%sk%d", k ? ", " : "", k);
		buf_printf(&keys, "%s{ .%c = (k%d) }", k ? ", " : "",
			   g->key_types[k] == TYPE_STRING ? 's' : 'l', k);
	}
	if (write)
		buf_printf(out, ", v) stp_map_set_%s(c, &g_%s, (const union stp_key[]){ %s }, "
			   "(v), NULL)\n", str ? "str" : "long", g->name, keys.data);
	else if (str)
		buf_printf(out, ") (stp_map_get_str(&g_%s, (const union stp_key[]){ %s }, l->ts[0]), "
			   "(const char *)l->ts[0])\n", g->name, keys.data);
	else
		buf_printf(out, ") stp_map_get_long(&g_%s, (const union stp_key[]){ %s })\n",
			   g->name, keys.data);
	buf_free(&keys);
}

bool codegen_embedded_needs_str(const struct function *f)
{
	for (int i = 0; i < f->neglobals; i++)
		if (f->eglobals[i].sym->nkeys && f->eglobals[i].sym->type == TYPE_STRING &&
		    !f->eglobals[i].write)
			return true;
	return false;
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
	for (int i = 0; i < f->neglobals; i++) {
		const struct symbol *g = f->eglobals[i].sym;
		bool str = g->type == TYPE_STRING;

		if (g->nkeys) {
			emit_array_macro(out, g, f->eglobals[i].write);
			continue;
		}
		if (!f->eglobals[i].write)
			buf_printf(out, "#define STAP_GLOBAL_GET_%s() (%sg_%s)\n", g->name,
				   str ? "(const char *)" : "", g->name);
		else if (str)
			buf_printf(out, "#define STAP_GLOBAL_SET_%s(v) stp_str_copy(g_%s, (v))\n",
				   g->name, g->name);
		else
			buf_printf(out, "#define STAP_GLOBAL_SET_%s(v) (g_%s = (v))\n", g->name, g->name);
	}
	buf_printf(out, "\t{\n/* embedded C of function %s at %s:%d */\n%s\n\t}\n", f->name,
		   c_comment_text(f->loc.src ? f->loc.src->name : "?"), f->loc.line, f->embedded);
	buf_puts(out, "\tgoto out;\n");
	for (const struct symbol *p = f->params; p; p = p->next)
		buf_printf(out, "#undef STAP_ARG_%s\n", p->name);
	if (f->ret == TYPE_STRING || f->ret == TYPE_LONG)
		buf_puts(out, "#undef STAP_RETVALUE\n");
	buf_puts(out, "#undef STAP_RETURN\n");
	for (int i = 0; i < f->neglobals; i++)
		buf_printf(out, "#undef STAP_GLOBAL_%s_%s\n", f->eglobals[i].write ? "SET" : "GET",
			   f->eglobals[i].sym->name);
}
