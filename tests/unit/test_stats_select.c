/* tests/unit/test_stats_select.c — the two ways to an order statistic give
 * the same exact element: selection on losses in trial order
 * (stats/select.c) and the batch-sorted runs (stats/runs.c), against a
 * full qsort; with heavy ties (years without a loss), negative zeros and
 * sizes around the selection's thresholds. And exact sums do not depend
 * on the order of the additions. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/exact_sum.h"
#include "stats/result_impl.h"
#include "stats/select.h"

static int sel_cmp(const void *a, const void *b) {
  uint64_t x = crq_key_of(*(const double *)a),
           y = crq_key_of(*(const double *)b);
  return (x > y) - (x < y);
}

/* n pseudo-random losses: a fraction `zeros` of exact zeros, the rest
 * lognormal-like, with repeats. */
static double *sel_losses(size_t n, double zeros, unsigned seed) {
  double *x = malloc(n * sizeof *x);
  cr_assert_not_null(x);
  uint64_t s = seed * 0x9e3779b97f4a7c15u + 1;
  for (size_t i = 0; i < n; i++) {
    s = s * 6364136223846793005u + 1442695040888963407u;
    double u = (double)(s >> 11) * 0x1p-53;
    x[i] = u < zeros ? 0.0 : floor(exp(10 + 3 * (u - zeros)) * 4) / 4;
  }
  return x;
}

static void sel_check(size_t n, double zeros, unsigned seed, int threads) {
  double *x = sel_losses(n, zeros, seed), *ref = malloc(n * sizeof *ref);
  memcpy(ref, x, n * sizeof *x);
  qsort(ref, n, sizeof *ref, sel_cmp);
  uint64_t ranks[5] = {1, (n + 1) / 2, n - n / 100, n - n / 1000, n};
  double out[5];
  uint64_t largest = 0;
  int rc = crq_select(x, n, ranks, 5, out, threads, &largest);
  cr_assert_eq(rc, 0, "n %zu zeros %g", n, zeros);
  cr_assert_eq(crq_double_of(largest), ref[n - 1]);
  for (int i = 0; i < 5; i++)
    cr_assert_eq(out[i], ref[ranks[i] - 1], "n %zu rank %llu", n,
                 (unsigned long long)ranks[i]);
  /* The same through a result: selection first, then the sorted runs. */
  double *values[CRQ_MAX_VARIANTS][2] = {{x, NULL}};
  values[0][1] = malloc(n * sizeof(double));
  memcpy(values[0][1], x, n * sizeof *x);
  crq_result *r = crq_result_of_values(NULL, 1, n, threads, values, NULL, 0, n);
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < 5; i++) {
      double p = (double)ranks[i] / (double)n;
      crq_estimate q = crq_result_quantile(r, 0, CRQ_AEP, p);
      cr_assert_eq(q.value, ref[crq_quantile_rank(n, p) - 1]);
      size_t above = 0;
      for (size_t j = 0; j < n; j++)
        above += ref[j] > q.value;
      cr_assert_eq(crq_result_exceedance(r, 0, CRQ_AEP, q.value).value,
                   (double)above / (double)n);
    }
    cr_assert_eq(crq_result_max_simulated(r, 0, CRQ_AEP), ref[n - 1]);
    if (round == 0) /* a TVaR sorts the losses: the rest reads the runs */
      crq_result_tvar(r, 0, CRQ_AEP, 0.9);
  }
  cr_assert(r->bucketed[0][CRQ_AEP]);
  crq_result_free(r);
  free(ref);
}

Test(stats_select, selection_and_runs_match_a_full_sort) {
  sel_check(1000, 0.3, 1, 1);        /* small: sorted outright */
  sel_check(200003, 0.0, 2, 2);      /* sampled bounds */
  sel_check(200003, 0.9, 3, 1);      /* 90% zeros: ties at a bound */
  sel_check(100000, 0.999995, 4, 2); /* almost all zeros */
}

/* One or two ranks (their bounds from a sample searched by FIND, not
 * sorted) of x[0..n) against qsort's: the selection must succeed, not
 * fall back to sorting, and find the largest value too. */
static void sel_few(double *x, size_t n, int threads) {
  double *ref = malloc(n * sizeof *ref);
  cr_assert_not_null(ref);
  memcpy(ref, x, n * sizeof *x);
  qsort(ref, n, sizeof *ref, sel_cmp);
  const uint64_t sets[2][2] = {{(n + 1) / 2, 0}, {n / 10, n - n / 1000}};
  for (int k = 0; k < 2; k++) {
    int m = k + 1;
    double out[2];
    uint64_t largest = 0;
    cr_assert_eq(crq_select(x, n, sets[k], m, out, threads, &largest), 0,
                 "n %zu, %d rank(s)", n, m);
    cr_assert_eq(crq_double_of(largest), ref[n - 1], "n %zu", n);
    for (int i = 0; i < m; i++)
      cr_assert_eq(out[i], ref[sets[k][i] - 1], "n %zu rank %llu", n,
                   (unsigned long long)sets[k][i]);
  }
  free(ref);
}

Test(stats_select, one_or_two_ranks_and_the_largest_anywhere) {
  const double zeros[3] = {0.0, 0.9, 0.999995};
  for (int i = 0; i < 3; i++) {
    double *x = sel_losses(200003, zeros[i], 10 + (unsigned)i);
    sel_few(x, 200003, 1);
    free(x);
  }
  double *x = sel_losses(200003, 0.0, 13); /* three values, heavy ties */
  for (size_t i = 0; i < 200003; i++)
    x[i] = (double)(1 + (size_t)x[i] % 3);
  sel_few(x, 200003, 2);
  free(x);
  /* Big enough for two threads; the largest value first, last (the
   * scalar tail of the vector pass), in the middle of the last vector and
   * at the end of the first block. */
  const size_t n = 600001, at[4] = {0, n - 1, n - 3, 1023};
  for (int i = 0; i < 4; i++) {
    x = sel_losses(n, 0.3, 20 + (unsigned)i);
    x[at[i]] = 1e300;
    sel_few(x, n, 2);
    free(x);
  }
}

/* A result of x for both bases (copies). */
static crq_result *sel_result(const double *x, size_t n) {
  double *values[CRQ_MAX_VARIANTS][2] = {{NULL}};
  for (int b = 0; b < 2; b++) {
    values[0][b] = malloc(n * sizeof(double));
    memcpy(values[0][b], x, n * sizeof *x);
  }
  return crq_result_of_values(NULL, 1, n, 2, values, NULL, 0, n);
}

/* crq_result_sort sorts up front and changes no figure. */
Test(stats_select, sorting_first_gives_the_same_figures) {
  const size_t n = 200003;
  double *x = sel_losses(n, 0.3, 11);
  crq_result *lazy = sel_result(x, n), *sorted = sel_result(x, n);
  cr_assert_eq(crq_result_sort(sorted), CRQ_OK);
  cr_assert(sorted->bucketed[0][CRQ_AEP] && sorted->bucketed[0][CRQ_OEP]);
  cr_assert(!lazy->bucketed[0][CRQ_AEP]);
  static const double ps[] = {0.5, 0.9, 0.99, 0.996, 0.999};
  for (int b = 0; b < 2; b++)
    for (size_t i = 0; i < sizeof ps / sizeof *ps; i++) {
      crq_estimate a = crq_result_quantile(lazy, 0, (crq_basis)b, ps[i]);
      crq_estimate c = crq_result_quantile(sorted, 0, (crq_basis)b, ps[i]);
      cr_assert(a.value == c.value && a.lo == c.lo && a.hi == c.hi);
      cr_assert_eq(
          crq_result_exceedance(lazy, 0, (crq_basis)b, a.value).value,
          crq_result_exceedance(sorted, 0, (crq_basis)b, a.value).value);
      cr_assert_eq(crq_result_tvar(lazy, 0, (crq_basis)b, ps[i]).value,
                   crq_result_tvar(sorted, 0, (crq_basis)b, ps[i]).value);
    }
  crq_result_free(lazy);
  crq_result_free(sorted);
  free(x);
}

/* Quantiles read together are the quantiles read one by one, to the bit,
 * however many (past one pass's 16) and with invalid levels among them;
 * and the largest value the pass saw answers the maximum. */
Test(stats_select, quantiles_together_match_one_by_one) {
  const size_t n = 200003;
  double *x = sel_losses(n, 0.2, 12);
  double ps[20];
  for (int i = 0; i < 20; i++)
    ps[i] = 0.05 * i + 0.001 * (i % 3);
  ps[3] = NAN;
  ps[7] = 1.5;
  ps[19] = 1.0;
  crq_result *together = sel_result(x, n);
  crq_estimate q[20];
  crq_result_quantiles(together, 0, CRQ_AEP, ps, 20, q);
  cr_assert(!together->bucketed[0][CRQ_AEP]); /* by selection */
  double max = 0.0;
  for (size_t i = 0; i < n; i++)
    max = x[i] > max ? x[i] : max;
  cr_assert_eq(crq_double_of(together->largest[0][CRQ_AEP]), max);
  cr_assert_eq(crq_result_max_simulated(together, 0, CRQ_AEP), max);
  for (int i = 0; i < 20; i++) {
    crq_result *alone = sel_result(x, n);
    crq_estimate a = crq_result_quantile(alone, 0, CRQ_AEP, ps[i]);
    if (isnan(a.value)) {
      cr_assert(isnan(q[i].value) && isnan(q[i].lo) && isnan(q[i].hi));
    } else {
      cr_assert(a.value == q[i].value && a.lo == q[i].lo && a.hi == q[i].hi &&
                    a.se == q[i].se,
                "p %g", ps[i]);
    }
    crq_result_free(alone);
  }
  crq_result_free(together);
  free(x);
}

Test(stats_select, negative_zero_orders_before_zero) {
  double x[6] = {0.0, -0.0, 1.0, -0.0, 0.0, 2.0};
  uint64_t ranks[3] = {2, 3, 4};
  double out[3];
  cr_assert_eq(crq_select(x, 6, ranks, 3, out, 1, NULL), 0);
  cr_assert(signbit(out[0]) && !signbit(out[1]) && !signbit(out[2]));
}

Test(stats_select, exact_sums_ignore_the_order) {
  enum { N = 5000 };
  double *x = sel_losses(N, 0.1, 7);
  for (int i = 0; i < N; i += 3)
    x[i] = -x[i] * 1e-9; /* some negative, much smaller */
  crq_xsum fwd, back, halves, other;
  crq_xsum_init(&fwd);
  crq_xsum_init(&back);
  crq_xsum_init(&halves);
  crq_xsum_init(&other);
  for (int i = 0; i < N; i++)
    crq_xsum_add(&fwd, x[i]);
  for (int i = N; i-- > 0;)
    crq_xsum_add(&back, x[i]);
  for (int i = 0; i < N; i++)
    crq_xsum_add(i % 2 ? &halves : &other, x[i]);
  crq_xsum_merge(&halves, &other);
  cr_assert_eq(crq_xsum_value(&fwd), crq_xsum_value(&back));
  cr_assert_eq(crq_xsum_value(&fwd), crq_xsum_value(&halves));
  free(x);
}

Test(stats_select, exact_sums_round_once) {
  crq_xsum s;
  crq_xsum_init(&s); /* 1e100 + 1 − 1e100 is 1, not 0 */
  crq_xsum_add(&s, 1e100);
  crq_xsum_add(&s, 1.0);
  crq_xsum_add(&s, -1e100);
  cr_assert_eq(crq_xsum_value(&s), 1.0);
  crq_xsum_init(&s); /* 1 + 2^-53 is a tie: to even, 1 */
  crq_xsum_add(&s, 1.0);
  crq_xsum_add(&s, 0x1p-53);
  cr_assert_eq(crq_xsum_value(&s), 1.0);
  crq_xsum_add(&s, 0x1p-105); /* just above the tie: up */
  cr_assert_eq(crq_xsum_value(&s), 1.0 + 0x1p-52);
  crq_xsum_init(&s); /* subnormals add exactly */
  crq_xsum_add_times(&s, 0x1p-1074, 3);
  cr_assert_eq(crq_xsum_value(&s), 3 * 0x1p-1074);
  crq_xsum_init(&s);
  crq_xsum_add_times(&s, 0.1, 10); /* 10 × 0.1000000000000000055… */
  cr_assert_eq(crq_xsum_value(&s), 1.0);
  crq_xsum_add(&s, DBL_MAX);
  crq_xsum_add(&s, DBL_MAX); /* beyond the range: infinity */
  cr_assert(isinf(crq_xsum_value(&s)));
  crq_xsum_add(&s, INFINITY);
  crq_xsum_add(&s, -INFINITY); /* inf − inf */
  cr_assert(isnan(crq_xsum_value(&s)));
}

/* The array form adds every value exactly as one by one: the same limbs,
 * across flushes of the per-exponent sums (runs of one exponent with the
 * largest significand, which would overflow 64 bits unflushed), with
 * subnormals, zeros, negatives and non-finite values among them. */
Test(stats_select, exact_sum_of_an_array_is_the_sum_of_its_values) {
  enum { N = 20000 };
  double *x = malloc(N * sizeof *x);
  for (int i = 0; i < N; i++)
    x[i] = nextafter(2.0, 0.0); /* 2 − 2^-52: significand 2^53 − 1 */
  for (int i = 0; i < N; i += 7)
    x[i] = i % 2 ? 0x1p-1074 * i : 1e300 * i; /* subnormal, huge */
  x[5] = -0.0;
  x[6] = 0.0;
  x[8] = -3.5; /* negatives one by one */
  for (int pass = 0; pass < 2; pass++) {
    crq_xsum one, all;
    crq_xsum_init(&one);
    crq_xsum_init(&all);
    for (int i = 0; i < N; i++)
      crq_xsum_add(&one, x[i]);
    crq_xsum_add_array(&all, x, N);
    cr_assert(memcmp(&one, &all, sizeof one) == 0, "pass %d", pass);
    x[9] = INFINITY; /* then non-finite */
    x[10] = NAN;
  }
  crq_xsum s;
  crq_xsum_init(&s);
  crq_xsum_add_array(&s, x, 0);
  cr_assert_eq(crq_xsum_value(&s), 0.0);
  free(x);
}

/* Losses laid out against the sample (2^20 years: the sample is every
 * 32nd, select.c), each sampled year far above the others: the sample's
 * bounds miss the median and the 99.9% rank, crq_select says so (-1,
 * not a wrong value) for either rank alone and for both with the largest,
 * and a result's quantiles then come from sorting. */
Test(stats_select, bounds_that_miss_fall_back_to_sorting) {
  const size_t n = (size_t)1 << 20;
  double *x = malloc(n * sizeof *x), *ref = malloc(n * sizeof *ref);
  cr_assert(x && ref);
  for (size_t j = 0; j < n; j++)
    x[j] = j % 32 == 0 ? 1e12 + (double)j : (double)j;
  memcpy(ref, x, n * sizeof *x);
  qsort(ref, n, sizeof *ref, sel_cmp);
  const uint64_t ranks[3] = {n / 2, n - n / 1000, n};
  double out[3];
  for (int i = 0; i < 2; i++)
    cr_assert_eq(crq_select(x, n, &ranks[i], 1, out, 2, NULL), -1, "%d", i);
  cr_assert_eq(crq_select(x, n, ranks, 3, out, 2, NULL), -1);
  crq_result *r = sel_result(x, n);
  for (int i = 0; i < 3; i++) {
    double p = (double)ranks[i] / (double)n;
    cr_assert_eq(crq_result_quantile(r, 0, CRQ_AEP, p).value,
                 ref[crq_quantile_rank(n, p) - 1], "rank %llu",
                 (unsigned long long)ranks[i]);
  }
  crq_result_free(r);
  free(x);
  free(ref);
}
