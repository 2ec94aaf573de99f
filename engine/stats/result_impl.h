/* engine/stats/result_impl.h — what a crq_result holds, and the helpers
 * the statistics files share. Internal.
 *
 * A result keeps, per variant and basis (AEP, OEP), every simulated year's
 * loss (8 bytes per trial, variant and basis), the partial sums merged over
 * all trials, and the compiled plan, so that tail trials can be
 * re-simulated exactly (their random numbers depend only on the seed and
 * the trial) to break TVaR down by category and scenario. It borrows the
 * model, which must outlive it.
 *
 * The losses stay in trial order while only a few order statistics are
 * asked for: those come from selection (select.h), O(n) each, and a tail
 * quantile keeps the top 1/64 of the years sorted for the next ones. The
 * first query that needs more (TVaR, batch means, contributions, or more
 * than CRQ_LAZY_RUNS_AFTER selections on one variant and basis) buckets
 * the losses batch by batch in place (runs.h; crq_result_sort does it at
 * once, as every report does), recording for the AEP the trial of each
 * value (4 bytes a trial); a query sorts the buckets it looks into. So the
 * standard report of a model with measures holds 2 × (8 + 8) + 2 × 4 = 40
 * bytes a trial (and the buckets' offsets, at most 8.4 MB per variant and
 * basis), and a quick run that
 * reads a few quantiles 8 bytes per variant and basis. Either way every
 * figure is the same exact order statistic or exact sum (exact_sum.h).
 *
 * A streaming result (a run too large for memory) keeps log-bucket
 * histograms instead (sim/stream.h): order statistics, TVaR and exceedance
 * within 0.1% of the exact figures, contributions by re-simulating every
 * trial once per variant and level.
 *
 * The bucketing and the caches change the result behind const pointers; a
 * recursive mutex serialises every query that reads the losses, so a
 * result may still be queried from several threads at once.
 */
#ifndef CRQ_RESULT_IMPL_H
#define CRQ_RESULT_IMPL_H

#include <pthread.h>
#include <stdint.h>

#include "compile/plan.h"
#include "crq/result.h"
#include "sim/partial.h"
#include "sim/run.h"
#include "stats/named.h"
#include "stats/runs.h"
#include "stats/select.h"

/* Selections on one variant and basis before its losses get bucketed. */
#define CRQ_LAZY_RUNS_AFTER 8

/* A rank above the last 1/CRQ_TOP_SHARE of the years collects all of them
 * (crq_top), which then answer the tail's quantiles without a pass. */
#define CRQ_TOP_SHARE 64

/* The tail breakdown of one variant at one level (contrib.c's cache):
 * per category and per scenario, the mean over the tail years. */
typedef struct crq_tail_parts {
  double p; /* NAN: nothing cached */
  double cat[CRQ_CAT_COUNT];
  double *scen; /* n_scenarios */
} crq_tail_parts;

struct crq_result {
  const crq_model *model; /* borrowed */
  crq_plan *plan;         /* owned */
  uint64_t trials, seed;
  int threads;
  double seconds;
  int n_variants;
  crq_partial_layout layout;
  double *sums;  /* the partial sums over all trials (rounded once) */
  int n_batches; /* min(CRQ_BATCHES, trials) */
  size_t batch_start[CRQ_BATCHES + 1]; /* batch i: [start[i], start[i+1]) */
  /* With MPI (comm splits the work) this process holds trials [begin,
   * end) only: values are indexed by t − begin, and its runs are the parts
   * of the batches it holds, run i being [run_start[i], run_start[i + 1])
   * of batch run_batch[i]. Alone, begin = 0, end = trials, and the runs
   * are the batches. */
  const crq_comm *comm;
  uint64_t begin, end;
  int n_runs;
  size_t run_start[CRQ_BATCHES + 1];
  int run_batch[CRQ_BATCHES];

  /* The rest is guarded by lock. Per variant and basis, every trial's loss:
   * in trial order until bucketed[v][b], then each batch bucketed (runs.h)
   * with its offsets and which buckets are sorted. */
  pthread_mutex_t lock;
  double *values[CRQ_MAX_VARIANTS][2];
  int bucketed[CRQ_MAX_VARIANTS][2];
  uint32_t *offset[CRQ_MAX_VARIANTS][2];
  uint64_t *bucket_sorted[CRQ_MAX_VARIANTS][2];
  int shift; /* of the runs' buckets */
  unsigned selections[CRQ_MAX_VARIANTS][2];
  uint32_t *trial_of[CRQ_MAX_VARIANTS];  /* AEP once bucketed */
  crq_top top[CRQ_MAX_VARIANTS][2];      /* the top years, before bucketing */
  uint64_t largest[CRQ_MAX_VARIANTS][2]; /* the largest loss's key once a
                                            selection saw it; 0: not yet */
  crq_tail_parts tail[CRQ_MAX_VARIANTS];
  /* Streaming mode: histograms instead of values (which are NULL). */
  crq_stream *stream;
  /* Named quantiles (crq_sim_options.quantiles, stats/named.h): the AEP's
   * order statistics of these ranks (ascending) and no others; values
   * NULL. */
  int n_named;
  uint64_t named_rank[CRQ_NAMED_MAX];
  double named[CRQ_MAX_VARIANTS][CRQ_NAMED_MAX];
};

/* A result of n_variants with `trials` losses per variant and basis,
 * taking over values[v][b] (malloc'ed, in trial order: trials [begin,
 * end) of this process of comm, all of them when comm is NULL); no plan,
 * no sums. NULL when out of memory (values then still the caller's). */
crq_result *crq_result_of_values(const crq_model *model, int n_variants,
                                 uint64_t trials, int threads,
                                 double *values[CRQ_MAX_VARIANTS][2],
                                 const crq_comm *comm, uint64_t begin,
                                 uint64_t end);

/* Builds a result from a finished run: takes over the run's per-trial
 * arrays, merges the partial sums, and takes ownership of plan. With
 * named ranks[0..m) (m > 0; crq_named_ranks) it keeps their order
 * statistics of each variant's AEP instead, from the run's band tallies
 * or its arrays. On failure frees nothing the caller still owns. */
crq_status crq_result_build(const crq_model *model, crq_plan *plan,
                            crq_run *run, const uint64_t *ranks, int m,
                            crq_result **out, crq_diags *diags);

/* Whether v (and b) are valid for r. */
int crq_result_has(const crq_result *r, crq_variant v);

/* The 1-based rank of the p-quantile among n sorted values: ⌈np⌉ clipped
 * to [1, n] (np within 1e-12 relative of a whole number counts as it). */
uint64_t crq_quantile_rank(uint64_t n, double p);

/* The ranks of the p-quantile's 95% interval and of itself among n
 * values: lower end, quantile, upper end (order.c). */
void crq_quantile_ranks(uint64_t n, double p, uint64_t ranks[3]);

/* Batch of trial t: the batches are CRQ_BATCHES runs of contiguous
 * trials. */
static inline int crq_batch_of(const crq_result *r, uint64_t t) {
  return (int)(t * (uint64_t)r->n_batches / r->trials);
}

/* Locking for the lazily bucketed state (a mutable part of a const
 * result). */
void crq_result_lock(const crq_result *r);
void crq_result_unlock(const crq_result *r);

/* With the lock held: the losses of (v, b) bucketed batch by batch
 * (bucketing them now if need be), or NULL when out of memory or when the
 * run did not keep the basis. */
const double *crq_result_runs(const crq_result *r, crq_variant v, crq_basis b,
                              crq_runs *runs);

/* With the lock held: out[i] = the ranks[i]-th smallest loss of (v, b),
 * ranks 1-based, any number of them (a selection at a time takes
 * CRQ_SELECT_MAX); by selection or from the bucketed runs (the same
 * values). 0, or -1 when out of memory. */
int crq_result_order_stats(const crq_result *r, crq_variant v, crq_basis b,
                           const uint64_t *ranks, int m, double *out);

/* x[t − begin] = the AEP of variant v in trial t, for this process's
 * trials [begin, end) (every trial when alone; locks). For paired
 * per-trial figures across results of the same trials and processes
 * (analysis/compare.c). 0, or -1 for a streaming result (which keeps no
 * trial's loss). */
int crq_result_aep_by_trial(const crq_result *r, crq_variant v, double *x);

/* Per batch of trials, its own VaR_p and TVaR_p estimators (the batch's
 * order statistics at its own rank). */
typedef struct crq_batch_tails {
  int n;
  double var[CRQ_BATCHES];
  double tvar[CRQ_BATCHES];
} crq_batch_tails;

/* Fills out for (v, b) at p (locks); n = 0 when out of memory. */
void crq_batch_tails_of(const crq_result *r, crq_variant v, crq_basis b,
                        double p, crq_batch_tails *out);

/* An estimate from n batch values x (value given): se = sd/√n and the
 * Student-t 95% interval with n − 1 degrees of freedom. */
crq_estimate crq_batch_estimate(double value, const double *x, int n);

/* An estimate of nothing (invalid arguments): all NAN. */
crq_estimate crq_estimate_nan(void);

#endif
