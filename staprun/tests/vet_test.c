/*
 * vet_test.c - host tests of staprun's module vetting (vet.c).
 *
 *   vet_test DIR     DIR holds the files run.sh prepared (see run.sh)
 *
 * Prints PASS:/FAIL: lines; exits 1 if any check failed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "modopts.h"
#include "vet.h"

static int failures;
static const char *dir;

/* Vets DIR/file; want_ok says whether it should pass, want_why a piece of
 * the reason when it should not. */
static void vet(const char *file, int want_ok, const char *want_why, const char *what)
{
	struct vetted_module m;
	char path[4096], why[256] = "";
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	rc = vet_module(path, &m, why, sizeof(why));
	int ok = want_ok ? rc == 0 && m.fd >= 0 : rc < 0 && strstr(why, want_why) != NULL && m.fd == -1;
	if (rc == 0)
		close(m.fd);
	printf("%s: vet: %s%s%s\n", ok ? "PASS" : "FAIL", what, ok ? "" : " -- got: ", ok ? "" : (rc == 0 ? "accepted" : why));
	if (!ok)
		failures++;
}

/* Vets DIR/file, which should pass with the module name (field 'n') or the
 * recorded privilege level (field 'p') want. */
static void vet_field(const char *file, char field, const char *want, const char *what)
{
	struct vetted_module m;
	char path[4096], why[256] = "";
	const char *got;
	int rc, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	rc = vet_module(path, &m, why, sizeof(why));
	got = rc < 0 ? why : field == 'n' ? m.name : m.privilege;
	ok = rc == 0 && strcmp(got, want) == 0 && m.fd >= 0;
	printf("%s: vet: %s%s%s\n", ok ? "PASS" : "FAIL", what, ok ? "" : " -- got: ",
	       ok ? "" : got);
	if (rc == 0)
		close(m.fd);
	if (!ok)
		failures++;
}

static void name(const char *path, const char *want, const char *what)
{
	char n[STP_MODULE_NAME_MAX], why[256];
	int rc = vet_module_name(path, n, sizeof(n), why, sizeof(why));
	int ok = want ? rc == 0 && strcmp(n, want) == 0 : rc < 0;

	printf("%s: name: %s\n", ok ? "PASS" : "FAIL", what);
	if (!ok)
		failures++;
}

/* Joins args with modopts_build and compares with want (NULL: refused). */
static void opts(char *const *args, int n, const char *want, const char *what)
{
	char out[256], why[256] = "";
	int rc = modopts_build(args, n, out, sizeof(out), why, sizeof(why));
	int ok = want ? rc == 0 && strcmp(out, want) == 0 : rc < 0;

	printf("%s: options: %s%s%s\n", ok ? "PASS" : "FAIL", what, ok ? "" : " -- got: ",
	       ok ? "" : (rc == 0 ? out : why));
	if (!ok)
		failures++;
}

int main(int argc, char **argv)
{
	char long_name[128];

	if (argc != 2) {
		fprintf(stderr, "usage: vet_test DIR\n");
		return 2;
	}
	dir = argv[1];
	setvbuf(stdout, NULL, _IONBF, 0);

	name("/a/b/stap_1234_x.ko", "stap_1234_x", "path basename without .ko");
	name("plain.ko", "plain", "relative name");
	name("/a/b/.ko", NULL, "empty module name refused");
	name("/a/b/x.ko.gz", NULL, "name not ending in .ko refused");
	name("/a/b/x-y.ko", NULL, "'-' refused");
	name("/a/b/x y.ko", NULL, "space refused");
	name("/a/b/x.y.ko", NULL, "'.' refused");
	memset(long_name, 'a', 55);
	strcpy(long_name + 55, ".ko");
	name(long_name, long_name[0] == 'a' ? "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" : NULL,
	     "55-character name accepted");
	memset(long_name, 'a', 56);
	strcpy(long_name + 56, ".ko");
	name(long_name, NULL, "56-character name refused");

	opts((char *[]){ "a=1", "b=x y" }, 2, "a=1 b=\"x y\"", "a value with a blank is quoted");
	/* the kernel's isspace() takes 0xA0 too: unquoted, "a=p\240b=x" sets b */
	opts((char *[]){ "a=p\240b=x" }, 1, "a=\"p\240b=x\"", "a value with byte 0xA0 is quoted");
	opts((char *[]){ "a=p\tb=x" }, 1, NULL, "a value with a tab is refused");
	opts((char *[]){ "a=p\"b" }, 1, NULL, "a value with a quote is refused");

	vet("good_mod.ko", 1, "", "relocatable object with a this_module section accepted");
	vet("missing.ko", 0, "No such file or directory", "missing file refused");
	vet("adir.ko", 0, "directory", "directory refused");
	vet("fifo.ko", 0, "not a regular file", "fifo refused");
	vet("text.ko", 0, "not an ELF file", "non-ELF file refused");
	vet("empty.ko", 0, "not an ELF file", "empty file refused");
	vet("exec.ko", 0, "not an ELF relocatable", "ELF executable refused");
	vet("plain_obj.ko", 0, "no .gnu.linkonce.this_module", "object without this_module refused");
	vet("truncated.ko", 0, "section table (", "truncated ELF refused: its section table is outside");
	vet("symlink.ko", 0, "symbolic link", "symbolic link refused (not followed)");
	vet("huge.ko", 0, "larger than a module may be", "8 GB sparse file refused by size");
	vet("bad_shentsize.ko", 0, "section headers are 80 bytes each", "bad e_shentsize refused");
	vet("section_past_end.ko", 0, "runs past the end of the file", "section past the end refused");
	vet("lying_modinfo.ko", 0, "name=ext4 but the kernel would name it inner_mod",
	    ".modinfo name that differs from struct module refused");
	vet("bad_inner.ko", 0, "letters, digits and '_' (the name in its",
	    "bad name inside struct module refused");
	vet_field("renamed.ko", 'n', "good_mod", "name taken from struct module, not the file name");
	vet_field("agreeing_modinfo.ko", 'n', "good_mod", "agreeing .modinfo name accepted");
	vet_field("priv_usr.ko", 'p', "stapusr", "stap_privilege= read from .modinfo");
	vet_field("good_mod.ko", 'p', "", "no stap_privilege=: empty (taken as stapdev)");
	vet("priv_twice.ko", 0, "second or overlong stap_privilege=", "two privilege records refused");
	vet("sub/../good_mod.ko", 0, "'..' component", "path with '..' refused");
	vet("good_mod", 0, "does not end in .ko", "file not named .ko refused");
	vet("bad-name.ko", 0, "letters, digits and '_'", "bad module name refused before opening");
	return failures ? 1 : 0;
}
