/* engine/report/amount.h — money amounts, percentages and counts as people
 * read them in a report.
 *
 * Boards read "141億円" or "¥14.1B", never 1.41e10. Amounts are rounded to
 * three significant figures (a Monte Carlo figure rarely has more) and
 * written in the largest unit that keeps at least one whole unit: 兆/億/万
 * for Japanese, T/B/M/K for English. Two amounts that are compared ("now →
 * after measures") can share the rounding step of the larger one, so that
 * 141億円 → 96.6億円 reads 141億円 → 97億円, like the JCIC figure.
 * Nothing here uses scientific notation, whatever the magnitude.
 */
#ifndef CRQ_REPORT_AMOUNT_H
#define CRQ_REPORT_AMOUNT_H

#include <stddef.h>

/* Enough for any finite double in any unit, with digit grouping. */
#define CRQ_AMOUNT_MAX 512

/* How to write amounts: the language decides the units (兆億万 or TBMK),
 * the currency the symbol ("円" after, or "¥"/"$"/"€"/"£" before; other
 * codes as "1.2M USD"). */
typedef struct crq_amount_style {
  int ja;
  const char *currency; /* ISO 4217 code; NULL means "JPY" */
} crq_amount_style;

/* The rounding step (a power of ten, at least 1) that keeps three
 * significant figures of |x|. */
double crq_amount_step(double x);

/* Writes x rounded to a multiple of step into buf (size n) and returns buf;
 * an x under 10 steps (which would keep fewer than two figures: a small
 * amount beside a large one) is rounded to its own step instead.
 * Non-finite amounts are written "n/a". */
char *crq_amount_format_step(char *buf, size_t n, double x, double step,
                             const crq_amount_style *style);

/* Writes x to three significant figures. */
char *crq_amount_format(char *buf, size_t n, double x,
                        const crq_amount_style *style);

/* Writes a probability p in [0, 1] as a percentage with three significant
 * figures ("4.88%", "0.1%"); below 1e-9 as "0%"; non-finite as "n/a". */
char *crq_percent_format(char *buf, size_t n, double p);

/* Writes a whole number with thousands separators ("200,000"). */
char *crq_count_format(char *buf, size_t n, unsigned long long v);

/* Writes a payback period in years: one decimal from a year up (and 0.0),
 * two significant figures below ("0.052", not "0.0", which reads as at
 * once; "< 0.001" under that), "never" (回収不能) when infinite, "n/a"
 * when NaN. */
char *crq_payback_format(char *buf, size_t n, double years, int ja);

#endif
