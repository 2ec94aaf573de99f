/* engine/report/json_parts.c — the parts of the JSON report beyond the
 * loss statistics: contributions, paired reductions, risk-appetite
 * verdicts, and the KPIs and measures of the model with their achievement
 * and costs (the story behind "after measures"). */
#include <stdlib.h>

#include "compile/achievement.h"
#include "crq/crq.h"
#include "json_build.h"
#include "model_def.h"
#include "writers.h"

/* {"key"/"id": name, "eal": estimate, "tvar": number}. */
static json_t *contribution(crq_jb *jb, const char *idkey, const char *id,
                            crq_estimate eal, double tvar) {
  json_t *o = crq_jb_obj(jb);
  crq_jb_set(jb, o, idkey, crq_jb_str(jb, id));
  crq_jb_set(jb, o, "eal", crq_jb_est(jb, NULL, 0, eal));
  crq_jb_set(jb, o, "tvar", crq_jb_num(jb, tvar));
  return o;
}

json_t *crq_json_contributions(crq_jb *jb, const crq_result *r) {
  const crq_model *m = crq_result_model(r);
  json_t *o = crq_jb_obj(jb);
  for (int v = 0; v < crq_result_variant_count(r); v++) {
    crq_variant vv = (crq_variant)v;
    json_t *x = crq_jb_obj(jb), *cats = crq_jb_arr(jb), *scen = crq_jb_arr(jb);
    crq_jb_set(jb, x, "tvar_p", crq_jb_num(jb, CRQ_REPORT_TAIL));
    for (int k = 0; k < CRQ_CAT_COUNT; k++) {
      crq_category c = (crq_category)k;
      json_t *e = contribution(
          jb, "key", crq_category_key(c), crq_result_category_eal(r, vv, c),
          crq_result_category_tvar(r, vv, c, CRQ_REPORT_TAIL));
      crq_jb_set(jb, e, "direct", json_boolean(k < CRQ_CAT_DIRECT_COUNT));
      crq_jb_push(jb, cats, e);
    }
    for (size_t i = 0; i < crq_model_scenario_count(m); i++)
      crq_jb_push(
          jb, scen,
          contribution(jb, "id", crq_model_scenario_id(m, i),
                       crq_result_scenario_eal(r, vv, i),
                       crq_result_scenario_tvar(r, vv, i, CRQ_REPORT_TAIL)));
    crq_jb_set(jb, x, "categories", cats);
    crq_jb_set(jb, x, "scenarios", scen);
    crq_jb_set(jb, o, crq_jb_variant(v), x);
  }
  return o;
}

json_t *crq_json_reductions(crq_jb *jb, const crq_result *r) {
  if (crq_result_variant_count(r) < 2)
    return json_null();
  json_t *o = crq_jb_obj(jb), *var = crq_jb_arr(jb), *tvar = crq_jb_arr(jb);
  crq_jb_set(jb, o, "eal",
             crq_jb_est(jb, NULL, 0, crq_result_reduction_eal(r)));
  for (int i = 0; i < CRQ_REPORT_N_LEVELS; i++) {
    double p = crq_report_levels[i];
    crq_jb_push(jb, var,
                crq_jb_est(jb, "p", p, crq_result_reduction_quantile(r, p)));
    crq_jb_push(jb, tvar,
                crq_jb_est(jb, "p", p, crq_result_reduction_tvar(r, p)));
  }
  crq_jb_set(jb, o, "var", var);
  crq_jb_set(jb, o, "tvar", tvar);
  return o;
}

json_t *crq_json_appetite(crq_jb *jb, const crq_result *r) {
  const crq_model *m = crq_result_model(r);
  json_t *list = crq_jb_arr(jb);
  for (size_t i = 0; i < m->n_appetite; i++) {
    const crq_appetite *a = &m->appetite[i];
    json_t *o = crq_jb_obj(jb);
    crq_jb_set(jb, o, "name", crq_jb_str(jb, a->name));
    crq_jb_set(jb, o, "basis", crq_jb_str(jb, a->oep ? "oep" : "aep"));
    crq_jb_set(jb, o, "return_period", crq_jb_num(jb, a->return_period));
    crq_jb_set(jb, o, "limit", crq_jb_num(jb, a->limit));
    for (int v = 0; v < crq_result_variant_count(r); v++) {
      crq_estimate loss, prob;
      crq_verdict verdict =
          crq_result_appetite(r, (crq_variant)v, i, &loss, &prob);
      json_t *x = crq_jb_obj(jb);
      crq_jb_set(jb, x, "verdict",
                 crq_jb_str(jb, crq_report_verdict_key(verdict)));
      crq_jb_set(jb, x, "loss_at_return_period", crq_jb_est(jb, NULL, 0, loss));
      crq_jb_set(jb, x, "exceedance_probability",
                 crq_jb_est(jb, NULL, 0, prob));
      crq_jb_set(jb, o, crq_jb_variant(v), x);
    }
    crq_jb_push(jb, list, o);
  }
  return list;
}

/* A "YYYY-MM-DD" string, or null when the date was not given. */
static json_t *date(crq_jb *jb, const char *d) {
  return crq_jb_str(jb, d[0] ? d : NULL);
}

static json_t *kpi(crq_jb *jb, const crq_kpi *k, double achievement) {
  json_t *o = crq_jb_obj(jb), *actuals = crq_jb_arr(jb);
  crq_jb_set(jb, o, "id", crq_jb_str(jb, k->id));
  crq_jb_set(jb, o, "catalogue", crq_jb_str(jb, k->catalogue_id));
  crq_jb_set(jb, o, "name", crq_jb_str(jb, k->name));
  crq_jb_set(jb, o, "unit", crq_jb_str(jb, k->unit));
  crq_jb_set(jb, o, "owner", crq_jb_str(jb, k->owner));
  crq_jb_set(jb, o, "lower_is_better", json_boolean(k->lower_is_better));
  crq_jb_set(jb, o, "plan", crq_jb_num(jb, k->plan));
  crq_jb_set(jb, o, "baseline", crq_jb_num(jb, k->baseline));
  crq_jb_set(jb, o, "actual", crq_jb_num(jb, k->actual));
  crq_jb_set(jb, o, "achievement", crq_jb_num(jb, achievement));
  crq_jb_set(jb, o, "start", date(jb, k->start));
  crq_jb_set(jb, o, "due", date(jb, k->due));
  for (size_t i = 0; i < k->n_actuals; i++) {
    json_t *a = crq_jb_obj(jb);
    crq_jb_set(jb, a, "date", crq_jb_str(jb, k->actuals[i].date));
    crq_jb_set(jb, a, "value", crq_jb_num(jb, k->actuals[i].value));
    crq_jb_push(jb, actuals, a);
  }
  crq_jb_set(jb, o, "actuals", actuals);
  return o;
}

/* Every KPI's achievement at its latest actual (NULL, recorded in jb,
 * when out of memory; a model without KPIs gets a valid one-element
 * buffer). */
static double *achievements(crq_jb *jb, const crq_model *m) {
  double *a = malloc((m->n_kpis ? m->n_kpis : 1) * sizeof *a);
  if (a)
    crq_kpi_achievements(m, a);
  else
    jb->oom = 1;
  return a;
}

json_t *crq_json_kpis(crq_jb *jb, const crq_model *m) {
  double *a = achievements(jb, m);
  json_t *list = crq_jb_arr(jb);
  for (size_t i = 0; a && i < m->n_kpis; i++)
    crq_jb_push(jb, list, kpi(jb, &m->kpis[i], a[i]));
  free(a);
  return list;
}

json_t *crq_json_measures(crq_jb *jb, const crq_model *m) {
  double *a = achievements(jb, m);
  json_t *list = crq_jb_arr(jb);
  for (size_t i = 0; a && i < m->n_measures; i++) {
    const crq_measure *x = &m->measures[i];
    json_t *o = crq_jb_obj(jb), *kpis = crq_jb_arr(jb);
    crq_jb_set(jb, o, "id", crq_jb_str(jb, x->id));
    crq_jb_set(jb, o, "name", crq_jb_str(jb, x->name));
    crq_jb_set(jb, o, "cost_once", crq_jb_num(jb, x->cost_once));
    crq_jb_set(jb, o, "cost_annual", crq_jb_num(jb, x->cost_annual));
    for (size_t k = 0; k < x->n_kpis; k++)
      crq_jb_push(jb, kpis, crq_jb_str(jb, m->kpis[x->kpis[k]].id));
    crq_jb_set(jb, o, "kpis", kpis);
    crq_jb_set(jb, o, "achievement",
               crq_jb_num(jb, crq_measure_achievement(m, i, a)));
    crq_jb_set(jb, o, "effects", crq_jb_u64(jb, x->n_effects));
    crq_jb_push(jb, list, o);
  }
  free(a);
  return list;
}
