/* engine/sim/stream.h — where a run puts each trial's annual losses.
 *
 * Exact mode keeps every trial's AEP and OEP per variant (8 bytes each, in
 * trial order) for exact order statistics. Streaming mode, for runs that
 * would not fit in memory, keeps log-bucket histograms instead (hist.h):
 * per variant and basis one of all trials and one per batch of contiguous
 * trials (the batch means of the TVaR's standard error), and the exact
 * largest value. Each thread fills its own crq_stream; they merge by
 * adding counts, so any split of the trials gives the same result.
 *
 * Batches: CRQ_BATCHES runs of contiguous trials, batch i starting at
 * trial ⌈i·n/batches⌉ (with fewer trials than batches, one per trial).
 */
#ifndef CRQ_STREAM_H
#define CRQ_STREAM_H

#include <stdint.h>

#include "compile/plan.h"
#include "sim/band.h"
#include "sim/comm.h"
#include "sim/hist.h"

#define CRQ_BATCHES 32

/* The number of batches of n trials. */
static inline int crq_batch_count(uint64_t n) {
  return n < CRQ_BATCHES ? (int)n : CRQ_BATCHES;
}

/* The first trial of batch i of n trials in nb batches: ⌈i·n/nb⌉. */
static inline uint64_t crq_batch_start(uint64_t n, int nb, int i) {
  return (uint64_t)(((unsigned __int128)(unsigned)i * n + (unsigned)nb - 1) /
                    (unsigned)nb);
}

typedef struct crq_stream {
  int n_variants;
  crq_hist all[CRQ_MAX_VARIANTS][2];
  crq_hist batch[CRQ_MAX_VARIANTS][2][CRQ_BATCHES];
  double max[CRQ_MAX_VARIANTS][2];
} crq_stream;

/* An empty set of histograms (allocated: the struct is large). NULL when
 * out of memory. */
crq_stream *crq_stream_new(int n_variants);
void crq_stream_free(crq_stream *s);
/* Adds from into s. 0, or -1 when out of memory (either ran out). */
int crq_stream_merge(crq_stream *s, const crq_stream *from);
/* Makes every process's s the sum of all processes' (collective). 0, or
 * -1 when out of memory anywhere. */
int crq_stream_allreduce(crq_stream *s, const crq_comm *comm);

/* Where a thread stores each trial's losses: the run's arrays (exact mode),
 * its crq_stream, with the batch of the current trial (trials come in
 * increasing order within a chunk; crq_store_seek at each chunk), or its
 * band tallies of the annual losses (band.h). */
typedef struct crq_store {
  double **aep, **oep; /* exact mode: [variant][trial − base]; oep NULL:
                        * not kept (annual_only) */
  uint64_t base;
  crq_stream *stream;       /* streaming mode */
  const crq_band_set *band; /* band mode: per variant, */
  crq_band_tally *tally;    /* and this thread's tallies */
  uint64_t trials;
  int n_batches, batch;
  uint64_t batch_end;
} crq_store;

/* Positions s at trial t (its batch). */
void crq_store_seek(crq_store *s, uint64_t t);

/* Adds trial t's losses to the histograms (streaming mode). */
void crq_store_stream(crq_store *s, uint64_t t, int nv, const double *aep,
                      const double *oep);

/* Whether s keeps every trial's losses in the run's arrays. */
static inline int crq_store_exact(const crq_store *s) {
  return s->stream == NULL && s->tally == NULL;
}

/* Stores trials t .. t + n − 1 of nv variants, variant v's AEP and OEP
 * at aep[v][0..n) and oep[v][0..n), in the histograms or the tallies (not
 * in exact mode, whose callers write the arrays in place). */
void crq_store_years(crq_store *s, uint64_t t, size_t n, int nv,
                     double *const *aep, double *const *oep);

/* Stores trial t's AEP and OEP of nv variants. */
static inline __attribute__((always_inline)) void
crq_store_trial(crq_store *s, uint64_t t, int nv, const double *aep,
                const double *oep) {
  if (s->stream) {
    crq_store_stream(s, t, nv, aep, oep);
    return;
  }
  if (s->tally) {
    for (int v = 0; v < nv; v++)
      crq_band_add(&s->tally[v], &s->band[v], &aep[v], 1);
    return;
  }
  for (int v = 0; v < nv; v++) {
    s->aep[v][t - s->base] = aep[v];
    if (s->oep)
      s->oep[v][t - s->base] = oep[v];
  }
}

/* Exact mode: where trial t's AEP (q = 0) or OEP (q = 1) of variant v is
 * kept, for a caller that adds years up in place; NULL in streaming and
 * band mode and for an OEP not kept. */
static inline double *crq_store_row(const crq_store *s, int v, int q,
                                    uint64_t t) {
  double **kept = q ? s->oep : s->aep;
  return !crq_store_exact(s) || !kept ? NULL : kept[v] + (t - s->base);
}

#endif
