/*
 * module_names.c - the module names of a kernel release, from its
 * modules.dep ("kernel/fs/ext4/ext4.ko.xz: deps..."): a module glob
 * matches against these, so it covers every installed module, loaded or
 * not, as a module's function list comes from its .ko (tv_btf.c).
 */
#include "config.h"

#include "module_names.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kernel's spelling of a module name: '-' becomes '_'. */
static void kernel_spelling(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void module_names_free(char **names, long n)
{
	for (long i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

long module_names_matching(const char *release, const char *glob, char ***names, char *why,
			   size_t why_len)
{
	char dep[PATH_MAX], *line = NULL, *pattern = strdup(glob);
	size_t cap = 0;
	char **out = NULL;
	long n = 0, kept = 0, room = 0;
	FILE *f;

	*names = NULL;
	if (!pattern) {
		snprintf(why, why_len, "out of memory");
		return -1;
	}
	kernel_spelling(pattern);
	snprintf(dep, sizeof dep, "/lib/modules/%s/modules.dep", release);
	f = fopen(dep, "re");
	if (!f) {
		snprintf(why, why_len, "%s: %s", dep, strerror(errno));
		free(pattern);
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		char *colon = strchr(line, ':'), *base, *ko, *name, **grown;

		if (!colon)
			continue;
		*colon = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		ko = strstr(base, ".ko");
		if (!ko || ko == base)
			continue;
		*ko = '\0';
		kernel_spelling(base);
		if (fnmatch(pattern, base, 0) != 0)
			continue;
		if (n == MAX_MODULE_NAMES) {
			snprintf(why, why_len, "%s lists too many modules (limit is %d)", dep,
				 MAX_MODULE_NAMES);
			goto fail;
		}
		if (n == room) {
			room = room ? 2 * room : 64;
			grown = realloc(out, (size_t)room * sizeof *out);
			if (!grown)
				goto oom;
			out = grown;
		}
		if (!(name = strdup(base)))
			goto oom;
		out[n++] = name;
	}
	fclose(f);
	free(line);
	free(pattern);
	if (n)
		qsort(out, (size_t)n, sizeof *out, by_name);
	for (long i = 0; i < n; i++) {
		if (kept && strcmp(out[kept - 1], out[i]) == 0)
			free(out[i]);
		else
			out[kept++] = out[i];
	}
	*names = out;
	return kept;
oom:
	snprintf(why, why_len, "out of memory");
fail:
	fclose(f);
	free(line);
	free(pattern);
	module_names_free(out, n);
	return -1;
}
