/* engine/report/html.h — the pieces of the HTML board report shared by its
 * source files: html.c (the document, headline, appetite lights, story and
 * method note), html_style.c (the style sheet), html_charts.c (waterfall
 * and loss exceedance curves, as inline SVG), html_tables.c (return
 * periods, KPI progress), html_measures.c (the measures, their cost and
 * ROSI), html_attribution.c (what each measure buys) and html_roadmap.c
 * (the KPI roadmap). The last two, and ROSI, need an analysis
 * (crq/analysis.h); without one they are left out.
 *
 * The report is one self-contained file: inline CSS and SVG, no script, no
 * URL, nothing fetched. Every string that comes from the model goes through
 * crq_html_esc (names may contain markup); everything else written is a
 * constant of this code or a number.
 */
#ifndef CRQ_REPORT_HTML_H
#define CRQ_REPORT_HTML_H

#include <time.h>

#include "crq/analysis.h"
#include "report_ctx.h"

/* What every section needs: the run, where to write, how to say it. */
typedef struct crq_html {
  crq_report_ctx base;
  time_t now;        /* the report date */
  const double *kpi; /* every KPI's achievement at its latest actual */
  size_t worst[2];   /* each variant's worst scenario */
  /* Attribution, roadmap and ROSI of the same model and trials; NULL when
   * none was given or the model has no measures. */
  const crq_analysis *a;
} crq_html;

/* A formatted amount or percentage. */
typedef char crq_html_cell[CRQ_AMOUNT_MAX];

const char *crq_html_tr(const crq_html *h, const char *en, const char *ja);

/* Closes a chart's SVG and its figure, with the caption (en, ja). */
void crq_html_figure_close(const crq_html *h, const char *en, const char *ja);

/* Writes a string from the model, escaped. */
void crq_html_esc(const crq_html *h, const char *s);

/* Writes an amount to three significant figures. */
void crq_html_amount(const crq_html *h, double x);

/* Formats an amount to three significant figures into cell. */
char *crq_html_amount_str(const crq_html *h, crq_html_cell cell, double x);

/* The header of variant v: "Now" / "After measures", or `single` when the
 * model has no measures. */
const char *crq_html_variant(const crq_html *h, int v, const char *single);

/* Sum of the measures' one-off and annual costs. */
void crq_html_costs(const crq_html *h, double *once, double *annual);

/* Writes "<td>amount</td>". */
void crq_html_amount_cell(const crq_html *h, double x);

/* A verdict's words (its CSS class is crq_report_verdict_key). */
const char *crq_html_verdict_text(const crq_html *h, crq_verdict v);

/* The day number (days since 1970-01-01) of the plan's "today": the
 * analysis's as-of date when it has one, else the report date. */
long crq_html_today(const crq_html *h);

/* The style sheet (the contents of <style>). */
void crq_html_style(FILE *out);

/* Sections, in report order. */
void crq_html_waterfall(const crq_html *h);
void crq_html_lec(const crq_html *h);
void crq_html_attribution(const crq_html *h);
void crq_html_measures(const crq_html *h);
void crq_html_roadmap(const crq_html *h);
void crq_html_return_periods(const crq_html *h);
void crq_html_kpis(const crq_html *h);

#endif
