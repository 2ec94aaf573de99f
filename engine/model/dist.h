/* engine/model/dist.h — probability distributions as the model stores them.
 *
 * Every input of a loss model and every scenario frequency is a crq_dist.
 * The loader converts each YAML form to one canonical parameterisation
 * (e.g. a lognormal given by its 90% interval becomes mu/sigma), so the
 * sampler and the statistics see one form per kind. Plain numbers are
 * CRQ_DIST_CONSTANT.
 *
 * Canonical parameters (p[0..3]) and support:
 *   CONSTANT    p0 value
 *   UNIFORM     p0 min, p1 max
 *   TRIANGULAR  p0 min, p1 mode, p2 max
 *   PERT        p0 min, p1 mode, p2 max, p3 shape (4 = classic PERT)
 *   NORMAL      p0 mean, p1 sd; truncated to [lo,hi] (±inf = none)
 *   LOGNORMAL   p0 mu, p1 sigma (of the underlying normal)
 *   GAMMA       p0 shape k, p1 scale theta
 *   BETA        p0 alpha, p1 beta; scaled to [lo,hi] (default [0,1])
 *   POISSON     p0 mean
 *   NEGBIN      p0 mean, p1 size r (variance = mean + mean^2 / r)
 *   BERNOULLI   p0 probability of 1
 *   DISCRETE    n points values[i] with probabilities probs[i] (sum 1)
 */
#ifndef CRQ_DIST_H
#define CRQ_DIST_H

#include <stddef.h>

typedef enum crq_dist_kind {
  CRQ_DIST_CONSTANT = 0,
  CRQ_DIST_UNIFORM,
  CRQ_DIST_TRIANGULAR,
  CRQ_DIST_PERT,
  CRQ_DIST_NORMAL,
  CRQ_DIST_LOGNORMAL,
  CRQ_DIST_GAMMA,
  CRQ_DIST_BETA,
  CRQ_DIST_POISSON,
  CRQ_DIST_NEGBIN,
  CRQ_DIST_BERNOULLI,
  CRQ_DIST_DISCRETE,
  CRQ_DIST_KIND_COUNT
} crq_dist_kind;

typedef struct crq_dist {
  crq_dist_kind kind;
  double p[4];
  double lo, hi;  /* NORMAL truncation, BETA scaling; else -inf/+inf */
  size_t n;       /* DISCRETE: number of points */
  double *values; /* DISCRETE: owned, ascending */
  double *probs;  /* DISCRETE: owned, sum to 1 */
} crq_dist;

/* YAML key of a kind ("lognormal") and the kind of a key (-1 if unknown). */
const char *crq_dist_kind_key(crq_dist_kind kind);
int crq_dist_kind_from_key(const char *key);

/* A constant distribution. */
crq_dist crq_dist_constant(double value);

/* Exact moments and quantile function; used by the worst case, by
 * `crq show` comments and as the oracle in the tests. */
double crq_dist_mean(const crq_dist *d);
double crq_dist_variance(const crq_dist *d);
double crq_dist_quantile(const crq_dist *d, double p);
double crq_dist_min(const crq_dist *d); /* lower end of the support */
double crq_dist_max(const crq_dist *d); /* upper end; +inf if unbounded */

/* The deterministic worst case: the upper end of a bounded support, else
 * the quantile at q (the model's simulation.worst_case_quantile). */
double crq_dist_worst(const crq_dist *d, double q);

/* BETA and PERT as lo + range·Beta(alpha, beta): PERT's shapes are
 * alpha = 1 + shape·(mode − min)/(max − min), beta = 1 + shape·(max −
 * mode)/(max − min) (both 1 when max = min). */
void crq_dist_beta_form(const crq_dist *d, double *alpha, double *beta,
                        double *lo, double *range);

/* The TRIANGULAR (p = min, mode, max) quantile at u, shared with the
 * sampler's inversion. */
double crq_triangular_quantile(const double *p, double u);

/* A NORMAL in standard units z = (x − mean)/sd truncated to [a, b], mirrored
 * (flip) when most of the range lies above the mean so that pa = Φ(a) and
 * pb = Φ(b) are small, precise numbers. Shared by the quantile function and
 * the sampler's inversion. */
typedef struct crq_trunc_normal {
  double a, b;   /* the range in standard (possibly mirrored) units */
  double pa, pb; /* Φ(a), Φ(b) */
  int flip;      /* 1 when z is the negation of the mirrored value */
} crq_trunc_normal;
crq_trunc_normal crq_dist_trunc_normal(const crq_dist *d);

/* The standard-unit value whose mirrored CDF position is u in [0,1]: the
 * quantile at u when not flipped, at 1 − u when flipped. */
double crq_trunc_normal_std(const crq_trunc_normal *t, double u);

/* Deep copy and release of the DISCRETE arrays. */
int crq_dist_copy(crq_dist *dst, const crq_dist *src);
void crq_dist_free(crq_dist *d);

#endif
