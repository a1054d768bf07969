/*
 * module_name.c - the module-name rule (see module_name.h).
 */
#include "module_name.h"

bool module_name_valid(const char *name, size_t n)
{
	if (n == 0 || n >= STP_MODULE_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}
