/*
 * fast_link.c - pass 4 without make (see fast_link.h).
 *
 * Once the runtime objects are cached, a new script costs kbuild a make
 * start-up that reads the kernel's whole build system, one compile of the
 * script's C, modpost, a compile of MOD.mod.c (as slow as the script's: it
 * includes <linux/module.h>) and two links, one after the other.  Kbuild
 * records each command it ran in a .NAME.cmd file next to its output; when
 * the runtime entry is first built, those of the script's object, the
 * module's object, MOD.mod.o and MOD.ko are saved with the cache entry
 * (keyed like the objects: same runtime, kernel, compiler and -D set, so the
 * same flags), with the temporary directory and module name as placeholders.
 *
 * A later script replays them in the kernel build directory, as make would:
 * its C and MOD.mod.c compile at once (one per core).  MOD.mod.c is saved
 * without the two things modpost derives from the module's imports, the
 * __versions CRC table and "depends=", which module_versions.c writes from
 * the linked object and Module.symvers into a small object linked beside it.
 * Everything saved in the entry is named kbuild-*.
 * Any step that does not go as expected returns FAST_LINK_UNAVAILABLE, and
 * pass 4 runs kbuild as before, which then reports what is wrong.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_cache.h"
#include "fast_link.h"
#include "module_versions.h"
#include "path_format.h"
#include "process.h"

#define DIR_MARK "{STAP_TMPDIR}"
#define MOD_MARK "{STAP_MODULE}"
#define ENTRY_MARK "{STAP_ENTRY}"
#define COMMANDS_FILE "kbuild-commands"
#define MOD_C_FILE "kbuild-mod.c"
#define MAX_TEMPLATE (64 * 1024)

/* The kbuild steps replayed, by the name of the .cmd file kbuild keeps them in. */
enum step { STEP_SRC, STEP_LINK, STEP_MODC, STEP_KO, NSTEPS };
static const char *const step_name[NSTEPS] = { "src", "link", "modc", "ko" };
static const char *const step_cmd_file[NSTEPS] = {
	".%s_src.o.cmd", ".%s.o.cmd", ".%s.mod.o.cmd", ".%s.ko.cmd",
};

struct templates {
	char *cmd[NSTEPS];
	char cc[128];      /* the compiler of the script's C, for the import table */
	char cf[64];       /* its -fcf-protection=, which marks every object's notes */
	bool modversions;
};

static void templates_free(struct templates *t)
{
	for (int i = 0; i < NSTEPS; i++)
		free(t->cmd[i]);
}

/* TEXT with every FROM replaced by TO, newly allocated. */
static char *replace_all(const char *text, const char *from, const char *to)
{
	size_t nfrom = strlen(from), nto = strlen(to), n = 0, len;
	const char *p;
	char *out, *o;

	for (p = text; (p = strstr(p, from)); p += nfrom)
		n++;
	len = strlen(text) + n * nto + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	for (o = out; (p = strstr(text, from)); text = p + nfrom) {
		memcpy(o, text, (size_t)(p - text));
		o += p - text;
		memcpy(o, to, nto);
		o += nto;
	}
	strcpy(o, text);
	return out;
}

static bool path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '/' || c == '-';
}

/* TEXT with every FROM that stands as a whole word (no file-name character
 * right before or after it) replaced by TO, newly allocated. */
static char *replace_word(const char *text, const char *from, const char *to)
{
	size_t nfrom = strlen(from), nto = strlen(to);
	char *out = malloc(strlen(text) * (nto > nfrom ? nto / nfrom + 1 : 1) + 1), *o = out;
	const char *start = text;

	if (!out)
		return NULL;
	while (*text) {
		if (strncmp(text, from, nfrom) == 0 && (text == start || !path_char(text[-1])) &&
		    !path_char(text[nfrom])) {
			memcpy(o, to, nto);
			o += nto;
			text += nfrom;
		} else {
			*o++ = *text++;
		}
	}
	*o = '\0';
	return out;
}

/* The names kbuild gives the files of module MOD, as they appear in its
 * commands (longest first, so no name is caught by a shorter one). */
static const char *const module_words[] = {
	"%1$s/.%2$s_src.o.d", "%1$s/%2$s_src.o", "%1$s/%2$s_src.c", "%1$s/.%2$s.mod.o.d",
	"%1$s/%2$s.mod.o", "%1$s/%2$s.mod.c", "@%1$s/%2$s.mod", "%1$s/%2$s.o", "%1$s/%2$s.ko",
	/* %1$.0s: the directory, printed as nothing; glibc's fortified printf
	 * refuses a format that skips a positional argument */
	"%1$.0s'\"%2$s_src\"'", "%1$.0s'\"%2$s.mod\"'", "%1$.0s'\"%2$s\"'", "%1$.0skmod_%2$s",
};

/* CMD with this module's file names and name made placeholders, and then
 * any other path in the temporary directory too.  The module name is only
 * replaced where kbuild put it, so a short name (-m x) that happens to be
 * part of a flag stays untouched. */
static char *make_template(struct session *s, const char *cmd)
{
	char *t = strdup(cmd), *next;

	for (size_t i = 0; t && i < sizeof module_words / sizeof module_words[0]; i++) {
		char from[1100], to[200];

		if (snprintf(from, sizeof from, module_words[i], s->tmpdir, s->module_name) >=
		    (int)sizeof from) {
			free(t);
			return NULL;
		}
		snprintf(to, sizeof to, module_words[i], DIR_MARK, MOD_MARK);
		next = replace_word(t, from, to);
		free(t);
		t = next;
	}
	next = t ? replace_all(t, s->tmpdir, DIR_MARK) : NULL;
	free(t);
	return next;
}

static char *read_text(const char *path, size_t limit)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(limit + 1);
	n = buf ? fread(buf, 1, limit + 1, f) : 0;
	fclose(f);
	if (!buf || n > limit) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* The command of a kbuild .cmd file: its first line, "cmd_TARGET := CMD"
 * ("savedcmd_" on newer kernels), with make's "$$" turned back into "$". */
static char *read_kbuild_command(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL, *cmd, *out = NULL;
	size_t cap = 0;

	if (!f)
		return NULL;
	if (getline(&text, &cap, f) <= 0 || strlen(text) > MAX_TEMPLATE) {
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	text[strcspn(text, "\n")] = '\0';
	cmd = strstr(text, " := ");
	if (cmd && (strncmp(text, "cmd_", 4) == 0 || strncmp(text, "savedcmd_", 9) == 0))
		out = replace_all(cmd + 4, "$$", "$");
	free(text);
	return out;
}

/* MOD.mod.c without the ____versions table and the depends= line (the lines
 * module_versions.c writes per module); NULL when anything else in it names
 * this particular module. */
static char *strip_mod_c(struct session *s, const char *text, bool *modversions)
{
	static const char versions_start[] = "static const struct modversion_info ____versions[]";
	size_t len = strlen(text);
	char *out = malloc(len + 1), *o = out, quoted[300];
	bool in_versions = false;

	*modversions = false;
	if (!out)
		return NULL;
	while (*text) {
		size_t n = strcspn(text, "\n") + (text[strcspn(text, "\n")] == '\n');

		if (strncmp(text, versions_start, sizeof versions_start - 1) == 0)
			in_versions = *modversions = true;
		else if (in_versions && strncmp(text, "};", 2) == 0)
			in_versions = false;
		else if (!in_versions && strncmp(text, "MODULE_INFO(depends,", 20) != 0) {
			memcpy(o, text, n);
			o += n;
		}
		text += n;
	}
	*o = '\0';
	snprintf(quoted, sizeof quoted, "\"%s\"", s->module_name);
	if (in_versions || strstr(out, quoted) || strstr(out, s->tmpdir) ||
	    strstr(out, "____versions") || strstr(out, "srcversion")) {
		free(out);
		return NULL;
	}
	return out;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Files of the temporary directory the final link reads that are the same
 * for every module (6.12's .module-common.o, the vermagic): copied into the
 * entry, and the command made to read them there. */
static int keep_common_inputs(struct session *s, const char *entry, char **cmd)
{
	const char *p = *cmd;

	while ((p = strstr(p, DIR_MARK "/"))) {
		size_t n = strcspn(p, " ;\t");
		char name[256], from[1100], to[1100], mark[300], there[300], *edited;

		p += sizeof DIR_MARK;
		n -= sizeof DIR_MARK;
		if (n == 0 || n >= sizeof name)
			return -1;
		memcpy(name, p, n);
		name[n] = '\0';
		if (strstr(name, MOD_MARK))
			continue;
		if (strchr(name, '/') ||
		    path_format(from, sizeof from, "%s/%s", s->tmpdir, name) != 0 ||
		    path_format(to, sizeof to, "%s/kbuild-input-%s", entry, name) != 0 ||
		    copy_file(from, to) != 0)
			return -1;
		path_format(mark, sizeof mark, DIR_MARK "/%s", name);
		path_format(there, sizeof there, ENTRY_MARK "/kbuild-input-%s", name);
		edited = replace_all(*cmd, mark, there);
		if (!edited)
			return -1;
		free(*cmd);
		*cmd = edited;
		p = *cmd;
	}
	return 0;
}

static int first_word(const char *cmd, char *out, size_t len)
{
	size_t n;

	cmd += strspn(cmd, " ");
	n = strcspn(cmd, " ");
	if (n == 0 || n >= len)
		return -1;
	memcpy(out, cmd, n);
	out[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!path_char(out[i]) && out[i] != '+' && out[i] != '=')
			return -1;
	return 0;
}

/* Make runs kbuild's commands with the variables of the kernel's Makefile
 * exported; of those, objtool needs SRCARCH (the arch/ directory the build
 * includes from, "-I./arch/x86/include/generated").  Each command gets it. */
static int export_srcarch(struct templates *t)
{
	const char *arch = strstr(t->cmd[STEP_SRC], "-I./arch/");
	char name[64];
	size_t n;

	if (!arch)
		return -1;
	arch += strlen("-I./arch/");
	n = strcspn(arch, "/ ");
	if (n == 0 || n >= sizeof name || arch[n] != '/')
		return -1;
	memcpy(name, arch, n);
	name[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!path_char(name[i]) || name[i] == '/')
			return -1;
	for (int i = 0; i < NSTEPS; i++) {
		size_t len = strlen(t->cmd[i]) + n + 32;
		char *with = malloc(len);

		if (!with)
			return -1;
		snprintf(with, len, "export SRCARCH=%s; %s", name, t->cmd[i]);
		free(t->cmd[i]);
		t->cmd[i] = with;
	}
	return 0;
}

int fast_link_capture(struct session *s, const char *entry)
{
	struct templates t = { 0 };
	char path[1100], *mod_c = NULL, *skeleton = NULL;
	FILE *f = NULL;
	int rc = -1;

	for (int i = 0; i < NSTEPS; i++) {
		char name[300], *cmd;

		path_format(name, sizeof name, step_cmd_file[i], s->module_name);
		if (path_format(path, sizeof path, "%s/%s", s->tmpdir, name) != 0 ||
		    !(cmd = read_kbuild_command(path)))
			goto out;
		t.cmd[i] = make_template(s, cmd);
		free(cmd);
		if (!t.cmd[i])
			goto out;
	}
	if (first_word(t.cmd[STEP_SRC], t.cc, sizeof t.cc) != 0 || export_srcarch(&t) != 0)
		goto out;
	if (strstr(t.cmd[STEP_SRC], " -fcf-protection=") &&
	    first_word(strstr(t.cmd[STEP_SRC], " -fcf-protection="), t.cf, sizeof t.cf) != 0)
		goto out;
	/* each step names the files the replay expects, and the final link
	 * names MOD.mod.o, which the import table is linked after */
	if (keep_common_inputs(s, entry, &t.cmd[STEP_KO]) != 0 ||
	    !strstr(t.cmd[STEP_SRC], DIR_MARK "/" MOD_MARK "_src.c") ||
	    !strstr(t.cmd[STEP_SRC], DIR_MARK "/" MOD_MARK "_src.o") ||
	    !strstr(t.cmd[STEP_LINK], "@" DIR_MARK "/" MOD_MARK ".mod") ||
	    !strstr(t.cmd[STEP_MODC], DIR_MARK "/" MOD_MARK ".mod.c") ||
	    !strstr(t.cmd[STEP_KO], DIR_MARK "/" MOD_MARK ".mod.o") ||
	    !strstr(t.cmd[STEP_KO], DIR_MARK "/" MOD_MARK ".ko"))
		goto out;
	if (path_format(path, sizeof path, "%s/%s.mod.c", s->tmpdir, s->module_name) != 0 ||
	    !(mod_c = read_text(path, MAX_TEMPLATE)) ||
	    !(skeleton = strip_mod_c(s, mod_c, &t.modversions)))
		goto out;
	if (path_format(path, sizeof path, "%s/%s", entry, MOD_C_FILE) != 0 ||
	    write_text(path, skeleton) != 0 ||
	    path_format(path, sizeof path, "%s/%s", entry, COMMANDS_FILE) != 0 ||
	    !(f = fopen(path, "w")))
		goto out;
	for (int i = 0; i < NSTEPS; i++)
		fprintf(f, "%s %s\n", step_name[i], t.cmd[i]);
	fprintf(f, "cc %s %s\nmodversions %d\n", t.cc, t.cf, t.modversions);
	rc = fclose(f) == 0 ? 0 : -1;
	if (rc != 0)
		unlink(path);
out:
	free(mod_c);
	free(skeleton);
	templates_free(&t);
	return rc;
}

void fast_link_forget(const char *entry)
{
	DIR *d = opendir(entry);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[1100];

		if (strncmp(e->d_name, "kbuild-", 7) == 0 &&
		    path_format(path, sizeof path, "%s/%s", entry, e->d_name) == 0)
			unlink(path);
	}
	if (d)
		closedir(d);
}

/* Reads ENTRY's commands with this module's temporary directory and name. */
static int load_templates(struct session *s, const char *entry, struct templates *t)
{
	char path[1100], *text, *line, *save;
	int rc;

	if (path_format(path, sizeof path, "%s/%s", entry, COMMANDS_FILE) != 0 ||
	    !(text = read_text(path, NSTEPS * MAX_TEMPLATE)))
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strcspn(line, " ");

		if (strncmp(line, "modversions ", 12) == 0)
			t->modversions = line[12] == '1';
		if (strncmp(line, "cc ", 3) == 0 &&
		    (first_word(line + 3, t->cc, sizeof t->cc) != 0 ||
		     (line[3 + strlen(t->cc)] == ' ' &&
		      first_word(line + 4 + strlen(t->cc), t->cf, sizeof t->cf) != 0)))
			t->cc[0] = '\0';
		for (int i = 0; i < NSTEPS; i++)
			if (strlen(step_name[i]) == n && strncmp(line, step_name[i], n) == 0 &&
			    !t->cmd[i]) {
				char *tmp = replace_all(line + n + 1, DIR_MARK, s->tmpdir);
				char *tmp2 = tmp ? replace_all(tmp, ENTRY_MARK, entry) : NULL;

				t->cmd[i] = tmp2 ? replace_all(tmp2, MOD_MARK, s->module_name) : NULL;
				free(tmp);
				free(tmp2);
			}
	}
	free(text);
	rc = t->cc[0] ? 0 : -1;
	for (int i = 0; i < NSTEPS; i++)
		if (!t->cmd[i])
			rc = -1;
	return rc;
}

/* The list of objects the module's link reads (kbuild's MOD.mod): the
 * script's object, then the runtime's straight from the cache entry. */
static int write_object_list(struct session *s, const char *entry,
			     const struct runtime_source *src, int nsrc)
{
	char path[1100];
	FILE *f;
	struct stat st;

	/* ld reads the list as words, so no blank or quote in a path */
	if (strpbrk(entry, " \t\n\"'\\") || strpbrk(s->tmpdir, " \t\n\"'\\") ||
	    path_format(path, sizeof path, "%s/%s.mod", s->tmpdir, s->module_name) != 0 ||
	    !(f = fopen(path, "w")))
		return -1;
	fprintf(f, "%s/%s_src.o\n", s->tmpdir, s->module_name);
	for (int i = 0; i < nsrc; i++) {
		char obj[1100];

		if (path_format(obj, sizeof obj, "%s/%s", entry, src[i].object) != 0 ||
		    stat(obj, &st) != 0) {
			fclose(f);
			return -1;
		}
		fprintf(f, "%s\n", obj);
	}
	return fclose(f);
}

/* Prints the output a step left in its log (always for a failure, with
 * -vv for success, like kbuild's). */
static void show_log(const char *log)
{
	char *text = read_text(log, 1 << 20);

	if (text)
		fputs(text, stderr);
	free(text);
}

static int run_step(struct session *s, const char *cmd, const char *log)
{
	int rc;

	if (s->verbose > 2)
		fprintf(stderr, "  %s\n", cmd);
	rc = run_finish(run_shell_start(cmd, s->kernel_build_dir, log));

	if (rc != 0 || s->verbose > 1)
		show_log(log);
	return rc;
}

/* The import table is plain data: the kernel's compiler needs no kernel flags for it. */
static int compile_versions(struct session *s, const struct templates *t, const char *c_file,
			    const char *o_file)
{
	char cmd[3000], log[700];

	if (path_format(cmd, sizeof cmd, "%s %s -c -O2 -fno-PIE -o %s %s", t->cc, t->cf, o_file,
			c_file) != 0 ||
	    path_format(log, sizeof log, "%s/.versions.log", s->tmpdir) != 0)
		return -1;
	return run_step(s, cmd, log);
}

enum fast_link_result fast_link_build(struct session *s, const char *entry,
				      const struct runtime_source *src, int nsrc)
{
	struct templates t = { 0 };
	enum fast_link_result result = FAST_LINK_UNAVAILABLE;
	char path[1100], src_log[700], modc_log[700], link_log[700], object[700],
	     versions_c[700], versions_o[700], mod_o[700], symvers[700], *skeleton, *ko = NULL;
	const char *why = "no commands saved with the runtime objects";
	pid_t modc;
	int rc;

	if (load_templates(s, entry, &t) != 0)
		goto out;
	why = "cannot prepare the build directory";
	if (path_format(path, sizeof path, "%s/%s", entry, MOD_C_FILE) != 0 ||
	    !(skeleton = read_text(path, MAX_TEMPLATE)))
		goto out;
	rc = path_format(path, sizeof path, "%s/%s.mod.c", s->tmpdir, s->module_name) != 0 ||
	     write_text(path, skeleton) != 0;
	free(skeleton);
	if (rc || write_object_list(s, entry, src, nsrc) != 0 ||
	    path_format(src_log, sizeof src_log, "%s/.src.log", s->tmpdir) != 0 ||
	    path_format(modc_log, sizeof modc_log, "%s/.modc.log", s->tmpdir) != 0 ||
	    path_format(link_log, sizeof link_log, "%s/.link.log", s->tmpdir) != 0 ||
	    path_format(object, sizeof object, "%s/%s.o", s->tmpdir, s->module_name) != 0 ||
	    path_format(mod_o, sizeof mod_o, "%s/%s.mod.o", s->tmpdir, s->module_name) != 0 ||
	    path_format(versions_c, sizeof versions_c, "%s/%s.versions.c", s->tmpdir,
			s->module_name) != 0 ||
	    path_format(versions_o, sizeof versions_o, "%s/%s.versions.o", s->tmpdir,
			s->module_name) != 0 ||
	    path_format(symvers, sizeof symvers, "%s/Module.symvers", s->kernel_build_dir) != 0)
		goto out;

	/* MOD.mod.c on one core while the script's C compiles on the other */
	if (s->verbose > 2)
		fprintf(stderr, "  %s &\n", t.cmd[STEP_MODC]);
	modc = run_shell_start(t.cmd[STEP_MODC], s->kernel_build_dir, modc_log);
	if (run_step(s, t.cmd[STEP_SRC], src_log) != 0) {
		run_finish(modc);
		result = FAST_LINK_FAILED;
		goto out;
	}
	why = "the module's link failed";
	if (run_step(s, t.cmd[STEP_LINK], link_log) != 0) {
		run_finish(modc);
		goto out;
	}
	if (module_versions_write(object, symvers, t.modversions, versions_c, &why) != 0) {
		run_finish(modc);
		goto out;
	}
	why = "the import table did not compile";
	if (compile_versions(s, &t, versions_c, versions_o) != 0) {
		run_finish(modc);
		goto out;
	}
	why = "MOD.mod.c did not compile";
	rc = run_finish(modc);
	if (rc != 0 || s->verbose > 1)
		show_log(modc_log);
	if (rc != 0)
		goto out;
	/* the import table links right after MOD.mod.o */
	{
		char with[1500];

		path_format(with, sizeof with, "%s %s", mod_o, versions_o);
		ko = replace_all(t.cmd[STEP_KO], mod_o, with);
	}
	why = "the final link failed";
	if (!ko || run_step(s, ko, link_log) != 0)
		goto out;
	result = FAST_LINK_BUILT;
	if (s->verbose)
		fprintf(stderr, "Pass 4: replayed kbuild's commands with the runtime objects of %s\n",
			entry);
out:
	if (result == FAST_LINK_UNAVAILABLE && s->verbose)
		fprintf(stderr, "Pass 4: building with kbuild (%s)\n", why);
	free(ko);
	templates_free(&t);
	return result;
}
