/* tests/unit/test_analysis_rosi.c — ROSI arithmetic and risk-appetite
 * verdicts on a model without sampling noise: every year has exactly one
 * event (Bernoulli(1)) of a constant loss, so every EAL, VaR and TVaR is the
 * loss itself and the expected figures are exact. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "crq/analysis.h"
#include "test_sim_models.h"

/* Loss 1000 a year. A halves it (one-off 300, 50 a year); B scales it by
 * 0.8 (no one-off, 200 a year); F is free and scales it by 0.9 (multiplies
 * the others: coalition losses are products). */
static tm_model *costed(void) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_bernoulli(1), tm_const(1000));
  size_t a = tm_measure(t, "A"), b = tm_measure(t, "B"), f = tm_measure(t, "F");
  tm_effect(t, a, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, b, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.8);
  tm_effect(t, f, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.9);
  t->meas[a].cost_once = 300;
  t->meas[a].cost_annual = 50;
  t->meas[b].cost_annual = 200;
  tm_appetite(t, 100, 600, 0); /* VaR 99% at most 600 */
  return t;
}

static crq_analysis *analyse(const tm_model *t, double years) {
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.sim.trials = 1000;
  o.sim.threads = 1;
  o.amortisation_years = years;
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  cr_assert_eq(crq_analyse(&t->m, NULL, &o, &a, &d), CRQ_OK);
  crq_diags_free(&d);
  return a;
}

/* The Shapley value of a factor c_m of a product of three factors:
 * averaging over the 6 orders, the share of 1000 (1 − 0.5·0.8·0.9) = 640. */
static double shapley3(double c, double d, double e) {
  double L = 1000;
  return L * ((1 - c) / 3 + (d + e) * (1 - c) / 6 + d * e * (1 - c) / 3);
}

Test(analysis_rosi, per_measure_and_overall) {
  tm_model *t = costed();
  crq_analysis *a = analyse(t, 0); /* default: 3 years */
  cr_assert_eq(crq_analysis_amortisation_years(a), 3.0);
  double phi_a = shapley3(0.5, 0.8, 0.9), phi_b = shapley3(0.8, 0.5, 0.9);
  double phi_f = shapley3(0.9, 0.5, 0.8);
  cr_assert_float_eq(phi_a + phi_b + phi_f, 640, 1e-9);

  crq_rosi r = crq_analysis_rosi(a, 0);
  cr_assert_float_eq(r.eal_reduction, phi_a, 1e-9);
  cr_assert_float_eq(r.annualised_cost, 50 + 300 / 3.0, 1e-12);
  cr_assert_float_eq(r.rosi, (phi_a - 150) / 150, 1e-12);
  cr_assert_float_eq(r.payback_years, 300 / (phi_a - 50), 1e-12);

  r = crq_analysis_rosi(a, 1); /* benefit below its running cost */
  cr_assert_float_eq(r.rosi, (phi_b - 200) / 200, 1e-12);
  cr_assert(phi_b < 200);
  cr_assert(isinf(r.payback_years));

  r = crq_analysis_rosi(a, 2); /* free */
  cr_assert(isnan(r.rosi));
  cr_assert_eq(r.payback_years, 0.0);

  r = crq_analysis_rosi(a, CRQ_ALL_MEASURES);
  cr_assert_float_eq(r.eal_reduction, 640, 1e-9);
  cr_assert_eq(r.cost_once, 300);
  cr_assert_eq(r.cost_annual, 250);
  cr_assert_float_eq(r.rosi, (640 - 350) / 350.0, 1e-12);
  cr_assert_float_eq(r.payback_years, 300 / (640 - 250.0), 1e-12);
  crq_analysis_free(a);

  a = analyse(t, 5);
  r = crq_analysis_rosi(a, 0);
  cr_assert_float_eq(r.annualised_cost, 50 + 60, 1e-12);
  cr_assert_float_eq(r.rosi, (phi_a - 110) / 110, 1e-12);
  crq_analysis_free(a);
  tm_free(t);
}

/* VaR 99% against 600: 1000 now (RED); A alone 500, B alone 800, F alone
 * 900; all 360. The quantiles are exact (every year the same), so no
 * verdict is AMBER. */
/* Threshold i's verdicts with each measure alone (only A brings the loss
 * to 500, within 600) and with all (360). */
static void check_alone_and_all(const crq_analysis *a, size_t i) {
  crq_verdict v, alone[] = {CRQ_GREEN, CRQ_RED, CRQ_RED};
  for (size_t m = 0; m < 3; m++) {
    cr_assert_eq(crq_analysis_verdict(a, m, i, &v), 0);
    cr_assert_eq(v, alone[m], "threshold %zu, measure %zu", i, m);
  }
  cr_assert_eq(crq_analysis_verdict(a, CRQ_ALL_MEASURES, i, &v), 0);
  cr_assert_eq(v, CRQ_GREEN);
}

Test(analysis_rosi, appetite_before_alone_and_all) {
  tm_model *t = costed();
  crq_analysis *a = analyse(t, 3);
  crq_verdict v;
  cr_assert_eq(crq_analysis_verdict(a, CRQ_NO_MEASURE, 0, &v), 0);
  cr_assert_eq(v, CRQ_RED);
  check_alone_and_all(a, 0);
  cr_assert_eq(crq_analysis_verdict(a, 0, 1, &v), -1); /* no threshold 1 */
  cr_assert_float_eq(crq_analysis_waterfall(a, CRQ_FIG_VAR99, 3), 360, 1e-9);
  crq_analysis_free(a);
  tm_free(t);
}

/* The same thresholds on the largest single loss (one event a year: the
 * OEP is the AEP): the analysis's runs keep each year's largest loss for
 * them, so the verdicts are the same (GREEN for A alone and for all). */
Test(analysis_rosi, appetite_on_the_largest_loss) {
  tm_model *t = costed();
  tm_appetite(t, 100, 600, 1); /* threshold 1: OEP 1-in-100 at most 600 */
  crq_analysis *a = analyse(t, 3);
  check_alone_and_all(a, 1);
  crq_analysis_free(a);
  tm_free(t);
}

/* Quantile levels named in the options are ignored: the analysis's
 * evaluations keep what their figures (TVaR among them) need. */
Test(analysis_rosi, named_quantiles_are_ignored) {
  tm_model *t = costed();
  const double levels[1] = {0.5};
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.sim.trials = 1000;
  o.sim.threads = 1;
  o.sim.quantiles = levels;
  o.sim.n_quantiles = 1;
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL, *plain = analyse(t, 0);
  cr_assert_eq(crq_analyse(&t->m, NULL, &o, &a, &d), CRQ_OK);
  for (size_t m = 0; m < 3; m++)
    cr_assert_eq(crq_analysis_shapley(a, CRQ_FIG_TVAR99, m),
                 crq_analysis_shapley(plain, CRQ_FIG_TVAR99, m));
  cr_assert(isfinite(crq_analysis_shapley(a, CRQ_FIG_TVAR99, 0)));
  crq_diags_free(&d);
  crq_analysis_free(a);
  crq_analysis_free(plain);
  tm_free(t);
}

/* A run told its quantiles cannot stand in for the analysis's runs: its
 * TVaR is not there. */
Test(analysis_rosi, quantiles_only_run_refused) {
  tm_model *t = costed();
  const double levels[1] = {0.99};
  crq_sim_options so = tm_options(1000, 1, 1);
  so.quantiles = levels;
  so.n_quantiles = 1;
  crq_result *run = tm_run_with(t, &so);
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.sim.trials = 1000;
  o.sim.seed = 1;
  o.sim.has_seed = 1;
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  cr_assert_eq(crq_analyse(&t->m, run, &o, &a, &d), CRQ_ERR_USAGE);
  cr_assert_null(a);
  cr_assert(strstr(d.items[0].message, "quantiles") != NULL, "%s",
            d.items[0].message);
  crq_diags_free(&d);
  crq_result_free(run);
  tm_free(t);
}
