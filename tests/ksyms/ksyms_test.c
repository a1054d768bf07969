/*
 * ksyms_test.c - checks translator/kernel_symbols.c: System.map and kallsyms
 * parsing, rejection of Debian's placeholder map, BTF parsing on BTF built
 * here byte by byte (both byte orders) and on corrupt variants of it, kernel
 * images built here (an ELF holding .BTF, gzip-, xz- and zstd-compressed behind a
 * fake boot sector), the cache (hit, and a corrupt cache file ignored), and,
 * when /boot has it, the real Debian 6.1 kernel image.
 *
 *   ksyms_test FIXTURE_DIR WORK_DIR
 *
 * Prints PASS/FAIL lines and "N passed, N failed"; exits 1 on any failure.
 */
#include "config.h"

#include "kernel_symbols.h"

#include <elf.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static int passed, failed;
static const char *fixtures, *work;

static void check(bool ok, const char *what, const char *detail)
{
	if (ok) {
		printf("PASS: %s\n", what);
		passed++;
	} else {
		printf("FAIL: %s%s%s\n", what, detail ? ": " : "",
		       detail ? detail : "");
		failed++;
	}
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *path_in(char *buf, size_t len, const char *dir, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

static bool write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* Joins the glob matches of PATTERN into a space-separated string. */
static void join_cb(const char *name, void *arg)
{
	char *out = arg;

	if (out[0])
		strcat(out, " ");
	strcat(out, name);
}

static void expect_glob(const struct ksyms *ks, const char *pattern,
			const char *want)
{
	char got[1024] = "", what[128];

	ksyms_glob(ks, pattern, join_cb, got);
	snprintf(what, sizeof(what), "glob %s", pattern);
	check(strcmp(got, want) == 0, what, got);
}

/* ---- System.map, kallsyms ---- */

static void test_maps(void)
{
	char path[4096], why[1024];
	struct ksyms *ks;
	const char *sug[8];
	size_t n;

	ks = ksyms_from_map(path_in(path, sizeof(path), fixtures,
				    "System.map-sample"), why, sizeof(why));
	check(ks != NULL, "System.map fixture parses", why);
	if (!ks)
		return;
	check(ksyms_count(ks) == 10, "System.map: 10 text names", NULL);
	check(ksyms_has(ks, "vfs_read") && ksyms_has(ks, "do_sys_open") &&
	      ksyms_has(ks, "arch_cpu_idle"), "System.map: t/T/W names kept",
	      NULL);
	check(!ksyms_has(ks, "jiffies") && !ksyms_has(ks, "vfs_read_counter") &&
	      !ksyms_has(ks, "vfs_rodata"), "System.map: data names dropped",
	      NULL);
	check(ksyms_has(ks, "vfs_fsync_range") &&
	      !ksyms_has(ks, "vfs_fsync_range.isra.0"),
	      "System.map: .isra suffix cut", NULL);
	check(!ksyms_has(ks, "__pfx_vfs_read"), "System.map: __pfx_ dropped", NULL);
	check(!ksyms_has(ks, "vfs_rea") && !ksyms_has(ks, "") &&
	      !ksyms_has(ks, "zzz"), "has: absent names", NULL);
	expect_glob(ks, "vfs_*", "vfs_fsync_range vfs_read vfs_readv vfs_write");
	expect_glob(ks, "?fs_read", "vfs_read");
	expect_glob(ks, "do_sys_open*", "do_sys_open do_sys_openat2");
	expect_glob(ks, "[ak]*", "arch_cpu_idle kmalloc_trace");
	expect_glob(ks, "*_read*", "vfs_read vfs_readv");
	expect_glob(ks, "vfs_read", "vfs_read");
	expect_glob(ks, "nothing*", "");
	n = ksyms_suggest(ks, "vfs_reed", sug, 8);
	check(n >= 1 && strcmp(sug[0], "vfs_read") == 0,
	      "suggest vfs_reed -> vfs_read first", n ? sug[0] : "none");
	n = ksyms_suggest(ks, "vsf_read", sug, 8);
	check(n >= 1 && strcmp(sug[0], "vfs_read") == 0,
	      "suggest transposition vsf_read", n ? sug[0] : "none");
	n = ksyms_suggest(ks, "vfs_rea", sug, 1);
	check(n == 1 && strcmp(sug[0], "vfs_read") == 0,
	      "suggest max 1 keeps nearest", n ? sug[0] : "none");
	check(ksyms_suggest(ks, "xyzzy_plugh", sug, 8) == 0,
	      "suggest: nothing for a far name", NULL);
	ksyms_free(ks);

	ks = ksyms_from_map(path_in(path, sizeof(path), fixtures, "placeholder-map"),
			    why, sizeof(why));
	check(ks == NULL && strstr(why, "placeholder"),
	      "Debian placeholder System.map rejected", why);
	ksyms_free(ks);

	ks = ksyms_from_map(path_in(path, sizeof(path), fixtures, "kallsyms-sample"),
			    why, sizeof(why));
	check(ks && ksyms_count(ks) == 3 && ksyms_has(ks, "do_one_initcall") &&
	      !ksyms_has(ks, "ext4_mount") && !ksyms_has(ks, "__cfi_vfs_read"),
	      "kallsyms format: module and __cfi_ symbols dropped", why);
	ksyms_free(ks);

	ks = ksyms_from_map(path_in(path, sizeof(path), fixtures, "no-such-file"),
			    why, sizeof(why));
	check(ks == NULL && strstr(why, "No such file"), "missing map: reason",
	      why);
	ksyms_free(ks);
}

/* ---- BTF built by hand ---- */

struct bytes {
	unsigned char d[4096];
	size_t len;
	bool big;
};

static void put32(struct bytes *b, uint32_t v)
{
	if (b->big) {
		b->d[b->len++] = v >> 24;
		b->d[b->len++] = v >> 16;
		b->d[b->len++] = v >> 8;
		b->d[b->len++] = v;
	} else {
		b->d[b->len++] = v;
		b->d[b->len++] = v >> 8;
		b->d[b->len++] = v >> 16;
		b->d[b->len++] = v >> 24;
	}
}

static void put_type(struct bytes *b, uint32_t name, unsigned kind,
		     unsigned vlen, uint32_t size_or_type)
{
	put32(b, name);
	put32(b, (uint32_t)kind << 24 | vlen);
	put32(b, size_or_type);
}

/*
 * A BTF blob of one of each kind: int, pointer, array, struct (2 members),
 * union, enum (2), fwd, typedef, volatile, const, restrict, func_proto (2
 * params), three funcs, var, datasec (1), float, decl_tag, type_tag, enum64.
 */
static size_t build_btf(unsigned char *out, bool big)
{
	static const char strs[] = "\0int\0vfs_read\0do_sys_open\0s\0a\0b\0e1\0"
				   "e2\0v\0.data\0ksys_write";
	enum { S_INT = 1, S_VFS = 5, S_DSO = 14, S_S = 26, S_A = 28, S_B = 30,
	       S_E1 = 32, S_E2 = 35, S_V = 38, S_DATA = 40, S_KW = 46 };
	struct bytes b = { .big = big };
	size_t types_start, types_len, i;

	b.d[0] = big ? 0xeb : 0x9f;
	b.d[1] = big ? 0x9f : 0xeb;
	b.d[2] = 1;
	b.d[3] = 0;
	b.len = 4;
	put32(&b, 24);
	put32(&b, 0);
	put32(&b, 0);	/* type_len, patched below */
	put32(&b, 0);	/* str_off */
	put32(&b, sizeof(strs));
	types_start = b.len;
	put_type(&b, S_INT, 1, 0, 4); put32(&b, 32);		/* 1 int */
	put_type(&b, 0, 2, 0, 1);				/* 2 ptr */
	put_type(&b, 0, 3, 0, 0); put32(&b, 1); put32(&b, 1); put32(&b, 4);
	put_type(&b, S_S, 4, 2, 8);				/* 4 struct */
	put32(&b, S_A); put32(&b, 1); put32(&b, 0);
	put32(&b, S_B); put32(&b, 1); put32(&b, 32);
	put_type(&b, 0, 5, 1, 4); put32(&b, S_A); put32(&b, 1); put32(&b, 0);
	put_type(&b, 0, 6, 2, 4);				/* 6 enum */
	put32(&b, S_E1); put32(&b, 0); put32(&b, S_E2); put32(&b, 1);
	put_type(&b, S_S, 7, 0, 0);				/* 7 fwd */
	put_type(&b, S_S, 8, 0, 1);				/* 8 typedef */
	put_type(&b, 0, 9, 0, 1);
	put_type(&b, 0, 10, 0, 1);
	put_type(&b, 0, 11, 0, 2);
	put_type(&b, 0, 13, 2, 1);				/* 12 proto */
	put32(&b, S_A); put32(&b, 1); put32(&b, S_B); put32(&b, 2);
	put_type(&b, S_VFS, 12, 1, 12);				/* funcs */
	put_type(&b, S_DSO, 12, 1, 12);
	put_type(&b, S_KW, 12, 0, 12);
	put_type(&b, S_V, 14, 0, 1); put32(&b, 1);		/* var */
	put_type(&b, S_DATA, 15, 1, 4);				/* datasec */
	put32(&b, 16); put32(&b, 0); put32(&b, 4);
	put_type(&b, S_INT, 16, 0, 8);				/* float */
	put_type(&b, S_A, 17, 0, 13); put32(&b, (uint32_t)-1);	/* decl_tag */
	put_type(&b, S_B, 18, 0, 1);				/* type_tag */
	put_type(&b, S_E1, 19, 1, 8);				/* enum64 */
	put32(&b, S_E2); put32(&b, 1); put32(&b, 0);
	types_len = b.len - types_start;
	/* patch type_len and str_off */
	{
		struct bytes p = { .big = big };

		put32(&p, (uint32_t)types_len);
		put32(&p, (uint32_t)types_len);
		memcpy(b.d + 12, p.d, 8);
	}
	for (i = 0; i < sizeof(strs); i++)
		b.d[b.len++] = strs[i];
	memcpy(out, b.d, b.len);
	return b.len;
}

static void set32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void expect_btf_fails(const unsigned char *d, size_t len,
			     const char *what, const char *reason_part)
{
	char why[512] = "";
	struct ksyms *ks = ksyms_from_btf(d, len, why, sizeof(why));

	check(ks == NULL && strstr(why, reason_part), what, why);
	ksyms_free(ks);
}

static void test_btf(void)
{
	unsigned char good[4096], bad[4096];
	size_t len, i;
	char why[512];
	struct ksyms *ks;
	bool all_ok = true;
	unsigned rng = 12345;

	for (int big = 0; big <= 1; big++) {
		len = build_btf(good, big);
		ks = ksyms_from_btf(good, len, why, sizeof(why));
		check(ks && ksyms_count(ks) == 3 && ksyms_has(ks, "vfs_read") &&
		      ksyms_has(ks, "do_sys_open") && ksyms_has(ks, "ksys_write") &&
		      !ksyms_has(ks, "int") && !ksyms_has(ks, "s"),
		      big ? "BTF big-endian: the 3 funcs" :
			    "BTF little-endian: the 3 funcs", ks ? NULL : why);
		ksyms_free(ks);
	}
	len = build_btf(good, false);

	expect_btf_fails(good, 10, "BTF: short header", "truncated");
	memcpy(bad, good, len); bad[0] = 0;
	expect_btf_fails(bad, len, "BTF: bad magic", "not BTF");
	memcpy(bad, good, len); bad[2] = 9;
	expect_btf_fails(bad, len, "BTF: bad version", "version");
	memcpy(bad, good, len); set32(bad + 4, 0xffffff00);
	expect_btf_fails(bad, len, "BTF: huge header length", "header length");
	memcpy(bad, good, len); set32(bad + 8, 0xfffffff0);
	expect_btf_fails(bad, len, "BTF: type_off overflow", "out of bounds");
	memcpy(bad, good, len); set32(bad + 20, 0xffffffff);
	expect_btf_fails(bad, len, "BTF: huge str_len", "out of bounds");
	memcpy(bad, good, len); bad[len - 1] = 'x';
	expect_btf_fails(bad, len, "BTF: unterminated strings", "unterminated");
	/* type 14 (first func) starts at 24 + offset of funcs */
	{
		size_t func_at = 0;

		for (i = 24; i + 12 <= len; i += 4)
			if (good[i + 7] == 12 && good[i] == 5) {
				func_at = i;
				break;
			}
		memcpy(bad, good, len); set32(bad + func_at, 0x7fffffff);
		expect_btf_fails(bad, len, "BTF: func name offset past strings",
				 "past the strings");
		memcpy(bad, good, len); bad[func_at + 7] = 31;
		expect_btf_fails(bad, len, "BTF: unknown kind", "unknown BTF kind");
		memcpy(bad, good, len); bad[func_at + 7] = 4;
		bad[func_at + 4] = 0xff; bad[func_at + 5] = 0xff;
		expect_btf_fails(bad, len, "BTF: struct vlen runs past types",
				 "runs past");
	}
	/* Every truncation and many random corruptions: no crash, and a
	 * reason whenever NULL comes back. */
	for (i = 0; i < len; i++) {
		why[0] = '\0';
		ks = ksyms_from_btf(good, i, why, sizeof(why));
		if (!ks && !why[0])
			all_ok = false;
		ksyms_free(ks);
	}
	check(all_ok, "BTF: every truncation fails with a reason", NULL);
	for (i = 0; i < 20000; i++) {
		memcpy(bad, good, len);
		for (int k = 0; k < 3; k++) {
			rng = rng * 1103515245 + 12345;
			bad[(rng >> 8) % len] ^= (unsigned char)(1u << (rng >> 28) % 8);
		}
		ks = ksyms_from_btf(bad, len, why, sizeof(why));
		ksyms_free(ks);
	}
	check(true, "BTF: 20000 random corruptions survived", NULL);
}

/* ---- kernel images built by hand ---- */

/* An ELF64 vmlinux stand-in: sections null, .BTF, .shstrtab. */
static size_t build_elf(unsigned char *out, const unsigned char *btf,
			size_t btf_len)
{
	static const char shstr[] = "\0.BTF\0.shstrtab";
	Elf64_Ehdr eh = { 0 };
	Elf64_Shdr sh[3] = { { 0 } };
	size_t off = sizeof(eh), shstr_at, sh_at;

	memcpy(out + off, btf, btf_len);
	off += btf_len;
	shstr_at = off;
	memcpy(out + off, shstr, sizeof(shstr));
	off += sizeof(shstr);
	sh_at = (off + 7) & ~(size_t)7;
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_shoff = sh_at;
	eh.e_ehsize = sizeof(eh);
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = 3;
	eh.e_shstrndx = 2;
	memcpy(out, &eh, sizeof(eh));
	sh[1].sh_name = 1;
	sh[1].sh_type = SHT_PROGBITS;
	sh[1].sh_offset = sizeof(eh);
	sh[1].sh_size = btf_len;
	sh[1].sh_addralign = 4;
	sh[2].sh_name = 6;
	sh[2].sh_type = SHT_STRTAB;
	sh[2].sh_offset = shstr_at;
	sh[2].sh_size = sizeof(shstr);
	sh[2].sh_addralign = 1;
	memset(out + off, 0, sh_at - off);
	memcpy(out + sh_at, sh, sizeof(sh));
	return sh_at + sizeof(sh);
}

static size_t gzip_bytes(const unsigned char *in, size_t len,
			 unsigned char *out, size_t cap)
{
	z_stream z = { 0 };
	size_t n;

	deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (unsigned char *)in;
	z.avail_in = (unsigned)len;
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	deflate(&z, Z_FINISH);
	n = cap - z.avail_out;
	deflateEnd(&z);
	return n;
}

static size_t xz_bytes(const unsigned char *in, size_t len, unsigned char *out,
		       size_t cap)
{
	size_t pos = 0;

	if (lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, len, out,
				    &pos, cap) != LZMA_OK)
		return 0;
	return pos;
}

static size_t zstd_bytes(const unsigned char *in, size_t len, unsigned char *out,
			 size_t cap)
{
	size_t n = ZSTD_compress(out, cap, in, len, 19);

	return ZSTD_isError(n) ? 0 : n;
}

/* A fake bzImage: 2 KiB of boot-sector junk (no HdrS), the compressed ELF,
 * then trailing junk, so the loader has to find the stream by its magic. */
static bool write_image(const char *path, const unsigned char *z, size_t zlen)
{
	static unsigned char img[65536];
	size_t i;

	for (i = 0; i < 2048; i++)
		img[i] = (unsigned char)(i * 7 + 3) == 0xfd ? 0 : (unsigned char)(i * 7 + 3);
	memcpy(img + 2048, z, zlen);
	memset(img + 2048 + zlen, 0xaa, 512);
	return write_file(path, img, 2048 + zlen + 512);
}

static void test_images(void)
{
	unsigned char btf[4096], elf[8192], z[8192];
	char path[4096], why[1024];
	size_t btf_len, elf_len, zlen;
	struct ksyms *ks;

	btf_len = build_btf(btf, false);
	elf_len = build_elf(elf, btf, btf_len);

	path_in(path, sizeof(path), work, "vmlinux-elf");
	write_file(path, elf, elf_len);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks && ksyms_count(ks) == 3 && strstr(ksyms_source(ks), "BTF in"),
	      "image: plain ELF vmlinux with .BTF", ks ? ksyms_source(ks) : why);
	ksyms_free(ks);

	zlen = gzip_bytes(elf, elf_len, z, sizeof(z));
	path_in(path, sizeof(path), work, "vmlinuz-gzip");
	write_image(path, z, zlen);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks && ksyms_has(ks, "vfs_read") && ksyms_count(ks) == 3,
	      "image: gzip payload found by magic", ks ? NULL : why);
	ksyms_free(ks);

	zlen = xz_bytes(elf, elf_len, z, sizeof(z));
	path_in(path, sizeof(path), work, "vmlinuz-xz");
	write_image(path, z, zlen);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks && ksyms_has(ks, "ksys_write") && ksyms_count(ks) == 3,
	      "image: xz payload found by magic", ks ? NULL : why);
	ksyms_free(ks);

	zlen = zstd_bytes(elf, elf_len, z, sizeof(z));
	path_in(path, sizeof(path), work, "vmlinuz-zstd");
	write_image(path, z, zlen);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks && ksyms_has(ks, "vfs_read") && ksyms_count(ks) == 3,
	      "image: zstd payload found by magic (6.12's compression)", ks ? NULL : why);
	ksyms_free(ks);

	path_in(path, sizeof(path), work, "vmlinuz-zstd-cut");
	write_image(path, z, zlen / 2);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks == NULL && why[0], "image: truncated zstd fails with a reason", why);
	ksyms_free(ks);

	zlen = xz_bytes(elf, elf_len, z, sizeof(z));

	/* Truncated xz stream. */
	path_in(path, sizeof(path), work, "vmlinuz-xz-cut");
	write_image(path, z, zlen / 2);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks == NULL && why[0], "image: truncated xz fails with a reason", why);
	ksyms_free(ks);

	/* Corrupt section header offset inside the ELF. */
	{
		unsigned char bad[8192];
		Elf64_Ehdr eh;

		memcpy(bad, elf, elf_len);
		memcpy(&eh, bad, sizeof(eh));
		eh.e_shoff = 0x7fffffff0ULL;
		memcpy(bad, &eh, sizeof(eh));
		path_in(path, sizeof(path), work, "vmlinux-badshoff");
		write_file(path, bad, elf_len);
		ks = ksyms_from_image(path, why, sizeof(why));
		check(ks == NULL && why[0], "image: ELF with bad e_shoff", why);
		ksyms_free(ks);

		memcpy(bad, elf, elf_len);
		/* .BTF section size beyond the file */
		{
			Elf64_Shdr sh;
			size_t at = eh.e_shoff = ((Elf64_Ehdr *)elf)->e_shoff;

			memcpy(&sh, bad + at + sizeof(sh), sizeof(sh));
			sh.sh_size = 1u << 30;
			memcpy(bad + at + sizeof(sh), &sh, sizeof(sh));
		}
		path_in(path, sizeof(path), work, "vmlinux-badbtfsize");
		write_file(path, bad, elf_len);
		ks = ksyms_from_image(path, why, sizeof(why));
		check(ks == NULL && why[0], "image: .BTF size past the file", why);
		ksyms_free(ks);
	}

	path_in(path, sizeof(path), work, "vmlinuz-junk");
	write_file(path, "hello, not a kernel\n", 20);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks == NULL && strstr(why, "no compressed vmlinux"),
	      "image: junk file", why);
	ksyms_free(ks);
}

/* ---- loading by release, the cache ---- */

static void test_load(void)
{
	char root[4096], cache[4096], why[2048];
	struct ksyms *ks;

	path_in(cache, sizeof(cache), work, "cache/sub");
	path_in(root, sizeof(root), fixtures, "root-map");
	ks = ksyms_load_in(root, "1.0-test", cache, why, sizeof(why));
	check(ks && strstr(ksyms_source(ks), "System.map-1.0-test") &&
	      !ksyms_from_cache(ks), "load: System.map under a root", why);
	ksyms_free(ks);
	ks = ksyms_load_in(root, "1.0-test", cache, why, sizeof(why));
	check(ks && ksyms_from_cache(ks) && ksyms_count(ks) == 10 &&
	      ksyms_has(ks, "vfs_read"), "load: second load from the cache",
	      ks ? ksyms_source(ks) : why);
	ksyms_free(ks);

	path_in(root, sizeof(root), fixtures, "root-placeholder");
	ks = ksyms_load_in(root, "1.0-test", cache, why, sizeof(why));
	check(ks == NULL && strstr(why, "placeholder") &&
	      strstr(why, "linux-image-1.0-test-dbg") && strstr(why, "vmlinuz-1.0-test"),
	      "load: placeholder only -> message naming sources and fix", NULL);
	if (ks == NULL)
		printf("    message was:\n%s\n", why);
	ksyms_free(ks);

	ks = ksyms_load_in(root, "../../etc", cache, why, sizeof(why));
	check(ks == NULL && strstr(why, "bad kernel release"),
	      "load: hostile release name refused", why);
	ksyms_free(ks);
}

/* Corrupts every cache file in DIR (reverses two lines): loads must ignore it. */
static void test_corrupt_cache(void)
{
	char root[4096], cache[4096], why[1024], cmd[8300];
	struct ksyms *ks;

	path_in(cache, sizeof(cache), work, "cache/sub");
	path_in(root, sizeof(root), fixtures, "root-map");
	snprintf(cmd, sizeof(cmd), "for f in '%s'/ksyms-1.0-test-*.txt; do "
		 "sed -i '3{h;d};4G' \"$f\"; done", cache);
	if (system(cmd) != 0)
		return;
	ks = ksyms_load_in(root, "1.0-test", cache, why, sizeof(why));
	check(ks && !ksyms_from_cache(ks) && ksyms_count(ks) == 10,
	      "cache: out-of-order cache file ignored and rebuilt", why);
	ksyms_free(ks);
	ks = ksyms_load_in(root, "1.0-test", cache, why, sizeof(why));
	check(ks && ksyms_from_cache(ks), "cache: rewritten after corruption", why);
	ksyms_free(ks);
}

/* A debug vmlinux stand-in: this test program's own ELF, whose .symtab
 * has STT_FUNC symbols such as main and test_btf. */
static void test_debug_vmlinux(void)
{
	char root[2048], dst[4096], self[4096], why[2048], cmd[12500];
	struct ksyms *ks;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return;
	self[n] = '\0';
	path_in(root, sizeof(root), work, "root-dbg");
	snprintf(dst, sizeof(dst), "%s/usr/lib/debug/boot", root);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp '%s' '%s/vmlinux-2.0-test'",
		 dst, self, dst);
	if (system(cmd) != 0)
		return;
	ks = ksyms_load_in(root, "2.0-test", NULL, why, sizeof(why));
	check(ks && strstr(ksyms_source(ks), "symbol table in") &&
	      ksyms_has(ks, "main") && ksyms_has(ks, "test_btf") &&
	      !ksyms_has(ks, "passed"), "load: debug vmlinux .symtab functions",
	      ks ? ksyms_source(ks) : why);
	ksyms_free(ks);
}

/* Copies of the real image, damaged: a lying boot header (the payload must
 * be found by its magic), a flipped payload byte, a cut-off file. */
static void test_real_damaged(const char *image)
{
	char path[4096], why[1024];
	struct ksyms *ks;
	unsigned char *img;
	size_t len;
	FILE *f = fopen(image, "rb");
	struct stat st;

	if (!f || fstat(fileno(f), &st) != 0 || st.st_size < 0x1000) {
		if (f)
			fclose(f);
		return;
	}
	len = (size_t)st.st_size;
	img = malloc(len);
	if (!img || fread(img, 1, len, f) != len) {
		fclose(f);
		free(img);
		return;
	}
	fclose(f);

	set32(img + 0x248, 0x7ffffff0);
	path_in(path, sizeof(path), work, "vmlinuz-badhdr");
	write_file(path, img, len);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks && ksyms_count(ks) > 30000, "real damaged: lying payload "
	      "offset, stream found by magic", ks ? NULL : why);
	ksyms_free(ks);

	img[len / 2] ^= 0x10;
	path_in(path, sizeof(path), work, "vmlinuz-flipped");
	write_file(path, img, len);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks == NULL && why[0], "real damaged: flipped byte fails", why);
	ksyms_free(ks);

	img[len / 2] ^= 0x10;
	path_in(path, sizeof(path), work, "vmlinuz-cut");
	write_file(path, img, len * 3 / 5);
	ks = ksyms_from_image(path, why, sizeof(why));
	check(ks == NULL && why[0], "real damaged: truncated image fails", why);
	ksyms_free(ks);
	free(img);
}

/* ---- the real Debian kernel, when installed ---- */

static void test_real(const char *rel)
{
	char path[4096], cache[4096], why[2048];
	struct ksyms *ks;
	const char *sug[8];
	size_t n, i;
	double t0, t1, t2;
	struct stat st;

	snprintf(path, sizeof(path), "/boot/vmlinuz-%s", rel);
	if (stat(path, &st) != 0) {
		printf("SKIP: %s not installed\n", path);
		return;
	}
	path_in(cache, sizeof(cache), work, "realcache");
	t0 = now_ms();
	ks = ksyms_load(rel, cache, why, sizeof(why));
	t1 = now_ms();
	check(ks != NULL, "real: load kernel", why);
	if (!ks)
		return;
	printf("    source: %s\n    %zu names, first load %.0f ms\n",
	       ksyms_source(ks), ksyms_count(ks), t1 - t0);
	check(ksyms_count(ks) > 30000, "real: more than 30000 names", NULL);
	check(ksyms_has(ks, "vfs_read") && ksyms_has(ks, "vfs_write") &&
	      ksyms_has(ks, "do_sys_open"), "real: vfs_read vfs_write do_sys_open",
	      NULL);
	n = ksyms_glob(ks, "vfs_*", NULL, NULL);
	check(n > 20, "real: glob vfs_* expands", NULL);
	printf("    vfs_* matches %zu names\n", n);
	n = ksyms_suggest(ks, "vfs_reed", sug, 5);
	check(n > 0 && strcmp(sug[0], "vfs_read") == 0,
	      "real: suggest vfs_reed -> vfs_read", NULL);
	printf("    similar to vfs_reed:");
	for (i = 0; i < n; i++)
		printf(" %s", sug[i]);
	printf("\n");
	t1 = now_ms();
	n = ksyms_suggest(ks, "do_sys_opne", sug, 5);
	t2 = now_ms();
	printf("    suggest over all names: %.1f ms\n", t2 - t1);
	ksyms_free(ks);

	t1 = now_ms();
	ks = ksyms_load(rel, cache, why, sizeof(why));
	t2 = now_ms();
	check(ks && ksyms_from_cache(ks) && ksyms_count(ks) > 30000,
	      "real: second load from the cache", why);
	printf("    cached load %.1f ms\n", t2 - t1);
	check(t2 - t1 < 200, "real: cached load is fast", NULL);
	ksyms_free(ks);
	test_real_damaged(path);
}

static void test_running(void)
{
	char cache[4096], why[2048];
	struct ksyms *ks;
	struct utsname u;
	FILE *f = fopen("/proc/kallsyms", "r");

	if (!f) {
		printf("SKIP: /proc/kallsyms unreadable\n");
		return;
	}
	fclose(f);
	uname(&u);
	path_in(cache, sizeof(cache), work, "runcache");
	ks = ksyms_load(NULL, cache, why, sizeof(why));
	check(ks && ksyms_count(ks) > 1000 && ksyms_has(ks, "schedule"),
	      "running kernel via kallsyms", why);
	if (ks)
		printf("    %s: %zu names from %s\n", u.release, ksyms_count(ks),
		       ksyms_source(ks));
	ksyms_free(ks);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: ksyms_test FIXTURE_DIR WORK_DIR\n");
		return 2;
	}
	fixtures = argv[1];
	work = argv[2];
	test_maps();
	test_btf();
	test_images();
	test_load();
	test_corrupt_cache();
	test_debug_vmlinux();
	test_running();
	test_real(getenv("KSYMS_REAL_RELEASE") ? getenv("KSYMS_REAL_RELEASE") :
		  "6.1.0-56-amd64");
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
