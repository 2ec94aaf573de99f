/* engine/report/csv_analysis.c — the analysis's tables in the CSV report
 * (docs/reports.md lists them), in the ten columns of every row:
 *
 *   shapley              variant: measure id or "all"; the reduction of
 *                        each figure (positive lowers it)
 *   waterfall            variant: "baseline", then the id of the measure
 *                        just added; the figure with the measures so far
 *   rosi                 variant: measure id or "all"; item: achievement,
 *                        eal_reduction, cost_once, cost_annual,
 *                        annualised_cost, rosi, payback_years; parameter:
 *                        the amortisation years
 *   appetite_by_measure  variant: "none", measure id (alone) or "all";
 *                        item: the threshold; verdict
 *   roadmap_max_loss,    variant: planned, achieved or slippage; item: the
 *   roadmap_eal          step's date; parameter: days after the as-of date
 *                        (≤ 0: on or before it)
 *
 * The figures (max_loss, eal, var, tvar) are keyed as in the summary table:
 * basis "" or "aep", parameter 0.99 for var and tvar. Every number is the
 * analysis's own (crq/analysis.h), so the CSV, JSON, text, HTML and Excel
 * reports agree.
 */
#include <math.h>

#include "analysis/date.h"
#include "csv.h"
#include "model_def.h"
#include "writers.h"

/* How a figure is keyed: basis, item and parameter. */
static const struct {
  const char *basis, *item;
  double parameter;
} figures[CRQ_FIG_COUNT] = {
    {"", "max_loss", NAN},
    {"aep", "eal", NAN},
    {"aep", "var", 0.99},
    {"aep", "tvar", 0.99},
};

static void figure_row(const crq_csv *c, const char *table, const char *variant,
                       int f, double value) {
  crq_csv_row(c, table, variant, figures[f].basis, figures[f].item,
              figures[f].parameter, crq_csv_bare(value), NULL);
}

static void shapley(const crq_csv *c, const crq_analysis *a) {
  const crq_model *m = crq_analysis_model(a);
  size_t M = crq_analysis_measure_count(a);
  for (size_t i = 0; i < M; i++)
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      figure_row(c, "shapley", m->measures[i].id, f,
                 crq_analysis_shapley(a, (crq_figure)f, i));
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    figure_row(c, "shapley", "all", f,
               crq_analysis_waterfall(a, (crq_figure)f, 0) -
                   crq_analysis_waterfall(a, (crq_figure)f, M));
}

static void waterfall(const crq_csv *c, const crq_analysis *a) {
  const crq_model *m = crq_analysis_model(a);
  for (size_t k = 0; k <= crq_analysis_measure_count(a); k++)
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      figure_row(c, "waterfall", k ? m->measures[k - 1].id : "baseline", f,
                 crq_analysis_waterfall(a, (crq_figure)f, k));
}

/* The rows of measure i (or CRQ_ALL_MEASURES, named "all"). */
static void rosi(const crq_csv *c, const crq_analysis *a, size_t i) {
  const char *id =
      i == CRQ_ALL_MEASURES ? "all" : crq_analysis_model(a)->measures[i].id;
  double years = crq_analysis_amortisation_years(a);
  crq_rosi r = crq_analysis_rosi(a, i);
  if (i != CRQ_ALL_MEASURES)
    crq_csv_row(c, "rosi", id, "", "achievement", years,
                crq_csv_bare(crq_analysis_achievement(a, i)), NULL);
  const struct {
    const char *item;
    double value;
  } items[] = {{"eal_reduction", r.eal_reduction},
               {"cost_once", r.cost_once},
               {"cost_annual", r.cost_annual},
               {"annualised_cost", r.annualised_cost},
               {"rosi", r.rosi},
               {"payback_years", r.payback_years}};
  for (size_t k = 0; k < sizeof items / sizeof items[0]; k++)
    crq_csv_row(c, "rosi", id, "", items[k].item, years,
                crq_csv_bare(items[k].value), NULL);
}

/* The verdict of every threshold with measure i alone (or CRQ_NO_MEASURE,
 * CRQ_ALL_MEASURES), as variant `name`. */
static void verdicts(const crq_csv *c, const crq_analysis *a, size_t i,
                     const char *name) {
  const crq_model *m = crq_analysis_model(a);
  for (size_t t = 0; t < m->n_appetite; t++) {
    crq_verdict v;
    int known = crq_analysis_verdict(a, i, t, &v) == 0;
    crq_csv_row(c, "appetite_by_measure", name,
                crq_csv_basis(m->appetite[t].oep ? CRQ_OEP : CRQ_AEP),
                m->appetite[t].name, m->appetite[t].return_period,
                crq_csv_bare(NAN), known ? crq_report_verdict_key(v) : NULL);
  }
}

static void roadmap(const crq_csv *c, const crq_analysis *a) {
  long as_of;
  if (crq_date_parse(crq_analysis_as_of(a), &as_of) != 0)
    return;
  static const char *const paths[2] = {"planned", "achieved"};
  for (int f = 0; f < 2; f++) {
    const char *table = f ? "roadmap_eal" : "roadmap_max_loss";
    for (size_t i = 0; i < crq_analysis_roadmap_count(a); i++) {
      const crq_roadmap_point *p = crq_analysis_roadmap(a, i);
      const double *x = f ? p->eal : p->max_loss;
      long day = as_of;
      crq_date_parse(p->date, &day);
      double after = (double)(day - as_of);
      for (int k = 0; k < 2; k++)
        crq_csv_row(c, table, paths[k], f ? "aep" : "", p->date, after,
                    crq_csv_bare(x[k]), NULL);
      crq_csv_row(c, table, "slippage", f ? "aep" : "", p->date, after,
                  crq_csv_bare(x[1] - x[0]), NULL);
    }
  }
}

void crq_csv_analysis(const crq_csv *c, const crq_analysis *a) {
  if (!a || crq_analysis_measure_count(a) == 0)
    return;
  const crq_model *m = crq_analysis_model(a);
  shapley(c, a);
  waterfall(c, a);
  for (size_t i = 0; i < m->n_measures; i++)
    rosi(c, a, i);
  rosi(c, a, CRQ_ALL_MEASURES);
  verdicts(c, a, CRQ_NO_MEASURE, "none");
  for (size_t i = 0; i < m->n_measures; i++)
    verdicts(c, a, i, m->measures[i].id);
  verdicts(c, a, CRQ_ALL_MEASURES, "all");
  roadmap(c, a);
}
