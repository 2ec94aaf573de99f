/* tests/unit/test_compile_achievement.c — KPI and measure achievement and
 * the effect curves (linear, step, table). */
#include <criterion/criterion.h>
#include <math.h>

#include "compile/achievement.h"
#include "test_sim_models.h"

static crq_kpi kpi(double plan, int lower) {
  return (crq_kpi){.id = "k", .plan = plan, .lower_is_better = lower};
}

Test(compile_achievement, higher_is_better_is_actual_over_plan) {
  crq_kpi k = kpi(3, 0);
  cr_assert_float_eq(crq_kpi_achievement(&k, 2), 2.0 / 3.0, 1e-15);
  cr_assert_eq(crq_kpi_achievement(&k, 3), 1.0);
  cr_assert_eq(crq_kpi_achievement(&k, 5), 1.0);   /* clipped */
  cr_assert_eq(crq_kpi_achievement(&k, -1), 0.0);  /* clipped */
  cr_assert_eq(crq_kpi_achievement(&k, NAN), 0.0); /* not measured */
}

Test(compile_achievement, lower_is_better_is_plan_over_actual) {
  crq_kpi k = kpi(4, 1); /* e.g. hours to contain */
  cr_assert_float_eq(crq_kpi_achievement(&k, 8), 0.5, 1e-15);
  cr_assert_eq(crq_kpi_achievement(&k, 4), 1.0);
  cr_assert_eq(crq_kpi_achievement(&k, 0), 1.0);
  cr_assert_eq(crq_kpi_achievement(&k, NAN), 0.0);
}

Test(compile_achievement, plans_without_a_ratio) {
  crq_kpi zero_incidents = kpi(0, 1);
  cr_assert_eq(crq_kpi_achievement(&zero_incidents, 0), 1.0);
  cr_assert_eq(crq_kpi_achievement(&zero_incidents, 2), 0.0);
  crq_kpi nothing = kpi(0, 0);
  cr_assert_eq(crq_kpi_achievement(&nothing, 0), 1.0);
  crq_kpi negative = kpi(-2, 0);
  cr_assert_eq(crq_kpi_achievement(&negative, -3), 0.0);
  cr_assert_eq(crq_kpi_achievement(&negative, -1), 1.0);
}

Test(compile_achievement, measure_is_mean_of_its_kpis) {
  tm_model *t = tm_new();
  size_t a = tm_kpi(t, "a", 10, 5, 0);   /* 0.5 */
  size_t b = tm_kpi(t, "b", 10, 10, 0);  /* 1 */
  size_t c = tm_kpi(t, "c", 10, NAN, 0); /* 0 */
  size_t m1 = tm_measure(t, "m1");
  tm_measure_kpi(t, m1, a);
  tm_measure_kpi(t, m1, b);
  tm_measure_kpi(t, m1, c);
  size_t m2 = tm_measure(t, "none");
  double ach[3];
  crq_kpi_achievements(&t->m, ach);
  cr_assert_float_eq(crq_measure_achievement(&t->m, m1, ach), 0.5, 1e-15);
  cr_assert_eq(crq_measure_achievement(&t->m, m2, ach), 1.0);
  tm_free(t);
}

Test(compile_achievement, curves) {
  crq_effect e = {.curve = CRQ_CURVE_LINEAR};
  cr_assert_eq(crq_effect_fraction(&e, 0.3), 0.3);
  cr_assert_eq(crq_effect_fraction(&e, 1.7), 1.0);
  e.curve = CRQ_CURVE_STEP;
  e.threshold = 0.8;
  cr_assert_eq(crq_effect_fraction(&e, 0.79), 0.0);
  cr_assert_eq(crq_effect_fraction(&e, 0.8), 1.0);
  double x[] = {0.2, 0.5, 0.5, 1.0}, y[] = {0.0, 0.6, 0.8, 1.0};
  e.curve = CRQ_CURVE_TABLE;
  e.n_points = 4;
  e.points_x = x;
  e.points_y = y;
  cr_assert_eq(crq_effect_fraction(&e, 0.1), 0.0); /* flat before */
  cr_assert_float_eq(crq_effect_fraction(&e, 0.35), 0.3, 1e-15);
  cr_assert_float_eq(crq_effect_fraction(&e, 0.5), 0.6, 1e-15);
  cr_assert_float_eq(crq_effect_fraction(&e, 0.75), 0.9, 1e-15);
  cr_assert_eq(crq_effect_fraction(&e, 1.0), 1.0);
}
