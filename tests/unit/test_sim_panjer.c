/* tests/unit/test_sim_panjer.c — with a severity on whole multiples of a
 * unit, the whole distribution of the simulated annual loss must match the
 * exact one from Panjer's recursion (Panjer 1981) for the (a, b, 0) class:
 *   g_0 = P(N = 0) (f_0 = 0 here),
 *   g_s = Σ_{j=1..s} (a + b·j/s) f_j g_{s−j},
 * Poisson(λ): a = 0, b = λ; negative binomial (mean m, size r, β = m/r):
 * a = β/(1+β), b = (r − 1)·a. The empirical CDF at every support point is
 * compared within 5 binomial standard errors, where the normal
 * approximation holds (at least 5 expected years on each side). */
#include <criterion/criterion.h>
#include <math.h>

#include "test_sim_models.h"

enum { TRIALS = 200000, MAX_S = 400 };

static void panjer(double a, double b, double g0, const double *f, int nf,
                   double *g, int n) {
  g[0] = g0;
  for (int s = 1; s < n; s++) {
    g[s] = 0.0;
    for (int j = 1; j <= s && j < nf; j++)
      g[s] += (a + b * j / s) * f[j] * g[s - j];
  }
}

static int compare_cdf(crq_result *r, const double *g, double unit) {
  double F = 0.0, n = TRIALS;
  int checked = 0;
  for (int s = 0; s < MAX_S; s++) {
    F += g[s];
    if (n * F < 5 || n * (1 - F) < 5)
      continue;
    crq_estimate above =
        crq_result_exceedance(r, CRQ_BASELINE, CRQ_AEP, s * unit);
    double Fhat = 1.0 - above.value, se = sqrt(F * (1 - F) / n);
    cr_assert_leq(fabs(Fhat - F), 5 * se, "CDF at %d units: %g, exact %g", s,
                  Fhat, F);
    checked++;
  }
  return checked;
}

/* Severity 1, 2, 3 or 5 units with probabilities f. */
static double values[] = {1e6, 2e6, 3e6, 5e6};
static double probs[] = {0.4, 0.3, 0.2, 0.1};
static const double f[] = {0, 0.4, 0.3, 0.2, 0, 0.1};

Test(sim_panjer, compound_poisson_matches_exactly) {
  tm_model *t = tm_new();
  double lambda = 2.5;
  tm_plain(t, "s", tm_poisson(lambda), tm_discrete(4, values, probs));
  crq_result *r = tm_run(t, TRIALS, 101, 1);
  double g[MAX_S];
  panjer(0.0, lambda, exp(-lambda), f, 6, g, MAX_S);
  cr_assert_geq(compare_cdf(r, g, 1e6), 15);
  crq_result_free(r);
  tm_free(t);
}

Test(sim_panjer, compound_negbin_matches_exactly) {
  tm_model *t = tm_new();
  double m = 3.0, size = 1.5, beta = m / size;
  tm_plain(t, "s", tm_negbin(m, size), tm_discrete(4, values, probs));
  crq_result *r = tm_run(t, TRIALS, 102, 1);
  double a = beta / (1 + beta), g[MAX_S];
  panjer(a, (size - 1) * a, pow(1 + beta, -size), f, 6, g, MAX_S);
  cr_assert_geq(compare_cdf(r, g, 1e6), 30);
  crq_result_free(r);
  tm_free(t);
}

/* Two Poisson scenarios with discrete severities superpose into one
 * compound Poisson with the mixed severity. */
Test(sim_panjer, superposed_poisson_matches_exactly) {
  tm_model *t = tm_new();
  static double v1[] = {1e6, 2e6}, p1[] = {0.5, 0.5};
  static double v2[] = {3e6}, p2[] = {1.0};
  tm_plain(t, "a", tm_poisson(1.0), tm_discrete(2, v1, p1));
  tm_plain(t, "b", tm_poisson(0.5), tm_discrete(1, v2, p2));
  crq_result *r = tm_run(t, TRIALS, 103, 1);
  double lambda = 1.5, mix[] = {0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, g[MAX_S];
  panjer(0.0, lambda, exp(-lambda), mix, 4, g, MAX_S);
  cr_assert_geq(compare_cdf(r, g, 1e6), 10);
  crq_result_free(r);
  tm_free(t);
}
