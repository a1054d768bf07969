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

/* MAXNESTING unless -D sets it: the deepest static call chain + 1, and 10
 * more when the script recurses (codegen_nesting.c). */
int codegen_default_max_nesting(const struct program *prog);

/* C string literal (quotes included) of S[0..n): every byte that is not
 * plain printable ASCII is an octal escape; '?' is escaped (no trigraphs). */
const char *c_string_literal(const char *s, size_t n);

/* S as text safe inside a C comment: c_string_literal's quoted form (no
 * newline, no control byte) with every star-slash and slash-star broken. */
const char *c_comment_text(const char *s);

/* Emits the runtime calls printing F into SINK (a `struct stp_out *`
 * expression); ARGS are C expressions of the format's arguments in order
 * (star widths included), already evaluated and side-effect free; NEAR
 * (a C string literal) is where a %m read fault is reported. */
void codegen_format(struct buf *out, const char *indent, const char *sink,
		    const struct format *f, const char *const *args, const char *near);

/* The end-of-session display of globals written but never read: the
 * locals struct (false: nothing to display) and the handler probe_autoprint
 * (codegen_autoprint.c). */
bool codegen_autoprint_decl(const struct program *prog, struct buf *out);
void codegen_autoprint_handler(const struct program *prog, int nlocks, struct buf *out);

/* Per-global locks (codegen_locks.c): number the globals' locks (returns
 * how many); emit NAME, the sorted lock list of probe P or of the globals
 * WANT selects (all write), returning its length (0: nothing emitted). */
int codegen_number_locks(const struct program *prog);
int codegen_probe_locks(const struct probe *p, int nlocks, struct buf *out, const char *name);
int codegen_write_locks(const struct program *prog, bool (*want)(const struct symbol *),
			int nlocks, struct buf *out, const char *name);

/* Regular expressions (codegen_regex.c): the tables of every regex, as
 * stp_re_N; the fields of struct stp_locals_area that submatches need. */
void codegen_regex_tables(const struct program *prog, struct buf *out);
void codegen_regex_locals(const struct program *prog, struct buf *out);

/* Embedded C (codegen_embedded.c): whether PROG has any that pass 3
 * emits; the embedded-C header and the top-level blocks, at file scope
 * before everything else; the body of the embedded-C function F, between
 * its frame set-up and its `out` label. */
bool codegen_has_embedded(const struct program *prog);
void codegen_embedded_blocks(const struct program *prog, struct buf *out);
void codegen_embedded_body(struct buf *out, const struct function *f);
/* Whether F's embedded C reads a string array's element (into ts[0]). */
bool codegen_embedded_needs_str(const struct function *f);

#endif /* STAP_CODEGEN_H */
