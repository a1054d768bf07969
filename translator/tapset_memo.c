/*
 * tapset_memo.c - the record of tapset files that parsed cleanly (see
 * tapset_memo.h).  A file is known by its identity (device, inode, size,
 * modification and change times to the nanosecond), not its text: reading
 * and hashing every file on every run is what the memo saves.  The kernel's
 * .config enters the same way (CONFIG_ conditions read it); when it cannot
 * be read the memo is off, so the warning that says so is never skipped.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_cache.h"
#include "path_format.h"
#include "tapset_memo.h"

/* Past this many bytes of directory the records are dropped and start over
 * (old kernels and argument sets leave records nobody asks for). */
#define MEMO_DIR_MAX_BYTES (256 * 1024)

static void fnv(uint64_t *h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		*h ^= p[i];
		*h *= 1099511628211ULL;
	}
}

static void fnv_str(uint64_t *h, const char *s)
{
	fnv(h, s ? s : "(null)", strlen(s ? s : "(null)") + 1);
}

/* Adds PATH's identity to H; false when it cannot be stat'ed. */
static bool fnv_identity(uint64_t *h, const char *path)
{
	struct stat st;

	fnv_str(h, path);
	if (stat(path, &st) != 0)
		return false;
	fnv(h, &st.st_dev, sizeof st.st_dev);
	fnv(h, &st.st_ino, sizeof st.st_ino);
	fnv(h, &st.st_size, sizeof st.st_size);
	fnv(h, &st.st_mtim, sizeof st.st_mtim);
	fnv(h, &st.st_ctim, sizeof st.st_ctim);
	return true;
}

void tapset_memo_open(struct tapset_memo *m, const struct session *s, const struct pp_env *env,
		      const char *const *stpm, int nstpm)
{
	uint64_t h = 14695981039346656037ULL;
	char cdir[4000];
	bool ok;

	m->on = false;
	if (s->disable_cache || s->poison_cache)
		return;
	build_cache_dir(s, cdir, sizeof cdir);
	if (!cdir[0] || path_format(m->dir, sizeof m->dir, "%s/tapset-clean", cdir) != 0)
		return;
	/* the parser itself: this very binary */
	ok = fnv_identity(&h, "/proc/self/exe");
	ok = ok && fnv_identity(&h, env->kernel_config);
	fnv_str(&h, env->kernel_release);
	fnv_str(&h, env->arch);
	fnv_str(&h, env->privilege);
	fnv(&h, &env->guru, sizeof env->guru);
	fnv(&h, &env->nargs, sizeof env->nargs);
	for (int i = 0; i < env->nargs; i++)
		fnv_str(&h, env->args[i]);
	fnv_str(&h, env->systemtap_v);
	fnv(&h, &env->check_version, sizeof env->check_version);
	for (int i = 0; i < nstpm && ok; i++)
		ok = fnv_identity(&h, stpm[i]);
	m->conditions = h;
	m->on = ok;
}

static bool record_path(const struct tapset_memo *m, const char *path, char *out, size_t len)
{
	uint64_t h = m->conditions;

	return m->on && fnv_identity(&h, path) &&
	       path_format(out, len, "%s/%016" PRIx64, m->dir, h) == 0;
}

bool tapset_memo_clean(const struct tapset_memo *m, const char *path)
{
	char rec[4200];

	return record_path(m, path, rec, sizeof rec) && access(rec, F_OK) == 0;
}

/* Drops every record (they are all empty files). */
static void memo_clear(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4200];

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && path_format(path, sizeof path, "%s/%s", dir, e->d_name) == 0)
			unlink(path);
	closedir(d);
}

void tapset_memo_record(const struct tapset_memo *m, const char *path)
{
	char rec[4200], cdir[4096];
	struct stat st;
	int fd;

	if (!record_path(m, path, rec, sizeof rec))
		return;
	if (stat(m->dir, &st) != 0) {
		/* every missing directory down to it ($SYSTEMTAP_DIR may not exist yet) */
		path_format(cdir, sizeof cdir, "%s", m->dir);
		for (char *p = cdir + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(cdir, 0755);
				*p = '/';
			}
		if (mkdir(m->dir, 0755) != 0)
			return;
	} else if (st.st_size > MEMO_DIR_MAX_BYTES) {
		memo_clear(m->dir);
	}
	fd = open(rec, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd >= 0)
		close(fd);
}
