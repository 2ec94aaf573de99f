/* engine/analysis/attribution.c — how much of each figure's reduction each
 * measure buys: the waterfall in declared order and exact Shapley values.
 *
 * The value of a coalition S of measures is a figure (maximum loss, EAL,
 * VaR 99%, TVaR 99%) with the members of S at their current achievement and
 * the others at 0. The waterfall adds the measures in the order the model
 * declares them; it is easy to read but credits interactions (two measures
 * acting on the same input, a frequency cut multiplying a severity cut) to
 * whichever comes later. The Shapley value averages a measure's marginal
 * reduction over all M! orders,
 *   φ_m = Σ_{S ⊆ N∖{m}} w(|S|) · (v(S) − v(S ∪ {m})),
 *   w(s) = s! (M − s − 1)! / M!,
 * which is the unique split that is symmetric, gives nothing to a measure
 * that changes nothing, and adds up exactly to v(∅) − v(N) (Shapley 1953).
 * All 2^M coalitions are evaluated (memoised by evaluate.c), so the values
 * are exact for the simulated figures: Monte Carlo error enters only
 * through v, the same trials for every coalition.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis_impl.h"

crq_status crq_attribution_collect(crq_analysis *a) {
  size_t M = a->n_measures, n = (size_t)1 << M;
  double *ach = calloc(M + 1, sizeof *ach);
  a->subset = calloc(n, sizeof *a->subset);
  if (!ach || !a->subset) {
    free(ach);
    return CRQ_ERR_NOMEM;
  }
  crq_status st = CRQ_OK;
  for (size_t s = 0; s < n && st == CRQ_OK; s++) {
    for (size_t m = 0; m < M; m++)
      ach[m] = (s >> m) & 1 ? a->current[m] : 0.0;
    a->subset[s] = crq_evals_add(&a->evals, ach);
    if (a->subset[s] == (size_t)-1)
      st = CRQ_ERR_NOMEM;
  }
  free(ach);
  return st;
}

static double value(const crq_analysis *a, size_t mask, crq_figure f) {
  return crq_evals_fig(&a->evals, a->subset[mask], f);
}

static int popcount(size_t x) {
  int n = 0;
  for (; x; x &= x - 1)
    n++;
  return n;
}

crq_status crq_attribution_compute(crq_analysis *a) {
  size_t M = a->n_measures, n = (size_t)1 << M;
  a->shapley = calloc(CRQ_FIG_COUNT * M + 1, sizeof *a->shapley);
  double *w = calloc(M + 1, sizeof *w);
  if (!a->shapley || !w) {
    free(w);
    return CRQ_ERR_NOMEM;
  }
  /* w(s) = s!(M−s−1)!/M!, by w(0) = 1/M and w(s+1) = w(s)(s+1)/(M−s−1). */
  for (size_t s = 0; s < M; s++)
    w[s] = s == 0 ? 1.0 / (double)M : w[s - 1] * (double)s / (double)(M - s);
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    for (size_t m = 0; m < M; m++) {
      double phi = 0.0;
      size_t bit = (size_t)1 << m;
      for (size_t s = 0; s < n; s++)
        if (!(s & bit))
          phi += w[popcount(s)] * (value(a, s, (crq_figure)f) -
                                   value(a, s | bit, (crq_figure)f));
      a->shapley[(size_t)f * M + m] = phi;
    }
  free(w);
  return CRQ_OK;
}

double crq_analysis_waterfall(const crq_analysis *a, crq_figure f, size_t k) {
  if (f < 0 || f >= CRQ_FIG_COUNT || k > a->n_measures)
    return NAN;
  return value(a, ((size_t)1 << k) - 1, f);
}

double crq_analysis_shapley(const crq_analysis *a, crq_figure f, size_t m) {
  if (f < 0 || f >= CRQ_FIG_COUNT || m >= a->n_measures)
    return NAN;
  return a->shapley[(size_t)f * a->n_measures + m];
}
