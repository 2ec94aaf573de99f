/* engine/sim/sample_vec.c — variates for many draws at once.
 *
 * The batched trial loop (batch.c) has the attempt words of hundreds of
 * lognormal draws in hand before it needs any of them; drawing them in one
 * loop lets the compiler use vector instructions (the tables are read by
 * gathers). The loop body is the scalar fast path of sample.h itself
 * (crq_zig_candidate, crq_exp_table): the same IEEE operations in the same
 * order, with no fused multiply-add (the build passes -ffp-contract=off),
 * so every CPU and every clone below gives the scalar path's bits.
 *
 * On x86-64 the function is compiled for AVX-512, AVX2 and the baseline,
 * and the loader picks the best the CPU has (clones.h).
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
