/* engine/sim/clones.h — compiling a hot loop for the CPU it runs on.
 *
 * CRQ_VECTOR_CLONES before a function with a vectorisable loop makes GCC
 * compile it three times — for AVX-512, AVX2 and the x86-64 baseline — and
 * pick the best the CPU has when the program loads (target_clones, an
 * ifunc). The clones do the same integer and IEEE operations (the build
 * passes -ffp-contract=off, so no fused multiply-add appears in any), so
 * every CPU gets the same bits.
 *
 * CRQ_AVX512_KERNELS is defined where the hand-written AVX-512 kernels
 * (the vector Philox, the alias draw, the selection pass) are compiled,
 * each beside a generic loop that gives the same bits, the kernel chosen
 * at run time when the CPU has AVX-512.
 *
 * Elsewhere, under AddressSanitizer, and where CRQ_NO_CLONES is defined,
 * neither: every loop is compiled once, for the build's target. The test
 * suite builds engine/sim/sample_vec.c that way for AVX2 and for the
 * baseline, to check each against the clone this CPU runs
 * (tests/unit/test_sample_clones.c); CI builds the whole suite that way
 * for AVX2 (cmake -DCRQ_CLONES=OFF -DCMAKE_C_FLAGS=-mavx2), so the
 * generic loops run as an AVX2 machine runs them, against the same
 * tests.
 */
#ifndef CRQ_CLONES_H
#define CRQ_CLONES_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&         \
    !defined(__SANITIZE_ADDRESS__) && !defined(CRQ_NO_CLONES)
#define CRQ_VECTOR_CLONES                                                      \
  __attribute__((target_clones("avx512f", "avx2", "default")))
#define CRQ_AVX512_KERNELS 1
#else
#define CRQ_VECTOR_CLONES
#endif

#endif
