/* engine/stats/moments.c — means and their standard errors from the merged
 * partial sums, and the deterministic worst case.
 *
 * A mean of n per-trial values with sums S1 = Σx and S2 = Σx² is
 * m = S1/n with sample variance s² = (S2 − S1·m)/(n − 1) and standard error
 * s/√n; its 95% interval is m ± 1.96·SE (the central limit theorem; n is in
 * the thousands at least). The paired reduction of EAL is the mean of the
 * per-trial differences baseline − measures, whose variance is far below
 * the sum of the two variances because both variants share their draws.
 */
#include <math.h>

#include "stats/result_impl.h"

crq_estimate crq_estimate_nan(void) {
  return (crq_estimate){NAN, NAN, NAN, NAN};
}

static crq_estimate mean_of(const double *s, uint64_t n) {
  double m = s[0] / (double)n;
  if (n < 2) /* one trial has no spread to measure: SD and SE unknown */
    return (crq_estimate){m, NAN, NAN, NAN};
  double var = (s[1] - s[0] * m) / (double)(n - 1);
  double se = sqrt(fmax(var, 0.0) / (double)n);
  return (crq_estimate){m, se, m - 1.96 * se, m + 1.96 * se};
}

static const double *sums_of(const crq_result *r, crq_variant v, size_t q) {
  return r->sums + crq_partial_at(&r->layout, (int)v, q);
}

crq_estimate crq_result_mean(const crq_result *r, crq_variant v, crq_basis b) {
  if (!crq_result_has(r, v) || (b != CRQ_AEP && b != CRQ_OEP))
    return crq_estimate_nan();
  return mean_of(sums_of(r, v, b == CRQ_AEP ? CRQ_Q_AEP : CRQ_Q_OEP),
                 r->trials);
}

crq_estimate crq_result_eal(const crq_result *r, crq_variant v) {
  return crq_result_mean(r, v, CRQ_AEP);
}

double crq_result_sd(const crq_result *r, crq_variant v, crq_basis b) {
  crq_estimate m = crq_result_mean(r, v, b);
  return m.se * sqrt((double)r->trials);
}

crq_estimate crq_result_category_eal(const crq_result *r, crq_variant v,
                                     crq_category c) {
  if (!crq_result_has(r, v) || (unsigned)c >= CRQ_CAT_COUNT)
    return crq_estimate_nan();
  return mean_of(sums_of(r, v, CRQ_Q_CAT + (size_t)c), r->trials);
}

crq_estimate crq_result_scenario_eal(const crq_result *r, crq_variant v,
                                     size_t scenario) {
  if (!crq_result_has(r, v) || scenario >= r->layout.n_scenarios ||
      !crq_result_has_scenario_eal(r))
    return crq_estimate_nan();
  return mean_of(sums_of(r, v, CRQ_Q_SCEN + scenario), r->trials);
}

crq_estimate crq_result_reduction_eal(const crq_result *r) {
  if (r->n_variants < 2)
    return crq_estimate_nan();
  return mean_of(r->sums + r->layout.diff, r->trials);
}

double crq_result_worst_case(const crq_result *r, crq_variant v,
                             size_t scenario, crq_category category) {
  if (!crq_result_has(r, v) || scenario >= r->plan->n_scenarios ||
      (unsigned)category > CRQ_CAT_COUNT)
    return NAN;
  return crq_plan_worst(r->plan, (int)v, scenario, (int)category);
}

size_t crq_result_worst_scenario(const crq_result *r, crq_variant v) {
  if (!crq_result_has(r, v) || r->plan->n_scenarios == 0)
    return SIZE_MAX;
  size_t best = 0;
  for (size_t s = 1; s < r->plan->n_scenarios; s++)
    if (crq_result_worst_case(r, v, s, CRQ_CAT_COUNT) >
        crq_result_worst_case(r, v, best, CRQ_CAT_COUNT))
      best = s;
  return best;
}

double crq_result_max_loss(const crq_result *r, crq_variant v) {
  if (!crq_result_has(r, v) || r->plan->n_scenarios == 0)
    return NAN;
  return crq_result_worst_case(r, v, crq_result_worst_scenario(r, v),
                               CRQ_CAT_COUNT);
}
