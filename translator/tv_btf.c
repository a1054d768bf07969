/*
 * tv_btf.c - the BTF backend of target variables (tv_backend.h): function
 * prototypes and type layouts of the target kernel from its BTF, parsed by
 * libbpf.
 *
 * Where the BTF comes from: /sys/kernel/btf/vmlinux when the target is the
 * running kernel, else the .BTF section of the vmlinux inside
 * /boot/vmlinuz-REL (kernel_symbols.c decompresses it).  Decompressing
 * takes about a second, so the raw BTF is cached beside the symbol cache as
 * btf-REL-KEY.raw, KEY hashing the image's path, size, mtime and inode.
 *
 * A module's types and functions are split BTF on the kernel's: the .BTF
 * section of its .ko (.ko.xz, .ko.zst) found through the release's
 * modules.dep (or /sys/kernel/btf/MODULE for the running kernel), read
 * when first named and cached the same way as btf-REL-mod-MODULE-KEY.raw.
 * Each loaded BTF is a "set"; a tv_type carries the index of the set its
 * id belongs to (0: the kernel), since ids past the kernel's own differ
 * from module to module.
 *
 * libbpf's name lookup scans every type, so the names (functions, structs,
 * unions, enums, typedefs) of each set are hashed once when it is loaded.
 */
#include "config.h"

#include <bpf/btf.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "arena.h"
#include "build_cache.h"
#include "kernel_symbols.h"
#include "tv_backend.h"

#define BTF_FILE_MAX ((size_t)256 << 20)
/* Typedef and qualifier chains followed before giving up (hostile BTF can loop). */
#define MAX_TYPE_HOPS 64
/* Anonymous members looked into when searching a member (nesting depth). */
#define MAX_ANON_DEPTH 16

/* Modules whose BTF one translation may load (each split on the kernel's). */
#define MAX_BTF_MODULES 32
#define MODULE_NAME_MAX 56

struct btf_set {
	struct btf *btf;
	char module[MODULE_NAME_MAX];   /* "" for the kernel */
	/* name hash of the set's own types: (class, name) -> type id;
	 * class 'f' 's' 'u' 'e' 't' */
	uint32_t *slots;
	size_t cap;
};

struct tv_backend {
	const struct session *s;
	char release[256];
	char source[PATH_MAX + 64];
	struct btf_set sets[1 + MAX_BTF_MODULES];
	int nsets;
	/* modules whose BTF could not be read (asked once): name NUL name NUL */
	char missing[1024];
	size_t nmissing;
};

#define BTF_OF(b, t) ((b)->sets[(t)->btf].btf)

/* ---- loading ---- */

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (n == cap) {
			char *nb;

			if (cap >= BTF_FILE_MAX)
				goto fail;
			cap = cap ? cap * 2 : (1 << 20);
			nb = realloc(buf, cap);
			if (!nb)
				goto fail;
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The cache file of image PATH (stat ST), or "" when there is no cache;
 * a module's (MODULE not NULL) is named after it. */
static void cache_path(const struct session *s, const char *release, const char *module,
		       const char *path, const struct stat *st, char *out, size_t len)
{
	char dir[PATH_MAX];
	uint64_t h = fnv(0xcbf29ce484222325ULL, "btf1", 4);

	out[0] = '\0';
	build_cache_dir(s, dir, sizeof dir);
	if (!dir[0] || strchr(release, '/'))
		return;
	h = fnv(h, path, strlen(path) + 1);
	h = fnv(h, &st->st_size, sizeof st->st_size);
	h = fnv(h, &st->st_mtim, sizeof st->st_mtim);
	h = fnv(h, &st->st_ino, sizeof st->st_ino);
	if (snprintf(out, len, "%s/btf-%s%s%s-%016" PRIx64 ".raw", dir, release,
		     module ? "-mod-" : "", module ? module : "", h) >= (int)len)
		out[0] = '\0';
}

/* Writes DATA to PATH through a temporary file (a reader never sees half),
 * making PATH's directories first. */
static void cache_store(const char *path, const void *data, size_t len)
{
	char tmp[PATH_MAX + 16];
	FILE *f;

	if (snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return;
	for (char *sl = strchr(tmp + 1, '/'); sl; sl = strchr(sl + 1, '/')) {
		*sl = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return;
		*sl = '/';
	}
	f = fopen(tmp, "wbe");
	if (!f)
		return;
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}

/* Raw BTF of RELEASE (malloc'd), from where the file comment says. */
static void *load_raw(const struct session *s, const char *release, size_t *len, char *source,
		      size_t slen, char *why, size_t why_len)
{
	struct utsname u;
	char image[PATH_MAX], cpath[PATH_MAX];
	struct stat st;
	void *data;

	if (uname(&u) == 0 && strcmp(u.release, release) == 0) {
		data = read_file("/sys/kernel/btf/vmlinux", len);
		if (data) {
			snprintf(source, slen, "/sys/kernel/btf/vmlinux");
			return data;
		}
	}
	snprintf(image, sizeof image, "/boot/vmlinuz-%s", release);
	if (stat(image, &st) != 0) {
		snprintf(why, why_len, "no BTF for kernel %s: %s: %s", release, image,
			 strerror(errno));
		return NULL;
	}
	cache_path(s, release, NULL, image, &st, cpath, sizeof cpath);
	if (cpath[0] && (data = read_file(cpath, len))) {
		if (snprintf(source, slen, "BTF in %s (cached in %s)", image, cpath) >= (int)slen)
			source[slen - 1] = '\0';   /* cut: it is only shown */
		return data;
	}
	if (!kernel_image_btf(image, &data, len, why, why_len))
		return NULL;
	if (cpath[0])
		cache_store(cpath, data, *len);
	snprintf(source, slen, "BTF in %s", image);
	return data;
}

/* Module names: the kernel spells '-' in file names as '_'. */
static bool same_module(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen && b[i]; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return false;
	}
	return i == alen && !b[i];
}

/* The path of MODULE's .ko[.xz|.gz|.zst] under /lib/modules/RELEASE, from
 * modules.dep ("kernel/fs/ext4/ext4.ko.xz: deps..."). */
static bool module_path(const char *release, const char *module, char *out, size_t len,
			char *why, size_t why_len)
{
	char dep[PATH_MAX], line[4096];
	FILE *f;
	bool found = false;

	snprintf(dep, sizeof dep, "/lib/modules/%s/modules.dep", release);
	f = fopen(dep, "re");
	if (!f) {
		snprintf(why, why_len, "%s: %s", dep, strerror(errno));
		return false;
	}
	while (!found && fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':'), *base, *ko;

		if (!colon)
			continue;
		*colon = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		ko = strstr(base, ".ko");
		if (!ko || !same_module(base, (size_t)(ko - base), module))
			continue;
		found = snprintf(out, len, "%s%s/%s", line[0] == '/' ? "" : "/lib/modules/",
				 line[0] == '/' ? "" : release, line) < (int)len;
	}
	fclose(f);
	if (!found)
		snprintf(why, why_len, "no module '%s' in %s", module, dep);
	return found;
}

/* Raw split BTF of MODULE of RELEASE (malloc'd), as load_raw. */
static void *load_module_raw(const struct session *s, const char *release, const char *module,
			     size_t *len, char *why, size_t why_len)
{
	struct utsname u;
	char path[PATH_MAX], cpath[PATH_MAX];
	struct stat st;
	void *data;

	if (uname(&u) == 0 && strcmp(u.release, release) == 0) {
		snprintf(path, sizeof path, "/sys/kernel/btf/%s", module);
		data = read_file(path, len);
		if (data)
			return data;
	}
	if (!module_path(release, module, path, sizeof path, why, why_len))
		return NULL;
	if (stat(path, &st) != 0) {
		snprintf(why, why_len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	cache_path(s, release, module, path, &st, cpath, sizeof cpath);
	if (cpath[0] && (data = read_file(cpath, len)))
		return data;
	if (!kernel_module_btf(path, &data, len, why, why_len))
		return NULL;
	if (cpath[0])
		cache_store(cpath, data, *len);
	return data;
}

/* ---- the name hash ---- */

static size_t name_hash(char cls, const char *name, size_t cap)
{
	uint64_t h = fnv(0xcbf29ce484222325ULL, &cls, 1);

	return (size_t)fnv(h, name, strlen(name)) & (cap - 1);
}

static char kind_class(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_FUNC:
		return 'f';
	case BTF_KIND_STRUCT:
		return 's';
	case BTF_KIND_UNION:
		return 'u';
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return 'e';
	case BTF_KIND_TYPEDEF:
		return 't';
	default:
		return 0;
	}
}

/* Hashes the names of set B's own types (a module's: past the kernel's). */
static bool build_names(struct btf_set *b, uint32_t first)
{
	uint32_t n = btf__type_cnt(b->btf);

	b->cap = 1;
	while (b->cap < (size_t)(n - first + 1) * 2)
		b->cap <<= 1;
	b->slots = calloc(b->cap, sizeof *b->slots);
	if (!b->slots)
		return false;
	for (uint32_t id = first; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(b->btf, id);
		const char *name = btf__name_by_offset(b->btf, t->name_off);
		char cls = kind_class(t);
		size_t i;

		if (!cls || !name || !*name)
			continue;
		/* the first definition of a name wins (duplicates are rare and equal) */
		for (i = name_hash(cls, name, b->cap); b->slots[i]; i = (i + 1) & (b->cap - 1)) {
			const struct btf_type *o = btf__type_by_id(b->btf, b->slots[i]);

			if (kind_class(o) == cls &&
			    strcmp(btf__name_by_offset(b->btf, o->name_off), name) == 0)
				break;
		}
		if (!b->slots[i])
			b->slots[i] = id;
	}
	return true;
}

static uint32_t find_name(const struct btf_set *b, char cls, const char *name)
{
	for (size_t i = name_hash(cls, name, b->cap); b->slots[i]; i = (i + 1) & (b->cap - 1)) {
		const struct btf_type *t = btf__type_by_id(b->btf, b->slots[i]);

		if (kind_class(t) == cls && strcmp(btf__name_by_offset(b->btf, t->name_off), name) == 0)
			return b->slots[i];
	}
	return 0;
}

static struct tv_backend *btf_open(const struct session *s, char *why, size_t why_len)
{
	struct tv_backend *b = calloc(1, sizeof *b);
	struct utsname u;
	const char *release = s->kernel_release;
	size_t len = 0;
	void *raw;

	if (!b) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	if (!release)
		release = uname(&u) == 0 ? u.release : "?";
	b->s = s;
	snprintf(b->release, sizeof b->release, "%s", release);
	raw = load_raw(s, release, &len, b->source, sizeof b->source, why, why_len);
	if (!raw)
		goto fail;
	b->sets[0].btf = btf__new(raw, (uint32_t)len);
	free(raw);
	b->nsets = 1;
	if (!b->sets[0].btf) {
		snprintf(why, why_len, "bad BTF in %s: %s", b->source, strerror(errno));
		goto fail;
	}
	if (!build_names(&b->sets[0], 1)) {
		snprintf(why, why_len, "out of memory");
		goto fail;
	}
	return b;
fail:
	btf__free(b->sets[0].btf);
	free(b->sets[0].slots);
	free(b);
	return NULL;
}

static void btf_close(struct tv_backend *b)
{
	if (!b)
		return;
	/* modules first: their BTF is split on the kernel's */
	for (int i = b->nsets - 1; i >= 0; i--) {
		btf__free(b->sets[i].btf);
		free(b->sets[i].slots);
	}
	free(b);
}

static bool valid_module_name(const char *m)
{
	size_t n = strlen(m);

	return n && n < MODULE_NAME_MAX &&
	       strspn(m, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

static bool was_missing(const struct tv_backend *b, const char *m)
{
	for (size_t i = 0; i < b->nmissing; i += strlen(b->missing + i) + 1)
		if (strcmp(b->missing + i, m) == 0)
			return true;
	return false;
}

static void note_missing(struct tv_backend *b, const char *m)
{
	size_t n = strlen(m) + 1;

	if (b->nmissing + n <= sizeof b->missing) {
		memcpy(b->missing + b->nmissing, m, n);
		b->nmissing += n;
	}
}

/* Split BTF DATA on BASE.  libbpf 1.1 parses split BTF only from a file
 * (btf__new_split came in 1.3), so the bytes go through a memfd. */
static struct btf *split_btf(const void *data, size_t len, struct btf *base)
{
	char path[64];
	struct btf *btf = NULL;
	int fd = memfd_create("stap-module-btf", MFD_CLOEXEC);
	int err;

	if (fd < 0)
		return NULL;
	if (write(fd, data, len) == (ssize_t)len) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		btf = btf__parse_raw_split(path, base);
	}
	err = errno;
	close(fd);
	errno = err;
	return btf;     /* libbpf 1.x: NULL with errno on failure */
}

/* The set of MODULE (NULL: the kernel's), loaded on first use; -1 with
 * the reason in WHY. */
static int module_set(struct tv_backend *b, const char *module, char *why, size_t why_len)
{
	struct btf_set *set;
	size_t len = 0;
	void *raw;

	if (!module)
		return 0;
	if (!valid_module_name(module)) {
		snprintf(why, why_len, "'%s' is not a module name", module);
		return -1;
	}
	for (int i = 1; i < b->nsets; i++)
		if (same_module(module, strlen(module), b->sets[i].module))
			return i;
	if (was_missing(b, module)) {
		snprintf(why, why_len, "no BTF for module '%s'", module);
		return -1;
	}
	if (b->nsets == 1 + MAX_BTF_MODULES) {
		snprintf(why, why_len, "types of too many modules (limit is %d)", MAX_BTF_MODULES);
		return -1;
	}
	raw = load_module_raw(b->s, b->release, module, &len, why, why_len);
	if (!raw) {
		note_missing(b, module);
		return -1;
	}
	set = &b->sets[b->nsets];
	set->btf = split_btf(raw, len, b->sets[0].btf);
	free(raw);
	if (!set->btf) {
		snprintf(why, why_len, "bad BTF in module '%s': %s", module, strerror(errno));
		note_missing(b, module);
		return -1;
	}
	snprintf(set->module, sizeof set->module, "%s", module);
	if (!build_names(set, btf__type_cnt(b->sets[0].btf))) {
		btf__free(set->btf);
		set->btf = NULL;
		snprintf(why, why_len, "out of memory");
		return -1;
	}
	return b->nsets++;
}

static const char *btf_source(const struct tv_backend *b)
{
	return b->source;
}

/* ---- types ---- */

/* ID of set IX seen through typedefs and qualifiers, as a tv_type. */
static bool describe(struct tv_backend *b, int ix, uint32_t id, struct tv_type *out)
{
	const struct btf *btf = b->sets[ix].btf;
	const struct btf_type *t;
	uint32_t named = id;
	int hops = 0;

	for (;;) {
		if (id == 0) {
			*out = (struct tv_type){ .kind = TV_VOID, .named_id = named,
						 .btf = (uint16_t)ix };
			return true;
		}
		t = btf__type_by_id(btf, id);
		if (!t)
			return false;
		if (!btf_is_mod(t) && !btf_is_typedef(t))
			break;
		if (++hops > MAX_TYPE_HOPS)
			return false;
		/* keep the typedef's name ("size_t") across qualifiers */
		if (btf_is_typedef(t) && named != id &&
		    !btf_is_typedef(btf__type_by_id(btf, named)))
			named = id;
		id = t->type;
	}
	*out = (struct tv_type){ .id = id, .named_id = named, .btf = (uint16_t)ix };
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		out->kind = TV_INT;
		out->size = t->size;
		out->is_signed = (btf_int_encoding(t) & BTF_INT_SIGNED) != 0;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		out->kind = TV_ENUM;
		out->size = t->size;
		out->is_signed = btf_kflag(t);
		break;
	case BTF_KIND_PTR:
		out->kind = TV_PTR;
		out->size = 8;
		break;
	case BTF_KIND_ARRAY: {
		int64_t sz = btf__resolve_size(btf, id);

		out->kind = TV_ARRAY;
		out->nelems = btf_array(t)->nelems;
		out->size = sz > 0 && sz <= UINT32_MAX ? (uint32_t)sz : 0;
		break;
	}
	case BTF_KIND_STRUCT:
		out->kind = TV_STRUCT;
		out->size = t->size;
		break;
	case BTF_KIND_UNION:
		out->kind = TV_UNION;
		out->size = t->size;
		break;
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_FUNC:
		out->kind = TV_FUNC;
		break;
	case BTF_KIND_FLOAT:
		out->kind = TV_FLOAT;
		out->size = t->size;
		break;
	case BTF_KIND_FWD:
		/* a declared, never defined struct: a pointer to it can only
		 * be passed around */
		out->kind = TV_OTHER;
		break;
	default:
		out->kind = TV_OTHER;
		break;
	}
	return true;
}

static bool btf_function(struct tv_backend *b, const char *module, const char *name,
			 struct tv_param **params, int *nparams, struct tv_type *ret)
{
	char why[512];
	int ix = module_set(b, module, why, sizeof why);
	const struct btf *btf;
	const struct btf_type *fn, *proto;
	const struct btf_param *p;
	uint32_t id;
	int n;

	if (ix < 0 || !(id = find_name(&b->sets[ix], 'f', name)))
		return false;
	btf = b->sets[ix].btf;
	fn = btf__type_by_id(btf, id);
	proto = btf__type_by_id(btf, fn->type);
	if (!proto || !btf_is_func_proto(proto))
		return false;
	n = btf_vlen(proto);
	p = btf_params(proto);
	/* a trailing unnamed void parameter is "...": not an argument */
	if (n && p[n - 1].type == 0)
		n--;
	*params = arena_alloc(sizeof **params * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		const char *pn = btf__name_by_offset(btf, p[i].name_off);

		(*params)[i].name = arena_strdup(pn ? pn : "");
		if (!describe(b, ix, p[i].type, &(*params)[i].type))
			return false;
	}
	*nparams = n;
	return describe(b, ix, proto->type, ret);
}

/* Type NAME among set SET's own types (see btf_find_type). */
static uint32_t find_type_in(const struct btf_set *set, const char *n)
{
	uint32_t id;

	if (strncmp(n, "struct ", 7) == 0)
		return find_name(set, 's', n + 7);
	if (strncmp(n, "union ", 6) == 0)
		return find_name(set, 'u', n + 6);
	if (strncmp(n, "enum ", 5) == 0)
		return find_name(set, 'e', n + 5);
	if ((id = find_name(set, 's', n)) || (id = find_name(set, 'u', n)) ||
	    (id = find_name(set, 't', n)))
		return id;
	return find_name(set, 'e', n);
}

static bool btf_find_type(struct tv_backend *b, const char *module, const char *name,
			  struct tv_type *out, char *why, size_t why_len)
{
	char base[256];
	int ix = module_set(b, module, why, why_len);
	size_t len = strlen(name);
	int stars = 0;
	uint32_t id = 0;

	if (ix < 0)
		return false;
	snprintf(why, why_len, "not found");
	while (len && (name[len - 1] == '*' || name[len - 1] == ' ')) {
		stars += name[len - 1] == '*';
		len--;
	}
	if (len == 0 || len >= sizeof base || stars)
		return false;   /* pointers to types: not needed by @cast yet */
	memcpy(base, name, len);
	base[len] = '\0';
	/* a module's own types first, then the kernel's it builds on */
	id = find_type_in(&b->sets[ix], base);
	if (!id && ix) {
		id = find_type_in(&b->sets[0], base);
		ix = 0;
	}
	return id && describe(b, ix, id, out);
}

static bool member_in(struct tv_backend *b, int ix, uint32_t id, const char *name,
		      uint64_t base, int depth, struct tv_member *out)
{
	const struct btf *btf = b->sets[ix].btf;
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m;
	int n;

	if (!t || !btf_is_composite(t) || depth > MAX_ANON_DEPTH)
		return false;
	m = btf_members(t);
	n = btf_vlen(t);
	for (int i = 0; i < n; i++) {
		const char *mn = btf__name_by_offset(btf, m[i].name_off);
		uint64_t off = base + btf_member_bit_offset(t, i);

		if (mn && *mn) {
			if (strcmp(mn, name) != 0)
				continue;
			out->name = mn;
			out->bit_offset = off;
			out->bit_size = btf_member_bitfield_size(t, i);
			return describe(b, ix, m[i].type, &out->type);
		}
		/* anonymous struct or union: its members are ours */
		struct tv_type at;

		if (describe(b, ix, m[i].type, &at) &&
		    (at.kind == TV_STRUCT || at.kind == TV_UNION) &&
		    member_in(b, ix, at.id, name, off, depth + 1, out))
			return true;
	}
	return false;
}

static bool btf_member(struct tv_backend *b, const struct tv_type *agg, const char *name,
		       struct tv_member *out)
{
	if (agg->kind != TV_STRUCT && agg->kind != TV_UNION)
		return false;
	return member_in(b, agg->btf, agg->id, name, 0, 0, out);
}

static bool btf_member_at(struct tv_backend *b, const struct tv_type *agg, int i,
			  struct tv_member *out)
{
	const struct btf_type *t;
	const char *mn;

	if (agg->kind != TV_STRUCT && agg->kind != TV_UNION)
		return false;
	t = btf__type_by_id(BTF_OF(b, agg), agg->id);
	if (i < 0 || i >= btf_vlen(t))
		return false;
	mn = btf__name_by_offset(BTF_OF(b, agg), btf_members(t)[i].name_off);
	out->name = mn ? mn : "";
	out->bit_offset = btf_member_bit_offset(t, (uint32_t)i);
	out->bit_size = btf_member_bitfield_size(t, (uint32_t)i);
	return describe(b, agg->btf, btf_members(t)[i].type, &out->type);
}

static bool btf_target(struct tv_backend *b, const struct tv_type *t, struct tv_type *out)
{
	const struct btf_type *bt = btf__type_by_id(BTF_OF(b, t), t->id);

	if (t->kind == TV_PTR)
		return describe(b, t->btf, bt->type, out);
	if (t->kind == TV_ARRAY)
		return describe(b, t->btf, btf_array(bt)->type, out);
	return false;
}

/* The C spelling of type ID into OUT (depth-limited). */
static void spell(const struct btf *b, uint32_t id, struct buf *out, int depth)
{
	const struct btf_type *t;
	const char *n;

	if (id == 0) {
		buf_puts(out, "void");
		return;
	}
	t = btf__type_by_id(b, id);
	if (!t || depth > MAX_TYPE_HOPS) {
		buf_puts(out, "?");
		return;
	}
	n = btf__name_by_offset(b, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		spell(b, t->type, out, depth + 1);
		buf_puts(out, "*");
		return;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		spell(b, t->type, out, depth + 1);
		return;
	case BTF_KIND_ARRAY:
		spell(b, btf_array(t)->type, out, depth + 1);
		buf_printf(out, "[%u]", btf_array(t)->nelems);
		return;
	case BTF_KIND_STRUCT:
		buf_printf(out, "struct %s", n && *n ? n : "{...}");
		return;
	case BTF_KIND_UNION:
		buf_printf(out, "union %s", n && *n ? n : "{...}");
		return;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		buf_printf(out, "enum %s", n && *n ? n : "{...}");
		return;
	case BTF_KIND_FUNC_PROTO:
		buf_puts(out, "func");
		return;
	default:
		buf_puts(out, n && *n ? n : "?");
		return;
	}
}

static const char *btf_type_name(struct tv_backend *b, const struct tv_type *t)
{
	struct buf out = { 0 };
	const char *r;

	spell(BTF_OF(b, t), t->named_id, &out, 0);
	r = arena_strdup(out.data ? out.data : "?");
	buf_free(&out);
	return r;
}

/* The FUNC names of BTF from type FIRST on, as a list; NULL with WHY. */
static struct ksyms *func_names(const struct btf *btf, uint32_t first, const char *source,
				char *why, size_t why_len)
{
	uint32_t n = btf__type_cnt(btf);
	const char **names;
	struct ksyms *ks;
	size_t count = 0;

	names = malloc(sizeof *names * (size_t)(n - first + 1));
	if (!names) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	for (uint32_t id = first; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_kind(t) == BTF_KIND_FUNC)
			names[count++] = btf__name_by_offset(btf, t->name_off);
	}
	ks = ksyms_from_names(names, count, source, why, why_len);
	free(names);
	return ks;
}

/* A module's functions without keeping its types: a module glob lists
 * thousands of modules, far more than the sets kept for their types. */
static struct ksyms *module_functions_once(struct tv_backend *b, const char *module, char *why,
					   size_t why_len)
{
	struct btf *base = b->sets[0].btf;
	struct ksyms *ks;
	struct btf *btf;
	size_t len = 0;
	void *raw;

	if (!valid_module_name(module)) {
		snprintf(why, why_len, "'%s' is not a module name", module);
		return NULL;
	}
	if (was_missing(b, module)) {
		snprintf(why, why_len, "no BTF for module '%s'", module);
		return NULL;
	}
	raw = load_module_raw(b->s, b->release, module, &len, why, why_len);
	if (!raw) {
		note_missing(b, module);
		return NULL;
	}
	btf = split_btf(raw, len, base);
	free(raw);
	if (!btf) {
		snprintf(why, why_len, "bad BTF in module '%s': %s", module, strerror(errno));
		note_missing(b, module);
		return NULL;
	}
	ks = func_names(btf, btf__type_cnt(base), arena_printf("BTF of module %s", module), why,
			why_len);
	btf__free(btf);
	return ks;
}

static struct ksyms *btf_functions(struct tv_backend *b, const char *module, char *why,
				   size_t why_len)
{
	int ix;

	if (module) {
		for (ix = 1; ix < b->nsets; ix++)
			if (same_module(module, strlen(module), b->sets[ix].module))
				break;
		if (ix == b->nsets)
			return module_functions_once(b, module, why, why_len);
	} else {
		ix = 0;
	}
	return func_names(b->sets[ix].btf, ix ? btf__type_cnt(b->sets[0].btf) : 1,
			  ix ? arena_printf("BTF of module %s", b->sets[ix].module) : b->source,
			  why, why_len);
}

const struct tv_backend_ops tv_backend_btf = {
	.name = "BTF",
	.open = btf_open,
	.close = btf_close,
	.source = btf_source,
	.function = btf_function,
	.find_type = btf_find_type,
	.functions = btf_functions,
	.member = btf_member,
	.member_at = btf_member_at,
	.target = btf_target,
	.type_name = btf_type_name,
};
