/*
 * passes45.h - pass 4 (build the module with the target kernel's kbuild) and
 * pass 5 (run it through staprun, here or in the test VM).
 */
#ifndef STAP_PASSES45_H
#define STAP_PASSES45_H

#include "session.h"

/* Builds s->c_file (written by pass 3 into s->tmpdir) into a module named
 * s->module_name; fills s->ko_file.  Prints a diagnostic and returns nonzero
 * on failure (no kbuild tree, compiler errors). */
int pass4_build(struct session *s);

/* Runs s->ko_file: staprun locally, or inside a disposable VM when
 * s->remote is "vm".  Returns the exit code stap should end with. */
int pass5_run(struct session *s);

/* Fills kernel_release/kernel_build_dir/arch defaults from uname and -r. */
void session_target_defaults(struct session *s);

#endif /* STAP_PASSES45_H */
