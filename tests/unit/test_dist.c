/* tests/unit/test_dist.c — dist.c's exact math against closed forms.
 *
 * Every figure here is a textbook identity or a value computed independently
 * (mpmath at 30 digits for the truncated normal; brute-force pmf summation
 * for the count quantiles), never dist.c's own output fed back.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "dist.h"

static int dist_close(double got, double want, double rel) {
  return fabs(got - want) <= rel * fmax(1, fabs(want));
}

#define assert_close(got, want, rel)                                           \
  cr_assert(dist_close((got), (want), (rel)), "%s = %.17g, expected %.17g",    \
            #got, (double)(got), (double)(want))

static crq_dist dist_make(crq_dist_kind kind, double p0, double p1, double p2,
                          double p3) {
  return (crq_dist){
      .kind = kind, .p = {p0, p1, p2, p3}, .lo = -INFINITY, .hi = INFINITY};
}

Test(dist, kind_keys_round_trip) {
  for (int k = 0; k < CRQ_DIST_KIND_COUNT; k++)
    cr_assert_eq(crq_dist_kind_from_key(crq_dist_kind_key(k)), k);
  cr_assert_eq(crq_dist_kind_from_key("lognormal"), CRQ_DIST_LOGNORMAL);
  cr_assert_eq(crq_dist_kind_from_key("pert"), CRQ_DIST_PERT);
  cr_assert_eq(crq_dist_kind_from_key("Lognormal"), -1);
  cr_assert_eq(crq_dist_kind_from_key("weibull"), -1);
}

Test(dist, constant) {
  crq_dist d = crq_dist_constant(7.5);
  cr_assert_eq(crq_dist_mean(&d), 7.5);
  cr_assert_eq(crq_dist_variance(&d), 0);
  cr_assert_eq(crq_dist_quantile(&d, 0.3), 7.5);
  cr_assert_eq(crq_dist_min(&d), 7.5);
  cr_assert_eq(crq_dist_max(&d), 7.5);
  cr_assert_eq(crq_dist_worst(&d, 0.99), 7.5);
}

Test(dist, lognormal_from_90_percent_interval) {
  double lo = 1e6, hi = 1e8, z95 = 1.6448536269514722;
  double mu = 0.5 * (log(lo) + log(hi));
  double sigma = (log(hi) - log(lo)) / (2 * z95);
  crq_dist d = dist_make(CRQ_DIST_LOGNORMAL, mu, sigma, 0, 0);
  assert_close(crq_dist_quantile(&d, 0.05), lo, 1e-12);
  assert_close(crq_dist_quantile(&d, 0.95), hi, 1e-12);
  assert_close(crq_dist_quantile(&d, 0.5), 1e7, 1e-12);
  assert_close(crq_dist_mean(&d), exp(mu + sigma * sigma / 2), 1e-14);
  assert_close(crq_dist_variance(&d),
               (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma), 1e-12);
  cr_assert_eq(crq_dist_min(&d), 0);
  cr_assert(isinf(crq_dist_max(&d)));
  assert_close(crq_dist_worst(&d, 0.99), exp(mu + sigma * 2.3263478740408408),
               1e-12);
}

Test(dist, normal_untruncated) {
  crq_dist d = dist_make(CRQ_DIST_NORMAL, 10, 2, 0, 0);
  assert_close(crq_dist_mean(&d), 10, 1e-15);
  assert_close(crq_dist_variance(&d), 4, 1e-15);
  assert_close(crq_dist_quantile(&d, 0.975), 10 + 2 * 1.959963984540054, 1e-14);
  assert_close(crq_dist_quantile(&d, 0.5), 10, 1e-15);
  cr_assert(isinf(crq_dist_min(&d)) && crq_dist_min(&d) < 0);
}

Test(dist, normal_half) {
  crq_dist d = dist_make(CRQ_DIST_NORMAL, 5, 3, 0, 0);
  d.lo = 5;
  assert_close(crq_dist_mean(&d), 5 + 3 * sqrt(2 / M_PI), 1e-14);
  assert_close(crq_dist_variance(&d), 9 * (1 - 2 / M_PI), 1e-14);
  /* The half-normal's median is sd · Φ⁻¹(3/4). */
  assert_close(crq_dist_quantile(&d, 0.5), 5 + 3 * 0.6744897501960817, 1e-13);
  cr_assert_eq(crq_dist_min(&d), 5);
  /* Mirror image: truncated above at the mean. */
  d.lo = -INFINITY;
  d.hi = 5;
  assert_close(crq_dist_mean(&d), 5 - 3 * sqrt(2 / M_PI), 1e-14);
  assert_close(crq_dist_quantile(&d, 0.5), 5 - 3 * 0.6744897501960817, 1e-13);
}

Test(dist, normal_truncated_two_sided_and_far_tail) {
  /* mpmath, 40 digits (the tail through Φ(−10), not 1 − Φ(10)). */
  crq_dist d = dist_make(CRQ_DIST_NORMAL, 0, 1, 0, 0);
  d.lo = -1;
  d.hi = 2;
  assert_close(crq_dist_mean(&d), 0.22963717909132896862, 1e-13);
  assert_close(crq_dist_variance(&d), 0.51976253921153393591, 1e-13);
  d.lo = 10; /* P(Z > 10) = 7.6e-24: needs the log-space tails */
  d.hi = INFINITY;
  assert_close(crq_dist_mean(&d), 10.098093233962511963, 1e-13);
  assert_close(crq_dist_variance(&d), 0.0094453778256562612, 1e-9);
  double q = crq_dist_quantile(&d, 0.5);
  cr_assert(q > 10 && q < 10.1, "median of the far tail %g", q);
  d.lo = -INFINITY;
  d.hi = -10;
  assert_close(crq_dist_mean(&d), -10.098093233962511963, 1e-13);
  assert_close(crq_dist_quantile(&d, 0.5), -q, 1e-13);
}

Test(dist, uniform_triangular) {
  crq_dist u = dist_make(CRQ_DIST_UNIFORM, 2, 6, 0, 0);
  assert_close(crq_dist_mean(&u), 4, 1e-15);
  assert_close(crq_dist_variance(&u), 16.0 / 12, 1e-15);
  assert_close(crq_dist_quantile(&u, 0.25), 3, 1e-15);
  cr_assert_eq(crq_dist_worst(&u, 0.99), 6);
  crq_dist t = dist_make(CRQ_DIST_TRIANGULAR, 0, 1, 4, 0);
  assert_close(crq_dist_mean(&t), 5.0 / 3, 1e-15);
  assert_close(crq_dist_variance(&t), (0 + 1 + 16 - 0 - 0 - 4) / 18.0, 1e-15);
  assert_close(crq_dist_quantile(&t, 0.25), 1, 1e-15); /* F(mode) = 1/4 */
  assert_close(crq_dist_quantile(&t, 1.0 / 16), 0.5, 1e-15);
  assert_close(crq_dist_quantile(&t, 1 - 1.0 / 3), 4 - sqrt(4.0 * 3 / 3),
               1e-15);
  cr_assert_eq(crq_dist_min(&t), 0);
  cr_assert_eq(crq_dist_max(&t), 4);
}

Test(dist, pert_and_beta) {
  crq_dist d = dist_make(CRQ_DIST_PERT, 10, 20, 60, 4);
  assert_close(crq_dist_mean(&d), (10 + 4 * 20 + 60) / 6.0, 1e-14);
  /* alpha = 1 + 4·10/50 = 1.8, beta = 1 + 4·40/50 = 4.2 */
  double a = 1.8, b = 4.2;
  assert_close(crq_dist_variance(&d),
               2500 * a * b / ((a + b) * (a + b) * (a + b + 1)), 1e-14);
  cr_assert_eq(crq_dist_min(&d), 10);
  cr_assert_eq(crq_dist_max(&d), 60);
  crq_dist s = dist_make(CRQ_DIST_PERT, 0, 5, 10, 4); /* symmetric */
  assert_close(crq_dist_quantile(&s, 0.5), 5, 1e-12);
  crq_dist flat = dist_make(CRQ_DIST_BETA, 1, 1, 0, 0);
  flat.lo = 2;
  flat.hi = 4;
  assert_close(crq_dist_quantile(&flat, 0.3), 2.6, 1e-14);
  assert_close(crq_dist_mean(&flat), 3, 1e-15);
  crq_dist b2 = dist_make(CRQ_DIST_BETA, 2, 1, 0, 0); /* F(x) = x² */
  b2.lo = 0;
  b2.hi = 1;
  assert_close(crq_dist_quantile(&b2, 0.25), 0.5, 1e-13);
}

Test(dist, gamma) {
  crq_dist d = dist_make(CRQ_DIST_GAMMA, 1, 3, 0, 0); /* exponential */
  assert_close(crq_dist_mean(&d), 3, 1e-15);
  assert_close(crq_dist_variance(&d), 9, 1e-15);
  assert_close(crq_dist_quantile(&d, 0.5), 3 * M_LN2, 1e-13);
  crq_dist g = dist_make(CRQ_DIST_GAMMA, 2.5, 0.5, 0, 0);
  assert_close(crq_dist_mean(&g), 1.25, 1e-15);
  assert_close(crq_dist_variance(&g), 0.625, 1e-15);
  cr_assert(isinf(crq_dist_max(&g)));
}

/* Smallest k with F(k) >= p from a pmf given by its first term and the
 * ratio pmf(k+1)/pmf(k). */
static double brute_count_quantile(double pmf0,
                                   double (*ratio)(double, double, double),
                                   double a, double b, double p) {
  double pmf = pmf0, cum = pmf0;
  double k = 0;
  while (cum < p) {
    pmf *= ratio(k, a, b);
    k++;
    cum += pmf;
  }
  return k;
}

static double poisson_ratio(double k, double lambda, double unused) {
  return lambda / (k + 1);
}

static double negbin_ratio(double k, double size, double q) {
  return (k + size) / (k + 1) * (1 - q);
}

Test(dist, poisson_quantile_matches_summation) {
  static const double lambdas[] = {0.1, 3.25, 17, 250};
  static const double ps[] = {0.01, 0.3, 0.5, 0.9, 0.99, 0.999999};
  for (size_t i = 0; i < sizeof lambdas / sizeof *lambdas; i++) {
    crq_dist d = dist_make(CRQ_DIST_POISSON, lambdas[i], 0, 0, 0);
    assert_close(crq_dist_mean(&d), lambdas[i], 0);
    assert_close(crq_dist_variance(&d), lambdas[i], 0);
    for (size_t j = 0; j < sizeof ps / sizeof *ps; j++)
      cr_assert_eq(crq_dist_quantile(&d, ps[j]),
                   brute_count_quantile(exp(-lambdas[i]), poisson_ratio,
                                        lambdas[i], 0, ps[j]),
                   "lambda %g p %g", lambdas[i], ps[j]);
  }
  crq_dist zero = dist_make(CRQ_DIST_POISSON, 0, 0, 0, 0);
  cr_assert_eq(crq_dist_max(&zero), 0);
  cr_assert_eq(crq_dist_quantile(&zero, 0.9), 0);
}

Test(dist, negbin_quantile_matches_summation) {
  static const double ms[][2] = {{0.5, 0.2}, {3, 2}, {40, 0.7}, {2, 50}};
  static const double ps[] = {0.01, 0.5, 0.9, 0.99, 0.9999};
  for (size_t i = 0; i < sizeof ms / sizeof *ms; i++) {
    double mean = ms[i][0], size = ms[i][1], q = size / (size + mean);
    crq_dist d = dist_make(CRQ_DIST_NEGBIN, mean, size, 0, 0);
    assert_close(crq_dist_variance(&d), mean + mean * mean / size, 1e-15);
    for (size_t j = 0; j < sizeof ps / sizeof *ps; j++)
      cr_assert_eq(
          crq_dist_quantile(&d, ps[j]),
          brute_count_quantile(pow(q, size), negbin_ratio, size, q, ps[j]),
          "mean %g size %g p %g", mean, size, ps[j]);
  }
}

Test(dist, bernoulli) {
  crq_dist d = dist_make(CRQ_DIST_BERNOULLI, 0.2, 0, 0, 0);
  assert_close(crq_dist_mean(&d), 0.2, 0);
  assert_close(crq_dist_variance(&d), 0.16, 1e-15);
  cr_assert_eq(crq_dist_quantile(&d, 0.8), 0);
  cr_assert_eq(crq_dist_quantile(&d, 0.81), 1);
  cr_assert_eq(crq_dist_worst(&d, 0.5), 1);
}

Test(dist, discrete_copy_free) {
  double values[] = {0, 1, 5, 9}, probs[] = {0, 0.5, 0.25, 0.25};
  crq_dist d = {.kind = CRQ_DIST_DISCRETE,
                .lo = -INFINITY,
                .hi = INFINITY,
                .n = 4,
                .values = values,
                .probs = probs};
  assert_close(crq_dist_mean(&d), 0.5 + 1.25 + 2.25, 1e-15);
  assert_close(crq_dist_variance(&d), 0.5 * 9 + 0.25 * 1 + 0.25 * 25,
               1e-15);               /* mean 4 */
  cr_assert_eq(crq_dist_min(&d), 1); /* 0 has probability 0 */
  cr_assert_eq(crq_dist_max(&d), 9);
  cr_assert_eq(crq_dist_quantile(&d, 0.5), 1);
  cr_assert_eq(crq_dist_quantile(&d, 0.6), 5);
  cr_assert_eq(crq_dist_quantile(&d, 0.76), 9);
  crq_dist c;
  cr_assert_eq(crq_dist_copy(&c, &d), 0);
  cr_assert(c.values != values && c.probs != probs);
  for (size_t i = 0; i < 4; i++)
    cr_assert(c.values[i] == values[i] && c.probs[i] == probs[i]);
  crq_dist_free(&c);
  cr_assert(c.values == NULL && c.probs == NULL && c.n == 0);
}
