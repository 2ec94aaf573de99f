/* engine/report/whatif_csv.c — the what-if analyses as one CSV table in
 * long form, for spreadsheets, R and pandas. Every row has the same nine
 * columns:
 *
 *   table,item,x,y,figure,value,se,ci_low,ci_high
 *
 *   compare      table "figures" or "difference" (to the first model,
 *                paired), item = the model's label;
 *   sweep        table "sweep", x (and y for 2-D) = the axis values;
 *   sensitivity  table "base" (item empty), "low" or "high" (item = the
 *                path, x = the value assigned), "swing" (item = the path);
 *   optimize     table "frontier" or "best", item = the measure ids
 *                joined by "+", x = the cost; figure = the objective.
 *
 * figure is max_loss, eal, var99 or tvar99; amounts are in the model's
 * currency with the fewest digits (15 or 17) that read back exactly; a
 * missing number is an empty field (fields and numbers are written as in
 * the run's CSV, csv.h). RFC 4180 (CRLF, quoted fields), UTF-8,
 * optionally with a byte order mark for Excel. Keys are English whatever
 * the language.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "model_def.h"
#include "whatif_report.h"

static void row(const crq_wi *w, const char *table, const char *item, double x,
                double y, crq_figure f, crq_estimate e) {
  crq_csv_field(w->out, table);
  fputc(',', w->out);
  crq_csv_field(w->out, item);
  double num[] = {x, y, NAN, e.value, e.se, e.lo, e.hi};
  for (size_t i = 0; i < 7; i++) {
    fputc(',', w->out);
    if (i == 2)
      crq_csv_field(w->out, crq_figure_key(f));
    else
      crq_csv_number(w->out, num[i]);
  }
  fputs("\r\n", w->out);
}

static void compare_csv(const crq_wi *w) {
  const crq_compare *c = w->compare;
  for (size_t i = 0; i < crq_compare_count(c); i++)
    for (int f = 0; f < CRQ_FIG_COUNT; f++) {
      row(w, "figures", crq_compare_label(c, i), NAN, NAN, (crq_figure)f,
          crq_compare_figure(c, i, (crq_figure)f));
      if (i > 0)
        row(w, "difference", crq_compare_label(c, i), NAN, NAN, (crq_figure)f,
            crq_compare_difference(c, i, (crq_figure)f));
    }
}

static void sweep_csv(const crq_wi *w) {
  const crq_sweep *s = w->sweep;
  int two = crq_sweep_axis_count(s) > 1;
  size_t n0 = crq_sweep_axis_at(s, 0)->steps;
  size_t n1 = two ? crq_sweep_axis_at(s, 1)->steps : 1;
  for (size_t i = 0; i < n0; i++)
    for (size_t j = 0; j < n1; j++)
      for (int f = 0; f < CRQ_FIG_COUNT; f++)
        row(w, "sweep", "", crq_sweep_value(s, 0, i),
            two ? crq_sweep_value(s, 1, j) : NAN, (crq_figure)f,
            crq_sweep_figure(s, i, j, (crq_figure)f));
}

static void sensitivity_csv(const crq_wi *w) {
  const crq_sensitivity *s = w->sens;
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    row(w, "base", "", NAN, NAN, (crq_figure)f,
        crq_sensitivity_base(s)->fig[f]);
  for (size_t i = 0; i < crq_sensitivity_count(s); i++) {
    const crq_sensitivity_item *it = crq_sensitivity_at(s, i);
    for (int f = 0; f < CRQ_FIG_COUNT; f++) {
      row(w, "low", it->path, it->low, NAN, (crq_figure)f, it->at_low.fig[f]);
      row(w, "high", it->path, it->high, NAN, (crq_figure)f,
          it->at_high.fig[f]);
      row(w, "swing", it->path, NAN, NAN, (crq_figure)f,
          crq_csv_bare(it->swing[f]));
    }
  }
}

static void optimize_csv(const crq_wi *w) {
  const crq_optimize *o = w->opt;
  crq_figure f = crq_optimize_options_of(o)->objective;
  char buf[2048];
  uint32_t best = crq_optimize_best(o);
  row(w, "best", crq_wi_join_ids(w->model, best, "+", buf, sizeof buf),
      crq_optimize_cost(o, best), NAN, f,
      crq_csv_bare(crq_optimize_objective(o, best)));
  for (size_t k = 0; k < crq_optimize_frontier_count(o); k++) {
    uint32_t s = crq_optimize_frontier(o, k);
    row(w, "frontier", crq_wi_join_ids(w->model, s, "+", buf, sizeof buf),
        crq_optimize_cost(o, s), NAN, f,
        crq_csv_bare(crq_optimize_objective(o, s)));
  }
}

crq_status crq_wi_csv(const crq_wi *w) {
  if (w->bom)
    fputs("\xEF\xBB\xBF", w->out);
  fputs("table,item,x,y,figure,value,se,ci_low,ci_high\r\n", w->out);
  switch (w->kind) {
  case CRQ_WI_COMPARE:
    compare_csv(w);
    break;
  case CRQ_WI_SWEEP:
    sweep_csv(w);
    break;
  case CRQ_WI_SENSITIVITY:
    sensitivity_csv(w);
    break;
  case CRQ_WI_OPTIMIZE:
    optimize_csv(w);
    break;
  }
  return CRQ_OK;
}
