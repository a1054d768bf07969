/*
 * privilege.h - --privilege=stapusr|stapsys|stapdev and --unprivileged:
 * what a module built for a level may contain, and the level recorded in it
 * for staprun to read.
 */
#ifndef STAP_PRIVILEGE_H
#define STAP_PRIVILEGE_H

#include "arena.h"
#include "ast.h"
#include "session.h"

/* session.privilege: 0 (not given) counts as stapdev. */
enum stap_privilege {
	STAP_PRIV_DEFAULT,
	STAP_PRIV_STAPUSR,
	STAP_PRIV_STAPSYS,
	STAP_PRIV_STAPDEV,
};

/* "stapusr", "stapsys" or "stapdev" (for 0 too). */
const char *privilege_name(int level);

/* The level named ("stapusr", "stapsys", "stapdev"), or -1. */
int privilege_parse(const char *name);

/* The options a level below stapdev may not use (-g, -D, -G): reports each
 * as a usage error and returns how many. */
int privilege_check_options(const struct session *s);

/* Pass 2, after elaboration: every probe point and every embedded-C
 * function the program uses must be allowed at the session's level.
 * Reports each that is not (naming it and the level needed) and returns
 * how many. */
int privilege_check_program(const struct session *s, const struct program *prog);

/* Pass 3: the .modinfo record staprun reads (stap_privilege=LEVEL). */
void privilege_emit_modinfo(const struct session *s, struct buf *out);

#endif
