/* tests/unit/test_stats_order.c — quantiles, their order-statistic
 * intervals, TVaR, batch means, exceedance and return periods on small
 * hand-checked arrays (results built directly from the values). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "stats/result_impl.h"

/* A one-variant result whose AEP and OEP are x[0..n) in trial order. */
static crq_result *result_of(const double *x, size_t n) {
  double *values[CRQ_MAX_VARIANTS][2] = {{NULL}};
  for (int b = 0; b < 2; b++) {
    values[0][b] = malloc(n * sizeof(double));
    cr_assert_not_null(values[0][b]);
    for (size_t i = 0; i < n; i++)
      values[0][b][i] = x[i];
  }
  crq_result *r = crq_result_of_values(NULL, 1, n, 1, values, NULL, 0, n);
  cr_assert_not_null(r);
  return r;
}

/* 1..n shuffled (a fixed permutation: i·7 mod n for n coprime to 7). */
static crq_result *one_to_n(size_t n) {
  double *x = malloc(n * sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[i] = (double)((i * 7) % n + 1);
  crq_result *r = result_of(x, n);
  free(x);
  return r;
}

static double q(const crq_result *r, double p) {
  return crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, p).value;
}

Test(stats_order, quantile_is_the_ceil_np_th_smallest) {
  crq_result *r = one_to_n(10);
  cr_assert_eq(q(r, 0.9), 9.0);
  cr_assert_eq(q(r, 0.91), 10.0);
  cr_assert_eq(q(r, 0.95), 10.0);
  cr_assert_eq(q(r, 0.5), 5.0);
  cr_assert_eq(q(r, 0.1), 1.0);
  cr_assert_eq(q(r, 0.0), 1.0);
  cr_assert_eq(q(r, 1.0), 10.0);
  cr_assert_eq(q(r, 0.7), 7.0); /* 0.7 × 10 is 7.000000000000001 */
  cr_assert(isnan(q(r, 1.5)));
  cr_assert_eq(crq_result_return_period(r, CRQ_BASELINE, CRQ_AEP, 10).value,
               9.0);
  cr_assert(isnan(crq_result_return_period(r, 0, CRQ_AEP, 0.5).value));
  cr_assert_eq(crq_result_max_simulated(r, CRQ_BASELINE, CRQ_OEP), 10.0);
  crq_result_free(r);
}

/* n = 101, p = 0.5: Binomial(101, 0.5) has 2.5% quantile 41 and 97.5%
 * quantile 60, so the interval is [x(41), x(61)]. */
Test(stats_order, quantile_interval_is_binomial) {
  crq_result *r = one_to_n(101);
  crq_estimate e = crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, 0.5);
  cr_assert_eq(e.value, 51.0);
  cr_assert_eq(e.lo, 41.0);
  cr_assert_eq(e.hi, 61.0);
  cr_assert_float_eq(e.se, 20.0 / 3.92, 1e-12);
  /* At the top the interval reaches the largest value. */
  e = crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, 0.99);
  cr_assert_eq(e.value, 100.0);
  cr_assert_eq(e.hi, 101.0);
  crq_result_free(r);
}

Test(stats_order, tvar_is_the_mean_at_or_above_var) {
  crq_result *r = one_to_n(10);
  cr_assert_eq(crq_result_tvar(r, 0, CRQ_AEP, 0.9).value, 9.5);
  cr_assert_eq(crq_result_tvar(r, 0, CRQ_AEP, 0.75).value, 9.0);
  cr_assert_eq(crq_result_tvar(r, 0, CRQ_AEP, 0.0).value, 5.5);
  cr_assert_eq(crq_result_tvar(r, 0, CRQ_AEP, 1.0).value, 10.0);
  crq_result_free(r);
}

/* 64 trials in order, values t + 1: batch b holds trials 2b and 2b + 1,
 * so at p = 0.5 its VaR is 2b + 1 and its TVaR 2b + 1.5. */
Test(stats_order, batch_means) {
  double x[64];
  for (int i = 0; i < 64; i++)
    x[i] = i + 1;
  crq_result *r = result_of(x, 64);
  crq_batch_tails bt;
  crq_batch_tails_of(r, 0, CRQ_AEP, 0.5, &bt);
  cr_assert_eq(bt.n, 32);
  for (int b = 0; b < 32; b++) {
    cr_assert_eq(bt.var[b], 2 * b + 1.0);
    cr_assert_eq(bt.tvar[b], 2 * b + 1.5);
  }
  /* SE = sd(batch TVaRs)/√32, the t(31) 97.5% point is 2.0395134464. */
  double sd = 0, m = 32.5;
  for (int b = 0; b < 32; b++)
    sd += (2 * b + 1.5 - m) * (2 * b + 1.5 - m);
  sd = sqrt(sd / 31);
  crq_estimate e = crq_result_tvar(r, 0, CRQ_AEP, 0.5);
  cr_assert_eq(e.value, 48.0); /* ranks 32..64: VaR_0.5 = 32 and above */
  cr_assert_float_eq(e.se, sd / sqrt(32), 1e-12);
  cr_assert_float_eq(e.hi - e.value, 2.0395134464 * e.se, 1e-8);
  crq_result_free(r);
}

Test(stats_order, exceedance_with_binomial_se) {
  crq_result *r = one_to_n(10);
  crq_estimate e = crq_result_exceedance(r, 0, CRQ_AEP, 5.0);
  cr_assert_eq(e.value, 0.5);
  cr_assert_float_eq(e.se, sqrt(0.25 / 10), 1e-15);
  cr_assert_lt(e.lo, 0.5);
  cr_assert_gt(e.hi, 0.5);
  cr_assert_eq(crq_result_exceedance(r, 0, CRQ_AEP, 4.5).value, 0.6);
  cr_assert_eq(crq_result_exceedance(r, 0, CRQ_AEP, 0.0).value, 1.0);
  e = crq_result_exceedance(r, 0, CRQ_AEP, 10.0);
  cr_assert_eq(e.value, 0.0);
  cr_assert_eq(e.lo, 0.0);
  cr_assert_gt(e.hi, 0.1); /* Wilson: 0 of 10 is not certainty */
  crq_result_free(r);
}

Test(stats_order, invalid_arguments_give_nan) {
  crq_result *r = one_to_n(10);
  cr_assert(isnan(crq_result_quantile(r, CRQ_MEASURES, CRQ_AEP, 0.5).value));
  cr_assert(isnan(crq_result_tvar(r, 0, (crq_basis)7, 0.5).value));
  cr_assert(isnan(crq_result_exceedance(r, 0, CRQ_OEP, NAN).value));
  cr_assert(isnan(crq_result_reduction_quantile(r, 0.5).value));
  crq_result_free(r);
}
