/* engine/sim/sample_exp.h — an inline exp for the lognormal sampler.
 *
 * The lognormal's exp is a third of the cost of a W20 event; glibc's exp is
 * accurate but an out-of-line call. crq_exp is Tang's table method inline:
 * x = k·ln2/128 + r with |r| <= ln2/256, exp(x) = 2^(k/128)·exp(r), the
 * power of two from a 128-entry table (with each entry's relative rounding
 * error, so the table adds no error) and exp(r) from its degree-5 Taylor
 * polynomial (truncation below 6e-19). The result is within about 0.51 ulp
 * (tests/unit/test_sample.c checks it against expl). Outside |x| < 700,
 * and for NaN, it defers to exp().
 */
#ifndef CRQ_SAMPLE_EXP_H
#define CRQ_SAMPLE_EXP_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern const double crq_exp_t[128];  /* 2^(i/128), rounded */
extern const double crq_exp_tr[128]; /* (2^(i/128) − t[i]) / t[i] */

/* The table method alone, for |x| < 700. */
static inline double crq_exp_table(double x) {
  /* ln2/128 split so that k·hi is exact for |k| < 2^20. */
  const double hi = 0x1.62e42fefp-8, lo = 0x1.473de6af278edp-41;
  const double shift = 0x1.8p52; /* rounds to an integer k in the low bits */
  double kd = x * (128 / M_LN2) + shift;
  uint64_t bits;
  memcpy(&bits, &kd, sizeof bits);
  kd -= shift;
  double r = (x - kd * hi) - kd * lo;
  /* The low 7 bits of k index the table; the rest, k >> 7 (two's
   * complement, modulo the exponent field), scale it by a power of two. */
  size_t i = (size_t)(bits & 127);
  uint64_t scaled;
  memcpy(&scaled, &crq_exp_t[i], sizeof scaled);
  scaled += (bits >> 7) << 52;
  double t;
  memcpy(&t, &scaled, sizeof t);
  double r2 = r * r; /* Estrin's scheme: a short dependency chain */
  double q =
      r + r2 * (0.5 + r * (1.0 / 6)) + r2 * r2 * (1.0 / 24 + r * (1.0 / 120));
  return t + t * (q + crq_exp_tr[i] * (1 + q));
}

static inline double crq_exp(double x) {
  if (!(fabs(x) < 700))
    return exp(x);
  return crq_exp_table(x);
}

#endif
