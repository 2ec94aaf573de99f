/* engine/stats/runs.h — losses sorted batch by batch.
 *
 * A result's losses start in trial order. When a query needs them sorted
 * (TVaR, batch means, many quantiles, exceedance curves), each of the
 * CRQ_BATCHES batches of contiguous trials is sorted in place: the batch
 * means need each batch's own order statistics anyway, and a batch is
 * small enough to sort in cache, in parallel with the others. The run-wide
 * order statistics are then read across the sorted runs (a bisection on
 * the values' 64-bit keys, each step a binary search per run), exceedance
 * counts by a binary search per run. For the AEP the sort also records the
 * trial of each value (4 bytes a trial), for re-simulating tail years.
 */
#ifndef CRQ_RUNS_H
#define CRQ_RUNS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/comm.h"

#define CRQ_RUNS_MAX 64 /* runs are batches: CRQ_BATCHES of them at most */

/* The sorted runs of this process: in one process each batch; with MPI the
 * parts of the batches that the process's trials cover. */
typedef struct crq_runs {
  const double *x;     /* the values, each run ascending */
  const size_t *start; /* run i is x[start[i] .. start[i + 1]) */
  const int *batch;    /* the batch run i belongs to */
  int n;               /* number of runs */
} crq_runs;

/* Sorts each run of x in place (stably, in key order) on up to `threads`
 * threads; with trial != NULL, trial[i] receives base + the original index
 * of the value now at x[i] (its trial). 0, or -1 when out of memory (x
 * unchanged). */
int crq_runs_sort(double *x, uint32_t *trial, uint64_t base,
                  const size_t *start, int n, int threads);

/* out[j] = the k[j]-th smallest value (1-based) of the runs of batch
 * batch[j] (-1: of all runs), over every process of comm: a bisection on
 * the values' 64-bit keys for all m targets at once, each step one
 * collective sum of the counts. */
void crq_runs_select(const crq_runs *r, const crq_comm *comm, int m,
                     const uint64_t *k, const int *batch, double *out);

/* Index in run i of the first value whose key exceeds `key`. */
size_t crq_runs_upper(const crq_runs *r, int i, uint64_t key);

/* This process's number of values > amount (as doubles compare). */
uint64_t crq_runs_count_above(const crq_runs *r, double amount);

#endif
