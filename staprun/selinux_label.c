/*
 * selinux_label.c - the SELinux label of a vetted module.
 *
 * root vets a module by installing it under /lib/modules/REL/systemtap/;
 * on a machine with SELinux, restorecon labels what is there
 * systemtap_module_t (policy/systemtap.fc), and the policy lets staprun_t
 * load only modules with that label.  staprun checks the label itself,
 * through the descriptor it vetted, so that a module copied in without
 * being relabelled is refused with a message that says what to do rather
 * than failing in the kernel with an AVC denial.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_SELINUX
#include <selinux/selinux.h>
#endif

#include "selinux_label.h"

int selinux_context_has_type(const char *context, const char *want)
{
	const char *type, *end;

	/* user:role:type, then an optional MLS/MCS level that may hold ':' */
	type = strchr(context, ':');
	if (!type || !(type = strchr(type + 1, ':')))
		return -1;
	type++;
	end = strchr(type, ':');
	if (!end)
		end = type + strlen(type);
	if (end == type)
		return -1;
	return (size_t)(end - type) == strlen(want) && !memcmp(type, want, strlen(want));
}

#ifdef HAVE_SELINUX
/* is_selinux_enabled() looks for selinuxfs (statfs, /proc/mounts); a policy
 * that denies staprun_t those would quietly turn this check off.  staprun's
 * own context says it too: under SELinux it is user:role:type[:level], and
 * an LSM refusing to tell counts as SELinux being there (fail closed). */
static int selinux_active(void)
{
	char buf[256];
	ssize_t n;
	int fd, err;

	if (is_selinux_enabled() > 0)
		return 1;
	fd = open("/proc/self/attr/current", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == EACCES;
	n = read(fd, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return err == EACCES;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return selinux_context_has_type(buf, SYSTEMTAP_MODULE_TYPE) >= 0;
}
#endif

int selinux_check_vetted_label(int fd, char *why, size_t why_len)
{
#ifdef HAVE_SELINUX
	char *context = NULL;
	int rc;

	if (!selinux_active())
		return 0;
	if (fgetfilecon(fd, &context) < 0) {
		snprintf(why, why_len, "SELinux is enabled and its label cannot be read: %s",
			 strerror(errno));
		return -1;
	}
	rc = selinux_context_has_type(context, SYSTEMTAP_MODULE_TYPE);
	if (rc != 1)
		snprintf(why, why_len, "SELinux is enabled and it is labelled %s, not %s "
			 "(install the systemtap-selinux policy and run restorecon -R on "
			 "/lib/modules/$(uname -r)/systemtap)", context, SYSTEMTAP_MODULE_TYPE);
	freecon(context);
	return rc == 1 ? 0 : -1;
#else
	(void)fd;
	(void)why;
	(void)why_len;
	return 0;
#endif
}
