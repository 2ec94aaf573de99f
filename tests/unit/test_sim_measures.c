/* tests/unit/test_sim_measures.c — a run of the with-measures variant alone
 * (crq_simulate_measures, what-if points) gives that variant's figures of
 * the two-variant run, to the bit: in the batched loop (thinning and an
 * input map on lognormal amounts), the sparse loop and the
 * one-year-at-a-time loop (loss models with mapped inputs, every kind of
 * frequency), exact and streaming. */
#include <criterion/criterion.h>
#include <string.h>

#include "sim/simulate.h"
#include "test_sim_models.h"

enum { TRIALS = 60000, FIGS = 64 };

/* Variant v's figures in a fixed order into f; returns how many. */
static int figures(const crq_result *r, crq_variant v, double *f) {
  static const double ps[] = {0.5, 0.9, 0.99, 0.999};
  int n = 0;
  crq_estimate e = crq_result_eal(r, v);
  f[n++] = e.value;
  f[n++] = e.se;
  f[n++] = crq_result_max_loss(r, v);
  f[n++] = crq_result_max_simulated(r, v, CRQ_AEP);
  for (int i = 0; i < 4; i++) {
    e = crq_result_quantile(r, v, CRQ_AEP, ps[i]);
    f[n++] = e.value;
    f[n++] = e.lo;
    f[n++] = crq_result_exceedance(r, v, CRQ_AEP, e.value).value;
    e = crq_result_tvar(r, v, CRQ_AEP, ps[i]);
    f[n++] = e.value;
    f[n++] = e.se;
  }
  for (size_t s = 0; s < 3; s++)
    f[n++] = crq_result_scenario_eal(r, v, s).value;
  for (int c = 0; c < CRQ_CAT_COUNT; c++)
    f[n++] = crq_result_category_eal(r, v, (crq_category)c).value;
  return n;
}

static void check_alone(const tm_model *t, int streaming) {
  crq_sim_options o = tm_options(TRIALS, 5, 2);
  o.streaming = streaming;
  static const double ach[1] = {0.6};
  crq_diags d;
  crq_diags_init(&d);
  crq_result *both = NULL, *alone = NULL;
  cr_assert_eq(crq_simulate_at(&t->m, ach, &o, &both, &d), CRQ_OK);
  cr_assert_eq(crq_simulate_measures(&t->m, ach, &o, &alone, &d), CRQ_OK);
  cr_assert_eq(crq_result_variant_count(both), 2);
  cr_assert_eq(crq_result_variant_count(alone), 1);
  double f2[FIGS], f1[FIGS];
  int n = figures(both, CRQ_MEASURES, f2);
  cr_assert_eq(figures(alone, CRQ_BASELINE, f1), n);
  for (int i = 0; i < n; i++)
    cr_assert(memcmp(&f1[i], &f2[i], sizeof(double)) == 0,
              "figure %d: %.17g alone, %.17g of two", i, f1[i], f2[i]);
  /* the baseline differs (else the test would not tell) */
  cr_assert_neq(crq_result_eal(both, CRQ_BASELINE).value, f1[0]);
  crq_result_free(both);
  crq_result_free(alone);
  crq_diags_free(&d);
}

Test(sim_measures, batched_loop) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(1.2), tm_lognormal(15, 1.2));
  size_t b = tm_plain(t, "b", tm_poisson(0.4), tm_lognormal(17, 0.8));
  tm_plain(t, "c", tm_poisson(0.1), tm_lognormal(18, 1.5));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 7, 0));
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, m, b, "loss", "amount", CRQ_EFFECT_SCALE, 0.7);
  check_alone(t, -1);
  check_alone(t, 1);
  tm_free(t);
}

Test(sim_measures, sparse_and_general_loops) {
  tm_model *t = tm_new(); /* rare events, a gamma amount: the sparse loop */
  size_t a = tm_plain(t, "a", tm_poisson(0.05), tm_gamma(2, 1e6));
  tm_plain(t, "b", tm_poisson(0.02), tm_lognormal(14, 2.0));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 7, 0));
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.4);
  check_alone(t, -1);
  tm_free(t);
  t = tm_mixed(); /* every frequency kind, loss models: one year at a time */
  check_alone(t, -1);
  check_alone(t, 1);
  tm_free(t);
}
