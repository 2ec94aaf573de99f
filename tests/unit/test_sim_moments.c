/* tests/unit/test_sim_moments.c — the simulated annual loss has the
 * moments theory says: for a compound Poisson sum with rate λ and severity
 * X, E[S] = λE[X] and Var[S] = λE[X²]; for a negative binomial count with
 * mean m and size r, Var[N] = m + m²/r. Tolerances are 5 standard errors:
 * SE(mean) = √(Var S / n); SE(sample variance) = √((κ4 + 2κ2²)/n) with the
 * compound Poisson cumulants κj = λE[X^j]. */
#include <criterion/criterion.h>
#include <math.h>

#include "stats/result_impl.h"
#include "test_sim_models.h"

enum { TRIALS = 200000 };

/* Checks mean and variance of the annual loss against λ and the raw
 * moments m1, m2, m4 of the severity. */
static void check_compound_poisson(crq_dist severity, double lambda, double m1,
                                   double m2, double m4, uint64_t seed) {
  tm_model *t = tm_new();
  tm_plain(t, "s", tm_poisson(lambda), severity);
  crq_result *r = tm_run(t, TRIALS, seed, 1);
  double n = TRIALS, k2 = lambda * m2, k4 = lambda * m4;
  crq_estimate eal = crq_result_eal(r, CRQ_BASELINE);
  double se_mean = sqrt(k2 / n);
  cr_assert_leq(fabs(eal.value - lambda * m1), 5 * se_mean,
                "EAL %g, expected %g ± 5 × %g", eal.value, lambda * m1,
                se_mean);
  cr_assert_float_eq(eal.se, se_mean, 0.05 * se_mean);
  double sd = crq_result_sd(r, CRQ_BASELINE, CRQ_AEP);
  double se_var = sqrt((k4 + 2 * k2 * k2) / n);
  cr_assert_leq(fabs(sd * sd - k2), 5 * se_var, "Var %g, expected %g ± 5 × %g",
                sd * sd, k2, se_var);
  /* The category and scenario sums hold the same losses. */
  crq_estimate cat = crq_result_category_eal(r, CRQ_BASELINE, CRQ_CAT_OTHER);
  crq_estimate scen = crq_result_scenario_eal(r, CRQ_BASELINE, 0);
  cr_assert_float_eq(cat.value, eal.value, 1e-12 * eal.value);
  cr_assert_float_eq(scen.value, eal.value, 1e-12 * eal.value);
  crq_result_free(r);
  tm_free(t);
}

Test(sim_moments, compound_poisson_constant) {
  check_compound_poisson(tm_const(2), 3, 2, 4, 16, 11);
}

Test(sim_moments, compound_poisson_uniform) {
  /* E[X^j] = (5^(j+1) − 1) / (4(j+1)) on [1, 5] */
  check_compound_poisson(tm_uniform(1, 5), 3, 3, 124.0 / 12, 3124.0 / 20, 12);
}

Test(sim_moments, compound_poisson_gamma) {
  /* shape 2, scale 3: E[X^j] = θ^j Γ(k+j)/Γ(k) */
  check_compound_poisson(tm_gamma(2, 3), 3, 6, 54, 9720, 13);
}

Test(sim_moments, compound_poisson_lognormal) {
  /* E[X^j] = exp(jμ + j²σ²/2) */
  double mu = 1.0, s = 0.5;
  check_compound_poisson(tm_lognormal(mu, s), 2.5, exp(mu + s * s / 2),
                         exp(2 * mu + 2 * s * s), exp(4 * mu + 8 * s * s), 14);
}

/* Several Poisson scenarios superpose: the total is compound Poisson with
 * the summed rate and the rate-weighted mixture of severities. */
Test(sim_moments, superposed_scenarios) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.5), tm_const(10));
  tm_plain(t, "b", tm_poisson(1.5), tm_const(1));
  tm_plain(t, "c", tm_poisson(1.0), tm_uniform(0, 6));
  crq_result *r = tm_run(t, TRIALS, 15, 1);
  double k2 = 0.5 * 100 + 1.5 * 1 + 1.0 * 12, se = sqrt(k2 / TRIALS);
  double expect[3] = {5, 1.5, 3};
  for (size_t s = 0; s < 3; s++) {
    crq_estimate e = crq_result_scenario_eal(r, CRQ_BASELINE, s);
    cr_assert_leq(fabs(e.value - expect[s]), 5 * e.se, "scenario %zu: %g", s,
                  e.value);
  }
  crq_estimate eal = crq_result_eal(r, CRQ_BASELINE);
  cr_assert_leq(fabs(eal.value - 9.5), 5 * se);
  crq_result_free(r);
  tm_free(t);
}

/* Sample central moments of the annual losses. */
static void sample_moments(const crq_result *r, double *mean, double *var,
                           double *m4) {
  const double *x = r->values[0][CRQ_AEP];
  double n = (double)r->trials, s = 0, s2 = 0, s4 = 0;
  for (uint64_t i = 0; i < r->trials; i++)
    s += x[i];
  *mean = s / n;
  for (uint64_t i = 0; i < r->trials; i++) {
    double d = x[i] - *mean;
    s2 += d * d;
    s4 += d * d * d * d;
  }
  *var = s2 / (n - 1);
  *m4 = s4 / n;
}

static void check_negbin(double mean, double size, uint64_t seed) {
  tm_model *t = tm_new();
  tm_plain(t, "s", tm_negbin(mean, size), tm_const(1));
  crq_result *r = tm_run(t, TRIALS, seed, 1);
  double m, var, m4, n = TRIALS;
  sample_moments(r, &m, &var, &m4);
  double v_true = mean + mean * mean / size;
  cr_assert_leq(fabs(m - mean), 5 * sqrt(v_true / n), "mean %g", m);
  cr_assert_leq(fabs(var - v_true), 5 * sqrt((m4 - var * var) / n),
                "variance %g, expected %g", var, v_true);
  cr_assert_float_eq(crq_result_eal(r, CRQ_BASELINE).value, m, 1e-12 * m);
  crq_result_free(r);
  tm_free(t);
}

Test(sim_moments, negbin_frequency) {
  check_negbin(2.0, 0.5, 21);
  check_negbin(0.3, 4.0, 22);
  check_negbin(20.0, 2.0, 23);
}

/* Bernoulli: at most one event a year. */
Test(sim_moments, bernoulli_frequency) {
  tm_model *t = tm_new();
  tm_plain(t, "s", tm_bernoulli(0.3), tm_const(7));
  crq_result *r = tm_run(t, TRIALS, 31, 1);
  cr_assert_eq(crq_result_max_simulated(r, CRQ_BASELINE, CRQ_AEP), 7.0);
  crq_estimate p = crq_result_exceedance(r, CRQ_BASELINE, CRQ_AEP, 0.0);
  cr_assert_leq(fabs(p.value - 0.3), 5 * sqrt(0.21 / TRIALS));
  crq_result_free(r);
  tm_free(t);
}

/* One trial has no spread to measure: its mean is the year's loss, its SD
 * and SE unknown (NaN, which reports print as n/a), not 0; two trials
 * have both. */
Test(sim_moments, one_trial_has_no_standard_error) {
  tm_model *t = tm_new();
  tm_plain(t, "s", tm_poisson(5), tm_uniform(1, 2));
  for (uint64_t n = 1; n <= 2; n++) {
    crq_result *r = tm_run(t, n, 41, 1);
    crq_estimate e = crq_result_eal(r, CRQ_BASELINE);
    cr_assert(e.value > 0.0, "n %llu: EAL %g", (unsigned long long)n, e.value);
    int unknown = n == 1;
    cr_assert_eq(isnan(e.se) != 0, unknown, "n %llu: SE %g",
                 (unsigned long long)n, e.se);
    cr_assert_eq(isnan(e.lo) != 0, unknown);
    cr_assert_eq(isnan(crq_result_sd(r, CRQ_BASELINE, CRQ_AEP)) != 0, unknown);
    cr_assert_eq(isnan(crq_result_scenario_eal(r, CRQ_BASELINE, 0).se) != 0,
                 unknown);
    crq_result_free(r);
  }
  tm_free(t);
}
