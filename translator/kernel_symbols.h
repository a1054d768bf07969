/*
 * kernel_symbols.h - the function names of a target kernel, for resolving
 * kernel.function("...") probe points in pass 2.
 *
 * The target kernel (stap -r REL) need not be the running one, so the names
 * come from the first of these sources that works, under ROOT (normally "/"):
 *   1. ROOT/boot/System.map-REL, when it is a real map (Debian ships a
 *      placeholder there) — text symbols t, T, W;
 *   2. ROOT/usr/lib/debug/boot/System.map-REL and the debug vmlinux
 *      ROOT/usr/lib/debug/boot/vmlinux-REL or ROOT/lib/modules/REL/build/vmlinux
 *      (ELF .symtab, STT_FUNC) — what linux-image-REL-dbg installs;
 *   3. /proc/kallsyms, then /sys/kernel/btf/vmlinux, when REL is the running
 *      kernel and ROOT is "/" (names suffice, addresses may be hidden);
 *   4. the BTF inside ROOT/boot/vmlinuz-REL: the compressed vmlinux in the
 *      bzImage is decompressed (xz, gzip, zstd) and its .BTF section read.
 *      BTF describes only the functions pahole encoded (no inlined or
 *      assembly functions), so this list is a subset of the text symbols.
 * Compiler-made suffixes (foo.isra.0, foo.cold) are cut to the source name.
 *
 * The result is a sorted list of unique names; it is cached as a text file in
 * CACHE_DIR, keyed by the source file's path, size, mtime and inode, so the
 * decompression (about a second) happens once and later loads are one read.
 * Every input — map, ELF, BTF, cache file — is treated as hostile: each
 * offset and length is checked and failure comes back as a reason.
 */
#ifndef STAP_KERNEL_SYMBOLS_H
#define STAP_KERNEL_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>

struct ksyms;

/*
 * Loads the function names of kernel RELEASE (NULL: the running kernel).
 * CACHE_DIR may be NULL (no caching); it is created when missing.
 * On failure returns NULL and writes into WHY what was tried and how to fix it.
 */
struct ksyms *ksyms_load(const char *release, const char *cache_dir,
			 char *why, size_t why_len);

/* Same, looking for the files under ROOT instead of "/" (a sysroot, tests). */
struct ksyms *ksyms_load_in(const char *root, const char *release,
			    const char *cache_dir, char *why, size_t why_len);

/* One source on its own (tests, tools): a System.map or kallsyms-format file,
 * a kernel image (bzImage or ELF vmlinux), or raw BTF bytes. */
struct ksyms *ksyms_from_map(const char *path, char *why, size_t why_len);
struct ksyms *ksyms_from_image(const char *path, char *why, size_t why_len);
struct ksyms *ksyms_from_btf(const void *data, size_t len,
			     char *why, size_t why_len);

/* The raw .BTF section of kernel image PATH (bzImage or ELF vmlinux), in a
 * malloc'd buffer the caller frees; false with the reason in WHY. */
bool kernel_image_btf(const char *path, void **data, size_t *len, char *why, size_t why_len);

/* The raw .BTF section of kernel module PATH (.ko, or .ko.xz/.gz/.zst
 * compressed whole), split BTF on the kernel's; as kernel_image_btf. */
bool kernel_module_btf(const char *path, void **data, size_t *len, char *why, size_t why_len);

/* A list made of NAMES (cut and filtered like every source's), e.g. a
 * module's functions from its BTF; SOURCE says where they came from. */
struct ksyms *ksyms_from_names(const char *const *names, size_t n, const char *source,
			       char *why, size_t why_len);

void ksyms_free(struct ksyms *ks);

size_t ksyms_count(const struct ksyms *ks);
/* The I-th name in sorted order, I < ksyms_count. */
const char *ksyms_name(const struct ksyms *ks, size_t i);

bool ksyms_has(const struct ksyms *ks, const char *name);

/* Calls CB for every name matching the shell glob PATTERN (*, ?, [...]),
 * in sorted order; returns how many matched. */
size_t ksyms_glob(const struct ksyms *ks, const char *pattern,
		  void (*cb)(const char *name, void *arg), void *arg);

/* Up to MAX (at most 64) names close to NAME (Damerau-Levenshtein distance
 * 1 for names of up to 4 characters, 2 up to 12, 3 beyond), nearest first,
 * then in sorted order; returns how many were stored in OUT. */
size_t ksyms_suggest(const struct ksyms *ks, const char *name,
		     const char **out, size_t max);

/* Where the names came from, e.g. "BTF in /boot/vmlinuz-6.1.0-56-amd64
 * (functions only)", with " (cached in PATH)" when loaded from the cache. */
const char *ksyms_source(const struct ksyms *ks);

/* True when the names came from the cache rather than from the source. */
bool ksyms_from_cache(const struct ksyms *ks);

#endif
