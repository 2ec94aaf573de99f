/* engine/sim/rng_vec.c — many Philox4x32-10 blocks at once.
 *
 * The batched trial loop (batch.c) knows the counters of hundreds of blocks
 * before it needs any of their words. Philox4x32's arithmetic is 32-bit
 * multiplies and exclusive-ors, which AVX-512 does on sixteen counters per
 * instruction: a round multiplies the even and the odd 32-bit lanes
 * separately (vpmuludq gives full 64-bit products), swaps halves to
 * assemble the high and low parts, and mixes with one three-way XOR. Two
 * groups of sixteen are interleaved so the multiplier's latency is
 * hidden. About 2.5 times the scalar throughput per word on the machines
 * crq is benchmarked on (docs/performance.md).
 *
 * The result is crq_rng_block's to the bit (tests/unit/test_rng.c checks
 * it against Random123); CPUs without AVX-512, other compilers and
 * sanitizer builds take the scalar loop.
 */
#include "sim/rng.h"

#include <Random123/philox.h>

/* Random123's multipliers and key increments. */
#define PHILOX_M0 PHILOX_M4x32_0
#define PHILOX_M1 PHILOX_M4x32_1
#define PHILOX_W0 PHILOX_W32_0
#define PHILOX_W1 PHILOX_W32_1

static void blocks_scalar(uint64_t seed, const uint64_t *trial,
                          const uint32_t *stream, uint32_t block, uint64_t *w0,
                          uint64_t *w1, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint64_t out[2];
    crq_rng_block(seed, trial[i], stream[i], block, out);
    w0[i] = out[0];
    w1[i] = out[1];
  }
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&         \
    !defined(__SANITIZE_ADDRESS__)
#include <immintrin.h>
#define CRQ_RNG_AVX512 1
#define AVX512 __attribute__((target("avx512f"), always_inline)) static inline

/* Sixteen counters, one 32-bit number each in x[0..3]. */
typedef struct {
  __m512i x[4];
} lanes;

/* hi and lo of the products of x's 32-bit lanes by m (m in every 64-bit
 * lane's low half). */
AVX512 void mul_hilo(__m512i x, __m512i m, __m512i *hi, __m512i *lo) {
  __m512i even = _mm512_mul_epu32(x, m);
  __m512i odd = _mm512_mul_epu32(_mm512_shuffle_epi32(x, _MM_PERM_CDAB), m);
  *hi = _mm512_mask_blend_epi32(0xAAAA,
                                _mm512_shuffle_epi32(even, _MM_PERM_CDAB), odd);
  *lo = _mm512_mask_blend_epi32(0xAAAA, even,
                                _mm512_shuffle_epi32(odd, _MM_PERM_CDAB));
}

/* One Philox round with round keys k0, k1 (Random123's philox4x32round). */
AVX512 void round16(lanes *s, __m512i k0, __m512i k1) {
  const __m512i m0 = _mm512_set1_epi64(PHILOX_M0);
  const __m512i m1 = _mm512_set1_epi64(PHILOX_M1);
  __m512i hi0, lo0, hi1, lo1;
  mul_hilo(s->x[0], m0, &hi0, &lo0);
  mul_hilo(s->x[2], m1, &hi1, &lo1);
  __m512i y0 = _mm512_ternarylogic_epi32(hi1, s->x[1], k0, 0x96);
  __m512i y2 = _mm512_ternarylogic_epi32(hi0, s->x[3], k1, 0x96);
  s->x[0] = y0;
  s->x[1] = lo1;
  s->x[2] = y2;
  s->x[3] = lo0;
}

/* Loads 16 counters from trial + i, stream + i. */
AVX512 lanes load16(const uint64_t *trial, const uint32_t *stream,
                    uint32_t block) {
  const __m512i even = _mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12,
                                        10, 8, 6, 4, 2, 0);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  __m512i a = _mm512_loadu_si512(trial), b = _mm512_loadu_si512(trial + 8);
  lanes s = {{_mm512_permutex2var_epi32(a, even, b),
              _mm512_permutex2var_epi32(a, odd, b), _mm512_loadu_si512(stream),
              _mm512_set1_epi32((int)block)}};
  return s;
}

/* Stores 16 blocks' words: w0 = x0 + 2^32·x1, w1 = x2 + 2^32·x3. */
AVX512 void store16(const lanes *s, uint64_t *w0, uint64_t *w1) {
  const __m512i lo =
      _mm512_set_epi32(23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
  const __m512i hi = _mm512_add_epi32(lo, _mm512_set1_epi32(8));
  _mm512_storeu_si512(w0, _mm512_permutex2var_epi32(s->x[0], lo, s->x[1]));
  _mm512_storeu_si512(w0 + 8, _mm512_permutex2var_epi32(s->x[0], hi, s->x[1]));
  _mm512_storeu_si512(w1, _mm512_permutex2var_epi32(s->x[2], lo, s->x[3]));
  _mm512_storeu_si512(w1 + 8, _mm512_permutex2var_epi32(s->x[2], hi, s->x[3]));
}

__attribute__((target("avx512f"))) static void
blocks_avx512(uint64_t seed, const uint64_t *trial, const uint32_t *stream,
              uint32_t block, uint64_t *w0, uint64_t *w1, size_t n) {
  size_t i = 0;
  for (; i + 32 <= n; i += 32) { /* two groups, interleaved */
    lanes a = load16(trial + i, stream + i, block);
    lanes b = load16(trial + i + 16, stream + i + 16, block);
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int r = 0; r < 10; r++, k0 += PHILOX_W0, k1 += PHILOX_W1) {
      __m512i v0 = _mm512_set1_epi32((int)k0), v1 = _mm512_set1_epi32((int)k1);
      round16(&a, v0, v1);
      round16(&b, v0, v1);
    }
    store16(&a, w0 + i, w1 + i);
    store16(&b, w0 + i + 16, w1 + i + 16);
  }
  for (; i + 16 <= n; i += 16) {
    lanes a = load16(trial + i, stream + i, block);
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int r = 0; r < 10; r++, k0 += PHILOX_W0, k1 += PHILOX_W1)
      round16(&a, _mm512_set1_epi32((int)k0), _mm512_set1_epi32((int)k1));
    store16(&a, w0 + i, w1 + i);
  }
  /* GCC emits no vzeroupper on the way into the scalar loop below, so a
   * call whose n is not a multiple of 16 returned with the upper halves
   * of the vector registers dirty, and the caller's SSE code then ran
   * with a false dependency on them: in an experiment that ran the
   * one-year loop after such calls, three times slower. */
  _mm256_zeroupper();
  blocks_scalar(seed, trial + i, stream + i, block, w0 + i, w1 + i, n - i);
}
#endif

void crq_rng_blocks(uint64_t seed, const uint64_t *trial,
                    const uint32_t *stream, uint32_t block, uint64_t *w0,
                    uint64_t *w1, size_t n) {
#ifdef CRQ_RNG_AVX512
  if (__builtin_cpu_supports("avx512f")) {
    blocks_avx512(seed, trial, stream, block, w0, w1, n);
    return;
  }
#endif
  blocks_scalar(seed, trial, stream, block, w0, w1, n);
}
