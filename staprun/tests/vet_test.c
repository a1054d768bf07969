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
	int ok = want_ok ? rc == 0 : rc < 0 && strstr(why, want_why) != NULL;
	printf("%s: vet: %s%s%s\n", ok ? "PASS" : "FAIL", what, ok ? "" : " -- got: ", ok ? "" : (rc == 0 ? "accepted" : why));
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

	vet("good_mod.ko", 1, "", "relocatable object with a this_module section accepted");
	vet("missing.ko", 0, "No such file or directory", "missing file refused");
	vet("adir.ko", 0, "directory", "directory refused");
	vet("fifo.ko", 0, "not a regular file", "fifo refused");
	vet("text.ko", 0, "not an ELF file", "non-ELF file refused");
	vet("empty.ko", 0, "not an ELF file", "empty file refused");
	vet("exec.ko", 0, "not an ELF relocatable", "ELF executable refused");
	vet("plain_obj.ko", 0, "no .gnu.linkonce.this_module", "object without this_module refused");
	vet("truncated.ko", 0, "", "truncated ELF refused");
	vet("good_mod", 0, "does not end in .ko", "file not named .ko refused");
	vet("bad-name.ko", 0, "letters, digits and '_'", "bad module name refused before opening");
	return failures ? 1 : 0;
}
