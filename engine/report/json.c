/* engine/report/json.c — the JSON report, schema "crq-result/1"
 * (docs/json-schema.md): every figure of a run, for dashboards, scripts and
 * regression comparisons.
 *
 * Everything that depends only on (model, trials, seed) comes first; facts
 * about the particular execution (threads, elapsed time, timestamp, crq
 * version) sit in one "run" object, so two runs can be compared byte for
 * byte once "run" is dropped. Numbers are written with 17 significant
 * digits so they read back exactly; non-finite values are written null.
 */
#include <jansson.h>
#include <math.h>
#include <time.h>

#include "analysis_sections.h"
#include "crq/crq.h"
#include "json_build.h"
#include "model_def.h"
#include "writers.h"

static json_t *settings(crq_jb *jb, const crq_result *r) {
  const crq_model *m = crq_result_model(r);
  json_t *o = crq_jb_obj(jb), *model = crq_jb_obj(jb);
  json_t *variants = crq_jb_arr(jb), *scen = crq_jb_arr(jb);
  crq_jb_set(jb, o, "trials", crq_jb_u64(jb, crq_result_trials(r)));
  crq_jb_set(jb, o, "seed", crq_jb_u64(jb, crq_result_seed(r)));
  crq_jb_set(jb, o, "streaming", json_boolean(crq_result_streaming(r)));
  for (int v = 0; v < crq_result_variant_count(r); v++)
    crq_jb_push(jb, variants, crq_jb_str(jb, crq_jb_variant(v)));
  crq_jb_set(jb, o, "variants", variants);
  crq_jb_set(jb, model, "name", crq_jb_str(jb, crq_model_name(m)));
  crq_jb_set(jb, model, "file", crq_jb_str(jb, m->file));
  crq_jb_set(jb, model, "format_version", crq_jb_u64(jb, (uint64_t)m->version));
  crq_jb_set(jb, model, "currency", crq_jb_str(jb, crq_model_currency(m)));
  crq_jb_set(jb, model, "worst_case_quantile",
             crq_jb_num(jb, m->settings.worst_case_quantile));
  for (size_t i = 0; i < crq_model_scenario_count(m); i++) {
    json_t *s = crq_jb_obj(jb);
    crq_jb_set(jb, s, "id", crq_jb_str(jb, crq_model_scenario_id(m, i)));
    crq_jb_set(jb, s, "name", crq_jb_str(jb, crq_model_scenario_name(m, i)));
    crq_jb_push(jb, scen, s);
  }
  crq_jb_set(jb, model, "scenarios", scen);
  crq_jb_set(jb, o, "model", model);
  return o;
}

/* Worst case of scenario i in variant v: total and every category. */
static json_t *worst_scenario(crq_jb *jb, const crq_result *r, crq_variant v,
                              size_t i) {
  const crq_model *m = crq_result_model(r);
  json_t *o = crq_jb_obj(jb), *cats = crq_jb_obj(jb);
  crq_jb_set(jb, o, "id", crq_jb_str(jb, crq_model_scenario_id(m, i)));
  crq_jb_set(jb, o, "total",
             crq_jb_num(jb, crq_result_worst_case(r, v, i, CRQ_CAT_COUNT)));
  for (int k = 0; k < CRQ_CAT_COUNT; k++)
    crq_jb_set(jb, cats, crq_category_key((crq_category)k),
               crq_jb_num(jb, crq_result_worst_case(r, v, i, (crq_category)k)));
  crq_jb_set(jb, o, "categories", cats);
  return o;
}

static json_t *max_loss(crq_jb *jb, const crq_result *r) {
  const crq_model *m = crq_result_model(r);
  json_t *o = crq_jb_obj(jb);
  for (int v = 0; v < crq_result_variant_count(r); v++) {
    crq_variant vv = (crq_variant)v;
    json_t *x = crq_jb_obj(jb), *list = crq_jb_arr(jb);
    crq_jb_set(jb, x, "total", crq_jb_num(jb, crq_result_max_loss(r, vv)));
    crq_jb_set(jb, x, "scenario",
               crq_jb_str(jb, crq_model_scenario_id(
                                  m, crq_result_worst_scenario(r, vv))));
    for (size_t i = 0; i < crq_model_scenario_count(m); i++)
      crq_jb_push(jb, list, worst_scenario(jb, r, vv, i));
    crq_jb_set(jb, x, "scenarios", list);
    crq_jb_set(jb, o, crq_jb_variant(v), x);
  }
  return o;
}

/* Mean, SD, largest simulated loss, VaR and TVaR on one basis. */
static json_t *basis_stats(crq_jb *jb, const crq_result *r, crq_variant v,
                           crq_basis b) {
  json_t *o = crq_jb_obj(jb), *var = crq_jb_arr(jb), *tvar = crq_jb_arr(jb);
  crq_jb_set(jb, o, "mean", crq_jb_est(jb, NULL, 0, crq_result_mean(r, v, b)));
  crq_jb_set(jb, o, "sd", crq_jb_num(jb, crq_result_sd(r, v, b)));
  crq_jb_set(jb, o, "max_simulated",
             crq_jb_num(jb, crq_result_max_simulated(r, v, b)));
  for (int i = 0; i < CRQ_REPORT_N_LEVELS; i++) {
    double p = crq_report_levels[i];
    crq_jb_push(jb, var,
                crq_jb_est(jb, "p", p, crq_result_quantile(r, v, b, p)));
    crq_jb_push(jb, tvar, crq_jb_est(jb, "p", p, crq_result_tvar(r, v, b, p)));
  }
  crq_jb_set(jb, o, "var", var);
  crq_jb_set(jb, o, "tvar", tvar);
  return o;
}

static json_t *statistics(crq_jb *jb, const crq_result *r) {
  json_t *o = crq_jb_obj(jb);
  for (int v = 0; v < crq_result_variant_count(r); v++) {
    crq_variant vv = (crq_variant)v;
    json_t *x = crq_jb_obj(jb);
    crq_jb_set(jb, x, "eal", crq_jb_est(jb, NULL, 0, crq_result_eal(r, vv)));
    crq_jb_set(jb, x, "aep", basis_stats(jb, r, vv, CRQ_AEP));
    crq_jb_set(jb, x, "oep", basis_stats(jb, r, vv, CRQ_OEP));
    crq_jb_set(jb, o, crq_jb_variant(v), x);
  }
  return o;
}

static json_t *return_periods(crq_jb *jb, const crq_result *r) {
  json_t *o = crq_jb_obj(jb);
  for (int v = 0; v < crq_result_variant_count(r); v++) {
    json_t *list = crq_jb_arr(jb);
    for (int i = 0; i < CRQ_REPORT_N_PERIODS; i++) {
      double years = crq_report_periods[i];
      json_t *row = crq_jb_obj(jb);
      crq_jb_set(jb, row, "years", crq_jb_num(jb, years));
      crq_jb_set(jb, row, "probability", crq_jb_num(jb, 1 / years));
      for (int b = 0; b < 2; b++)
        crq_jb_set(jb, row, b == CRQ_AEP ? "aep" : "oep",
                   crq_jb_est(jb, NULL, 0,
                              crq_result_return_period(r, (crq_variant)v,
                                                       (crq_basis)b, years)));
      crq_jb_push(jb, list, row);
    }
    crq_jb_set(jb, o, crq_jb_variant(v), list);
  }
  return o;
}

/* The loss exceedance curve on the shared grid of writers.h. */
static json_t *lec(crq_jb *jb, const crq_result *r) {
  double top = crq_report_lec_top(r);
  double lo = top * pow(10, -CRQ_REPORT_LEC_DECADES);
  json_t *o = crq_jb_obj(jb);
  for (int v = 0; v < crq_result_variant_count(r); v++) {
    json_t *x = crq_jb_obj(jb);
    for (int b = 0; b < 2; b++) {
      json_t *curve = crq_jb_arr(jb);
      for (int i = 0; top > 0 && i < CRQ_REPORT_LEC_POINTS; i++) {
        double loss = crq_report_log_point(lo, top, i, CRQ_REPORT_LEC_POINTS);
        crq_estimate e =
            crq_result_exceedance(r, (crq_variant)v, (crq_basis)b, loss);
        json_t *pt = crq_jb_obj(jb);
        crq_jb_set(jb, pt, "loss", crq_jb_num(jb, loss));
        crq_jb_set(jb, pt, "p", crq_jb_num(jb, e.value));
        crq_jb_set(jb, pt, "se", crq_jb_num(jb, e.se));
        crq_jb_push(jb, curve, pt);
      }
      crq_jb_set(jb, x, b == CRQ_AEP ? "aep" : "oep", curve);
    }
    crq_jb_set(jb, o, crq_jb_variant(v), x);
  }
  return o;
}

static json_t *run_facts(crq_jb *jb, const crq_result *r, time_t now) {
  json_t *o = crq_jb_obj(jb);
  crq_jb_set(jb, o, "crq_version", crq_jb_str(jb, crq_version()));
  crq_jb_set(jb, o, "threads", crq_jb_u64(jb, (uint64_t)crq_result_threads(r)));
  crq_jb_set(jb, o, "elapsed_seconds", crq_jb_num(jb, crq_result_seconds(r)));
  crq_jb_set(jb, o, "timestamp", crq_jb_stamp(jb, now));
  return o;
}

crq_status crq_report_json(const crq_result *r, const crq_report_options *opts,
                           FILE *out) {
  crq_jb jb = {0};
  const crq_model *m = crq_result_model(r);
  json_t *root = crq_jb_obj(&jb);
  crq_jb_set(&jb, root, "schema", crq_jb_str(&jb, "crq-result/1"));
  crq_jb_set(&jb, root, "settings", settings(&jb, r));
  crq_jb_set(&jb, root, "max_loss", max_loss(&jb, r));
  crq_jb_set(&jb, root, "statistics", statistics(&jb, r));
  crq_jb_set(&jb, root, "return_periods", return_periods(&jb, r));
  crq_jb_set(&jb, root, "lec", lec(&jb, r));
  crq_jb_set(&jb, root, "contributions", crq_json_contributions(&jb, r));
  crq_jb_set(&jb, root, "reductions", crq_json_reductions(&jb, r));
  crq_jb_set(&jb, root, "appetite", crq_json_appetite(&jb, r));
  crq_jb_set(&jb, root, "kpis", crq_json_kpis(&jb, m));
  crq_jb_set(&jb, root, "measures", crq_json_measures(&jb, m));
  crq_jb_set(&jb, root, "analysis", crq_json_analysis(&jb, opts->analysis));
  crq_jb_set(&jb, root, "run",
             run_facts(&jb, r, opts->now ? opts->now : time(NULL)));
  crq_status s = CRQ_ERR_NOMEM;
  if (!jb.oom &&
      json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) == 0) {
    fputc('\n', out);
    s = CRQ_OK;
  } else if (!jb.oom) {
    s = CRQ_ERR_IO;
  }
  json_decref(root);
  return s;
}
