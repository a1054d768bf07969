/*
 * codegen_autoprint.c - the end-of-session display of globals the script
 * writes but never reads (as upstream): one extra end handler, run after
 * the script's own end probes, printing
 *   x=5              a long          s="text"        a string (escaped)
 *   a[1,"k"]=7       each element of an array, by decreasing value
 *   st @count=3 @min=1 @max=3 @sum=6 @avg=2           a statistic
 * The handler is plain runtime calls under the write locks of what it
 * shows; its iterator and string buffer live in the per-cpu locals area
 * like any probe's.
 */
#include "config.h"

#include <string.h>

#include "codegen.h"

static bool displayed(const struct symbol *g)
{
	return g->written && !g->read && g->type != TYPE_UNKNOWN;
}

bool codegen_autoprint_decl(const struct program *prog, struct buf *out)
{
	bool any = false;

	for (const struct symbol *g = prog->globals; g; g = g->next)
		any = any || displayed(g);
	if (any)
		buf_puts(out, "struct stp_autoprint_locals {\n\tstruct stp_map_iter it;\n"
			 "\tchar s[MAXSTRINGLEN];\n};\n\n");
	return any;
}

static void put_text(struct buf *out, const char *text)
{
	buf_printf(out, "\tstp_out_cstr(c->print, %s);\n", c_string_literal(text, strlen(text)));
}

/* VALUE (a C expression) in decimal, or as an escaped quoted string. */
static void put_value(struct buf *out, enum type t, const char *value)
{
	if (t == TYPE_STRING) {
		buf_printf(out, "\tstp_text_str(l->s, %s);\n", value);
		buf_puts(out, "\tstp_out_write(c->print, \"\\\"\", 1);\n");
		buf_puts(out, "\tstp_out_cstr(c->print, l->s);\n");
		buf_puts(out, "\tstp_out_write(c->print, \"\\\"\", 1);\n");
		return;
	}
	buf_printf(out, "\tstp_out_decimal(c->print, %s);\n", value);
}

static void put_stats(struct buf *out, const char *data)
{
	static const char *const names[] = { "count", "min", "max", "sum", "avg" };

	buf_printf(out, "\td = %s;\n", data);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		buf_printf(out, "\tstp_out_cstr(c->print, \" @%s=\");\n", names[i]);
		if (i == 0 || i == 3)
			buf_printf(out, "\tstp_out_decimal(c->print, stp_stat_%s(d));\n", names[i]);
		else
			buf_printf(out, "\tstp_out_decimal(c->print, stp_stat_%s(c, d, NULL));\n",
				   names[i]);
	}
}

static void display_array(struct buf *out, const struct symbol *g)
{
	buf_printf(out, "\tstp_map_iter_start(&l->it, &g_%s, 0, STP_SORT_DESC, STP_AGG_COUNT, -1);\n",
		   g->name);
	buf_puts(out, "\twhile (stp_map_iter_next(c, &l->it, NULL)) {\n");
	put_text(out, arena_printf("%s[", g->name));
	for (int i = 0; i < g->nkeys; i++) {
		if (i)
			buf_puts(out, "\tstp_out_write(c->print, \",\", 1);\n");
		if (g->key_types[i] == TYPE_STRING) {
			put_value(out, TYPE_STRING, arena_printf("stp_map_iter_key_str(&l->it, %d)", i));
		} else {
			buf_printf(out, "\tstp_out_decimal(c->print, stp_map_iter_key_long(&l->it, %d));\n",
				   i);
		}
	}
	buf_puts(out, "\tstp_out_write(c->print, \"]\", 1);\n");
	if (g->is_stat) {
		put_stats(out, "stp_map_iter_stat(&l->it)");
	} else {
		buf_puts(out, "\tstp_out_write(c->print, \"=\", 1);\n");
		put_value(out, g->type, g->type == TYPE_STRING ? "stp_map_iter_str(&l->it)"
							      : "stp_map_iter_long(&l->it)");
	}
	buf_puts(out, "\tstp_out_write(c->print, \"\\n\", 1);\n");
	buf_puts(out, "\t}\n");
}

void codegen_autoprint_handler(const struct program *prog, int nlocks, struct buf *out)
{
	int n = codegen_write_locks(prog, displayed, nlocks, out, "probe_autoprint_locks");

	buf_puts(out, "static void probe_autoprint(struct stp_context *c)\n{\n");
	buf_puts(out, "\tstruct stp_locals_area *L = c->locals;\n");
	buf_puts(out, "\tstruct stp_autoprint_locals *l = &L->probe.autoprint;\n");
	buf_puts(out, "\tconst struct stp_stat_data *d;\n\n");
	buf_puts(out, "\tmemset(l, 0, sizeof(*l));\n\t(void)d;\n");
	if (n)
		buf_printf(out, "\tif (!stp_locks_acquire(c, probe_autoprint_locks, %d))\n"
			   "\t\treturn;\n", n);
	for (const struct symbol *g = prog->globals; g; g = g->next) {
		if (!displayed(g))
			continue;
		if (g->nkeys) {
			display_array(out, g);
			continue;
		}
		if (g->is_stat) {
			buf_printf(out, "\tif (stp_stat_count(stp_stat_get(&g_%s)) == 0) {\n", g->name);
			put_text(out, arena_printf("%s @count=0x0\n", g->name));
			buf_puts(out, "\t} else {\n");
			put_text(out, g->name);
			put_stats(out, arena_printf("stp_stat_get(&g_%s)", g->name));
			buf_puts(out, "\tstp_out_write(c->print, \"\\n\", 1);\n\t}\n");
			continue;
		}
		put_text(out, arena_printf("%s=", g->name));
		put_value(out, g->type, arena_printf("g_%s", g->name));
		buf_puts(out, "\tstp_out_write(c->print, \"\\n\", 1);\n");
	}
	if (n)
		buf_printf(out, "\tstp_locks_release(probe_autoprint_locks, %d);\n", n);
	buf_puts(out, "}\n\n");
}
