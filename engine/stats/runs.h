/* engine/stats/runs.h — losses bucketed batch by batch.
 *
 * A result's losses start in trial order. When a query needs more than a
 * few order statistics (TVaR, batch means, exceedance curves,
 * contributions), each of the CRQ_BATCHES batches of contiguous trials (a
 * run) is rearranged in place by one stable counting pass on the top bits
 * of the values' 64-bit keys (select.h): bucket d of a run holds the run's
 * values whose key >> shift is d, in trial order, and the buckets ascend.
 * Nothing is sorted: every query a report makes needs, per run, only the
 * bucket offsets and a scan of the one bucket that holds its amount —
 * - the number of values ≤ a key: the values of the buckets below, and
 *   those of the key's bucket that are ≤ it;
 * - order statistics: the bucket holding the rank (a bisection on the
 *   buckets' counts), then the rank within that bucket's keys;
 * - the values above an amount (TVaR's exact sums, the tail years): the
 *   buckets above, and those above it in its bucket (the edge).
 * A full sort of 10⁷ losses took ten times the pass. Ties keep trial order
 * within a run (the pass is stable), which the tail's choice among VaR's
 * ties relies on. For the AEP the pass also records the trial of each
 * value (4 bytes a trial), for re-simulating tail years.
 */
#ifndef CRQ_RUNS_H
#define CRQ_RUNS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/comm.h"

#define CRQ_RUNS_MAX 64 /* runs are batches: CRQ_BATCHES of them at most */

/* The bucketed runs of this process: in one process each batch; with MPI
 * the parts of the batches that the process's trials cover. */
typedef struct crq_runs {
  const double *x;     /* the values, each run bucketed */
  const size_t *start; /* run i is x[start[i] .. start[i + 1]) */
  const int *batch;    /* the batch run i belongs to */
  int n;               /* number of runs */
  int shift;           /* a key's bucket is key >> shift */
  /* Run i's bucket d is x[start[i] + o[d] .. start[i] + o[d + 1]) for
   * o = offset + i·(2^(64 − shift) + 1). */
  const uint32_t *offset;
} crq_runs;

/* The shift for runs of at most `longest` values: buckets about as many as
 * the values (between 2^8 and 2^16 of them). */
int crq_runs_shift(size_t longest);

/* The offsets a bucketing with shift needs for n runs. */
size_t crq_runs_offsets(int n, int shift);

/* Buckets each run of x in place on up to `threads` threads, writing the
 * offsets (crq_runs_offsets entries); with trial != NULL, trial[i]
 * receives base + the original index of the value now at x[i] (its
 * trial). 0, or -1 when out of memory (x unchanged). */
int crq_runs_bucket(double *x, uint32_t *trial, uint64_t base,
                    const size_t *start, int n, int shift, uint32_t *offset,
                    int threads);

/* out[j] = the k[j]-th smallest value (1-based) of the runs of batch
 * batch[j] (-1: of all runs), over every process of comm: a bisection on
 * the buckets' counts, then on the keys of the bucket found, each step
 * one collective sum of the counts. */
void crq_runs_select(const crq_runs *r, const crq_comm *comm, int m,
                     const uint64_t *k, const int *batch, double *out);

/* The edge of run i for key: the absolute range [*begin, *end) of key's
 * bucket. The run's values above key are those of the edge above it and
 * every value from *end to the run's end. */
void crq_runs_edge(const crq_runs *r, int i, uint64_t key, size_t *begin,
                   size_t *end);

/* This process's number of values > amount (as doubles compare). */
uint64_t crq_runs_count_above(const crq_runs *r, double amount);

#endif
