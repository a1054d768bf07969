/*
 * resolve.h - pass 2a, between parsing and type inference: pull in the
 * tapset files the script needs, expand probe aliases, wildcards and
 * optional/sufficient/conditional probe points into concrete probes of the
 * supported families, and check what needs guru mode.  The result is a
 * program without aliases, wildcards, '?', '!' or 'if' on probe points.
 */
#ifndef STAP_RESOLVE_H
#define STAP_RESOLVE_H

#include "ast.h"
#include "session.h"

/* Rewrites PROG (the user script as parsed) in place; returns the number of
 * semantic errors reported. */
int resolve_program(struct session *s, struct program *prog);

/* The probe point as the user wrote it that resolved point PP came from
 * (e.g. "syscall.read" for kernel.function("ksys_read")), or PP's own text
 * for a point that was not rewritten. */
const char *resolve_origin(const struct probe_point *pp);

/* The name stap -l shows for concrete point PP: the outermost alias it was
 * expanded from ("syscall.read"), or its own text. */
const char *resolve_listed(const struct probe_point *pp);

#endif /* STAP_RESOLVE_H */
