/*
 * control_setup.c - the root-only part of start-up, before stapio runs.
 *
 * Kernel addresses are only readable by root, so staprun reads where the
 * kernel's text starts (_stext in /proc/kallsyms) and sends it as a
 * RELOCATION; it also sends the local time zone (TZINFO) so the module can
 * print local times.  The control file allows one opener at a time: the
 * descriptor opened here, as root, is the one stapio inherits, along with
 * one for the module's directory, since the caller cannot walk into
 * debugfs.  Opening .cmd first also makes the module record the caller's
 * real uid as the session's owner (runtime/transport/control.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "control_setup.h"
#include "common/log.h"
#include "messages.h"

#define DEBUGFS_MAGIC_NUMBER 0x64626720
#define CTL_OPEN_TRIES 20
#define CTL_OPEN_PAUSE_NS 50000000L  /* 50 ms */

int debugfs_ensure_mounted(void)
{
	struct statfs sf;

	if (statfs(DEBUGFS_ROOT, &sf) == 0 && sf.f_type == DEBUGFS_MAGIC_NUMBER)
		return 0;
	log_progress(1, "mounting debugfs at %s", DEBUGFS_ROOT);
	if (mount("debugfs", DEBUGFS_ROOT, "debugfs", 0, NULL) < 0) {
		log_error("cannot mount debugfs at %s: %s", DEBUGFS_ROOT, strerror(errno));
		return -1;
	}
	return 0;
}

static int send_msg(int fd, stp_u32 type, const void *payload, size_t len)
{
	unsigned char buf[sizeof(struct stp_msg_hdr) + 256];
	struct stp_msg_hdr hdr = { .type = type };
	ssize_t n;

	if (stp_msg_payload_size(type, 1) != (long)len || len > sizeof(buf) - sizeof(hdr)) {
		log_error("internal: malformed message of type %u", type);
		return -1;
	}
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), payload, len);
	do
		n = write(fd, buf, sizeof(hdr) + len);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)(sizeof(hdr) + len)) {
		log_error("cannot send setup message %u to the module: %s", type,
			   n < 0 ? strerror(errno) : "short write");
		return -1;
	}
	return 0;
}

/* Finds symbol's address in /proc/kallsyms; 0 if absent or hidden. */
static uint64_t kallsyms_lookup(const char *symbol)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512];
	uint64_t addr = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char type, name[256];
		unsigned long long a;

		if (sscanf(line, "%llx %c %255s", &a, &type, name) == 3 && strcmp(name, symbol) == 0) {
			addr = a;
			break;
		}
	}
	fclose(f);
	return addr;
}

static int send_kernel_relocation(int fd)
{
	struct stp_msg_relocation r;

	memset(&r, 0, sizeof(r));
	snprintf(r.module, sizeof(r.module), "kernel");
	snprintf(r.symbol, sizeof(r.symbol), "_stext");
	r.address = kallsyms_lookup("_stext");
	if (r.address == 0) {
		log_warning("cannot find the kernel's _stext in /proc/kallsyms; "
			     "kernel addresses will not be relocated");
		return 0;
	}
	log_progress(1, "kernel _stext at 0x%" PRIx64, (uint64_t)r.address);
	return send_msg(fd, STP_MSG_RELOCATION, &r, sizeof(r));
}

static int send_tzinfo(int fd)
{
	struct stp_msg_tzinfo tz;
	time_t now = time(NULL);
	struct tm tm;

	memset(&tz, 0, sizeof(tz));
	tzset();
	if (!localtime_r(&now, &tm)) {
		log_warning("cannot determine the local time zone; using UTC");
		snprintf(tz.name, sizeof(tz.name), "UTC");
	} else {
		tz.gmtoff = tm.tm_gmtoff;
		snprintf(tz.name, sizeof(tz.name), "%s", tm.tm_zone ? tm.tm_zone : "");
	}
	return send_msg(fd, STP_MSG_TZINFO, &tz, sizeof(tz));
}

/* Opens .cmd with the caller as the real uid, which the module records as
 * the session's owner; the rest of the time staprun is wholly root, so the
 * caller cannot kill it halfway through setting up. */
static int open_ctl_as_owner(int dfd, uid_t owner)
{
	int fd, saved;

	if (setresuid(owner, 0, 0) < 0)
		return -1;
	fd = openat(dfd, STP_CTL_FILE, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	saved = errno;
	if (setresuid(0, 0, 0) < 0) {
		if (fd >= 0)
			close(fd);
		log_error("cannot become root again: %s", strerror(errno));
		errno = EPERM;
		return -2;
	}
	errno = saved;
	return fd;
}

int control_send_setup(const char *modname, uid_t owner, int send_setup, int *ctl_fd,
		       int *dir_fd)
{
	const struct timespec pause = { .tv_sec = 0, .tv_nsec = CTL_OPEN_PAUSE_NS };
	char dir[512];
	int fd = -1, dfd = -1, rc;

	snprintf(dir, sizeof(dir), "%s/%s/%s", DEBUGFS_ROOT, STP_DEBUGFS_DIR, modname);
	/* The module creates its files in its init; allow them a moment to appear. */
	for (int i = 0; i < CTL_OPEN_TRIES && fd < 0; i++) {
		if (dfd < 0)
			dfd = open(dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd >= 0)
			fd = open_ctl_as_owner(dfd, owner);
		if (fd == -2) {
			close(dfd);
			return -1;
		}
		if (fd < 0 && errno != ENOENT)
			break;
		if (fd < 0)
			nanosleep(&pause, NULL);
	}
	if (fd < 0) {
		log_error("cannot open the module's control channel %s/%s: %s", dir, STP_CTL_FILE,
			  strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	rc = send_setup ? send_kernel_relocation(fd) : 0;
	if (rc == 0 && send_setup)
		rc = send_tzinfo(fd);
	if (rc < 0) {
		close(fd);
		close(dfd);
		return -1;
	}
	*ctl_fd = fd;
	*dir_fd = dfd;
	return 0;
}
