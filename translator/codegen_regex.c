/*
 * codegen_regex.c - pass 3 for regular expressions: each distinct pattern's
 * tables (runtime/stap_regex.h) as constant arrays and one
 * `static const struct stp_regex stp_re_N`, the NFA program only when the
 * script reads submatches; and then the locals-area fields the submatch
 * machinery needs (this hit's last match and the Pike VM's scratch, sized
 * for the regex that needs the most).
 */
#include "config.h"

#include <string.h>

#include "codegen.h"
#include "regex.h"
#include "regex_use.h"

static const char *const op_names[] = {
	[RX_CLASS] = "STP_RE_CLASS", [RX_SPLIT] = "STP_RE_SPLIT", [RX_JMP] = "STP_RE_JMP",
	[RX_SAVE] = "STP_RE_SAVE", [RX_BOL] = "STP_RE_BOL", [RX_EOL] = "STP_RE_EOL",
	[RX_MATCH] = "STP_RE_MATCH", [RX_PROGRESS] = "STP_RE_PROGRESS",
};

/* NAME[] = { v0, v1, ... } of the n numbers at v, 16 a line; size is the
 * bytes of each: 1 (unsigned char) or 2 (uint16_t), the tables' types. */
static void emit_numbers(struct buf *out, const char *type, int index, const char *name,
			 const void *v, size_t size, int n)
{
	buf_printf(out, "static const %s stp_re_%d_%s[%d] = {", type, index, name, n);
	for (int i = 0; i < n; i++) {
		unsigned x = size == 1 ? ((const unsigned char *)v)[i] : ((const uint16_t *)v)[i];

		buf_printf(out, "%s%u,", i % 16 ? " " : "\n\t", x);
	}
	buf_puts(out, "\n};\n");
}

static void emit_one(struct buf *out, const struct regex_use *r, bool captures)
{
	const struct regex *re = r->re;
	int ncells = re->nstates * re->nclasses;

	buf_printf(out, "/* =~ %s */\n", c_comment_text(r->pattern));
	emit_numbers(out, "u8", r->index, "classes", re->classes, sizeof *re->classes, 256);
	emit_numbers(out, "u16", r->index, "next", re->next, sizeof *re->next, ncells);
	emit_numbers(out, "u8", r->index, "accept", re->accept, sizeof *re->accept,
		     re->nstates);
	if (captures) {
		buf_printf(out, "static const struct stp_regex_insn stp_re_%d_insns[%d] = {\n",
			   r->index, re->ninsns);
		for (int i = 0; i < re->ninsns; i++)
			buf_printf(out, "\t{ %s, %d, %d },\n", op_names[re->insns[i].op],
				   re->insns[i].x, re->insns[i].y);
		buf_puts(out, "};\n");
		if (re->nsets) {
			buf_printf(out, "static const u8 stp_re_%d_sets[%d][32] = {\n", r->index,
				   re->nsets);
			for (int i = 0; i < re->nsets; i++) {
				buf_puts(out, "\t{");
				for (int b = 0; b < 32; b++)
					buf_printf(out, "%s0x%02x,", b % 16 ? " " : b ? "\n\t  " : " ",
						   re->sets[i][b]);
				buf_puts(out, " },\n");
			}
			buf_puts(out, "};\n");
		}
	}
	buf_printf(out, "static const struct stp_regex stp_re_%d = {\n", r->index);
	buf_printf(out, "\t.classes = stp_re_%d_classes, .next = stp_re_%d_next, "
		   ".accept = stp_re_%d_accept,\n", r->index, r->index, r->index);
	buf_printf(out, "\t.nclasses = %d, .nstates = %d,\n", re->nclasses, re->nstates);
	if (captures) {
		buf_printf(out, "\t.insns = stp_re_%d_insns, .sets = ", r->index);
		if (re->nsets)
			buf_printf(out, "stp_re_%d_sets,\n", r->index);
		else
			buf_puts(out, "NULL,\n");
		buf_printf(out, "\t.ninsns = %d, .ncaps = %d, .nslots = %d,\n", re->ninsns,
			   2 * (re->ngroups + 1), re->nslots);
	}
	buf_puts(out, "};\n\n");
}

void codegen_regex_tables(const struct program *prog, struct buf *out)
{
	for (const struct regex_use *r = prog->regexes; r; r = r->next)
		emit_one(out, r, prog->regex_captures);
}

void codegen_regex_locals(const struct program *prog, struct buf *out)
{
	const struct regex_use *big = NULL;

	if (!prog->regex_captures)
		return;
	/* one scratch area, for the regex that needs the most */
	for (const struct regex_use *r = prog->regexes; r; r = r->next)
		if (!big || regex_scratch_words(r) > regex_scratch_words(big))
			big = r;
	buf_puts(out, "\tstruct stp_regex_match regex_match;\n");
	/* only a =~ uses the scratch; matched() alone reads regex_match */
	if (big)
		buf_printf(out, "\tu32 regex_scratch[STP_REGEX_SCRATCH_WORDS(%d, %d)];\n",
			   big->re->ninsns, big->re->nslots);
}
