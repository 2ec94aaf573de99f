/* tests/unit/test_sim_thinning.c — frequency effects by thinning, and the
 * common random numbers both variants share: the with-measures events are
 * a subset of the baseline's, year by year, and thinning a Poisson(λ) or a
 * negative binomial (mean m, size r) by q gives Poisson(qλ) or NB(qm, r). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "stats/result_impl.h"
#include "test_sim_models.h"

enum { TRIALS = 200000 };

/* Variant v's annual losses back in trial order. */
static double *per_trial(const crq_result *r, int v) {
  double *x = malloc(r->trials * sizeof *x);
  cr_assert_not_null(x);
  crq_result_aep_by_trial(r, v, x);
  return x;
}

static void mean_var(const double *x, uint64_t n, double *m, double *v) {
  double s = 0, ss = 0;
  for (uint64_t i = 0; i < n; i++)
    s += x[i];
  *m = s / (double)n;
  for (uint64_t i = 0; i < n; i++)
    ss += (x[i] - *m) * (x[i] - *m);
  *v = ss / (double)(n - 1);
}

Test(sim_thinning, poisson_rate_scaled_and_events_shared) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_poisson(2.0), tm_const(1.0));
  size_t m = tm_measure(t, "m");
  tm_effect(t, m, s, "frequency", NULL, CRQ_EFFECT_SCALE, 0.7);
  crq_result *r = tm_run(t, TRIALS, 7, 1);
  double *base = per_trial(r, 0), *meas = per_trial(r, 1);
  for (uint64_t i = 0; i < r->trials; i++)
    cr_assert_leq(meas[i], base[i], "trial %llu", (unsigned long long)i);
  double mean, var;
  mean_var(meas, r->trials, &mean, &var);
  double se = sqrt(1.4 / TRIALS);
  cr_assert_leq(fabs(mean - 1.4), 5 * se, "thinned mean %g", mean);
  cr_assert_leq(fabs(var - 1.4), 5 * sqrt((1.4 + 2 * 1.4 * 1.4) / TRIALS));
  /* The paired reduction is Poisson(0.6) per year: SE √(0.6/n), far
   * below the unpaired √((2 + 1.4)/n). */
  crq_estimate red = crq_result_reduction_eal(r);
  cr_assert_leq(fabs(red.value - 0.6), 5 * sqrt(0.6 / TRIALS));
  cr_assert_float_eq(red.se, sqrt(0.6 / TRIALS), 0.05 * red.se);
  free(base);
  free(meas);
  crq_result_free(r);
  tm_free(t);
}

Test(sim_thinning, negbin_thins_to_negbin) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_negbin(3.0, 2.0), tm_const(1.0));
  size_t m = tm_measure(t, "m");
  tm_effect(t, m, s, "frequency", NULL, CRQ_EFFECT_SET, 1.5);
  crq_result *r = tm_run(t, TRIALS, 8, 1);
  double *meas = per_trial(r, 1);
  double mean, var, v_true = 1.5 + 1.5 * 1.5 / 2.0;
  mean_var(meas, r->trials, &mean, &var);
  cr_assert_leq(fabs(mean - 1.5), 5 * sqrt(v_true / TRIALS), "mean %g", mean);
  /* SE of the sample variance from the sample's 4th central moment. */
  double m4 = 0;
  for (uint64_t i = 0; i < r->trials; i++)
    m4 += pow(meas[i] - mean, 4);
  m4 /= (double)r->trials;
  cr_assert_leq(fabs(var - v_true), 5 * sqrt((m4 - var * var) / TRIALS),
                "variance %g, expected %g", var, v_true);
  free(meas);
  crq_result_free(r);
  tm_free(t);
}

/* A partly achieved measure scales by 1 + f(value − 1) (linear curve). */
Test(sim_thinning, partial_achievement_thins_partly) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_poisson(1.0), tm_const(3.0));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 4, 1, 0)); /* 25% */
  tm_effect(t, m, s, "frequency", NULL, CRQ_EFFECT_SCALE, 0.2);
  crq_result *r = tm_run(t, TRIALS, 9, 1);
  double rate = 1.0 * (1 + 0.25 * (0.2 - 1)); /* 0.8 */
  crq_estimate e = crq_result_eal(r, CRQ_MEASURES);
  cr_assert_leq(fabs(e.value - 3 * rate), 5 * 3 * sqrt(rate / TRIALS));
  crq_result_free(r);
  tm_free(t);
}

/* Effects on inputs act on the shared draws: at 50% achievement a scale
 * by 0.5 makes every event, so every year, exactly 0.75 of the baseline. */
Test(sim_thinning, input_effects_map_the_shared_draws) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_poisson(2.0), tm_lognormal(10, 1));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 2, 1, 0));
  tm_effect(t, m, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  crq_result *r = tm_run(t, 20000, 10, 2);
  double *base = per_trial(r, 0), *meas = per_trial(r, 1);
  for (uint64_t i = 0; i < r->trials; i++)
    cr_assert_float_eq(meas[i], 0.75 * base[i], 1e-12 * base[i], "trial %llu",
                       (unsigned long long)i);
  free(base);
  free(meas);
  crq_result_free(r);
  tm_free(t);
}
