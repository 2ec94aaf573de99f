/* tests/unit/test_sample.c — every sampler against its exact distribution.
 *
 * For each kind (and each method: rejection and inversion for the truncated
 * normal, the small-shape gamma boost, Poisson by inversion and by GSL, ...)
 * 200,000 draws at a fixed seed, one trial stream per draw as the engine
 * uses them, must match dist.c's exact mean and variance within 5 standard
 * errors (the variance's from the sample's fourth moment) and pass a
 * Kolmogorov–Smirnov test (continuous) or a chi-square test (discrete) at
 * the 1% level against the exact CDF or probabilities, evaluated here with
 * GSL's CDFs. The fast samplers are also compared with GSL's own samplers
 * (two-sample tests). The samplers' word-level pieces are in
 * test_sample_words.c.
 */
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sample.h"

#define SMP_N 200000
#define SMP_SEED 2024

static crq_dist smp_dist(crq_dist_kind kind, double p0, double p1, double p2,
                         double p3) {
  return (crq_dist){
      .kind = kind, .p = {p0, p1, p2, p3}, .lo = -INFINITY, .hi = INFINITY};
}

/* n draws of s, draw i from trial i's stream. Caller frees. */
static double *smp_draw_n(const crq_sampler *s, size_t n, uint64_t seed) {
  double *x = malloc(n * sizeof *x);
  crq_rng r;
  cr_assert(x != NULL && crq_rng_init(&r, seed) == 0);
  for (size_t i = 0; i < n; i++) {
    crq_rng_seek(&r, i, 0);
    x[i] = crq_sampler_draw(s, &r);
  }
  crq_rng_free(&r);
  return x;
}

static double *smp_draw(const crq_dist *d, size_t n, crq_sample_method want) {
  crq_sampler s;
  cr_assert_eq(crq_sampler_init(&s, d), 0);
  cr_assert_eq(s.method, want, "method %d, expected %d", s.method, want);
  double *x = smp_draw_n(&s, n, SMP_SEED);
  crq_sampler_free(&s);
  return x;
}

/* Sample mean and variance within 5 standard errors of the exact ones. */
static void smp_check_moments(const double *x, size_t n, const crq_dist *d) {
  double mean = 0, m2 = 0, m4 = 0;
  for (size_t i = 0; i < n; i++)
    mean += x[i];
  mean /= (double)n;
  for (size_t i = 0; i < n; i++) {
    double e = (x[i] - mean) * (x[i] - mean);
    m2 += e;
    m4 += e * e;
  }
  double var = m2 / (double)(n - 1);
  m2 /= (double)n;
  m4 /= (double)n;
  double want_mean = crq_dist_mean(d), want_var = crq_dist_variance(d);
  double se_mean = sqrt(want_var / (double)n);
  double se_var = sqrt((m4 - m2 * m2) / (double)n);
  cr_assert(fabs(mean - want_mean) <= 5 * se_mean,
            "%s: mean %.10g, exact %.10g, SE %.3g", crq_dist_kind_key(d->kind),
            mean, want_mean, se_mean);
  cr_assert(fabs(var - want_var) <= 5 * se_var,
            "%s: variance %.10g, exact %.10g, SE %.3g",
            crq_dist_kind_key(d->kind), var, want_var, se_var);
}

/* Standard normal CDF between a and z relative to the mass in [a, b],
 * through upper tails when a > 0 so far tails keep their precision. */
static double smp_trunc_cdf(double a, double b, double z) {
  if (a > 0)
    return (gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(z)) /
           (gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b));
  return (gsl_cdf_ugaussian_P(z) - gsl_cdf_ugaussian_P(a)) /
         (gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a));
}

/* The exact CDF of the continuous kinds, from the parameters as dist.h
 * documents them. */
static double smp_cdf(const crq_dist *d, double x) {
  const double *p = d->p;
  double w, a, b;
  switch (d->kind) {
  case CRQ_DIST_UNIFORM:
    return fmin(fmax((x - p[0]) / (p[1] - p[0]), 0), 1);
  case CRQ_DIST_TRIANGULAR:
    if (x <= p[1])
      return (x - p[0]) * (x - p[0]) / ((p[2] - p[0]) * (p[1] - p[0]));
    return 1 - (p[2] - x) * (p[2] - x) / ((p[2] - p[0]) * (p[2] - p[1]));
  case CRQ_DIST_PERT:
    w = p[2] - p[0];
    a = 1 + p[3] * (p[1] - p[0]) / w;
    b = 1 + p[3] * (p[2] - p[1]) / w;
    return gsl_cdf_beta_P((x - p[0]) / w, a, b);
  case CRQ_DIST_BETA:
    return gsl_cdf_beta_P((x - d->lo) / (d->hi - d->lo), p[0], p[1]);
  case CRQ_DIST_NORMAL:
    return smp_trunc_cdf((d->lo - p[0]) / p[1], (d->hi - p[0]) / p[1],
                         (x - p[0]) / p[1]);
  case CRQ_DIST_LOGNORMAL:
    return gsl_cdf_lognormal_P(x, p[0], p[1]);
  case CRQ_DIST_GAMMA:
    return gsl_cdf_gamma_P(x, p[0], p[1]);
  default:
    cr_assert_fail("no CDF for %s", crq_dist_kind_key(d->kind));
    return NAN;
  }
}

static int smp_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* One-sample Kolmogorov–Smirnov at the 1% level (sorts x). */
static void smp_check_ks(double *x, size_t n, const crq_dist *d) {
  qsort(x, n, sizeof *x, smp_cmp);
  double dmax = 0;
  for (size_t i = 0; i < n; i++) {
    double f = smp_cdf(d, x[i]);
    dmax = fmax(
        dmax, fmax(f - (double)i / (double)n, (double)(i + 1) / (double)n - f));
  }
  cr_assert(dmax < 1.63 / sqrt((double)n), "%s: KS D = %.5f, critical %.5f",
            crq_dist_kind_key(d->kind), dmax, 1.63 / sqrt((double)n));
}

/* Two-sample Kolmogorov–Smirnov at the 1% level (sorts both). */
static void smp_check_ks2(double *x, size_t n, double *y, size_t m,
                          const char *what) {
  qsort(x, n, sizeof *x, smp_cmp);
  qsort(y, m, sizeof *y, smp_cmp);
  double dmax = 0;
  size_t i = 0, j = 0;
  while (i < n && j < m) {
    double v = fmin(x[i], y[j]);
    while (i < n && x[i] <= v)
      i++;
    while (j < m && y[j] <= v)
      j++;
    dmax = fmax(dmax, fabs((double)i / (double)n - (double)j / (double)m));
  }
  double crit = 1.63 * sqrt((double)(n + m) / ((double)n * (double)m));
  cr_assert(dmax < crit, "%s: two-sample KS D = %.5f, critical %.5f", what,
            dmax, crit);
}

static double smp_normal_moments_and_ks(const crq_dist *d,
                                        crq_sample_method method) {
  double *x = smp_draw(d, SMP_N, method);
  smp_check_moments(x, SMP_N, d);
  smp_check_ks(x, SMP_N, d);
  double lo = x[0];
  free(x);
  return lo;
}

/* Chi-square at the 1% level over cells with expected counts e[] and
 * observed o[] (k cells, adjacent cells merged until each expects >= 5;
 * the last merged cell takes whatever the others leave of n). */
static void smp_check_chisq(const double *o, const double *e, size_t k,
                            size_t n, const char *what) {
  double chi2 = 0, bo = 0, be = 0, seen_o = 0, seen_e = 0;
  int cells = 0;
  for (size_t i = 0; i < k; i++) {
    bo += o[i];
    be += e[i];
    if (be >= 5 && (double)n - seen_e - be >= 5) {
      chi2 += (bo - be) * (bo - be) / be;
      seen_o += bo;
      seen_e += be;
      bo = be = 0;
      cells++;
    }
  }
  be = (double)n - seen_e;
  bo = (double)n - seen_o;
  chi2 += (bo - be) * (bo - be) / be;
  cells++;
  cr_assert(cells >= 2, "%s: too few cells", what);
  double crit = gsl_cdf_chisq_Qinv(0.01, cells - 1);
  cr_assert(chi2 < crit, "%s: chi-square %.2f on %d df, critical %.2f", what,
            chi2, cells - 1, crit);
}

/* A count distribution: moments, then chi-square of the counts 0..K. */
static void smp_check_counts(const crq_dist *d, crq_sample_method method,
                             double (*pmf)(const crq_dist *, unsigned)) {
  double *x = smp_draw(d, SMP_N, method);
  smp_check_moments(x, SMP_N, d);
  size_t k = 0;
  for (size_t i = 0; i < SMP_N; i++) {
    cr_assert(x[i] >= 0 && x[i] == floor(x[i]), "not a count: %g", x[i]);
    if (x[i] + 1 > (double)k)
      k = (size_t)x[i] + 1;
  }
  double *o = calloc(k, sizeof *o), *e = calloc(k, sizeof *e);
  for (size_t i = 0; i < SMP_N; i++)
    o[(size_t)x[i]]++;
  for (size_t i = 0; i < k; i++)
    e[i] = SMP_N * pmf(d, (unsigned)i);
  smp_check_chisq(o, e, k, SMP_N, crq_dist_kind_key(d->kind));
  free(o);
  free(e);
  free(x);
}

static double smp_poisson_pmf(const crq_dist *d, unsigned k) {
  return gsl_ran_poisson_pdf(k, d->p[0]);
}

static double smp_negbin_pmf(const crq_dist *d, unsigned k) {
  return gsl_ran_negative_binomial_pdf(k, d->p[1] / (d->p[1] + d->p[0]),
                                       d->p[1]);
}

static double smp_bernoulli_pmf(const crq_dist *d, unsigned k) {
  return k == 0 ? 1 - d->p[0] : k == 1 ? d->p[0] : 0;
}

static void smp_check_continuous(const crq_dist *d, crq_sample_method method) {
  double *x = smp_draw(d, SMP_N, method);
  smp_check_moments(x, SMP_N, d);
  smp_check_ks(x, SMP_N, d);
  free(x);
}

Test(sample, uniform_triangular_pert) {
  crq_dist u = smp_dist(CRQ_DIST_UNIFORM, 2, 6, 0, 0);
  smp_check_continuous(&u, CRQ_SAMPLE_UNIFORM);
  crq_dist t = smp_dist(CRQ_DIST_TRIANGULAR, 0, 1, 4, 0);
  smp_check_continuous(&t, CRQ_SAMPLE_TRIANGULAR);
  crq_dist p = smp_dist(CRQ_DIST_PERT, 10, 20, 60, 4);
  smp_check_continuous(&p, CRQ_SAMPLE_BETA);
  crq_dist p2 = smp_dist(CRQ_DIST_PERT, 0, 1, 1, 2.5); /* mode at the max */
  smp_check_continuous(&p2, CRQ_SAMPLE_BETA);
}

Test(sample, beta) {
  crq_dist b = smp_dist(CRQ_DIST_BETA, 2, 5, 0, 0);
  b.lo = 0;
  b.hi = 1;
  smp_check_continuous(&b, CRQ_SAMPLE_BETA);
  crq_dist s = smp_dist(CRQ_DIST_BETA, 0.5, 0.3, 0, 0); /* U-shaped */
  s.lo = -1;
  s.hi = 3;
  smp_check_continuous(&s, CRQ_SAMPLE_BETA);
}

Test(sample, normal) {
  crq_dist d = smp_dist(CRQ_DIST_NORMAL, 10, 2, 0, 0);
  smp_check_continuous(&d, CRQ_SAMPLE_NORMAL);
}

Test(sample, normal_truncated) {
  crq_dist d = smp_dist(CRQ_DIST_NORMAL, 0.5, 1, 0, 0);
  d.lo = -1;
  d.hi = 2; /* 77% of the mass: rejection */
  cr_assert_geq(smp_normal_moments_and_ks(&d, CRQ_SAMPLE_NORMAL_REJECT), -1);
  d.lo = 2.5;
  d.hi = INFINITY; /* 2.3%: inversion, mirrored */
  cr_assert_geq(smp_normal_moments_and_ks(&d, CRQ_SAMPLE_NORMAL_INVERT), 2.5);
  d.lo = -INFINITY;
  d.hi = -2.5; /* inversion, not mirrored */
  smp_normal_moments_and_ks(&d, CRQ_SAMPLE_NORMAL_INVERT);
  d.lo = 10.5;
  d.hi = 12; /* ten sd out, P = 7.6e-24 */
  cr_assert_geq(smp_normal_moments_and_ks(&d, CRQ_SAMPLE_NORMAL_INVERT), 10.5);
}

/* The ziggurat's tail and outer layers: draws with |Z| > 3 (about 0.27%)
 * against the normal conditioned on |Z| > 3. */
Test(sample, normal_tail) {
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, SMP_SEED), 0);
  const size_t n = 3000000, cap = 20000;
  double *x = malloc(cap * sizeof *x);
  size_t m = 0;
  for (size_t i = 0; i < n && m < cap; i++) {
    double z = fabs(crq_sample_std_normal(&r));
    if (z > 3)
      x[m++] = z;
  }
  crq_rng_free(&r);
  cr_assert_gt(m, 5000);
  crq_dist tail = smp_dist(CRQ_DIST_NORMAL, 0, 1, 0, 0);
  tail.lo = 3;
  smp_check_ks(x, m, &tail);
  free(x);
}

/* The tail method itself (beyond r, 0.03% of draws, too rare to test
 * through ordinary draws): each draw starts from a planted word that picks
 * the base layer past r, and the tail then draws from the stream. */
Test(sample, normal_tail_method) {
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, SMP_SEED), 0);
  const size_t n = 50000;
  double *x = malloc(n * sizeof *x);
  for (size_t i = 0; i < n; i++) {
    crq_rng_seek(&r, i, 0);
    r.buf[1] = ~UINT64_C(0x1ff); /* layer 0, sign +, position ~1 > r/x[0] */
    r.next = 1;
    x[i] = crq_sample_std_normal(&r);
  }
  crq_rng_free(&r);
  crq_dist tail = smp_dist(CRQ_DIST_NORMAL, 0, 1, 0, 0);
  tail.lo = CRQ_ZIG_R;
  smp_check_ks(x, n, &tail);
  free(x);
}

Test(sample, lognormal) {
  crq_dist d = smp_dist(CRQ_DIST_LOGNORMAL, 2, 0.6, 0, 0);
  smp_check_continuous(&d, CRQ_SAMPLE_LOGNORMAL);
  /* W20's shape (5th/95th percentiles 10^6, 10^8): too heavy-tailed for a
   * fourth-moment SE of the variance, so the mean and the KS test. */
  crq_dist w = smp_dist(CRQ_DIST_LOGNORMAL, log(1e7),
                        log(10) / 1.6448536269514722, 0, 0);
  double *x = smp_draw(&w, SMP_N, CRQ_SAMPLE_LOGNORMAL);
  double mean = 0;
  for (size_t i = 0; i < SMP_N; i++)
    mean += x[i] / SMP_N;
  double se = sqrt(crq_dist_variance(&w) / SMP_N);
  cr_assert(fabs(mean - crq_dist_mean(&w)) < 5 * se, "mean %g, exact %g", mean,
            crq_dist_mean(&w));
  smp_check_ks(x, SMP_N, &w);
  free(x);
}

Test(sample, gamma) {
  crq_dist d = smp_dist(CRQ_DIST_GAMMA, 2.5, 0.5, 0, 0);
  smp_check_continuous(&d, CRQ_SAMPLE_GAMMA);
  crq_dist s = smp_dist(CRQ_DIST_GAMMA, 0.3, 2, 0, 0); /* shape < 1 */
  smp_check_continuous(&s, CRQ_SAMPLE_GAMMA);
}

Test(sample, poisson) {
  crq_dist d = smp_dist(CRQ_DIST_POISSON, 0.1, 0, 0, 0);
  smp_check_counts(&d, CRQ_SAMPLE_POISSON_TABLE, smp_poisson_pmf);
  d.p[0] = 3.25;
  smp_check_counts(&d, CRQ_SAMPLE_POISSON_TABLE, smp_poisson_pmf);
  d.p[0] = 29.5;
  smp_check_counts(&d, CRQ_SAMPLE_POISSON_TABLE, smp_poisson_pmf);
  d.p[0] = 120;
  smp_check_counts(&d, CRQ_SAMPLE_POISSON_GSL, smp_poisson_pmf);
}

Test(sample, negbin_bernoulli) {
  crq_dist d = smp_dist(CRQ_DIST_NEGBIN, 3, 2, 0, 0);
  smp_check_counts(&d, CRQ_SAMPLE_NEGBIN, smp_negbin_pmf);
  d.p[0] = 40; /* the mixing means straddle the inversion / GSL switch */
  d.p[1] = 6;
  smp_check_counts(&d, CRQ_SAMPLE_NEGBIN, smp_negbin_pmf);
  d.p[0] = 0.4; /* size < 1: the gamma boost */
  d.p[1] = 0.5;
  smp_check_counts(&d, CRQ_SAMPLE_NEGBIN, smp_negbin_pmf);
  crq_dist b = smp_dist(CRQ_DIST_BERNOULLI, 0.2, 0, 0, 0);
  smp_check_counts(&b, CRQ_SAMPLE_BERNOULLI, smp_bernoulli_pmf);
}

Test(sample, discrete_alias) {
  double values[] = {-3, 0, 1, 5, 9, 9.5, 20};
  double probs[] = {0.01, 0, 0.4, 0.25, 0.3, 0.04, 0};
  crq_dist d = {.kind = CRQ_DIST_DISCRETE,
                .lo = -INFINITY,
                .hi = INFINITY,
                .n = 7,
                .values = values,
                .probs = probs};
  double *x = smp_draw(&d, SMP_N, CRQ_SAMPLE_DISCRETE);
  smp_check_moments(x, SMP_N, &d);
  double o[7] = {0}, e[7];
  for (size_t i = 0; i < SMP_N; i++) {
    size_t j = 0;
    while (j < 7 && values[j] != x[i])
      j++;
    cr_assert(j < 7, "drew %g, not a point", x[i]);
    o[j]++;
  }
  cr_assert(o[1] == 0 && o[6] == 0, "drew a point of probability 0");
  for (size_t j = 0; j < 7; j++)
    e[j] = SMP_N * probs[j];
  smp_check_chisq(o, e, 7, SMP_N, "discrete");
  free(x);
}

Test(sample, constant_consumes_nothing) {
  crq_dist cases[] = {crq_dist_constant(4.5),
                      smp_dist(CRQ_DIST_POISSON, 0, 0, 0, 0),
                      smp_dist(CRQ_DIST_LOGNORMAL, 1, 0, 0, 0),
                      smp_dist(CRQ_DIST_UNIFORM, 3, 3, 0, 0),
                      smp_dist(CRQ_DIST_PERT, 2, 2, 2, 4),
                      smp_dist(CRQ_DIST_BERNOULLI, 1, 0, 0, 0)};
  double want[] = {4.5, 0, M_E, 3, 2, 1};
  crq_rng r, fresh;
  cr_assert(crq_rng_init(&r, 1) == 0 && crq_rng_init(&fresh, 1) == 0);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    crq_sampler s;
    cr_assert_eq(crq_sampler_init(&s, &cases[i]), 0);
    cr_assert(crq_sampler_is_constant(&s), "case %zu", i);
    cr_assert_eq(crq_sampler_draw(&s, &r), want[i], "case %zu", i);
    crq_sampler_free(&s);
  }
  cr_assert_eq(crq_rng_u64(&r), crq_rng_u64(&fresh));
  crq_sampler s;
  crq_dist n = smp_dist(CRQ_DIST_NORMAL, 0, 1, 0, 0);
  cr_assert_eq(crq_sampler_init(&s, &n), 0);
  cr_assert(!crq_sampler_is_constant(&s));
  crq_rng_free(&r);
  crq_rng_free(&fresh);
}

Test(sample, same_stream_same_draws) {
  crq_dist d = smp_dist(CRQ_DIST_GAMMA, 0.7, 3, 0, 0);
  crq_sampler s;
  cr_assert_eq(crq_sampler_init(&s, &d), 0);
  double *a = smp_draw_n(&s, 1000, 5), *b = smp_draw_n(&s, 1000, 5);
  double *c = smp_draw_n(&s, 1000, 6);
  cr_assert(memcmp(a, b, 1000 * sizeof *a) == 0);
  cr_assert(memcmp(a, c, 1000 * sizeof *a) != 0);
  free(a);
  free(b);
  free(c);
  crq_sampler_free(&s);
}

/* GSL's own sampler on the same kind of streams (draw i on trial i). */
typedef double (*smp_gsl_fn)(gsl_rng *g, const double *p);

static double *smp_gsl_draws(smp_gsl_fn f, const double *p, size_t n) {
  double *x = malloc(n * sizeof *x);
  crq_rng r;
  cr_assert(x != NULL && crq_rng_init(&r, SMP_SEED + 1) == 0);
  for (size_t i = 0; i < n; i++) {
    crq_rng_seek(&r, i, 0);
    x[i] = f(crq_rng_gsl(&r), p);
  }
  crq_rng_free(&r);
  return x;
}

static double smp_gsl_gaussian(gsl_rng *g, const double *p) {
  return p[0] + gsl_ran_gaussian(g, p[1]);
}

static double smp_gsl_lognormal(gsl_rng *g, const double *p) {
  return gsl_ran_lognormal(g, p[0], p[1]);
}

static double smp_gsl_gamma(gsl_rng *g, const double *p) {
  return gsl_ran_gamma(g, p[0], p[1]);
}

static double smp_gsl_beta(gsl_rng *g, const double *p) {
  return gsl_ran_beta(g, p[0], p[1]);
}

static double smp_gsl_poisson(gsl_rng *g, const double *p) {
  return gsl_ran_poisson(g, p[0]);
}

static void smp_compare_with_gsl(const crq_dist *d, smp_gsl_fn f,
                                 const char *what) {
  crq_sampler s;
  cr_assert_eq(crq_sampler_init(&s, d), 0);
  double *x = smp_draw_n(&s, SMP_N / 2, SMP_SEED);
  double *y = smp_gsl_draws(f, d->p, SMP_N / 2);
  smp_check_ks2(x, SMP_N / 2, y, SMP_N / 2, what);
  free(x);
  free(y);
  crq_sampler_free(&s);
}

Test(sample, agrees_with_gsl_continuous) {
  crq_dist n = smp_dist(CRQ_DIST_NORMAL, -1, 3, 0, 0);
  smp_compare_with_gsl(&n, smp_gsl_gaussian, "normal");
  crq_dist l = smp_dist(CRQ_DIST_LOGNORMAL, 16, 1.4, 0, 0);
  smp_compare_with_gsl(&l, smp_gsl_lognormal, "lognormal");
  crq_dist g = smp_dist(CRQ_DIST_GAMMA, 0.4, 2, 0, 0);
  smp_compare_with_gsl(&g, smp_gsl_gamma, "gamma");
  crq_dist b = smp_dist(CRQ_DIST_BETA, 1.8, 4.2, 0, 0);
  b.lo = 0;
  b.hi = 1;
  smp_compare_with_gsl(&b, smp_gsl_beta, "beta");
}

/* Two-sample chi-square (homogeneity) of Poisson counts, ours vs GSL's. */
Test(sample, agrees_with_gsl_poisson) {
  static const double means[] = {0.1, 3.25, 25};
  for (size_t m = 0; m < sizeof means / sizeof *means; m++) {
    crq_dist d = smp_dist(CRQ_DIST_POISSON, means[m], 0, 0, 0);
    crq_sampler s;
    cr_assert_eq(crq_sampler_init(&s, &d), 0);
    size_t n = SMP_N / 2;
    double *x = smp_draw_n(&s, n, SMP_SEED);
    double *y = smp_gsl_draws(smp_gsl_poisson, d.p, n);
    double cx[128] = {0}, cy[128] = {0};
    for (size_t i = 0; i < n; i++) {
      cx[(size_t)fmin(x[i], 127)]++;
      cy[(size_t)fmin(y[i], 127)]++;
    }
    /* Pool adjacent counts until each cell holds >= 10 of both samples. */
    double chi2 = 0, bx = 0, by = 0;
    int cells = 0;
    for (size_t k = 0; k < 128; k++) {
      bx += cx[k];
      by += cy[k];
      if ((bx + by >= 20 && bx >= 5 && by >= 5) || k == 127) {
        double e = 0.5 * (bx + by);
        if (e > 0) {
          chi2 += ((bx - e) * (bx - e) + (by - e) * (by - e)) / e;
          cells++;
        }
        bx = by = 0;
      }
    }
    double crit = gsl_cdf_chisq_Qinv(0.01, cells - 1);
    cr_assert(chi2 < crit, "poisson %g: chi-square %.2f on %d df, crit %.2f",
              means[m], chi2, cells - 1, crit);
    free(x);
    free(y);
    crq_sampler_free(&s);
  }
}
