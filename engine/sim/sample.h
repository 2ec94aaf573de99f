/* engine/sim/sample.h — drawing variates of a crq_dist in the trial loop.
 *
 * A crq_dist stores a distribution the way the model states it; a
 * crq_sampler holds what drawing needs, worked out once before the loop:
 * the method (e.g. Poisson by inversion of a tabled CDF when the mean is
 * small, else GSL's), constants such as the PERT beta shapes, and tables
 * (the Poisson CDF, a Walker alias table for DISCRETE). Draws are exact in
 * distribution (to double precision): inversion, ziggurat or rejection, never
 * approximations.
 *
 * Draws take their numbers from a crq_rng, so a trial's variates depend only
 * on (seed, trial, stream) and the order of the draws.
 */
#ifndef CRQ_SAMPLE_H
#define CRQ_SAMPLE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dist.h"
#include "sim/rng.h"
#include "sim/sample_exp.h"

/* How a sampler draws (chosen by crq_sampler_init from the kind and its
 * parameters), with the meaning of its constants c[]. U is uniform, Z
 * standard normal, G(k) a standard gamma variate (Marsaglia–Tsang: for
 * shape k ≥ 1 the constants d = k − 1/3, 1/sqrt(9d) and 0; for k < 1 those
 * of k + 1 and 1/k, the exponent of the U^(1/k) boost). */
typedef enum crq_sample_method {
  CRQ_SAMPLE_CONSTANT = 0, /* c0; no randomness */
  CRQ_SAMPLE_UNIFORM,      /* c0 + c1·U */
  CRQ_SAMPLE_TRIANGULAR,   /* inversion: min c0, mode c1, max c2 */
  /* c0 + c1·G(α)/(G(α)+G(β)), α's constants c2..c4, β's c5..c7 (BETA and
   * PERT) */
  CRQ_SAMPLE_BETA,
  CRQ_SAMPLE_NORMAL, /* c0 + c1·Z */
  /* c0 + c1·Z redrawn until in [c2, c3] (when that holds half the mass) */
  CRQ_SAMPLE_NORMAL_REJECT,
  /* c0 + c1·(inverse truncated CDF at U), crq_trunc_normal's a, b, pa, pb,
   * flip in c2..c6 */
  CRQ_SAMPLE_NORMAL_INVERT,
  CRQ_SAMPLE_LOGNORMAL, /* exp(c0 + c1·Z) */
  CRQ_SAMPLE_GAMMA,     /* c3·G(k), k's constants c0..c2 */
  /* inversion of the tabled CDF `prob` with the guide table `index` */
  CRQ_SAMPLE_POISSON_TABLE,
  CRQ_SAMPLE_POISSON_GSL, /* gsl_ran_poisson, mean c0 (large means) */
  CRQ_SAMPLE_NEGBIN,      /* Poisson(c3·G(size)), size's constants c0..c2 */
  CRQ_SAMPLE_BERNOULLI,   /* U < c0 */
  CRQ_SAMPLE_DISCRETE     /* Walker alias table over `values` */
} crq_sample_method;

/* A ready-to-draw distribution. Flat: the constants inline, and for the
 * table methods owned arrays of n entries. */
typedef struct crq_sampler {
  crq_sample_method method;
  double c[8];     /* per-method constants, see crq_sample_method */
  size_t n;        /* DISCRETE, POISSON_TABLE: length of the tables */
  double *values;  /* DISCRETE: the points */
  double *prob;    /* DISCRETE: P(keep column i) in the alias table;
                      POISSON_TABLE: the CDF F(i) */
  uint32_t *index; /* DISCRETE: the alias of column i; POISSON_TABLE:
                      guide[g] = the smallest i with F(i) > g/G, for
                      G = 2^CRQ_POISSON_GUIDE_BITS entries */
} crq_sampler;

/* Prepares a sampler for d (which the caller may free afterwards).
 * Returns 0, or -1 when out of memory. */
int crq_sampler_init(crq_sampler *s, const crq_dist *d);
void crq_sampler_free(crq_sampler *s);

/* Non-zero when draws consume no randomness (the value is constant). */
int crq_sampler_is_constant(const crq_sampler *s);

/* The ziggurat's tail start r, layer area v and tables (see
 * engine/sim/sample_tables.c): x[0..256], f[i] = exp(−x[i]²/2) and the
 * inner-rectangle thresholds k[i] = ceil(2^53·x[i+1]/x[i]). */
#define CRQ_ZIG_R 3.654152885361009
#define CRQ_ZIG_V 0.004928673233974655
extern const double crq_zig_x[257];
extern const double crq_zig_f[257];
extern const uint64_t crq_zig_k[256];

/* x with its sign flipped when bit 8 of w is set (branch-free: the sign is
 * a coin toss, which a branch would mispredict half the time). */
static inline double crq_zig_sign(double x, uint64_t w) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  u ^= (w & 0x100) << 55;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* The ziggurat for an attempt word w outside the fast path: the wedge and
 * tail tests, and further attempts if w is rejected. */
double crq_sample_normal_slow(crq_rng *r, uint64_t w);

/* Whether attempt word w lands inside its layer's inner rectangle (the
 * fast path): its 53-bit position w >> 11 below the layer's threshold. */
static inline int crq_zig_inside(uint64_t w) {
  return (int64_t)(w >> 11) < (int64_t)crq_zig_k[w & 0xff];
}

/* A 53-bit integer j as a double, converted as two exact halves: the same
 * double as a direct conversion, which lets vector code (lacking 64-bit
 * conversions) give the scalar code's bits. */
static inline double crq_u53_to_double(uint64_t j) {
  return (double)(int32_t)(j >> 26) * 0x1p26 + (double)(int32_t)(j & 0x3ffffff);
}

/* The ziggurat's candidate for attempt word w: position (w >> 11)·2^-53
 * times the layer's x, signed by bit 8. */
static inline double crq_zig_candidate(uint64_t w) {
  double jd = crq_u53_to_double(w >> 11);
  return crq_zig_sign(jd * 0x1p-53 * crq_zig_x[w & 0xff], w);
}

/* A standard normal variate by 256-layer ziggurat: one 64-bit word, a
 * table lookup, a compare and a multiply in 98.8% of draws. */
static inline double crq_sample_std_normal(crq_rng *r) {
  uint64_t w = crq_rng_u64(r);
  if (crq_zig_inside(w))
    return crq_zig_candidate(w);
  return crq_sample_normal_slow(r, w);
}

/* Many lognormal variates at once (vectorised where the CPU allows, with
 * the same operations, so the same bits): out[i] = exp(mu[j] + sigma[j]·Z)
 * for j = which[i] and Z the ziggurat's fast-path value of attempt word
 * word[i], exactly what crq_sampler_draw gives from that word; redo[i] is
 * non-zero where the fast path does not apply (the ziggurat needs more
 * words, or the exponent is beyond the inline exp's range) and out[i] is
 * then to be ignored. */
void crq_lognormal_words(const uint64_t *word, const uint32_t *which,
                         const double *mu, const double *sigma, double *out,
                         int64_t *redo, size_t n);

/* Many alias-table draws at once (a DISCRETE sampler of fewer than 2^31
 * columns), each from its word w[i], vectorised: out[i] is point[i'] for
 * the column i' and choice crq_alias_column gives, point holding the
 * columns' own values at [0, n) and their aliases' at [n, 2n) (64-bit, so
 * the compiler can gather them). */
void crq_alias_words(const crq_sampler *s, const uint64_t *point,
                     const uint64_t *w, uint32_t *out, size_t n);

/* Many POISSON_TABLE draws at once, each from its word w[i], vectorised:
 * out[i] is crq_poisson_table_word's count where the guide entry is the
 * answer (almost every draw), UINT64_MAX where the search must step on. */
void crq_poisson_words(const crq_sampler *s, const uint64_t *w, uint64_t *out,
                       size_t n);

/* The methods crq_sampler_draw does not inline: truncated normal, gamma,
 * beta and PERT, negative binomial, triangular, large-mean Poisson. */
double crq_sampler_draw_other(const crq_sampler *s, crq_rng *r);

/* The guide table of a POISSON_TABLE sampler has 2^CRQ_POISSON_GUIDE_BITS
 * entries: many more than the CDF has values, so that almost every entry
 * is its cell's answer (4 KiB, in the first-level cache). */
#define CRQ_POISSON_GUIDE_BITS 10

/* Poisson by inversion on the tabled CDF, from one word: the guide entry
 * for u's cell of [0,1) is the smallest k whose F(k) can exceed u, so the
 * search takes a step only in the few cells where some F(k) lies. (u
 * beyond the last tabled F, a mass below 2^-53, gets the last k.) */
static inline double crq_poisson_table_word(const crq_sampler *s, uint64_t w) {
  uint64_t j = w >> 11;
  double u = (double)j * 0x1p-53;
  size_t k = s->index[j >> (53 - CRQ_POISSON_GUIDE_BITS)];
  while (k + 1 < s->n && u >= s->prob[k])
    k++;
  return (double)k;
}

/* Walker's alias method from one word: its high part (by a 64×64→128
 * multiply) gives the column, its low part the uniform that decides
 * between the column's own point (*keep) and its alias (uniform given the
 * column). */
static inline size_t crq_alias_column(const crq_sampler *s, uint64_t w,
                                      int *keep) {
  unsigned __int128 m = (unsigned __int128)w * s->n;
  size_t i = (size_t)(m >> 64);
  *keep = (double)((uint64_t)m >> 11) * 0x1p-53 < s->prob[i];
  return i;
}

static inline double crq_discrete_word(const crq_sampler *s, uint64_t w) {
  int keep;
  size_t i = crq_alias_column(s, w, &keep);
  return s->values[keep ? i : s->index[i]];
}

/* One variate. Inline so that each call site in the trial loop has its own
 * branch on the method, which then predicts perfectly (one shared switch
 * mispredicts whenever consecutive draws alternate between methods). */
static inline __attribute__((always_inline)) double
crq_sampler_draw(const crq_sampler *s, crq_rng *r) {
  const double *c = s->c;
  switch (s->method) {
  case CRQ_SAMPLE_CONSTANT:
    return c[0];
  case CRQ_SAMPLE_UNIFORM:
    return c[0] + c[1] * crq_rng_uniform(r);
  case CRQ_SAMPLE_NORMAL:
    return c[0] + c[1] * crq_sample_std_normal(r);
  case CRQ_SAMPLE_LOGNORMAL:
    return crq_exp(c[0] + c[1] * crq_sample_std_normal(r));
  case CRQ_SAMPLE_POISSON_TABLE:
    return crq_poisson_table_word(s, crq_rng_u64(r));
  case CRQ_SAMPLE_BERNOULLI:
    return crq_rng_uniform(r) < c[0];
  case CRQ_SAMPLE_DISCRETE:
    return crq_discrete_word(s, crq_rng_u64(r));
  default:
    return crq_sampler_draw_other(s, r);
  }
}

#endif
