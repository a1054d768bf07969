/*
 * env.c - fds, environment, umask and core dumps, settled first in main().
 *
 * A setuid program inherits whatever the caller arranged: closed or odd fds
 * 0-2, stray fds, an environment full of loader and library settings, a
 * umask, core dump limits.  staprun fixes all of them before it parses its
 * arguments.  The environment is built from an allowlist, never by
 * removing known-bad names: what stapio (the caller's own process) gets are
 * copies of the allowlisted variables; staprun itself keeps only PATH, set
 * to a fixed value.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/log.h"
#include "env.h"

#define SAFE_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define MAX_ENV 64
#define MAX_ENV_ENTRY 4096

static char *stapio_env[MAX_ENV + 1];

int sanitize_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		int n = open("/dev/null", O_RDWR);
		if (n != fd)
			return -1;
	}
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return 0;
#endif
	/* Kernels before 5.9: close them one by one. */
	long max = sysconf(_SC_OPEN_MAX);
	for (long fd = 3; fd < (max > 0 ? max : 1024); fd++)
		close((int)fd);
	return 0;
}

/* Whether an environment entry NAME=VALUE may pass to stapio. */
static int env_allowed(const char *entry)
{
	static const char *const names[] = {
		"PATH", "HOME", "TERM", "LANG", "LANGUAGE", "TZ", "USER", "LOGNAME",
		"SHELL", "PWD", "COLUMNS", "LINES",
	};
	size_t n = strcspn(entry, "=");

	if (entry[n] != '=' || strlen(entry) > MAX_ENV_ENTRY)
		return 0;
	if (n > 3 && strncmp(entry, "LC_", 3) == 0)
		return 1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncmp(entry, names[i], n) == 0)
			return 1;
	return 0;
}

int sanitize_environment(void)
{
	extern char **environ;
	int n = 0, have_path = 0;

	for (char **e = environ; e && *e && n < MAX_ENV - 1; e++) {
		if (!env_allowed(*e))
			continue;
		if (strncmp(*e, "PATH=", 5) == 0)
			have_path = 1;
		stapio_env[n] = strdup(*e);
		if (!stapio_env[n++])
			return -1;
	}
	if (!have_path)
		stapio_env[n++] = "PATH=" SAFE_PATH;
	stapio_env[n] = NULL;
	if (clearenv() != 0 || setenv("PATH", SAFE_PATH, 1) != 0)
		return -1;
	return 0;
}

char **env_for_stapio(void)
{
	return stapio_env;
}

int harden_process(void)
{
	const struct rlimit none = { 0, 0 };

	umask(022);
	if (setrlimit(RLIMIT_CORE, &none) < 0) {
		log_error("cannot turn core dumps off: %s", strerror(errno));
		return -1;
	}
	/* Not dumpable: no core file, no ptrace or /proc/PID/mem by the caller. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		log_error("cannot make staprun undumpable: %s", strerror(errno));
		return -1;
	}
	return 0;
}
