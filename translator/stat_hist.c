/*
 * stat_hist.c - the histograms a statistic is read as (stat_hist.h).
 */
#include "config.h"

#include <string.h>

#include "stat_hist.h"

bool hist_literal(const struct expr *e, int64_t *out)
{
	if (e->kind == EXPR_NUMBER) {
		*out = e->num;
		return true;
	}
	if (e->kind == EXPR_UNARY && e->unary.op == OP_NEG &&
	    e->unary.operand->kind == EXPR_NUMBER) {
		*out = (int64_t)(0 - (uint64_t)e->unary.operand->num);
		return true;
	}
	return false;
}

bool hist_kind_of(const struct expr *e, struct hist_kind *out)
{
	memset(out, 0, sizeof *out);
	if (strcmp(e->call.name, "@hist_log") == 0) {
		out->kind = 2;
		return true;
	}
	out->kind = 1;
	return e->call.nargs == 4 && hist_literal(e->call.args[1], &out->lo) &&
	       hist_literal(e->call.args[2], &out->hi) && hist_literal(e->call.args[3], &out->step);
}

int hist_find(const struct symbol *sym, const struct hist_kind *hk)
{
	for (int i = 0; i < sym->nhist; i++) {
		const struct hist_kind *h = &sym->hists[i];

		if (h->kind == hk->kind && h->lo == hk->lo && h->hi == hk->hi && h->step == hk->step)
			return i;
	}
	return -1;
}

int hist_index(const struct symbol *sym, const struct expr *e)
{
	struct hist_kind hk;

	if (!hist_kind_of(e, &hk))
		return -1;
	return hist_find(sym, &hk);
}
