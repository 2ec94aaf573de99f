/* crq/report.h — writing the figures of a run as a report.
 *
 *   crq_report_options o; crq_report_options_init(&o);
 *   o.format = "json";
 *   crq_report_write(result, &o, stdout, &diags);
 *
 * Formats: "text" (a board summary followed by the detailed tables, in
 * Japanese or English), "json" (every figure of the run, schema
 * "crq-result/1", documented in docs/json-schema.md), "csv" (the summary,
 * return-period, loss-exceedance, category and appetite tables in one
 * long-format file), "xlsx" (an Excel workbook, one sheet per table) and
 * "html" (a self-contained board report, printable on A4 landscape).
 * docs/reports.md describes each. More formats are added to a table inside
 * the library; crq_report_format_name lists them.
 *
 * The writers only write to the FILE they are given; they never flush or
 * close it, so the caller decides how the output is committed.
 *
 * Thread safety: writing different results concurrently is safe; a result
 * may be written by several threads at once.
 */
#ifndef CRQ_REPORT_H
#define CRQ_REPORT_H

#include <stdio.h>
#include <time.h>

#include "crq/analysis.h"
#include "crq/result.h"
#include "crq/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crq_report_options {
  const char *format; /* "text" (the default when NULL), "json", "csv",
                         "html" or "xlsx" */
  const char *lang;   /* "en" (the default when NULL) or "ja" */
  time_t now;         /* the report's timestamp; 0 means the current time */
  int bom;            /* csv: start with a UTF-8 byte order mark, so that
                         Excel reads the file as UTF-8 */
  const crq_analysis *analysis; /* attribution, roadmap and ROSI sections
                                   in every format (crq/analysis.h), of
                                   the result's own model (else
                                   CRQ_ERR_USAGE); NULL for none */
} crq_report_options;

/* Sets the defaults: text, English, current time. */
void crq_report_options_init(crq_report_options *opts);

/* The name of format i (0, 1, ...), or NULL past the last one. */
const char *crq_report_format_name(size_t i);

/* Non-zero when name is a known format. */
int crq_report_format_known(const char *name);

/* Writes the report. Returns CRQ_ERR_USAGE (with a diagnostic) for an
 * unknown format or language, CRQ_ERR_IO when the stream reports a write
 * error, CRQ_ERR_NOMEM when memory runs out. */
crq_status crq_report_write(const crq_result *result,
                            const crq_report_options *opts, FILE *out,
                            crq_diags *diags);

/* Writes the year loss table: one CSV row per simulated year (trial,
 * baseline and, with measures, measures: the year's direct loss), RFC 4180
 * with CRLF line ends. CRQ_ERR_USAGE when the run kept no year's loss
 * (crq_result_year_losses), CRQ_ERR_NOMEM, CRQ_ERR_IO on a write error. */
crq_status crq_report_write_ylt(const crq_result *result, FILE *out,
                                crq_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
