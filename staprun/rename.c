/*
 * rename.c - staprun -R: loading a module under a new name, so that two
 * copies of one module can run side by side.
 *
 * The kernel takes a module's name from its struct module (section
 * .gnu.linkonce.this_module) and reports and checks some things under
 * .modinfo's name=; the module's debugfs directory follows the former
 * (THIS_MODULE->name).  The vetted file is read once more through the
 * descriptor that was vetted, both names are patched in memory, and the
 * result goes into a sealed memfd that finit_module() loads, so the bytes
 * loaded are exactly the vetted bytes but for the name.  The patch breaks a
 * module signature: with module.sig_enforce the kernel refuses the copy.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rename.h"

int rename_unique_name(const char *name, pid_t pid, char *out, size_t out_len)
{
	char suffix[24];
	size_t keep, n = snprintf(suffix, sizeof(suffix), "_%d", (int)pid);

	if (out_len > THIS_MODULE_NAME_LEN)
		out_len = THIS_MODULE_NAME_LEN;
	if (n + 2 > out_len)
		return -1;
	keep = strlen(name);
	if (keep > out_len - 1 - n)
		keep = out_len - 1 - n;
	snprintf(out, out_len, "%.*s%s", (int)keep, name, suffix);
	return 0;
}

static int read_all(int fd, unsigned char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, buf + done, len - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* Finds the file offset and size of the section called want.  Returns 0 or -1. */
static int section_span(Elf *elf, const char *want, size_t *off, size_t *size)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return -1;
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			return -1;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, want) && sh.sh_type != SHT_NOBITS) {
			*off = sh.sh_offset;
			*size = sh.sh_size;
			return 0;
		}
	}
	return -1;
}

/* name=OLD becomes name=NEW when NEW fits in OLD's place (padded with
 * NULs, which .modinfo readers skip); otherwise the entry is renamed out
 * of the way and the kernel falls back on struct module's name. */
static void patch_modinfo(unsigned char *p, size_t size, const char *new_name)
{
	size_t i = 0, n = strlen(new_name);

	while (i < size) {
		unsigned char *nul = memchr(p + i, '\0', size - i);
		size_t len = nul ? (size_t)(nul - (p + i)) : size - i;

		if (len >= 5 && !memcmp(p + i, "name=", 5)) {
			if (n <= len - 5) {
				memset(p + i + 5, 0, len - 5);
				memcpy(p + i + 5, new_name, n);
			} else {
				p[i] = '_';
			}
		}
		i += len + 1;
	}
}

int rename_module_copy(const struct vetted_module *mod, const char *new_name, char *why,
		       size_t why_len)
{
	size_t size = (size_t)mod->st.st_size, off, len;
	unsigned char *buf = malloc(size ? size : 1);
	Elf *elf = NULL;
	int memfd = -1;

	if (!buf) {
		snprintf(why, why_len, "out of memory");
		return -1;
	}
	if (read_all(mod->fd, buf, size) < 0) {
		snprintf(why, why_len, "cannot read it again: %s", errno ? strerror(errno) : "short read");
		goto out;
	}
	elf_version(EV_CURRENT);
	elf = elf_memory((char *)buf, size);
	if (!elf || section_span(elf, MODULE_SECTION, &off, &len) < 0 ||
	    len < THIS_MODULE_NAME_OFFSET + THIS_MODULE_NAME_LEN || off > size - len) {
		snprintf(why, why_len, "its %s section cannot be found again", MODULE_SECTION);
		goto out;
	}
	memset(buf + off + THIS_MODULE_NAME_OFFSET, 0, THIS_MODULE_NAME_LEN);
	memcpy(buf + off + THIS_MODULE_NAME_OFFSET, new_name, strlen(new_name));
	if (section_span(elf, ".modinfo", &off, &len) == 0 && off <= size && len <= size - off)
		patch_modinfo(buf + off, len, new_name);

	memfd = memfd_create("staprun-renamed", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (memfd < 0 || write(memfd, buf, size) != (ssize_t)size ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
		snprintf(why, why_len, "cannot make the renamed copy: %s", strerror(errno));
		if (memfd >= 0)
			close(memfd);
		memfd = -1;
	}
out:
	if (elf)
		elf_end(elf);
	free(buf);
	return memfd;
}
