/*
 * vet.c - refuse anything that is not plainly a kernel module, before loading.
 *
 * The file name is checked first, then the file: opened once without
 * following a symbolic link, checked with fstat on that descriptor (a regular
 * file of bounded size), and its ELF header and section table read with
 * libelf.  A module is an ELF relocatable object (ET_REL) of this machine's
 * class, byte order and architecture whose sections all lie inside the file,
 * carrying the .gnu.linkonce.this_module section that modpost adds to every
 * module; the struct module in it holds the name the kernel will use.  The
 * descriptor stays open so the module inserted is the one vetted.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control_setup.h"
#include "common/bulk_mode.h"
#include "common/monitor_mode.h"
#include "common/module_name.h"
#include "common/privilege_level.h"
#include "vet.h"
#include "vetted_dir.h"

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#elif defined(__i386__)
#define HOST_MACHINE EM_386
#elif defined(__powerpc64__)
#define HOST_MACHINE EM_PPC64
#elif defined(__s390x__)
#define HOST_MACHINE EM_S390
#elif defined(__riscv)
#define HOST_MACHINE EM_RISCV
#endif

#if __SIZEOF_POINTER__ == 8
#define HOST_CLASS ELFCLASS64
#else
#define HOST_CLASS ELFCLASS32
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_DATA ELFDATA2LSB
#else
#define HOST_DATA ELFDATA2MSB
#endif


/* A module name: 1 to STP_MODULE_NAME_MAX - 1 of [A-Za-z0-9_]. */
static int vet_name_chars(const char *base, size_t n, char *name, size_t name_len,
			  char *why, size_t why_len)
{
	if (n == 0 || n >= STP_MODULE_NAME_MAX || n >= name_len) {
		snprintf(why, why_len, "the module name must be 1 to %d characters long",
			 STP_MODULE_NAME_MAX - 1);
		return -1;
	}
	if (!module_name_valid(base, n)) {
		snprintf(why, why_len, "the module name may only contain letters, digits and '_'");
		return -1;
	}
	memcpy(name, base, n);
	name[n] = '\0';
	return 0;
}

int vet_module_name(const char *path, char *name, size_t name_len, char *why, size_t why_len)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n < 3 || strcmp(base + n - 3, ".ko") != 0) {
		snprintf(why, why_len, "the file name does not end in .ko");
		return -1;
	}
	return vet_name_chars(base, n - 3, name, name_len, why, why_len);
}


/* The name in the module's own struct module. */
static int vet_this_module_name(Elf_Scn *scn, char *name, size_t name_len, char *why,
				size_t why_len)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	const char *field, *nul;

	if (!data || !data->d_buf || data->d_size < THIS_MODULE_NAME_OFFSET + THIS_MODULE_NAME_LEN) {
		snprintf(why, why_len, "its %s section is too small to hold a module name",
			 MODULE_SECTION);
		return -1;
	}
	field = (const char *)data->d_buf + THIS_MODULE_NAME_OFFSET;
	nul = memchr(field, '\0', THIS_MODULE_NAME_LEN);
	if (!nul) {
		snprintf(why, why_len, "the module name in its %s section is not terminated",
			 MODULE_SECTION);
		return -1;
	}
	if (vet_name_chars(field, (size_t)(nul - field), name, name_len, why, why_len) < 0) {
		size_t n = strlen(why);

		snprintf(why + n, why_len - n, " (the name in its %s section)", MODULE_SECTION);
		return -1;
	}
	return 0;
}

#define PRIVILEGE_TAG PRIVILEGE_MODINFO_TAG "="
#define BULK_TAG BULK_MODINFO_TAG "="
#define MONITOR_TAG MONITOR_MODINFO_TAG "="

/* The "name=" entry of .modinfo, if any, must agree with the name the kernel
 * uses: the kernel reports and checks some things under the former.  The
 * translator records the module's privilege level as stap_privilege=. */
static int vet_modinfo(Elf_Scn *scn, const char *name, struct vetted_module *out, char *why,
		       size_t why_len)
{
	const size_t tag_len = strlen(PRIVILEGE_TAG);
	Elf_Data *data = elf_getdata(scn, NULL);
	const char *p, *end;

	if (!data || !data->d_buf)
		return 0;
	p = data->d_buf;
	end = p + data->d_size;
	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);

		if (len >= 5 && memcmp(p, "name=", 5) == 0 &&
		    (len - 5 != strlen(name) || memcmp(p + 5, name, len - 5) != 0)) {
			snprintf(why, why_len, "its .modinfo says name=%.*s but the kernel would name "
				 "it %s", (int)(len - 5 > 55 ? 55 : len - 5), p + 5, name);
			return -1;
		}
		if (len == strlen(BULK_TAG) + 1 && !memcmp(p, BULK_TAG, strlen(BULK_TAG)) &&
		    p[len - 1] == '1')
			out->bulk = 1;
		if (len == strlen(MONITOR_TAG) + 1 && !memcmp(p, MONITOR_TAG, strlen(MONITOR_TAG)) &&
		    p[len - 1] == '1')
			out->monitor = 1;
		if (len >= tag_len && memcmp(p, PRIVILEGE_TAG, tag_len) == 0) {
			if (out->privilege[0] || len - tag_len >= sizeof(out->privilege)) {
				snprintf(why, why_len, "its .modinfo has a second or overlong %s",
					 PRIVILEGE_TAG);
				return -1;
			}
			memcpy(out->privilege, p + tag_len, len - tag_len);
			out->privilege[len - tag_len] = '\0';
		}
		p += len + 1;
	}
	return 0;
}

/* The section table must lie inside the file, with entries of the size the
 * ELF class defines, and so must every section's contents. */
static int vet_section_table(Elf *elf, const GElf_Ehdr *eh, off_t file_size, char *why,
			     size_t why_len)
{
	size_t want = eh->e_ident[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	size_t shnum;
	Elf_Scn *scn = NULL;

	if (eh->e_shentsize != want) {
		snprintf(why, why_len, "its section headers are %u bytes each, not %zu",
			 eh->e_shentsize, want);
		return -1;
	}
	if (elf_getshdrnum(elf, &shnum) != 0) {
		snprintf(why, why_len, "its section count is unreadable: %s", elf_errmsg(-1));
		return -1;
	}
	if (shnum == 0 || eh->e_shoff > (uint64_t)file_size ||
	    shnum > ((uint64_t)file_size - eh->e_shoff) / want) {
		snprintf(why, why_len, "its section table (%zu entries at offset %llu) does not fit "
			 "in the file (%lld bytes)", shnum, (unsigned long long)eh->e_shoff,
			 (long long)file_size);
		return -1;
	}
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh)) {
			snprintf(why, why_len, "section %zu's header is unreadable: %s",
				 elf_ndxscn(scn), elf_errmsg(-1));
			return -1;
		}
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > (uint64_t)file_size ||
		     sh.sh_size > (uint64_t)file_size - sh.sh_offset)) {
			snprintf(why, why_len, "section %zu (%llu bytes at offset %llu) runs past the "
				 "end of the file (%lld bytes)", elf_ndxscn(scn),
				 (unsigned long long)sh.sh_size, (unsigned long long)sh.sh_offset,
				 (long long)file_size);
			return -1;
		}
	}
	return 0;
}

/* Checks the ELF side of an open file. */
static int vet_elf(int fd, off_t file_size, struct vetted_module *out, char *why, size_t why_len)
{
	Elf *elf;
	GElf_Ehdr eh;
	Elf_Scn *scn = NULL, *this_module = NULL, *modinfo = NULL;
	size_t shstrndx;
	int rc = -1;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(why, why_len, "libelf is unusable: %s", elf_errmsg(-1));
		return -1;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf) {
		snprintf(why, why_len, "cannot read it as ELF: %s", elf_errmsg(-1));
		return -1;
	}
	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		snprintf(why, why_len, "it is not an ELF file");
		goto out;
	}
	if (eh.e_ident[EI_CLASS] != HOST_CLASS || eh.e_ident[EI_DATA] != HOST_DATA) {
		snprintf(why, why_len, "it is an ELF file for another word size or byte order");
		goto out;
	}
	if (eh.e_type != ET_REL) {
		snprintf(why, why_len, "it is not an ELF relocatable object (a kernel module is one)");
		goto out;
	}
#ifdef HOST_MACHINE
	if (eh.e_machine != HOST_MACHINE) {
		snprintf(why, why_len, "it was built for another architecture (ELF machine %u)",
			 eh.e_machine);
		goto out;
	}
#endif
	if (vet_section_table(elf, &eh, file_size, why, why_len) < 0)
		goto out;
	if (elf_getshdrstrndx(elf, &shstrndx) != 0) {
		snprintf(why, why_len, "its section name table is unreadable: %s", elf_errmsg(-1));
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;
		Elf_Scn **slot = NULL;

		if (!gelf_getshdr(scn, &sh)) {
			snprintf(why, why_len, "section %zu's header is unreadable: %s",
				 elf_ndxscn(scn), elf_errmsg(-1));
			goto out;
		}
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name) {
			snprintf(why, why_len, "section %zu's name is outside the section name table",
				 elf_ndxscn(scn));
			goto out;
		}
		if (strcmp(name, MODULE_SECTION) == 0)
			slot = &this_module;
		else if (strcmp(name, ".modinfo") == 0)
			slot = &modinfo;
		if (!slot)
			continue;
		/* the kernel takes the first allocated one: allow exactly one */
		if (*slot) {
			snprintf(why, why_len, "it has two %s sections", name);
			goto out;
		}
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_ALLOC)) {
			snprintf(why, why_len, "its %s section is not allocated program data", name);
			goto out;
		}
		*slot = scn;
	}
	if (!this_module) {
		snprintf(why, why_len, "it has no %s section, so it is not a kernel module",
			 MODULE_SECTION);
		goto out;
	}
	if (vet_this_module_name(this_module, out->name, sizeof(out->name), why, why_len) < 0)
		goto out;
	if (modinfo && vet_modinfo(modinfo, out->name, out, why, why_len) < 0)
		goto out;
	rc = 0;
out:
	elf_end(elf);
	return rc;
}

int vet_module(const char *path, struct vetted_module *out, char *why, size_t why_len)
{
	struct stat st;
	int fd;

	out->fd = -1;
	out->privilege[0] = '\0';
	out->bulk = 0;
	out->monitor = 0;
	if (vet_module_name(path, out->name, sizeof(out->name), why, why_len) < 0)
		return -1;
	if (path_has_dotdot(path)) {
		snprintf(why, why_len, "its path has a '..' component");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(why, why_len, "%s", errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(why, why_len, "%s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, why_len, "%s", S_ISDIR(st.st_mode) ? "it is a directory" : "it is not a regular file");
		goto fail;
	}
	if (st.st_size > VET_MODULE_SIZE_MAX) {
		snprintf(why, why_len, "it is %lld bytes, larger than a module may be (limit is %lld)",
			 (long long)st.st_size, (long long)VET_MODULE_SIZE_MAX);
		goto fail;
	}
	if (vet_elf(fd, st.st_size, out, why, why_len) < 0)
		goto fail;
	out->fd = fd;
	out->st = st;
	return 0;
fail:
	close(fd);
	return -1;
}

int vet_loaded_module(const char *name, uid_t *loader, char *why, size_t why_len)
{
	char copy[STP_MODULE_NAME_MAX], dir[128], ctl[160];
	struct stat st;

	if (vet_name_chars(name, strlen(name), copy, sizeof(copy), why, why_len) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s/%s/%s", DEBUGFS_ROOT, STP_DEBUGFS_DIR, name);
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(why, why_len, "no systemtap module of that name is loaded");
		return -1;
	}
	/* The module gives .cmd to whoever first opened it: staprun, for its caller. */
	snprintf(ctl, sizeof(ctl), "%s/%s", dir, STP_CTL_FILE);
	if (lstat(ctl, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, why_len, "the module has no control channel %s", ctl);
		return -1;
	}
	*loader = st.st_uid;
	return 0;
}
