/* tests/unit/test_analysis_shapley.c — attribution on small hand-computed
 * cases: the waterfall in declared order, exact Shapley values that add up
 * to the whole reduction, memoised evaluations, a measure that changes
 * nothing, the limit on the number of measures, and the simulated EAL
 * against its expectation within 5 standard errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "crq/analysis.h"
#include "test_sim_models.h"

static crq_analysis *analyse(const tm_model *t, const crq_result *run,
                             int max_loss_only, uint64_t trials) {
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.max_loss_only = max_loss_only;
  o.sim.trials = trials;
  o.sim.seed = 11;
  o.sim.has_seed = 1;
  o.sim.threads = 1;
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  crq_status st = crq_analyse(&t->m, run, &o, &a, &d);
  if (st != CRQ_OK)
    crq_diags_print(&d, stderr);
  cr_assert_eq(st, CRQ_OK);
  crq_diags_free(&d);
  return a;
}

/* Loss 1000 per event. A halves it, B sets it to 300 (after A: A's cut
 * is lost once B applies), C only thins the frequency. Coalition values of
 * the maximum loss: ∅ 1000, A 500, B 300, C 1000, AB 300, AC 500, BC 300,
 * ABC 300. With w(0) = w(2) = 1/3, w(1) = 1/6:
 *   φ_A = (1000−500)/3 + (1000−500)/6 = 250,
 *   φ_B = (1000−300)/3 + (500−300)/6 + (1000−300)/6 + (500−300)/3 = 450,
 *   φ_C = 0; and 250 + 450 = 1000 − 300. */
static tm_model *three_measures(void) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_poisson(0.5), tm_const(1000));
  size_t a = tm_measure(t, "A"), b = tm_measure(t, "B"), c = tm_measure(t, "C");
  tm_effect(t, a, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, b, s, "loss", "amount", CRQ_EFFECT_SET, 300);
  tm_effect(t, c, s, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  return t;
}

Test(analysis_shapley, hand_computed_maximum_loss) {
  tm_model *t = three_measures();
  crq_analysis *a = analyse(t, NULL, 1, 0);
  cr_assert_eq(crq_analysis_measure_count(a), 3);
  cr_assert_not(crq_analysis_simulated(a));
  double fall[] = {1000, 500, 300, 300};
  for (size_t k = 0; k <= 3; k++)
    cr_assert_float_eq(crq_analysis_waterfall(a, CRQ_FIG_MAX_LOSS, k), fall[k],
                       1e-9, "step %zu", k);
  cr_assert_float_eq(crq_analysis_shapley(a, CRQ_FIG_MAX_LOSS, 0), 250, 1e-9);
  cr_assert_float_eq(crq_analysis_shapley(a, CRQ_FIG_MAX_LOSS, 1), 450, 1e-9);
  cr_assert_eq(crq_analysis_shapley(a, CRQ_FIG_MAX_LOSS, 2), 0.0);
  /* Not simulated: the other figures are unknown. */
  cr_assert(isnan(crq_analysis_shapley(a, CRQ_FIG_EAL, 0)));
  crq_verdict v;
  cr_assert_eq(crq_analysis_verdict(a, 0, 0, &v), -1);
  /* 8 coalitions, but C's frequency effect is part of the key, so all 8
   * have distinct effect fractions. */
  cr_assert_eq(crq_analysis_evaluations(a), 8);
  crq_analysis_free(a);
  tm_free(t);
}

/* At partial achievements the coalitions use the current achievement:
 * A at 0.5 scales by 0.75 (1000 → 750), B at 0.5 moves halfway to 300
 * (x → 0.5x + 150). Values: ∅ 1000, A 750, B 650, AB 525; φ_A =
 * ((1000−750) + (650−525))/2 = 187.5, φ_B = ((1000−650) + (750−525))/2 =
 * 287.5, adding up to 475 = 1000 − 525. */
Test(analysis_shapley, partial_achievements) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_poisson(0.5), tm_const(1000));
  size_t a = tm_measure(t, "A"), b = tm_measure(t, "B");
  tm_measure_kpi(t, a, tm_kpi(t, "ka", 10, 5, 0));
  tm_measure_kpi(t, b, tm_kpi(t, "kb", 4, 2, 0));
  tm_effect(t, a, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, b, s, "loss", "amount", CRQ_EFFECT_SET, 300);
  crq_analysis *an = analyse(t, NULL, 1, 0);
  cr_assert_float_eq(crq_analysis_achievement(an, 0), 0.5, 1e-15);
  cr_assert_float_eq(crq_analysis_shapley(an, CRQ_FIG_MAX_LOSS, 0), 187.5,
                     1e-9);
  cr_assert_float_eq(crq_analysis_shapley(an, CRQ_FIG_MAX_LOSS, 1), 287.5,
                     1e-9);
  cr_assert_float_eq(crq_analysis_waterfall(an, CRQ_FIG_MAX_LOSS, 2), 525,
                     1e-9);
  crq_analysis_free(an);
  tm_free(t);
}

/* A halves the loss, B halves the frequency. EAL of every coalition on
 * the same trials: L·N̄ (∅), L·N̄/2 (A), L·N̄ₜ (B), L·N̄ₜ/2 (AB), where N̄
 * and N̄ₜ are the mean event counts before and after thinning. Expected:
 * φ_A = φ_B = 3λL/8. φ_A − 3λL/8 = L(N̄ − λ + N̄ₜ − λ/2)/4, whose SE is at
 * most L(√(λ/n) + √(λ/(2n)))/4. The values add up to the paired
 * reduction exactly. */
Test(analysis_shapley, simulated_eal_within_5_se) {
  const double L = 1000, lambda = 2;
  const uint64_t n = 50000;
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_poisson(lambda), tm_const(L));
  size_t a = tm_measure(t, "A"), b = tm_measure(t, "B");
  tm_effect(t, a, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, b, s, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  crq_analysis *an = analyse(t, NULL, 0, n);
  double se = L * (sqrt(lambda / n) + sqrt(lambda / (2.0 * n))) / 4;
  for (size_t m = 0; m < 2; m++)
    cr_assert_leq(
        fabs(crq_analysis_shapley(an, CRQ_FIG_EAL, m) - 3 * lambda * L / 8),
        5 * se, "measure %zu", m);
  double total = crq_analysis_waterfall(an, CRQ_FIG_EAL, 0) -
                 crq_analysis_waterfall(an, CRQ_FIG_EAL, 2);
  double sum = crq_analysis_shapley(an, CRQ_FIG_EAL, 0) +
               crq_analysis_shapley(an, CRQ_FIG_EAL, 1);
  cr_assert_float_eq(sum, total, 1e-12 * total);
  /* A acts on the same events: exactly half of the baseline's EAL. */
  cr_assert_float_eq(crq_analysis_waterfall(an, CRQ_FIG_EAL, 1),
                     crq_analysis_waterfall(an, CRQ_FIG_EAL, 0) / 2, 1e-12 * L);
  crq_analysis_free(an);
  tm_free(t);
}

/* The run's two variants stand in for the empty and the full coalition;
 * every figure is then bit-identical to an analysis that simulates them. */
Test(analysis_shapley, reusing_the_run_changes_nothing) {
  tm_model *t = three_measures();
  crq_result *run = tm_run(t, 20000, 11, 1);
  crq_analysis *with = analyse(t, run, 0, 20000);
  crq_analysis *without = analyse(t, NULL, 0, 20000);
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    for (size_t m = 0; m < 3; m++) {
      cr_assert_eq(crq_analysis_shapley(with, (crq_figure)f, m),
                   crq_analysis_shapley(without, (crq_figure)f, m));
      cr_assert_eq(crq_analysis_waterfall(with, (crq_figure)f, m),
                   crq_analysis_waterfall(without, (crq_figure)f, m));
    }
  cr_assert_eq(crq_analysis_waterfall(without, CRQ_FIG_EAL, 3),
               crq_result_eal(run, CRQ_MEASURES).value);
  crq_analysis_free(with);
  crq_analysis_free(without);
  crq_result_free(run);
  tm_free(t);
}

Test(analysis_shapley, a_run_of_other_trials_is_refused) {
  tm_model *t = three_measures();
  crq_result *run = tm_run(t, 1000, 11, 1);
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.sim.trials = 2000;
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  cr_assert_eq(crq_analyse(&t->m, run, &o, &a, &d), CRQ_ERR_USAGE);
  cr_assert_null(a);
  cr_assert_not_null(strstr(d.items[0].message, "1000 trials"));
  crq_diags_free(&d);
  crq_result_free(run);
  tm_free(t);
}

Test(analysis_shapley, more_than_ten_measures_are_refused) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_poisson(1), tm_const(10));
  static const char *ids[] = {"m0", "m1", "m2", "m3", "m4", "m5",
                              "m6", "m7", "m8", "m9", "m10"};
  for (size_t i = 0; i < 11; i++)
    tm_effect(t, tm_measure(t, ids[i]), s, "loss", "amount", CRQ_EFFECT_SCALE,
              0.9);
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.max_loss_only = 1;
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  cr_assert_eq(crq_analyse(&t->m, NULL, &o, &a, &d), CRQ_ERR_LIMIT);
  cr_assert_not_null(strstr(d.items[0].message, "at most 10 measures"));
  crq_diags_free(&d);
  tm_free(t);
}

Test(analysis_shapley, bad_options_are_refused) {
  tm_model *t = three_measures();
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  snprintf(o.as_of, sizeof o.as_of, "2026-02-30");
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  cr_assert_eq(crq_analyse(&t->m, NULL, &o, &a, &d), CRQ_ERR_USAGE);
  cr_assert_not_null(strstr(d.items[0].message, "expected YYYY-MM-DD"));
  crq_analysis_options_init(&o);
  o.amortisation_years = -1;
  cr_assert_eq(crq_analyse(&t->m, NULL, &o, &a, &d), CRQ_ERR_USAGE);
  crq_diags_free(&d);
  tm_free(t);
}

/* Without measures there is nothing to attribute: one evaluation, the
 * baseline, and no ROSI. */
Test(analysis_shapley, model_without_measures) {
  tm_model *t = tm_new();
  tm_plain(t, "s", tm_poisson(1), tm_const(10));
  crq_analysis *a = analyse(t, NULL, 1, 0);
  cr_assert_eq(crq_analysis_measure_count(a), 0);
  cr_assert_eq(crq_analysis_evaluations(a), 1);
  cr_assert_eq(crq_analysis_waterfall(a, CRQ_FIG_MAX_LOSS, 0), 10.0);
  cr_assert(isnan(crq_analysis_shapley(a, CRQ_FIG_MAX_LOSS, 0)));
  crq_rosi r = crq_analysis_rosi(a, CRQ_ALL_MEASURES);
  cr_assert(isnan(r.rosi));
  crq_analysis_free(a);
  tm_free(t);
}
