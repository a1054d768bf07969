/*
 * privilege_level.h - the privilege levels, shared by the translator (which
 * records one in each module's .modinfo as stap_privilege=NAME) and staprun
 * (which reads it back and compares it with the caller's groups).
 */
#ifndef COMMON_PRIVILEGE_LEVEL_H
#define COMMON_PRIVILEGE_LEVEL_H

/* Ordered: a level allows everything the levels below it allow. */
enum privilege {
	PRIV_NONE,      /* staprun: in no group; stap: --privilege not given (stapdev) */
	PRIV_STAPUSR,
	PRIV_STAPSYS,
	PRIV_STAPDEV,   /* and root */
};

/* The .modinfo tag the level is recorded under. */
#define PRIVILEGE_MODINFO_TAG "stap_privilege"

/* "stapusr", "stapsys", "stapdev"; PRIV_NONE: "none". */
const char *privilege_name(enum privilege p);

/* The level a group name stands for; -1 for anything else. */
int privilege_from_name(const char *name);

#endif
