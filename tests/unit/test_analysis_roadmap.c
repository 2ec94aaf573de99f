/* tests/unit/test_analysis_roadmap.c — calendar arithmetic and the roadmap
 * on a schedule with known dates: monthly and quarterly steps, the planned
 * path (linear from start to due), the achieved path (dated actuals up to
 * the as-of date, an undated actual capped by the plan), checked exactly on
 * the maximum loss; and the simulated EAL of roadmap points shared with the
 * attribution's coalitions. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "analysis/date.h"
#include "crq/analysis.h"
#include "test_sim_models.h"

Test(analysis_date, parse_and_format) {
  long a, b;
  cr_assert_eq(crq_date_parse("1970-01-01", &a), 0);
  cr_assert_eq(a, 0);
  cr_assert_eq(crq_date_parse("2026-01-01", &a), 0);
  cr_assert_eq(crq_date_parse("2026-07-01", &b), 0);
  cr_assert_eq(b - a, 181);
  cr_assert_eq(crq_date_parse("2024-02-29", &a), 0); /* leap year */
  cr_assert_eq(crq_date_parse("2026-02-29", &a), -1);
  cr_assert_eq(crq_date_parse("2100-02-29", &a), -1); /* century */
  cr_assert_eq(crq_date_parse("2000-02-29", &a), 0);
  cr_assert_eq(crq_date_parse("2026-1-01", &a), -1);
  cr_assert_eq(crq_date_parse("2026-13-01", &a), -1);
  cr_assert_eq(crq_date_parse("2026-01-01x", &a), -1);
  char out[11];
  cr_assert_eq(crq_date_parse("2027-03-31", &a), 0);
  crq_date_format(a, out);
  cr_assert_str_eq(out, "2027-03-31");
}

Test(analysis_date, month_and_quarter_boundaries) {
  long d;
  char out[11];
  cr_assert_eq(crq_date_parse("2026-04-01", &d), 0);
  crq_date_format(crq_date_next_boundary(d, 1), out);
  cr_assert_str_eq(out, "2026-05-01");
  crq_date_format(crq_date_next_boundary(d, 3), out);
  cr_assert_str_eq(out, "2026-07-01");
  cr_assert_eq(crq_date_parse("2026-12-15", &d), 0);
  crq_date_format(crq_date_next_boundary(d, 1), out);
  cr_assert_str_eq(out, "2027-01-01");
  crq_date_format(crq_date_next_boundary(d, 3), out);
  cr_assert_str_eq(out, "2027-01-01");
}

/* One scenario losing L per event. Measure 1 (set the loss to 0) follows
 * KPI k1: 2026-01-01 → 2026-07-01 (181 days), plan 100, actuals 10 on
 * 02-15, 30 on 04-10 and 80 on 06-20 (after the as-of date 05-15, so not
 * yet known). Measure 2 (halve the loss) follows k2: 03-01 → 05-01 (61
 * days), plan 100, an undated actual of 50. The maximum loss at
 * achievements a1, a2 is L(1 − a1)(1 − a2/2). */
static const double L = 1e6;
static crq_kpi_actual k1_actuals[] = {
    {"2026-02-15", 10}, {"2026-04-10", 30}, {"2026-06-20", 80}};

static tm_model *scheduled(void) {
  tm_model *t = tm_new();
  size_t s = tm_plain(t, "s", tm_bernoulli(0.5), tm_const(L));
  size_t k1 = tm_kpi(t, "k1", 100, 30, 0);
  size_t k2 = tm_kpi(t, "k2", 100, 50, 0);
  strcpy(t->kpi[k1].start, "2026-01-01");
  strcpy(t->kpi[k1].due, "2026-07-01");
  t->kpi[k1].n_actuals = 3;
  t->kpi[k1].actuals = k1_actuals;
  strcpy(t->kpi[k2].start, "2026-03-01");
  strcpy(t->kpi[k2].due, "2026-05-01");
  size_t m1 = tm_measure(t, "m1"), m2 = tm_measure(t, "m2");
  tm_measure_kpi(t, m1, k1);
  tm_measure_kpi(t, m2, k2);
  tm_effect(t, m1, s, "loss", "amount", CRQ_EFFECT_SET, 0);
  tm_effect(t, m2, s, "loss", "amount", CRQ_EFFECT_SCALE, 0.5);
  return t;
}

static crq_analysis *roadmap(const tm_model *t, crq_roadmap_step step,
                             const char *as_of, int max_loss_only) {
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.step = step;
  o.max_loss_only = max_loss_only;
  o.sim.trials = 20000;
  o.sim.threads = 1;
  snprintf(o.as_of, sizeof o.as_of, "%s", as_of);
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  cr_assert_eq(crq_analyse(&t->m, NULL, &o, &a, &d), CRQ_OK);
  crq_diags_free(&d);
  return a;
}

static double max_loss(double a1, double a2) {
  return L * (1 - a1) * (1 - a2 / 2);
}

Test(analysis_roadmap, monthly_planned_and_achieved) {
  tm_model *t = scheduled();
  crq_analysis *a = roadmap(t, CRQ_ROADMAP_MONTH, "2026-05-15", 1);
  static const char *dates[] = {"2026-01-01", "2026-02-01", "2026-03-01",
                                "2026-04-01", "2026-05-01", "2026-06-01",
                                "2026-07-01"};
  /* k1 planned: days since 01-01 over 181; k2 planned: days since 03-01
   * over 61. Achieved k1: latest actual known by then; k2: min(planned,
   * 0.5) before the as-of date, 0.5 from it. */
  double plan1[] = {0,           31.0 / 181,  59.0 / 181, 90.0 / 181,
                    120.0 / 181, 151.0 / 181, 1};
  double plan2[] = {0, 0, 0, 31.0 / 61, 1, 1, 1};
  double got1[] = {0, 0, 0.1, 0.1, 0.3, 0.3, 0.3};
  double got2[] = {0, 0, 0, 0.5, 0.5, 0.5, 0.5};
  cr_assert_eq(crq_analysis_roadmap_count(a), 7);
  for (size_t i = 0; i < 7; i++) {
    const crq_roadmap_point *p = crq_analysis_roadmap(a, i);
    cr_assert_str_eq(p->date, dates[i]);
    cr_assert_eq(p->past, i < 5, "%s", p->date);
    cr_assert_float_eq(p->achievement[0][0], plan1[i], 1e-15, "%s", p->date);
    cr_assert_float_eq(p->achievement[0][1], plan2[i], 1e-15, "%s", p->date);
    cr_assert_float_eq(p->achievement[1][0], got1[i], 1e-15, "%s", p->date);
    cr_assert_float_eq(p->achievement[1][1], got2[i], 1e-15, "%s", p->date);
    cr_assert_float_eq(p->max_loss[0], max_loss(plan1[i], plan2[i]), 1e-6, "%s",
                       p->date);
    cr_assert_float_eq(p->max_loss[1], max_loss(got1[i], got2[i]), 1e-6, "%s",
                       p->date);
  }
  cr_assert_null(crq_analysis_roadmap(a, 7));
  crq_analysis_free(a);
  tm_free(t);
}

Test(analysis_roadmap, quarterly_steps_and_later_as_of) {
  tm_model *t = scheduled();
  crq_analysis *a = roadmap(t, CRQ_ROADMAP_QUARTER, "2026-06-30", 1);
  cr_assert_eq(crq_analysis_roadmap_count(a), 3);
  const crq_roadmap_point *p = crq_analysis_roadmap(a, 2);
  cr_assert_str_eq(p->date, "2026-07-01");
  cr_assert_not(p->past);
  /* By 06-30 the 80 of 06-20 is known. */
  cr_assert_float_eq(p->achievement[1][0], 0.8, 1e-15);
  cr_assert_float_eq(p->max_loss[1], max_loss(0.8, 0.5), 1e-6);
  cr_assert_str_eq(crq_analysis_roadmap(a, 1)->date, "2026-04-01");
  crq_analysis_free(a);
  tm_free(t);
}

/* No as-of date, or no due date: no roadmap. A KPI without a start jumps to
 * its plan at the due date. */
Test(analysis_roadmap, schedules_without_dates) {
  tm_model *t = scheduled();
  crq_analysis *a = roadmap(t, CRQ_ROADMAP_MONTH, "", 1);
  cr_assert_eq(crq_analysis_roadmap_count(a), 0);
  crq_analysis_free(a);
  t->kpi[0].start[0] = '\0';
  a = roadmap(t, CRQ_ROADMAP_MONTH, "2026-05-15", 1);
  cr_assert_str_eq(crq_analysis_roadmap(a, 0)->date, "2026-03-01");
  for (size_t i = 0; i < crq_analysis_roadmap_count(a); i++) {
    const crq_roadmap_point *p = crq_analysis_roadmap(a, i);
    cr_assert_eq(p->achievement[0][0], strcmp(p->date, "2026-07-01") >= 0);
  }
  crq_analysis_free(a);
  t->kpi[0].due[0] = t->kpi[1].due[0] = '\0';
  a = roadmap(t, CRQ_ROADMAP_MONTH, "2026-05-15", 1);
  cr_assert_eq(crq_analysis_roadmap_count(a), 0);
  crq_analysis_free(a);
  tm_free(t);
}

/* Simulated: the first planned point is the baseline and the last achieved
 * point the measures' current achievements — the same evaluations as the
 * attribution's empty and full coalitions, so the figures are identical;
 * slippage at the due date is achieved minus planned. */
Test(analysis_roadmap, simulated_points_share_the_coalitions) {
  tm_model *t = scheduled();
  crq_analysis *a = roadmap(t, CRQ_ROADMAP_MONTH, "2026-05-15", 0);
  size_t n = crq_analysis_roadmap_count(a);
  const crq_roadmap_point *first = crq_analysis_roadmap(a, 0);
  const crq_roadmap_point *last = crq_analysis_roadmap(a, n - 1);
  cr_assert_eq(first->eal[0], crq_analysis_waterfall(a, CRQ_FIG_EAL, 0));
  cr_assert_eq(last->eal[1], crq_analysis_waterfall(a, CRQ_FIG_EAL, 2));
  /* Every year has at most one event of L: EAL = P(event) × loss, so the
   * planned EAL at the due date (both KPIs met: loss 0) is 0. */
  cr_assert_eq(last->eal[0], 0.0);
  cr_assert_gt(last->eal[1] - last->eal[0], 0.0);
  /* Distinct effect fractions (a1, a2): the 4 coalitions (0 or 0.3, 0 or
   * 0.5); 6 more planned points (all but the first); 2 more achieved ones,
   * (0.1, 0) and (0.1, 0.5) — the others repeat a coalition. */
  cr_assert_eq(crq_analysis_evaluations(a), 12);
  crq_analysis_free(a);
  tm_free(t);
}
