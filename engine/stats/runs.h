/* engine/stats/runs.h — losses bucketed batch by batch, each bucket sorted
 * when a query first looks inside it.
 *
 * A result's losses start in trial order. When a query needs more than a
 * few order statistics (TVaR, batch means, exceedance curves,
 * contributions), each of the CRQ_BATCHES batches of contiguous trials (a
 * run) is rearranged in place by one stable counting pass on the top bits
 * of the values' 64-bit keys (select.h): bucket d of a run holds the run's
 * values whose key >> shift is d, in trial order, and the buckets ascend.
 * A query about an amount needs the bucket offsets and the order within
 * the one bucket that holds the amount, so that bucket alone is sorted
 * (stably, radix_sort.h), the first time a query reaches it:
 * - the number of values ≤ a key: the buckets below, and a binary search
 *   in the key's bucket (a scan, when only a count is wanted and the
 *   bucket is not sorted yet);
 * - order statistics: the bucket holding the rank (a bisection on the
 *   buckets' counts), then a bisection on the keys within it;
 * - the values above an amount (TVaR's exact sums, the tail years): those
 *   from its position in its bucket to the end of the run.
 * A report touches a small share of the buckets, so most of the sorting a
 * full sort would do is never done; a point mass (the years without a
 * loss) is one bucket, sorted once. Ties keep trial order (both passes are
 * stable), which the tail's choice among VaR's ties relies on. For the
 * AEP the trial of each value (4 bytes a trial) moves with it, for
 * re-simulating tail years.
 */
#ifndef CRQ_RUNS_H
#define CRQ_RUNS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/comm.h"

#define CRQ_RUNS_MAX 64 /* runs are batches: CRQ_BATCHES of them at most */

/* The bucketed runs of this process: in one process each batch; with MPI
 * the parts of the batches that the process's trials cover. Queries sort
 * buckets in place, so a crq_runs is used under its result's lock. */
typedef struct crq_runs {
  double *x;           /* the values, each run bucketed */
  uint32_t *trial;     /* the trial of each value (AEP), or NULL */
  const size_t *start; /* run i is x[start[i] .. start[i + 1]) */
  const int *batch;    /* the batch run i belongs to */
  int n;               /* number of runs */
  int shift;           /* a key's bucket is key >> shift */
  /* Run i's bucket d is x[start[i] + o[d] .. start[i] + o[d + 1]) for
   * o = offset + i·(2^(64 − shift) + 1). */
  const uint32_t *offset;
  uint64_t *sorted; /* bit i·2^(64 − shift) + d: that bucket is sorted */
} crq_runs;

/* The shift for runs of at most `longest` values: a bucket per 1/16 of an
 * octave for long runs (2^16 buckets), fewer for short ones (at least one
 * per octave: 2^12). */
int crq_runs_shift(size_t longest);

/* The offsets, and the 64-bit words of sorted bits, of n runs. */
size_t crq_runs_offsets(int n, int shift);
size_t crq_runs_sorted_words(int n, int shift);

/* The bytes of scratch crq_runs_bucket needs (allocated beforehand, so
 * that the processes of an MPI run can agree that all have it before any
 * rearranges its losses). */
size_t crq_runs_scratch_size(const size_t *start, int n, int shift,
                             int threads);

/* Buckets each run of x in place on up to `threads` threads, writing the
 * offsets (crq_runs_offsets entries); with trial != NULL, trial[i]
 * receives base + the original index of the value now at x[i] (its
 * trial). */
void crq_runs_bucket(double *x, uint32_t *trial, uint64_t base,
                     const size_t *start, int n, int shift, uint32_t *offset,
                     void *scratch, int threads);

/* *at = the index in run i of the first value whose key exceeds key
 * (sorting key's bucket if need be). 0, or -1 when out of memory. */
int crq_runs_upper(crq_runs *r, int i, uint64_t key, size_t *at);

/* out[j] = the k[j]-th smallest value (1-based) of the runs of batch
 * batch[j] (-1: of all runs), over every process of comm: a bisection on
 * the buckets' counts, then on the keys of the bucket found, each step
 * one collective sum of the counts (m ≤ CRQ_RUNS_MAX). NAN when out of
 * memory on any process. */
void crq_runs_select(crq_runs *r, const crq_comm *comm, int m,
                     const uint64_t *k, const int *batch, double *out);

/* This process's number of values > amount (as doubles compare): by a
 * binary search in amount's bucket when sorted, else by a scan of it (a
 * count needs no order). */
uint64_t crq_runs_count_above(crq_runs *r, double amount);

#endif
