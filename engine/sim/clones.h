/* engine/sim/clones.h — compiling a hot loop for the CPU it runs on.
 *
 * CRQ_VECTOR_CLONES before a function with a vectorisable loop makes GCC
 * compile it three times — for AVX-512, AVX2 and the x86-64 baseline — and
 * pick the best the CPU has when the program loads (target_clones, an
 * ifunc). The clones do the same integer and IEEE operations (the build
 * passes -ffp-contract=off, so no fused multiply-add appears in any), so
 * every CPU gets the same bits. Elsewhere, under AddressSanitizer, and
 * where CRQ_NO_CLONES is defined (the test suite builds the file once more
 * for AVX2 and once for the baseline that way, to check each against the
 * clone this CPU runs: tests/unit/test_sample_clones.c), the macro is
 * empty.
 */
#ifndef CRQ_CLONES_H
#define CRQ_CLONES_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&         \
    !defined(__SANITIZE_ADDRESS__) && !defined(CRQ_NO_CLONES)
#define CRQ_VECTOR_CLONES                                                      \
  __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CRQ_VECTOR_CLONES
#endif

#endif
