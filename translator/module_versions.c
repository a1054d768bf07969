/*
 * module_versions.c - the import-dependent part of MOD.mod.c (see
 * module_versions.h), written the way modpost writes it.
 *
 * The module's imports are the undefined global symbols of its linked object
 * (read with libelf).  Each is looked up in the kernel's Module.symvers
 * ("0xCRC<TAB>name<TAB>module<TAB>export type<TAB>namespace" per line); the
 * kernel also checks the CRC of "module_layout" (the layout of struct module),
 * so that one is always added, as modpost does.  Anything modpost would
 * complain about (an unknown symbol, a namespaced export the module would have
 * to import, a name that does not fit struct modversion_info) makes this
 * refuse, so the caller falls back to kbuild and modpost speaks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "module_versions.h"

/* struct modversion_info's name field: 64 bytes less the unsigned long CRC. */
#define VERSION_NAME_LEN (64 - sizeof(unsigned long))
#define MAX_IMPORTS 4096

struct import {
	char *name;
	bool weak;
	bool found;
	unsigned long crc;
	char *module;   /* "vmlinux" or the exporting module's path */
};

struct imports {
	struct import *v;
	int n;
};

static void imports_free(struct imports *im)
{
	for (int i = 0; i < im->n; i++) {
		free(im->v[i].name);
		free(im->v[i].module);
	}
	free(im->v);
}

static int compare_imports(const void *a, const void *b)
{
	return strcmp(((const struct import *)a)->name, ((const struct import *)b)->name);
}

static int add_import(struct imports *im, const char *name, bool weak)
{
	if (im->n >= MAX_IMPORTS)
		return -1;
	im->v[im->n] = (struct import){ .name = strdup(name), .weak = weak };
	if (!im->v[im->n].name)
		return -1;
	im->n++;
	return 0;
}

/* The undefined global and weak symbols of OBJECT, sorted, without repeats;
 * the module's own struct (__this_module, defined by MOD.mod.o) left out. */
static int read_imports(const char *object, struct imports *im, const char **why)
{
	int fd = open(object, O_RDONLY | O_CLOEXEC), rc = -1;
	Elf *elf = NULL;
	Elf_Scn *scn = NULL;

	*why = "cannot read the linked object";
	if (fd < 0)
		return -1;
	if (elf_version(EV_CURRENT) == EV_NONE || !(elf = elf_begin(fd, ELF_C_READ, NULL)))
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0)
			continue;
		data = elf_getdata(scn, NULL);
		for (size_t i = 1; data && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name;
			int bind;

			if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx != SHN_UNDEF)
				continue;
			bind = GELF_ST_BIND(sym.st_info);
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if ((bind != STB_GLOBAL && bind != STB_WEAK) || !name || !name[0] ||
			    strcmp(name, "__this_module") == 0)
				continue;
			if (add_import(im, name, bind == STB_WEAK) != 0) {
				*why = "too many imported symbols";
				goto out;
			}
		}
	}
	qsort(im->v, (size_t)im->n, sizeof *im->v, compare_imports);
	rc = 0;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return rc;
}

/* Fills in crc and module of every import Module.symvers lists. */
static int look_up_imports(const char *symvers, struct imports *im, const char **why)
{
	FILE *f = fopen(symvers, "r");
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (!f) {
		*why = "cannot read the kernel's Module.symvers";
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, f) > 0) {
		char *field[5] = { line };
		int nfield = 1;
		struct import key, *hit;

		line[strcspn(line, "\n")] = '\0';
		for (char *p = line; *p && nfield < 5; p++)
			if (*p == '\t') {
				*p = '\0';
				field[nfield++] = p + 1;
			}
		if (nfield < 4)
			continue;
		key.name = field[1];
		hit = bsearch(&key, im->v, (size_t)im->n, sizeof *im->v, compare_imports);
		if (!hit || hit->found)
			continue;
		if (nfield == 5 && field[4][0]) {
			*why = "a symbol exported in a namespace";
			rc = -1;
			break;
		}
		hit->found = true;
		hit->crc = strtoul(field[0], NULL, 16);
		hit->module = strdup(field[2]);
		if (!hit->module)
			rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

static bool plain_symbol(const char *name)
{
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '.' || *c == '$'))
			return false;
	return strlen(name) < VERSION_NAME_LEN;
}

/* "depends=a,b": the exporting modules, by base name, each once. */
static void write_depends(FILE *out, const struct imports *im)
{
	bool first = true;

	fprintf(out, "static const char stp_depends[]\n"
		     "__attribute__((used, section(\".modinfo\"), aligned(1))) = \"depends=");
	for (int i = 0; i < im->n; i++) {
		const char *mod = im->v[i].module, *base;
		bool seen = false;

		if (!im->v[i].found || strcmp(mod, "vmlinux") == 0)
			continue;
		base = strrchr(mod, '/') ? strrchr(mod, '/') + 1 : mod;
		for (int j = 0; j < i && !seen; j++)
			seen = im->v[j].found && strcmp(im->v[j].module, mod) == 0;
		if (!seen) {
			fprintf(out, "%s%s", first ? "" : ",", base);
			first = false;
		}
	}
	fprintf(out, "\";\n");
}

int module_versions_write(const char *object, const char *symvers, bool modversions,
			  const char *out_c, const char **why)
{
	struct imports im = { .v = calloc(MAX_IMPORTS, sizeof *im.v) };
	FILE *out = NULL;
	int rc = -1;

	*why = "out of memory";
	if (!im.v || read_imports(object, &im, why) != 0)
		goto done;
	if (modversions && !bsearch(&(struct import){ .name = "module_layout" }, im.v,
				    (size_t)im.n, sizeof *im.v, compare_imports)) {
		if (add_import(&im, "module_layout", true) != 0)
			goto done;
		qsort(im.v, (size_t)im.n, sizeof *im.v, compare_imports);
	}
	if (look_up_imports(symvers, &im, why) != 0)
		goto done;
	for (int i = 0; i < im.n; i++) {
		if (!im.v[i].found && !im.v[i].weak) {
			*why = "a symbol the kernel does not export";
			goto done;
		}
		if (!plain_symbol(im.v[i].name)) {
			*why = "a symbol name modversions cannot hold";
			goto done;
		}
	}
	*why = "cannot write the versions file";
	out = fopen(out_c, "w");
	if (!out)
		goto done;
	fprintf(out, "/* Generated by stap: what modpost writes for this module's imports. */\n");
	if (modversions) {
		fprintf(out, "struct stp_modversion {\n\tunsigned long crc;\n"
			     "\tchar name[64 - sizeof(unsigned long)];\n};\n\n"
			     "static const struct stp_modversion stp_versions[]\n"
			     "__attribute__((used, section(\"__versions\"), aligned(8))) = {\n");
		for (int i = 0; i < im.n; i++)
			if (im.v[i].found)
				fprintf(out, "\t{ 0x%lx, \"%s\" },\n", im.v[i].crc, im.v[i].name);
		fprintf(out, "};\n\n");
	}
	write_depends(out, &im);
	if (fclose(out) == 0)
		rc = 0;
	out = NULL;
done:
	if (out)
		fclose(out);
	imports_free(&im);
	return rc;
}
