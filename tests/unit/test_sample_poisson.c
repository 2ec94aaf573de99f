/* tests/unit/test_sample_poisson.c — the guided search of the Poisson
 * table gives, word for word, the count plain inversion gives: the
 * smallest k with u < F(k), searched from k = 0. Checked at the first and
 * last word of every guide cell and on both sides of every tabled F(k),
 * where a wrong guide entry would show, and on a spread of other words.
 * (The counts' distribution itself is tested in test_sample.c.) */
#include <criterion/criterion.h>
#include <math.h>

#include "sim/sample.h"

/* Plain inversion of the table from its start. */
static double inverse_from_zero(const crq_sampler *s, uint64_t j) {
  double u = (double)j * 0x1p-53;
  size_t k = 0;
  while (k + 1 < s->n && u >= s->prob[k])
    k++;
  return (double)k;
}

static void check_word(const crq_sampler *s, uint64_t j, double mean) {
  j &= (UINT64_C(1) << 53) - 1;
  cr_assert_eq(crq_poisson_table_word(s, j << 11), inverse_from_zero(s, j),
               "mean %g j %llu", mean, (unsigned long long)j);
}

Test(sample_poisson, guided_search_equals_plain_inversion) {
  static const double means[] = {0.05, 1.0, 3.25, 12.0, 29.5};
  const uint64_t cell = UINT64_C(1) << (53 - CRQ_POISSON_GUIDE_BITS);
  for (size_t m = 0; m < sizeof means / sizeof *means; m++) {
    crq_dist d = {.kind = CRQ_DIST_POISSON, .p = {means[m]}};
    crq_sampler s;
    cr_assert_eq(crq_sampler_init(&s, &d), 0);
    cr_assert_eq(s.method, CRQ_SAMPLE_POISSON_TABLE);
    for (uint64_t g = 0; g < (UINT64_C(1) << CRQ_POISSON_GUIDE_BITS); g++) {
      check_word(&s, g * cell, means[m]);
      check_word(&s, (g + 1) * cell - 1, means[m]);
    }
    for (size_t k = 0; k < s.n; k++) { /* u just below, at and above F(k) */
      uint64_t at = (uint64_t)ceil(s.prob[k] * 0x1p53);
      for (uint64_t j = at - 1; j <= at + 1; j++)
        check_word(&s, j, means[m]);
    }
    for (uint64_t i = 0, x = 1; i < 100000; i++) {
      x = x * 6364136223846793005u + 1442695040888963407u;
      check_word(&s, x >> 11, means[m]);
    }
    crq_sampler_free(&s);
  }
}
