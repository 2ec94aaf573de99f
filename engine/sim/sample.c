/* engine/sim/sample.c — preparing and drawing crq_samplers.
 *
 * crq_sampler_init picks the method for a distribution once (see
 * crq_sample_method in sample.h); drawing is then one switch and a few
 * arithmetic operations (the common methods inline in sample.h, the others
 * here). Every method is exact: inversion of the exact CDF (uniform,
 * triangular, small-mean Poisson, truncated normal), the ziggurat normal,
 * Marsaglia–Tsang gamma (beta and PERT as gamma ratios, negative binomial
 * as a gamma-mixed Poisson), Walker's alias method, and GSL's Poisson (on
 * the rng's GSL adapter) where the mean is large. Distributions without
 * spread become CONSTANT and consume no numbers.
 */
#include "sim/sample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

/* Means up to this are drawn by inversion: from a tabled CDF for a fixed
 * mean (a guide table makes that about two compares), by sequential search
 * for the random means of the negative binomial. Above it the CDF table would
 * grow and its pmf recursion lose digits; GSL's method takes over. */
#define POISSON_INVERSION_MAX 30.0

/* 1/k for the inversion loop (a multiply instead of a divide per step). */
#define RECIP_COUNT 64
static const double recip[RECIP_COUNT] = {
    0,       1,       1. / 2,  1. / 3,  1. / 4,  1. / 5,  1. / 6,  1. / 7,
    1. / 8,  1. / 9,  1. / 10, 1. / 11, 1. / 12, 1. / 13, 1. / 14, 1. / 15,
    1. / 16, 1. / 17, 1. / 18, 1. / 19, 1. / 20, 1. / 21, 1. / 22, 1. / 23,
    1. / 24, 1. / 25, 1. / 26, 1. / 27, 1. / 28, 1. / 29, 1. / 30, 1. / 31,
    1. / 32, 1. / 33, 1. / 34, 1. / 35, 1. / 36, 1. / 37, 1. / 38, 1. / 39,
    1. / 40, 1. / 41, 1. / 42, 1. / 43, 1. / 44, 1. / 45, 1. / 46, 1. / 47,
    1. / 48, 1. / 49, 1. / 50, 1. / 51, 1. / 52, 1. / 53, 1. / 54, 1. / 55,
    1. / 56, 1. / 57, 1. / 58, 1. / 59, 1. / 60, 1. / 61, 1. / 62, 1. / 63};

/* Marsaglia–Tsang constants of G(k) into c[0..2] (see sample.h). */
static void gamma_setup(double *c, double k) {
  double shape = k < 1 ? k + 1 : k;
  c[0] = shape - 1.0 / 3;
  c[1] = 1 / sqrt(9 * c[0]);
  c[2] = k < 1 ? 1 / k : 0;
}

/* Marsaglia & Tsang (ACM TOMS 26(3), 2000): a Gamma(d + 1/3) variate, exact
 * (the squeeze only skips the log when it is sure). */
static double gamma_core(const double *c, crq_rng *r) {
  for (;;) {
    double z = crq_sample_std_normal(r), v = 1 + c[1] * z;
    if (v <= 0)
      continue;
    v = v * v * v;
    double u = crq_rng_uniform_pos(r), z2 = z * z;
    if (u < 1 - 0.0331 * z2 * z2 || log(u) < 0.5 * z2 + c[0] * (1 - v + log(v)))
      return c[0] * v;
  }
}

/* G(k) for the constants c[0..2]: with a shape below 1, Gamma(k + 1)·U^(1/k)
 * (which may round to 0 when the exact value is below the double range). */
static double gamma_std(const double *c, crq_rng *r) {
  double x = gamma_core(c, r);
  return c[2] ? x * exp(log(crq_rng_uniform_pos(r)) * c[2]) : x;
}

/* G(α)/(G(α)+G(β)); with a shape below 1 the boosts are applied in log
 * space so that two underflowing gammas still give the right ratio. */
static double beta_std(const double *c, crq_rng *r) {
  if (c[2] == 0 && c[5] == 0) {
    double x = gamma_core(c + 2, r), y = gamma_core(c + 5, r);
    return x / (x + y);
  }
  double lx = log(gamma_core(c + 2, r));
  if (c[4])
    lx += log(crq_rng_uniform_pos(r)) * c[4];
  double ly = log(gamma_core(c + 5, r));
  if (c[7])
    ly += log(crq_rng_uniform_pos(r)) * c[7];
  return 1 / (1 + exp(ly - lx));
}

/* Poisson by sequential search from 0 (P(0) = p0 = exp(−mean)). The p > 0
 * guard ends the search if rounding left u above the total mass. Used for
 * the negative binomial's gamma-distributed means. */
static double poisson_invert(double mean, double p0, crq_rng *r) {
  double u = crq_rng_uniform(r), p = p0;
  unsigned k = 0;
  while (u >= p && p > 0) {
    u -= p;
    k++;
    p *= k < RECIP_COUNT ? mean * recip[k] : mean / k;
  }
  return k;
}

static double poisson_draw(double mean, crq_rng *r) {
  if (mean <= POISSON_INVERSION_MAX)
    return poisson_invert(mean, exp(-mean), r);
  return gsl_ran_poisson(crq_rng_gsl(r), mean);
}

double crq_sampler_draw_other(const crq_sampler *s, crq_rng *r) {
  const double *c = s->c;
  switch (s->method) {
  case CRQ_SAMPLE_TRIANGULAR:
    return crq_triangular_quantile(c, crq_rng_uniform(r));
  case CRQ_SAMPLE_BETA:
    return c[0] + c[1] * beta_std(c, r);
  case CRQ_SAMPLE_NORMAL_REJECT:
    for (;;) {
      double x = c[0] + c[1] * crq_sample_std_normal(r);
      if (x >= c[2] && x <= c[3])
        return x;
    }
  case CRQ_SAMPLE_NORMAL_INVERT: {
    crq_trunc_normal t = {c[2], c[3], c[4], c[5], (int)c[6]};
    return c[0] + c[1] * crq_trunc_normal_std(&t, crq_rng_uniform_pos(r));
  }
  case CRQ_SAMPLE_GAMMA:
    return c[3] * gamma_std(c, r);
  case CRQ_SAMPLE_POISSON_GSL:
    return gsl_ran_poisson(crq_rng_gsl(r), c[0]);
  case CRQ_SAMPLE_NEGBIN:
    return poisson_draw(c[3] * gamma_std(c, r), r);
  default: /* the methods drawn inline by crq_sampler_draw */
    return crq_sampler_draw(s, r);
  }
}

/* Vose's construction of the alias table: columns whose scaled probability
 * n·p is below 1 are topped up from one that is above. (Points are indexed
 * by uint32_t: a DISCRETE has fewer than 2^32 of them.) */
static int discrete_setup(crq_sampler *s, const crq_dist *d) {
  size_t n = d->n;
  s->n = n;
  s->values = malloc(n * sizeof *s->values);
  s->prob = malloc(n * sizeof *s->prob);
  s->index = malloc(n * sizeof *s->index);
  uint32_t *work = malloc(n * sizeof *work); /* small from the front, large
                                                from the back */
  if (!s->values || !s->prob || !s->index || !work) {
    free(work);
    return -1;
  }
  memcpy(s->values, d->values, n * sizeof *s->values);
  double total = 0;
  for (size_t i = 0; i < n; i++)
    total += d->probs[i];
  size_t n_small = 0, n_large = 0;
  for (size_t i = 0; i < n; i++) {
    s->prob[i] = d->probs[i] * (double)n / total;
    s->index[i] = (uint32_t)i;
    if (s->prob[i] < 1)
      work[n_small++] = (uint32_t)i;
    else
      work[n - 1 - n_large++] = (uint32_t)i;
  }
  while (n_small > 0 && n_large > 0) {
    uint32_t lo = work[--n_small], hi = work[n - n_large];
    s->index[lo] = hi;
    s->prob[hi] -= 1 - s->prob[lo];
    if (s->prob[hi] < 1) { /* hi moves from the large to the small list */
      n_large--;
      work[n_small++] = hi;
    }
  }
  for (size_t i = 0; i < n_small; i++) /* left by rounding: full columns */
    s->prob[work[i]] = 1;
  for (size_t i = 0; i < n_large; i++)
    s->prob[work[n - 1 - i]] = 1;
  free(work);
  return 0;
}

static void normal_setup(crq_sampler *s, const crq_dist *d) {
  double *c = s->c;
  c[0] = d->p[0];
  c[1] = d->p[1];
  if (!isfinite(d->lo) && !isfinite(d->hi)) {
    s->method = CRQ_SAMPLE_NORMAL;
    return;
  }
  crq_trunc_normal t = crq_dist_trunc_normal(d);
  if (t.pb - t.pa >= 0.5) { /* at most two tries on average */
    s->method = CRQ_SAMPLE_NORMAL_REJECT;
    c[2] = d->lo;
    c[3] = d->hi;
  } else {
    s->method = CRQ_SAMPLE_NORMAL_INVERT;
    c[2] = t.a;
    c[3] = t.b;
    c[4] = t.pa;
    c[5] = t.pb;
    c[6] = t.flip;
  }
}

/* The CDF of Poisson(mean) from 0 until adding the next probability no longer
 * changes it (past the mean), and the guide table over it. */
static int poisson_table_setup(crq_sampler *s, double mean) {
  size_t cap = (size_t)(mean + 12 * sqrt(mean) + 40); /* beyond: < 1e-30 */
  const size_t guide = (size_t)1 << CRQ_POISSON_GUIDE_BITS;
  s->prob = malloc(cap * sizeof *s->prob);
  s->index = malloc(guide * sizeof *s->index);
  if (!s->prob || !s->index)
    return -1;
  double pmf = exp(-mean), cdf = pmf;
  size_t n = 0;
  s->prob[n++] = cdf;
  for (size_t k = 1; k < cap; k++) {
    pmf *= mean / (double)k;
    if (cdf + pmf == cdf && (double)k > mean)
      break;
    cdf += pmf;
    s->prob[n++] = cdf;
  }
  s->n = n;
  size_t k = 0;
  for (size_t g = 0; g < guide; g++) {
    while (k + 1 < n && s->prob[k] <= (double)g / (double)guide)
      k++;
    s->index[g] = (uint32_t)k;
  }
  return 0;
}

static int poisson_setup(crq_sampler *s, double mean) {
  s->c[0] = mean;
  if (mean > POISSON_INVERSION_MAX) {
    s->method = CRQ_SAMPLE_POISSON_GSL;
    return 0;
  }
  s->method = CRQ_SAMPLE_POISSON_TABLE;
  return poisson_table_setup(s, mean);
}

int crq_sampler_init(crq_sampler *s, const crq_dist *d) {
  *s = (crq_sampler){.method = CRQ_SAMPLE_CONSTANT};
  double *c = s->c, alpha, beta;
  if (crq_dist_variance(d) == 0) {
    c[0] = crq_dist_mean(d);
    return 0;
  }
  switch (d->kind) {
  case CRQ_DIST_UNIFORM:
    s->method = CRQ_SAMPLE_UNIFORM;
    c[0] = d->p[0];
    c[1] = d->p[1] - d->p[0];
    return 0;
  case CRQ_DIST_TRIANGULAR:
    s->method = CRQ_SAMPLE_TRIANGULAR;
    memcpy(c, d->p, 3 * sizeof *c);
    return 0;
  case CRQ_DIST_PERT:
  case CRQ_DIST_BETA:
    s->method = CRQ_SAMPLE_BETA;
    crq_dist_beta_form(d, &alpha, &beta, &c[0], &c[1]);
    gamma_setup(c + 2, alpha);
    gamma_setup(c + 5, beta);
    return 0;
  case CRQ_DIST_NORMAL:
    normal_setup(s, d);
    return 0;
  case CRQ_DIST_LOGNORMAL:
    s->method = CRQ_SAMPLE_LOGNORMAL;
    c[0] = d->p[0];
    c[1] = d->p[1];
    return 0;
  case CRQ_DIST_GAMMA:
  case CRQ_DIST_NEGBIN:
    s->method =
        d->kind == CRQ_DIST_GAMMA ? CRQ_SAMPLE_GAMMA : CRQ_SAMPLE_NEGBIN;
    gamma_setup(c, d->kind == CRQ_DIST_GAMMA ? d->p[0] : d->p[1]);
    c[3] = d->kind == CRQ_DIST_GAMMA ? d->p[1] : d->p[0] / d->p[1];
    return 0;
  case CRQ_DIST_POISSON:
    if (poisson_setup(s, d->p[0]) == 0)
      return 0;
    crq_sampler_free(s);
    return -1;
  case CRQ_DIST_BERNOULLI:
    s->method = CRQ_SAMPLE_BERNOULLI;
    c[0] = d->p[0];
    return 0;
  case CRQ_DIST_DISCRETE:
    s->method = CRQ_SAMPLE_DISCRETE;
    if (discrete_setup(s, d) == 0)
      return 0;
    crq_sampler_free(s);
    return -1;
  default: /* CONSTANT has variance 0 */
    c[0] = NAN;
    return 0;
  }
}

void crq_sampler_free(crq_sampler *s) {
  free(s->values);
  free(s->prob);
  free(s->index);
  *s = (crq_sampler){.method = CRQ_SAMPLE_CONSTANT, .c = {NAN}};
}

int crq_sampler_is_constant(const crq_sampler *s) {
  return s->method == CRQ_SAMPLE_CONSTANT;
}
