/*
 * privilege_test.c - host tests of who may load what (privilege.c) and of
 * the vetted-directory rule (vetted_dir.c).
 *
 *   privilege_test ROOT    ROOT/lib/modules/$(uname -r)/systemtap/ and the
 *                          files run.sh prepared beside it (see run.sh)
 *
 * Prints PASS:/FAIL: lines; exits 1 if any check failed.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "privilege.h"
#include "vetted_dir.h"

static int failures;

static void check(int ok, const char *what, const char *got)
{
	printf("%s: %s%s%s\n", ok ? "PASS" : "FAIL", what, ok ? "" : " -- got: ", ok ? "" : got);
	if (!ok)
		failures++;
}

/* may_load(caller, level, vetted, sig, want_why or NULL to be allowed) */
static void may_load(enum privilege caller, enum privilege level, int vetted, int sig,
		     const char *want_why, const char *what)
{
	struct module_facts f = { .level = level, .in_vetted_dir = vetted, .sig_enforced = sig };
	char why[512] = "";
	int rc = privilege_may_load(caller, &f, why, sizeof(why));

	check(want_why ? rc < 0 && strstr(why, want_why) != NULL : rc == 0, what,
	      rc == 0 ? "allowed" : why);
}

/* vetted(root, rel, want 0/1, want_why): vetted_dir_contains on ROOT/rel */
static void vetted(const char *root, const char *rel, int want, const char *want_why,
		   const char *what)
{
	char path[4096], why[512] = "";
	struct stat st;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0 || fstat(fd, &st) < 0) {
		check(0, what, "cannot open the test file");
		if (fd >= 0)
			close(fd);
		return;
	}
	rc = vetted_dir_contains(root, path, &st, why, sizeof(why));
	close(fd);
	check(rc == want && strstr(why, want_why) != NULL, what, rc ? "vetted" : why);
}

int main(int argc, char **argv)
{
	char rel[512];
	struct utsname u;
	const char *root;

	if (argc != 2 || uname(&u) < 0) {
		fprintf(stderr, "usage: privilege_test ROOT\n");
		return 2;
	}
	root = argv[1];
	setvbuf(stdout, NULL, _IONBF, 0);

	check(privilege_from_name("stapusr") == PRIV_STAPUSR &&
	      privilege_from_name("stapsys") == PRIV_STAPSYS &&
	      privilege_from_name("stapdev") == PRIV_STAPDEV, "level names read back", "");
	check(privilege_from_name("root") < 0 && privilege_from_name("") < 0 &&
	      privilege_from_name("none") < 0, "unknown level names refused", "");

	may_load(PRIV_NONE, PRIV_STAPUSR, 1, 1, "not a member of group stapusr",
		 "no group: refused even for a vetted stapusr module");
	may_load(PRIV_STAPDEV, PRIV_STAPDEV, 0, 0, NULL, "stapdev: any module from anywhere");
	may_load(PRIV_STAPUSR, PRIV_STAPDEV, 1, 0, NULL, "stapusr: a vetted module of any level");
	may_load(PRIV_STAPUSR, PRIV_STAPDEV, 0, 1, "needs membership in group stapdev",
		 "stapusr: an unvetted stapdev module refused naming stapdev");
	may_load(PRIV_STAPUSR, PRIV_STAPSYS, 0, 1, "needs membership in group stapsys",
		 "stapusr: an unvetted stapsys module refused naming stapsys");
	may_load(PRIV_STAPSYS, PRIV_STAPDEV, 0, 1, "group stapdev",
		 "stapsys: an unvetted stapdev module refused");
	may_load(PRIV_STAPSYS, PRIV_STAPSYS, 0, 1, NULL,
		 "stapsys: its level, signatures enforced: allowed");
	may_load(PRIV_STAPUSR, PRIV_STAPUSR, 0, 1, NULL,
		 "stapusr: its level, signatures enforced: allowed");
	may_load(PRIV_STAPSYS, PRIV_STAPSYS, 0, 0, "does not enforce module signatures",
		 "stapsys: unsigned-kernel, recorded level not trusted");
	may_load(PRIV_STAPUSR, PRIV_STAPUSR, 0, 0, "does not enforce module signatures",
		 "stapusr: unsigned-kernel, recorded level not trusted");

	{
		char why[256] = "";

		check(privilege_may_set_options(PRIV_STAPDEV, why, sizeof(why)) == 0,
		      "stapdev may set module options", why);
		check(privilege_may_set_options(PRIV_STAPSYS, why, sizeof(why)) < 0 &&
		      strstr(why, "group stapdev"), "stapsys may not set module options", why);
		check(privilege_may_remove(PRIV_STAPUSR, 1000, 1000, why, sizeof(why)) == 0,
		      "the loader may remove its module", why);
		check(privilege_may_remove(PRIV_STAPUSR, 1001, 1000, why, sizeof(why)) < 0 &&
		      strstr(why, "loaded by uid 1000"), "another stapusr may not remove it", why);
		check(privilege_may_remove(PRIV_STAPSYS, 1001, 0, why, sizeof(why)) < 0,
		      "stapsys may not remove root's module", why);
		check(privilege_may_remove(PRIV_STAPDEV, 1001, 0, why, sizeof(why)) == 0,
		      "stapdev may remove anyone's module", why);
		check(privilege_may_remove(PRIV_NONE, 1000, 1000, why, sizeof(why)) < 0,
		      "no group: not even one's own", why);
	}

	check(path_has_dotdot("/a/../b.ko") && path_has_dotdot("../b.ko") &&
	      path_has_dotdot("/a/..") && !path_has_dotdot("/a/..b/c.ko") &&
	      !path_has_dotdot("/a/b../c.ko") && !path_has_dotdot("/a/b.ko"),
	      "'..' components found, '..' inside names not", "");

	snprintf(rel, sizeof(rel), "lib/modules/%s/systemtap/good.ko", u.release);
	vetted(root, rel, 1, "", "root-owned module in the vetted directory");
	snprintf(rel, sizeof(rel), "lib/modules/%s/systemtap/sub/good.ko", u.release);
	vetted(root, rel, 1, "", "root-owned module in a subdirectory of it");
	vetted(root, "link/good.ko", 1, "", "reached through a link to the directory: same file");
	vetted(root, "outside/good.ko", 0, "", "module outside the directory: not vetted, no reason");
	snprintf(rel, sizeof(rel), "lib/modules/%s/systemtap/groupw.ko", u.release);
	vetted(root, rel, 0, "writable by group or others", "group-writable module refused");
	snprintf(rel, sizeof(rel), "lib/modules/%s/systemtap/notroot.ko", u.release);
	vetted(root, rel, 0, "not owned by root", "module not owned by root refused");
	snprintf(rel, sizeof(rel), "lib/modules/%s/systemtap/open/good.ko", u.release);
	vetted(root, rel, 0, "writable by group or others",
	       "directory writable by others on the way refused");
	snprintf(rel, sizeof(rel), "lib/modules/%s/systemtap/userdir/good.ko", u.release);
	vetted(root, rel, 0, "not owned by root", "directory not owned by root refused");
	return failures ? 1 : 0;
}
