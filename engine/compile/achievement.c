/* engine/compile/achievement.c — KPI and measure achievement, effect curves.
 *
 * A KPI's achievement is its progress from where it started (baseline) to
 * where it should be (plan): (actual − baseline) ÷ (plan − baseline),
 * clipped to [0,1]. With the default baseline 0 this is the JCIC ratio
 * actual ÷ plan. The same formula serves lower-is-better KPIs whose
 * baseline lies above the plan (mean time to detect 48 h → plan 12 h;
 * actual 24 h is 24 ÷ 36 = 2/3 of the way).
 *
 * When the baseline is not on the worse side of the plan (a lower-is-better
 * KPI left at the default baseline 0, or a baseline already at the plan)
 * there is no progress to measure from it, and the JCIC ratio applies:
 * actual ÷ plan, plan ÷ actual for lower-is-better KPIs, and pass/fail (1
 * when the value meets the plan, else 0) when the plan is not positive.
 * A KPI not yet measured (NAN) counts as 0. Formulas: docs/kpi.md.
 */
#include "compile/achievement.h"

#include <math.h>
#include <string.h>

static double clip01(double x) {
  return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

/* The JCIC ratio, for KPIs without a usable baseline. */
static double ratio(const crq_kpi *k, double value) {
  if (k->lower_is_better) {
    if (value <= k->plan)
      return 1.0; /* met, including a plan of 0 met exactly */
    return k->plan > 0.0 ? clip01(k->plan / value) : 0.0;
  }
  if (k->plan <= 0.0)
    return value >= k->plan ? 1.0 : 0.0;
  return clip01(value / k->plan);
}

double crq_kpi_achievement(const crq_kpi *k, double value) {
  if (isnan(value))
    return 0.0;
  double room = k->plan - k->baseline; /* > 0 up, < 0 down to the plan */
  if (k->lower_is_better ? room < 0.0 : room > 0.0)
    return clip01((value - k->baseline) / room);
  return ratio(k, value);
}

void crq_kpi_achievements(const crq_model *model, double *out) {
  for (size_t i = 0; i < model->n_kpis; i++)
    out[i] = crq_kpi_achievement(&model->kpis[i], model->kpis[i].actual);
}

/* ISO dates (YYYY-MM-DD) compare as strings. */
double crq_kpi_actual_on(const crq_kpi *k, const char *date) {
  double value = NAN;
  for (size_t i = 0; i < k->n_actuals; i++) {
    if (strcmp(k->actuals[i].date, date) > 0)
      break;
    value = k->actuals[i].value;
  }
  return value;
}

double crq_measure_achievement(const crq_model *model, size_t m,
                               const double *kpi_achievement) {
  const crq_measure *ms = &model->measures[m];
  if (ms->n_kpis == 0)
    return 1.0;
  double sum = 0.0;
  for (size_t i = 0; i < ms->n_kpis; i++)
    sum += kpi_achievement[ms->kpis[i]];
  return sum / (double)ms->n_kpis;
}

/* Piecewise-linear interpolation through the table's points, flat beyond
 * the first and last achievement. */
static double table_fraction(const crq_effect *e, double a) {
  const double *x = e->points_x, *y = e->points_y;
  size_t n = e->n_points;
  if (a <= x[0])
    return y[0];
  if (a >= x[n - 1])
    return y[n - 1];
  size_t i = 1;
  while (x[i] < a)
    i++;
  double w = (a - x[i - 1]) / (x[i] - x[i - 1]);
  return y[i - 1] + w * (y[i] - y[i - 1]);
}

double crq_effect_fraction(const crq_effect *e, double a) {
  a = clip01(a);
  switch (e->curve) {
  case CRQ_CURVE_STEP:
    return a >= e->threshold ? 1.0 : 0.0;
  case CRQ_CURVE_TABLE:
    return clip01(table_fraction(e, a));
  case CRQ_CURVE_LINEAR:
  default:
    return a;
  }
}
