/*
 * kernel_symbols.c - the function names of a target kernel (see
 * kernel_symbols.h for the sources tried and their order).
 *
 * Main idea: every source is reduced to the same thing, a list of names fed
 * to a builder that cuts compiler suffixes, then sorts and deduplicates them
 * into one buffer plus an array of pointers.  Queries are binary searches on
 * that array.  The sorted list is written to a cache file (one name a line,
 * after a header line naming the source), and reading that file back is the
 * fast path: one read, one pass turning newlines into NULs while checking the
 * order, no sort.
 *
 * The parsers here read files that may be truncated, corrupt or crafted:
 * sizes are capped before allocating, offsets are checked against lengths in
 * 64-bit arithmetic before use, and every failure is returned as a reason
 * string rather than a crash or an exit.
 */
#include "config.h"

#include "kernel_symbols.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <limits.h>
#include <lzma.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

/* Limits on hostile input, each named in the error it produces. */
#define KSYM_NAME_MAX 512			/* longest name kept */
#define MAP_FILE_MAX ((size_t)512 << 20)	/* System.map, kallsyms */
#define IMAGE_FILE_MAX ((size_t)256 << 20)	/* compressed bzImage */
#define VMLINUX_MAX ((size_t)1 << 30)		/* decompressed vmlinux */
#define CACHE_FILE_MAX ((size_t)128 << 20)	/* a cache file */
#define XZ_MEMLIMIT ((uint64_t)256 << 20)	/* xz decoder memory */
#define PAYLOAD_TRIES 16			/* compressed streams tried */

#define CACHE_HEADER "# stap ksyms 1 "

struct ksyms {
	char *buf;		/* the names, each NUL-terminated */
	char **names;		/* sorted, unique, pointing into buf */
	size_t count;
	char *source;		/* ksyms_source() */
	bool cached;
};

/* ---- reasons ---- */

static void say(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!why || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

/* Appends to WHY, keeping it NUL-terminated when it fills up. */
static void say_more(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say_more(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;
	size_t used;

	if (!why || len == 0)
		return;
	used = strnlen(why, len);
	if (used >= len - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(why + used, len - used, fmt, ap);
	va_end(ap);
}

/* ---- building a name list ---- */

struct builder {
	char *buf;
	size_t len, cap;
	size_t *offs;
	size_t n, ncap;
	bool oom;
};

static bool name_char_ok(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

/*
 * Adds the name S[0..N), cut at its first '.' (foo.isra.0, foo.cold and
 * foo.constprop.0 are all the source function foo).  Names that are empty,
 * too long or hold spaces or control bytes are skipped: they cannot be probe
 * targets.
 */
static void builder_add(struct builder *b, const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);
	size_t i;

	if (b->oom)
		return;
	if (dot)
		n = (size_t)(dot - s);
	if (n == 0 || n > KSYM_NAME_MAX)
		return;
	for (i = 0; i < n; i++)
		if (!name_char_ok((unsigned char)s[i]))
			return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1 << 16;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->buf, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->buf = p;
		b->cap = cap;
	}
	if (b->n == b->ncap) {
		size_t ncap = b->ncap ? b->ncap * 2 : 4096;
		size_t *p = realloc(b->offs, ncap * sizeof(*p));

		if (!p) {
			b->oom = true;
			return;
		}
		b->offs = p;
		b->ncap = ncap;
	}
	memcpy(b->buf + b->len, s, n);
	b->buf[b->len + n] = '\0';
	b->offs[b->n++] = b->len;
	b->len += n + 1;
}

static void builder_free(struct builder *b)
{
	free(b->buf);
	free(b->offs);
	memset(b, 0, sizeof(*b));
}

static int cmp_name_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct ksyms *ksyms_alloc(const char *source, char *why, size_t why_len)
{
	struct ksyms *ks = calloc(1, sizeof(*ks));

	if (ks)
		ks->source = strdup(source);
	if (!ks || !ks->source) {
		if (ks)
			free(ks);
		say(why, why_len, "out of memory");
		return NULL;
	}
	return ks;
}

/* Sorts and deduplicates the builder's names into a new ksyms; frees B. */
static struct ksyms *builder_finish(struct builder *b, const char *source,
				    char *why, size_t why_len)
{
	struct ksyms *ks = NULL;
	char **sorted = NULL;
	size_t i, n = 0, len = 0;
	char *p;

	if (b->oom)
		goto oom;
	if (b->n == 0) {
		say(why, why_len, "no function names found");
		goto fail;
	}
	sorted = malloc(b->n * sizeof(*sorted));
	if (!sorted)
		goto oom;
	for (i = 0; i < b->n; i++)
		sorted[i] = b->buf + b->offs[i];
	qsort(sorted, b->n, sizeof(*sorted), cmp_name_ptr);
	for (i = 0; i < b->n; i++) {
		if (i > 0 && strcmp(sorted[i], sorted[i - 1]) == 0)
			continue;
		sorted[n++] = sorted[i];
		len += strlen(sorted[i]) + 1;
	}
	ks = ksyms_alloc(source, why, why_len);
	if (!ks)
		goto fail;
	ks->buf = malloc(len);
	ks->names = malloc(n * sizeof(*ks->names));
	if (!ks->buf || !ks->names)
		goto oom;
	p = ks->buf;
	for (i = 0; i < n; i++) {
		size_t l = strlen(sorted[i]) + 1;

		memcpy(p, sorted[i], l);
		ks->names[i] = p;
		p += l;
	}
	ks->count = n;
	free(sorted);
	builder_free(b);
	return ks;
oom:
	say(why, why_len, "out of memory");
fail:
	ksyms_free(ks);
	free(sorted);
	builder_free(b);
	return NULL;
}

/* ---- reading files ---- */

/*
 * Reads all of PATH (which may be a /proc file whose size is 0) into a
 * malloc'd buffer with a NUL after the data.  Fails beyond MAX bytes.
 */
static char *read_whole(const char *path, size_t max, size_t *lenp,
			char *why, size_t why_len)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = NULL;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		say(why, why_len, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((uintmax_t)st.st_size > max) {
			say(why, why_len, "file too large (%jd bytes, limit is %zu)",
			    (intmax_t)st.st_size, max);
			goto fail;
		}
		cap = (size_t)st.st_size + 2;	/* room to see EOF */
	}
	buf = malloc(cap);
	if (!buf)
		goto oom;
	for (;;) {
		ssize_t r;

		if (len + 1 >= cap) {
			char *p;

			if (cap > max) {
				say(why, why_len, "file too large (limit is %zu bytes)", max);
				goto fail;
			}
			p = realloc(buf, cap * 2);
			if (!p)
				goto oom;
			buf = p;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			say(why, why_len, "read: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
oom:
	say(why, why_len, "out of memory");
fail:
	free(buf);
	close(fd);
	return NULL;
}

/* ---- System.map and kallsyms ---- */

static bool is_text_type(char t)
{
	return t == 't' || t == 'T' || t == 'W';
}

/*
 * Parses "ADDR TYPE NAME" lines (System.map, and /proc/kallsyms where a
 * module symbol ends with "\t[module]": those are skipped, as they are not
 * kernel.function targets).  Any malformed line rejects the whole file: a
 * real map has none, and Debian's placeholder is exactly such a file.
 */
static bool parse_map(const char *text, size_t len, struct builder *b,
		      char *why, size_t why_len)
{
	const char *p = text, *end = text + len;
	size_t line = 0, text_syms = 0;

	if (memmem(text, len < 512 ? len : 512, "real System.map is in", 21)) {
		say(why, why_len, "a placeholder without symbols (the real map "
		    "is in the kernel's -dbg package)");
		return false;
	}

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p, *name, *name_end;
		char type;
		size_t digits = 0;

		if (!eol)
			eol = end;
		line++;
		if (eol == p) {
			p = eol + 1;
			continue;
		}
		while (q < eol && ((*q >= '0' && *q <= '9') ||
				   (*q >= 'a' && *q <= 'f') ||
				   (*q >= 'A' && *q <= 'F'))) {
			q++;
			digits++;
		}
		if (digits == 0 || digits > 16 || eol - q < 4 || q[0] != ' ' ||
		    q[2] != ' ') {
			int show = (int)(eol - p > 60 ? 60 : eol - p);

			say(why, why_len, "line %zu is not \"ADDRESS TYPE NAME\" "
			    "(\"%.*s\")%s", line, show, p,
			    line == 1 ? ": not a symbol map (a placeholder?)" : "");
			return false;
		}
		type = q[1];
		name = q + 3;
		name_end = name;
		while (name_end < eol && *name_end != '\t' && *name_end != ' ')
			name_end++;
		if (name_end == name) {
			say(why, why_len, "line %zu has no symbol name", line);
			return false;
		}
		if (name_end < eol && (*name_end != '\t' || name_end[1] != '[' ||
					eol[-1] != ']')) {
			say(why, why_len, "line %zu has text after the symbol name%s",
			    line, line == 1 ? ": not a symbol map (a placeholder?)" : "");
			return false;
		}
		if (name_end == eol && is_text_type(type) &&
		    strncmp(name, "__pfx_", 6) != 0 &&
		    strncmp(name, "__cfi_", 6) != 0) {
			builder_add(b, name, (size_t)(name_end - name));
			text_syms++;
		}
		p = eol + 1;
	}
	if (text_syms == 0) {
		say(why, why_len, "no text symbols (types t, T, W)");
		return false;
	}
	return true;
}

struct ksyms *ksyms_from_map(const char *path, char *why, size_t why_len)
{
	struct builder b = { 0 };
	char reason[256] = "";
	char source[PATH_MAX + 32];
	size_t len;
	char *text = read_whole(path, MAP_FILE_MAX, &len, reason, sizeof(reason));

	if (!text || !parse_map(text, len, &b, reason, sizeof(reason))) {
		say(why, why_len, "%s: %s", path, reason);
		free(text);
		builder_free(&b);
		return NULL;
	}
	free(text);
	snprintf(source, sizeof(source), "%s", path);
	return builder_finish(&b, source, why, why_len);
}

/* ---- BTF ---- */

/* Kinds from the kernel's Documentation/bpf/btf.rst. */
enum {
	BTF_K_UNKN, BTF_K_INT, BTF_K_PTR, BTF_K_ARRAY, BTF_K_STRUCT,
	BTF_K_UNION, BTF_K_ENUM, BTF_K_FWD, BTF_K_TYPEDEF, BTF_K_VOLATILE,
	BTF_K_CONST, BTF_K_RESTRICT, BTF_K_FUNC, BTF_K_FUNC_PROTO, BTF_K_VAR,
	BTF_K_DATASEC, BTF_K_FLOAT, BTF_K_DECL_TAG, BTF_K_TYPE_TAG,
	BTF_K_ENUM64,
};

#define BTF_MAGIC 0xeB9F
#define BTF_HEADER_LEN 24
#define BTF_TYPE_LEN 12

static uint32_t rd32(const unsigned char *p, bool big)
{
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

/* Bytes that follow a btf_type of KIND with VLEN, or -1 for unknown kinds. */
static int64_t btf_extra(unsigned kind, uint32_t vlen)
{
	switch (kind) {
	case BTF_K_INT: case BTF_K_VAR: case BTF_K_DECL_TAG:
		return 4;
	case BTF_K_ARRAY:
		return 12;
	case BTF_K_STRUCT: case BTF_K_UNION: case BTF_K_DATASEC:
	case BTF_K_ENUM64:
		return (int64_t)vlen * 12;
	case BTF_K_ENUM: case BTF_K_FUNC_PROTO:
		return (int64_t)vlen * 8;
	case BTF_K_PTR: case BTF_K_FWD: case BTF_K_TYPEDEF:
	case BTF_K_VOLATILE: case BTF_K_CONST: case BTF_K_RESTRICT:
	case BTF_K_FUNC: case BTF_K_FLOAT: case BTF_K_TYPE_TAG:
		return 0;
	}
	return -1;
}

/* Adds the name of every BTF_KIND_FUNC in the BTF blob DATA[0..LEN). */
static bool parse_btf(const unsigned char *data, size_t len, struct builder *b,
		      char *why, size_t why_len)
{
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
	const unsigned char *types, *strs;
	uint64_t pos, index = 1, funcs = 0;
	bool big;

	if (len < BTF_HEADER_LEN) {
		say(why, why_len, "BTF truncated (%zu bytes, header needs %d)",
		    len, BTF_HEADER_LEN);
		return false;
	}
	if ((data[0] | data[1] << 8) == BTF_MAGIC)
		big = false;
	else if ((data[1] | data[0] << 8) == BTF_MAGIC)
		big = true;
	else {
		say(why, why_len, "not BTF (magic %02x %02x)", data[0], data[1]);
		return false;
	}
	if (data[2] != 1) {
		say(why, why_len, "unsupported BTF version %u", data[2]);
		return false;
	}
	hdr_len = rd32(data + 4, big);
	type_off = rd32(data + 8, big);
	type_len = rd32(data + 12, big);
	str_off = rd32(data + 16, big);
	str_len = rd32(data + 20, big);
	if (hdr_len < BTF_HEADER_LEN || hdr_len > len) {
		say(why, why_len, "bad BTF header length %" PRIu32, hdr_len);
		return false;
	}
	if ((uint64_t)type_off + type_len > len - hdr_len ||
	    (uint64_t)str_off + str_len > len - hdr_len) {
		say(why, why_len, "BTF sections out of bounds (types %" PRIu32
		    "+%" PRIu32 ", strings %" PRIu32 "+%" PRIu32 ", data %zu)",
		    type_off, type_len, str_off, str_len, len - hdr_len);
		return false;
	}
	if (str_len == 0 || data[hdr_len + str_off + str_len - 1] != '\0') {
		say(why, why_len, "BTF string section is empty or unterminated");
		return false;
	}
	types = data + hdr_len + type_off;
	strs = data + hdr_len + str_off;
	for (pos = 0; pos < type_len; index++) {
		uint32_t name_off, info;
		unsigned kind;
		int64_t extra;

		if (type_len - pos < BTF_TYPE_LEN) {
			say(why, why_len, "BTF type #%" PRIu64 " truncated", index);
			return false;
		}
		name_off = rd32(types + pos, big);
		info = rd32(types + pos + 4, big);
		kind = (info >> 24) & 0x1f;
		extra = btf_extra(kind, info & 0xffff);
		if (extra < 0) {
			say(why, why_len, "unknown BTF kind %u at type #%" PRIu64,
			    kind, index);
			return false;
		}
		if ((uint64_t)extra > type_len - pos - BTF_TYPE_LEN) {
			say(why, why_len, "BTF type #%" PRIu64 " runs past the "
			    "type section", index);
			return false;
		}
		if (kind == BTF_K_FUNC) {
			const char *name;

			if (name_off >= str_len) {
				say(why, why_len, "BTF function #%" PRIu64 " has a "
				    "name offset %" PRIu32 " past the strings (%"
				    PRIu32 " bytes)", index, name_off, str_len);
				return false;
			}
			/* Terminated: the section's last byte is NUL. */
			name = (const char *)strs + name_off;
			builder_add(b, name, strlen(name));
			funcs++;
		}
		pos += BTF_TYPE_LEN + (uint64_t)extra;
	}
	if (funcs == 0) {
		say(why, why_len, "BTF has no functions");
		return false;
	}
	return true;
}

struct ksyms *ksyms_from_btf(const void *data, size_t len,
			     char *why, size_t why_len)
{
	struct builder b = { 0 };

	if (!parse_btf(data, len, &b, why, why_len)) {
		builder_free(&b);
		return NULL;
	}
	return builder_finish(&b, "BTF (functions only)", why, why_len);
}

/* ---- ELF: .symtab functions, else .BTF ---- */

static bool elf_ready(char *why, size_t why_len)
{
	static bool done, ok;

	if (!done) {
		ok = elf_version(EV_CURRENT) != EV_NONE;
		done = true;
	}
	if (!ok)
		say(why, why_len, "libelf: %s", elf_errmsg(-1));
	return ok;
}

/* Adds the defined STT_FUNC symbols of section SCN; false when none. */
static bool elf_symtab_funcs(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
			     struct builder *b)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n, i, before = b->n;
	size_t esz = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT);

	if (!d || esz == 0)
		return false;
	n = d->d_size / esz;
	for (i = 0; i < n && i <= INT_MAX; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(d, (int)i, &sym))
			break;
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(e, sh->sh_link, sym.st_name);
		if (name)
			builder_add(b, name, strnlen(name, KSYM_NAME_MAX + 1));
	}
	return b->n > before;
}

/*
 * Collects function names from an ELF vmlinux: its .symtab when it has one
 * (a debug vmlinux), else its .BTF section (the stripped vmlinux inside a
 * bzImage).  *WHAT says which was used.
 */
static bool parse_elf(Elf *e, struct builder *b, const char **what,
		      char *why, size_t why_len)
{
	Elf_Scn *scn = NULL, *btf = NULL;
	size_t shstrndx;

	if (elf_kind(e) != ELF_K_ELF) {
		say(why, why_len, "not an ELF file");
		return false;
	}
	if (elf_getshdrstrndx(e, &shstrndx) != 0) {
		say(why, why_len, "bad ELF section headers: %s", elf_errmsg(-1));
		return false;
	}
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && elf_symtab_funcs(e, scn, &sh, b)) {
			*what = "symbol table";
			return true;
		}
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (name && strcmp(name, ".BTF") == 0 && sh.sh_type != SHT_NOBITS)
			btf = scn;
	}
	if (btf) {
		Elf_Data *d = elf_rawdata(btf, NULL);

		if (!d || !d->d_buf) {
			say(why, why_len, "cannot read .BTF: %s", elf_errmsg(-1));
			return false;
		}
		*what = "BTF";
		return parse_btf(d->d_buf, d->d_size, b, why, why_len);
	}
	say(why, why_len, "no symbol table and no .BTF section");
	return false;
}

/* ---- decompressing the vmlinux inside a bzImage ---- */

struct outbuf {
	unsigned char *p;
	size_t len, cap;
};

static bool outbuf_grow(struct outbuf *o, char *why, size_t why_len)
{
	size_t cap = o->cap ? o->cap * 2 : (size_t)64 << 20;
	unsigned char *p;

	if (o->cap >= VMLINUX_MAX) {
		say(why, why_len, "decompressed kernel too large (limit is %zu bytes)",
		    VMLINUX_MAX);
		return false;
	}
	if (cap > VMLINUX_MAX)
		cap = VMLINUX_MAX;
	p = realloc(o->p, cap);
	if (!p) {
		say(why, why_len, "out of memory");
		return false;
	}
	o->p = p;
	o->cap = cap;
	return true;
}

static const char *xz_error(lzma_ret r)
{
	switch (r) {
	case LZMA_DATA_ERROR: return "corrupt xz data";
	case LZMA_BUF_ERROR: return "xz data cut short";
	case LZMA_FORMAT_ERROR: return "not xz data";
	case LZMA_OPTIONS_ERROR: return "unsupported xz options";
	case LZMA_MEMLIMIT_ERROR: return "xz stream needs too much memory";
	case LZMA_MEM_ERROR: return "out of memory";
	default: return "xz decoding failed";
	}
}

static bool unxz(const unsigned char *in, size_t len, struct outbuf *o,
		 char *why, size_t why_len)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret r;

	r = lzma_stream_decoder(&s, XZ_MEMLIMIT, 0);
	if (r != LZMA_OK) {
		say(why, why_len, "xz decoder init failed (%d)", (int)r);
		return false;
	}
	s.next_in = in;
	s.avail_in = len;
	for (;;) {
		if (o->len == o->cap && !outbuf_grow(o, why, why_len))
			break;
		s.next_out = o->p + o->len;
		s.avail_out = o->cap - o->len;
		r = lzma_code(&s, LZMA_FINISH);
		o->len = o->cap - s.avail_out;
		if (r == LZMA_STREAM_END) {
			lzma_end(&s);
			return true;
		}
		if (r != LZMA_OK) {
			say(why, why_len, "%s (after %zu bytes decompressed)",
			    xz_error(r), o->len);
			break;
		}
	}
	lzma_end(&s);
	return false;
}

static bool gunzip(const unsigned char *in, size_t len, struct outbuf *o,
		   char *why, size_t why_len)
{
	z_stream z;
	int r;

	if (len > UINT_MAX) {
		say(why, why_len, "gzip payload too large");
		return false;
	}
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		say(why, why_len, "zlib init failed");
		return false;
	}
	z.next_in = (unsigned char *)in;
	z.avail_in = (unsigned)len;
	for (;;) {
		size_t room;

		if (o->len == o->cap && !outbuf_grow(o, why, why_len))
			break;
		room = o->cap - o->len;
		if (room > UINT_MAX)
			room = UINT_MAX;
		z.next_out = o->p + o->len;
		z.avail_out = (unsigned)room;
		r = inflate(&z, Z_NO_FLUSH);
		o->len += room - z.avail_out;
		if (r == Z_STREAM_END) {
			inflateEnd(&z);
			return true;
		}
		if (r != Z_OK) {
			say(why, why_len, "%s (after %zu bytes decompressed)",
			    r == Z_BUF_ERROR ? "gzip data cut short" :
			    r == Z_MEM_ERROR ? "out of memory" : "corrupt gzip data",
			    o->len);
			break;
		}
	}
	inflateEnd(&z);
	return false;
}

/* Debian's 6.12 kernels are zstd-compressed. */
static bool unzstd(const unsigned char *in, size_t len, struct outbuf *o,
		   char *why, size_t why_len)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	ZSTD_inBuffer src = { in, len, 0 };
	size_t r;

	if (!z) {
		say(why, why_len, "zstd decoder init failed");
		return false;
	}
	for (;;) {
		ZSTD_outBuffer dst;

		if (o->len == o->cap && !outbuf_grow(o, why, why_len))
			break;
		dst = (ZSTD_outBuffer){ o->p, o->cap, o->len };
		r = ZSTD_decompressStream(z, &dst, &src);
		o->len = dst.pos;
		if (ZSTD_isError(r)) {
			say(why, why_len, "corrupt zstd data: %s (after %zu bytes decompressed)",
			    ZSTD_getErrorName(r), o->len);
			break;
		}
		if (r == 0) {
			/* one frame is the whole kernel; what follows is not ours */
			ZSTD_freeDStream(z);
			return true;
		}
		if (src.pos == src.size && dst.pos < dst.size) {
			say(why, why_len, "zstd data cut short (after %zu bytes decompressed)",
			    o->len);
			break;
		}
	}
	ZSTD_freeDStream(z);
	return false;
}

struct magic {
	const char *name;
	const unsigned char *bytes;
	size_t len;
	bool (*decode)(const unsigned char *, size_t, struct outbuf *,
		       char *, size_t);
};

static const struct magic magics[] = {
	{ "xz", (const unsigned char *)"\xfd" "7zXZ\0", 6, unxz },
	{ "gzip", (const unsigned char *)"\x1f\x8b\x08", 3, gunzip },
	{ "zstd", (const unsigned char *)"\x28\xb5\x2f\xfd", 4, unzstd },
	{ "lz4", (const unsigned char *)"\x02\x21\x4c\x18", 4, NULL },
	{ "lzo", (const unsigned char *)"\x89LZO", 4, NULL },
	{ "bzip2", (const unsigned char *)"BZh", 3, NULL },
	{ "lzma", (const unsigned char *)"\x5d\0\0", 3, NULL },
};
#define NMAGICS (sizeof(magics) / sizeof(magics[0]))

static const struct magic *magic_at(const unsigned char *p, size_t avail)
{
	size_t i;

	for (i = 0; i < NMAGICS; i++)
		if (avail >= magics[i].len &&
		    memcmp(p, magics[i].bytes, magics[i].len) == 0)
			return &magics[i];
	return NULL;
}

/*
 * Decompresses the stream at IMG+OFF into O and checks the result is ELF.
 * The stream may be followed by other data; decoders stop at its end.
 */
static bool try_payload(const unsigned char *img, size_t len, size_t off,
			struct outbuf *o, char *why, size_t why_len)
{
	const struct magic *m = magic_at(img + off, len - off);

	o->len = 0;
	if (!m) {
		say(why, why_len, "no known compression at offset %zu", off);
		return false;
	}
	if (!m->decode) {
		say(why, why_len, "%s-compressed kernel, which this stap cannot "
		    "decompress (xz, gzip and zstd are supported)", m->name);
		return false;
	}
	if (!m->decode(img + off, len - off, o, why, why_len))
		return false;
	if (o->len < 4 || memcmp(o->p, ELFMAG, SELFMAG) != 0) {
		say(why, why_len, "%s payload at offset %zu is not an ELF vmlinux",
		    m->name, off);
		return false;
	}
	return true;
}

/*
 * Finds and decompresses the vmlinux of bzImage IMG: first where the x86
 * boot header (protocol 2.08+) says the payload is, then, for other layouts
 * or a lying header, at each xz, gzip or zstd magic found in the file.
 */
static bool unpack_bzimage(const unsigned char *img, size_t len,
			   struct outbuf *o, char *why, size_t why_len)
{
	size_t tries = 0, off;
	char first[256] = "";

	if (len >= 0x250 && memcmp(img + 0x202, "HdrS", 4) == 0 &&
	    (img[0x206] | img[0x207] << 8) >= 0x208) {
		size_t setup = img[0x1f1] ? img[0x1f1] : 4;
		uint64_t poff = (setup + 1) * 512 + (uint64_t)rd32(img + 0x248, false);
		uint64_t plen = rd32(img + 0x24c, false);

		if (plen > 0 && poff + plen <= len) {
			if (try_payload(img, (size_t)(poff + plen), (size_t)poff, o,
					first, sizeof(first)))
				return true;
			tries++;
		}
	}
	for (off = 0; off + 6 <= len && tries < PAYLOAD_TRIES; off++) {
		const struct magic *m;
		char reason[256];

		if (img[off] != 0xfd && img[off] != 0x1f && img[off] != 0x28)
			continue;
		m = magic_at(img + off, len - off);
		if (!m || !m->decode)
			continue;
		tries++;
		if (try_payload(img, len, off, o, reason, sizeof(reason)))
			return true;
		if (!first[0])
			snprintf(first, sizeof(first), "%s", reason);
	}
	if (first[0])
		say(why, why_len, "%s", first);
	else
		say(why, why_len, "no compressed vmlinux found (not a bzImage?)");
	return false;
}

static bool parse_elf_memory(unsigned char *img, size_t len, struct builder *b,
			     const char **what, char *why, size_t why_len)
{
	Elf *e;
	bool ok;

	if (!elf_ready(why, why_len))
		return false;
	e = elf_memory((char *)img, len);
	if (!e) {
		say(why, why_len, "bad ELF: %s", elf_errmsg(-1));
		return false;
	}
	ok = parse_elf(e, b, what, why, why_len);
	elf_end(e);
	return ok;
}

struct ksyms *ksyms_from_image(const char *path, char *why, size_t why_len)
{
	struct builder b = { 0 };
	struct outbuf o = { 0 };
	char reason[320] = "";
	char source[PATH_MAX + 64];
	const char *what = "?";
	size_t len = 0;
	unsigned char *img;
	bool ok;

	img = (unsigned char *)read_whole(path, IMAGE_FILE_MAX, &len, reason,
					  sizeof(reason));
	if (!img)
		goto fail;
	if (len >= SELFMAG && memcmp(img, ELFMAG, SELFMAG) == 0)
		ok = parse_elf_memory(img, len, &b, &what, reason, sizeof(reason));
	else
		ok = unpack_bzimage(img, len, &o, reason, sizeof(reason)) &&
		     parse_elf_memory(o.p, o.len, &b, &what, reason, sizeof(reason));
	free(img);
	free(o.p);
	if (!ok)
		goto fail;
	snprintf(source, sizeof(source), "%s in %s%s", what, path,
		 strcmp(what, "BTF") == 0 ? " (functions only)" : "");
	return builder_finish(&b, source, why, why_len);
fail:
	say(why, why_len, "%s: %s", path, reason);
	builder_free(&b);
	return NULL;
}

/* The .BTF section of ELF E, copied into a malloc'd buffer. */
static bool elf_btf_copy(Elf *e, void **data, size_t *len, char *why, size_t why_len)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_kind(e) != ELF_K_ELF || elf_getshdrstrndx(e, &shstrndx) != 0) {
		say(why, why_len, "bad ELF: %s", elf_errmsg(-1));
		return false;
	}
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (!name || strcmp(name, ".BTF") != 0 || sh.sh_type == SHT_NOBITS)
			continue;
		d = elf_rawdata(scn, NULL);
		if (!d || !d->d_buf || !d->d_size) {
			say(why, why_len, "cannot read .BTF: %s", elf_errmsg(-1));
			return false;
		}
		*data = malloc(d->d_size);
		if (!*data) {
			say(why, why_len, "out of memory");
			return false;
		}
		memcpy(*data, d->d_buf, d->d_size);
		*len = d->d_size;
		return true;
	}
	say(why, why_len, "no .BTF section");
	return false;
}

/* A copy of the .BTF section of the ELF image at ELF (ELEN bytes) into DATA. */
static bool elf_bytes_btf(unsigned char *elf, size_t elen, void **data, size_t *len,
			  char *reason, size_t reason_len)
{
	bool ok;
	Elf *e;

	if (!elf_ready(reason, reason_len))
		return false;
	e = elf_memory((char *)elf, elen);
	if (!e) {
		say(reason, reason_len, "bad ELF: %s", elf_errmsg(-1));
		return false;
	}
	ok = elf_btf_copy(e, data, len, reason, reason_len);
	elf_end(e);
	return ok;
}

bool kernel_image_btf(const char *path, void **data, size_t *len, char *why, size_t why_len)
{
	struct outbuf o = { 0 };
	char reason[320] = "";
	unsigned char *img, *elf;
	size_t ilen = 0, elen;
	bool ok = false;

	img = (unsigned char *)read_whole(path, IMAGE_FILE_MAX, &ilen, reason, sizeof(reason));
	if (!img)
		goto out;
	if (ilen >= SELFMAG && memcmp(img, ELFMAG, SELFMAG) == 0) {
		elf = img;
		elen = ilen;
	} else if (unpack_bzimage(img, ilen, &o, reason, sizeof(reason))) {
		elf = o.p;
		elen = o.len;
	} else {
		goto out;
	}
	ok = elf_bytes_btf(elf, elen, data, len, reason, sizeof(reason));
out:
	free(img);
	free(o.p);
	if (!ok)
		say(why, why_len, "%s: %s", path, reason);
	return ok;
}

bool kernel_module_btf(const char *path, void **data, size_t *len, char *why, size_t why_len)
{
	struct outbuf o = { 0 };
	char reason[320] = "";
	unsigned char *file, *elf = NULL;
	size_t flen = 0, elen = 0;
	const struct magic *m;
	bool ok = false;

	file = (unsigned char *)read_whole(path, IMAGE_FILE_MAX, &flen, reason, sizeof(reason));
	if (!file)
		goto out;
	if (flen >= SELFMAG && memcmp(file, ELFMAG, SELFMAG) == 0) {
		elf = file;
		elen = flen;
	} else if ((m = magic_at(file, flen)) && m->decode) {
		/* .ko.xz, .ko.gz, .ko.zst: the whole file is one stream */
		if (!m->decode(file, flen, &o, reason, sizeof(reason)))
			goto out;
		elf = o.p;
		elen = o.len;
	} else {
		say(reason, sizeof(reason), "neither ELF nor xz, gzip or zstd compressed");
		goto out;
	}
	ok = elf_bytes_btf(elf, elen, data, len, reason, sizeof(reason));
out:
	free(file);
	free(o.p);
	if (!ok)
		say(why, why_len, "%s: %s", path, reason);
	return ok;
}

struct ksyms *ksyms_from_names(const char *const *names, size_t n, const char *source,
			       char *why, size_t why_len)
{
	struct builder b = { 0 };

	for (size_t i = 0; i < n; i++)
		builder_add(&b, names[i], strlen(names[i]));
	return builder_finish(&b, source, why, why_len);
}

/* An ELF vmlinux on disk, mapped rather than read (debug ones are large). */
static struct ksyms *ksyms_from_elf_file(const char *path, char *why,
					 size_t why_len)
{
	struct builder b = { 0 };
	char reason[256] = "";
	char source[PATH_MAX + 64];
	const char *what = "?";
	Elf *e = NULL;
	bool ok = false;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		say(reason, sizeof(reason), "%s", strerror(errno));
	} else if (elf_ready(reason, sizeof(reason))) {
		e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
		if (!e)
			say(reason, sizeof(reason), "bad ELF: %s", elf_errmsg(-1));
		else
			ok = parse_elf(e, &b, &what, reason, sizeof(reason));
		elf_end(e);
	}
	if (fd >= 0)
		close(fd);
	if (!ok) {
		say(why, why_len, "%s: %s", path, reason);
		builder_free(&b);
		return NULL;
	}
	snprintf(source, sizeof(source), "%s in %s%s", what, path,
		 strcmp(what, "BTF") == 0 ? " (functions only)" : "");
	return builder_finish(&b, source, why, why_len);
}

/* /sys/kernel/btf/vmlinux: raw BTF of the running kernel. */
static struct ksyms *ksyms_from_btf_file(const char *path, char *why,
					 size_t why_len)
{
	char reason[256] = "";
	char source[PATH_MAX + 32];
	size_t len;
	char *data = read_whole(path, MAP_FILE_MAX, &len, reason, sizeof(reason));
	struct builder b = { 0 };

	if (!data || !parse_btf((unsigned char *)data, len, &b, reason,
				sizeof(reason))) {
		say(why, why_len, "%s: %s", path, reason);
		free(data);
		builder_free(&b);
		return NULL;
	}
	free(data);
	snprintf(source, sizeof(source), "BTF in %s (functions only)", path);
	return builder_finish(&b, source, why, why_len);
}

/* ---- the cache ---- */

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Creates DIR and its parents (mode 0755); true when it exists after. */
static bool make_dirs(const char *dir)
{
	char path[PATH_MAX];
	size_t i, len = strlen(dir);

	if (len == 0 || len >= sizeof(path))
		return false;
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return false;
		path[i] = i == len ? '\0' : '/';
	}
	return true;
}

/*
 * Loads a cache file written by cache_store.  Anything unexpected (bad
 * header, a name out of order, a missing final newline) makes it a miss.
 */
static struct ksyms *cache_load(const char *path)
{
	size_t len, n = 0, i, hl = strlen(CACHE_HEADER);
	char *buf = read_whole(path, CACHE_FILE_MAX, &len, NULL, 0);
	char *p, *end, *eol, *source;
	struct ksyms *ks = NULL;
	char reason[64];

	if (!buf)
		return NULL;
	if (len < hl || memcmp(buf, CACHE_HEADER, hl) != 0 ||
	    buf[len - 1] != '\n')
		goto miss;
	source = buf + hl;
	eol = memchr(source, '\n', len - hl);
	*eol = '\0';
	p = eol + 1;
	end = buf + len;
	for (char *q = p; q < end; q++)
		n += *q == '\n';
	if (n == 0)
		goto miss;
	ks = ksyms_alloc("", reason, sizeof(reason));
	if (!ks)
		goto miss;
	ks->names = malloc(n * sizeof(*ks->names));
	if (!ks->names)
		goto miss;
	for (i = 0; i < n; i++) {
		char *q = p;

		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == p || eol - p > KSYM_NAME_MAX)
			goto miss;
		for (; q < eol; q++)
			if (!name_char_ok((unsigned char)*q) || *q == '.')
				goto miss;
		*eol = '\0';
		if (i > 0 && strcmp(ks->names[i - 1], p) >= 0)
			goto miss;
		ks->names[i] = p;
		p = eol + 1;
	}
	ks->count = n;
	free(ks->source);
	ks->source = malloc(strlen(source) + strlen(path) + 16);
	if (!ks->source)
		goto miss;
	sprintf(ks->source, "%s (cached in %s)", source, path);
	ks->buf = buf;
	ks->cached = true;
	return ks;
miss:
	ksyms_free(ks);
	free(buf);
	return NULL;
}

/* Writes KS to PATH through a temporary file and a rename; best effort. */
static void cache_store(const struct ksyms *ks, const char *dir,
			const char *path)
{
	char tmp[PATH_MAX];
	FILE *f;
	size_t i;
	bool ok;

	if (!make_dirs(dir))
		return;
	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		return;
	f = fopen(tmp, "we");
	if (!f)
		return;
	ok = fprintf(f, "%s%s\n", CACHE_HEADER, ks->source) > 0;
	for (i = 0; ok && i < ks->count; i++)
		ok = fputs(ks->names[i], f) >= 0 && putc('\n', f) != EOF;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0)
		unlink(tmp);
}

/* ---- choosing a source ---- */

enum src_kind { SRC_MAP, SRC_ELF, SRC_KALLSYMS, SRC_SYSBTF, SRC_IMAGE };

static struct ksyms *load_source(enum src_kind kind, const char *path,
				 char *why, size_t why_len)
{
	switch (kind) {
	case SRC_MAP:
	case SRC_KALLSYMS:
		return ksyms_from_map(path, why, why_len);
	case SRC_ELF:
		return ksyms_from_elf_file(path, why, why_len);
	case SRC_SYSBTF:
		return ksyms_from_btf_file(path, why, why_len);
	case SRC_IMAGE:
		return ksyms_from_image(path, why, why_len);
	}
	return NULL;
}

/* Release names become file names: allow only what kernel releases use. */
static bool release_ok(const char *rel)
{
	size_t i, len = strlen(rel);

	if (len == 0 || len > 128 || rel[0] == '.' || rel[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		char c = rel[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-' || c == '+' || c == '~'))
			return false;
	}
	return true;
}

/*
 * The cache key of a source: its path plus its size, mtime and inode; for
 * kallsyms (whose stat says nothing) the boot id, so a reboot into a
 * rebuilt kernel of the same release is noticed.
 */
static uint64_t source_key(enum src_kind kind, const char *path,
			   const struct stat *st)
{
	uint64_t h = fnv1a(0xcbf29ce484222325ULL, "ksyms1", 6);

	h = fnv1a(h, path, strlen(path) + 1);
	if (kind == SRC_KALLSYMS || kind == SRC_SYSBTF) {
		char id[64];
		size_t len;
		char *boot = read_whole("/proc/sys/kernel/random/boot_id", 4096,
					&len, NULL, 0);

		snprintf(id, sizeof(id), "%s", boot ? boot : "no-boot-id");
		free(boot);
		return fnv1a(h, id, strlen(id));
	}
	h = fnv1a(h, &st->st_size, sizeof(st->st_size));
	h = fnv1a(h, &st->st_mtim.tv_sec, sizeof(st->st_mtim.tv_sec));
	h = fnv1a(h, &st->st_mtim.tv_nsec, sizeof(st->st_mtim.tv_nsec));
	h = fnv1a(h, &st->st_ino, sizeof(st->st_ino));
	return fnv1a(h, &st->st_dev, sizeof(st->st_dev));
}

struct ksyms *ksyms_load_in(const char *root, const char *release,
			    const char *cache_dir, char *why, size_t why_len)
{
	struct { enum src_kind kind; const char *fmt; } cands[] = {
		{ SRC_MAP, "%s/boot/System.map-%s" },
		{ SRC_MAP, "%s/usr/lib/debug/boot/System.map-%s" },
		{ SRC_ELF, "%s/usr/lib/debug/boot/vmlinux-%s" },
		{ SRC_ELF, "%s/lib/modules/%s/build/vmlinux" },
		{ SRC_KALLSYMS, "/proc/kallsyms" },
		{ SRC_SYSBTF, "/sys/kernel/btf/vmlinux" },
		{ SRC_IMAGE, "%s/boot/vmlinuz-%s" },
	};
	struct utsname u;
	char tried[2048] = "", missing[2048] = "";
	bool running, is_root;
	size_t i;

	if (uname(&u) != 0)
		snprintf(u.release, sizeof(u.release), "?");
	if (!release)
		release = u.release;
	if (!root || !root[0])
		root = "/";
	if (!release_ok(release)) {
		say(why, why_len, "bad kernel release name \"%s\"", release);
		return NULL;
	}
	is_root = strcmp(root, "/") == 0;
	running = is_root && strcmp(release, u.release) == 0;
	for (i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		char path[PATH_MAX], cpath[PATH_MAX], reason[512] = "";
		struct ksyms *ks;
		struct stat st;

		if ((cands[i].kind == SRC_KALLSYMS || cands[i].kind == SRC_SYSBTF) &&
		    !running)
			continue;
		if (snprintf(path, sizeof(path), cands[i].fmt,
			     is_root ? "" : root, release) >= (int)sizeof(path))
			continue;
		if (stat(path, &st) != 0) {
			say_more(missing, sizeof(missing), "%s%s",
				 missing[0] ? ", " : "", path);
			continue;
		}
		cpath[0] = '\0';
		if (cache_dir && cache_dir[0] &&
		    snprintf(cpath, sizeof(cpath), "%s/ksyms-%s-%016" PRIx64 ".txt",
			     cache_dir, release,
			     source_key(cands[i].kind, path, &st)) < (int)sizeof(cpath)) {
			ks = cache_load(cpath);
			if (ks)
				return ks;
		} else {
			cpath[0] = '\0';
		}
		ks = load_source(cands[i].kind, path, reason, sizeof(reason));
		if (ks) {
			if (cpath[0])
				cache_store(ks, cache_dir, cpath);
			return ks;
		}
		say_more(tried, sizeof(tried), "\n  %s", reason);
	}
	say(why, why_len, "cannot list the functions of kernel %s:%s", release,
	    tried);
	if (missing[0])
		say_more(why, why_len, "\n  not found: %s", missing);
	if (!running)
		say_more(why, why_len, "\n  /proc/kallsyms: not used, %s is not "
			 "the running kernel (%s)", release, u.release);
	say_more(why, why_len, "\nInstall the kernel's debug symbols (Debian: "
		 "linux-image-%s-dbg; Fedora: kernel-debuginfo-%s), or run stap "
		 "on a machine running %s.", release, release, release);
	return NULL;
}

struct ksyms *ksyms_load(const char *release, const char *cache_dir,
			 char *why, size_t why_len)
{
	return ksyms_load_in("/", release, cache_dir, why, why_len);
}

void ksyms_free(struct ksyms *ks)
{
	if (!ks)
		return;
	free(ks->buf);
	free(ks->names);
	free(ks->source);
	free(ks);
}

/* ---- queries ---- */

size_t ksyms_count(const struct ksyms *ks)
{
	return ks->count;
}

const char *ksyms_name(const struct ksyms *ks, size_t i)
{
	return i < ks->count ? ks->names[i] : NULL;
}

const char *ksyms_source(const struct ksyms *ks)
{
	return ks->source;
}

bool ksyms_from_cache(const struct ksyms *ks)
{
	return ks->cached;
}

/* Index of the first name not less than KEY in its first KLEN bytes. */
static size_t lower_bound(const struct ksyms *ks, const char *key, size_t klen)
{
	size_t lo = 0, hi = ks->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strncmp(ks->names[mid], key, klen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool ksyms_has(const struct ksyms *ks, const char *name)
{
	size_t i = lower_bound(ks, name, strlen(name) + 1);

	return i < ks->count && strcmp(ks->names[i], name) == 0;
}

size_t ksyms_glob(const struct ksyms *ks, const char *pattern,
		  void (*cb)(const char *name, void *arg), void *arg)
{
	size_t plen = strcspn(pattern, "*?[\\"), i, n = 0;

	/* Only names starting with the literal prefix can match. */
	for (i = lower_bound(ks, pattern, plen); i < ks->count; i++) {
		if (strncmp(ks->names[i], pattern, plen) != 0)
			break;
		if (fnmatch(pattern, ks->names[i], 0) == 0) {
			if (cb)
				cb(ks->names[i], arg);
			n++;
		}
	}
	return n;
}

/*
 * Optimal-string-alignment distance between A and B (edits: insert, delete,
 * substitute, swap two adjacent), or MAXD + 1 as soon as it must exceed MAXD.
 */
static int osa_distance(const char *a, size_t la, const char *b, size_t lb,
			int maxd)
{
	int rows[3][KSYM_NAME_MAX + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	size_t i, j;

	for (j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= la; i++) {
		int row_min;
		int *t;

		cur[0] = (int)i;
		row_min = cur[0];
		for (j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int d = prev[j] + 1;

			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < row_min)
				row_min = d;
		}
		if (row_min > maxd)
			return maxd + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

size_t ksyms_suggest(const struct ksyms *ks, const char *name,
		     const char **out, size_t max)
{
	size_t len = strlen(name), n = 0, i;
	int dist[64];
	int maxd;

	if (max == 0 || len == 0 || len > KSYM_NAME_MAX)
		return 0;
	if (max > sizeof(dist) / sizeof(dist[0]))
		max = sizeof(dist) / sizeof(dist[0]);
	maxd = len <= 4 ? 1 : len <= 12 ? 2 : 3;
	for (i = 0; i < ks->count; i++) {
		const char *cand = ks->names[i];
		size_t clen = strlen(cand), k;
		int d;

		if (clen + (size_t)maxd < len || len + (size_t)maxd < clen)
			continue;
		d = osa_distance(name, len, cand, clen, maxd);
		if (d > maxd || d == 0)
			continue;
		/* Keep the MAX nearest, ties in name order (we scan sorted). */
		if (n == max && d >= dist[n - 1])
			continue;
		k = n < max ? n++ : n - 1;
		while (k > 0 && dist[k - 1] > d) {
			dist[k] = dist[k - 1];
			out[k] = out[k - 1];
			k--;
		}
		dist[k] = d;
		out[k] = cand;
	}
	return n;
}
