/*
 * privilege.c - building a module that members of stapusr or stapsys may run.
 *
 * stapdev (the default) may build anything.  stapsys may observe the whole
 * system but not change it: no guru mode, no -D, no -G.  stapusr may only
 * observe its own processes: on top of that, only the probe families that
 * fire without looking into other processes (begin, end, error, never and
 * the fixed-interval timers; not timer.profile, which samples whatever
 * runs) and only tapset functions whose embedded C carries the
 * "unprivileged" marker comment, which the tapset author puts there after
 * checking the function reveals nothing of other users, or the
 * "myproc-unprivileged" one for a function that reads the task a probe hit
 * and calls STAP_MYPROC() first (runtime/stap_embedded.h), so that at run
 * time it refuses any task but the caller's own.  Script-language
 * functions need no marker: what they can do is what they call.
 * The level is written into the module's .modinfo as stap_privilege=LEVEL;
 * staprun compares it with the caller's groups.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "privilege.h"
#include "probe_families.h"

#define UNPRIVILEGED_MARKER "/* unprivileged */"
#define MYPROC_MARKER "/* myproc-unprivileged */"

const char *privilege_level_name(int level)
{
	return privilege_name(level == PRIV_NONE ? PRIV_STAPDEV : (enum privilege)level);
}

static int below_stapdev(const struct session *s)
{
	return s->privilege == PRIV_STAPUSR || s->privilege == PRIV_STAPSYS;
}

int privilege_check_options(const struct session *s)
{
	const char *level = privilege_level_name(s->privilege);
	int errors = 0;

	if (!below_stapdev(s))
		return 0;
	if (s->guru) {
		fprintf(stderr, "ERROR: guru mode (-g) needs --privilege=stapdev, not %s\n", level);
		errors++;
	}
	if (s->ndefines) {
		fprintf(stderr, "ERROR: -D %s needs --privilege=stapdev, not %s\n", s->defines[0],
			level);
		errors++;
	}
	if (s->nglobal_sets) {
		fprintf(stderr, "ERROR: -G %s needs --privilege=stapdev, not %s\n",
			s->global_sets[0], level);
		errors++;
	}
	return errors;
}

/* Whether a probe point only fires without observing other processes. */
static int point_ok_for_stapusr(const struct probe_point *pp)
{
	if (pp->family == &family_begin_end || pp->family == &family_never)
		return 1;
	return pp->family == &family_timer && !pp->per_cpu;
}

int privilege_check_program(const struct session *s, const struct program *prog)
{
	int errors = 0;

	if (s->privilege != PRIV_STAPUSR)
		return 0;
	for (const struct probe *p = prog->probes; p; p = p->next)
		for (const struct probe_point *pp = p->points; pp; pp = pp->next)
			if (!point_ok_for_stapusr(pp)) {
				diag_semantic_error(pp->loc, pp->text, "probe point is not allowed "
						    "for --privilege=stapusr (it observes processes "
						    "other than the caller's; needs stapsys)");
				errors++;
			}
	for (const struct function *f = prog->functions; f; f = f->next)
		if (f->used && f->embedded && !strstr(f->embedded, UNPRIVILEGED_MARKER) &&
		    !strstr(f->embedded, MYPROC_MARKER)) {
			diag_semantic_error(f->loc, f->name, "function is not allowed for "
					    "--privilege=stapusr (its embedded C is not marked "
					    "%s; needs stapsys)", UNPRIVILEGED_MARKER);
			errors++;
		}
	return errors;
}

void privilege_emit_modinfo(const struct session *s, struct buf *out)
{
	buf_puts(out, "#include <linux/module.h>\n");
	buf_printf(out, "MODULE_INFO(%s, \"%s\");\n", PRIVILEGE_MODINFO_TAG,
		   privilege_level_name(s->privilege));
	/* the runtime's STAP_MYPROC() checks the task in these modules only */
	if (s->privilege == PRIV_STAPUSR)
		buf_puts(out, "#define STP_PRIVILEGE_STAPUSR 1\n");
}
