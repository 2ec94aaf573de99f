/* engine/stats/paired.c — what the measures buy, and the risk-appetite
 * verdict.
 *
 * Reductions are baseline minus with-measures on the same trials. The
 * quantile and TVaR reductions take their standard error from batch means
 * of the paired per-batch differences (the same 32 batches of contiguous
 * trials in both variants), which keeps the pairing's low noise. The EAL
 * reduction (moments.c) uses the per-trial differences directly.
 */
#include <math.h>

#include "stats/result_impl.h"

static crq_estimate reduction(const crq_result *r, double p, int tvar) {
  if (r->n_variants < 2 || !(p >= 0.0 && p <= 1.0))
    return crq_estimate_nan();
  crq_batch_tails base, meas;
  crq_batch_tails_of(r, CRQ_BASELINE, CRQ_AEP, p, &base);
  crq_batch_tails_of(r, CRQ_MEASURES, CRQ_AEP, p, &meas);
  double d[CRQ_BATCHES];
  for (int i = 0; i < base.n; i++)
    d[i] = tvar ? base.tvar[i] - meas.tvar[i] : base.var[i] - meas.var[i];
  double value =
      tvar ? crq_result_tvar(r, CRQ_BASELINE, CRQ_AEP, p).value -
                 crq_result_tvar(r, CRQ_MEASURES, CRQ_AEP, p).value
           : crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, p).value -
                 crq_result_quantile(r, CRQ_MEASURES, CRQ_AEP, p).value;
  return crq_batch_estimate(value, d, base.n);
}

crq_estimate crq_result_reduction_quantile(const crq_result *r, double p) {
  return reduction(r, p, 0);
}

crq_estimate crq_result_reduction_tvar(const crq_result *r, double p) {
  return reduction(r, p, 1);
}

crq_verdict crq_result_appetite(const crq_result *r, crq_variant v, size_t i,
                                crq_estimate *loss_at_return_period,
                                crq_estimate *exceedance_probability) {
  const crq_model *m = r->model;
  if (i >= m->n_appetite || !crq_result_has(r, v)) {
    if (loss_at_return_period)
      *loss_at_return_period = crq_estimate_nan();
    if (exceedance_probability)
      *exceedance_probability = crq_estimate_nan();
    return CRQ_RED;
  }
  const crq_appetite *a = &m->appetite[i];
  crq_basis b = a->oep ? CRQ_OEP : CRQ_AEP;
  crq_estimate q = crq_result_return_period(r, v, b, a->return_period);
  if (loss_at_return_period)
    *loss_at_return_period = q;
  if (exceedance_probability)
    *exceedance_probability = crq_result_exceedance(r, v, b, a->limit);
  if (!(q.value <= a->limit)) /* beyond, or not known (NAN) */
    return CRQ_RED;
  return q.hi > a->limit ? CRQ_AMBER : CRQ_GREEN;
}
