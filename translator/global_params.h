/*
 * global_params.h - -G NAME=VALUE: scalar globals set when the module is
 * loaded (they become module options that staprun passes on).
 */
#ifndef STAP_GLOBAL_PARAMS_H
#define STAP_GLOBAL_PARAMS_H

#include <stdbool.h>

#include "ast.h"
#include "session.h"

/* TEXT has the form NAME=VALUE with NAME an identifier. */
bool global_param_syntax_ok(const char *text);

/*
 * Drops every -G that names no scalar global of the program (upstream
 * ignores them); values are checked by the module at load.  Returns 0.
 */
int check_global_params(struct session *s, const struct program *prog);

#endif /* STAP_GLOBAL_PARAMS_H */
