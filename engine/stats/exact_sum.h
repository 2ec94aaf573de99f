/* engine/stats/exact_sum.h — sums of doubles without rounding error.
 *
 * TVaR and the tail contributions add up thousands to billions of losses.
 * A floating-point sum depends on the order of the additions, and the
 * order of a tail depends on how the losses are stored (bucketed per batch,
 * spread over threads or MPI ranks, re-simulated in blocks). Adding them
 * exactly into a fixed-point accumulator that spans the whole double range
 * (Kulisch's "long accumulator") and rounding once at the end gives the
 * correctly rounded sum, which is the same for every order, every split
 * and every merge. Adding costs a few integer operations per value.
 */
#ifndef CRQ_EXACT_SUM_H
#define CRQ_EXACT_SUM_H

#include <stddef.h>
#include <stdint.h>

/* 2^-1074 (the smallest subnormal) to 2^1024 is 2098 bits; 64 more absorb
 * the carries of up to 2^64 additions, and the top bit is the sign (two's
 * complement): 35 limbs of 64 bits, least significant first. Non-finite
 * values are summed aside in `special` (so inf + -inf is NaN, as for
 * doubles) and then decide the value. */
#define CRQ_XSUM_LIMBS 35

typedef struct crq_xsum {
  uint64_t limb[CRQ_XSUM_LIMBS];
  double special; /* sum of the non-finite values added */
  int has_special;
} crq_xsum;

void crq_xsum_init(crq_xsum *s);
/* Adds x (any double), `times` times: x·times exactly. */
void crq_xsum_add_times(crq_xsum *s, double x, uint64_t times);
static inline void crq_xsum_add(crq_xsum *s, double x) {
  crq_xsum_add_times(s, x, 1);
}
/* Adds x[0..n) (any doubles), as crq_xsum_add of each but faster: the
 * significands of non-negative finite values are first summed per exponent
 * in 64-bit integers (2^11 of them fit), which then go into s. */
void crq_xsum_add_array(crq_xsum *s, const double *x, size_t n);
/* Adds t to s (exactly). */
void crq_xsum_merge(crq_xsum *s, const crq_xsum *t);
/* The sum rounded once, to nearest with ties to even. */
double crq_xsum_value(const crq_xsum *s);

#endif
