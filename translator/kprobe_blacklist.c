/*
 * kprobe_blacklist.c - the functions the running kernel refuses kprobes on.
 *
 * The kernel keeps its own list (NOKPROBE_SYMBOL, .kprobes.text,
 * .noinstr.text, .entry.text, the architecture's additions) and shows it in
 * debugfs, /sys/kernel/debug/kprobes/blacklist, one range a line:
 *   0xffffffff81001000-0xffffffff81001040	do_int3
 *   0x0000000000000000-0x0000000000000000	some_func [some_module]
 * (addresses are zeros for readers not allowed to see them; the names are
 * what matters here).  When the target is the running kernel, a probe on a
 * listed function is refused in pass 2 with that reason instead of failing
 * at registration.  Another kernel's list is not on this machine (its image
 * is stripped and has no section map in BTF), so for other targets the
 * runtime's registration warning remains the answer.
 *
 * SYSTEMTAP_KPROBE_BLACKLIST=FILE reads FILE instead, for any target (the
 * tests use it; the host that runs them is not a target kernel).
 *
 * The file is hostile input like any other: its size is capped, a line that
 * does not parse is skipped, names are length-checked.
 */
#include "config.h"

#include "kprobe_blacklist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "arena.h"

#define BLACKLIST_PATH "/sys/kernel/debug/kprobes/blacklist"
#define BLACKLIST_MAX_LINES 200000     /* the 6.12 list has ~700 */
#define BLACKLIST_NAME_MAX 256

struct kblacklist {
	const char **names;            /* "func" or "module:func", sorted */
	size_t n;
	const char *path;
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "0xS-0xE<ws>NAME[ [MODULE]]" -> "NAME" or "MODULE:NAME"; NULL if odd. */
static const char *entry_name(char *line)
{
	char *p = strpbrk(line, " \t"), *name, *end, *mod = NULL;

	if (!p || strncmp(line, "0x", 2) != 0)
		return NULL;
	name = p + strspn(p, " \t");
	end = name + strcspn(name, " \t\n");
	if (end == name || end - name >= BLACKLIST_NAME_MAX)
		return NULL;
	if (*end == ' ' || *end == '\t') {
		char *m = end + strspn(end, " \t");

		if (*m == '[') {
			mod = m + 1;
			m = strchr(mod, ']');
			if (!m || m == mod || m - mod >= BLACKLIST_NAME_MAX)
				return NULL;
			*m = '\0';
		}
	}
	*end = '\0';
	return mod ? arena_printf("%s:%s", mod, name) : arena_strdup(name);
}

struct kblacklist *kblacklist_load(const char *release, const char *path)
{
	struct kblacklist *bl;
	struct utsname u;
	size_t cap = 0;
	char line[1024];
	FILE *f;

	if (!path || !*path) {
		if (uname(&u) != 0 || (release && strcmp(release, u.release) != 0))
			return NULL;
		path = BLACKLIST_PATH;
	}
	f = fopen(path, "re");
	if (!f)
		return NULL;    /* not root, or no debugfs: registration will tell */
	bl = arena_alloc(sizeof *bl);
	*bl = (struct kblacklist){ .path = arena_strdup(path) };
	while (fgets(line, sizeof line, f) && bl->n < BLACKLIST_MAX_LINES) {
		const char *name = entry_name(line);

		if (!name)
			continue;
		if (bl->n == cap) {
			size_t ncap = cap ? cap * 2 : 512;
			const char **nv = arena_alloc(sizeof *nv * ncap);

			if (bl->n)
				memcpy(nv, bl->names, sizeof *nv * bl->n);
			bl->names = nv;
			cap = ncap;
		}
		bl->names[bl->n++] = name;
	}
	fclose(f);
	if (bl->n)
		qsort(bl->names, bl->n, sizeof *bl->names, cmp_names);
	return bl;
}

bool kblacklist_has(const struct kblacklist *bl, const char *module, const char *name)
{
	const char *key = module ? arena_printf("%s:%s", module, name) : name;

	return bl && bl->n &&
	       bsearch(&key, bl->names, bl->n, sizeof *bl->names, cmp_names) != NULL;
}

const char *kblacklist_path(const struct kblacklist *bl)
{
	return bl ? bl->path : BLACKLIST_PATH;
}
