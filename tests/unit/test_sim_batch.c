/* tests/unit/test_sim_batch.c — the batched trial loop (engine/sim/batch.c)
 * and the sparse-year loop (counts.c, run.c) give every trial and every
 * sum bit for bit what the general one-trial-at-a-time loop gives, on the
 * plans they accept; and the batch's vectorised lognormal equals the
 * scalar sampler word by word. */
#include <criterion/criterion.h>
#include <string.h>

#include "compile/plan.h"
#include "sim/batch.h"
#include "sim/counts.h"
#include "sim/run.h"
#include "sim/sample.h"
#include "test_sim_models.h"

static crq_plan *batch_plan(const tm_model *t) {
  crq_diags d;
  crq_diags_init(&d);
  crq_plan *p = NULL;
  cr_assert_eq(crq_plan_compile(&t->m, NULL, &p, &d), CRQ_OK);
  crq_diags_free(&d);
  return p;
}

static void batch_run(const crq_plan *p, const tm_model *t, uint64_t n,
                      int scalar, crq_run *run) {
  crq_diags d;
  crq_diags_init(&d);
  crq_run_options o = {.trials = n, .seed = 5, .threads = 2, .scalar = scalar};
  cr_assert_eq(crq_run_plan(p, &t->m, &o, run, &d), CRQ_OK);
  crq_diags_free(&d);
}

/* Runs t both ways and compares everything the run produced; batched:
 * whether the plan is the batch's (else the sparse loop's). */
static void check_loop(tm_model *t, uint64_t n, int batched) {
  crq_plan *p = batch_plan(t);
  cr_assert_eq(crq_batch_eligible(p), batched);
  cr_assert(crq_counts_usable(p));
  crq_run a, b;
  batch_run(p, t, n, 0, &a);
  batch_run(p, t, n, 1, &b);
  for (int v = 0; v < p->n_variants; v++) {
    cr_assert(memcmp(a.aep[v], b.aep[v], n * sizeof(double)) == 0);
    cr_assert(memcmp(a.oep[v], b.oep[v], n * sizeof(double)) == 0);
  }
  cr_assert(memcmp(a.total, b.total, a.layout.size * sizeof *a.total) == 0);
  crq_run_free(&a);
  crq_run_free(&b);
  crq_plan_free(p);
  tm_free(t);
}

static void check_same(tm_model *t, uint64_t n) {
  check_loop(t, n, 1);
}

Test(sim_batch, plain_lognormal_scenarios_match_the_general_loop) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.1), tm_lognormal(17, 1.2));
  tm_plain(t, "b", tm_poisson(1.5), tm_lognormal(14, 2.0));
  tm_plain(t, "c", tm_poisson(0.02), tm_lognormal(20, 0.5));
  /* exponents below -700 a third of the time: the inline exp's range
   * ends (and the variance is still not zero) */
  tm_plain(t, "d", tm_poisson(0.4), tm_lognormal(-691, 26));
  check_same(t, 2 * 65536 + 999);
}

Test(sim_batch, measures_thinning_and_maps_match) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  size_t b = tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(16, 1.5));
  tm_plain(t, "c", tm_poisson(0.5), tm_lognormal(13, 0.7));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 6, 0));
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, m, b, "loss", "amount", CRQ_EFFECT_SCALE, 0.4);
  tm_effect(t, m, CRQ_TARGET_ALL_SCENARIOS, "loss", "amount", CRQ_EFFECT_SET,
            2e6);
  check_same(t, 70000);
}

Test(sim_batch, one_scenario_and_crowded_years_match) {
  tm_model *t = tm_new(); /* one scenario: no pick word */
  tm_plain(t, "a", tm_poisson(2.5), tm_lognormal(12, 1.0));
  check_same(t, 30000);
  t = tm_new(); /* ~25 events a year: batches end early for want of room */
  tm_plain(t, "a", tm_poisson(20), tm_lognormal(12, 1.0));
  tm_plain(t, "b", tm_poisson(5), tm_lognormal(10, 2.0));
  check_same(t, 30000);
}

/* Plans the batch does not take but whose counts are one Poisson draw:
 * rare events (most years empty, skipped), crowded years, two variants. */
Test(sim_batch, sparse_years_match_the_general_loop) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.05), tm_gamma(2, 1e6));
  tm_plain(t, "b", tm_poisson(0.01), tm_lognormal(14, 2.0));
  check_loop(t, 2 * 65536 + 999, 0);
  t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(12), tm_gamma(2, 1e6));
  tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(16, 1.5));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 6, 0));
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  check_loop(t, 70000, 0);
}

Test(sim_batch, other_plans_take_the_general_loop) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(1), tm_lognormal(12, 1.0));
  tm_plain(t, "b", tm_poisson(1), tm_gamma(2, 1e6)); /* not a lognormal */
  crq_plan *p = batch_plan(t);
  cr_assert_not(crq_batch_eligible(p));
  crq_plan_free(p);
  tm_free(t);
  t = tm_new();
  tm_plain(t, "a", tm_negbin(1, 2), tm_lognormal(12, 1.0)); /* not Poisson */
  p = batch_plan(t);
  cr_assert_not(crq_batch_eligible(p));
  crq_plan_free(p);
  tm_free(t);
}

/* The vectorised lognormal against crq_sampler_draw on the same word. */
Test(sim_batch, lognormal_words_equal_the_sampler) {
  enum { N = 4096 };
  static uint64_t word[N];
  static uint32_t which[N];
  static double mu[N], sigma[N], out[N];
  static int64_t redo[N];
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, 17), 0);
  crq_rng_seek(&r, 3, 0);
  for (size_t i = 0; i < N; i++) {
    word[i] = crq_rng_u64(&r);
    mu[i] = i % 3 == 0 ? -691.0 : 10.0 + (double)(i % 7);
    sigma[i] = i % 3 == 0 ? 26.0 : 0.5 + (double)(i % 5);
    which[i] = (uint32_t)(N - 1 - i); /* parameters by index */
  }
  crq_lognormal_words(word, which, mu, sigma, out, redo, N);
  size_t fast = 0;
  for (size_t i = 0; i < N; i++) {
    size_t j = which[i];
    crq_dist d = tm_lognormal(mu[j], sigma[j]);
    crq_sampler s;
    cr_assert_eq(crq_sampler_init(&s, &d), 0);
    cr_assert_eq(s.method, CRQ_SAMPLE_LOGNORMAL);
    int inside = crq_zig_inside(word[i]);
    double x = mu[j] + sigma[j] * crq_zig_candidate(word[i]);
    cr_assert_eq(redo[i] != 0, !inside || !(fabs(x) < 700), "word %zu", i);
    if (!redo[i]) { /* a one-word draw: the sampler reads only word[i] */
      crq_rng_seek(&r, 3, 0);
      for (size_t k = 0; k < i; k++)
        crq_rng_u64(&r);
      cr_assert_eq(out[i], crq_sampler_draw(&s, &r), "word %zu", i);
      fast++;
    }
    crq_sampler_free(&s);
  }
  cr_assert_gt(fast, N / 2);
  crq_rng_free(&r);
}
