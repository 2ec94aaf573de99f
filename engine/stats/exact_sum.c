/* engine/stats/exact_sum.c — the long accumulator (see exact_sum.h).
 *
 * The accumulator is the integer A with sum = A · 2^-1074, in two's
 * complement over CRQ_XSUM_LIMBS limbs. A finite double is m · 2^e with m
 * a 53-bit integer and e ≥ -1074, so adding it (times a count c) adds or
 * subtracts the integer m·c shifted left by e + 1074: at most 117 bits,
 * i.e. three limbs and a carry. The value is read back by taking the top
 * 53 bits of |A| below its highest set bit and rounding on the rest.
 */
#include "stats/exact_sum.h"

#include <math.h>
#include <string.h>

void crq_xsum_init(crq_xsum *s) {
  memset(s, 0, sizeof *s);
}

/* A += (or −=) v · 2^shift, v < 2^117. */
static void add_shifted(crq_xsum *s, unsigned __int128 v, unsigned shift,
                        int negative) {
  unsigned i = shift / 64, sh = shift % 64;
  unsigned __int128 hi = sh ? v >> (64 - sh) : v >> 64;
  uint64_t part[3] = {(uint64_t)(v << sh), (uint64_t)hi, (uint64_t)(hi >> 64)};
  unsigned carry = 0; /* or borrow */
  for (unsigned k = 0; i + k < CRQ_XSUM_LIMBS && (k < 3 || carry); k++) {
    uint64_t add = k < 3 ? part[k] : 0;
    unsigned __int128 t = negative
                              ? (unsigned __int128)s->limb[i + k] - add - carry
                              : (unsigned __int128)s->limb[i + k] + add + carry;
    s->limb[i + k] = (uint64_t)t;
    carry = (unsigned)((t >> 64) != 0);
  }
}

void crq_xsum_add_times(crq_xsum *s, double x, uint64_t times) {
  if (!isfinite(x)) {
    s->special += times ? x : 0.0;
    s->has_special |= times != 0;
    return;
  }
  if (x == 0.0 || times == 0)
    return;
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  unsigned biased = (unsigned)(bits >> 52) & 0x7ff;
  uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
  if (biased) /* normal: the hidden bit, exponent biased − 1075 */
    m |= UINT64_C(1) << 52;
  unsigned shift = biased ? biased - 1 : 0; /* e + 1074 */
  add_shifted(s, (unsigned __int128)m * times, shift, (int)(bits >> 63));
}

/* Moves the per-exponent sums part[lo..hi] into s (zeroing them). */
static void flush_parts(crq_xsum *s, uint64_t *part, unsigned lo, unsigned hi) {
  for (unsigned e = lo; e <= hi; e++)
    if (part[e]) {
      add_shifted(s, part[e], e ? e - 1 : 0, 0);
      part[e] = 0;
    }
}

void crq_xsum_add_array(crq_xsum *s, const double *x, size_t n) {
  enum { EXPONENTS = 0x7ff, PER_FLUSH = (1 << 11) - 1 };
  uint64_t part[EXPONENTS] = {0};
  unsigned lo = EXPONENTS, hi = 0, k = 0;
  for (size_t i = 0; i < n; i++) {
    uint64_t bits;
    memcpy(&bits, &x[i], sizeof bits);
    unsigned biased = (unsigned)(bits >> 52); /* with the sign bit */
    if (biased >= EXPONENTS) {                /* negative or not finite */
      crq_xsum_add(s, x[i]);
      continue;
    }
    uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
    part[biased] += biased ? m | UINT64_C(1) << 52 : m; /* < 2^53 */
    lo = biased < lo ? biased : lo;
    hi = biased > hi ? biased : hi;
    if (++k == PER_FLUSH) { /* 2^11 − 1 significands: no overflow */
      flush_parts(s, part, lo, hi);
      lo = EXPONENTS;
      hi = k = 0;
    }
  }
  flush_parts(s, part, lo, hi);
}

void crq_xsum_merge(crq_xsum *s, const crq_xsum *t) {
  unsigned carry = 0;
  for (unsigned k = 0; k < CRQ_XSUM_LIMBS; k++) {
    unsigned __int128 v = (unsigned __int128)s->limb[k] + t->limb[k] + carry;
    s->limb[k] = (uint64_t)v;
    carry = (unsigned)(v >> 64);
  }
  if (t->has_special) {
    s->special += t->special;
    s->has_special = 1;
  }
}

/* Bit b of the magnitude a. */
static unsigned bit_at(const uint64_t *a, unsigned b) {
  return (unsigned)(a[b / 64] >> (b % 64)) & 1u;
}

double crq_xsum_value(const crq_xsum *s) {
  if (s->has_special)
    return s->special;
  uint64_t a[CRQ_XSUM_LIMBS];
  int negative = (int)(s->limb[CRQ_XSUM_LIMBS - 1] >> 63);
  unsigned borrow = 1;
  for (unsigned k = 0; k < CRQ_XSUM_LIMBS; k++) { /* a = |A| */
    a[k] = negative ? ~s->limb[k] + borrow : s->limb[k];
    borrow = negative && borrow && a[k] == 0;
  }
  int top = CRQ_XSUM_LIMBS - 1;
  while (top >= 0 && a[top] == 0)
    top--;
  if (top < 0)
    return 0.0;
  unsigned h = (unsigned)top * 64 + 63 - (unsigned)__builtin_clzll(a[top]);
  double mag;
  if (h < 53) { /* below 2^-1021: exact */
    mag = ldexp((double)a[0], -1074);
  } else {
    uint64_t m = 0;
    for (unsigned b = h + 1; b-- > h - 52;)
      m = m << 1 | bit_at(a, b);
    unsigned round = bit_at(a, h - 53), sticky = 0;
    for (unsigned b = 0; b + 53 < h && !sticky; b++)
      sticky = bit_at(a, b);
    if (round && (sticky || (m & 1)))
      m++; /* 2^53 after a carry is still exact as a double */
    mag = ldexp((double)m, (int)h - 52 - 1074);
  }
  return negative ? -mag : mag;
}
