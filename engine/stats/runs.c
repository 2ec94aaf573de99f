/* engine/stats/runs.c — sorted runs (see runs.h). */
#include "stats/runs.h"

#include <omp.h>
#include <stdlib.h>

#include "sim/run.h"
#include "stats/radix_sort.h"
#include "stats/select.h"

int crq_runs_sort(double *x, uint32_t *trial, const size_t *start, int n,
                  int threads) {
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
        pos[j] += (uint32_t)lo;
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

/* Bisection for the least key K with #(key ≤ K) ≥ k. Each run keeps a
 * window [lo[i], hi[i]] that holds its count at the answer, so later steps
 * search ever smaller windows. */
double crq_runs_kth(const crq_runs *r, uint64_t k) {
  size_t lo[CRQ_RUNS_MAX], hi[CRQ_RUNS_MAX], u[CRQ_RUNS_MAX];
  for (int i = 0; i < r->n; i++) {
    lo[i] = 0;
    hi[i] = r->start[i + 1] - r->start[i];
  }
  uint64_t a = 0, b = UINT64_MAX;
  while (a < b) {
    uint64_t mid = a + (b - a) / 2, count = 0;
    for (int i = 0; i < r->n; i++)
      count += u[i] = upper_in(r, i, mid, lo[i], hi[i]);
    int enough = count >= k;
    for (int i = 0; i < r->n; i++)
      *(enough ? &hi[i] : &lo[i]) = u[i];
    if (enough)
      b = mid;
    else
      a = mid + 1;
  }
  return crq_double_of(a);
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
