/* engine/model/dist.c — exact moments, quantiles and supports of crq_dist.
 *
 * These are the closed forms (or exact summations) the worst case, `crq
 * show` and the sampler tests rely on, so nothing here is approximated
 * beyond double rounding: GSL's inverse CDFs for the continuous kinds, the
 * CDF searched from a normal-approximation start for Poisson and negative
 * binomial, cumulative sums for DISCRETE. The truncated normal is computed
 * in log space on the side of the mode where its CDF values are small, so it
 * stays accurate far in a tail.
 */
#include "dist.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>

static const char *const kind_keys[CRQ_DIST_KIND_COUNT] = {
    "constant", "uniform", "triangular", "pert",   "normal",    "lognormal",
    "gamma",    "beta",    "poisson",    "negbin", "bernoulli", "discrete"};

const char *crq_dist_kind_key(crq_dist_kind kind) {
  return (unsigned)kind < CRQ_DIST_KIND_COUNT ? kind_keys[kind] : "unknown";
}

int crq_dist_kind_from_key(const char *key) {
  for (int k = 0; k < CRQ_DIST_KIND_COUNT; k++)
    if (strcmp(key, kind_keys[k]) == 0)
      return k;
  return -1;
}

crq_dist crq_dist_constant(double value) {
  return (crq_dist){
      .kind = CRQ_DIST_CONSTANT, .p = {value}, .lo = -INFINITY, .hi = INFINITY};
}

void crq_dist_beta_form(const crq_dist *d, double *alpha, double *beta,
                        double *lo, double *range) {
  if (d->kind == CRQ_DIST_BETA) {
    *alpha = d->p[0];
    *beta = d->p[1];
    *lo = d->lo;
    *range = d->hi - d->lo;
    return;
  }
  /* PERT: min p0, mode p1, max p2, shape p3. */
  double width = d->p[2] - d->p[0];
  *lo = d->p[0];
  *range = width;
  *alpha = width > 0 ? 1 + d->p[3] * (d->p[1] - d->p[0]) / width : 1;
  *beta = width > 0 ? 1 + d->p[3] * (d->p[2] - d->p[1]) / width : 1;
}

crq_trunc_normal crq_dist_trunc_normal(const crq_dist *d) {
  crq_trunc_normal t = {.flip = 0};
  double a = (d->lo - d->p[0]) / d->p[1];
  double b = (d->hi - d->p[0]) / d->p[1];
  if (d->p[1] == 0 || isnan(a) || isnan(b)) { /* sd 0: no spread to cut */
    a = -INFINITY;
    b = INFINITY;
  }
  /* Work on the side of the mean where the CDF is small (an untruncated
   * normal has a + b = NaN: no flip). */
  if (a + b > 0) {
    double na = -b;
    b = -a;
    a = na;
    t.flip = 1;
  }
  t.a = a;
  t.b = b;
  t.pa = gsl_cdf_ugaussian_P(a);
  t.pb = gsl_cdf_ugaussian_P(b);
  return t;
}

/* log Φ(x) and log φ(x), exact at ±inf. */
static double log_ncdf(double x) {
  if (x == INFINITY)
    return 0;
  if (x == -INFINITY)
    return -INFINITY;
  return gsl_sf_log_erfc(-x / M_SQRT2) - M_LN2;
}

static double log_npdf(double x) {
  return isinf(x) ? -INFINITY : -0.5 * x * x - 0.5 * log(2 * M_PI);
}

/* Mean and variance of the standard normal truncated to [t->a, t->b] (in
 * t's possibly flipped coordinates), every ratio taken relative to Φ(b). */
static void trunc_std_moments(const crq_trunc_normal *t, double *mean,
                              double *var) {
  double lb = log_ncdf(t->b);
  double z = -expm1(log_ncdf(t->a) - lb); /* (Φ(b) − Φ(a)) / Φ(b) */
  double ra = exp(log_npdf(t->a) - lb);   /* φ(a) / Φ(b) */
  double rb = exp(log_npdf(t->b) - lb);
  double xa = isinf(t->a) ? 0 : t->a * ra;
  double xb = isinf(t->b) ? 0 : t->b * rb;
  double m = (ra - rb) / z;
  *mean = m;
  *var = 1 + (xa - xb) / z - m * m;
}

static double normal_mean(const crq_dist *d) {
  crq_trunc_normal t = crq_dist_trunc_normal(d);
  double m, v;
  trunc_std_moments(&t, &m, &v);
  return d->p[0] + d->p[1] * (t.flip ? -m : m);
}

static double normal_variance(const crq_dist *d) {
  crq_trunc_normal t = crq_dist_trunc_normal(d);
  double m, v;
  trunc_std_moments(&t, &m, &v);
  return d->p[1] * d->p[1] * v;
}

static double discrete_mean(const crq_dist *d) {
  double s = 0;
  for (size_t i = 0; i < d->n; i++)
    s += d->probs[i] * d->values[i];
  return s;
}

static double discrete_variance(const crq_dist *d) {
  double m = discrete_mean(d), s = 0;
  for (size_t i = 0; i < d->n; i++)
    s += d->probs[i] * (d->values[i] - m) * (d->values[i] - m);
  return s;
}

double crq_dist_mean(const crq_dist *d) {
  const double *p = d->p;
  double a, b, lo, range;
  switch (d->kind) {
  case CRQ_DIST_CONSTANT:
  case CRQ_DIST_POISSON:
  case CRQ_DIST_NEGBIN:
  case CRQ_DIST_BERNOULLI:
    return p[0];
  case CRQ_DIST_UNIFORM:
    return 0.5 * (p[0] + p[1]);
  case CRQ_DIST_TRIANGULAR:
    return (p[0] + p[1] + p[2]) / 3;
  case CRQ_DIST_PERT:
  case CRQ_DIST_BETA:
    crq_dist_beta_form(d, &a, &b, &lo, &range);
    return lo + range * a / (a + b);
  case CRQ_DIST_NORMAL:
    return normal_mean(d);
  case CRQ_DIST_LOGNORMAL:
    return exp(p[0] + 0.5 * p[1] * p[1]);
  case CRQ_DIST_GAMMA:
    return p[0] * p[1];
  case CRQ_DIST_DISCRETE:
    return discrete_mean(d);
  default:
    return NAN;
  }
}

double crq_dist_variance(const crq_dist *d) {
  const double *p = d->p;
  double a, b, lo, range;
  switch (d->kind) {
  case CRQ_DIST_CONSTANT:
    return 0;
  case CRQ_DIST_UNIFORM:
    return (p[1] - p[0]) * (p[1] - p[0]) / 12;
  case CRQ_DIST_TRIANGULAR:
    return (p[0] * p[0] + p[1] * p[1] + p[2] * p[2] - p[0] * p[1] -
            p[0] * p[2] - p[1] * p[2]) /
           18;
  case CRQ_DIST_PERT:
  case CRQ_DIST_BETA:
    crq_dist_beta_form(d, &a, &b, &lo, &range);
    return range * range * a * b / ((a + b) * (a + b) * (a + b + 1));
  case CRQ_DIST_NORMAL:
    return normal_variance(d);
  case CRQ_DIST_LOGNORMAL:
    return expm1(p[1] * p[1]) * exp(2 * p[0] + p[1] * p[1]);
  case CRQ_DIST_GAMMA:
    return p[0] * p[1] * p[1];
  case CRQ_DIST_POISSON:
    return p[0];
  case CRQ_DIST_NEGBIN:
    return p[0] + p[0] * p[0] / p[1];
  case CRQ_DIST_BERNOULLI:
    return p[0] * (1 - p[0]);
  case CRQ_DIST_DISCRETE:
    return discrete_variance(d);
  default:
    return NAN;
  }
}

double crq_trunc_normal_std(const crq_trunc_normal *t, double u) {
  double z = gsl_cdf_ugaussian_Pinv(t->pa + u * (t->pb - t->pa));
  z = fmin(fmax(z, t->a), t->b); /* rounding must not leave the range */
  return t->flip ? -z : z;
}

/* F(k) >= p for a count distribution, through the upper tail when p is near
 * 1 (where 1 − F is the precise quantity). */
static int count_reaches(const crq_dist *d, unsigned k, double p) {
  int upper = p > 0.5;
  double tail;
  if (d->kind == CRQ_DIST_POISSON) {
    tail =
        upper ? gsl_cdf_poisson_Q(k, d->p[0]) : gsl_cdf_poisson_P(k, d->p[0]);
  } else { /* NEGBIN */
    double q = d->p[1] / (d->p[1] + d->p[0]);
    tail = upper ? gsl_cdf_negative_binomial_Q(k, q, d->p[1])
                 : gsl_cdf_negative_binomial_P(k, q, d->p[1]);
  }
  return upper ? tail <= 1 - p : tail >= p;
}

/* The smallest k with F(k) >= p for p in (0,1): galloping search from a
 * normal-approximation start, then bisection, so a long tail costs
 * O(log k) CDF evaluations. Counts are limited to UINT_MAX (GSL's CDFs). */
static double count_quantile(const crq_dist *d, double p) {
  double start =
      crq_dist_mean(d) + sqrt(crq_dist_variance(d)) * gsl_cdf_ugaussian_Pinv(p);
  double k = floor(fmin(fmax(start, 0), (double)UINT_MAX));
  double lo, hi; /* F(lo) < p <= F(hi); lo = -1 stands for F = 0 */
  if (count_reaches(d, (unsigned)k, p)) {
    hi = k;
    for (double step = 1;; step *= 2) {
      lo = fmax(hi - step, -1);
      if (lo < 0 || !count_reaches(d, (unsigned)lo, p))
        break;
      hi = lo;
    }
  } else {
    lo = k;
    for (double step = 1;; step *= 2) {
      hi = lo + step;
      if (hi >= UINT_MAX)
        return INFINITY;
      if (count_reaches(d, (unsigned)hi, p))
        break;
      lo = hi;
    }
  }
  while (hi - lo > 1) {
    double mid = floor(0.5 * (lo + hi));
    if (count_reaches(d, (unsigned)mid, p))
      hi = mid;
    else
      lo = mid;
  }
  return hi;
}

static double discrete_quantile(const crq_dist *d, double p) {
  double cum = 0;
  for (size_t i = 0; i < d->n; i++) {
    cum += d->probs[i];
    if (cum >= p && d->probs[i] > 0)
      return d->values[i];
  }
  return crq_dist_max(d); /* the sum fell short of p by rounding */
}

double crq_triangular_quantile(const double *p, double u) {
  double a = p[0], c = p[1], b = p[2];
  if (u * (b - a) < c - a)
    return a + sqrt(u * (b - a) * (c - a));
  return b - sqrt((1 - u) * (b - a) * (b - c));
}

double crq_dist_quantile(const crq_dist *d, double p) {
  if (p <= 0)
    return crq_dist_min(d);
  if (p >= 1 || crq_dist_variance(d) == 0) /* (the support's single point) */
    return crq_dist_max(d);
  double a, b, lo, range;
  crq_trunc_normal t;
  switch (d->kind) {
  case CRQ_DIST_CONSTANT:
    return d->p[0];
  case CRQ_DIST_UNIFORM:
    return d->p[0] + p * (d->p[1] - d->p[0]);
  case CRQ_DIST_TRIANGULAR:
    return crq_triangular_quantile(d->p, p);
  case CRQ_DIST_PERT:
  case CRQ_DIST_BETA:
    crq_dist_beta_form(d, &a, &b, &lo, &range);
    return lo + range * gsl_cdf_beta_Pinv(p, a, b);
  case CRQ_DIST_NORMAL:
    t = crq_dist_trunc_normal(d);
    return d->p[0] + d->p[1] * crq_trunc_normal_std(&t, t.flip ? 1 - p : p);
  case CRQ_DIST_LOGNORMAL:
    return exp(d->p[0] + d->p[1] * gsl_cdf_ugaussian_Pinv(p));
  case CRQ_DIST_GAMMA:
    return gsl_cdf_gamma_Pinv(p, d->p[0], d->p[1]);
  case CRQ_DIST_POISSON:
  case CRQ_DIST_NEGBIN:
    return count_quantile(d, p);
  case CRQ_DIST_BERNOULLI:
    return p <= 1 - d->p[0] ? 0 : 1;
  case CRQ_DIST_DISCRETE:
    return discrete_quantile(d, p);
  default:
    return NAN;
  }
}

/* The ends of the support; a distribution without spread (variance 0, e.g.
 * a Poisson of mean 0 or a lognormal with sigma 0) is its single point. */
static double support_end(const crq_dist *d, int upper) {
  if (crq_dist_variance(d) == 0)
    return crq_dist_mean(d);
  double a, b, lo, range;
  switch (d->kind) {
  case CRQ_DIST_UNIFORM:
    return upper ? d->p[1] : d->p[0];
  case CRQ_DIST_TRIANGULAR:
    return upper ? d->p[2] : d->p[0];
  case CRQ_DIST_PERT:
  case CRQ_DIST_BETA:
    crq_dist_beta_form(d, &a, &b, &lo, &range);
    return upper ? lo + range : lo;
  case CRQ_DIST_NORMAL:
    return upper ? d->hi : d->lo;
  case CRQ_DIST_LOGNORMAL:
  case CRQ_DIST_GAMMA:
  case CRQ_DIST_POISSON:
  case CRQ_DIST_NEGBIN:
    return upper ? INFINITY : 0;
  case CRQ_DIST_BERNOULLI:
    return upper ? 1 : 0;
  case CRQ_DIST_DISCRETE:
    for (size_t i = 0; i < d->n; i++) {
      size_t j = upper ? d->n - 1 - i : i;
      if (d->probs[j] > 0)
        return d->values[j];
    }
    return NAN;
  default:
    return NAN;
  }
}

double crq_dist_min(const crq_dist *d) {
  return support_end(d, 0);
}

double crq_dist_max(const crq_dist *d) {
  return support_end(d, 1);
}

double crq_dist_worst(const crq_dist *d, double q) {
  double max = crq_dist_max(d);
  return isfinite(max) ? max : crq_dist_quantile(d, q);
}

static double *dup_doubles(const double *src, size_t n) {
  double *p = malloc(n * sizeof *p);
  if (p)
    memcpy(p, src, n * sizeof *p);
  return p;
}

int crq_dist_copy(crq_dist *dst, const crq_dist *src) {
  *dst = *src;
  dst->values = dst->probs = NULL;
  if (src->kind != CRQ_DIST_DISCRETE || src->n == 0)
    return 0;
  dst->values = dup_doubles(src->values, src->n);
  dst->probs = dup_doubles(src->probs, src->n);
  if (dst->values && dst->probs)
    return 0;
  crq_dist_free(dst);
  return -1;
}

void crq_dist_free(crq_dist *d) {
  free(d->values);
  free(d->probs);
  d->values = d->probs = NULL;
  d->n = 0;
}
