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
 * libbpf's name lookup scans every type, so the names (functions, structs,
 * unions, enums, typedefs) are hashed once when the BTF is opened.
 */
#include "config.h"

#include <bpf/btf.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

struct tv_backend {
	struct btf *btf;
	char source[PATH_MAX + 64];
	/* name hash: (class, name) -> type id; class 'f' 's' 'u' 'e' 't' */
	uint32_t *slots;
	size_t cap;
};

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

/* The cache file of image PATH (stat ST), or "" when there is no cache. */
static void cache_path(const struct session *s, const char *release, const char *path,
		       const struct stat *st, char *out, size_t len)
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
	if (snprintf(out, len, "%s/btf-%s-%016" PRIx64 ".raw", dir, release, h) >= (int)len)
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
	cache_path(s, release, image, &st, cpath, sizeof cpath);
	if (cpath[0] && (data = read_file(cpath, len))) {
		snprintf(source, slen, "BTF in %s (cached in %s)", image, cpath);
		return data;
	}
	if (!kernel_image_btf(image, &data, len, why, why_len))
		return NULL;
	if (cpath[0])
		cache_store(cpath, data, *len);
	snprintf(source, slen, "BTF in %s", image);
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

static bool build_names(struct tv_backend *b)
{
	uint32_t n = btf__type_cnt(b->btf);

	b->cap = 1;
	while (b->cap < (size_t)n * 2)
		b->cap <<= 1;
	b->slots = calloc(b->cap, sizeof *b->slots);
	if (!b->slots)
		return false;
	for (uint32_t id = 1; id < n; id++) {
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

static uint32_t find_name(const struct tv_backend *b, char cls, const char *name)
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
	raw = load_raw(s, release, &len, b->source, sizeof b->source, why, why_len);
	if (!raw)
		goto fail;
	b->btf = btf__new(raw, (uint32_t)len);
	free(raw);
	if (!b->btf) {
		snprintf(why, why_len, "bad BTF in %s: %s", b->source, strerror(errno));
		goto fail;
	}
	if (!build_names(b)) {
		snprintf(why, why_len, "out of memory");
		goto fail;
	}
	return b;
fail:
	btf__free(b->btf);
	free(b);
	return NULL;
}

static void btf_close(struct tv_backend *b)
{
	if (!b)
		return;
	btf__free(b->btf);
	free(b->slots);
	free(b);
}

static const char *btf_source(const struct tv_backend *b)
{
	return b->source;
}

/* ---- types ---- */

/* ID seen through typedefs and qualifiers, as a tv_type. */
static bool describe(struct tv_backend *b, uint32_t id, struct tv_type *out)
{
	const struct btf_type *t;
	uint32_t named = id;
	int hops = 0;

	for (;;) {
		if (id == 0) {
			*out = (struct tv_type){ .kind = TV_VOID, .named_id = named };
			return true;
		}
		t = btf__type_by_id(b->btf, id);
		if (!t)
			return false;
		if (!btf_is_mod(t) && !btf_is_typedef(t))
			break;
		if (++hops > MAX_TYPE_HOPS)
			return false;
		/* keep the typedef's name ("size_t") across qualifiers */
		if (btf_is_typedef(t) && named != id &&
		    !btf_is_typedef(btf__type_by_id(b->btf, named)))
			named = id;
		id = t->type;
	}
	*out = (struct tv_type){ .id = id, .named_id = named };
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
		int64_t sz = btf__resolve_size(b->btf, id);

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

static bool btf_function(struct tv_backend *b, const char *name, struct tv_param **params,
			 int *nparams, struct tv_type *ret)
{
	uint32_t id = find_name(b, 'f', name);
	const struct btf_type *fn, *proto;
	const struct btf_param *p;
	int n;

	if (!id)
		return false;
	fn = btf__type_by_id(b->btf, id);
	proto = btf__type_by_id(b->btf, fn->type);
	if (!proto || !btf_is_func_proto(proto))
		return false;
	n = btf_vlen(proto);
	p = btf_params(proto);
	/* a trailing unnamed void parameter is "...": not an argument */
	if (n && p[n - 1].type == 0)
		n--;
	*params = arena_alloc(sizeof **params * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		const char *pn = btf__name_by_offset(b->btf, p[i].name_off);

		(*params)[i].name = arena_strdup(pn ? pn : "");
		if (!describe(b, p[i].type, &(*params)[i].type))
			return false;
	}
	*nparams = n;
	return describe(b, proto->type, ret);
}

static bool btf_find_type(struct tv_backend *b, const char *name, struct tv_type *out)
{
	char base[256];
	size_t len = strlen(name);
	int stars = 0;
	uint32_t id = 0;
	const char *n;

	while (len && (name[len - 1] == '*' || name[len - 1] == ' ')) {
		stars += name[len - 1] == '*';
		len--;
	}
	if (len == 0 || len >= sizeof base || stars)
		return false;   /* pointers to types: not needed by @cast yet */
	memcpy(base, name, len);
	base[len] = '\0';
	n = base;
	if (strncmp(n, "struct ", 7) == 0)
		id = find_name(b, 's', n + 7);
	else if (strncmp(n, "union ", 6) == 0)
		id = find_name(b, 'u', n + 6);
	else if (strncmp(n, "enum ", 5) == 0)
		id = find_name(b, 'e', n + 5);
	else if (!(id = find_name(b, 's', n)) && !(id = find_name(b, 'u', n)) &&
		 !(id = find_name(b, 't', n)))
		id = find_name(b, 'e', n);
	return id && describe(b, id, out);
}

static bool member_in(struct tv_backend *b, uint32_t id, const char *name, uint64_t base,
		      int depth, struct tv_member *out)
{
	const struct btf_type *t = btf__type_by_id(b->btf, id);
	const struct btf_member *m;
	int n;

	if (!t || !btf_is_composite(t) || depth > MAX_ANON_DEPTH)
		return false;
	m = btf_members(t);
	n = btf_vlen(t);
	for (int i = 0; i < n; i++) {
		const char *mn = btf__name_by_offset(b->btf, m[i].name_off);
		uint64_t off = base + btf_member_bit_offset(t, i);

		if (mn && *mn) {
			if (strcmp(mn, name) != 0)
				continue;
			out->name = mn;
			out->bit_offset = off;
			out->bit_size = btf_member_bitfield_size(t, i);
			return describe(b, m[i].type, &out->type);
		}
		/* anonymous struct or union: its members are ours */
		struct tv_type at;

		if (describe(b, m[i].type, &at) && (at.kind == TV_STRUCT || at.kind == TV_UNION) &&
		    member_in(b, at.id, name, off, depth + 1, out))
			return true;
	}
	return false;
}

static bool btf_member(struct tv_backend *b, const struct tv_type *agg, const char *name,
		       struct tv_member *out)
{
	if (agg->kind != TV_STRUCT && agg->kind != TV_UNION)
		return false;
	return member_in(b, agg->id, name, 0, 0, out);
}

static bool btf_member_at(struct tv_backend *b, const struct tv_type *agg, int i,
			  struct tv_member *out)
{
	const struct btf_type *t;
	const char *mn;

	if (agg->kind != TV_STRUCT && agg->kind != TV_UNION)
		return false;
	t = btf__type_by_id(b->btf, agg->id);
	if (i < 0 || i >= btf_vlen(t))
		return false;
	mn = btf__name_by_offset(b->btf, btf_members(t)[i].name_off);
	out->name = mn ? mn : "";
	out->bit_offset = btf_member_bit_offset(t, (uint32_t)i);
	out->bit_size = btf_member_bitfield_size(t, (uint32_t)i);
	return describe(b, btf_members(t)[i].type, &out->type);
}

static bool btf_target(struct tv_backend *b, const struct tv_type *t, struct tv_type *out)
{
	const struct btf_type *bt = btf__type_by_id(b->btf, t->id);

	if (t->kind == TV_PTR)
		return describe(b, bt->type, out);
	if (t->kind == TV_ARRAY)
		return describe(b, btf_array(bt)->type, out);
	return false;
}

/* The C spelling of type ID into OUT (depth-limited). */
static void spell(struct tv_backend *b, uint32_t id, struct buf *out, int depth)
{
	const struct btf_type *t;
	const char *n;

	if (id == 0) {
		buf_puts(out, "void");
		return;
	}
	t = btf__type_by_id(b->btf, id);
	if (!t || depth > MAX_TYPE_HOPS) {
		buf_puts(out, "?");
		return;
	}
	n = btf__name_by_offset(b->btf, t->name_off);
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

	spell(b, t->named_id, &out, 0);
	r = arena_strdup(out.data ? out.data : "?");
	buf_free(&out);
	return r;
}

const struct tv_backend_ops tv_backend_btf = {
	.name = "BTF",
	.open = btf_open,
	.close = btf_close,
	.source = btf_source,
	.function = btf_function,
	.find_type = btf_find_type,
	.member = btf_member,
	.member_at = btf_member_at,
	.target = btf_target,
	.type_name = btf_type_name,
};
