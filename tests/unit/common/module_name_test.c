/* module_name_test.c - common/module_name.c: the rule's edges. */
#include <stdio.h>
#include <string.h>

#include "module_name.h"

static int failures;

static void check(const char *what, const char *name, size_t n, bool want)
{
	bool got = module_name_valid(name, n);

	printf("%s: module_name %s\n", got == want ? "PASS" : "FAIL", what);
	failures += got != want;
}

int main(void)
{
	char longest[STP_MODULE_NAME_MAX + 1];

	memset(longest, 'a', sizeof(longest));
	check("stap_ hash", "stap_0123abcd_ef", 16, true);
	check("empty", "", 0, false);
	check("longest", longest, STP_MODULE_NAME_MAX - 1, true);
	check("one too long", longest, STP_MODULE_NAME_MAX, false);
	check("dash", "bad-name", 8, false);
	check("dot", "x.ko", 4, false);
	check("slash", "a/b", 3, false);
	check("blank", "a b", 3, false);
	check("high byte", "caf\xc3\xa9", 5, false);
	check("prefix of a longer string", "good.ko", 4, true);
	return failures != 0;
}
