/* engine/stats/runs.c — bucketed runs (see runs.h). */
#include "stats/runs.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run.h"
#include "stats/radix_sort.h"
#include "stats/select.h"

int crq_runs_shift(size_t longest) {
  int bits = 12;
  while (bits < 16 && ((size_t)1 << bits) < longest)
    bits++;
  return 64 - bits;
}

static size_t bucket_count(int shift) {
  return (size_t)1 << (64 - shift);
}

size_t crq_runs_offsets(int n, int shift) {
  return (size_t)n * (bucket_count(shift) + 1);
}

size_t crq_runs_sorted_words(int n, int shift) {
  return ((size_t)n * bucket_count(shift) + 63) / 64;
}

/* Run i's bucket offsets. */
static const uint32_t *offsets_of(const crq_runs *r, int i) {
  return r->offset + (size_t)i * (bucket_count(r->shift) + 1);
}

/* Buckets x[0..len) through the scratch tk: off receives the bucket
 * offsets, trial (when not NULL) each value's first + original index. */
static void bucket_run(double *x, uint32_t *trial, uint32_t first, size_t len,
                       int shift, uint32_t *off, uint32_t *at, double *tk) {
  size_t nb = bucket_count(shift), j = 0;
  /* Two counts per bucket, for even and odd j: a long run of one bucket
   * (years without a loss) makes two chains of increments, not one. */
  memset(off, 0, (nb + 1) * sizeof *off);
  memset(at, 0, (nb + 1) * sizeof *at);
  for (; j + 1 < len; j += 2) {
    off[crq_key_of(x[j]) >> shift]++;
    at[crq_key_of(x[j + 1]) >> shift]++;
  }
  for (; j < len; j++)
    off[crq_key_of(x[j]) >> shift]++;
  uint32_t sum = 0;
  for (size_t d = 0; d <= nb; d++) {
    uint32_t c = off[d] + at[d];
    off[d] = at[d] = sum;
    sum += c;
  }
  for (j = 0; j < len; j++) {
    uint32_t to = at[crq_key_of(x[j]) >> shift]++;
    tk[to] = x[j];
    if (trial)
      trial[to] = first + (uint32_t)j;
  }
  memcpy(x, tk, len * sizeof *x);
}

/* The threads worth bucketing n runs on, and each one's scratch: the
 * longest run's values and a cursor per bucket. */
static int bucket_threads(const size_t *start, int n, int threads) {
  return crq_threads_for(threads, start[n], 1 << 18);
}

static size_t scratch_per_thread(const size_t *start, int n, int shift,
                                 size_t *longest) {
  *longest = 0;
  for (int i = 0; i < n; i++)
    if (start[i + 1] - start[i] > *longest)
      *longest = start[i + 1] - start[i];
  size_t bytes = (*longest + 1) * sizeof(double) +
                 (bucket_count(shift) + 1) * sizeof(uint32_t);
  /* rounded up, so the next thread's values start aligned for a double
   * (the cursors' count is odd) */
  return (bytes + sizeof(double) - 1) / sizeof(double) * sizeof(double);
}

size_t crq_runs_scratch_size(const size_t *start, int n, int shift,
                             int threads) {
  size_t longest;
  return (size_t)bucket_threads(start, n, threads) *
         scratch_per_thread(start, n, shift, &longest);
}

void crq_runs_bucket(double *x, uint32_t *trial, uint64_t base,
                     const size_t *start, int n, int shift, uint32_t *offset,
                     void *scratch, int threads) {
  size_t longest, nb = bucket_count(shift);
  size_t each = scratch_per_thread(start, n, shift, &longest);
#pragma omp parallel num_threads(bucket_threads(start, n, threads))
  {
    char *mine = (char *)scratch + (size_t)omp_get_thread_num() * each;
    double *tk = (double *)(void *)mine;
    uint32_t *at = (uint32_t *)(void *)(mine + (longest + 1) * sizeof *tk);
#pragma omp for schedule(dynamic, 1)
    for (int i = 0; i < n; i++)
      bucket_run(x + start[i], trial ? trial + start[i] : NULL,
                 (uint32_t)(base + start[i]), start[i + 1] - start[i], shift,
                 offset + (size_t)i * (nb + 1), at, tk);
  }
}

/* Whether x[0..n) ascends: a point mass (every year without a loss) is
 * one bucket in trial order, which needs no sorting. */
static int ascending(const double *x, size_t n) {
  int down = 0;
  for (size_t b = 1; b < n && !down; b += 256) { /* vectorised blocks */
    size_t end = b + 256 < n ? b + 256 : n;
    for (size_t j = b; j < end; j++)
      down |= crq_key_of(x[j - 1]) > crq_key_of(x[j]);
  }
  return !down;
}

/* Whether bucket d of run i is sorted. */
static int is_sorted(const crq_runs *r, int i, size_t d) {
  size_t bit = (size_t)i * bucket_count(r->shift) + d;
  return (int)(r->sorted[bit / 64] >> (bit % 64) & 1);
}

/* Sorts bucket d of run i in place, with its trials, unless it is sorted
 * already. 0, or -1 when out of memory. */
static int sort_bucket(crq_runs *r, int i, size_t d) {
  if (is_sorted(r, i, d))
    return 0;
  const uint32_t *o = offsets_of(r, i);
  size_t a = r->start[i] + o[d], n = o[d + 1] - o[d];
  if (!ascending(r->x + a, n)) {
    double *tk = malloc(n * sizeof *tk);
    uint32_t *pos = malloc(n * sizeof *pos), *tp = malloc(n * sizeof *tp);
    int ok =
        tk && pos && tp && crq_radix_sort(r->x + a, pos, n, tk, tp, 1) == 0;
    for (size_t j = 0; ok && r->trial && j < n; j++)
      tp[j] = r->trial[a + pos[j]];
    if (ok && r->trial)
      memcpy(r->trial + a, tp, n * sizeof *tp);
    free(tk);
    free(pos);
    free(tp);
    if (!ok)
      return -1;
  }
  size_t bit = (size_t)i * bucket_count(r->shift) + d;
  r->sorted[bit / 64] |= UINT64_C(1) << (bit % 64);
  return 0;
}

/* The index in run i of the first value whose key exceeds key, bucket d
 * (key's) being sorted. */
static size_t upper_in_bucket(const crq_runs *r, int i, size_t d,
                              uint64_t key) {
  const uint32_t *o = offsets_of(r, i);
  const double *x = r->x + r->start[i];
  size_t a = o[d], b = o[d + 1];
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (crq_key_of(x[mid]) > key)
      b = mid;
    else
      a = mid + 1;
  }
  return a;
}

int crq_runs_upper(crq_runs *r, int i, uint64_t key, size_t *at) {
  size_t d = (size_t)(key >> r->shift);
  if (sort_bucket(r, i, d) != 0)
    return -1;
  *at = upper_in_bucket(r, i, d, key);
  return 0;
}

uint64_t crq_runs_count_above(crq_runs *r, double amount) {
  uint64_t key = crq_key_of(amount + 0.0), above = 0; /* -0 compares as +0 */
  size_t d = (size_t)(key >> r->shift);
  for (int i = 0; i < r->n; i++) {
    const uint32_t *o = offsets_of(r, i);
    const double *x = r->x + r->start[i];
    size_t len = r->start[i + 1] - r->start[i], at = o[d + 1];
    if (is_sorted(r, i, d)) {
      at = upper_in_bucket(r, i, d, key);
    } else { /* a count needs no order: a scan, cheaper than a sort */
      for (size_t j = o[d]; j < o[d + 1]; j++)
        at -= crq_key_of(x[j]) > key;
    }
    above += len - at;
  }
  return above;
}

/* The runs of target j: all, or those of batch[j]. */
static int in_target(const crq_runs *r, const int *batch, int j, int i) {
  return !(batch && batch[j] >= 0 && r->batch[i] != batch[j]);
}

/* Target j's count at v: this process's number of values in buckets up to
 * v (keys: 0), or with keys up to v, v being in bucket d[j] (keys: 1,
 * the runs' buckets d[j] sorted). */
static uint64_t count_at(const crq_runs *r, const int *batch, int j, uint64_t v,
                         int keys, const uint64_t *d) {
  uint64_t c = 0;
  for (int i = 0; i < r->n; i++)
    if (in_target(r, batch, j, i))
      c += keys ? upper_in_bucket(r, i, (size_t)d[j], v)
                : offsets_of(r, i)[v + 1];
  return c;
}

/* For each target j the least v in [a[j], b[j]] at which the count over
 * the processes reaches k[j] (count: m entries of scratch). Every process
 * takes the same steps: the counts that decide them are the same
 * everywhere. */
static void bisect(const crq_runs *r, const crq_comm *comm, int m,
                   const uint64_t *k, const int *batch, int keys,
                   const uint64_t *d, uint64_t *a, uint64_t *b,
                   uint64_t *count) {
  for (;;) {
    int open = 0;
    for (int j = 0; j < m; j++) {
      uint64_t mid = a[j] + (b[j] - a[j]) / 2;
      open |= a[j] < b[j];
      count[j] = count_at(r, batch, j, mid, keys, d);
    }
    if (!open)
      return;
    crq_comm_sum_u64(comm, count, (size_t)m);
    for (int j = 0; j < m; j++) {
      uint64_t mid = a[j] + (b[j] - a[j]) / 2;
      if (a[j] == b[j])
        continue;
      if (count[j] >= k[j])
        b[j] = mid;
      else
        a[j] = mid + 1;
    }
  }
}

void crq_runs_select(crq_runs *r, const crq_comm *comm, int m,
                     const uint64_t *k, const int *batch, double *out) {
  /* scratch on the stack: no allocation that could fail on one process
   * and leave the others waiting in a collective */
  uint64_t u[4 * CRQ_RUNS_MAX], failed = 0;
  for (int j = 0; j < m; j++)
    out[j] = NAN;
  if (m > CRQ_RUNS_MAX)
    return;
  uint64_t *a = u, *b = u + m, *count = u + 2 * m, *d = u + 3 * m;
  for (int j = 0; j < m; j++) {
    a[j] = 0;
    b[j] = bucket_count(r->shift) - 1;
  }
  bisect(r, comm, m, k, batch, 0, NULL, a, b, count); /* the buckets */
  for (int j = 0; j < m; j++) {
    d[j] = a[j];
    a[j] = d[j] << r->shift;
    b[j] = a[j] | (UINT64_MAX >> (64 - r->shift));
    for (int i = 0; i < r->n; i++)
      if (in_target(r, batch, j, i))
        failed |= sort_bucket(r, i, (size_t)d[j]) != 0;
  }
  /* the second stage's steps are collective: all take them, or none */
  crq_comm_sum_u64(comm, &failed, 1);
  if (!failed) {
    bisect(r, comm, m, k, batch, 1, d, a, b, count); /* within them */
    for (int j = 0; j < m; j++)
      out[j] = crq_double_of(a[j]);
  }
}
