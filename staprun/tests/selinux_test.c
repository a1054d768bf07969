/*
 * selinux_test.c - the type of a vetted module's SELinux context.
 *   selinux_test      (prints PASS:/FAIL: lines)
 */
#include <stdio.h>

#include "selinux_label.h"

static int failures;

static void check(const char *context, const char *want, int expect)
{
	int got = selinux_context_has_type(context, want);

	printf("%s: '%s' has type %s: %d\n", got == expect ? "PASS" : "FAIL", context, want, got);
	failures += got != expect;
}

int main(void)
{
	check("system_u:object_r:systemtap_module_t:s0", SYSTEMTAP_MODULE_TYPE, 1);
	check("system_u:object_r:systemtap_module_t", SYSTEMTAP_MODULE_TYPE, 1);
	check("system_u:object_r:systemtap_module_t:s0:c1,c2", SYSTEMTAP_MODULE_TYPE, 1);
	check("system_u:object_r:modules_object_t:s0", SYSTEMTAP_MODULE_TYPE, 0);
	check("system_u:object_r:systemtap_module_t_evil:s0", SYSTEMTAP_MODULE_TYPE, 0);
	check("system_u:object_r:systemtap_module:s0", SYSTEMTAP_MODULE_TYPE, 0);
	check("unlabeled_t", SYSTEMTAP_MODULE_TYPE, -1);
	check("a:b", SYSTEMTAP_MODULE_TYPE, -1);
	check("a:b::s0", SYSTEMTAP_MODULE_TYPE, -1);
	check("", SYSTEMTAP_MODULE_TYPE, -1);
	return failures != 0;
}
