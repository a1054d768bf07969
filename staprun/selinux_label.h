/*
 * selinux_label.h - with SELinux enabled, a vetted module must carry the
 * label the policy module (policy/systemtap.fc) gives the vetted directory.
 */
#ifndef STAPRUN_SELINUX_LABEL_H
#define STAPRUN_SELINUX_LABEL_H

#include <stddef.h>

#define SYSTEMTAP_MODULE_TYPE "systemtap_module_t"

/* Whether the SELinux context "user:role:type[:level]" has type want.
 * Returns 1, 0, or -1 when it is no context at all. */
int selinux_context_has_type(const char *context, const char *want);

/* When SELinux is enabled, the file open on fd must be labelled
 * SYSTEMTAP_MODULE_TYPE.  Returns 0 (or SELinux is off, or staprun was
 * built without libselinux), or -1 with why. */
int selinux_check_vetted_label(int fd, char *why, size_t why_len);

#endif
