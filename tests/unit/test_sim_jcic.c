/* tests/unit/test_sim_jcic.c — the JCIC worked example simulated with
 * constant inputs: every event costs exactly the deterministic figure, so
 * each simulated year is a whole number of 141.00004億 events (or
 * 96.60002億 ones with the measures), and the statistics follow from the
 * Poisson count alone. */
#include <criterion/criterion.h>
#include <math.h>

#include "stats/result_impl.h"
#include "test_sim_models.h"

enum { TRIALS = 200000 };
static const double L_NOW = 14100004000.0, L_AFTER = 9660002000.0;

/* Every annual loss of variant v is a whole multiple of loss. */
static void assert_multiples(const crq_result *r, int v, double loss) {
  const double *x = r->values[v][CRQ_AEP];
  for (uint64_t i = 0; i < r->trials; i++) {
    double k = nearbyint(x[i] / loss);
    cr_assert_float_eq(x[i], k * loss, 1e-6 * loss, "year %llu: %.17g",
                       (unsigned long long)i, x[i]);
  }
}

Test(sim_jcic, deterministic_figures_and_frequency) {
  tm_model *t = tm_jcic(0.05, 1.0);
  crq_result *r = tm_run(t, TRIALS, 20260401, 1);
  cr_assert_eq(crq_result_variant_count(r), 2);
  cr_assert_eq(crq_result_max_loss(r, CRQ_BASELINE), L_NOW);
  cr_assert_float_eq(crq_result_max_loss(r, CRQ_MEASURES), L_AFTER, 1e-3);
  cr_assert_eq(crq_result_worst_case(r, CRQ_BASELINE, 0, CRQ_CAT_FINE), 4e9);
  cr_assert_eq(crq_result_worst_scenario(r, CRQ_BASELINE), 0);
  assert_multiples(r, 0, L_NOW);
  assert_multiples(r, 1, L_AFTER);
  /* One event never costs more than the worst case. */
  cr_assert_eq(crq_result_max_simulated(r, CRQ_BASELINE, CRQ_OEP), L_NOW);
  /* EAL = λ × L within 5 SE; the measures thin 0.05 to 0.04. */
  double se_now = L_NOW * sqrt(0.05 / TRIALS);
  double se_after = L_AFTER * sqrt(0.04 / TRIALS);
  crq_estimate now = crq_result_eal(r, CRQ_BASELINE);
  crq_estimate after = crq_result_eal(r, CRQ_MEASURES);
  cr_assert_leq(fabs(now.value - 0.05 * L_NOW), 5 * se_now);
  cr_assert_leq(fabs(after.value - 0.04 * L_AFTER), 5 * se_after);
  /* P(a year has an incident) = 1 − e^−0.05. */
  double p = 1 - exp(-0.05);
  crq_estimate ex = crq_result_exceedance(r, CRQ_BASELINE, CRQ_AEP, 0);
  cr_assert_leq(fabs(ex.value - p), 5 * sqrt(p * (1 - p) / TRIALS));
  /* Categories are the same counts times their own figures. */
  double count = now.value / L_NOW;
  cr_assert_float_eq(
      crq_result_category_eal(r, CRQ_BASELINE, CRQ_CAT_DATA_THEFT).value,
      count * 8000004000.0, 1e-9 * now.value);
  cr_assert_float_eq(
      crq_result_category_eal(r, CRQ_BASELINE, CRQ_CAT_STOPPAGE).value,
      count * 2e9, 1e-9 * now.value);
  cr_assert_eq(crq_result_category_eal(r, CRQ_BASELINE, CRQ_CAT_INDIRECT).value,
               0);
  crq_result_free(r);
  tm_free(t);
}

/* Indirect losses are reported beside the direct total, never in it. */
Test(sim_jcic, indirect_is_beside_the_total) {
  tm_model *t = tm_new();
  size_t s = tm_scenario(t, "s", tm_poisson(0.5));
  tm_trigger(t, s, "response_cost"); /* 6000万 */
  tm_trigger(t, s, "indirect");      /* 50億 × 21% + 800億 × 10% */
  crq_result *r = tm_run(t, TRIALS, 5, 1);
  double count = crq_result_eal(r, CRQ_BASELINE).value / 6e7;
  cr_assert_float_eq(
      crq_result_category_eal(r, CRQ_BASELINE, CRQ_CAT_INDIRECT).value,
      count * 9.05e9, 1e-9 * count * 9.05e9);
  cr_assert_eq(crq_result_max_loss(r, CRQ_BASELINE), 6e7);
  cr_assert_eq(crq_result_worst_case(r, CRQ_BASELINE, 0, CRQ_CAT_INDIRECT),
               9.05e9);
  crq_result_free(r);
  tm_free(t);
}

/* The published example as a model file: 141億 now, 97億 (96.6) with the
 * four measures achieved, the same figures as the model built in code. */
Test(sim_jcic, example_file_reproduces_the_published_figures) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st =
      crq_model_load_file("examples/jcic_manufacturer.yaml", &d, &m);
  crq_diags_print(&d, stderr);
  cr_assert_eq(st, CRQ_OK);
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 50000;
  crq_result *r = NULL;
  cr_assert_eq(crq_simulate(m, &o, &r, &d), CRQ_OK);
  cr_assert_eq(crq_result_seed(r), 20260401); /* the file's seed */
  cr_assert_eq(crq_result_trials(r), 50000);
  cr_assert_eq(crq_result_max_loss(r, CRQ_BASELINE), L_NOW);
  cr_assert_float_eq(crq_result_max_loss(r, CRQ_MEASURES), L_AFTER, 1e-3);
  assert_multiples(r, 0, L_NOW);
  assert_multiples(r, 1, L_AFTER);
  /* Same trials, same figures as the model built in code. */
  tm_model *t = tm_jcic(0.05, 1.0);
  crq_result *rc = tm_run(t, 50000, 20260401, 2);
  for (int v = 0; v < 2; v++)
    cr_assert_eq(crq_result_eal(r, v).value, crq_result_eal(rc, v).value);
  crq_result_free(rc);
  tm_free(t);
  crq_result_free(r);
  crq_model_free(m);
  crq_diags_free(&d);
}
