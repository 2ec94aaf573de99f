/* tests/unit/test_stats_sort.c — the radix sort against qsort: same order
 * bit for bit (zeros, -0, negatives, duplicates, huge and tiny values),
 * stable positions, and the same output for any number of threads. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/radix_sort.h"
#include "test_stats_values.h"

typedef struct item {
  double x;
  uint32_t pos;
} item;

/* Total order of the radix sort: by value, -0 before +0, then position. */
static int cmp_item(const void *pa, const void *pb) {
  const item *a = pa, *b = pb;
  if (a->x != b->x)
    return a->x < b->x ? -1 : 1;
  if (signbit(a->x) != signbit(b->x))
    return signbit(a->x) ? -1 : 1;
  return a->pos < b->pos ? -1 : (a->pos > b->pos);
}

static void check_sort_of(size_t n, int threads, uint64_t seed,
                          double (*value)(uint64_t *s)) {
  double *x = malloc(n * sizeof *x + 1), *tmp = malloc(n * sizeof *x + 1);
  uint32_t *pos = malloc(n * sizeof *pos + 1);
  uint32_t *tmp_pos = malloc(n * sizeof *pos + 1);
  item *ref = malloc(n * sizeof *ref + 1);
  for (size_t i = 0; i < n; i++) {
    x[i] = value(&seed);
    ref[i] = (item){x[i], (uint32_t)i};
  }
  qsort(ref, n, sizeof *ref, cmp_item);
  cr_assert_eq(crq_radix_sort(x, pos, n, tmp, tmp_pos, threads), 0);
  for (size_t i = 0; i < n; i++) {
    cr_assert(memcmp(&x[i], &ref[i].x, sizeof x[i]) == 0,
              "n %zu threads %d: at %zu %.17g, expected %.17g", n, threads, i,
              x[i], ref[i].x);
    cr_assert_eq(pos[i], ref[i].pos, "position at %zu", i);
  }
  free(x);
  free(tmp);
  free(pos);
  free(tmp_pos);
  free(ref);
}

static void check_sort(size_t n, int threads, uint64_t seed) {
  check_sort_of(n, threads, seed, tv_random_value);
}

Test(stats_sort, matches_qsort_small) {
  for (size_t n = 0; n < 40; n++)
    check_sort(n, 1, 1000 + n);
  /* arrays sorted as one 64-bit bucket, and the first with a top pass */
  static const size_t sizes[] = {100,  1000,  3125,  4095,  4096,
                                 5000, 31250, 65535, 65536, 70000};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
    check_sort(sizes[i], 1, 77 + i);
  check_sort_of(60000, 1, 5, tv_clustered_value);
  check_sort_of(3000, 1, 6, tv_clustered_value);
}

Test(stats_sort, matches_qsort_large_any_threads) {
  check_sort(200003, 1, 7);
  check_sort(200003, 2, 7);
  check_sort(200003, 3, 7);
}

/* Keys equal in some digits skip those passes; all equal skips all. */
Test(stats_sort, constant_and_narrow_keys) {
  size_t n = 70000;
  double *x = malloc(n * sizeof *x), *tmp = malloc(n * sizeof *x);
  uint32_t *pos = malloc(n * sizeof *pos), *tp = malloc(n * sizeof *pos);
  for (size_t i = 0; i < n; i++)
    x[i] = 5.0;
  cr_assert_eq(crq_radix_sort(x, pos, n, tmp, tp, 2), 0);
  for (size_t i = 0; i < n; i++) {
    cr_assert_eq(x[i], 5.0);
    cr_assert_eq(pos[i], i);
  }
  for (size_t i = 0; i < n; i++)
    x[i] = (double)((i * 7919) % 1000); /* differ only in low digits */
  cr_assert_eq(crq_radix_sort(x, pos, n, tmp, tp, 2), 0);
  for (size_t i = 1; i < n; i++) {
    cr_assert_leq(x[i - 1], x[i]);
    if (x[i - 1] == x[i])
      cr_assert_lt(pos[i - 1], pos[i]);
    cr_assert_eq(x[i], (double)((pos[i] * 7919) % 1000));
  }
  free(x);
  free(tmp);
  free(pos);
  free(tp);
}

/* Keys sharing their top 16 bits land in one bucket of the first pass,
 * which is then sorted by every thread together. */
Test(stats_sort, one_large_bucket) {
  size_t n = 300001;
  double *x = malloc(n * sizeof *x), *tmp = malloc(n * sizeof *x);
  uint32_t *pos = malloc(n * sizeof *pos), *tp = malloc(n * sizeof *pos);
  for (int threads = 1; threads <= 3; threads++) {
    for (size_t i = 0; i < n; i++)
      x[i] = 1.0 + (double)((i * 7919) % 100003) * 1e-7; /* in [1, 1.01) */
    cr_assert_eq(crq_radix_sort(x, pos, n, tmp, tp, threads), 0);
    for (size_t i = 1; i < n; i++) {
      cr_assert_leq(x[i - 1], x[i]);
      if (x[i - 1] == x[i])
        cr_assert_lt(pos[i - 1], pos[i]);
    }
    for (size_t i = 0; i < n; i++)
      cr_assert_eq(x[i], 1.0 + (double)((pos[i] * 7919) % 100003) * 1e-7);
  }
  free(x);
  free(tmp);
  free(pos);
  free(tp);
}
