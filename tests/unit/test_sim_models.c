/* tests/unit/test_sim_models.c — models built in code for the engine's
 * tests (see test_sim_models.h). */
#include "test_sim_models.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loss_model.h"

tm_model *tm_new(void) {
  tm_model *t = calloc(1, sizeof *t);
  cr_assert_not_null(t);
  crq_model *m = &t->m;
  m->file = "engine-test.yaml";
  m->version = 1;
  m->name = "engine test";
  strcpy(m->currency, "JPY");
  m->org = (crq_org){.revenue = 1e11,
                     .business_days = 250,
                     .net_income = 5e9,
                     .market_cap = 8e10,
                     .records_held = 1333334};
  m->scenarios = t->scen;
  m->kpis = t->kpi;
  m->measures = t->meas;
  m->appetite = t->app;
  m->settings = (crq_settings){
      .trials = 100000, .seed = 1, .threads = 1, .worst_case_quantile = 0.99};
  return t;
}

void tm_free(tm_model *t) {
  free(t);
}

static crq_dist dist(crq_dist_kind kind, double p0, double p1) {
  crq_dist d = crq_dist_constant(p0);
  d.kind = kind;
  d.p[1] = p1;
  return d;
}

crq_dist tm_const(double v) {
  return crq_dist_constant(v);
}
crq_dist tm_poisson(double rate) {
  return dist(CRQ_DIST_POISSON, rate, 0);
}
crq_dist tm_negbin(double mean, double size) {
  return dist(CRQ_DIST_NEGBIN, mean, size);
}
crq_dist tm_bernoulli(double p) {
  return dist(CRQ_DIST_BERNOULLI, p, 0);
}
crq_dist tm_uniform(double lo, double hi) {
  return dist(CRQ_DIST_UNIFORM, lo, hi);
}
crq_dist tm_lognormal(double mu, double sigma) {
  return dist(CRQ_DIST_LOGNORMAL, mu, sigma);
}
crq_dist tm_gamma(double shape, double scale) {
  return dist(CRQ_DIST_GAMMA, shape, scale);
}
crq_dist tm_discrete(size_t n, double *values, double *probs) {
  crq_dist d = dist(CRQ_DIST_DISCRETE, 0, 0);
  d.n = n;
  d.values = values;
  d.probs = probs;
  return d;
}

size_t tm_scenario(tm_model *t, const char *id, crq_dist frequency) {
  size_t s = t->m.n_scenarios++;
  cr_assert_lt(s, TM_MAX);
  t->scen[s] = (crq_scenario){.id = (char *)id,
                              .name = (char *)id,
                              .frequency = frequency,
                              .triggers = t->trig[s],
                              .mark = {(int)s + 10, 3}};
  return s;
}

crq_trigger *tm_trigger(tm_model *t, size_t s, const char *key) {
  unsigned model;
  const crq_loss_model *lm = crq_loss_model_find(key, &model);
  cr_assert_not_null(lm, "no loss model %s", key);
  crq_trigger *tr = &t->trig[s][t->scen[s].n_triggers++];
  tr->model = model;
  for (unsigned i = 0; i < CRQ_MODEL_MAX_INPUTS; i++)
    tr->inputs[i] = crq_dist_constant(
        i < lm->n_inputs && !isnan(lm->inputs[i].def) ? lm->inputs[i].def
                                                      : 0.0);
  return tr;
}

static unsigned input_index(unsigned model, const char *key) {
  const crq_loss_model *lm = crq_loss_models[model];
  for (unsigned i = 0; i < lm->n_inputs; i++)
    if (strcmp(lm->inputs[i].key, key) == 0)
      return i;
  cr_assert_fail("model %s has no input %s", lm->key, key);
  return 0;
}

void tm_input(crq_trigger *tr, const char *key, crq_dist d) {
  tr->inputs[input_index(tr->model, key)] = d;
}

size_t tm_plain(tm_model *t, const char *id, crq_dist frequency, crq_dist d) {
  size_t s = tm_scenario(t, id, frequency);
  tm_input(tm_trigger(t, s, "loss"), "amount", d);
  return s;
}

size_t tm_kpi(tm_model *t, const char *id, double plan, double actual,
              int lower_is_better) {
  size_t k = t->m.n_kpis++;
  t->kpi[k] = (crq_kpi){.id = (char *)id,
                        .name = (char *)id,
                        .unit = "%",
                        .lower_is_better = lower_is_better,
                        .plan = plan,
                        .actual = actual};
  return k;
}

size_t tm_measure(tm_model *t, const char *id) {
  size_t m = t->m.n_measures++;
  t->meas[m] = (crq_measure){.id = (char *)id,
                             .name = (char *)id,
                             .kpis = t->meas_kpis[m],
                             .effects = t->eff[m]};
  return m;
}

void tm_measure_kpi(tm_model *t, size_t m, size_t kpi) {
  t->meas[m].kpis[t->meas[m].n_kpis++] = kpi;
}

crq_effect *tm_effect(tm_model *t, size_t m, size_t s, const char *model_key,
                      const char *input_key, crq_effect_op op, double value) {
  crq_effect *e = &t->eff[m][t->meas[m].n_effects++];
  *e = (crq_effect){.scenario = s,
                    .op = op,
                    .value = value,
                    .curve = CRQ_CURVE_LINEAR,
                    .mark = {(int)m + 50, 9}};
  if (strcmp(model_key, "frequency") == 0) {
    e->model = CRQ_TARGET_FREQUENCY;
    return e;
  }
  cr_assert_not_null(crq_loss_model_find(model_key, &e->model));
  e->input = input_index(e->model, input_key);
  return e;
}

void tm_appetite(tm_model *t, double return_period, double limit, int oep) {
  t->app[t->m.n_appetite++] = (crq_appetite){.name = "appetite",
                                             .return_period = return_period,
                                             .limit = limit,
                                             .oep = oep};
}

tm_model *tm_jcic(double rate, double achieved) {
  tm_model *t = tm_new();
  size_t s = tm_scenario(t, "member_db_breach", tm_poisson(rate));
  tm_trigger(t, s, "data_theft");        /* defaults: 1, 1, 1, 6, 1, 1 */
  tm_trigger(t, s, "business_stoppage"); /* 5 days, whole revenue */
  tm_input(tm_trigger(t, s, "regulatory_fine"), "floor", tm_const(20e6 * 130));
  tm_input(tm_trigger(t, s, "response_cost"), "cost", tm_const(1e8));

  size_t m = tm_measure(t, "anonymise_members");
  tm_measure_kpi(t, m, tm_kpi(t, "anonymisation", 100, 100 * achieved, 0));
  tm_effect(t, m, s, "data_theft", "identifiability", CRQ_EFFECT_SET, 3);
  m = tm_measure(t, "response_drills");
  tm_measure_kpi(t, m, tm_kpi(t, "exercises", 3, 3 * achieved, 0));
  tm_effect(t, m, s, "business_stoppage", "downtime_days", CRQ_EFFECT_SET, 4);
  m = tm_measure(t, "more_responders");
  tm_measure_kpi(t, m, tm_kpi(t, "responders", 10, 10 * achieved, 0));
  tm_effect(t, m, s, "response_cost", "cost", CRQ_EFFECT_SCALE, 0.6);
  m = tm_measure(t, "endpoint_monitoring");
  tm_measure_kpi(t, m, tm_kpi(t, "endpoint", 100, 100 * achieved, 0));
  crq_effect *e = tm_effect(t, m, s, "frequency", NULL, CRQ_EFFECT_SCALE, 0.8);
  e->curve = CRQ_CURVE_STEP;
  e->threshold = 1.0;
  return t;
}

crq_plan *tm_plan(const tm_model *t) {
  crq_diags d;
  crq_diags_init(&d);
  crq_plan *p = NULL;
  cr_assert_eq(crq_plan_compile(&t->m, NULL, &p, &d), CRQ_OK);
  crq_diags_free(&d);
  return p;
}

crq_sim_options tm_options(uint64_t trials, uint64_t seed, int threads) {
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = trials;
  o.seed = seed;
  o.has_seed = 1;
  o.threads = threads;
  return o;
}

crq_result *tm_run(const tm_model *t, uint64_t trials, uint64_t seed,
                   int threads) {
  crq_sim_options o = tm_options(trials, seed, threads);
  return tm_run_with(t, &o);
}

crq_result *tm_run_with(const tm_model *t, const crq_sim_options *o) {
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = NULL;
  crq_status st = crq_simulate(&t->m, o, &r, &d);
  if (st != CRQ_OK)
    crq_diags_print(&d, stderr);
  crq_diags_free(&d);
  cr_assert_eq(st, CRQ_OK, "crq_simulate failed: %s", crq_strerror(st));
  return r;
}

tm_model *tm_mixed(void) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(1.2), tm_lognormal(14, 1.1));
  size_t b = tm_scenario(t, "b", tm_negbin(0.8, 1.5));
  crq_trigger *dt = tm_trigger(t, b, "data_theft");
  tm_input(dt, "records_fraction", tm_uniform(0.01, 0.3));
  tm_input(tm_trigger(t, b, "regulatory_fine"), "probability", tm_const(0.4));
  tm_trigger(t, b, "indirect");
  size_t c = tm_scenario(t, "c", tm_bernoulli(0.1));
  tm_input(tm_trigger(t, c, "business_stoppage"), "downtime_days",
           tm_gamma(2, 2));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 7, 0));
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, m, b, "data_theft", "records_fraction", CRQ_EFFECT_SCALE, 0.3);
  tm_effect(t, m, c, "business_stoppage", "downtime_days", CRQ_EFFECT_SET, 1);
  return t;
}

char *tm_run_failing(const tm_model *t, const crq_sim_options *o,
                     crq_status status, int *line) {
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = NULL;
  cr_assert_eq(crq_simulate(&t->m, o, &r, &d), status);
  cr_assert_null(r);
  cr_assert_eq(d.count, 1);
  char *msg = strdup(d.items[0].message);
  if (line)
    *line = d.items[0].line;
  crq_diags_free(&d);
  return msg;
}

void tm_report_refused(const crq_result *r, const char *option) {
  crq_report_options ro;
  crq_report_options_init(&ro);
  ro.format = "json";
  crq_diags d;
  crq_diags_init(&d);
  FILE *null = fopen("/dev/null", "w");
  cr_assert_eq(crq_report_write(r, &ro, null, &d), CRQ_ERR_USAGE);
  fclose(null);
  cr_assert_eq(d.count, 1);
  cr_assert(strstr(d.items[0].message, option) != NULL, "%s",
            d.items[0].message);
  crq_diags_free(&d);
}
