/* tests/unit/test_rng.c — the Philox streams and their GSL adapter.
 *
 * Checks that crq_rng is exactly Philox4x32-10 on the documented counter
 * layout (so streams are reproducible by anyone with Random123), that the
 * vector blocks (crq_rng_blocks) are the same numbers, that the GSL adapter
 * uses the disjoint counters {trial, 2^31 + trial div 2^32, stream, n},
 * and the determinism and independence properties the engine relies on.
 */
#include <Random123/philox.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "sim/rng.h"

static crq_rng rng_make(uint64_t seed) {
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, seed), 0);
  return r;
}

Test(rng, philox_known_answer) {
  /* Random123's kat_vectors: philox4x32-10, counter and key zero, and
   * counter and key all ones. */
  philox4x32_ctr_t c = {{0, 0, 0, 0}};
  philox4x32_key_t k = {{0, 0}};
  philox4x32_ctr_t out = philox4x32(c, k);
  cr_assert_eq(out.v[0], 0x6627e8d5u);
  cr_assert_eq(out.v[1], 0xe169c58du);
  cr_assert_eq(out.v[2], 0xbc57ac4cu);
  cr_assert_eq(out.v[3], 0x9b00dbd8u);
  philox4x32_ctr_t c1 = {{~0u, ~0u, ~0u, ~0u}};
  philox4x32_key_t k1 = {{~0u, ~0u}};
  out = philox4x32(c1, k1);
  cr_assert_eq(out.v[0], 0x408f276du);
  cr_assert_eq(out.v[1], 0x41c83b0eu);
  cr_assert_eq(out.v[2], 0xa20bc7c6u);
  cr_assert_eq(out.v[3], 0x6d5451fdu);
}

/* The words themselves, pinned: seed 0, trial 0, stream 0 is Random123's
 * zero known answer, x0 + 2^32·x1 and x2 + 2^32·x3. */
Test(rng, first_words_known_answer) {
  crq_rng r = rng_make(0);
  crq_rng_seek(&r, 0, 0);
  cr_assert_eq(crq_rng_u64(&r), UINT64_C(0xe169c58d6627e8d5));
  cr_assert_eq(crq_rng_u64(&r), UINT64_C(0x9b00dbd8bc57ac4c));
  crq_rng_free(&r);
}

/* Philox4x32-10 of the documented counter for (seed, trial, stream,
 * block), as the two words. */
static void rng_want(uint64_t seed, uint64_t trial, uint32_t stream,
                     uint32_t block, uint64_t w[2]) {
  philox4x32_ctr_t c = {
      {(uint32_t)trial, (uint32_t)(trial >> 32), stream, block}};
  philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
  philox4x32_ctr_t x = philox4x32(c, k);
  w[0] = x.v[0] | (uint64_t)x.v[1] << 32;
  w[1] = x.v[2] | (uint64_t)x.v[3] << 32;
}

Test(rng, words_are_philox_of_the_documented_counter) {
  const uint64_t seed = UINT64_C(0x123456789abcdef0);
  const uint64_t trial = (UINT64_C(5) << 32) + 7;
  crq_rng r = rng_make(seed);
  crq_rng_seek(&r, trial, 3);
  for (uint32_t block = 0; block < 3; block++) {
    uint64_t want[2];
    rng_want(seed, trial, 3, block, want);
    for (int i = 0; i < 2; i++)
      cr_assert_eq(crq_rng_u64(&r), want[i], "block %d word %d", (int)block, i);
  }
  crq_rng_seek(&r, trial, 3);
  uint64_t want[2];
  rng_want(seed, trial, 3, 0, want);
  cr_assert_eq(crq_rng_uniform(&r), (double)(want[0] >> 11) * 0x1p-53);
  crq_rng_free(&r);
}

/* Every length from 0 to 100 (the vector loop's 32s and 8s and the scalar
 * rest), counters that differ in every number. */
Test(rng, vector_blocks_equal_the_scalar_blocks) {
  enum { N = 100 };
  uint64_t trial[N], w0[N + 1], w1[N + 1];
  uint32_t stream[N];
  for (size_t i = 0; i < N; i++) {
    trial[i] = (i * UINT64_C(0x9e3779b97f4a7c15)) >> 3;
    stream[i] = (uint32_t)(i * 2654435761u);
  }
  for (size_t n = 0; n <= N; n++) {
    w0[n] = w1[n] = 42; /* nothing written past n */
    crq_rng_blocks(UINT64_C(0xfedcba9876543210), trial, stream, 9, w0, w1, n);
    for (size_t i = 0; i < n; i++) {
      uint64_t want[2];
      rng_want(UINT64_C(0xfedcba9876543210), trial[i], stream[i], 9, want);
      cr_assert_eq(w0[i], want[0], "n %zu lane %zu", n, i);
      cr_assert_eq(w1[i], want[1], "n %zu lane %zu", n, i);
    }
    cr_assert_eq(w0[n], 42);
    cr_assert_eq(w1[n], 42);
  }
}

Test(rng, gsl_adapter_uses_disjoint_counters) {
  crq_rng r = rng_make(5);
  crq_rng_seek(&r, 11, 2);
  gsl_rng *g = crq_rng_gsl(&r);
  philox4x32_key_t k = {{5, 0}};
  for (uint32_t n = 0; n < 3; n++) {
    philox4x32_ctr_t c = {{11, CRQ_RNG_GSL_BIT, 2, n}};
    philox4x32_ctr_t want = philox4x32(c, k);
    for (int i = 3; i >= 0; i--) /* the adapter hands out v[3] first */
      cr_assert_eq(gsl_rng_get(g), want.v[i], "call %d", (int)n);
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

/* A generator told its stream's blocks 0 and 1 hands out the very numbers
 * of a plain seek, words past block 1 and the GSL adapter's included, and
 * a plain seek after it forgets them. */
Test(rng, seek_with_known_blocks_is_seek) {
  crq_rng a = rng_make(9), b = rng_make(9);
  for (int i = 0; i < 3; i++) /* leave b elsewhere first */
    crq_rng_u64(&b);
  uint64_t w[4];
  crq_rng_block(9, 77, 5, 0, w);
  crq_rng_block(9, 77, 5, 1, w + 2);
  crq_rng_seek(&a, 77, 5);
  crq_rng_seek_known(&b, 77, 5, w);
  for (int i = 0; i < 9; i++)
    cr_assert_eq(crq_rng_u64(&a), crq_rng_u64(&b), "word %d", i);
  crq_rng_seek(&a, 77, 5);
  crq_rng_seek_known(&b, 77, 5, w);
  for (int i = 0; i < 9; i++)
    cr_assert_eq(gsl_rng_get(crq_rng_gsl(&a)), gsl_rng_get(crq_rng_gsl(&b)));
  crq_rng_seek_known(&b, 77, 5, w);
  crq_rng_seek(&a, 78, 5);
  crq_rng_seek(&b, 78, 5);
  for (int i = 0; i < 6; i++)
    cr_assert_eq(crq_rng_u64(&a), crq_rng_u64(&b), "word %d", i);
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
  r.buf[1] = UINT64_MAX;
  r.next = 1;
  cr_assert_eq(crq_rng_uniform(&r), 1 - 0x1p-53);
  crq_rng_free(&r);
}
