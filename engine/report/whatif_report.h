/* engine/report/whatif_report.h — the reports of the what-if analyses
 * (crq/whatif.h): compare, sweep, sensitivity and optimise, each as text,
 * JSON ("crq-whatif/1"), CSV and HTML.
 *
 * whatif_report.c holds the public crq_*_write entry points (format and
 * language checks, stream errors) and the labels every format shares;
 * whatif_text.c, whatif_json.c, whatif_csv.c and whatif_html.c (charts in
 * whatif_svg.c) each write the four analyses in one format. Internal.
 */
#ifndef CRQ_REPORT_WHATIF_H
#define CRQ_REPORT_WHATIF_H

#include <stdio.h>
#include <time.h>

#include "amount.h"
#include "crq/whatif.h"

typedef enum crq_wi_kind {
  CRQ_WI_COMPARE = 0,
  CRQ_WI_SWEEP,
  CRQ_WI_SENSITIVITY,
  CRQ_WI_OPTIMIZE
} crq_wi_kind;

/* One analysis being written (exactly one of the four pointers set, as
 * `kind` says), where to, and how to say it. */
typedef struct crq_wi {
  crq_wi_kind kind;
  const crq_compare *compare;
  const crq_sweep *sweep;
  const crq_sensitivity *sens;
  const crq_optimize *opt;
  const crq_model *model; /* currency, names: the first or base model */
  FILE *out;
  int ja;
  int bom; /* csv: start with a byte order mark */
  crq_amount_style style;
  time_t now;
} crq_wi;

typedef char crq_wi_cell[CRQ_AMOUNT_MAX];

const char *crq_wi_tr(const crq_wi *w, const char *en, const char *ja);

/* The analysis's name: "compare", "sweep", "sensitivity", "optimize". */
const char *crq_wi_kind_key(crq_wi_kind kind);

/* "Maximum loss", "EAL", "VaR 99%", "TVaR 99%" (or in Japanese); the
 * JSON/CSV keys are crq_figure_key's (crq/analysis.h). */
const char *crq_wi_figure_name(const crq_wi *w, crq_figure f);

/* An amount to three significant figures; a signed difference ("+¥1.2B",
 * "−¥300M", "0"). */
char *crq_wi_amount(const crq_wi *w, crq_wi_cell cell, double x);
char *crq_wi_signed(const crq_wi *w, crq_wi_cell cell, double x);

/* Whether e has a standard error worth showing (not 0 up to rounding). */
int crq_wi_has_se(crq_estimate e);

/* A plain value (an axis value, a non-money input) to 6 significant
 * figures, or an amount when `amount` is set. */
char *crq_wi_value(const crq_wi *w, crq_wi_cell cell, double x, int amount);

/* The ids of model m's measures in mask, joined by sep ("" when empty). */
char *crq_wi_join_ids(const crq_model *m, uint32_t mask, const char *sep,
                      char *buf, size_t n);

/* The ids of the measures in mask, joined by ", " ("none" when empty). */
char *crq_wi_members(const crq_wi *w, uint32_t mask, char *buf, size_t n);

/* What the figures are of: "with the measures at their KPIs'
 * achievement" or "without the measures". */
const char *crq_wi_basis(const crq_wi *w, int baseline);

/* What the optimiser's figures are of: "each set of measures fully
 * achieved, the others not started". */
const char *crq_wi_subsets(const crq_wi *w);

/* "once" / "annual" / "total" and their descriptions. */
const char *crq_wi_cost_key(crq_cost_basis c);
const char *crq_wi_cost_name(const crq_wi *w, crq_cost_basis c);

/* The label of sensitivity item it: "<scenario name>: <input>". */
char *crq_wi_item_label(const crq_wi *w, const crq_sensitivity_item *it,
                        char *buf, size_t n);

/* The cells a table row of sensitivity item it (ranked rank) starts with,
 * into row[0..5]: rank, input, low and high values, EAL at either end.
 * The text is kept in cells[0..5] and label (n bytes). */
void crq_wi_sensitivity_cells(const crq_wi *w, const crq_sensitivity_item *it,
                              size_t rank, crq_wi_cell cells[6], char *label,
                              size_t n, const char *row[6]);

/* The headings of the columns crq_wi_sensitivity_cells fills, into
 * head[0..5], so that a writer's header and rows cannot drift apart. */
void crq_wi_sensitivity_head(const crq_wi *w, const char *head[6]);

/* The writers, one per format; each returns CRQ_OK or CRQ_ERR_NOMEM. */
crq_status crq_wi_text(const crq_wi *w);
crq_status crq_wi_json(const crq_wi *w);
crq_status crq_wi_csv(const crq_wi *w);
crq_status crq_wi_html(const crq_wi *w);

/* The charts of the HTML report (whatif_svg.c). */
void crq_wi_svg_sweep_line(const crq_wi *w, crq_figure f);
void crq_wi_svg_sweep_heat(const crq_wi *w, crq_figure f);
void crq_wi_svg_tornado(const crq_wi *w, crq_figure f);
void crq_wi_svg_frontier(const crq_wi *w);
void crq_wi_svg_compare(const crq_wi *w, crq_figure f);

#endif
