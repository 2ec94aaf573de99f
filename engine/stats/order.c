/* engine/stats/order.c — figures read from the losses: quantiles
 * (VaR), TVaR, exceedance probabilities, return periods.
 *
 * Definitions (docs/methodology.md §7):
 * - VaR_p is the k-th smallest of the n simulated losses, k = ⌈np⌉ (the
 *   inverse of the empirical distribution function, Hyndman & Fan type 1).
 *   Its 95% interval is distribution-free: with B ~ Binomial(n, p), the
 *   order statistics of ranks l = the 2.5% quantile of B and u = 1 + its
 *   97.5% quantile cover the true quantile with probability ≥ 95%; the
 *   standard error is reported as (hi − lo)/3.92.
 * - TVaR_p is the mean of the losses of ranks k..n ("at or above VaR_p"),
 *   their sum taken exactly (exact_sum.h) so that it does not depend on
 *   how the losses are stored. Its standard error comes from batch means:
 *   the same estimator on each of 32 batches of contiguous trials,
 *   SE = sd(batch values)/√32, 95% interval ± t(31)·SE.
 * - P(loss > x) is the share of years above x, with the binomial SE and a
 *   Wilson score interval (sound even when no year exceeds x).
 *
 * Order statistics come from losses.c (selection, or the bucketed runs);
 * TVaR and batch means always use the runs.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "stats/exact_sum.h"
#include "stats/result_impl.h"
#include "stats/select.h"

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

void crq_quantile_ranks(uint64_t n, double p, uint64_t ranks[3]) {
  uint64_t l = binomial_quantile(n, p, 0.025);
  uint64_t u = binomial_quantile(n, p, 0.975) + 1;
  ranks[0] = l < 1 ? 1 : l;
  ranks[1] = crq_quantile_rank(n, p);
  ranks[2] = u > n ? n : u;
}

/* Whether r has order statistics of (v, b): not of a basis the run did
 * not keep (crq_sim_options.annual_only). */
static int valid(const crq_result *r, crq_variant v, crq_basis b) {
  return crq_result_has(r, v) && (b == CRQ_AEP || b == CRQ_OEP) &&
         (r->stream || r->values[v][b] != NULL);
}

/* Whether r has the named order statistics of (v, b): those of the levels
 * its run was told (crq_sim_options.quantiles), of the annual loss. */
static int named(const crq_result *r, crq_variant v, crq_basis b) {
  return crq_result_has(r, v) && b == CRQ_AEP && r->n_named > 0;
}

/* Order statistics of (v, b) under the lock; NAN when out of memory. */
static void order_stats(const crq_result *r, crq_variant v, crq_basis b,
                        const uint64_t *ranks, int m, double *out) {
  crq_result_lock(r);
  if (crq_result_order_stats(r, v, b, ranks, m, out) != 0)
    for (int i = 0; i < m; i++)
      out[i] = NAN;
  crq_result_unlock(r);
}

/* Quantiles p[0..m) of (v, b), m ≤ CRQ_SELECT_MAX / 3: each the
 * quantile's rank and the ranks of its interval's ends, all asked at
 * once. */
static void quantiles(const crq_result *r, crq_variant v, crq_basis b,
                      const double *p, size_t m, crq_estimate *out) {
  uint64_t n = r->trials, ranks[CRQ_SELECT_MAX];
  double x[CRQ_SELECT_MAX];
  int k = 0;
  for (size_t i = 0; i < m; i++) {
    if (!(p[i] >= 0.0 && p[i] <= 1.0))
      continue;
    crq_quantile_ranks(n, p[i], ranks + k);
    k += 3;
  }
  if (k > 0)
    order_stats(r, v, b, ranks, k, x);
  k = 0;
  for (size_t i = 0; i < m; i++) {
    if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
      out[i] = crq_estimate_nan();
      continue;
    }
    double *q = x + k;
    if (r->stream) { /* the interval's ends lie in their ranks' buckets */
      const crq_hist *h = &r->stream->all[v][b];
      double max = r->stream->max[v][b], edge;
      crq_hist_kth_bucket(h, ranks[k], max, &q[0], &edge);
      crq_hist_kth_bucket(h, ranks[k + 2], max, &edge, &q[2]);
      q[2] = ranks[k + 2] == n ? max : q[2];
    }
    out[i] = (crq_estimate){q[1], (q[2] - q[0]) / 3.92, q[0], q[2]};
    k += 3;
  }
}

void crq_result_quantiles(const crq_result *r, crq_variant v, crq_basis b,
                          const double *p, size_t m, crq_estimate *out) {
  enum { CHUNK = CRQ_SELECT_MAX / 3 };
  for (size_t i = 0; i < m; i += CHUNK) {
    size_t k = m - i < CHUNK ? m - i : CHUNK;
    if (valid(r, v, b) || named(r, v, b))
      quantiles(r, v, b, p + i, k, out + i);
    else
      for (size_t j = 0; j < k; j++)
        out[i + j] = crq_estimate_nan();
  }
}

crq_estimate crq_result_quantile(const crq_result *r, crq_variant v,
                                 crq_basis b, double p) {
  crq_estimate q;
  crq_result_quantiles(r, v, b, &p, 1, &q);
  return q;
}

crq_estimate crq_result_return_period(const crq_result *r, crq_variant v,
                                      crq_basis b, double years) {
  if (!(years >= 1.0))
    return crq_estimate_nan();
  return crq_result_quantile(r, v, b, 1.0 - 1.0 / years);
}

double crq_result_max_simulated(const crq_result *r, crq_variant v,
                                crq_basis b) {
  if (!valid(r, v, b) && !named(r, v, b))
    return NAN;
  double x;
  order_stats(r, v, b, &r->trials, 1, &x);
  return x;
}

/* Per target j: the exact sum and the number of this process's values
 * whose key exceeds key(var[j]) in the runs of batch batch[j] (-1: all),
 * summed over the processes (the sum NAN when out of memory). */
static void sums_above(const crq_result *r, crq_runs *runs, int m,
                       const double *var, const int *batch, crq_xsum *sum,
                       uint64_t *above) {
  for (int j = 0; j < m; j++) {
    uint64_t key = crq_key_of(var[j]);
    crq_xsum_init(&sum[j]);
    above[j] = 0;
    for (int i = 0; i < runs->n; i++) {
      if (batch && batch[j] >= 0 && runs->batch[i] != batch[j])
        continue;
      size_t lo;
      if (crq_runs_upper(runs, i, key, &lo) != 0) {
        crq_xsum_add(&sum[j], NAN);
        continue;
      }
      lo += runs->start[i];
      crq_xsum_add_array(&sum[j], runs->x + lo, runs->start[i + 1] - lo);
      above[j] += runs->start[i + 1] - lo;
    }
  }
  crq_comm_sum_xsum(r->comm, sum, (size_t)m);
  crq_comm_sum_u64(r->comm, above, (size_t)m);
}

/* The mean of the `need` largest values given their exact sum above VaR
 * and how many there are: the rest of the ranks are VaR's ties. */
static double tail_of(crq_xsum *sum, uint64_t above, double var,
                      uint64_t need) {
  crq_xsum_add_times(sum, var, need - above);
  return crq_xsum_value(sum) / (double)need;
}

void crq_batch_tails_of(const crq_result *r, crq_variant v, crq_basis b,
                        double p, crq_batch_tails *out) {
  crq_runs runs;
  int nb = r->n_batches, batch[CRQ_BATCHES];
  uint64_t k[CRQ_BATCHES], need[CRQ_BATCHES], above[CRQ_BATCHES];
  crq_xsum sum[CRQ_BATCHES];
  for (int i = 0; i < nb; i++) {
    uint64_t size = r->batch_start[i + 1] - r->batch_start[i];
    k[i] = crq_quantile_rank(size, p);
    need[i] = size - k[i] + 1;
    batch[i] = i;
  }
  out->n = 0;
  if (r->stream) { /* each batch's histogram */
    out->n = nb;
    for (int i = 0; i < nb; i++) {
      const crq_hist *h = &r->stream->batch[v][b][i];
      double max = r->stream->max[v][b];
      out->var[i] = crq_hist_kth(h, k[i], max);
      out->tvar[i] = crq_hist_tail_mean(h, k[i], max);
    }
    return;
  }
  crq_result_lock(r);
  if (crq_result_runs(r, v, b, &runs) != NULL) {
    out->n = nb;
    crq_runs_select(&runs, r->comm, nb, k, batch, out->var);
    sums_above(r, &runs, nb, out->var, batch, sum, above);
    for (int i = 0; i < nb; i++)
      out->tvar[i] = tail_of(&sum[i], above[i], out->var[i], need[i]);
  }
  crq_result_unlock(r);
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

/* Mean of the losses of ranks k..n: every loss above VaR (the rank-k
 * loss), and as many copies of VaR as the ranks from k that the larger
 * losses leave. NAN when out of memory. */
static double tail_mean(const crq_result *r, crq_variant v, crq_basis b,
                        uint64_t k) {
  crq_runs runs;
  double var, mean = NAN;
  if (r->stream)
    return crq_hist_tail_mean(&r->stream->all[v][b], k, r->stream->max[v][b]);
  crq_result_lock(r);
  if (crq_result_runs(r, v, b, &runs) != NULL &&
      crq_result_order_stats(r, v, b, &k, 1, &var) == 0) {
    crq_xsum sum;
    uint64_t above;
    sums_above(r, &runs, 1, &var, NULL, &sum, &above);
    mean = tail_of(&sum, above, var, r->trials - k + 1);
  }
  crq_result_unlock(r);
  return mean;
}

crq_estimate crq_result_tvar(const crq_result *r, crq_variant v, crq_basis b,
                             double p) {
  if (!valid(r, v, b) || !(p >= 0.0 && p <= 1.0))
    return crq_estimate_nan();
  double value = tail_mean(r, v, b, crq_quantile_rank(r->trials, p));
  crq_batch_tails bt;
  crq_batch_tails_of(r, v, b, p, &bt);
  return crq_batch_estimate(value, bt.tvar, bt.n);
}

/* Number of losses greater than amount: from the bucketed runs, or by a
 * pass while few queries have been made. */
static uint64_t count_above(const crq_result *cr, crq_variant v, crq_basis b,
                            double amount) {
  crq_result *r = (crq_result *)cr;
  crq_runs runs;
  uint64_t above = UINT64_MAX;
  if (r->stream)
    return crq_hist_count_above(&r->stream->all[v][b], amount);
  crq_result_lock(r);
  const crq_top *top = &r->top[v][b];
  int alone = !crq_comm_split(r->comm); /* a pass needs every trial */
  if (alone && !r->bucketed[v][b] && top->keys && crq_key_of(amount) >= top->lo)
    above = crq_top_count_above(top, amount);
  else if (alone && !r->bucketed[v][b] &&
           r->selections[v][b]++ < CRQ_LAZY_RUNS_AFTER)
    above = crq_count_above(r->values[v][b], r->trials, amount, r->threads);
  else if (crq_result_runs(r, v, b, &runs) != NULL) {
    above = crq_runs_count_above(&runs, amount);
    crq_comm_sum_u64(r->comm, &above, 1);
  }
  crq_result_unlock(r);
  return above;
}

crq_estimate crq_result_exceedance(const crq_result *r, crq_variant v,
                                   crq_basis b, double amount) {
  if (!valid(r, v, b) || isnan(amount))
    return crq_estimate_nan();
  uint64_t above = count_above(r, v, b, amount);
  if (above == UINT64_MAX)
    return crq_estimate_nan();
  double n = (double)r->trials;
  double p = (double)above / n;
  const double z = 1.96, z2 = z * z;
  double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  double half = z / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return (crq_estimate){p, sqrt(p * (1 - p) / n), fmax(0.0, centre - half),
                        fmin(1.0, centre + half)};
}
