/* engine/stats/order.c — figures read from the sorted losses: quantiles
 * (VaR), TVaR, exceedance probabilities, return periods.
 *
 * Definitions (docs/methodology.md §6):
 * - VaR_p is the k-th smallest of the n simulated losses, k = ⌈np⌉ (the
 *   inverse of the empirical distribution function, Hyndman & Fan type 1).
 *   Its 95% interval is distribution-free: with B ~ Binomial(n, p), the
 *   order statistics of ranks l = the 2.5% quantile of B and u = 1 + its
 *   97.5% quantile cover the true quantile with probability ≥ 95%; the
 *   standard error is reported as (hi − lo)/3.92.
 * - TVaR_p is the mean of the losses of ranks k..n ("at or above VaR_p").
 *   Its standard error comes from batch means: the same estimator on each
 *   of 32 batches of contiguous trials, SE = sd(batch values)/√32, 95%
 *   interval ± t(31)·SE.
 * - P(loss > x) is the share of years above x, with the binomial SE and a
 *   Wilson score interval (sound even when no year exceeds x).
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "stats/result_impl.h"

uint64_t crq_quantile_rank(uint64_t n, double p) {
  double np = p * (double)n;
  double whole = nearbyint(np);
  double k = fabs(np - whole) <= 1e-12 * fmax(1.0, np) ? whole : ceil(np);
  if (!(k >= 1.0))
    return 1;
  return k >= (double)n ? n : (uint64_t)k;
}

/* The smallest k in [0, n] with P(Binomial(n, p) ≤ k) ≥ alpha. */
static uint64_t binomial_quantile(uint64_t n, double p, double alpha) {
  uint64_t lo = 0, hi = n;
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (gsl_cdf_binomial_P((unsigned)mid, p, (unsigned)n) >= alpha)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

static int valid(const crq_result *r, crq_variant v, crq_basis b) {
  return crq_result_has(r, v) && (b == CRQ_AEP || b == CRQ_OEP);
}

crq_estimate crq_result_quantile(const crq_result *r, crq_variant v,
                                 crq_basis b, double p) {
  if (!valid(r, v, b) || !(p >= 0.0 && p <= 1.0))
    return crq_estimate_nan();
  const double *x = r->sorted[v][b];
  uint64_t n = r->trials;
  uint64_t l = binomial_quantile(n, p, 0.025);
  uint64_t u = binomial_quantile(n, p, 0.975) + 1;
  l = l < 1 ? 1 : l;
  u = u > n ? n : u;
  crq_estimate e;
  e.value = x[crq_quantile_rank(n, p) - 1];
  e.lo = x[l - 1];
  e.hi = x[u - 1];
  e.se = (e.hi - e.lo) / 3.92;
  return e;
}

crq_estimate crq_result_return_period(const crq_result *r, crq_variant v,
                                      crq_basis b, double years) {
  if (!(years >= 1.0))
    return crq_estimate_nan();
  return crq_result_quantile(r, v, b, 1.0 - 1.0 / years);
}

double crq_result_max_simulated(const crq_result *r, crq_variant v,
                                crq_basis b) {
  if (!valid(r, v, b))
    return NAN;
  return r->sorted[v][b][r->trials - 1];
}

/* The first trial of batch i: ⌈i·n/batches⌉ (see crq_batch_of). */
static uint64_t batch_start(const crq_result *r, int i) {
  uint64_t nb = (uint64_t)r->n_batches;
  return ((uint64_t)i * r->trials + nb - 1) / nb;
}

void crq_batch_tails_of(const crq_result *r, crq_variant v, crq_basis b,
                        double p, crq_batch_tails *out) {
  int nb = r->n_batches;
  uint64_t need[CRQ_BATCHES], taken[CRQ_BATCHES];
  double sum[CRQ_BATCHES];
  int open = nb;
  for (int i = 0; i < nb; i++) {
    uint64_t size = batch_start(r, i + 1) - batch_start(r, i);
    need[i] = size - crq_quantile_rank(size, p) + 1;
    taken[i] = 0;
    sum[i] = 0.0;
  }
  const double *x = r->sorted[v][b];
  const uint32_t *trial = r->trial[v][b];
  for (uint64_t i = r->trials; i-- > 0 && open > 0;) {
    int j = crq_batch_of(r, trial[i]);
    if (taken[j] == need[j])
      continue;
    sum[j] += x[i];
    if (++taken[j] == need[j]) {
      out->var[j] = x[i];
      open--;
    }
  }
  out->n = nb;
  for (int i = 0; i < nb; i++)
    out->tvar[i] = sum[i] / (double)need[i];
}

crq_estimate crq_batch_estimate(double value, const double *x, int n) {
  if (n < 2)
    return (crq_estimate){value, NAN, NAN, NAN};
  double m = 0.0, ss = 0.0;
  for (int i = 0; i < n; i++)
    m += x[i];
  m /= n;
  for (int i = 0; i < n; i++)
    ss += (x[i] - m) * (x[i] - m);
  double se = sqrt(ss / (n - 1) / n);
  double t = gsl_cdf_tdist_Pinv(0.975, n - 1);
  return (crq_estimate){value, se, value - t * se, value + t * se};
}

/* Mean of the sorted values of ranks k..n. */
static double tail_mean(const double *x, uint64_t n, uint64_t k) {
  double s = 0.0;
  for (uint64_t i = k - 1; i < n; i++)
    s += x[i];
  return s / (double)(n - k + 1);
}

crq_estimate crq_result_tvar(const crq_result *r, crq_variant v, crq_basis b,
                             double p) {
  if (!valid(r, v, b) || !(p >= 0.0 && p <= 1.0))
    return crq_estimate_nan();
  double value =
      tail_mean(r->sorted[v][b], r->trials, crq_quantile_rank(r->trials, p));
  crq_batch_tails bt;
  crq_batch_tails_of(r, v, b, p, &bt);
  return crq_batch_estimate(value, bt.tvar, bt.n);
}

/* Number of sorted values greater than amount. */
static uint64_t count_above(const double *x, uint64_t n, double amount) {
  uint64_t lo = 0, hi = n; /* first index with x > amount */
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (x[mid] > amount)
      hi = mid;
    else
      lo = mid + 1;
  }
  return n - lo;
}

crq_estimate crq_result_exceedance(const crq_result *r, crq_variant v,
                                   crq_basis b, double amount) {
  if (!valid(r, v, b) || isnan(amount))
    return crq_estimate_nan();
  double n = (double)r->trials;
  double p = (double)count_above(r->sorted[v][b], r->trials, amount) / n;
  const double z = 1.96, z2 = z * z;
  double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  double half = z / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return (crq_estimate){p, sqrt(p * (1 - p) / n), fmax(0.0, centre - half),
                        fmin(1.0, centre + half)};
}
