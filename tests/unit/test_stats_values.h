/* tests/unit/test_stats_values.h — the awkward doubles the sort and the
 * bucketed runs are tested on: a deterministic generator, values of every
 * kind (zeros of both signs, duplicates, negatives, huge and subnormal),
 * and a cluster that differs only in low bits. */
#ifndef TEST_STATS_VALUES_H
#define TEST_STATS_VALUES_H

#include <stdint.h>

static inline uint64_t tv_lcg(uint64_t *s) {
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return *s >> 11;
}

static inline double tv_random_value(uint64_t *s) {
  switch (tv_lcg(s) % 8) {
  case 0:
    return 0.0;
  case 1:
    return -0.0;
  case 2:
    return (double)(tv_lcg(s) % 10); /* many duplicates */
  case 3:
    return -(double)tv_lcg(s) * 1e-3;
  case 4:
    return (double)tv_lcg(s) * 1e290;
  case 5:
    return (double)tv_lcg(s) * 1e-300;
  default:
    return (double)tv_lcg(s) / 8192.0;
  }
}

/* Mostly a cluster near 1 differing only in low bits (one bucket of the
 * first split, sorted by the passes on the bits below), a fifth spread
 * over large values. */
static inline double tv_clustered_value(uint64_t *s) {
  if (tv_lcg(s) % 5 == 0)
    return (double)tv_lcg(s) * 1e3;
  return 1.0 + (double)(tv_lcg(s) % (1u << 20)) * 0x1p-45;
}

#endif
