/* engine/sim/run.h — running a compiled plan over many trials.
 *
 * The trials are cut into fixed chunks of CRQ_CHUNK_TRIALS, processed by
 * OpenMP threads in any order (schedule(dynamic)). Each chunk writes its own
 * slice of the per-trial arrays and its own partial-sum block (partial.h);
 * nothing is shared between chunks, so the outcome does not depend on the
 * number of threads. The caller (stats) merges the blocks in chunk order.
 */
#ifndef CRQ_RUN_H
#define CRQ_RUN_H

#include <stdint.h>

#include "compile/plan.h"
#include "crq/sim.h"
#include "sim/partial.h"

#define CRQ_CHUNK_TRIALS 65536u

/* The threads worth starting for n units of work when each should get at
 * least `grain` of them: between 1 and threads. On a busy machine, threads
 * that wait at a barrier slow the working ones down, so small jobs run on
 * fewer threads. (Results never depend on the number.) */
static inline int crq_threads_for(int threads, uint64_t n, uint64_t grain) {
  uint64_t most = n / grain;
  return most < 1 ? 1 : (most < (uint64_t)threads ? (int)most : threads);
}

/* The raw outcome of a run. */
typedef struct crq_run {
  uint64_t trials, seed;
  int threads;
  double seconds;
  int n_variants;
  double *aep[CRQ_MAX_VARIANTS]; /* per trial, in trial order */
  double *oep[CRQ_MAX_VARIANTS];
  crq_partial_layout layout;
  size_t n_chunks;
  double *partials; /* n_chunks blocks of layout.size doubles */
} crq_run;

/* What to run: trials ≥ 1, threads ≥ 1, progress as in crq_sim_options;
 * scalar: never the batched loop (tests compare the two). */
typedef struct crq_run_options {
  uint64_t trials, seed;
  int threads;
  int scalar;
  crq_progress_fn progress;
  void *progress_ctx;
} crq_run_options;

/* Simulates every trial of plan into *run (which the caller frees with
 * crq_run_free). model is only used for diagnostics. */
crq_status crq_run_plan(const crq_plan *plan, const crq_model *model,
                        const crq_run_options *opts, crq_run *run,
                        crq_diags *diags);
void crq_run_free(crq_run *run);

#endif
