/* engine/stats/result_impl.h — what a crq_result holds, and the helpers
 * the statistics files share. Internal.
 *
 * A result keeps, per variant and basis (AEP, OEP), every simulated year's
 * loss sorted ascending with the trial it came from (12 bytes per trial,
 * variant and basis), the partial sums merged over all trials, and the
 * compiled plan, so that tail trials can be re-simulated exactly (their
 * random numbers depend only on the seed and the trial) to break TVaR down
 * by category and scenario. It borrows the model, which must outlive it.
 */
#ifndef CRQ_RESULT_IMPL_H
#define CRQ_RESULT_IMPL_H

#include <stdint.h>

#include "compile/plan.h"
#include "crq/result.h"
#include "sim/partial.h"
#include "sim/run.h"

/* Batches of contiguous trials for batch-means standard errors. */
#define CRQ_BATCHES 32

struct crq_result {
  const crq_model *model; /* borrowed */
  crq_plan *plan;         /* owned */
  uint64_t trials, seed;
  int threads;
  double seconds;
  int n_variants;
  crq_partial_layout layout;
  double *sums; /* the chunks' partial sums merged in chunk order */
  double *sorted[CRQ_MAX_VARIANTS][2];  /* [variant][basis], ascending */
  uint32_t *trial[CRQ_MAX_VARIANTS][2]; /* the trial of each sorted value */
  int n_batches;                        /* min(CRQ_BATCHES, trials) */
};

/* Builds a result from a finished run: sorts the run's per-trial arrays in
 * place and takes them over, merges the partial sums, and takes ownership
 * of plan. On failure frees nothing the caller still owns. */
crq_status crq_result_build(const crq_model *model, crq_plan *plan,
                            crq_run *run, crq_result **out, crq_diags *diags);

/* Whether v (and b) are valid for r. */
int crq_result_has(const crq_result *r, crq_variant v);

/* The 1-based rank of the p-quantile among n sorted values: ⌈np⌉ clipped
 * to [1, n] (np within 1e-12 relative of a whole number counts as it). */
uint64_t crq_quantile_rank(uint64_t n, double p);

/* Batch of trial t: the batches are CRQ_BATCHES runs of contiguous
 * trials. */
static inline int crq_batch_of(const crq_result *r, uint32_t t) {
  return (int)((uint64_t)t * (uint64_t)r->n_batches / r->trials);
}

/* Per batch of trials, its own VaR_p and TVaR_p estimators (the batch's
 * order statistics at its own rank). */
typedef struct crq_batch_tails {
  int n;
  double var[CRQ_BATCHES];
  double tvar[CRQ_BATCHES];
} crq_batch_tails;

void crq_batch_tails_of(const crq_result *r, crq_variant v, crq_basis b,
                        double p, crq_batch_tails *out);

/* An estimate from n batch values x (value given): se = sd/√n and the
 * Student-t 95% interval with n − 1 degrees of freedom. */
crq_estimate crq_batch_estimate(double value, const double *x, int n);

/* An estimate of nothing (invalid arguments): all NAN. */
crq_estimate crq_estimate_nan(void);

#endif
