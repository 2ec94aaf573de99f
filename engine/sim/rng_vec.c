/* engine/sim/rng_vec.c — many Philox4x32-10 blocks at once.
 *
 * The batched trial loop (batch.c) knows the counters of hundreds of blocks
 * before it needs any of their words. Philox4x32's arithmetic is 32-bit
 * multiplies and exclusive-ors, which AVX-512 does on eight counters per
 * instruction, each 32-bit number in the low half of a 64-bit lane:
 * vpmuludq's 64-bit product is then lo as it stands and hi once its halves
 * are swapped, and one three-way XOR mixes. Four groups of eight are
 * interleaved, every round unrolled, so the multiplier's latency is
 * hidden. (Sixteen numbers a vector, the even and odd lanes multiplied
 * separately and reassembled, took a third more time per block: the
 * shuffles and blends, not the multiplies, were the bound.) About 6 times
 * the scalar throughput per word on the machines crq is benchmarked on
 * (docs/performance.md).
 *
 * The result is crq_rng_block's to the bit (tests/unit/test_rng.c checks
 * it against Random123); CPUs without AVX-512, other compilers and
 * builds without clones or with sanitizers (clones.h) take the scalar
 * loop.
 */
#include "sim/rng.h"

#include "sim/clones.h"

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

#ifdef CRQ_AVX512_KERNELS
#include <immintrin.h>
#define CRQ_RNG_AVX512 1
#define AVX512 __attribute__((target("avx512f"), always_inline)) static inline

/* Eight counters, one 32-bit number each in the low half of x[0..3]'s
 * 64-bit lanes. The high halves hold whatever the arithmetic leaves
 * there: vpmuludq reads only the low halves, and the exclusive-ors never
 * move a high half down, so only the low halves are Philox's numbers. */
typedef struct {
  __m512i x[4];
} lanes;

/* One Philox round with round keys k0, k1 (Random123's philox4x32round).
 * A product's low half is lo as it stands; swapping its halves puts hi
 * there: two multiplies (port 0) and two shuffles (port 5) per eight
 * blocks, where sixteen 32-bit lanes needed four multiplies, six shuffles
 * and four blends per sixteen. */
AVX512 void round8(lanes *s, __m512i k0, __m512i k1) {
  const __m512i m0 = _mm512_set1_epi64(PHILOX_M0);
  const __m512i m1 = _mm512_set1_epi64(PHILOX_M1);
  __m512i p0 = _mm512_mul_epu32(s->x[0], m0);
  __m512i p1 = _mm512_mul_epu32(s->x[2], m1);
  __m512i hi0 = _mm512_shuffle_epi32(p0, _MM_PERM_CDAB);
  __m512i hi1 = _mm512_shuffle_epi32(p1, _MM_PERM_CDAB);
  s->x[0] = _mm512_ternarylogic_epi32(hi1, s->x[1], k0, 0x96);
  s->x[1] = p1;
  s->x[2] = _mm512_ternarylogic_epi32(hi0, s->x[3], k1, 0x96);
  s->x[3] = p0;
}

/* Loads 8 counters from trial, stream. */
AVX512 lanes load8(const uint64_t *trial, const uint32_t *stream,
                   uint32_t block) {
  __m512i t = _mm512_loadu_si512(trial);
  lanes s = {
      {t, _mm512_srli_epi64(t, 32),
       _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)stream)),
       _mm512_set1_epi64(block)}};
  return s;
}

/* Stores 8 blocks' words: w0 = x0 + 2^32·x1, w1 = x2 + 2^32·x3. */
AVX512 void store8(const lanes *s, uint64_t *w0, uint64_t *w1) {
  _mm512_storeu_si512(
      w0, _mm512_mask_blend_epi32(
              0xAAAA, s->x[0], _mm512_shuffle_epi32(s->x[1], _MM_PERM_CDAB)));
  _mm512_storeu_si512(
      w1, _mm512_mask_blend_epi32(
              0xAAAA, s->x[2], _mm512_shuffle_epi32(s->x[3], _MM_PERM_CDAB)));
}

/* Groups of 8 blocks computed together, their rounds interleaved so that
 * the multiplier's latency (a round is a chain of about seven cycles) is
 * hidden. */
#define CRQ_PHILOX_GROUPS 4

__attribute__((target("avx512f"))) static void
blocks_avx512(uint64_t seed, const uint64_t *trial, const uint32_t *stream,
              uint32_t block, uint64_t *w0, uint64_t *w1, size_t n) {
  const size_t step = 8 * CRQ_PHILOX_GROUPS;
  size_t i = 0;
  for (; i + step <= n; i += step) {
    lanes g[CRQ_PHILOX_GROUPS];
#pragma GCC unroll 4
    for (int j = 0; j < CRQ_PHILOX_GROUPS; j++)
      g[j] = load8(trial + i + 8 * j, stream + i + 8 * j, block);
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
#pragma GCC unroll 10
    for (int r = 0; r < 10; r++, k0 += PHILOX_W0, k1 += PHILOX_W1) {
      __m512i v0 = _mm512_set1_epi32((int)k0), v1 = _mm512_set1_epi32((int)k1);
#pragma GCC unroll 4
      for (int j = 0; j < CRQ_PHILOX_GROUPS; j++)
        round8(&g[j], v0, v1);
    }
#pragma GCC unroll 4
    for (int j = 0; j < CRQ_PHILOX_GROUPS; j++)
      store8(&g[j], w0 + i + 8 * j, w1 + i + 8 * j);
  }
  for (; i + 8 <= n; i += 8) {
    lanes a = load8(trial + i, stream + i, block);
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int r = 0; r < 10; r++, k0 += PHILOX_W0, k1 += PHILOX_W1)
      round8(&a, _mm512_set1_epi32((int)k0), _mm512_set1_epi32((int)k1));
    store8(&a, w0 + i, w1 + i);
  }
  /* GCC emits no vzeroupper on the way into the scalar loop below, so a
   * call whose n is not a multiple of 8 returned with the upper halves
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
