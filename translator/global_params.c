/*
 * global_params.c - checks of -G NAME=VALUE against the elaborated program.
 * The value reaches the module as the option NAME=VALUE at load time (pass 3
 * declares every scalar global a module parameter).  As upstream, a NAME
 * the script has no scalar global for is ignored (dropped here, so the
 * module is not handed it), and a value that is not a number for a long
 * global is the module's run-time "Invalid argument" at load.
 */
#include "config.h"

#include <string.h>

#include "common/modopt_syntax.h"
#include "global_params.h"

bool global_param_syntax_ok(const char *text)
{
	size_t n = modopt_name_length(text);

	return n && text[n] == '=' && modopt_value_ok(text + n + 1);
}

int check_global_params(struct session *s, const struct program *prog)
{
	int kept = 0;

	for (int i = 0; i < s->nglobal_sets; i++) {
		const char *text = s->global_sets[i];
		size_t n = modopt_name_length(text);
		const struct symbol *g;

		for (g = prog->globals; g; g = g->next)
			if (strlen(g->name) == n && strncmp(g->name, text, n) == 0)
				break;
		if (g && !g->nkeys && !g->is_stat && g->type != TYPE_UNKNOWN)
			s->global_sets[kept++] = s->global_sets[i];
	}
	s->nglobal_sets = kept;
	return 0;
}
