/*
 * stat_hist.h - the histograms a statistic is read as.
 *
 * One statistic may be printed or indexed as several histograms
 * (@hist_linear with different parameters, @hist_log).  Pass 2 records each
 * distinct one on the statistic's symbol, in first-use order; pass 3 finds
 * the number of the histogram an @hist_* expression names, which is its
 * index in the runtime's struct stp_stat_desc.
 */
#ifndef STAP_STAT_HIST_H
#define STAP_STAT_HIST_H

#include <stdbool.h>

#include "ast.h"

/* The literal value of histogram parameter E (a number or -number). */
bool hist_literal(const struct expr *e, int64_t *out);

/* The histogram @hist_* expression E asks for; false when a parameter is
 * not a literal number (nothing reported). */
bool hist_kind_of(const struct expr *e, struct hist_kind *out);

/* Number of HK among SYM's histograms, or -1. */
int hist_find(const struct symbol *sym, const struct hist_kind *hk);

/* Number of the histogram @hist_* expression E reads of SYM; pass 2
 * recorded it, so this does not fail after pass 2 succeeded. */
int hist_index(const struct symbol *sym, const struct expr *e);

#endif /* STAP_STAT_HIST_H */
