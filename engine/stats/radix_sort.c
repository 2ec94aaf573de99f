/* engine/stats/radix_sort.c — LSD radix sort of doubles (see radix_sort.h).
 *
 * Keys live in the double arrays as their order-preserving 64-bit images
 * during the passes (read and written with memcpy, so no aliasing rules are
 * bent). A pass: every thread counts the digits of its block, one thread
 * turns the counts into write offsets in (digit, thread) order, every
 * thread scatters its block. Blocks are contiguous and visited in order,
 * which keeps the sort stable.
 */
#include "stats/radix_sort.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

enum { BITS = 11, RADIX = 1 << BITS, PASSES = 6 };
#define SIGN UINT64_C(0x8000000000000000)

static inline uint64_t load(const double *a, size_t i) {
  uint64_t u;
  memcpy(&u, &a[i], sizeof u);
  return u;
}

static inline void store(double *a, size_t i, uint64_t u) {
  memcpy(&a[i], &u, sizeof u);
}

static inline unsigned digit(uint64_t k, int pass) {
  return (unsigned)(k >> (pass * BITS)) & (RADIX - 1);
}

static inline size_t block_lo(size_t n, int t, int nt) {
  return (size_t)((uint64_t)n * (unsigned)t / (unsigned)nt); /* n < 2^32 */
}

/* Converts the doubles to keys, numbers the positions and counts every
 * pass's digits into count[PASSES][RADIX]. */
static int prepare(double *keys, uint32_t *pos, size_t n, size_t *count,
                   int threads) {
  size_t *local = calloc((size_t)threads * PASSES * RADIX, sizeof *local);
  if (local == NULL)
    return -1;
  int used = 1;
#pragma omp parallel num_threads(threads)
  {
    int t = omp_get_thread_num(), nt = omp_get_num_threads();
    size_t *h = local + (size_t)t * PASSES * RADIX;
    for (size_t i = block_lo(n, t, nt); i < block_lo(n, t + 1, nt); i++) {
      uint64_t u = load(keys, i);
      u = (u & SIGN) ? ~u : (u | SIGN);
      store(keys, i, u);
      pos[i] = (uint32_t)i;
      for (int p = 0; p < PASSES; p++)
        h[p * RADIX + digit(u, p)]++;
    }
#pragma omp single
    used = nt;
  }
  memset(count, 0, PASSES * RADIX * sizeof *count);
  for (int t = 0; t < used; t++)
    for (size_t j = 0; j < PASSES * RADIX; j++)
      count[j] += local[(size_t)t * PASSES * RADIX + j];
  free(local);
  return 0;
}

/* One stable counting pass on digit `pass` from (sk, sp) into (dk, dp).
 * hist is scratch of threads × RADIX. */
static void pass_scatter(const double *sk, const uint32_t *sp, double *dk,
                         uint32_t *dp, size_t n, int pass, size_t *hist,
                         int threads) {
#pragma omp parallel num_threads(threads)
  {
    int t = omp_get_thread_num(), nt = omp_get_num_threads();
    size_t lo = block_lo(n, t, nt), hi = block_lo(n, t + 1, nt);
    size_t *h = hist + (size_t)t * RADIX;
    memset(h, 0, RADIX * sizeof *h);
    for (size_t i = lo; i < hi; i++)
      h[digit(load(sk, i), pass)]++;
#pragma omp barrier
#pragma omp single
    {
      size_t at = 0;
      for (size_t b = 0; b < RADIX; b++)
        for (int u = 0; u < nt; u++) {
          size_t c = hist[(size_t)u * RADIX + b];
          hist[(size_t)u * RADIX + b] = at;
          at += c;
        }
    }
    for (size_t i = lo; i < hi; i++) {
      uint64_t k = load(sk, i);
      size_t to = h[digit(k, pass)]++;
      store(dk, to, k);
      dp[to] = sp[i];
    }
  }
}

/* Turns keys back into doubles. */
static void finish(double *keys, size_t n, int threads) {
#pragma omp parallel for num_threads(threads) schedule(static)
  for (size_t i = 0; i < n; i++) {
    uint64_t u = load(keys, i);
    store(keys, i, (u & SIGN) ? (u & ~SIGN) : ~u);
  }
}

int crq_radix_sort(double *keys, uint32_t *pos, size_t n, double *tmp_keys,
                   uint32_t *tmp_pos, int threads) {
  if (threads < 1 || n < ((size_t)1 << 16))
    threads = 1;
  size_t *count = malloc(PASSES * RADIX * sizeof *count);
  size_t *hist = malloc((size_t)threads * RADIX * sizeof *hist);
  if (!count || !hist || prepare(keys, pos, n, count, threads) != 0) {
    free(count);
    free(hist);
    return -1;
  }
  double *sk = keys, *dk = tmp_keys;
  uint32_t *sp = pos, *dp = tmp_pos;
  for (int p = 0; p < PASSES && n > 0; p++) {
    int trivial = 0;
    for (size_t b = 0; b < RADIX && !trivial; b++)
      trivial = count[p * RADIX + b] == n;
    if (trivial)
      continue;
    pass_scatter(sk, sp, dk, dp, n, p, hist, threads);
    double *xk = sk;
    sk = dk;
    dk = xk;
    uint32_t *xp = sp;
    sp = dp;
    dp = xp;
  }
  if (sk != keys) {
    memcpy(keys, sk, n * sizeof *keys);
    memcpy(pos, sp, n * sizeof *pos);
  }
  finish(keys, n, threads);
  free(count);
  free(hist);
  return 0;
}
