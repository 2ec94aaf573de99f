/* tests/unit/test_rng.c — the Philox streams and their GSL adapter.
 *
 * Checks that crq_rng is exactly Philox4x64-10 on the documented counter
 * layout (so streams are reproducible by anyone with Random123), that the
 * GSL adapter uses the disjoint counters {trial, stream, 0, 1 | n << 32},
 * and the determinism and independence properties the engine relies on.
 */
#include <Random123/philox.h>
#include <criterion/criterion.h>
#include <math.h>

#include "sim/rng.h"

static crq_rng rng_make(uint64_t seed) {
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, seed), 0);
  return r;
}

Test(rng, philox_known_answer) {
  /* Random123's kat_vectors: philox4x64-10, counter and key zero. */
  philox4x64_ctr_t c = {{0, 0, 0, 0}};
  philox4x64_key_t k = {{0, 0}};
  philox4x64_ctr_t out = philox4x64(c, k);
  cr_assert_eq(out.v[0], UINT64_C(0x16554d9eca36314c));
  cr_assert_eq(out.v[1], UINT64_C(0xdb20fe9d672d0fdc));
  cr_assert_eq(out.v[2], UINT64_C(0xd7e772cee186176b));
  cr_assert_eq(out.v[3], UINT64_C(0x7e68b68aec7ba23b));
}

Test(rng, words_are_philox_of_the_documented_counter) {
  crq_rng r = rng_make(42);
  crq_rng_seek(&r, 7, 3);
  philox4x64_key_t k = {{42, CRQ_RNG_TAG}};
  for (uint64_t block = 0; block < 3; block++) {
    philox4x64_ctr_t c = {{7, 3, block, 0}};
    philox4x64_ctr_t want = philox4x64(c, k);
    for (int i = 0; i < 4; i++)
      cr_assert_eq(crq_rng_u64(&r), want.v[i], "block %d word %d", (int)block,
                   i);
  }
  crq_rng_seek(&r, 7, 3);
  philox4x64_ctr_t c0 = {{7, 3, 0, 0}};
  uint64_t w = philox4x64(c0, k).v[0];
  cr_assert_eq(crq_rng_uniform(&r), (double)(w >> 11) * 0x1p-53);
  crq_rng_free(&r);
}

Test(rng, gsl_adapter_uses_disjoint_counters) {
  crq_rng r = rng_make(5);
  crq_rng_seek(&r, 11, 2);
  gsl_rng *g = crq_rng_gsl(&r);
  philox4x64_key_t k = {{5, CRQ_RNG_TAG}};
  for (uint64_t n = 0; n < 3; n++) {
    philox4x64_ctr_t c = {{11, 2, 0, 1 | n << 32}};
    philox4x64_ctr_t want = philox4x64(c, k);
    for (int i = 3; i >= 0; i--) /* the adapter hands out v[3] first */
      cr_assert_eq(gsl_rng_get(g), want.v[i] & 0xffffffff, "call %d", (int)n);
  }
  crq_rng_free(&r);
}

Test(rng, same_position_same_numbers) {
  crq_rng a = rng_make(9), b = rng_make(9);
  crq_rng_seek(&a, 1000, 4);
  for (int i = 0; i < 11; i++) /* leave b elsewhere first */
    crq_rng_u64(&b);
  crq_rng_seek(&b, 1000, 4);
  for (int i = 0; i < 50; i++)
    cr_assert_eq(crq_rng_u64(&a), crq_rng_u64(&b));
  crq_rng_seek(&a, 1000, 4);
  crq_rng_seek(&b, 1000, 4);
  for (int i = 0; i < 50; i++)
    cr_assert_eq(gsl_rng_get(crq_rng_gsl(&a)), gsl_rng_get(crq_rng_gsl(&b)));
  crq_rng_free(&a);
  crq_rng_free(&b);
}

Test(rng, gsl_draws_do_not_disturb_the_fast_path) {
  crq_rng a = rng_make(3), b = rng_make(3);
  crq_rng_seek(&a, 8, 0);
  crq_rng_seek(&b, 8, 0);
  for (int i = 0; i < 20; i++) {
    gsl_rng_get(crq_rng_gsl(&a));
    cr_assert_eq(crq_rng_u64(&a), crq_rng_u64(&b));
  }
  crq_rng_free(&a);
  crq_rng_free(&b);
}

/* The first word of (seed, trial, stream). */
static uint64_t rng_first(uint64_t seed, uint64_t trial, uint64_t stream) {
  crq_rng r = rng_make(seed);
  crq_rng_seek(&r, trial, stream);
  uint64_t w = crq_rng_u64(&r);
  crq_rng_free(&r);
  return w;
}

Test(rng, trials_streams_and_seeds_differ) {
  uint64_t base = rng_first(1, 0, 0);
  cr_assert_neq(base, rng_first(1, 1, 0));
  cr_assert_neq(base, rng_first(1, 0, 1));
  cr_assert_neq(base, rng_first(2, 0, 0));
  cr_assert_neq(rng_first(1, 1, 0), rng_first(1, 0, 1));
  cr_assert_eq(base, rng_first(1, 0, 0));
}

Test(rng, uniform_ranges_and_moments) {
  crq_rng r = rng_make(77);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; i++) {
    double u = crq_rng_uniform(&r), v = crq_rng_uniform_pos(&r);
    cr_assert(u >= 0 && u < 1);
    cr_assert(v > 0 && v < 1);
    sum += u;
    sum2 += u * u;
  }
  double mean = sum / n, var = sum2 / n - mean * mean;
  /* 5 standard errors: Var(U) = 1/12, Var(U²) = 4/45. */
  cr_assert(fabs(mean - 0.5) < 5 * sqrt(1.0 / 12 / n), "mean %g", mean);
  cr_assert(fabs(var - 1.0 / 12) < 5 * sqrt(4.0 / 45 / n), "var %g", var);
  /* (0,1) ends: the extreme values are 2^-53 and 1 − 2^-53. */
  r.buf[0] = 0;
  r.buf[1] = UINT64_MAX;
  r.next = 0;
  cr_assert_eq(crq_rng_uniform_pos(&r), 0x1p-53);
  cr_assert_eq(crq_rng_uniform_pos(&r), 1 - 0x1p-53);
  r.buf[2] = UINT64_MAX;
  r.next = 2;
  cr_assert_eq(crq_rng_uniform(&r), 1 - 0x1p-53);
  crq_rng_free(&r);
}
