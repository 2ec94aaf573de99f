/* engine/sim/sample_vec.c — variates for many draws at once.
 *
 * The batched trial loop (batch.c) has the words of hundreds of draws in
 * hand before it needs any of them: the years' Poisson counts, the events'
 * scenario picks and their lognormal amounts. Drawing each kind in one
 * loop lets the compiler use vector instructions, the tables read by
 * gathers (which GCC's generic tuning would replace by loading the lanes
 * one by one: CMakeLists.txt allows them for this file). Each loop body is
 * the scalar path of sample.h itself (crq_poisson_table_word's first test,
 * crq_alias_column, crq_zig_candidate and crq_exp_table): the same integer
 * and IEEE operations in the same order, with no fused multiply-add (the
 * build passes -ffp-contract=off), so every CPU and every clone below
 * gives the scalar path's bits.
 *
 * On x86-64 each function is compiled for AVX-512, AVX2 and the baseline,
 * and the loader picks the best the CPU has (clones.h); the test suite
 * checks the builds this CPU does not run (test_sample_clones.c).
 */
#include "sim/clones.h"
#include "sim/sample.h"

CRQ_VECTOR_CLONES
void crq_lognormal_words(const uint64_t *restrict word,
                         const uint32_t *restrict which,
                         const double *restrict mu,
                         const double *restrict sigma, double *restrict out,
                         int64_t *restrict redo, size_t n) {
#pragma omp simd
  for (size_t i = 0; i < n; i++) {
    uint64_t w = word[i];
    double x = mu[which[i]] + sigma[which[i]] * crq_zig_candidate(w);
    out[i] = crq_exp_table(x);
    redo[i] = !crq_zig_inside(w) | !(fabs(x) < 700);
  }
}

/* crq_alias_words for any CPU (clones). */
CRQ_VECTOR_CLONES
static void alias_generic(const crq_sampler *s, const uint64_t *restrict point,
                          const uint64_t *restrict w, uint32_t *restrict out,
                          size_t n) {
  const double *restrict keep = s->prob;
  const uint64_t columns = s->n;
#pragma omp simd
  for (size_t i = 0; i < n; i++) {
    /* w·columns = a·2^32 + b: its high and low 64 bits from two 32 × 32
     * products (columns < 2^32), as the 128-bit product gives them. */
    uint64_t a = (w[i] >> 32) * columns, b = (w[i] & 0xffffffffu) * columns;
    uint64_t col = (a + (b >> 32)) >> 32, low = (a << 32) + b, j = low >> 11;
    double u = crq_u53_to_double(j) * 0x1p-53;
    uint64_t alias = u >= keep[col];
    out[i] = (uint32_t)point[col + alias * columns];
  }
}

#ifdef CRQ_AVX512_KERNELS
#include <immintrin.h>
#define ALIAS_AVX512 1
/* alias_generic's operations for AVX-512, written out: GCC's AVX-512 clone
 * of it multiplies the 64-bit numbers (three vpmuludq a product, 20% of
 * the draw's time), though both factors fit in 32 bits; here each product
 * is one vpmuludq. Draws the first multiple of 8 of the n and returns how
 * many. The bits are the generic loop's (test_sample_words.c checks this
 * one against the scalar alias draw, test_sample_clones.c the generic
 * builds against this one). */
__attribute__((target("avx512f"))) static size_t
alias_avx512(const crq_sampler *s, const uint64_t *restrict point,
             const uint64_t *restrict w, uint32_t *restrict out, size_t n) {
  const __m512i columns = _mm512_set1_epi64((long long)s->n);
  const __m512i low26 = _mm512_set1_epi64(0x3ffffff);
  const __m512d two26 = _mm512_set1_pd(0x1p26), two53 = _mm512_set1_pd(0x1p-53);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m512i x = _mm512_loadu_si512(w + i);
    __m512i a = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), columns);
    __m512i b = _mm512_mul_epu32(x, columns);
    __m512i col =
        _mm512_srli_epi64(_mm512_add_epi64(a, _mm512_srli_epi64(b, 32)), 32);
    __m512i j =
        _mm512_srli_epi64(_mm512_add_epi64(_mm512_slli_epi64(a, 32), b), 11);
    /* crq_u53_to_double: the top 27 and the low 26 bits as int32 */
    __m512d hi =
        _mm512_cvtepi32_pd(_mm512_cvtepi64_epi32(_mm512_srli_epi64(j, 26)));
    __m512d lo =
        _mm512_cvtepi32_pd(_mm512_cvtepi64_epi32(_mm512_and_si512(j, low26)));
    __m512d u =
        _mm512_mul_pd(_mm512_add_pd(_mm512_mul_pd(hi, two26), lo), two53);
    __m512d keep = _mm512_i64gather_pd(col, s->prob, 8);
    __mmask8 alias = _mm512_cmp_pd_mask(u, keep, _CMP_GE_OQ);
    __m512i at = _mm512_mask_add_epi64(col, alias, col, columns);
    __m512i pt = _mm512_i64gather_epi64(at, (const long long *)point, 8);
    _mm256_storeu_si256((__m256i *)(out + i), _mm512_cvtepi64_epi32(pt));
  }
  _mm256_zeroupper(); /* before the caller's SSE code (rng_vec.c) */
  return i;
}
#endif

void crq_alias_words(const crq_sampler *s, const uint64_t *restrict point,
                     const uint64_t *restrict w, uint32_t *restrict out,
                     size_t n) {
  size_t i = 0;
#ifdef ALIAS_AVX512
  if (__builtin_cpu_supports("avx512f"))
    i = alias_avx512(s, point, w, out, n);
#endif
  alias_generic(s, point, w + i, out + i, n - i);
}

CRQ_VECTOR_CLONES
void crq_poisson_words(const crq_sampler *s, const uint64_t *restrict w,
                       uint64_t *restrict out, size_t n) {
  const double *restrict prob = s->prob;
  const uint32_t *restrict guide = s->index;
  const uint64_t last = s->n - 1;
#pragma omp simd
  for (size_t i = 0; i < n; i++) {
    uint64_t j = w[i] >> 11;
    double u = crq_u53_to_double(j) * 0x1p-53;
    uint64_t k = guide[j >> (53 - CRQ_POISSON_GUIDE_BITS)];
    /* the search's first test; its steps are left to the caller */
    out[i] = (k < last) & (u >= prob[k]) ? UINT64_MAX : k;
  }
}
