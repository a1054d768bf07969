/*
 * build_cache.c - keys and storage of pass 4's caches (see build_cache.h).
 *
 * The runtime is the same C for every script, so its objects are built once
 * per (runtime sources, kernel, compiler, -D set) and reused: a new script
 * then costs one compile of its generated C plus kbuild's link and modpost.
 * The kernel and compiler enter the key through the build tree's generated
 * configuration (which names the compiler's version), its Module.symvers
 * (symbol versions the objects were built against) and the compiler binary
 * itself, so an upgraded header package or compiler rebuilds the objects.
 *
 * Entries are directories filled under a private name and renamed into
 * place: a reader sees a complete entry or none, and two stap runs filling
 * the same entry at once each build, and the second rename simply loses.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build_cache.h"
#include "fast_link.h"
#include "path_format.h"

#define FNV_OFFSET 14695981039346656037ULL

/* A stable, dependency-free 64-bit hash for the cache keys: 8-byte words
 * multiplied and folded (then FNV-1a steps for the tail), several times
 * fewer steps than byte-at-a-time FNV over the runtime's sources, which
 * every run hashes.  Chunks of a multiple of 8 bytes hash as their whole. */
static void hash_bytes(uint64_t *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t x = *h, w;

	for (; n >= 8; n -= 8, p += 8) {
		memcpy(&w, p, sizeof w);
		x = (x ^ w) * 0x9e3779b97f4a7c15ULL;
		x ^= x >> 32;
	}
	for (; n; n--, p++) {
		x ^= *p;
		x *= 1099511628211ULL;
	}
	*h = x;
}

static void hash_string(uint64_t *h, const char *s)
{
	hash_bytes(h, s, strlen(s) + 1);
}

static int hash_file(uint64_t *h, const char *path)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		hash_bytes(h, buf, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* PATH's text, NUL-terminated (malloc'd); NULL when it cannot be read. */
static char *read_text(const char *path, size_t *len)
{
	struct stat st;
	char *text = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size >= 0 && st.st_size < (1 << 26)) {
		text = malloc((size_t)st.st_size + 1);
		if (text && read(fd, text, (size_t)st.st_size) == st.st_size) {
			text[st.st_size] = '\0';
			*len = (size_t)st.st_size;
		} else {
			free(text);
			text = NULL;
		}
	}
	close(fd);
	return text;
}

/* Identity of a file that is too big to read on every run: where it is,
 * its size and modification time (a missing file hashes as missing). */
static void hash_file_identity(uint64_t *h, const char *path)
{
	struct stat st;

	hash_string(h, path);
	if (stat(path, &st) != 0) {
		hash_string(h, "(missing)");
		return;
	}
	hash_bytes(h, &st.st_size, sizeof st.st_size);
	hash_bytes(h, &st.st_mtim, sizeof st.st_mtim);
}

static int select_headers(const struct dirent *e)
{
	size_t len = strlen(e->d_name);

	return len > 2 && strcmp(e->d_name + len - 2, ".h") == 0;
}

/* Hashes every header in DIR, in name order, with its name. */
static void hash_headers(uint64_t *h, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, select_headers, alphasort);

	for (int i = 0; i < n; i++) {
		char path[800];

		path_format(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		hash_string(h, names[i]->d_name);
		hash_file(h, path);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* The compiler kbuild runs, named by the first word of the kernel's
 * CONFIG_CC_VERSION_TEXT ("gcc-12 (Debian 12.2.0-14) 12.2.0") in AUTOCONF
 * (autoconf.h's text), found on PATH. */
static void hash_kernel_compiler(uint64_t *h, const char *autoconf, const char *path)
{
	static const char tag[] = "#define CONFIG_CC_VERSION_TEXT \"";
	char cc[128] = "", dir_path[4096];
	const char *line = autoconf;

	while (line && (line = strstr(line, tag)) && line != autoconf && line[-1] != '\n')
		line += sizeof tag - 1;
	if (line)
		sscanf(line + sizeof tag - 1, "%127[^ \"\n]", cc);
	if (!cc[0] || strchr(cc, '/') || !path)
		return;
	while (*path) {
		size_t len = strcspn(path, ":");
		char candidate[4300];

		path_format(dir_path, sizeof dir_path, "%.*s", (int)len, path);
		path += len + (path[len] == ':');
		if (!dir_path[0] ||
		    path_format(candidate, sizeof candidate, "%s/%s", dir_path, cc) != 0)
			continue;
		if (access(candidate, X_OK) == 0) {
			char real[4096];

			hash_file_identity(h, realpath(candidate, real) ? real : candidate);
			return;
		}
	}
}

bool runtime_objects_key(struct session *s, const struct runtime_source *src, int nsrc,
			 char *out, size_t outlen)
{
	uint64_t h = FNV_OFFSET;
	char path[700], *autoconf;
	size_t len = 0;
	bool ok = true;

	/* what an entry holds: an older stap's entries lack the kbuild commands */
	hash_string(&h, "one runtime unit, its .cmd file, kbuild commands");
	for (int i = 0; i < nsrc && ok; i++) {
		hash_string(&h, src[i].object);
		ok = hash_file(&h, src[i].path) == 0;
	}
	/* the saved kbuild commands name the runtime directory (-I) */
	hash_string(&h, s->runtime_dir);
	hash_headers(&h, s->runtime_dir);
	path_format(path, sizeof path, "%s/transport", s->runtime_dir);
	hash_headers(&h, path);
	for (int i = 0; i < s->ndefines; i++)
		hash_string(&h, s->defines[i]);
	for (int i = 0; i < s->nmake_vars; i++) {   /* -B can change how anything compiles */
		hash_string(&h, "-B");
		hash_string(&h, s->make_vars[i]);
	}
	hash_string(&h, s->kernel_release);
	hash_string(&h, s->kernel_build_dir);
	path_format(path, sizeof path, "%s/include/generated/autoconf.h", s->kernel_build_dir);
	autoconf = read_text(path, &len);
	if (autoconf)
		hash_bytes(&h, autoconf, len);
	else
		hash_string(&h, "(no autoconf.h)");
	hash_kernel_compiler(&h, autoconf, s->exec_path);
	free(autoconf);
	path_format(path, sizeof path, "%s/Module.symvers", s->kernel_build_dir);
	hash_file_identity(&h, path);
	path_format(out, outlen, "%016" PRIx64, h);
	return ok;
}

bool module_key(struct session *s, const char *runtime_key, char *out, size_t outlen)
{
	uint64_t h = FNV_OFFSET;
	bool ok = hash_file(&h, s->c_file) == 0;

	hash_string(&h, runtime_key);
	hash_string(&h, s->module_name);
	path_format(out, outlen, "%016" PRIx64, h);
	return ok;
}

void build_cache_dir(const struct session *s, char *out, size_t len)
{
	if (s->cache_dir && s->cache_dir[0])
		path_format(out, len, "%s", s->cache_dir);
	else
		out[0] = '\0';
}

int copy_file(const char *from, const char *to)
{
	char tmp[1024], buf[65536];
	ssize_t n = 0;
	int in, out, rc = -1;

	if (path_format(tmp, sizeof tmp, "%s.tmp%d", to, (int)getpid()) != 0)
		return -1;
	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0)
		goto close_in;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (close(out) == 0 && n == 0 && rename(tmp, to) == 0)
		rc = 0;
	else
		unlink(tmp);
close_in:
	close(in);
	return rc;
}

int make_dirs(const char *path)
{
	char buf[1024];

	if (path_format(buf, sizeof buf, "%s", path) != 0)
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* The two files kbuild needs of one prebuilt object: NAME.o and .NAME.o.cmd
 * (modpost reads the symbol versions of an object from its .cmd file). */
static int object_file_name(char *out, size_t len, const char *dir,
			    const struct runtime_source *src, bool cmd)
{
	return cmd ? path_format(out, len, "%s/.%s.cmd", dir, src->object)
		   : path_format(out, len, "%s/%s", dir, src->object);
}

int runtime_entry_dir(const char *cdir, const char *key, char *out, size_t len)
{
	return cdir[0] ? path_format(out, len, "%s/runtime/%s", cdir, key) : -1;
}

bool runtime_objects_fetch(struct session *s, const char *cdir, const char *key,
			   const struct runtime_source *src, int nsrc)
{
	char entry[800], from[1100], to[1100];

	if (runtime_entry_dir(cdir, key, entry, sizeof entry) != 0)
		return false;
	for (int i = 0; i < nsrc; i++)
		for (int cmd = 0; cmd < 2; cmd++) {
			if (object_file_name(from, sizeof from, entry, &src[i], cmd) != 0 ||
			    object_file_name(to, sizeof to, s->tmpdir, &src[i], cmd) != 0 ||
			    copy_file(from, to) != 0)
				return false;
		}
	return true;
}

static void remove_entry(const char *dir, const struct runtime_source *src, int nsrc)
{
	char path[1100];

	fast_link_forget(dir);
	for (int i = 0; i < nsrc; i++)
		for (int cmd = 0; cmd < 2; cmd++)
			if (object_file_name(path, sizeof path, dir, &src[i], cmd) == 0)
				unlink(path);
	rmdir(dir);
}

void runtime_objects_store(struct session *s, const char *cdir, const char *key,
			   const struct runtime_source *src, int nsrc)
{
	char top[800], entry[800], fill[800], from[1100], to[1100];
	struct stat st;

	if (!cdir[0] || path_format(top, sizeof top, "%s/runtime", cdir) != 0 ||
	    path_format(entry, sizeof entry, "%s/%s", top, key) != 0 ||
	    path_format(fill, sizeof fill, "%s/.%s.%d", top, key, (int)getpid()) != 0)
		return;
	if (stat(entry, &st) == 0 || make_dirs(top) != 0 || mkdir(fill, 0755) != 0)
		return;
	for (int i = 0; i < nsrc; i++)
		for (int cmd = 0; cmd < 2; cmd++)
			if (object_file_name(from, sizeof from, s->tmpdir, &src[i], cmd) != 0 ||
			    object_file_name(to, sizeof to, fill, &src[i], cmd) != 0 ||
			    copy_file(from, to) != 0)
				goto remove;
	if (fast_link_capture(s, fill) != 0 && s->verbose)
		fprintf(stderr, "Pass 4: kbuild's commands not saved: later scripts use kbuild too\n");
	if (rename(fill, entry) == 0)
		return;
remove:
	/* a half-filled directory, or another stap stored the same entry first */
	remove_entry(fill, src, nsrc);
}

static int remove_cache_entry(const char *path, const struct stat *st, int flag,
			      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0 && remove(path) != 0 && errno != ENOENT)
		fprintf(stderr, "WARNING: cannot remove %s: %s\n", path, strerror(errno));
	return 0;
}

int build_cache_clean(const struct session *s)
{
	char cdir[700];
	struct stat st;

	build_cache_dir(s, cdir, sizeof cdir);
	if (!cdir[0]) {
		fputs("ERROR: --clean-cache: no cache directory (set HOME or SYSTEMTAP_DIR)\n",
		      stderr);
		return 1;
	}
	if (lstat(cdir, &st) != 0)
		return 0;   /* nothing cached yet */
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ERROR: --clean-cache: %s is not a directory\n", cdir);
		return 1;
	}
	/* the directory itself stays; FTW_PHYS: a symlink inside is removed, not followed */
	nftw(cdir, remove_cache_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

void runtime_entry_touch(const char *entry)
{
	utimensat(AT_FDCWD, entry, NULL, 0);
}

/* Removes every file of DIR, then DIR (entries hold only plain files). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[1100];

		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    path_format(path, sizeof path, "%s/%s", dir, e->d_name) == 0)
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

struct aged_entry {
	char name[64];
	struct timespec used;
};

static int newest_first(const void *a, const void *b)
{
	const struct timespec *x = &((const struct aged_entry *)a)->used;
	const struct timespec *y = &((const struct aged_entry *)b)->used;

	if (x->tv_sec != y->tv_sec)
		return x->tv_sec < y->tv_sec ? 1 : -1;
	return x->tv_nsec < y->tv_nsec ? 1 : x->tv_nsec > y->tv_nsec ? -1 : 0;
}

void runtime_cache_prune(const char *cdir, int keep)
{
	char top[800];
	struct aged_entry *list;
	int n = 0, cap = 256;
	DIR *d;
	struct dirent *e;
	time_t now = time(NULL);

	if (!cdir[0] || path_format(top, sizeof top, "%s/runtime", cdir) != 0 ||
	    !(d = opendir(top)))
		return;
	list = calloc((size_t)cap, sizeof *list);
	while (list && (e = readdir(d))) {
		char path[1100];
		struct stat st;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' && len > 2 &&
		    path_format(path, sizeof path, "%s/%s", top, e->d_name) == 0 &&
		    stat(path, &st) == 0 && S_ISDIR(st.st_mode) && now - st.st_mtime > 3600) {
			/* an entry some stap died filling an hour ago */
			remove_tree(path);
			continue;
		}
		if (len != 16 || strspn(e->d_name, "0123456789abcdef") != 16 || n == cap ||
		    path_format(path, sizeof path, "%s/%s", top, e->d_name) != 0 ||
		    stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		memcpy(list[n].name, e->d_name, len + 1);
		list[n++].used = st.st_mtim;
	}
	closedir(d);
	if (list)
		qsort(list, (size_t)n, sizeof *list, newest_first);
	for (int i = keep; list && i < n; i++) {
		char path[1100], dead[1100];

		/* used within the hour: some stap may be reading it right now */
		if (now - list[i].used.tv_sec < 3600)
			continue;
		/* renamed away first: a stap looking the key up from now on
		 * finds no entry and builds, instead of a half-removed one */
		if (path_format(path, sizeof path, "%s/%s", top, list[i].name) == 0 &&
		    path_format(dead, sizeof dead, "%s/.%s.dead%d", top, list[i].name,
				(int)getpid()) == 0 &&
		    rename(path, dead) == 0)
			remove_tree(dead);
	}
	free(list);
}
