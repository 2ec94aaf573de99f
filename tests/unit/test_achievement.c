/* tests/unit/test_achievement.c — KPI achievement as progress from the
 * baseline (both directions), dated actuals, and how achievements become
 * effects: the linear, step and table curves and two measures composed on
 * one input, checked exactly on the compiled affine maps and worst case. */
#include <criterion/criterion.h>
#include <math.h>

#include "compile/achievement.h"
#include "compile/plan.h"
#include "test_sim_models.h"

static crq_kpi progress_kpi(double baseline, double plan, int lower) {
  return (crq_kpi){
      .id = "k", .baseline = baseline, .plan = plan, .lower_is_better = lower};
}

Test(achievement, default_baseline_is_the_jcic_ratio) {
  crq_kpi k = progress_kpi(0, 100, 0);
  cr_assert_float_eq(crq_kpi_achievement(&k, 60), 0.6, 1e-15);
  cr_assert_eq(crq_kpi_achievement(&k, 100), 1.0);
  cr_assert_eq(crq_kpi_achievement(&k, 130), 1.0); /* clipped */
}

Test(achievement, progress_from_a_baseline) {
  crq_kpi k = progress_kpi(20, 80, 0); /* e.g. patch rate 20% → 80% */
  cr_assert_eq(crq_kpi_achievement(&k, 20), 0.0);
  cr_assert_float_eq(crq_kpi_achievement(&k, 50), 0.5, 1e-15);
  cr_assert_eq(crq_kpi_achievement(&k, 10), 0.0); /* worse than at start */
  cr_assert_eq(crq_kpi_achievement(&k, 90), 1.0);
}

/* Mean time to detect: 48 h at the start, plan 12 h; 24 h is 24 of the
 * 36 hours to cut. */
Test(achievement, lower_is_better_from_a_baseline) {
  crq_kpi k = progress_kpi(48, 12, 1);
  cr_assert_float_eq(crq_kpi_achievement(&k, 24), 24.0 / 36.0, 1e-15);
  cr_assert_eq(crq_kpi_achievement(&k, 48), 0.0);
  cr_assert_eq(crq_kpi_achievement(&k, 60), 0.0);
  cr_assert_eq(crq_kpi_achievement(&k, 12), 1.0);
  cr_assert_eq(crq_kpi_achievement(&k, 6), 1.0);
  cr_assert_eq(crq_kpi_achievement(&k, NAN), 0.0);
}

/* Without a baseline above the plan a lower-is-better KPI keeps the JCIC
 * inversion, plan ÷ actual. */
Test(achievement, lower_is_better_without_baseline) {
  crq_kpi k = progress_kpi(0, 12, 1);
  cr_assert_float_eq(crq_kpi_achievement(&k, 24), 0.5, 1e-15);
  cr_assert_eq(crq_kpi_achievement(&k, 12), 1.0);
}

Test(achievement, dated_actuals_give_the_value_on_any_date) {
  crq_kpi_actual a[] = {{"2026-05-31", 15}, {"2026-07-31", 35}};
  crq_kpi k = progress_kpi(0, 100, 0);
  k.n_actuals = 2;
  k.actuals = a;
  cr_assert(isnan(crq_kpi_actual_on(&k, "2026-05-30")));
  cr_assert_eq(crq_kpi_actual_on(&k, "2026-05-31"), 15);
  cr_assert_eq(crq_kpi_actual_on(&k, "2026-07-30"), 15);
  cr_assert_eq(crq_kpi_actual_on(&k, "2026-07-31"), 35);
  cr_assert_eq(crq_kpi_actual_on(&k, "2027-01-01"), 35);
}

/* A scenario losing 100 per event, and a measure whose one KPI runs from
 * baseline 20 to plan 70 and stands at 50: achievement 0.6. */
static tm_model *one_input_model(size_t *measure) {
  tm_model *t = tm_new();
  tm_plain(t, "s", tm_poisson(1), tm_const(100));
  size_t k = tm_kpi(t, "k", 70, 50, 0);
  t->kpi[k].baseline = 20;
  *measure = tm_measure(t, "m");
  tm_measure_kpi(t, *measure, k);
  return t;
}

static double worst(const tm_model *t) {
  crq_plan *p = tm_plan(t);
  double w = crq_plan_worst(p, CRQ_MEASURES, 0, CRQ_CAT_OTHER);
  crq_plan_free(p);
  return w;
}

Test(achievement, linear_curve_from_baseline_progress) {
  size_t m;
  tm_model *t = one_input_model(&m);
  tm_effect(t, m, 0, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  /* f = 0.6: 100 × (1 + 0.6 × (0.5 − 1)) = 70 */
  cr_assert_float_eq(worst(t), 70.0, 1e-12);
  tm_free(t);
}

Test(achievement, step_curve) {
  size_t m;
  tm_model *t = one_input_model(&m);
  crq_effect *e = tm_effect(t, m, 0, "loss", "amount", CRQ_EFFECT_SET, 30);
  e->curve = CRQ_CURVE_STEP;
  e->threshold = 0.6; /* reached exactly: the whole effect */
  cr_assert_eq(worst(t), 30.0);
  e->threshold = 0.61;
  cr_assert_eq(worst(t), 100.0);
  tm_free(t);
}

Test(achievement, table_curve) {
  size_t m;
  tm_model *t = one_input_model(&m);
  static double x[] = {0, 0.5, 1}, y[] = {0, 0.2, 1};
  crq_effect *e = tm_effect(t, m, 0, "loss", "amount", CRQ_EFFECT_SET, 0);
  e->curve = CRQ_CURVE_TABLE;
  e->n_points = 3;
  e->points_x = x;
  e->points_y = y;
  /* f(0.6) = 0.2 + 0.1/0.5 × 0.8 = 0.36; 100 → 64 */
  cr_assert_float_eq(worst(t), 64.0, 1e-12);
  tm_free(t);
}

/* Two measures on one input compose in declared order, m1 (achievement
 * 0.6) then m2 (0.5). Scale by 0.5 on m1 (x → 0.7x), set to 40 on m2
 * (x → 0.5x + 20): x → 0.35x + 20, 100 → 55. Swapped, set to 40 on m1
 * (x → 0.4x + 24), scale by 0.5 on m2 (× 0.75): x → 0.3x + 18, 100 → 48. */
Test(achievement, two_measures_compose_into_one_affine_map) {
  for (int order = 0; order < 2; order++) {
    size_t m1;
    tm_model *t = one_input_model(&m1);   /* achievement 0.6 */
    size_t k2 = tm_kpi(t, "k2", 4, 2, 0); /* 0.5 */
    size_t m2 = tm_measure(t, "m2");
    tm_measure_kpi(t, m2, k2);
    tm_effect(t, order ? m1 : m2, 0, "loss", "amount", CRQ_EFFECT_SET, 40);
    tm_effect(t, order ? m2 : m1, 0, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
    crq_plan *p = tm_plan(t);
    const crq_plan_trigger *tr = &p->triggers[0];
    double a = order ? 0.4 * 0.75 : 0.7 * 0.5;
    double b = order ? 0.6 * 40 * 0.75 : 20;
    cr_assert_float_eq(tr->a[CRQ_MEASURES][0], a, 1e-15, "order %d", order);
    cr_assert_float_eq(tr->b[CRQ_MEASURES][0], b, 1e-12, "order %d", order);
    cr_assert_eq(tr->a[CRQ_BASELINE][0], 1.0);
    cr_assert_eq(tr->b[CRQ_BASELINE][0], 0.0);
    cr_assert_float_eq(crq_plan_worst(p, CRQ_MEASURES, 0, CRQ_CAT_OTHER),
                       a * 100 + b, 1e-12);
    crq_plan_free(p);
    tm_free(t);
  }
}
