/* engine/report/text.h — the pieces of the text report shared by its two
 * source files: text.c (headline, worst case, method) and text_tables.c
 * (statistics, return periods, contributions, appetite, reductions).
 *
 * Every label is written next to its use as an (English, Japanese) pair
 * picked by tr(); amounts go through amount.h; tables through table.h.
 */
#ifndef CRQ_REPORT_TEXT_H
#define CRQ_REPORT_TEXT_H

#include "report_ctx.h"
#include "table.h"

/* What every section needs: the run, where to write, how to say it. */
typedef struct crq_text_ctx {
  crq_report_ctx base;
  int failed; /* a table could not be built (out of memory) */
} crq_text_ctx;

/* A formatted amount or percentage; big enough for any of them. */
typedef char crq_cell[CRQ_AMOUNT_MAX];
/* A cell combining several amounts ("a → b", "[lo, hi]"). */
typedef char crq_line[4 * CRQ_AMOUNT_MAX + 64];

const char *crq_text_tr(const crq_text_ctx *c, const char *en, const char *ja);

/* The header of variant v's column: "Now" / "After measures"; with a
 * single variant, the generic (en, ja) header given. */
const char *crq_text_variant(const crq_text_ctx *c, int v, const char *en,
                             const char *ja);

/* "<prefix> <variant>" ("EAL Now"), or just the prefix with one variant. */
char *crq_text_prefixed(const crq_text_ctx *c, crq_cell cell,
                        const char *prefix, int v);

/* Prints a section title and the blank line before it. */
void crq_text_title(const crq_text_ctx *c, const char *en, const char *ja);

/* Prints a finished table and frees it; records allocation failures. */
void crq_text_table_done(crq_text_ctx *c, crq_table *t);

/* Writes an amount to three significant figures into cell. */
char *crq_text_amount(const crq_text_ctx *c, crq_cell cell, double x);

/* Writes "[lo, hi]" (the 95% interval of e) into cell. */
char *crq_text_interval(const crq_text_ctx *c, crq_line cell, crq_estimate e);

/* "VaR 99%" / "TVaR 99.5%" for probability p. */
char *crq_text_level(crq_cell cell, const char *what, double p);

/* The sections of text_tables.c, in report order. */
void crq_text_statistics(crq_text_ctx *c);
void crq_text_return_periods(crq_text_ctx *c);
void crq_text_contributions(crq_text_ctx *c);
void crq_text_appetite(crq_text_ctx *c);
void crq_text_reductions(crq_text_ctx *c);
void crq_text_measures(crq_text_ctx *c);

#endif
