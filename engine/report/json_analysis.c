/* engine/report/json_analysis.c — the "analysis" object of the JSON report:
 * Shapley values and waterfall per figure, the roadmap (planned, achieved,
 * slippage) and ROSI with the risk-appetite verdicts. Field by field in
 * docs/json-schema.md; formulas in docs/kpi.md. Reductions are positive
 * numbers (baseline minus after), undefined values null.
 */
#include "analysis_sections.h"
#include "model_def.h"
#include "writers.h"

/* {"max_loss": x[0], "eal": x[1], ...}. */
static json_t *figures(crq_jb *jb, const double *x) {
  json_t *o = crq_jb_obj(jb);
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    crq_jb_set(jb, o, crq_figure_key((crq_figure)f), crq_jb_num(jb, x[f]));
  return o;
}

static json_t *measures(crq_jb *jb, const crq_analysis *a) {
  const crq_model *m = crq_analysis_model(a);
  json_t *list = crq_jb_arr(jb);
  for (size_t i = 0; i < crq_analysis_measure_count(a); i++) {
    double phi[CRQ_FIG_COUNT];
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      phi[f] = crq_analysis_shapley(a, (crq_figure)f, i);
    json_t *o = crq_jb_obj(jb);
    crq_jb_set(jb, o, "id", crq_jb_str(jb, m->measures[i].id));
    crq_jb_set(jb, o, "achievement",
               crq_jb_num(jb, crq_analysis_achievement(a, i)));
    crq_jb_set(jb, o, "shapley", figures(jb, phi));
    crq_jb_push(jb, list, o);
  }
  return list;
}

static json_t *waterfall(crq_jb *jb, const crq_analysis *a) {
  const crq_model *m = crq_analysis_model(a);
  json_t *list = crq_jb_arr(jb);
  for (size_t k = 0; k <= crq_analysis_measure_count(a); k++) {
    double x[CRQ_FIG_COUNT];
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      x[f] = crq_analysis_waterfall(a, (crq_figure)f, k);
    json_t *o = figures(jb, x);
    crq_jb_set(jb, o, "after",
               crq_jb_str(jb, k ? m->measures[k - 1].id : NULL));
    crq_jb_push(jb, list, o);
  }
  return list;
}

/* One path of a roadmap point: figures and each measure's achievement. */
static json_t *path(crq_jb *jb, const crq_analysis *a,
                    const crq_roadmap_point *p, int k) {
  const crq_model *m = crq_analysis_model(a);
  json_t *o = crq_jb_obj(jb), *ach = crq_jb_obj(jb);
  crq_jb_set(jb, o, "max_loss", crq_jb_num(jb, p->max_loss[k]));
  crq_jb_set(jb, o, "eal", crq_jb_num(jb, p->eal[k]));
  for (size_t i = 0; i < crq_analysis_measure_count(a); i++)
    crq_jb_set(jb, ach, m->measures[i].id,
               crq_jb_num(jb, p->achievement[k][i]));
  crq_jb_set(jb, o, "achievement", ach);
  return o;
}

static json_t *roadmap(crq_jb *jb, const crq_analysis *a) {
  if (crq_analysis_roadmap_count(a) == 0)
    return json_null();
  json_t *o = crq_jb_obj(jb), *list = crq_jb_arr(jb);
  crq_jb_set(jb, o, "as_of", crq_jb_str(jb, crq_analysis_as_of(a)));
  for (size_t i = 0; i < crq_analysis_roadmap_count(a); i++) {
    const crq_roadmap_point *p = crq_analysis_roadmap(a, i);
    json_t *x = crq_jb_obj(jb), *slip = crq_jb_obj(jb);
    crq_jb_set(jb, x, "date", crq_jb_str(jb, p->date));
    crq_jb_set(jb, x, "past", json_boolean(p->past));
    crq_jb_set(jb, x, "planned", path(jb, a, p, 0));
    crq_jb_set(jb, x, "achieved", path(jb, a, p, 1));
    crq_jb_set(jb, slip, "max_loss",
               crq_jb_num(jb, p->max_loss[1] - p->max_loss[0]));
    crq_jb_set(jb, slip, "eal", crq_jb_num(jb, p->eal[1] - p->eal[0]));
    crq_jb_set(jb, x, "slippage", slip);
    crq_jb_push(jb, list, x);
  }
  crq_jb_set(jb, o, "points", list);
  return o;
}

/* The verdict of every risk-appetite threshold with measure m (or
 * CRQ_NO_MEASURE / CRQ_ALL_MEASURES); null entries when not simulated. */
static json_t *verdicts(crq_jb *jb, const crq_analysis *a, size_t m) {
  json_t *list = crq_jb_arr(jb);
  for (size_t i = 0; i < crq_analysis_model(a)->n_appetite; i++) {
    crq_verdict v;
    int known = crq_analysis_verdict(a, m, i, &v) == 0;
    crq_jb_push(jb, list,
                crq_jb_str(jb, known ? crq_report_verdict_key(v) : NULL));
  }
  return list;
}

static json_t *rosi_entry(crq_jb *jb, const crq_analysis *a, size_t m) {
  crq_rosi r = crq_analysis_rosi(a, m);
  json_t *o = crq_jb_obj(jb);
  if (m != CRQ_ALL_MEASURES)
    crq_jb_set(jb, o, "id",
               crq_jb_str(jb, crq_analysis_model(a)->measures[m].id));
  crq_jb_set(jb, o, "eal_reduction", crq_jb_num(jb, r.eal_reduction));
  crq_jb_set(jb, o, "cost_once", crq_jb_num(jb, r.cost_once));
  crq_jb_set(jb, o, "cost_annual", crq_jb_num(jb, r.cost_annual));
  crq_jb_set(jb, o, "annualised_cost", crq_jb_num(jb, r.annualised_cost));
  crq_jb_set(jb, o, "rosi", crq_jb_num(jb, r.rosi));
  crq_jb_set(jb, o, "payback_years", crq_jb_num(jb, r.payback_years));
  crq_jb_set(jb, o, "appetite", verdicts(jb, a, m));
  return o;
}

static json_t *rosi(crq_jb *jb, const crq_analysis *a) {
  json_t *o = crq_jb_obj(jb), *list = crq_jb_arr(jb);
  crq_jb_set(jb, o, "amortisation_years",
             crq_jb_num(jb, crq_analysis_amortisation_years(a)));
  for (size_t m = 0; m < crq_analysis_measure_count(a); m++)
    crq_jb_push(jb, list, rosi_entry(jb, a, m));
  crq_jb_set(jb, o, "measures", list);
  crq_jb_set(jb, o, "all", rosi_entry(jb, a, CRQ_ALL_MEASURES));
  crq_jb_set(jb, o, "appetite_before", verdicts(jb, a, CRQ_NO_MEASURE));
  return o;
}

json_t *crq_json_analysis(crq_jb *jb, const crq_analysis *a) {
  if (!a)
    return json_null();
  json_t *o = crq_jb_obj(jb);
  crq_jb_set(jb, o, "simulated", json_boolean(crq_analysis_simulated(a)));
  crq_jb_set(jb, o, "evaluations", crq_jb_u64(jb, crq_analysis_evaluations(a)));
  crq_jb_set(jb, o, "measures", measures(jb, a));
  crq_jb_set(jb, o, "waterfall", waterfall(jb, a));
  crq_jb_set(jb, o, "roadmap", roadmap(jb, a));
  crq_jb_set(jb, o, "rosi", rosi(jb, a));
  return o;
}
