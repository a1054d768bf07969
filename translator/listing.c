/*
 * listing.c - stap -l PATTERN and stap -L PATTERN: the probe points a
 * pattern resolves to, one per line, sorted and without repeats, as
 * upstream prints them.  A point reached through an alias is listed under
 * the alias's name (syscall.* lists syscall.read, ...); -L appends the
 * variables a handler can read there: the locals the aliases set, as
 * name:type, then what the point's family offers (list_vars).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "listing.h"
#include "probe_families.h"
#include "resolve.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_sym(const void *a, const void *b)
{
	const struct symbol *x = *(const struct symbol *const *)a;
	const struct symbol *y = *(const struct symbol *const *)b;

	return strcmp(x->name, y->name);
}

/* " name:type ..." for the locals of P a user may read (not "__" ones). */
static const char *locals_text(const struct probe *p)
{
	const struct symbol **v;
	struct buf b = { 0 };
	const char *res;
	size_t n = 0, k = 0;

	for (const struct symbol *sym = p->locals; sym; sym = sym->next)
		n++;
	if (!n)
		return "";
	v = arena_alloc(sizeof *v * n);
	for (const struct symbol *sym = p->locals; sym; sym = sym->next)
		if (strncmp(sym->name, "__", 2) != 0 && sym->type != TYPE_UNKNOWN)
			v[k++] = sym;
	qsort(v, k, sizeof *v, cmp_sym);
	buf_printf(&b, "%s", "");
	for (size_t i = 0; i < k; i++)
		buf_printf(&b, " %s:%s", v[i]->name, type_name(v[i]->type));
	res = arena_strdup(b.data);
	buf_free(&b);
	return res;
}

void list_probe_points(FILE *out, const struct session *s, const struct program *prog,
		       const struct source *user, bool with_vars)
{
	const char **lines;
	size_t n = 0, k = 0;

	for (const struct probe *p = prog->probes; p; p = p->next)
		for (const struct probe_point *pp = p->points; pp; pp = pp->next)
			n += p->loc.src == user;
	if (!n)
		return;
	lines = arena_alloc(sizeof *lines * n);
	for (const struct probe *p = prog->probes; p; p = p->next)
		for (const struct probe_point *pp = p->points; pp; pp = pp->next) {
			const char *line;

			/* a tapset file's own probe (its begin, say) was not asked for */
			if (p->loc.src != user)
				continue;
			line = resolve_listed(pp);

			if (with_vars) {
				const char *fam = pp->family && pp->family->list_vars
							  ? pp->family->list_vars(s, pp) : NULL;

				line = arena_printf("%s%s%s", line, locals_text(p), fam ? fam : "");
			}
			lines[k++] = line;
		}
	qsort(lines, k, sizeof *lines, cmp_str);
	for (size_t i = 0; i < k; i++)
		if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
			fprintf(out, "%s\n", lines[i]);
}
