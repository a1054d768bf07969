/*
 * privilege_level.c - the names of the privilege levels, both ways.
 */
#include "config.h"

#include <string.h>

#include "privilege_level.h"

static const char *const level_names[] = {
	[PRIV_NONE] = "none",
	[PRIV_STAPUSR] = "stapusr",
	[PRIV_STAPSYS] = "stapsys",
	[PRIV_STAPDEV] = "stapdev",
};

const char *privilege_name(enum privilege p)
{
	return level_names[p];
}

int privilege_from_name(const char *name)
{
	for (int p = PRIV_STAPUSR; p <= PRIV_STAPDEV; p++)
		if (strcmp(name, level_names[p]) == 0)
			return p;
	return -1;
}
