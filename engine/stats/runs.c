/* engine/stats/runs.c — sorted runs (see runs.h). */
#include "stats/runs.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "sim/run.h"
#include "stats/radix_sort.h"
#include "stats/select.h"

int crq_runs_sort(double *x, uint32_t *trial, uint64_t base,
                  const size_t *start, int n, int threads) {
  size_t longest = 0;
  for (int i = 0; i < n; i++)
    if (start[i + 1] - start[i] > longest)
      longest = start[i + 1] - start[i];
  int failed = 0;
#pragma omp parallel num_threads(crq_threads_for(threads, start[n], 1 << 18))  \
    reduction(|                                                                \
              : failed)
  {
    double *tk = malloc((longest + 1) * sizeof *tk);
    uint32_t *tp = malloc((longest + 1) * sizeof *tp);
    uint32_t *own = trial ? NULL : malloc((longest + 1) * sizeof *own);
    failed = !tk || !tp || (!trial && !own);
#pragma omp for schedule(dynamic, 1)
    for (int i = 0; i < n; i++) {
      size_t lo = start[i], len = start[i + 1] - lo;
      uint32_t *pos = trial ? trial + lo : own;
      if (failed || crq_radix_sort(x + lo, pos, len, tk, tp, 1) != 0) {
        failed = 1;
        continue;
      }
      for (size_t j = 0; trial && j < len; j++)
        pos[j] += (uint32_t)(base + lo);
    }
    free(tk);
    free(tp);
    free(own);
  }
  return failed ? -1 : 0;
}

/* First index in [a, b) of run i whose key exceeds key. */
static size_t upper_in(const crq_runs *r, int i, uint64_t key, size_t a,
                       size_t b) {
  const double *x = r->x + r->start[i];
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (crq_key_of(x[mid]) > key)
      b = mid;
    else
      a = mid + 1;
  }
  return a;
}

size_t crq_runs_upper(const crq_runs *r, int i, uint64_t key) {
  return upper_in(r, i, key, 0, r->start[i + 1] - r->start[i]);
}

/* Bisection for each target j: the least key K with #(key ≤ K) ≥ k[j]
 * over its runs and the processes. Each (target, run) keeps a window
 * [lo, hi] that holds the run's count at the answer, so later steps search
 * ever smaller windows. Every process takes the same steps: the counts
 * that decide them are the same everywhere. */
void crq_runs_select(const crq_runs *r, const crq_comm *comm, int m,
                     const uint64_t *k, const int *batch, double *out) {
  size_t *lo = malloc(3 * (size_t)m * CRQ_RUNS_MAX * sizeof *lo + 1);
  uint64_t *a = malloc(3 * (size_t)m * sizeof *a + 1);
  if (!lo || !a) {
    for (int j = 0; j < m; j++)
      out[j] = NAN;
    free(lo);
    free(a);
    return;
  }
  size_t *hi = lo + (size_t)m * CRQ_RUNS_MAX,
         *u = hi + (size_t)m * CRQ_RUNS_MAX;
  uint64_t *b = a + m, *count = b + m;
  for (int j = 0; j < m; j++) {
    a[j] = 0;
    b[j] = UINT64_MAX;
    for (int i = 0; i < r->n; i++) {
      lo[j * CRQ_RUNS_MAX + i] = 0;
      hi[j * CRQ_RUNS_MAX + i] = r->start[i + 1] - r->start[i];
    }
  }
  for (;;) {
    int open = 0;
    for (int j = 0; j < m; j++) {
      uint64_t mid = a[j] + (b[j] - a[j]) / 2;
      count[j] = 0;
      open |= a[j] < b[j];
      for (int i = 0; i < r->n; i++) {
        size_t w = (size_t)j * CRQ_RUNS_MAX + (size_t)i;
        if (batch && batch[j] >= 0 && r->batch[i] != batch[j])
          continue;
        count[j] += u[w] = upper_in(r, i, mid, lo[w], hi[w]);
      }
    }
    if (!open)
      break;
    crq_comm_sum_u64(comm, count, (size_t)m);
    for (int j = 0; j < m; j++) {
      if (a[j] == b[j])
        continue;
      uint64_t mid = a[j] + (b[j] - a[j]) / 2;
      int enough = count[j] >= k[j];
      for (int i = 0; i < r->n; i++) {
        size_t w = (size_t)j * CRQ_RUNS_MAX + (size_t)i;
        if (!(batch && batch[j] >= 0 && r->batch[i] != batch[j]))
          *(enough ? &hi[w] : &lo[w]) = u[w];
      }
      if (enough)
        b[j] = mid;
      else
        a[j] = mid + 1;
    }
  }
  for (int j = 0; j < m; j++)
    out[j] = crq_double_of(a[j]);
  free(lo);
  free(a);
}

uint64_t crq_runs_count_above(const crq_runs *r, double amount) {
  uint64_t above = 0;
  for (int i = 0; i < r->n; i++) {
    const double *x = r->x + r->start[i];
    size_t a = 0, b = r->start[i + 1] - r->start[i], len = b;
    while (a < b) {
      size_t mid = a + (b - a) / 2;
      if (x[mid] > amount)
        b = mid;
      else
        a = mid + 1;
    }
    above += len - a;
  }
  return above;
}
