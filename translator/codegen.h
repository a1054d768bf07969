/*
 * codegen.h - pass 3: the elaborated program as one C file written against
 * runtime/stap_runtime.h only.
 */
#ifndef STAP_CODEGEN_H
#define STAP_CODEGEN_H

#include "arena.h"
#include "ast.h"
#include "format.h"
#include "session.h"

/* Appends the whole generated C file for PROG to OUT (deterministic). */
void codegen_program(const struct session *s, const struct program *prog, struct buf *out);

/* C string literal (quotes included) of S[0..n): every byte that is not
 * plain printable ASCII is an octal escape; '?' is escaped (no trigraphs). */
const char *c_string_literal(const char *s, size_t n);

/* Emits the runtime calls printing F into SINK (a `struct stp_out *`
 * expression); ARGS are C expressions of the format's arguments in order
 * (star widths included), already evaluated and side-effect free. */
void codegen_format(struct buf *out, const char *indent, const char *sink,
		    const struct format *f, const char *const *args);

#endif /* STAP_CODEGEN_H */
