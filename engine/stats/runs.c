/* engine/stats/runs.c — bucketed runs (see runs.h). */
#include "stats/runs.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run.h"
#include "stats/select.h"

int crq_runs_shift(size_t longest) {
  int bits = 8;
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

/* Run i's bucket offsets. */
static const uint32_t *offsets_of(const crq_runs *r, int i) {
  return r->offset + (size_t)i * (bucket_count(r->shift) + 1);
}

/* Buckets x[0..len) through the scratch tk: off receives the bucket
 * offsets, trial (when not NULL) each value's first + original index. */
static void bucket_run(double *x, uint32_t *trial, uint32_t first, size_t len,
                       int shift, uint32_t *off, uint32_t *at, double *tk) {
  size_t nb = bucket_count(shift);
  memset(off, 0, (nb + 1) * sizeof *off);
  for (size_t j = 0; j < len; j++)
    off[crq_key_of(x[j]) >> shift]++;
  uint32_t sum = 0;
  for (size_t d = 0; d <= nb; d++) {
    uint32_t c = off[d];
    off[d] = at[d] = sum;
    sum += c;
  }
  for (size_t j = 0; j < len; j++) {
    uint32_t to = at[crq_key_of(x[j]) >> shift]++;
    tk[to] = x[j];
    if (trial)
      trial[to] = first + (uint32_t)j;
  }
  memcpy(x, tk, len * sizeof *x);
}

int crq_runs_bucket(double *x, uint32_t *trial, uint64_t base,
                    const size_t *start, int n, int shift, uint32_t *offset,
                    int threads) {
  size_t longest = 0, nb = bucket_count(shift);
  for (int i = 0; i < n; i++)
    if (start[i + 1] - start[i] > longest)
      longest = start[i + 1] - start[i];
  int failed = 0;
#pragma omp parallel num_threads(crq_threads_for(threads, start[n], 1 << 18))  \
    reduction(|                                                                \
              : failed)
  {
    double *tk = malloc((longest + 1) * sizeof *tk);
    uint32_t *at = malloc((nb + 1) * sizeof *at);
    failed = !tk || !at;
#pragma omp for schedule(dynamic, 1)
    for (int i = 0; i < n; i++)
      if (!failed)
        bucket_run(x + start[i], trial ? trial + start[i] : NULL,
                   (uint32_t)(base + start[i]), start[i + 1] - start[i], shift,
                   offset + (size_t)i * (nb + 1), at, tk);
    free(tk);
    free(at);
  }
  return failed ? -1 : 0;
}

void crq_runs_edge(const crq_runs *r, int i, uint64_t key, size_t *begin,
                   size_t *end) {
  const uint32_t *o = offsets_of(r, i);
  size_t d = (size_t)(key >> r->shift);
  *begin = r->start[i] + o[d];
  *end = r->start[i] + o[d + 1];
}

/* Run i's number of values whose key is at most key. */
static size_t count_le(const crq_runs *r, int i, uint64_t key) {
  size_t begin, end, c = 0;
  crq_runs_edge(r, i, key, &begin, &end);
  for (size_t t = begin; t < end; t++)
    c += crq_key_of(r->x[t]) <= key;
  return begin - r->start[i] + c;
}

uint64_t crq_runs_count_above(const crq_runs *r, double amount) {
  uint64_t key = crq_key_of(amount + 0.0), above = 0; /* -0 compares as +0 */
  for (int i = 0; i < r->n; i++)
    above += r->start[i + 1] - r->start[i] - count_le(r, i, key);
  return above;
}

/* What a bisection counts: for target j, this process's number of values
 * at or below v (a bucket in the first stage, a key in the second). */
typedef struct selecting {
  const crq_runs *r;
  const int *batch;
  uint64_t *bucket; /* per target: the bucket holding its rank */
  uint64_t *below;  /* per target: this process's values below it */
  uint64_t **keys;  /* per target: the bucket's keys, ascending */
  size_t *n_keys;
} selecting;

static int in_target(const selecting *s, int j, int i) {
  return !(s->batch && s->batch[j] >= 0 && s->r->batch[i] != s->batch[j]);
}

/* Values in buckets up to d. */
static uint64_t count_buckets(const selecting *s, int j, uint64_t d) {
  uint64_t c = 0;
  for (int i = 0; i < s->r->n; i++)
    if (in_target(s, j, i))
      c += offsets_of(s->r, i)[d + 1];
  return c;
}

/* Values with keys up to key (key within target j's bucket). */
static uint64_t count_keys(const selecting *s, int j, uint64_t key) {
  const uint64_t *k = s->keys[j];
  size_t a = 0, b = s->n_keys[j];
  while (a < b) {
    size_t mid = a + (b - a) / 2;
    if (k[mid] > key)
      b = mid;
    else
      a = mid + 1;
  }
  return s->below[j] + a;
}

/* For each target j the least v in [a[j], b[j]] at which count reaches
 * k[j], over the processes (count holds m scratch entries). Every process
 * takes the same steps: the counts that decide them are the same
 * everywhere. */
static void bisect(const selecting *s, const crq_comm *comm, int m,
                   const uint64_t *k, uint64_t *a, uint64_t *b, int keys,
                   uint64_t *count) {
  for (;;) {
    int open = 0;
    for (int j = 0; j < m; j++) {
      uint64_t mid = a[j] + (b[j] - a[j]) / 2;
      open |= a[j] < b[j];
      count[j] = keys ? count_keys(s, j, mid) : count_buckets(s, j, mid);
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

/* Target j's bucket's keys (ascending when `sort`; the caller selects
 * among them itself otherwise) and the values below it. 0, or -1 when out
 * of memory. */
static int gather(selecting *s, int j, int sort) {
  const crq_runs *r = s->r;
  uint64_t d = s->bucket[j];
  size_t n = 0;
  s->below[j] = d == 0 ? 0 : count_buckets(s, j, d - 1);
  for (int i = 0; i < r->n; i++)
    if (in_target(s, j, i))
      n += offsets_of(r, i)[d + 1] - offsets_of(r, i)[d];
  uint64_t *k = malloc((2 * n + 1) * sizeof *k);
  if (k == NULL)
    return -1;
  size_t at = 0;
  for (int i = 0; i < r->n; i++) {
    size_t begin, end;
    if (!in_target(s, j, i))
      continue;
    crq_runs_edge(r, i, d << r->shift, &begin, &end);
    for (size_t t = begin; t < end; t++)
      k[at++] = crq_key_of(r->x[t]);
  }
  if (sort)
    crq_sort_keys(k, k + n, n);
  s->keys[j] = k;
  s->n_keys[j] = n;
  return 0;
}

/* The answers from the gathered keys, in this process alone: the rank
 * among them, by selection. */
static void pick_alone(selecting *s, int m, const uint64_t *k, double *out) {
  for (int j = 0; j < m; j++) {
    size_t at = (size_t)(k[j] - s->below[j] - 1);
    crq_nth_key(s->keys[j], s->n_keys[j], at, s->keys[j] + s->n_keys[j]);
    out[j] = crq_double_of(s->keys[j][at]);
  }
}

/* The answers over the processes: a bisection on the keys within each
 * target's bucket (scratch: a, b, count of m). */
static void pick_split(selecting *s, const crq_comm *comm, int m,
                       const uint64_t *k, uint64_t *a, uint64_t *b,
                       uint64_t *count, double *out) {
  for (int j = 0; j < m; j++) {
    a[j] = s->bucket[j] << s->r->shift;
    b[j] = a[j] | (UINT64_MAX >> (64 - s->r->shift));
  }
  bisect(s, comm, m, k, a, b, 1, count);
  for (int j = 0; j < m; j++)
    out[j] = crq_double_of(a[j]);
}

void crq_runs_select(const crq_runs *r, const crq_comm *comm, int m,
                     const uint64_t *k, const int *batch, double *out) {
  uint64_t *u = calloc(5 * (size_t)m + 1, sizeof *u);
  uint64_t **keys = calloc((size_t)m + 1, sizeof *keys);
  size_t *n_keys = calloc((size_t)m + 1, sizeof *n_keys);
  uint64_t failed = !u || !keys || !n_keys;
  for (int j = 0; j < m; j++)
    out[j] = NAN;
  if (!failed) {
    uint64_t *a = u, *b = u + m, *count = u + 2 * m;
    selecting s = {r,    batch, u + 3 * (size_t)m, u + 4 * (size_t)m,
                   keys, n_keys};
    for (int j = 0; j < m; j++) {
      a[j] = 0;
      b[j] = bucket_count(r->shift) - 1;
    }
    bisect(&s, comm, m, k, a, b, 0, count);
    int split = crq_comm_split(comm);
    for (int j = 0; !failed && j < m; j++) {
      s.bucket[j] = a[j];
      failed |= gather(&s, j, split) != 0;
    }
    /* the second stage's steps are collective: all take them, or none */
    crq_comm_sum_u64(comm, &failed, 1);
    if (!failed && split)
      pick_split(&s, comm, m, k, a, b, count, out);
    else if (!failed)
      pick_alone(&s, m, k, out);
  }
  for (int j = 0; keys && j < m; j++)
    free(keys[j]);
  free(u);
  free(keys);
  free(n_keys);
}
