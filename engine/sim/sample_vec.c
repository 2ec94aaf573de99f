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

CRQ_VECTOR_CLONES
void crq_alias_words(const crq_sampler *s, const uint64_t *restrict point,
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
