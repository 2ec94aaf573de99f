/* engine/report/csv.h — the rows of the CSV report, shared by csv.c (the
 * run's tables) and csv_analysis.c (the analysis's tables). Every row has
 * the same ten columns (docs/reports.md):
 *
 *   table,variant,basis,item,parameter,value,se,ci_low,ci_high,verdict
 */
#ifndef CRQ_REPORT_CSV_H
#define CRQ_REPORT_CSV_H

#include <stdio.h>

#include "crq/analysis.h"
#include "crq/result.h"

/* The run being written and where its rows go. */
typedef struct crq_csv {
  const crq_result *r;
  FILE *out;
} crq_csv;

/* One row: the text columns, then parameter, the estimate and verdict
 * (NULL text is an empty field, a NAN number too). */
void crq_csv_row(const crq_csv *c, const char *table, const char *variant,
                 const char *basis, const char *item, double parameter,
                 crq_estimate e, const char *verdict);

/* One field, quoted when it holds a comma, quote or line break (NULL is
 * empty); one number with the fewest digits (15 or 17) that read back
 * exactly (non-finite is empty). Also used by the what-if CSV
 * (whatif_csv.c). */
void crq_csv_field(FILE *out, const char *s);
void crq_csv_number(FILE *out, double x);

/* A bare value: no standard error, no interval. */
crq_estimate crq_csv_bare(double x);

/* "aep" or "oep". */
const char *crq_csv_basis(int b);

/* The analysis's tables (nothing when a is NULL or has no measures). */
void crq_csv_analysis(const crq_csv *c, const crq_analysis *a);

#endif
