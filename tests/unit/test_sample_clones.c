/* tests/unit/test_sample_clones.c — every build of the vectorised samplers
 * gives the same bits.
 *
 * engine/sim/sample_vec.c is compiled as clones (AVX-512, AVX2, baseline)
 * and this CPU runs only the best it has, so the others would go
 * untested. The test suite builds the file twice more without clones, for
 * AVX2 and for the baseline, under names of their own (tests/CMakeLists.txt),
 * and here each must give, word for word, what the clone this CPU runs
 * gives (which test_sim_batch.c and test_sample_words.c check against the
 * scalar samplers). The AVX2 build runs only where the CPU has AVX2.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sample.h"

#ifdef CRQ_TEST_CLONES

typedef void lognormal_fn(const uint64_t *, const uint32_t *, const double *,
                          const double *, double *, int64_t *, size_t);
typedef void alias_fn(const crq_sampler *, const uint64_t *, const uint64_t *,
                      uint32_t *, size_t);
typedef void poisson_fn(const crq_sampler *, const uint64_t *, uint64_t *,
                        size_t);
lognormal_fn crq_lognormal_words_avx2, crq_lognormal_words_base;
alias_fn crq_alias_words_avx2, crq_alias_words_base;
poisson_fn crq_poisson_words_avx2, crq_poisson_words_base;

enum { N = 4099 }; /* not a multiple of any vector length */

/* Random words, and the ends of the range. */
static void clone_words(uint64_t *w) {
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, 5), 0);
  for (size_t i = 0; i < N; i++)
    w[i] = crq_rng_u64(&r);
  crq_rng_free(&r);
  w[0] = 0;
  w[1] = UINT64_MAX;
  w[2] = UINT64_MAX >> 11 << 11;
}

/* The three samplers of build `name` against the dispatched clone's. */
static void clone_check(const char *name, lognormal_fn *lognormal,
                        alias_fn *alias, poisson_fn *poisson) {
  static uint64_t w[N], point[22], count[N], count_want[N];
  static uint32_t which[N], pick[N], pick_want[N];
  static double mu[N], sigma[N], out[N], out_want[N];
  static int64_t redo[N], redo_want[N];
  clone_words(w);
  for (size_t i = 0; i < N; i++) {
    which[i] = (uint32_t)(N - 1 - i);
    mu[i] = i % 3 == 0 ? -691.0 : 10.0 + (double)(i % 7); /* and beyond exp's
                                                              inline range */
    sigma[i] = i % 3 == 0 ? 26.0 : 0.5 + (double)(i % 5);
  }
  crq_lognormal_words(w, which, mu, sigma, out_want, redo_want, N);
  lognormal(w, which, mu, sigma, out, redo, N);
  for (size_t i = 0; i < N; i++) {
    cr_assert_eq(redo[i] != 0, redo_want[i] != 0, "%s lognormal %zu", name, i);
    if (!redo[i])
      cr_assert(memcmp(&out[i], &out_want[i], sizeof *out) == 0,
                "%s lognormal %zu: %a, not %a", name, i, out[i], out_want[i]);
  }
  double values[11], probs[11]; /* uneven columns, one of probability 0 */
  for (int i = 0; i < 11; i++) {
    values[i] = i;
    probs[i] = i == 4 ? 0.0 : (double)(1 + i % 3) / 19.0;
  }
  crq_dist d = {.kind = CRQ_DIST_DISCRETE,
                .lo = -INFINITY,
                .hi = INFINITY,
                .n = 11,
                .values = values,
                .probs = probs};
  crq_sampler s;
  cr_assert_eq(crq_sampler_init(&s, &d), 0);
  for (size_t i = 0; i < s.n; i++) {
    point[i] = (uint64_t)i;
    point[s.n + i] = (uint64_t)s.index[i];
  }
  crq_alias_words(&s, point, w, pick_want, N);
  alias(&s, point, w, pick, N);
  cr_assert(memcmp(pick, pick_want, sizeof pick) == 0, "%s alias", name);
  crq_sampler_free(&s);
  crq_dist p = {
      .kind = CRQ_DIST_POISSON, .p = {3.25}, .lo = -INFINITY, .hi = INFINITY};
  cr_assert_eq(crq_sampler_init(&s, &p), 0);
  crq_poisson_words(&s, w, count_want, N);
  poisson(&s, w, count, N);
  cr_assert(memcmp(count, count_want, sizeof count) == 0, "%s poisson", name);
  crq_sampler_free(&s);
}

Test(sample_clones, baseline_build_gives_the_same_bits) {
  clone_check("baseline", crq_lognormal_words_base, crq_alias_words_base,
              crq_poisson_words_base);
}

Test(sample_clones, avx2_build_gives_the_same_bits) {
  if (!__builtin_cpu_supports("avx2"))
    cr_skip_test("this CPU has no AVX2");
  clone_check("AVX2", crq_lognormal_words_avx2, crq_alias_words_avx2,
              crq_poisson_words_avx2);
}

#endif
