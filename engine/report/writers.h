/* engine/report/writers.h — the report writers behind crq_report_write, and
 * the figure grids every format reports (so text and JSON show the same
 * quantiles and return periods).
 *
 * A writer gets a validated language and a stream; it returns CRQ_OK or
 * CRQ_ERR_NOMEM, and crq_report_write turns stream errors into CRQ_ERR_IO.
 */
#ifndef CRQ_REPORT_WRITERS_H
#define CRQ_REPORT_WRITERS_H

#include <stdio.h>

#include "crq/report.h"

typedef crq_status (*crq_report_writer)(const crq_result *r,
                                        const crq_report_options *opts,
                                        FILE *out);

crq_status crq_report_text(const crq_result *r, const crq_report_options *opts,
                           FILE *out);
crq_status crq_report_json(const crq_result *r, const crq_report_options *opts,
                           FILE *out);
crq_status crq_report_csv(const crq_result *r, const crq_report_options *opts,
                          FILE *out);
crq_status crq_report_html(const crq_result *r, const crq_report_options *opts,
                           FILE *out);
crq_status crq_report_xlsx(const crq_result *r, const crq_report_options *opts,
                           FILE *out);

/* Probabilities of the VaR/TVaR statistics, in ascending order. */
#define CRQ_REPORT_N_LEVELS 5
extern const double crq_report_levels[CRQ_REPORT_N_LEVELS];

/* Return periods in years, in ascending order. */
#define CRQ_REPORT_N_PERIODS 8
extern const double crq_report_periods[CRQ_REPORT_N_PERIODS];

/* The tail level of the headline and of the contributions (TVaR99). */
#define CRQ_REPORT_TAIL 0.99

/* The loss exceedance curve is reported at CRQ_REPORT_LEC_POINTS amounts
 * spaced evenly in log over CRQ_REPORT_LEC_DECADES decades up to the
 * largest simulated loss of any variant and basis, the same amounts for
 * every variant and basis so the curves can be overlaid. */
#define CRQ_REPORT_LEC_POINTS 40
#define CRQ_REPORT_LEC_DECADES 4

/* The largest simulated loss of any variant and basis (0 when every trial
 * lost nothing). */
double crq_report_lec_top(const crq_result *r);

/* Point i of n (0 ≤ i < n, n ≥ 2) spaced evenly in log from lo to hi. */
double crq_report_log_point(double lo, double hi, int i, int n);

/* The end of every report write: s is the writer's status; a stream
 * error or a failure becomes a diagnostic. Returns CRQ_OK,
 * CRQ_ERR_NOMEM or CRQ_ERR_IO. */
crq_status crq_report_finish(crq_status s, FILE *out, crq_diags *diags);

/* Non-zero when lang selects Japanese ("ja", "ja_JP.UTF-8", ...). */
int crq_report_is_ja(const char *lang);

/* What a report of a streaming run says of its figures (methodology §7.9),
 * without closing punctuation, the same in every format. */
const char *crq_report_streaming_note(int ja);

/* A risk-appetite verdict's key in the data formats ("green", "amber",
 * "red") and its word in the reports people read ("GREEN", "緑"). */
const char *crq_report_verdict_key(crq_verdict v);
const char *crq_report_verdict_word(crq_verdict v, int ja);

#endif
