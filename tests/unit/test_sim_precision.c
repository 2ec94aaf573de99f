/* tests/unit/test_sim_precision.c — simulating until a precision target
 * (crq_sim_options.precision): the figures meet it, the run is one of the
 * fixed sizes and the same as a plain run of that size, whatever the
 * threads; an unreachable target stops at the maximum; one year has no
 * precision. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "test_sim_models.h"

static crq_result *precise_run(const tm_model *t, double precision,
                               uint64_t trials, int threads) {
  crq_sim_options o = tm_options(trials, 5, threads);
  o.precision = precision;
  return tm_run_with(t, &o);
}

static tm_model *precise_model(void) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(16, 1.2));
  tm_plain(t, "b", tm_poisson(2.0), tm_lognormal(13, 0.8));
  return t;
}

Test(sim_precision, stops_at_the_first_fixed_size_that_is_precise) {
  tm_model *t = precise_model();
  double target = 0.015;
  crq_result *r = precise_run(t, target, 0, 2);
  uint64_t n = crq_result_trials(r);
  cr_assert_eq(n % 131072, 0); /* 131,072 × a power of two */
  cr_assert_eq(__builtin_popcountll(n / 131072), 1, "%llu years",
               (unsigned long long)n);
  crq_estimate eal = crq_result_eal(r, CRQ_BASELINE);
  crq_estimate var = crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, 0.99);
  cr_assert_leq(eal.se, target * eal.value);
  cr_assert_leq((var.hi - var.lo) / 2, target * var.value);
  double a = eal.se / eal.value, b = (var.hi - var.lo) / 2 / var.value;
  cr_assert_eq(crq_result_precision(r), a > b ? a : b);
  cr_assert_gt(n, 131072, "1.5%% on VaR 99%% needs more than the first run");
  /* The same as a plain run of that size, on any number of threads. */
  crq_result *again = precise_run(t, target, 0, 1);
  crq_result *plain = precise_run(t, 0.0, n, 1);
  cr_assert_eq(crq_result_trials(again), n);
  crq_estimate e2 = crq_result_eal(again, CRQ_BASELINE);
  crq_estimate e3 = crq_result_eal(plain, CRQ_BASELINE);
  cr_assert(memcmp(&eal, &e2, sizeof eal) == 0);
  cr_assert(memcmp(&eal, &e3, sizeof eal) == 0);
  crq_estimate v3 = crq_result_quantile(plain, CRQ_BASELINE, CRQ_AEP, 0.99);
  cr_assert(memcmp(&var, &v3, sizeof var) == 0);
  crq_result_free(r);
  crq_result_free(again);
  crq_result_free(plain);
  tm_free(t);
}

Test(sim_precision, an_unreachable_target_stops_at_the_maximum) {
  tm_model *t = precise_model();
  crq_result *r = precise_run(t, 1e-6, 300000, 2);
  cr_assert_eq(crq_result_trials(r), 300000);
  cr_assert_gt(crq_result_precision(r), 1e-6); /* what crq run warns of */
  crq_result_free(r);
  tm_free(t);
}

/* A run capped at one year has no standard error: its precision is
 * unknown (infinite), never met, not the 0 its collapsed intervals would
 * suggest. */
Test(sim_precision, one_year_has_no_precision) {
  tm_model *t = precise_model();
  crq_result *r = precise_run(t, 0.05, 1, 1);
  cr_assert_eq(crq_result_trials(r), 1);
  cr_assert(isinf(crq_result_precision(r)), "%g", crq_result_precision(r));
  crq_result_free(r);
  tm_free(t);
}
