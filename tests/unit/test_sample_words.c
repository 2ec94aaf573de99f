/* tests/unit/test_sample_words.c — the samplers' word-level pieces: the
 * ends of the Poisson table, the ziggurat tables against their defining
 * identities, the inline exp against expl, and the vectorised draws
 * (crq_poisson_words, crq_alias_words) against the scalar samplers word
 * for word. (The vectorised lognormal is checked with the batch loop, in
 * test_sim_batch.c.)
 */
#include <criterion/criterion.h>
#include <gsl/gsl_sf_erf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sample.h"

static const crq_dist poisson_325 = {
    .kind = CRQ_DIST_POISSON, .p = {3.25}, .lo = -INFINITY, .hi = INFINITY};

/* The ends of the Poisson table: u = 0 gives 0, the largest u the last
 * tabled count (no read past the table). */
Test(sample_words, poisson_table_ends) {
  crq_dist d = poisson_325;
  crq_sampler s;
  crq_rng r;
  cr_assert(crq_sampler_init(&s, &d) == 0 && crq_rng_init(&r, 1) == 0);
  r.buf[0] = 0;
  r.buf[1] = UINT64_MAX;
  r.next = 0;
  cr_assert_eq(crq_sampler_draw(&s, &r), 0);
  double top = crq_sampler_draw(&s, &r);
  cr_assert(top == (double)(s.n - 1) && top > 15, "top %g of %zu", top, s.n);
  crq_rng_free(&r);
  crq_sampler_free(&s);
}

/* The vectorised Poisson draws against crq_poisson_table_word, word by
 * word: random words, the words on either side of every tabled F(k) and of
 * every guide cell's edge, and the two ends. Where the guide entry is not
 * the answer the vector draw must say so (and only there). */
Test(sample_words, poisson_words_equal_the_sampler) {
  enum { RANDOM = 4096 };
  crq_dist d = poisson_325;
  crq_sampler s;
  crq_rng r;
  cr_assert(crq_sampler_init(&s, &d) == 0 && crq_rng_init(&r, 7) == 0);
  cr_assert_eq(s.method, CRQ_SAMPLE_POISSON_TABLE);
  size_t cells = (size_t)1 << CRQ_POISSON_GUIDE_BITS;
  size_t n = RANDOM + 2 * s.n + 2 * cells + 2, m = 0, stepped = 0;
  uint64_t *w = malloc(n * sizeof *w), *out = malloc(n * sizeof *out);
  cr_assert(w && out);
  for (size_t i = 0; i < RANDOM; i++)
    w[m++] = crq_rng_u64(&r);
  for (size_t k = 0; k < s.n; k++) { /* u just below F(k), and at it */
    uint64_t j = (uint64_t)(s.prob[k] * 0x1p53);
    w[m++] = (j - (j > 0)) << 11;
    w[m++] = j << 11;
  }
  for (size_t c = 0; c < cells; c++) { /* a cell's first word, and the last
                                          of the cell before */
    uint64_t edge = (uint64_t)c << (64 - CRQ_POISSON_GUIDE_BITS);
    w[m++] = edge;
    w[m++] = edge - 1;
  }
  w[m++] = 0;
  w[m++] = UINT64_MAX;
  crq_poisson_words(&s, w, out, m);
  for (size_t i = 0; i < m; i++) {
    uint64_t want = (uint64_t)crq_poisson_table_word(&s, w[i]);
    uint64_t guide = s.index[(w[i] >> 11) >> (53 - CRQ_POISSON_GUIDE_BITS)];
    if (out[i] == UINT64_MAX) {
      cr_assert_gt(want, guide, "word %zu: marked, but the guide is right", i);
      stepped++;
    } else {
      cr_assert_eq(out[i], want, "word %zu", i);
    }
  }
  cr_assert(stepped > 0 && stepped < m / 4, "%zu of %zu words stepped", stepped,
            m);
  free(w);
  free(out);
  crq_rng_free(&r);
  crq_sampler_free(&s);
}

/* The vectorised alias draws against crq_discrete_word, word by word:
 * random words, and the words at the columns' edges (the low 64 bits of
 * w·n wrapping, where a wrong carry would show). */
Test(sample_words, alias_words_equal_the_sampler) {
  enum { N = 4099, POINTS = 20 };
  double values[POINTS], probs[POINTS];
  for (int i = 0; i < POINTS; i++) {
    values[i] = i;
    probs[i] = (1.0 + (i % 7)) / 80.0;
  }
  probs[POINTS - 1] = 0;
  double left = 1;
  for (int i = 0; i < POINTS - 1; i++)
    left -= probs[i];
  probs[0] += left;
  crq_dist d = {.kind = CRQ_DIST_DISCRETE,
                .lo = -INFINITY,
                .hi = INFINITY,
                .n = POINTS,
                .values = values,
                .probs = probs};
  crq_sampler s;
  cr_assert_eq(crq_sampler_init(&s, &d), 0);
  cr_assert_eq(s.method, CRQ_SAMPLE_DISCRETE);
  uint64_t point[2 * POINTS], w[N];
  uint32_t out[N];
  for (size_t i = 0; i < s.n; i++) {
    point[i] = (uint64_t)s.values[i];
    point[s.n + i] = (uint64_t)s.values[s.index[i]];
  }
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, 99), 0);
  for (size_t i = 0; i < N; i++)
    w[i] = crq_rng_u64(&r);
  for (size_t c = 0; c < POINTS; c++) { /* column c's first and last word */
    unsigned __int128 edge = ((unsigned __int128)c << 64) / POINTS;
    w[4 * c] = (uint64_t)edge;
    w[4 * c + 1] = (uint64_t)edge + 1;
    w[4 * c + 2] = (uint64_t)edge - 1;
  }
  w[N - 1] = UINT64_MAX;
  w[N - 2] = 0;
  crq_alias_words(&s, point, w, out, N);
  for (size_t i = 0; i < N; i++)
    cr_assert_eq(out[i], (uint32_t)crq_discrete_word(&s, w[i]), "word %zu", i);
  crq_rng_free(&r);
  crq_sampler_free(&s);
}

Test(sample_words, ziggurat_tables) {
  cr_assert_eq(crq_zig_x[1], CRQ_ZIG_R);
  cr_assert_eq(crq_zig_x[256], 0);
  cr_assert_eq(crq_zig_f[256], 1);
  double r = CRQ_ZIG_R, fr = exp(-0.5 * r * r);
  double base = r * fr + sqrt(M_PI / 2) * gsl_sf_erfc(r / M_SQRT2);
  cr_assert(fabs(base - CRQ_ZIG_V) < 1e-15, "base strip %.17g", base);
  cr_assert(fabs(crq_zig_x[0] * fr - CRQ_ZIG_V) < 1e-17);
  for (int i = 0; i <= 256; i++) {
    /* exp(−x²/2) amplifies x's rounding (relative 2^-53) x²-fold. */
    double x = crq_zig_x[i], f = exp(-0.5 * x * x);
    cr_assert(fabs(crq_zig_f[i] - f) <= (1 + x * x) * 0x1p-52 * f, "f[%d]", i);
  }
  for (int i = 1; i < 256; i++) { /* every layer has the base's area */
    double area = crq_zig_x[i] * (crq_zig_f[i + 1] - crq_zig_f[i]);
    cr_assert(fabs(area - CRQ_ZIG_V) < 1e-12 * CRQ_ZIG_V, "layer %d: %.17g", i,
              area);
    cr_assert(crq_zig_x[i + 1] < crq_zig_x[i]);
  }
  for (int i = 0; i < 256; i++) { /* thresholds: 2^53·x[i+1]/x[i] rounded up */
    double k = ceil(ldexp(crq_zig_x[i + 1] / crq_zig_x[i], 53));
    cr_assert(fabs((double)crq_zig_k[i] - k) <= 2, "k[%d] %.17g vs %.17g", i,
              (double)crq_zig_k[i], k);
  }
}

/* crq_exp within 0.52 ulp of the exact value (expl, 64-bit mantissa) over
 * its inline range, and exp()'s results outside it. */
Test(sample_words, fast_exp) {
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, 2024), 0);
  double worst = 0, at = 0;
  for (int i = 0; i < 1000000; i++) {
    double u = crq_rng_uniform(&r);
    double x = (i & 1) ? (u - 0.5) * 1399.99 : (u - 0.5) * 4;
    long double e = expl((long double)x);
    double b = (double)e, ulp = nextafter(b, INFINITY) - b;
    double err = (double)fabsl((long double)crq_exp(x) - e) / ulp;
    if (err > worst) {
      worst = err;
      at = x;
    }
  }
  crq_rng_free(&r);
  cr_assert(worst < 0.52, "crq_exp error %.4f ulp at %.17g", worst, at);
  static const double outside[] = {700, -700.5, 709.7, -745.2, -800, 710};
  for (size_t i = 0; i < sizeof outside / sizeof *outside; i++)
    cr_assert_eq(crq_exp(outside[i]), exp(outside[i]));
  cr_assert(isnan(crq_exp(NAN)));
  cr_assert_eq(crq_exp(INFINITY), INFINITY);
  cr_assert_eq(crq_exp(-INFINITY), 0);
  cr_assert_eq(crq_exp(0), 1);
}
