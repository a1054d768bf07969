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
#include "common/privilege_level.h"

/* session.privilege is an enum privilege (common/privilege_level.h);
 * PRIV_NONE, --privilege not given, counts as stapdev. */

/* The level's name for messages and .modinfo: "stapdev" for PRIV_NONE. */
const char *privilege_level_name(int level);

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
