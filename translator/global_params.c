/*
 * global_params.c - checks of -G NAME=VALUE against the elaborated program.
 * The value reaches the module as the option NAME=VALUE at load time (pass 3
 * declares every scalar global a module parameter), so a typo in NAME or a
 * non-number for a long global is caught here, before anything is built.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/modopt_syntax.h"
#include "diag.h"
#include "global_params.h"

bool global_param_syntax_ok(const char *text)
{
	size_t n = modopt_name_length(text);

	return n && text[n] == '=' && modopt_value_ok(text + n + 1);
}

static bool is_number(const char *v)
{
	char *end;

	if (!*v)
		return false;
	errno = 0;
	(void)strtoll(v, &end, 0);
	return !errno && !*end;
}

int check_global_params(const struct session *s, const struct program *prog)
{
	int errors = 0;

	for (int i = 0; i < s->nglobal_sets; i++) {
		const char *text = s->global_sets[i];
		size_t n = modopt_name_length(text);
		const char *value = text + n + 1;
		const struct symbol *g;

		for (g = prog->globals; g; g = g->next)
			if (strlen(g->name) == n && strncmp(g->name, text, n) == 0)
				break;
		if (!g || g->nkeys || g->is_stat || g->type == TYPE_UNKNOWN) {
			diag_semantic_error((struct srcloc){ 0 }, NULL,
					    "-G %s: no scalar global '%.*s' in the script", text,
					    (int)n, text);
			errors++;
		} else if (g->type == TYPE_LONG && !is_number(value)) {
			diag_semantic_error(g->loc, g->what,
					    "-G %s: global '%s' is a number, '%s' is not", text,
					    g->name, value);
			errors++;
		}
	}
	return errors;
}
