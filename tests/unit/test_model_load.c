/* tests/unit/test_model_load.c — what a valid model file loads to: every
 * key of the format (tests/data/all_keys.yaml), every default, and every
 * distribution form converted to its canonical parameters (dist.h). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "model_def.h"

#define Z95 1.6448536269514722

static crq_model *load_ok(const char *text) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = crq_model_load_buffer(text, strlen(text), "t", &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return m;
}

static crq_model *load_file_ok(const char *path) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = crq_model_load_file(path, &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return m;
}

/* Relative closeness for derived parameters (exact ones use ==). */
static int close_to(double x, double want) {
  return fabs(x - want) <= 1e-12 * fmax(1, fabs(want));
}

static const crq_trigger *trigger(const crq_scenario *s, const char *key) {
  for (size_t i = 0; i < s->n_triggers; i++)
    if (strcmp(crq_loss_models[s->triggers[i].model]->key, key) == 0)
      return &s->triggers[i];
  return NULL;
}

Test(model_load, organisation_and_appetite) {
  crq_model *m = load_file_ok("tests/data/all_keys.yaml");
  cr_expect_str_eq(m->file, "tests/data/all_keys.yaml");
  cr_expect_eq(m->version, 1);
  cr_expect_str_eq(crq_model_name(m), "全キー fixture \"quoted\"");
  cr_expect_str_eq(crq_model_currency(m), "JPY");
  cr_expect_eq(m->org.revenue, 1.2e12);
  cr_expect_eq(m->org.business_days, 245);
  cr_expect_eq(m->org.net_income, 10e6 * 150); /* "$10M" at 150 yen */
  cr_expect_eq(m->org.market_cap, 800e8);
  cr_expect_eq(m->org.records_held, 133e4);
  cr_assert_eq(m->n_fx, 2);
  cr_expect_str_eq(m->fx[0].code, "USD");
  cr_expect_eq(m->fx[0].rate, 150);
  cr_expect_str_eq(m->fx[1].code, "EUR");
  cr_expect_eq(m->fx[1].rate, 130.5);
  cr_assert_eq(m->n_appetite, 2);
  cr_expect_str_eq(m->appetite[0].name, "AEP 1-in-100");
  cr_expect_eq(m->appetite[0].return_period, 100);
  cr_expect_eq(m->appetite[0].limit, 100e8);
  cr_expect_eq(m->appetite[0].oep, 0);
  cr_expect_eq(m->appetite[1].limit, 1e6 * 130.5);
  cr_expect_eq(m->appetite[1].oep, 1);
  cr_expect_eq(m->appetite[1].mark.line, 21);
  cr_expect_eq(m->appetite[1].mark.column, 5);
  crq_model_free(m);
}

Test(model_load, scenarios_and_their_inputs) {
  crq_model *m = load_file_ok("tests/data/all_keys.yaml");
  cr_assert_eq(crq_model_scenario_count(m), 3);
  cr_expect_str_eq(crq_model_scenario_id(m, 0), "ransomware.eu-1");
  cr_expect_str_eq(crq_model_scenario_name(m, 0), "ランサムウェア");
  cr_expect_str_eq(crq_model_scenario_name(m, 1), "leak"); /* = id */
  cr_expect_null(crq_model_scenario_id(m, 3));
  const crq_scenario *s = &m->scenarios[0];
  cr_expect_eq(s->mark.line, 27);
  cr_expect_eq(s->frequency.kind, CRQ_DIST_NEGBIN);
  cr_expect_eq(s->frequency.p[0], 0.5);
  cr_expect_eq(s->frequency.p[1], 2);
  /* four models, sorted in registry order whatever the file order */
  cr_assert_eq(s->n_triggers, 4);
  for (size_t i = 1; i < s->n_triggers; i++)
    cr_expect_lt(s->triggers[i - 1].model, s->triggers[i].model);
  const crq_trigger *t = trigger(s, "business_stoppage");
  cr_assert_not_null(t);
  cr_expect_eq(t->inputs[0].kind, CRQ_DIST_PERT);
  cr_expect_eq(t->inputs[0].p[3], 4); /* default shape */
  cr_expect_eq(t->inputs[1].kind, CRQ_DIST_CONSTANT);
  cr_expect_eq(t->inputs[1].p[0], 1); /* revenue_share default */
  t = trigger(s, "regulatory_fine");
  cr_assert_not_null(t);
  cr_expect_eq(t->inputs[0].p[0], 0.04);
  cr_expect_eq(t->inputs[1].p[0], 20e6 * 130.5); /* "20M EUR" */
  cr_expect_eq(t->inputs[2].p[0], 50e8);
  cr_expect_eq(t->inputs[3].kind, CRQ_DIST_BERNOULLI);
  t = trigger(s, "indirect"); /* `indirect:` alone: every default */
  cr_assert_not_null(t);
  cr_expect_eq(t->inputs[0].p[0], 0.21);
  cr_expect_eq(t->inputs[1].p[0], 0.10);
  cr_expect_eq(t->inputs[2].p[0], 1);
  s = &m->scenarios[1];
  cr_expect_eq(s->frequency.kind, CRQ_DIST_DISCRETE);
  cr_assert_eq(s->frequency.n, 3);
  cr_expect_eq(s->frequency.values[2], 2);
  cr_expect_eq(s->frequency.probs[2], 0.1);
  t = trigger(s, "data_theft");
  cr_assert_not_null(t);
  cr_expect_eq(t->inputs[4].kind, CRQ_DIST_CONSTANT); /* {constant: 2} */
  cr_expect_eq(t->inputs[4].p[0], 2);
  cr_expect_eq(m->scenarios[2].frequency.kind, CRQ_DIST_BERNOULLI);
  cr_expect_eq(m->scenarios[2].frequency.p[0], 0.25);
  crq_model_free(m);
}

Test(model_load, kpis) {
  crq_model *m = load_file_ok("tests/data/all_keys.yaml");
  cr_assert_eq(m->n_kpis, 3);
  const crq_kpi *k = &m->kpis[0];
  cr_expect_str_eq(k->id, "mfa");
  cr_expect_str_eq(k->catalogue_id, "1.9.1");
  cr_expect_str_eq(k->name, "MFA coverage");
  cr_expect_str_eq(k->unit, "%");
  cr_expect_str_eq(k->owner, "CISO office");
  cr_expect_eq(k->lower_is_better, 0);
  cr_expect_eq(k->plan, 100);
  cr_expect_eq(k->baseline, 20);
  cr_expect_eq(k->actual, 65); /* the latest of the actuals */
  cr_expect_str_eq(k->start, "2026-04-01");
  cr_expect_str_eq(k->due, "2027-03-31");
  cr_assert_eq(k->n_actuals, 2);
  cr_expect_str_eq(k->actuals[0].date, "2026-06-30");
  cr_expect_eq(k->actuals[0].value, 40);
  k = &m->kpis[1]; /* catalogue 1.11.1 fills name, unit and direction */
  cr_expect_str_eq(k->catalogue_id, "1.11.1");
  cr_expect_str_eq(k->name, "Mean time to detect");
  cr_expect_str_eq(k->unit, "hours");
  cr_expect_eq(k->lower_is_better, 1);
  cr_expect_eq(k->actual, 48);
  cr_expect_eq(k->baseline, 0);
  cr_expect_str_eq(k->start, "");
  k = &m->kpis[2]; /* no catalogue: name = id, no unit, no actual */
  cr_expect_null(k->catalogue_id);
  cr_expect_str_eq(k->name, "phishing");
  cr_expect_null(k->unit);
  cr_expect_null(k->owner);
  cr_expect_eq(k->lower_is_better, 1);
  cr_expect(isnan(k->actual));
  cr_expect_eq(k->n_actuals, 0);
  crq_model_free(m);
}

Test(model_load, measures_and_effects) {
  crq_model *m = load_file_ok("tests/data/all_keys.yaml");
  cr_assert_eq(crq_model_measure_count(m), 2);
  const crq_measure *ms = &m->measures[0];
  cr_expect_str_eq(ms->name, "MFA everywhere");
  cr_expect_eq(ms->cost_once, 3000e4);
  cr_expect_eq(ms->cost_annual, 500e4);
  cr_assert_eq(ms->n_kpis, 2);
  cr_expect_eq(ms->kpis[0], 0);
  cr_expect_eq(ms->kpis[1], 1);
  cr_assert_eq(ms->n_effects, 3);
  const crq_effect *e = &ms->effects[0];
  cr_expect_eq(e->scenario, CRQ_TARGET_ALL_SCENARIOS);
  cr_expect_eq(e->model, CRQ_TARGET_FREQUENCY);
  cr_expect_eq(e->op, CRQ_EFFECT_SCALE);
  cr_expect_eq(e->value, 0.5);
  cr_expect_eq(e->curve, CRQ_CURVE_TABLE);
  cr_assert_eq(e->n_points, 3);
  cr_expect_eq(e->points_x[1], 0.5);
  cr_expect_eq(e->points_y[1], 0.2);
  e = &ms->effects[1];
  unsigned stoppage;
  crq_loss_model_find("business_stoppage", &stoppage);
  cr_expect_eq(e->scenario, 0); /* an id with dots and a dash */
  cr_expect_eq(e->model, stoppage);
  cr_expect_eq(e->input, 0);
  cr_expect_eq(e->op, CRQ_EFFECT_SET);
  cr_expect_eq(e->value, 3);
  cr_expect_eq(e->curve, CRQ_CURVE_STEP);
  cr_expect_eq(e->threshold, 0.8);
  e = &ms->effects[2];
  cr_expect_eq(e->scenario, CRQ_TARGET_ALL_SCENARIOS);
  cr_expect_eq(e->curve, CRQ_CURVE_LINEAR);
  ms = &m->measures[1]; /* only an id: every default */
  cr_expect_str_eq(ms->name, "insurance");
  cr_expect_eq(ms->cost_once, 0);
  cr_expect_eq(ms->n_kpis, 0);
  cr_expect_eq(ms->n_effects, 0);
  cr_expect_eq(m->settings.trials, 1000000);
  cr_expect_eq(m->settings.seed, UINT64_MAX);
  cr_expect_eq(m->settings.threads, 2);
  cr_expect_eq(m->settings.worst_case_quantile, 0.995);
  crq_model_free(m);
}

Test(model_load, defaults_of_a_minimal_model) {
  crq_model *m = load_ok("crq_model: 1\nname: m\nscenarios:\n"
                         "  - id: s\n    frequency: {poisson: 1}\n"
                         "    regulatory_fine: {floor: 20000000}\n");
  cr_expect_str_eq(m->currency, "JPY");
  cr_expect_eq(m->org.revenue, 0);
  cr_expect_eq(m->org.business_days, 250);
  cr_expect_eq(m->n_fx, 0);
  cr_expect_eq(m->n_appetite, 0);
  cr_expect_eq(m->n_kpis, 0);
  cr_expect_eq(m->n_measures, 0);
  cr_expect_eq(m->settings.trials, 100000);
  cr_expect_eq(m->settings.seed, 1);
  cr_expect_eq(m->settings.threads, 0);
  cr_expect_eq(m->settings.worst_case_quantile, 0.99);
  const crq_trigger *t = &m->scenarios[0].triggers[0];
  cr_expect_eq(t->inputs[0].p[0], 0.04);
  cr_expect(isinf(t->inputs[2].p[0])); /* no cap */
  cr_expect_eq(t->mark.line, 6);
  cr_expect_eq(t->mark.column, 5);
  crq_model_free(m);
}

/* The loss models' checks across inputs (models/loss_model.h) refuse
 * only contradictions: each of these sits on a boundary and loads. The
 * refusals are in test_model_bad.c. */
Test(model_load, cross_input_checks_accept_their_boundaries) {
  static const char *const ok[] = {
      /* floor equal to the cap; no revenue, but a floor */
      "    regulatory_fine: {floor: 20000000, cap: 20000000}\n",
      /* a year of downtime, in the organisation's own business days */
      "    business_stoppage: {downtime_days: {uniform: {min: 1, max: 200}}}\n",
      /* the default year of 250 business days, all down */
      "    business_stoppage: {downtime_days: 250}\n",
      /* market value alone */
      "    indirect: {net_income_rate: 0}\n",
  };
  static const char *const org[] = {
      "organisation: {business_days: 200}\n",
      "organisation: {business_days: 200, annual_revenue: 1}\n",
      "organisation: {annual_revenue: 1}\n",
      "organisation: {market_cap: 1}\n",
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    char text[512];
    snprintf(text, sizeof text,
             "crq_model: 1\nname: m\n%sscenarios:\n  - id: s\n"
             "    frequency: {poisson: 1}\n%s",
             org[i], ok[i]);
    crq_model_free(load_ok(text));
  }
}

typedef struct dist_case {
  const char *yaml;
  crq_dist_kind kind;
  double p[4];
  double lo, hi;
} dist_case;

#define INF INFINITY
static const dist_case dist_cases[] = {
    {"5", CRQ_DIST_CONSTANT, {5}, -INF, INF},
    {"\"141億\"", CRQ_DIST_CONSTANT, {141e8}, -INF, INF},
    {"\"€1M\"", CRQ_DIST_CONSTANT, {130e6}, -INF, INF},
    {"{constant: 7}", CRQ_DIST_CONSTANT, {7}, -INF, INF},
    {"{constant: {value: 2万}}", CRQ_DIST_CONSTANT, {2e4}, -INF, INF},
    {"{uniform: {min: 1, max: 1万}}", CRQ_DIST_UNIFORM, {1, 1e4}, -INF, INF},
    {"{triangular: {min: 1, mode: 2, max: 4}}",
     CRQ_DIST_TRIANGULAR,
     {1, 2, 4},
     -INF,
     INF},
    {"{pert: {min: 1, mode: 2, max: 4}}",
     CRQ_DIST_PERT,
     {1, 2, 4, 4},
     -INF,
     INF},
    {"{pert: {min: 1, mode: 1, max: 4, shape: 6}}",
     CRQ_DIST_PERT,
     {1, 1, 4, 6},
     -INF,
     INF},
    {"{normal: {mean: 100, sd: 10, min: 0}}",
     CRQ_DIST_NORMAL,
     {100, 10},
     0,
     INF},
    {"{normal: {mean: 1万, sd: 10, min: 0, max: 2万}}",
     CRQ_DIST_NORMAL,
     {1e4, 10},
     0,
     2e4},
    {"{lognormal: {mu: 10, sigma: 2}}", CRQ_DIST_LOGNORMAL, {10, 2}, -INF, INF},
    {"{lognormal: {mean: 100, sd: 50}}",
     CRQ_DIST_LOGNORMAL,
     {4.6051701859880914 - 0.5 * 0.22314355131420976, 0.47238072707743883},
     -INF,
     INF},
    {"{lognormal: {p05: 1000万, p95: 10億}}",
     CRQ_DIST_LOGNORMAL,
     {(16.11809565095832 + 20.72326583694641) / 2,
      (20.72326583694641 - 16.11809565095832) / (2 * Z95)},
     -INF,
     INF},
    {"{gamma: {shape: 2, scale: 1万}}", CRQ_DIST_GAMMA, {2, 1e4}, -INF, INF},
    {"{gamma: {mean: 100, sd: 50}}", CRQ_DIST_GAMMA, {4, 25}, -INF, INF},
    {"{beta: {alpha: 2, beta: 3}}", CRQ_DIST_BETA, {2, 3}, 0, 1},
    {"{beta: {alpha: 2, beta: 3, min: 10, max: 1万}}",
     CRQ_DIST_BETA,
     {2, 3},
     10,
     1e4},
    {"{poisson: 3}", CRQ_DIST_POISSON, {3}, -INF, INF},
    {"{poisson: {mean: 3}}", CRQ_DIST_POISSON, {3}, -INF, INF},
    {"{negbin: {mean: 3, size: 2}}", CRQ_DIST_NEGBIN, {3, 2}, -INF, INF},
    {"{bernoulli: 0.5}", CRQ_DIST_BERNOULLI, {0.5}, -INF, INF},
    {"{bernoulli: {p: 0.5}}", CRQ_DIST_BERNOULLI, {0.5}, -INF, INF},
};

Test(model_load, every_distribution_form_is_canonical) {
  for (size_t i = 0; i < sizeof dist_cases / sizeof dist_cases[0]; i++) {
    const dist_case *c = &dist_cases[i];
    char text[512];
    snprintf(text, sizeof text,
             "crq_model: 1\nname: d\norganisation: {fx: {EUR: 130}}\n"
             "scenarios:\n  - id: s\n    frequency: {poisson: 1}\n"
             "    loss:\n      amount: %s\n",
             c->yaml);
    crq_model *m = load_ok(text);
    const crq_dist *d = &m->scenarios[0].triggers[0].inputs[0];
    cr_expect_eq(d->kind, c->kind, "%s", c->yaml);
    for (int k = 0; k < 4; k++)
      cr_expect(close_to(d->p[k], c->p[k]), "%s: p%d = %.17g, want %.17g",
                c->yaml, k, d->p[k], c->p[k]);
    cr_expect_eq(d->lo, c->lo, "%s: lo", c->yaml);
    cr_expect_eq(d->hi, c->hi, "%s: hi", c->yaml);
    crq_model_free(m);
  }
}

Test(model_load, discrete_values_accept_amounts) {
  crq_model *m = load_ok("crq_model: 1\nname: d\nscenarios:\n  - id: s\n"
                         "    frequency: {poisson: 1}\n    loss:\n"
                         "      amount: {discrete: {values: [1, 2万], probs: "
                         "[0.25, 0.75]}}\n");
  const crq_dist *d = &m->scenarios[0].triggers[0].inputs[0];
  cr_expect_eq(d->kind, CRQ_DIST_DISCRETE);
  cr_assert_eq(d->n, 2);
  cr_expect_eq(d->values[1], 2e4);
  cr_expect_eq(d->probs[0], 0.25);
  crq_model_free(m);
}

Test(model_load, lognormal_p90_matches_its_quantiles) {
  double mu, sigma;
  crq_lognormal_from_p90(5e7, 3e9, &mu, &sigma);
  cr_expect(close_to(exp(mu - Z95 * sigma), 5e7));
  cr_expect(close_to(exp(mu + Z95 * sigma), 3e9));
}

Test(model_load, a_null_buffer_is_a_usage_error) {
  crq_model *m = NULL;
  cr_expect_eq(crq_model_load_buffer(NULL, 3, NULL, NULL, &m), CRQ_ERR_USAGE);
  cr_expect_null(m);
}

/* docs/model-format.md documents every loss model, input and
 * distribution kind the code knows, so a new one cannot go unmentioned. */
Test(model_load, the_format_reference_names_every_key) {
  FILE *f = fopen("docs/model-format.md", "r");
  cr_assert_not_null(f);
  static char doc[1 << 17];
  size_t n = fread(doc, 1, sizeof doc - 1, f);
  fclose(f);
  doc[n] = '\0';
  char want[96];
  for (unsigned i = 0; i < crq_loss_model_count; i++) {
    const crq_loss_model *lm = crq_loss_models[i];
    snprintf(want, sizeof want, "**`%s`**", lm->key);
    cr_expect_not_null(strstr(doc, want), "%s", want);
    for (unsigned k = 0; k < lm->n_inputs; k++) {
      snprintf(want, sizeof want, "| `%s` |", lm->inputs[k].key);
      cr_expect_not_null(strstr(doc, want), "%s.%s", lm->key,
                         lm->inputs[k].key);
    }
  }
  for (int k = 0; k < CRQ_DIST_KIND_COUNT; k++) {
    snprintf(want, sizeof want, "{%s: ", crq_dist_kind_key((crq_dist_kind)k));
    cr_expect_not_null(strstr(doc, want), "%s", want);
  }
}
