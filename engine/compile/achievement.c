/* engine/compile/achievement.c — KPI and measure achievement, effect curves.
 *
 * The JCIC KPI model defines achievement as actual ÷ plan; crq clips it to
 * [0,1] and inverts it (plan ÷ actual) for KPIs where lower is better (hours
 * to detect, incidents). The ratio is undefined when the plan is not
 * positive; then a KPI counts as achieved (1) when the value meets the plan
 * and not at all (0) otherwise. A KPI not yet measured (NAN) counts as 0.
 * The KPI's baseline does not enter the ratio (it is where a roadmap's
 * projection starts). Formulas: docs/methodology.md §5.
 */
#include "compile/achievement.h"

#include <math.h>

static double clip01(double x) {
  return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

double crq_kpi_achievement(const crq_kpi *k, double value) {
  if (isnan(value))
    return 0.0;
  if (k->lower_is_better) {
    if (value <= k->plan)
      return 1.0; /* met, including a plan of 0 met exactly */
    return k->plan > 0.0 ? clip01(k->plan / value) : 0.0;
  }
  if (k->plan <= 0.0)
    return value >= k->plan ? 1.0 : 0.0;
  return clip01(value / k->plan);
}

void crq_kpi_achievements(const crq_model *model, double *out) {
  for (size_t i = 0; i < model->n_kpis; i++)
    out[i] = crq_kpi_achievement(&model->kpis[i], model->kpis[i].actual);
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
