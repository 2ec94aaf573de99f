/* engine/report/xlsx.h — what the sheets of the Excel report share: the
 * workbook being built with its cell formats, and the helpers that write
 * cells (recording the first libxlsxwriter failure instead of stopping).
 * xlsx.c builds the workbook and the run's sheets; xlsx_analysis.c the
 * measures' sheets (Measures, Attribution, Roadmap).
 */
#ifndef CRQ_REPORT_XLSX_H
#define CRQ_REPORT_XLSX_H

#include <time.h>
#include <xlsxwriter.h>

#include "crq/analysis.h"
#include "crq/result.h"

/* The workbook being built and the formats every sheet uses. */
typedef struct crq_xl {
  const crq_result *r;
  const crq_model *m;
  int ja, nv;
  time_t now;
  lxw_workbook *wb;
  lxw_format *head, *title, *money, *pct, *prob, *num, *date;
  lxw_error err; /* the first failure, or LXW_NO_ERROR */
  double *kpi;   /* every KPI's achievement */
  /* Attribution, roadmap and ROSI; NULL when none was given or the model
   * has no measures. */
  const crq_analysis *a;
} crq_xl;

/* en or ja, by the report language. */
const char *crq_xl_tr(const crq_xl *x, const char *en, const char *ja);

/* Records e when it is the first failure. */
void crq_xl_note(crq_xl *x, lxw_error e);

/* A text cell (an empty one for NULL). */
void crq_xl_str(crq_xl *x, lxw_worksheet *ws, int row, int col, const char *s,
                lxw_format *f);

/* A number cell; a non-finite figure becomes an empty cell. */
void crq_xl_num(crq_xl *x, lxw_worksheet *ws, int row, int col, double v,
                lxw_format *f);

/* A "YYYY-MM-DD" date as a date cell (nothing when not one). */
void crq_xl_date(crq_xl *x, lxw_worksheet *ws, int row, int col, const char *d);

/* A header row of n labels at row, in bold. */
void crq_xl_header(crq_xl *x, lxw_worksheet *ws, int row,
                   const char *const *labels, int n);

/* A new sheet, its first column first_width wide and the next ones width
 * (NULL, with the failure noted, when it cannot be added). */
lxw_worksheet *crq_xl_sheet(crq_xl *x, const char *name, double first_width,
                            double width);

/* "green", "amber", "red" (緑, 黄, 赤). */
const char *crq_xl_verdict(const crq_xl *x, crq_verdict v);

/* The measures' sheets of xlsx_analysis.c: Measures (always), Attribution
 * and Roadmap (with an analysis; Roadmap when it has steps). */
void crq_xl_measures_sheet(crq_xl *x);
void crq_xl_attribution_sheet(crq_xl *x);
void crq_xl_roadmap_sheet(crq_xl *x);

#endif
