/* tests/unit/test_compile_plan.c — compiling models into plans: the JCIC
 * deterministic figures, effect composition, partial achievement and the
 * frequency thinning probabilities. */
#include <criterion/criterion.h>
#include <math.h>

#include "compile/plan.h"
#include "test_sim_models.h"

static crq_plan *compile_at(const tm_model *t, const double *ach) {
  crq_diags d;
  crq_diags_init(&d);
  crq_plan *p = NULL;
  crq_status st = crq_plan_compile(&t->m, ach, &p, &d);
  if (st != CRQ_OK)
    crq_diags_print(&d, stderr);
  crq_diags_free(&d);
  cr_assert_eq(st, CRQ_OK);
  return p;
}

static double worst(const crq_plan *p, int v, crq_category c) {
  return crq_plan_worst(p, v, 0, (int)c);
}

Test(compile_plan, jcic_worst_case_now_and_after_measures) {
  tm_model *t = tm_jcic(0.05, 1.0);
  crq_plan *p = compile_at(t, NULL);
  cr_assert_eq(p->n_variants, 2);
  /* 1,333,334 records × 500 × 2 × 6 × 1 × 1 yen */
  cr_assert_eq(worst(p, 0, CRQ_CAT_DATA_THEFT), 8000004000.0);
  cr_assert_eq(worst(p, 0, CRQ_CAT_STOPPAGE), 2e9); /* 1000億/250 × 5 */
  cr_assert_eq(worst(p, 0, CRQ_CAT_FINE), 4e9);     /* max(4%, €20M × 130) */
  cr_assert_eq(worst(p, 0, CRQ_CAT_RESPONSE), 1e8);
  cr_assert_eq(worst(p, 0, CRQ_CAT_COUNT), 14100004000.0);
  /* Fully achieved: identifiability 3, 4 days, response × 0.6. */
  cr_assert_eq(worst(p, 1, CRQ_CAT_DATA_THEFT), 4000002000.0);
  cr_assert_eq(worst(p, 1, CRQ_CAT_STOPPAGE), 1.6e9);
  cr_assert_eq(worst(p, 1, CRQ_CAT_FINE), 4e9);
  cr_assert_float_eq(worst(p, 1, CRQ_CAT_RESPONSE), 0.6e8, 1e-6);
  cr_assert_float_eq(worst(p, 1, CRQ_CAT_COUNT), 9660002000.0, 1e-3);
  /* Frequency: 0.05 → 0.04, realised by thinning at 0.8. */
  cr_assert_float_eq(p->scenarios[0].rate[1], 0.04, 1e-15);
  cr_assert_eq(p->scenarios[0].rate_max, 0.05);
  cr_assert_float_eq(p->scenarios[0].accept[1], 0.8, 1e-15);
  cr_assert_eq(p->scenarios[0].accept[0], 1.0);
  cr_assert(p->scenarios[0].thinned);
  /* Every input constant: one constant loss per trigger and variant. */
  for (size_t k = 0; k < p->n_triggers; k++)
    cr_assert(p->triggers[k].is_constant || p->triggers[k].uses_uniform);
  crq_plan_free(p);
  tm_free(t);
}

Test(compile_plan, jcic_half_achieved_interpolates_linearly) {
  tm_model *t = tm_jcic(0.05, 0.5);
  crq_plan *p = compile_at(t, NULL);
  /* identifiability 6 → 4.5: 1,333,334 × 500 × 2 × 4.5 */
  cr_assert_float_eq(worst(p, 1, CRQ_CAT_DATA_THEFT), 6000003000.0, 1e-3);
  cr_assert_float_eq(worst(p, 1, CRQ_CAT_STOPPAGE), 1.8e9, 1e-3);
  cr_assert_float_eq(worst(p, 1, CRQ_CAT_RESPONSE), 0.8e8, 1e-6);
  /* The step curve needs full achievement: no thinning at 50%. */
  cr_assert_eq(p->scenarios[0].accept[1], 1.0);
  cr_assert_not(p->scenarios[0].thinned);
  crq_plan_free(p);
  tm_free(t);
}

Test(compile_plan, achievement_override_replaces_kpis) {
  tm_model *t = tm_jcic(0.05, 0.0);
  double ach[4] = {1.0, 0.0, 0.25, 2.0}; /* 2 is clipped to 1 */
  crq_plan *p = compile_at(t, ach);
  cr_assert_eq(worst(p, 1, CRQ_CAT_DATA_THEFT), 4000002000.0);
  cr_assert_eq(worst(p, 1, CRQ_CAT_STOPPAGE), 2e9);
  cr_assert_float_eq(worst(p, 1, CRQ_CAT_RESPONSE), 0.9e8, 1e-6);
  cr_assert_float_eq(p->scenarios[0].accept[1], 0.8, 1e-15);
  cr_assert_eq(p->measure_achievement[3], 1.0);
  crq_plan_free(p);
  tm_free(t);
}

/* Two measures on one input compose in declared order into one map:
 * x → (x·0.5) then SET 10 at f = 0.5 → 0.25·x + 5. */
Test(compile_plan, two_effects_on_one_input_compose) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_poisson(1), tm_uniform(0, 100));
  size_t m1 = tm_measure(t, "halve");
  tm_effect(t, m1, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  size_t m2 = tm_measure(t, "move");
  tm_measure_kpi(t, m2, tm_kpi(t, "k", 10, 5, 0));
  tm_effect(t, m2, s, "loss", "amount", CRQ_EFFECT_SET, 10);
  crq_plan *p = compile_at(t, NULL);
  const crq_plan_trigger *tr = &p->triggers[0];
  cr_assert_eq(tr->a[0][0], 1.0);
  cr_assert_eq(tr->b[0][0], 0.0);
  cr_assert_float_eq(tr->a[1][0], 0.25, 1e-15);
  cr_assert_float_eq(tr->b[1][0], 5.0, 1e-15);
  cr_assert_eq(p->n_draws, 1);
  /* Worst case: uniform's upper end 100 → 30 with the measures. */
  cr_assert_eq(worst(p, 0, CRQ_CAT_OTHER), 100.0);
  cr_assert_float_eq(worst(p, 1, CRQ_CAT_OTHER), 30.0, 1e-12);
  crq_plan_free(p);
  tm_free(t);
}

/* An effect on every scenario reaches only those with the target. */
Test(compile_plan, effect_on_all_scenarios) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(1), tm_const(100));
  size_t b = tm_scenario(t, "b", tm_poisson(2));
  tm_trigger(t, b, "response_cost");
  size_t m = tm_measure(t, "m");
  tm_effect(t, m, CRQ_TARGET_ALL_SCENARIOS, "loss", "amount", CRQ_EFFECT_SCALE,
            0.1);
  tm_effect(t, m, CRQ_TARGET_ALL_SCENARIOS, "frequency", NULL, CRQ_EFFECT_SCALE,
            0.5);
  crq_plan *p = compile_at(t, NULL);
  cr_assert_float_eq(worst(p, 1, CRQ_CAT_OTHER), 10.0, 1e-12);
  cr_assert_eq(crq_plan_worst(p, 1, 1, CRQ_CAT_RESPONSE), 6e7);
  cr_assert_float_eq(p->scenarios[0].rate[1], 0.5, 1e-15);
  cr_assert_float_eq(p->scenarios[1].rate[1], 1.0, 1e-15);
  cr_assert_float_eq(p->poisson_rate, 3.0, 1e-15);
  crq_plan_free(p);
  tm_free(t);
}

/* Inputs are clipped to their spec's range after the effects. */
Test(compile_plan, mapped_inputs_are_clipped) {
  tm_model *t = tm_new();
  size_t s = tm_scenario(t, "s", tm_poisson(1));
  tm_input(tm_trigger(t, s, "data_theft"), "records_fraction", tm_const(0.8));
  size_t m = tm_measure(t, "worse");
  tm_effect(t, m, s, "data_theft", "records_fraction", CRQ_EFFECT_SCALE, 2);
  crq_plan *p = compile_at(t, NULL);
  cr_assert_eq(p->triggers[0].fixed[1][0], 1.0);
  cr_assert_eq(worst(p, 1, CRQ_CAT_DATA_THEFT), 8000004000.0);
  crq_plan_free(p);
  tm_free(t);
}

Test(compile_plan, too_frequent_scenario_is_a_limit_error) {
  tm_model *t = tm_new();
  tm_plain(t, "storm", tm_poisson(2e6), tm_const(1));
  crq_diags d;
  crq_diags_init(&d);
  crq_plan *p = NULL;
  cr_assert_eq(crq_plan_compile(&t->m, NULL, &p, &d), CRQ_ERR_LIMIT);
  cr_assert_null(p);
  cr_assert_eq(d.count, 1);
  cr_assert_not_null(strstr(d.items[0].message, "'storm'"));
  cr_assert_eq(d.items[0].line, 10);
  crq_diags_free(&d);
  tm_free(t);
}

Test(compile_plan, infinite_constant_loss_is_an_input_error) {
  tm_model *t = tm_new();
  t->m.org.business_days = 0; /* revenue / 0 */
  size_t s = tm_scenario(t, "s", tm_poisson(1));
  tm_trigger(t, s, "business_stoppage");
  crq_diags d;
  crq_diags_init(&d);
  crq_plan *p = NULL;
  cr_assert_eq(crq_plan_compile(&t->m, NULL, &p, &d), CRQ_ERR_INPUT);
  cr_assert_not_null(strstr(d.items[0].message, "business_stoppage"));
  crq_diags_free(&d);
  tm_free(t);
}

Test(compile_plan, raising_a_negbin_rate_is_rejected) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_negbin(1, 2), tm_const(1));
  size_t m = tm_measure(t, "m");
  tm_effect(t, m, s, "frequency", NULL, CRQ_EFFECT_SCALE, 1.5);
  crq_diags d;
  crq_diags_init(&d);
  crq_plan *p = NULL;
  cr_assert_eq(crq_plan_compile(&t->m, NULL, &p, &d), CRQ_ERR_INPUT);
  cr_assert_not_null(strstr(d.items[0].message, "only to lower"));
  crq_diags_free(&d);
  tm_free(t);
}

/* Curves at a partial achievement of 60%: a table through (0, 0),
 * (0.5, 0.2), (1, 1) gives f = 0.36; a step at 0.5 gives f = 1; a step at
 * 0.7 gives f = 0. */
Test(compile_plan, table_and_step_curves_at_partial_achievement) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(1), tm_const(100));
  size_t b = tm_plain(t, "b", tm_poisson(1), tm_const(100));
  size_t c = tm_plain(t, "c", tm_poisson(1), tm_const(100));
  size_t k = tm_kpi(t, "k", 5, 3, 0); /* 60% */
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, k);
  static double x[] = {0, 0.5, 1}, y[] = {0, 0.2, 1};
  crq_effect *e = tm_effect(t, m, a, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  e->curve = CRQ_CURVE_TABLE;
  e->n_points = 3;
  e->points_x = x;
  e->points_y = y;
  e = tm_effect(t, m, b, "loss", "amount", CRQ_EFFECT_SET, 40);
  e->curve = CRQ_CURVE_STEP;
  e->threshold = 0.5;
  e = tm_effect(t, m, c, "loss", "amount", CRQ_EFFECT_SET, 40);
  e->curve = CRQ_CURVE_STEP;
  e->threshold = 0.7;
  crq_plan *p = compile_at(t, NULL);
  cr_assert_float_eq(p->measure_achievement[0], 0.6, 1e-15);
  cr_assert_float_eq(crq_plan_worst(p, 1, a, CRQ_CAT_OTHER), 82.0, 1e-12);
  cr_assert_eq(crq_plan_worst(p, 1, b, CRQ_CAT_OTHER), 40.0);
  cr_assert_eq(crq_plan_worst(p, 1, c, CRQ_CAT_OTHER), 100.0);
  crq_plan_free(p);
  tm_free(t);
}
