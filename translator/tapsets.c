/*
 * tapsets.c - the tapset search path.  For kernel 6.1.0-56-amd64 and arch
 * x86_64 each tapset directory DIR (the default one, then every -I DIR in
 * order) is searched in
 *   DIR/6.1.0-56-amd64/x86_64, DIR/6.1.0-56-amd64, DIR/6.1.0/x86_64,
 *   DIR/6.1.0, DIR/6.1/x86_64, DIR/6.1, DIR/6/x86_64, DIR/6,
 *   DIR/x86_64, DIR
 * and a file found earlier shadows a file of the same name found later in
 * the same DIR, so a version-specific tapset replaces the generic one.
 * Files are listed in name order within one directory, so the order (and
 * with it every message) is deterministic.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "tapsets.h"

#define MAX_VERSIONS 16

struct file_list {
	const char **v;
	int n, cap;
};

static void add_file(struct file_list *l, const char *path)
{
	if (l->n == l->cap) {
		int ncap = l->cap ? l->cap * 2 : 32;
		const char **nv = arena_alloc(sizeof *nv * (size_t)ncap);

		if (l->n)
			memcpy(nv, l->v, sizeof *nv * (size_t)l->n);
		l->v = nv;
		l->cap = ncap;
	}
	l->v[l->n++] = path;
}

/* 6.1.0-56-amd64 -> 6.1.0-56-amd64, 6.1.0, 6.1, 6 */
static int kernel_versions(const char *release, char out[][128])
{
	int n = 0;
	char v[128];

	if (!release || !*release)
		return 0;
	snprintf(out[n++], 128, "%s", release);
	snprintf(v, sizeof v, "%s", release);
	v[strcspn(v, "-")] = '\0';
	for (;;) {
		if (*v && strcmp(v, out[n - 1]) != 0 && n < MAX_VERSIONS)
			snprintf(out[n++], 128, "%s", v);
		char *dot = strrchr(v, '.');
		if (!dot)
			break;
		*dot = '\0';
	}
	return n;
}

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);

	return n > e && strcmp(name + n - e, ext) == 0;
}

/* Adds the *EXT files of DIR not yet SEEN (names of this tapset directory). */
static void scan_dir(const char *dir, const char *ext, struct file_list *files,
		     struct file_list *seen)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort);

	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		struct stat st;
		bool shadowed = false;

		if (name[0] != '.' && has_ext(name, ext)) {
			const char *path = arena_printf("%s/%s", dir, name);

			for (int k = 0; k < seen->n; k++)
				if (strcmp(seen->v[k], name) == 0)
					shadowed = true;
			if (!shadowed && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				add_file(seen, arena_strdup(name));
				add_file(files, path);
			}
		}
		free(ents[i]);
	}
	free(ents);
}

int tapset_files(const struct session *s, const char *ext, const char ***out)
{
	struct file_list files = { 0 };
	char versions[MAX_VERSIONS][128];
	int nv = kernel_versions(s->kernel_release, versions);
	const char *roots[SESSION_MAX_LIST + 1];
	int nroots = 0;

	if (s->tapset_dir)
		roots[nroots++] = s->tapset_dir;
	for (int i = 0; i < s->ninclude_dirs; i++)
		roots[nroots++] = s->include_dirs[i];
	for (int r = 0; r < nroots; r++) {
		struct file_list seen = { 0 };

		for (int v = 0; v <= nv; v++) {
			const char *base = v < nv ? arena_printf("%s/%s", roots[r], versions[v])
						  : roots[r];

			if (s->arch)
				scan_dir(arena_printf("%s/%s", base, s->arch), ext, &files, &seen);
			scan_dir(base, ext, &files, &seen);
		}
	}
	*out = files.v;
	return files.n;
}

struct source *tapset_read(const char *path)
{
	FILE *f = fopen(path, "r");
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;
	struct source *src;

	if (!f) {
		fprintf(stderr, "ERROR: cannot open tapset file '%s': %s\n", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	src = arena_alloc(sizeof *src);
	src->name = path;
	src->text = arena_strndup(b.data ? b.data : "", b.len);
	src->len = b.len;
	buf_free(&b);
	if (strlen(src->text) != src->len) {
		fprintf(stderr, "ERROR: tapset file '%s' contains a NUL byte\n", path);
		return NULL;
	}
	return src;
}
