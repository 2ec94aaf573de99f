/* tests/unit/test_stats_runs.c — bucketed runs against qsort: each run a
 * stable rearrangement into ascending buckets (zeros, -0, negatives,
 * duplicates, huge and tiny values, clusters), the same for any number of
 * threads; order statistics of all runs and of one batch, counts above
 * any amount and the position of the values above a key exactly as a
 * sorted copy gives them; and after the queries, every bucket they sorted
 * ascending with its ties in trial order, every value still beside its
 * trial. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/runs.h"
#include "stats/select.h"
#include "test_stats_values.h"

typedef struct item {
  uint64_t key;
  uint32_t pos;
} item;

static int cmp_item(const void *pa, const void *pb) {
  const item *a = pa, *b = pb;
  if (a->key != b->key)
    return a->key < b->key ? -1 : 1;
  return a->pos < b->pos ? -1 : (a->pos > b->pos);
}

/* n values in nr runs of about equal size, bucketed on `threads`. */
typedef struct fixture {
  size_t n;
  int nr;
  double *orig, *x;
  uint32_t *trial, *offset;
  uint64_t *sorted;
  size_t start[CRQ_RUNS_MAX + 1];
  int batch[CRQ_RUNS_MAX];
  crq_runs runs;
} fixture;

static void build(fixture *f, size_t n, int nr, int threads, uint64_t seed,
                  double (*value)(uint64_t *)) {
  f->n = n;
  f->nr = nr;
  f->orig = malloc(n * sizeof *f->orig + 1);
  f->x = malloc(n * sizeof *f->x + 1);
  f->trial = malloc(n * sizeof *f->trial + 1);
  for (size_t i = 0; i < n; i++)
    f->x[i] = f->orig[i] = value(&seed);
  size_t longest = 0;
  for (int i = 0; i <= nr; i++)
    f->start[i] = n * (size_t)i / (size_t)nr;
  for (int i = 0; i < nr; i++) {
    f->batch[i] = i;
    if (f->start[i + 1] - f->start[i] > longest)
      longest = f->start[i + 1] - f->start[i];
  }
  int shift = crq_runs_shift(longest);
  f->offset = malloc(crq_runs_offsets(nr, shift) * sizeof *f->offset);
  void *scratch = malloc(crq_runs_scratch_size(f->start, nr, shift, threads));
  crq_runs_bucket(f->x, f->trial, 1000, f->start, nr, shift, f->offset, scratch,
                  threads);
  free(scratch);
  f->sorted = calloc(crq_runs_sorted_words(nr, shift), sizeof *f->sorted);
  f->runs = (crq_runs){f->x, f->trial, f->start,  f->batch,
                       nr,   shift,    f->offset, f->sorted};
}

static void release(fixture *f) {
  free(f->orig);
  free(f->x);
  free(f->trial);
  free(f->offset);
  free(f->sorted);
}

/* The values of runs [r0, r1) by key, then position. */
static item *sorted_of(const fixture *f, int r0, int r1, size_t *n) {
  size_t a = f->start[r0], b = f->start[r1];
  item *it = malloc((b - a) * sizeof *it + 1);
  for (size_t i = a; i < b; i++)
    it[i - a] = (item){crq_key_of(f->orig[i]), (uint32_t)i};
  qsort(it, b - a, sizeof *it, cmp_item);
  *n = b - a;
  return it;
}

/* Each run: ascending buckets, each holding its keys in trial order (or,
 * once sorted, ascending and its ties in trial order), the trial of each
 * value right. */
static void check_arrangement(const fixture *f) {
  size_t nb = (size_t)1 << (64 - f->runs.shift);
  for (int i = 0; i < f->nr; i++) {
    const uint32_t *o = f->offset + (size_t)i * (nb + 1);
    cr_assert_eq(o[nb], f->start[i + 1] - f->start[i]);
    for (size_t d = 0; d < nb; d++) {
      size_t bit = (size_t)i * nb + d;
      int sorted = (int)(f->sorted[bit / 64] >> (bit % 64) & 1);
      cr_assert_leq(o[d], o[d + 1]);
      for (size_t j = f->start[i] + o[d]; j < f->start[i] + o[d + 1]; j++) {
        uint64_t key = crq_key_of(f->x[j]);
        cr_assert_eq(key >> f->runs.shift, d);
        uint32_t t = f->trial[j] - 1000;
        cr_assert(t >= f->start[i] && t < f->start[i + 1]);
        cr_assert(memcmp(&f->x[j], &f->orig[t], sizeof f->x[j]) == 0);
        if (j == f->start[i] + o[d])
          continue;
        uint64_t before = crq_key_of(f->x[j - 1]);
        if (sorted)
          cr_assert_leq(before, key, "sorted bucket");
        if (!sorted || before == key)
          cr_assert_lt(f->trial[j - 1], f->trial[j], "stable");
      }
    }
  }
}

static void check_queries(fixture *f) {
  size_t n;
  item *all = sorted_of(f, 0, f->nr, &n);
  /* order statistics of every run: a spread of ranks, and the ends */
  for (size_t step = n / 37 + 1, k = 1; k <= n; k += step) {
    uint64_t ks[3] = {k, n, 1 + (k * 7) % n};
    double out[3];
    crq_runs_select(&f->runs, NULL, 3, ks, NULL, out);
    for (int j = 0; j < 3; j++)
      cr_assert_eq(crq_key_of(out[j]), all[ks[j] - 1].key, "rank %llu of %zu",
                   (unsigned long long)ks[j], n);
  }
  /* of one batch */
  int last = f->nr - 1;
  size_t nl;
  item *one = sorted_of(f, last, f->nr, &nl);
  for (size_t k = 1; k <= nl; k += nl / 11 + 1) {
    uint64_t kk = k;
    int b = last;
    double out;
    crq_runs_select(&f->runs, NULL, 1, &kk, &b, &out);
    cr_assert_eq(crq_key_of(out), one[k - 1].key);
  }
  /* counts above, and where the values above a key start, at the values
   * and beside */
  static const double extra[] = {-0.0, 0.0, -1.0, 1e308, INFINITY, -INFINITY};
  for (size_t q = 0; q < n + 6; q += n / 23 + 1) {
    double amount = q < n ? crq_double_of(all[q].key) : extra[q - n];
    uint64_t above = 0, key = crq_key_of(amount);
    for (size_t i = 0; i < n; i++)
      above += f->orig[i] > amount;
    cr_assert_eq(crq_runs_count_above(&f->runs, amount), above, "%g", amount);
    for (int i = 0; i < f->nr; i++) {
      size_t at, len = f->start[i + 1] - f->start[i];
      cr_assert_eq(crq_runs_upper(&f->runs, i, key, &at), 0);
      for (size_t j = 0; j < len; j++)
        cr_assert_eq(crq_key_of(f->x[f->start[i] + j]) > key, j >= at,
                     "run %d position %zu of %zu, upper %zu", i, j, len, at);
    }
  }
  free(all);
  free(one);
}

static void check(size_t n, int nr, uint64_t seed,
                  double (*value)(uint64_t *)) {
  fixture f;
  build(&f, n, nr, 1, seed, value);
  check_arrangement(&f);
  for (int threads = 2; threads <= 3; threads++) {
    fixture g;
    build(&g, n, nr, threads, seed, value);
    cr_assert(memcmp(g.x, f.x, n * sizeof *f.x) == 0);
    cr_assert(memcmp(g.trial, f.trial, n * sizeof *f.trial) == 0);
    release(&g);
  }
  check_queries(&f);
  check_arrangement(&f); /* with the buckets the queries sorted */
  release(&f);
}

Test(stats_runs, small_runs_match_qsort) {
  for (size_t n = 1; n < 40; n++)
    check(n, n < 4 ? 1 : 4, 1000 + n, tv_random_value);
  check(3000, 32, 6, tv_clustered_value);
  check(5000, 1, 9, tv_random_value);
}

Test(stats_runs, large_runs_match_qsort) {
  check(200003, 32, 7, tv_random_value);
  check(300001, 3, 5, tv_clustered_value); /* 16-bit buckets, one of them big */
}

/* All values equal: one bucket, trial order; a select returns it. */
Test(stats_runs, constant_values) {
  double *x = malloc(70000 * sizeof *x);
  uint32_t *trial = malloc(70000 * sizeof *trial);
  for (size_t i = 0; i < 70000; i++)
    x[i] = 5.0;
  size_t start[2] = {0, 70000};
  int batch[1] = {0}, shift = crq_runs_shift(70000);
  uint32_t *off = malloc(crq_runs_offsets(1, shift) * sizeof *off);
  uint64_t *sorted = calloc(crq_runs_sorted_words(1, shift), sizeof *sorted);
  void *scratch = malloc(crq_runs_scratch_size(start, 1, shift, 2));
  crq_runs_bucket(x, trial, 0, start, 1, shift, off, scratch, 2);
  free(scratch);
  for (size_t i = 0; i < 70000; i++)
    cr_assert_eq(trial[i], i);
  crq_runs runs = {x, trial, start, batch, 1, shift, off, sorted};
  uint64_t k = 12345;
  double out;
  crq_runs_select(&runs, NULL, 1, &k, NULL, &out);
  cr_assert_eq(out, 5.0);
  cr_assert_eq(crq_runs_count_above(&runs, 5.0), 0);
  cr_assert_eq(crq_runs_count_above(&runs, 4.0), 70000);
  for (size_t i = 0; i < 70000; i++) /* the bucket sorted: ties stay */
    cr_assert_eq(trial[i], i);
  free(x);
  free(trial);
  free(off);
  free(sorted);
}
