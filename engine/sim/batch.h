/* engine/sim/batch.h — simulating many trials of a plain plan at once.
 *
 * Imported scenario lists and FAIR-style models have only Poisson
 * scenarios whose one trigger is the plain loss with a lognormal amount
 * (W20 is one). For them the trial loop can work on a batch of trials in
 * phases instead of one trial at a time: every trial's count at once
 * (counts.h: vector Philox), then every event's first
 * block at once (each event has its own stream, trial.h), the scenario
 * picks and thinning, all the batch's lognormal amounts in one vectorised
 * loop (crq_lognormal_words), and only then each trial's sums. An event
 * whose amount needs more than its first words (a ziggurat draw outside
 * its fast path, an exponent outside the inline exp's range) is drawn
 * again from its stream by the sampler itself. A trial whose events do
 * not fit in the rest of a batch starts the next one; one too large for
 * any batch (impossible with a table Poisson, whose counts stay below
 * 200, but checked) is handed to crq_trial_run.
 *
 * Adding the trials up is specialised too (crq_batch_add): every loss is
 * the plain model's, so category "other" of a year equals its AEP, and
 * the years' figures go straight into the run's arrays and partial sums,
 * in one loop over the batch's events and one over its years (four at a
 * time, a lane each: partial.h), with the additions the general loop
 * makes, in the same order (and some additions of +0.0, which change no
 * bit). So every trial's outcome and every partial sum is
 * bit-identical to the general loop's, which tests/unit/test_sim_batch.c
 * checks.
 */
#ifndef CRQ_BATCH_H
#define CRQ_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "compile/plan.h"
#include "sim/counts.h"
#include "sim/partial.h"
#include "sim/rng.h"
#include "sim/stream.h"
#include "sim/trial.h"

#define CRQ_BATCH_TRIALS CRQ_COUNTS_MAX
#define CRQ_BATCH_EVENTS (CRQ_BATCH_TRIALS * 8)

/* A thread's batch workspace. Per trial i of the batch (trial t0 + i):
 * its events' range [first[i], first[i + 1]) in the event arrays (so its
 * count is first[i + 1] − first[i]), and whether crq_trial_run must
 * simulate it (redo). Per event:
 * its trial and stream (the counters of its first block), its words, the
 * scenario, the variants that keep it and the amount drawn. */
typedef struct crq_batch {
  const crq_plan *plan;
  crq_rng rng; /* for amounts off the fast path */
  crq_counts counts;
  uint64_t t0;
  size_t n;
  size_t first[CRQ_BATCH_TRIALS + 1];
  unsigned char redo[CRQ_BATCH_TRIALS];
  uint64_t *trial; /* per trial, then per event: the block's counters */
  uint32_t *stream;
  uint64_t *w[4];   /* per trial, then per event: blocks 0 and 1's words */
  uint64_t *normal; /* per event, with thinning: the amount's word */
  /* The events whose amount the sampler draws again (missed), by index,
   * with their streams' counters and block 1. */
  uint32_t *miss;
  uint64_t *miss_trial;
  uint32_t *miss_stream;
  uint64_t *miss_block1[2];
  uint32_t *scen;
  unsigned char *accepted;
  double *amount;
  int64_t *missed;
  /* Per scenario: its lognormal (parameters, and the sampler for draws
   * off the fast path), and its amount's per-variant map and range. */
  double *scen_mu, *scen_sigma;
  const crq_sampler **scen_sampler;
  /* The pick's alias table as scenario numbers: column i's own point at
   * i, its alias at n + i (n columns). */
  uint64_t *pick_point;
  double (*scen_map)[2][CRQ_MAX_VARIANTS]; /* {a[v]}, {b[v]} */
  double (*scen_range)[2];                 /* lo, hi */
  unsigned char *scen_identity; /* every map x → x, the range [0, ∞] */
  /* The add-up (batch_add.c, add_pass): per scenario s a slot of nv + 1
   * (at most CRQ_MAX_VARIANTS + 1) doubles from sum[s·(nv + 1)], its loss
   * per variant in the trial it was last seen in, then that trial's number
   * (its bits; of this batch or of an earlier one); per variant and trial
   * of the batch its AEP and OEP (when the store does not keep them),
   * year_aep[v·CRQ_BATCH_TRIALS + i]; and per variant the scenarios'
   * partial sums as they were before the pass, saved[v·2ns ...]. */
  double *sum;
  double *year_aep, *year_oep;
  double *saved;
  int pick, thinning; /* whether events draw a pick, a thinning uniform */
  int simple;         /* one variant, no thinning, identity maps */
} crq_batch;

/* Whether plan is one the batch handles: only Poisson scenarios (counts
 * by table), each triggering only the plain model with a lognormal amount. */
int crq_batch_eligible(const crq_plan *plan);

/* Workspace for an eligible plan; 0, or -1 when out of memory. */
int crq_batch_init(crq_batch *b, const crq_plan *plan, uint64_t seed);
void crq_batch_free(crq_batch *b);

/* Prepares the first k ≤ n trials from t0 (n ≤ CRQ_BATCH_TRIALS) and
 * returns k ≥ 1 (fewer when the batch's events run out). */
size_t crq_batch_prepare(crq_batch *b, uint64_t t0, size_t n);

/* Adds trials t0 + i, t0 + i + 1, ... of the prepared batch: their AEP
 * and OEP per variant into store, their sums into the partial-sum block
 * part (layout L; CRQ_PARTIAL_LANES lanes of L->size doubles). Stops at the
 * first trial that is for crq_trial_run (marked for redo, or a loss or total
 * that its checks would reject) and returns its index, b->n when every trial
 * was added. The store's entries of that trial and of later ones may then hold
 * partial figures: they are written again when those trials are added. */
size_t crq_batch_add(crq_batch *b, size_t i, crq_store *store, double *part,
                     const crq_partial_layout *L);

/* Trial t0 + i of the prepared batch into w, exactly as crq_trial_run
 * simulates it (the same numbers and, through trial.h's functions, the
 * same arithmetic): every figure of the year, per category and scenario
 * too, for re-simulations that need them (the contributions of a
 * streaming result). 0 when the year is for crq_trial_run instead (marked
 * for redo, or a loss or total that its checks reject); w is then to be
 * ignored. */
int crq_batch_outcome(const crq_batch *b, size_t i, crq_trial *w);

#endif
