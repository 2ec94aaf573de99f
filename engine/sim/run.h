/* engine/sim/run.h — running a compiled plan over many trials.
 *
 * The trials are cut into fixed chunks of CRQ_CHUNK_TRIALS, processed by
 * OpenMP threads in any order (schedule(dynamic)). A chunk adds its trials
 * up in trial order into a partial-sum block (partial.h), which is then
 * added exactly (exact_sum.h) into its thread's totals; the threads'
 * totals merge exactly too. So the sums are the same whatever the threads,
 * and whatever processes ran which chunks (an MPI rank runs a range of
 * chunks: crq_run_options.chunk_begin/end). Each trial's AEP and OEP go
 * to the run's arrays (exact mode) or to histograms (streaming mode,
 * stream.h), or its AEP alone to band tallies (band mode, band.h).
 */
#ifndef CRQ_RUN_H
#define CRQ_RUN_H

#include <stdint.h>

#include "compile/plan.h"
#include "crq/sim.h"
#include "sim/comm.h"
#include "sim/partial.h"
#include "sim/stream.h"
#include "stats/exact_sum.h"

/* Small enough that a run of the default 10^5 trials is 13 chunks for the
 * threads to share (chunks of 65,536 would give a second thread half of
 * it at best and further cores nothing), large enough that a chunk's fixed
 * cost, adding its partial sums exactly, is small beside its trials. The
 * sums are rounded per chunk, so the size is part of what they are. */
#define CRQ_CHUNK_TRIALS 8192u

/* The threads worth starting for n units of work when each should get at
 * least `grain` of them: between 1 and threads. On a busy machine, threads
 * that wait at a barrier slow the working ones down, so small jobs run on
 * fewer threads. (Results never depend on the number.) */
static inline int crq_threads_for(int threads, uint64_t n, uint64_t grain) {
  uint64_t most = n / grain;
  return most < 1 ? 1 : (most < (uint64_t)threads ? (int)most : threads);
}

/* The number of chunks of n trials. */
static inline uint64_t crq_chunk_count(uint64_t n) {
  return (n + CRQ_CHUNK_TRIALS - 1) / CRQ_CHUNK_TRIALS;
}

/* The raw outcome of a run: of all its trials, or of this process's
 * chunks [chunk_begin, chunk_end), which hold trials [begin, end). The
 * sums, the histograms and any failure are the whole run's. */
typedef struct crq_run {
  uint64_t trials, seed;
  uint64_t chunk_begin, chunk_end, begin, end;
  int threads;
  double seconds;
  int n_variants;
  crq_partial_layout layout;
  crq_xsum *total; /* layout.size sums over the chunks, exact */
  /* Exact mode: per trial t in [begin, end) at index t − begin (oep:
   * NULL with annual_only). */
  double *aep[CRQ_MAX_VARIANTS];
  double *oep[CRQ_MAX_VARIANTS];
  crq_stream *stream; /* streaming mode: the merged histograms */
  /* Band mode (crq_run_options.band): the cells and the merged tallies of
   * each variant's AEP (band.h), all trials' (no MPI split). */
  int banded;
  crq_band_set band_set[CRQ_MAX_VARIANTS];
  crq_band_tally band[CRQ_MAX_VARIANTS];
  const crq_comm *comm;
} crq_run;

/* What to run: trials ≥ 1, threads ≥ 1, progress as in crq_sim_options;
 * streaming: histograms instead of every trial's losses; comm: the
 * processes sharing the chunks (NULL: this one alone; comm.h); scalar:
 * one year at a time only, never the batched or sparse loops (tests
 * compare them); annual_only: exact mode keeps no OEP (oep[v] NULL);
 * no_scenario_eal: the scenarios' partial sums stay zero; band: per
 * variant, the cells to tally each trial's AEP by instead of keeping it
 * (band mode, band.h; not with streaming or a comm that splits), NULL for
 * exact or streaming mode. */
typedef struct crq_run_options {
  uint64_t trials, seed;
  int threads;
  int streaming;
  const crq_band_set *band;
  /* The first chunks not to run, alone (no comm that splits): a run of
   * them made before is added with crq_run_absorb. */
  uint64_t skip_chunks;
  /* The trials a stopped run's message counts out of, when this run is the
   * first part of a longer one (a named run's pilot); 0: trials. */
  uint64_t of_trials;
  int annual_only;
  int no_scenario_eal;
  const crq_comm *comm;
  int scalar;
  crq_progress_fn progress;
  void *progress_ctx;
} crq_run_options;

/* Simulates the trials of plan into *run (which the caller frees with
 * crq_run_free). model is only used for diagnostics. */
crq_status crq_run_plan(const crq_plan *plan, const crq_model *model,
                        const crq_run_options *opts, crq_run *run,
                        crq_diags *diags);
void crq_run_free(crq_run *run);

/* Adds to run (of opts.skip_chunks > 0, band mode) the run `first` of the
 * chunks it skipped (the same plan and options but trials: exact mode,
 * those chunks' trials): its sums and its years, which then stand as if
 * run had run them. 0, or -1 when out of memory. */
int crq_run_absorb(crq_run *run, const crq_run *first);

#endif
