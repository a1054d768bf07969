/*
 * vet.c - refuse anything that is not plainly a kernel module, before loading.
 *
 * The name is checked first (it becomes a debugfs directory and the module's
 * name in the kernel), then the file: opened once, checked with fstat on that
 * descriptor, and its ELF header and section table read with libelf.  A module
 * is an ELF relocatable object (ET_REL) of this machine's class, byte order and
 * architecture, carrying the .gnu.linkonce.this_module section that modpost
 * adds to every module.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vet.h"

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

#define MODULE_SECTION ".gnu.linkonce.this_module"

/* A module name: 1 to STP_MODULE_NAME_MAX - 1 of [A-Za-z0-9_]. */
static int vet_name_chars(const char *base, size_t n, char *name, size_t name_len,
			  char *why, size_t why_len)
{
	if (n == 0 || n >= STP_MODULE_NAME_MAX || n >= name_len) {
		snprintf(why, why_len, "the module name must be 1 to %d characters long",
			 STP_MODULE_NAME_MAX - 1);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = base[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_')) {
			snprintf(why, why_len, "the module name may only contain letters, digits and '_'");
			return -1;
		}
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

/* The name the kernel will give the module: modpost records it as "name=X"
 * in .modinfo, and it need not match the file name (stap's cache keeps
 * modules as NAME_KEY.ko).  Leaves name alone when there is no such entry. */
static int vet_modinfo_name(Elf_Scn *scn, char *name, size_t name_len, char *why, size_t why_len)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	const char *p, *end;

	if (!data || !data->d_buf)
		return 0;
	p = data->d_buf;
	end = p + data->d_size;
	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);

		if (len > 5 && memcmp(p, "name=", 5) == 0)
			return vet_name_chars(p + 5, len - 5, name, name_len, why, why_len);
		p += len + 1;
	}
	return 0;
}

/* Checks the ELF side of an open file. */
static int vet_elf(int fd, struct vetted_module *out, char *why, size_t why_len)
{
	Elf *elf;
	GElf_Ehdr eh;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	int found = 0, rc = -1;

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
	if (elf_getshdrstrndx(elf, &shstrndx) != 0) {
		snprintf(why, why_len, "its section table is unreadable: %s", elf_errmsg(-1));
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh)) {
			snprintf(why, why_len, "its section table is unreadable: %s", elf_errmsg(-1));
			goto out;
		}
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && strcmp(name, MODULE_SECTION) == 0)
			found = 1;
		if (name && strcmp(name, ".modinfo") == 0 &&
		    vet_modinfo_name(scn, out->name, sizeof(out->name), why, why_len) < 0)
			goto out;
	}
	if (!found) {
		snprintf(why, why_len, "it has no %s section, so it is not a kernel module",
			 MODULE_SECTION);
		goto out;
	}
	rc = 0;
out:
	elf_end(elf);
	return rc;
}

int vet_module(const char *path, struct vetted_module *out, char *why, size_t why_len)
{
	struct stat st;
	int fd, rc;

	if (vet_module_name(path, out->name, sizeof(out->name), why, why_len) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(why, why_len, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(why, why_len, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, why_len, "%s", S_ISDIR(st.st_mode) ? "it is a directory" : "it is not a regular file");
		close(fd);
		return -1;
	}
	rc = vet_elf(fd, out, why, why_len);
	close(fd);
	return rc;
}
