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

/* Probabilities of the VaR/TVaR statistics, in ascending order. */
#define CRQ_REPORT_N_LEVELS 5
extern const double crq_report_levels[CRQ_REPORT_N_LEVELS];

/* Return periods in years, in ascending order. */
#define CRQ_REPORT_N_PERIODS 8
extern const double crq_report_periods[CRQ_REPORT_N_PERIODS];

/* The tail level of the headline and of the contributions (TVaR99). */
#define CRQ_REPORT_TAIL 0.99

/* Non-zero when lang selects Japanese ("ja", "ja_JP.UTF-8", ...). */
int crq_report_is_ja(const char *lang);

#endif
