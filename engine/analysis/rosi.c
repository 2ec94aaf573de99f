/* engine/analysis/rosi.c — return on security investment per measure and
 * overall, and the risk-appetite verdicts before and after.
 *
 * A measure's benefit is its Shapley share of the EAL reduction (what it
 * buys per year, interactions shared fairly); its cost per year is the
 * running cost plus the one-off cost spread evenly over the amortisation
 * period (straight line, no discounting):
 *   annualised = cost_annual + cost_once ÷ years,
 *   ROSI       = (EAL reduction − annualised) ÷ annualised,
 *   payback    = cost_once ÷ (EAL reduction − cost_annual) years,
 * the payback being infinite when the measure's yearly benefit does not
 * exceed its running cost, and ROSI undefined (NAN) for a free measure.
 * "All measures" uses the whole EAL reduction and the summed costs.
 */
#include <math.h>
#include <stdlib.h>

#include "analysis/analysis_impl.h"

static crq_rosi rosi(double reduction, double once, double annual,
                     double years) {
  crq_rosi r = {.eal_reduction = reduction,
                .cost_once = once,
                .cost_annual = annual,
                .annualised_cost = annual + once / years};
  r.rosi = r.annualised_cost > 0.0
               ? (reduction - r.annualised_cost) / r.annualised_cost
               : NAN;
  double net = reduction - annual;
  r.payback_years = net > 0.0 ? once / net : INFINITY;
  if (isnan(reduction))
    r.payback_years = NAN;
  return r;
}

crq_status crq_rosi_compute(crq_analysis *a) {
  size_t M = a->n_measures;
  double years = a->opts.amortisation_years, once = 0.0, annual = 0.0;
  a->rosi = calloc(M + 1, sizeof *a->rosi);
  if (!a->rosi)
    return CRQ_ERR_NOMEM;
  for (size_t m = 0; m < M; m++) {
    const crq_measure *x = &a->model->measures[m];
    a->rosi[m] = rosi(crq_analysis_shapley(a, CRQ_FIG_EAL, m), x->cost_once,
                      x->cost_annual, years);
    once += x->cost_once;
    annual += x->cost_annual;
  }
  double all = crq_analysis_waterfall(a, CRQ_FIG_EAL, 0) -
               crq_analysis_waterfall(a, CRQ_FIG_EAL, M);
  a->rosi[M] = rosi(all, once, annual, years);
  return CRQ_OK;
}

crq_rosi crq_analysis_rosi(const crq_analysis *a, size_t m) {
  if (m == CRQ_ALL_MEASURES)
    return a->rosi[a->n_measures];
  if (m < a->n_measures)
    return a->rosi[m];
  return rosi(NAN, NAN, NAN, 1.0);
}

int crq_analysis_verdict(const crq_analysis *a, size_t m, size_t i,
                         crq_verdict *out) {
  size_t mask;
  if (m == CRQ_NO_MEASURE)
    mask = 0;
  else if (m == CRQ_ALL_MEASURES)
    mask = crq_analysis_full_mask(a);
  else if (m < a->n_measures)
    mask = (size_t)1 << m;
  else
    return -1;
  const crq_evals *e = &a->evals;
  if (i >= e->n_appetite)
    return -1;
  int v = e->verdict[a->subset[mask] * e->n_appetite + i];
  if (v < 0)
    return -1;
  *out = (crq_verdict)v;
  return 0;
}
