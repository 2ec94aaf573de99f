/* engine/analysis/whatif_impl.h — what the what-if analyses share
 * (compare.c, sweep.c, sensitivity.c, optimize.c): resolving the options
 * so that every variant runs the same trials and seed, progress summed
 * over all the simulations of an analysis, and the figures of a run.
 * Internal.
 */
#ifndef CRQ_WHATIF_IMPL_H
#define CRQ_WHATIF_IMPL_H

#include "crq/whatif.h"

/* Progress of an analysis made of several simulations: each reports its
 * own trials; the caller's callback sees the sum over all of them. */
typedef struct crq_whatif_progress {
  crq_progress_fn fn;
  void *ctx;
  uint64_t done, total;
} crq_whatif_progress;

/* The simulation options every variant of an analysis uses: trials and
 * seed of `in`, else of base (made explicit), threads of `in`, and, when
 * `in` has a progress callback, progress routed through p (which counts
 * `total` trials in all). */
crq_sim_options crq_whatif_sim(const crq_model *base, const crq_sim_options *in,
                               crq_whatif_progress *p, uint64_t evaluations);

/* Records one finished simulation in p. */
void crq_whatif_progress_step(crq_whatif_progress *p,
                              const crq_sim_options *sim);

/* The figures of variant v of a run. */
void crq_figures_of(const crq_result *r, crq_variant v, crq_figures *out);

/* The variant reported: the baseline when asked for or when the model has
 * no measures, else the measures. */
crq_variant crq_whatif_variant(const crq_result *r, int baseline);

/* Simulates model (with the measures at ach[n_measures], or at their KPIs'
 * achievements when ach is NULL) and keeps the figures of the reported
 * variant; progress is stepped. */
crq_status crq_whatif_evaluate(const crq_model *model, const double *ach,
                               const crq_sim_options *sim, int baseline,
                               crq_whatif_progress *p, crq_figures *out,
                               crq_diags *diags);

#endif
