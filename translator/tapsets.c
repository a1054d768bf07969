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
 * with it every message) is deterministic.  Listings and file texts are
 * cached, since pass 1 (which parses the whole library) and pass 2 (which
 * indexes it) both need them.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "parse.h"
#include "tapsets.h"
#include "tapset_memo.h"

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

/* Whether the entry E (at PATH) is a regular file, following a symlink;
 * stat only when the directory did not say. */
static bool is_regular(const struct dirent *e, const char *path)
{
	struct stat st;

	if (e->d_type == DT_REG)
		return true;
	if (e->d_type != DT_UNKNOWN && e->d_type != DT_LNK)
		return false;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
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
		bool shadowed = false;

		if (name[0] != '.' && has_ext(name, ext)) {
			const char *path = arena_printf("%s/%s", dir, name);

			for (int k = 0; k < seen->n; k++)
				if (strcmp(seen->v[k], name) == 0)
					shadowed = true;
			if (!shadowed && is_regular(ents[i], path)) {
				add_file(seen, arena_strdup(name));
				add_file(files, path);
			}
		}
		free(ents[i]);
	}
	free(ents);
}

static int search_path(const struct session *s, const char *ext, const char ***out)
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

/* Pass 1 and pass 2 both list and read the library: the listing and the
 * sources are kept for the life of the arena.  A listing is keyed by what
 * it depends on (interned), a source by its interned path. */
static struct cache {
	unsigned epoch;
	const char *keys[4];
	const char **files[4];
	int nfiles[4], nkeys;
	const char **paths;
	struct source **sources;
	int nsources, cap;
} cache;

static void cache_check_epoch(void)
{
	if (cache.epoch != arena_epoch()) {
		free(cache.paths);
		free(cache.sources);
		memset(&cache, 0, sizeof cache);
		cache.epoch = arena_epoch();
	}
}

int tapset_files(const struct session *s, const char *ext, const char ***out)
{
	struct buf key = { 0 };
	const char *k;
	int i;

	cache_check_epoch();
	buf_printf(&key, "%s|%s|%s|%s", ext, s->tapset_dir ? s->tapset_dir : "",
		   s->kernel_release ? s->kernel_release : "", s->arch ? s->arch : "");
	for (i = 0; i < s->ninclude_dirs; i++)
		buf_printf(&key, "|%s", s->include_dirs[i]);
	k = intern(key.data, key.len);
	buf_free(&key);
	for (i = 0; i < cache.nkeys; i++)
		if (cache.keys[i] == k) {
			*out = cache.files[i];
			return cache.nfiles[i];
		}
	int n = search_path(s, ext, out);

	if (cache.nkeys < 4) {
		cache.keys[cache.nkeys] = k;
		cache.files[cache.nkeys] = *out;
		cache.nfiles[cache.nkeys++] = n;
	}
	return n;
}

/* PATH's whole text (NUL-terminated, in *LEN bytes) in arena memory, read
 * with as few system calls as the size allows; NULL on failure (errno). */
static char *read_whole(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t cap, n = 0;
	char *text;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return NULL;
	}
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	text = arena_alloc(cap + 1);
	for (;;) {
		ssize_t got = read(fd, text + n, cap - n);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return NULL;
		}
		n += (size_t)got;
		if (got == 0 || n < cap)
			break;  /* a short read of a regular file: its end */
		char *bigger = arena_alloc(cap * 2 + 1);   /* it grew */

		memcpy(bigger, text, n);
		text = bigger;
		cap *= 2;
	}
	close(fd);
	text[n] = '\0';
	*len = n;
	return text;
}

struct source *tapset_read(const char *path)
{
	const char *key = intern(path, strlen(path));
	struct source *src;
	size_t len = 0;
	char *text;

	cache_check_epoch();
	for (int i = cache.nsources - 1; i >= 0; i--)
		if (cache.paths[i] == key)
			return cache.sources[i];
	text = read_whole(path, &len);
	if (!text) {
		fprintf(stderr, "ERROR: cannot open tapset file '%s': %s\n", path, strerror(errno));
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		fprintf(stderr, "ERROR: tapset file '%s' contains a NUL byte\n", path);
		return NULL;
	}
	src = arena_alloc(sizeof *src);
	src->name = path;
	src->text = text;
	src->len = len;
	if (cache.nsources == cache.cap) {
		cache.cap = cache.cap ? cache.cap * 2 : 256;
		cache.paths = realloc(cache.paths, sizeof *cache.paths * (size_t)cache.cap);
		cache.sources = realloc(cache.sources, sizeof *cache.sources * (size_t)cache.cap);
		if (!cache.paths || !cache.sources)
			internal_error("out of memory");
	}
	cache.paths[cache.nsources] = key;
	cache.sources[cache.nsources++] = src;
	return src;
}

int tapsets_parse_macros(const struct session *s, struct pp_env *env)
{
	const char **files;
	int n = tapset_files(s, ".stpm", &files), errors = 0;

	for (int i = 0; i < n; i++) {
		struct source *m = tapset_read(files[i]);

		errors += m ? parse_macro_file(m, env) : 1;
	}
	return errors;
}

/* The last node of each of LIBRARY's lists, advanced from the ones before. */
struct lib_tails {
	struct embedded *embedded;
	struct alias *alias;
	struct symbol *global;
	struct function *function;
	struct probe *probe;
};

/* Pass 1's tree of each library file, handed to pass 2 (tapsets_parsed()):
 * the library's biggest file (the generated syscall aliases, ~200 KB) costs
 * its lexing and parsing once, not once per pass. */
struct parsed_file {
	const struct source *src;
	struct program prog;
	bool ok;                  /* parsed without error, not handed out yet */
};
static struct {
	struct parsed_file *v;
	int n;
	struct pp_env env;        /* the conditions pass 1 parsed them under */
	unsigned epoch;
	struct lib_tails *ends;   /* each file's last nodes in the library */
	struct program *library;  /* split into the files' trees at first use */
} parsed;

#define ADVANCE(tail, head) \
	do { \
		if (!(tail)) \
			(tail) = (head); \
		while ((tail) && (tail)->next) \
			(tail) = (tail)->next; \
	} while (0)
#define FIRST_AFTER(tail, head) ((tail) ? (tail)->next : (head))
#define CUT(tail) \
	do { \
		if (tail) \
			(tail)->next = NULL; \
	} while (0)

static void advance_tails(struct lib_tails *t, const struct program *lib)
{
	ADVANCE(t->embedded, lib->embedded);
	ADVANCE(t->alias, lib->aliases);
	ADVANCE(t->global, lib->globals);
	ADVANCE(t->function, lib->functions);
	ADVANCE(t->probe, lib->probes);
}

/* File F's part of LIB: what follows BEFORE up to AFTER (cut later). */
static void take_slice(struct program *f, const struct lib_tails *before,
		       const struct lib_tails *after, const struct program *lib)
{
	f->embedded = before->embedded == after->embedded ? NULL
		      : FIRST_AFTER(before->embedded, lib->embedded);
	f->aliases = before->alias == after->alias ? NULL : FIRST_AFTER(before->alias, lib->aliases);
	f->globals = before->global == after->global ? NULL
		     : FIRST_AFTER(before->global, lib->globals);
	f->functions = before->function == after->function ? NULL
		       : FIRST_AFTER(before->function, lib->functions);
	f->probes = before->probe == after->probe ? NULL : FIRST_AFTER(before->probe, lib->probes);
}

static void cut_after(const struct lib_tails *t)
{
	CUT(t->embedded);
	CUT(t->alias);
	CUT(t->global);
	CUT(t->function);
	CUT(t->probe);
}

int tapsets_parse_library(const struct session *s, struct pp_env *env, struct program *library,
			  int *nfiles)
{
	const char **files, **stpm;
	int n = tapset_files(s, ".stp", &files), errors = 0, nparsed = 0;
	int nstpm = tapset_files(s, ".stpm", &stpm);
	struct lib_tails tails = { 0 };
	struct lib_tails *ends = arena_alloc(sizeof *ends * (size_t)(n ? n : 1));
	struct tapset_memo memo;

	/* the dumps list the library whole */
	tapset_memo_open(&memo, s, env, stpm, nstpm);
	memo.on = memo.on && !s->dump;
	parsed.v = arena_alloc(sizeof *parsed.v * (size_t)(n ? n : 1));
	parsed.n = n;
	parsed.env = *env;
	parsed.epoch = arena_epoch();
	parsed.ends = ends;
	parsed.library = library;
	for (int i = 0; i < n; i++) {
		struct source *lib = tapset_read(files[i]);
		struct lib_tails before = tails;
		int warnings = diag_warning_count(), bad;

		if (lib && tapset_memo_clean(&memo, files[i])) {
			/* clean before: pass 2 parses it if it takes it */
			ends[i] = tails;
			parsed.v[i] = (struct parsed_file){ .src = lib, .ok = false };
			continue;
		}
		bad = lib ? parse_source(lib, env, library) : 1;
		nparsed++;
		advance_tails(&tails, library);
		ends[i] = tails;
		parsed.v[i] = (struct parsed_file){ .src = lib, .ok = !bad };
		take_slice(&parsed.v[i].prog, &before, &tails, library);
		/* as upstream: a broken tapset file costs only itself, unless -W */
		if (bad) {
			diag_warning((struct srcloc){ 0 }, NULL, "tapset file '%s' skipped: %d parse "
				     "error%s", files[i], bad, bad == 1 ? "" : "s");
			if (s->warnings_as_errors)
				errors += bad;
		} else if (diag_warning_count() == warnings) {
			tapset_memo_record(&memo, files[i]);
		}
	}
	*nfiles = nparsed;
	return errors;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether the preprocessor would take the same branches under A and B. */
static bool same_conditions(const struct pp_env *a, const struct pp_env *b)
{
	return same_str(a->kernel_release, b->kernel_release) && same_str(a->arch, b->arch) &&
	       same_str(a->kernel_config, b->kernel_config) &&
	       same_str(a->privilege, b->privilege) && a->guru == b->guru &&
	       a->args == b->args && a->nargs == b->nargs &&
	       same_str(a->systemtap_v, b->systemtap_v) && a->check_version == b->check_version;
}

bool tapsets_parsed(const struct source *src, const struct pp_env *env, struct program *out)
{
	if (!src || parsed.epoch != arena_epoch() || !same_conditions(&parsed.env, env))
		return false;
	if (parsed.library) {
		/* one list per file from here on: the library as a whole is
		 * pass 1's, done with once pass 2 starts */
		for (int i = 0; i < parsed.n; i++)
			cut_after(&parsed.ends[i]);
		*parsed.library = (struct program){ 0 };
		parsed.library = NULL;
	}
	for (int i = 0; i < parsed.n; i++) {
		if (parsed.v[i].src != src || !parsed.v[i].ok)
			continue;
		*out = parsed.v[i].prog;
		parsed.v[i].ok = false;    /* one owner: the caller changes it */
		return true;
	}
	return false;
}
