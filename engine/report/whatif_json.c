/* engine/report/whatif_json.c — the what-if analyses as JSON, schema
 * "crq-whatif/1" (docs/what-if.md lists every field).
 *
 * One object: "schema", "analysis" (compare, sweep, sensitivity or
 * optimize), "model" (name, file, currency), "trials" and "seed" shared
 * by every variant, "baseline" (figures without the measures), the
 * analysis's own part and "run" (crq version, timestamp). Figures are
 * objects {value, se, lo, hi}; amounts are in the model's currency with
 * 17 significant digits; non-finite numbers are null.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "crq/version.h"
#include "json_build.h"
#include "model_def.h"
#include "whatif_report.h"
#include "writers.h"

/* {max_loss: {...}, eal: {...}, var99: {...}, tvar99: {...}}. */
static json_t *figures(crq_jb *jb, const crq_figures *f) {
  json_t *o = crq_jb_obj(jb);
  for (int k = 0; k < CRQ_FIG_COUNT; k++)
    crq_jb_set(jb, o, crq_figure_key((crq_figure)k),
               crq_jb_est(jb, NULL, 0, f->fig[k]));
  return o;
}

static json_t *model_facts(crq_jb *jb, const crq_model *m) {
  json_t *o = crq_jb_obj(jb);
  crq_jb_set(jb, o, "name", crq_jb_str(jb, m->name));
  crq_jb_set(jb, o, "file", crq_jb_str(jb, m->file));
  crq_jb_set(jb, o, "currency", crq_jb_str(jb, m->currency));
  return o;
}

static json_t *appetite(crq_jb *jb, const crq_compare *c, size_t i) {
  const crq_result *r = crq_compare_result(c, i);
  const crq_model *m = crq_result_model(r);
  json_t *list = crq_jb_arr(jb);
  for (size_t k = 0; k < m->n_appetite; k++) {
    crq_estimate q, p;
    crq_verdict v =
        crq_result_appetite(r, crq_compare_variant(c, i), k, &q, &p);
    json_t *o = crq_jb_obj(jb);
    crq_jb_set(jb, o, "name", crq_jb_str(jb, m->appetite[k].name));
    crq_jb_set(jb, o, "verdict", crq_jb_str(jb, crq_report_verdict_key(v)));
    crq_jb_set(jb, o, "limit", crq_jb_num(jb, m->appetite[k].limit));
    crq_jb_set(jb, o, "loss_at_return_period", crq_jb_est(jb, NULL, 0, q));
    crq_jb_set(jb, o, "exceedance_probability", crq_jb_est(jb, NULL, 0, p));
    crq_jb_push(jb, list, o);
  }
  return list;
}

static void compare_json(crq_jb *jb, json_t *root, const crq_compare *c) {
  json_t *list = crq_jb_arr(jb);
  for (size_t i = 0; i < crq_compare_count(c); i++) {
    const crq_result *r = crq_compare_result(c, i);
    crq_figures f, d;
    for (int k = 0; k < CRQ_FIG_COUNT; k++) {
      f.fig[k] = crq_compare_figure(c, i, (crq_figure)k);
      d.fig[k] = crq_compare_difference(c, i, (crq_figure)k);
    }
    json_t *o = crq_jb_obj(jb);
    crq_jb_set(jb, o, "label", crq_jb_str(jb, crq_compare_label(c, i)));
    crq_jb_set(jb, o, "model", model_facts(jb, crq_result_model(r)));
    crq_jb_set(jb, o, "variant",
               crq_jb_str(jb, crq_jb_variant(crq_compare_variant(c, i))));
    crq_jb_set(jb, o, "figures", figures(jb, &f));
    crq_jb_set(jb, o, "difference", i ? figures(jb, &d) : json_null());
    crq_jb_set(jb, o, "appetite", appetite(jb, c, i));
    crq_jb_push(jb, list, o);
  }
  crq_jb_set(jb, root, "models", list);
}

static void sweep_json(crq_jb *jb, json_t *root, const crq_sweep *s) {
  json_t *axes = crq_jb_arr(jb), *points = crq_jb_arr(jb);
  size_t n_axes = crq_sweep_axis_count(s);
  for (size_t a = 0; a < n_axes; a++) {
    const crq_sweep_axis *x = crq_sweep_axis_at(s, a);
    json_t *o = crq_jb_obj(jb), *values = crq_jb_arr(jb);
    crq_jb_set(jb, o, "path", crq_jb_str(jb, x->path));
    crq_jb_set(jb, o, "from", crq_jb_num(jb, x->from));
    crq_jb_set(jb, o, "to", crq_jb_num(jb, x->to));
    crq_jb_set(jb, o, "steps", crq_jb_u64(jb, x->steps));
    crq_jb_set(jb, o, "reloaded", json_boolean(!crq_sweep_axis_cheap(s, a)));
    for (size_t i = 0; i < x->steps; i++)
      crq_jb_push(jb, values, crq_jb_num(jb, crq_sweep_value(s, a, i)));
    crq_jb_set(jb, o, "values", values);
    crq_jb_push(jb, axes, o);
  }
  size_t n0 = crq_sweep_axis_at(s, 0)->steps;
  size_t n1 = n_axes > 1 ? crq_sweep_axis_at(s, 1)->steps : 1;
  for (size_t i = 0; i < n0; i++)
    for (size_t j = 0; j < n1; j++) {
      json_t *o = crq_jb_obj(jb), *at = crq_jb_arr(jb);
      crq_figures f;
      for (int k = 0; k < CRQ_FIG_COUNT; k++)
        f.fig[k] = crq_sweep_figure(s, i, j, (crq_figure)k);
      crq_jb_push(jb, at, crq_jb_num(jb, crq_sweep_value(s, 0, i)));
      if (n_axes > 1)
        crq_jb_push(jb, at, crq_jb_num(jb, crq_sweep_value(s, 1, j)));
      crq_jb_set(jb, o, "at", at);
      crq_jb_set(jb, o, "figures", figures(jb, &f));
      crq_jb_push(jb, points, o);
    }
  crq_jb_set(jb, root, "axes", axes);
  crq_jb_set(jb, root, "points", points);
}

static json_t *sensitivity_item(crq_jb *jb, const crq_model *m,
                                const crq_sensitivity_item *it, size_t rank) {
  static const char *const kinds[] = {"distribution", "constant", "frequency"};
  json_t *o = crq_jb_obj(jb), *swing = crq_jb_obj(jb);
  crq_jb_set(jb, o, "rank", crq_jb_u64(jb, rank));
  crq_jb_set(jb, o, "path", crq_jb_str(jb, it->path));
  crq_jb_set(jb, o, "scenario", crq_jb_str(jb, m->scenarios[it->scenario].id));
  crq_jb_set(jb, o, "input", crq_jb_str(jb, it->input));
  crq_jb_set(jb, o, "kind", crq_jb_str(jb, kinds[it->kind]));
  crq_jb_set(jb, o, "amount", json_boolean(it->amount));
  crq_jb_set(jb, o, "base", crq_jb_num(jb, it->base));
  crq_jb_set(jb, o, "low", crq_jb_num(jb, it->low));
  crq_jb_set(jb, o, "high", crq_jb_num(jb, it->high));
  crq_jb_set(jb, o, "at_low", figures(jb, &it->at_low));
  crq_jb_set(jb, o, "at_high", figures(jb, &it->at_high));
  for (int k = 0; k < CRQ_FIG_COUNT; k++)
    crq_jb_set(jb, swing, crq_figure_key((crq_figure)k),
               crq_jb_num(jb, it->swing[k]));
  crq_jb_set(jb, o, "swing", swing);
  return o;
}

static void sensitivity_json(crq_jb *jb, json_t *root,
                             const crq_sensitivity *s) {
  const crq_sensitivity_options *o = crq_sensitivity_options_of(s);
  json_t *items = crq_jb_arr(jb);
  crq_jb_set(jb, root, "swing", crq_jb_num(jb, o->swing));
  crq_jb_set(jb, root, "p_low", crq_jb_num(jb, o->p_low));
  crq_jb_set(jb, root, "p_high", crq_jb_num(jb, o->p_high));
  crq_jb_set(jb, root, "base", figures(jb, crq_sensitivity_base(s)));
  for (size_t i = 0; i < crq_sensitivity_count(s); i++)
    crq_jb_push(jb, items,
                sensitivity_item(jb, crq_sensitivity_model(s),
                                 crq_sensitivity_at(s, i), i + 1));
  crq_jb_set(jb, root, "inputs", items);
}

/* A subset: its measures, cost, objective and reduction. */
static json_t *subset(crq_jb *jb, const crq_optimize *o, uint32_t mask) {
  const crq_model *m = crq_optimize_model(o);
  json_t *x = crq_jb_obj(jb), *ids = crq_jb_arr(jb);
  for (size_t i = 0; i < m->n_measures; i++)
    if ((mask >> i) & 1)
      crq_jb_push(jb, ids, crq_jb_str(jb, m->measures[i].id));
  crq_jb_set(jb, x, "measures", ids);
  crq_jb_set(jb, x, "cost", crq_jb_num(jb, crq_optimize_cost(o, mask)));
  crq_jb_set(jb, x, "objective",
             crq_jb_num(jb, crq_optimize_objective(o, mask)));
  crq_jb_set(jb, x, "reduction",
             crq_jb_num(jb, crq_optimize_objective(o, 0) -
                                crq_optimize_objective(o, mask)));
  return x;
}

static void optimize_json(crq_jb *jb, json_t *root, const crq_optimize *o) {
  const crq_optimize_options *op = crq_optimize_options_of(o);
  const crq_model *m = crq_optimize_model(o);
  uint32_t best = crq_optimize_best(o);
  json_t *measures = crq_jb_arr(jb), *frontier = crq_jb_arr(jb);
  json_t *b = subset(jb, o, best);
  crq_jb_set(jb, b, "reduction",
             crq_jb_est(jb, NULL, 0, crq_optimize_reduction(o)));
  crq_jb_set(jb, root, "objective",
             crq_jb_str(jb, crq_figure_key(op->objective)));
  crq_jb_set(jb, root, "cost_basis", crq_jb_str(jb, crq_wi_cost_key(op->cost)));
  crq_jb_set(jb, root, "budget", crq_jb_num(jb, op->budget));
  crq_jb_set(jb, root, "evaluations",
             crq_jb_u64(jb, crq_optimize_evaluations(o)));
  crq_jb_set(jb, root, "nothing_funded",
             crq_jb_num(jb, crq_optimize_objective(o, 0)));
  crq_jb_set(jb, root, "best", b);
  for (size_t i = 0; i < m->n_measures; i++) {
    json_t *x = crq_jb_obj(jb);
    crq_jb_set(jb, x, "id", crq_jb_str(jb, m->measures[i].id));
    crq_jb_set(jb, x, "name", crq_jb_str(jb, m->measures[i].name));
    crq_jb_set(jb, x, "cost_once", crq_jb_num(jb, m->measures[i].cost_once));
    crq_jb_set(jb, x, "cost_annual",
               crq_jb_num(jb, m->measures[i].cost_annual));
    crq_jb_set(jb, x, "cost",
               crq_jb_num(jb, crq_optimize_cost(o, (uint32_t)1 << i)));
    crq_jb_set(jb, x, "funded", json_boolean((best >> i) & 1));
    crq_jb_push(jb, measures, x);
  }
  crq_jb_set(jb, root, "measures", measures);
  for (size_t k = 0; k < crq_optimize_frontier_count(o); k++)
    crq_jb_push(jb, frontier, subset(jb, o, crq_optimize_frontier(o, k)));
  crq_jb_set(jb, root, "frontier", frontier);
}

/* Trials, seed and basis of the analysis. */
static void settings(crq_jb *jb, json_t *root, const crq_wi *w) {
  uint64_t trials = 0, seed = 0;
  int baseline = 0;
  if (w->kind == CRQ_WI_COMPARE) {
    const crq_result *r = crq_compare_result(w->compare, 0);
    trials = crq_result_trials(r);
    seed = crq_result_seed(r);
    baseline = crq_compare_variant(w->compare, 0) == CRQ_BASELINE &&
               crq_result_variant_count(r) > 1;
  } else if (w->kind == CRQ_WI_SWEEP) {
    trials = crq_sweep_trials(w->sweep);
    seed = crq_sweep_seed(w->sweep);
    baseline = crq_sweep_baseline(w->sweep);
  } else if (w->kind == CRQ_WI_SENSITIVITY) {
    const crq_sensitivity_options *o = crq_sensitivity_options_of(w->sens);
    trials = o->run.sim.trials;
    seed = o->run.sim.seed;
    baseline = o->run.baseline;
  } else {
    trials = crq_optimize_options_of(w->opt)->sim.trials;
    seed = crq_optimize_options_of(w->opt)->sim.seed;
  }
  crq_jb_set(jb, root, "trials", crq_jb_u64(jb, trials));
  crq_jb_set(jb, root, "seed", crq_jb_u64(jb, seed));
  crq_jb_set(jb, root, "baseline", json_boolean(baseline));
}

static json_t *run_facts(crq_jb *jb, time_t now) {
  json_t *o = crq_jb_obj(jb);
  crq_jb_set(jb, o, "crq_version", crq_jb_str(jb, crq_version()));
  crq_jb_set(jb, o, "timestamp", crq_jb_stamp(jb, now));
  return o;
}

crq_status crq_wi_json(const crq_wi *w) {
  crq_jb jb = {0};
  json_t *root = crq_jb_obj(&jb);
  crq_jb_set(&jb, root, "schema", crq_jb_str(&jb, "crq-whatif/1"));
  crq_jb_set(&jb, root, "analysis", crq_jb_str(&jb, crq_wi_kind_key(w->kind)));
  crq_jb_set(&jb, root, "model", model_facts(&jb, w->model));
  settings(&jb, root, w);
  if (w->kind == CRQ_WI_COMPARE)
    compare_json(&jb, root, w->compare);
  else if (w->kind == CRQ_WI_SWEEP)
    sweep_json(&jb, root, w->sweep);
  else if (w->kind == CRQ_WI_SENSITIVITY)
    sensitivity_json(&jb, root, w->sens);
  else
    optimize_json(&jb, root, w->opt);
  crq_jb_set(&jb, root, "run", run_facts(&jb, w->now));
  crq_status s = CRQ_ERR_NOMEM;
  if (!jb.oom &&
      json_dumpf(root, w->out, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) == 0) {
    fputc('\n', w->out);
    s = CRQ_OK;
  } else if (!jb.oom) {
    s = CRQ_ERR_IO;
  }
  json_decref(root);
  return s;
}
