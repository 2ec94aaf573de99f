/* engine/compile/achievement.h — from KPI values to effect fractions.
 *
 * A measure acts through its effects to the degree its KPIs are achieved:
 *   KPI achievement      a_k = actual ÷ plan clipped to [0,1]
 *                              (plan ÷ actual for lower-is-better KPIs);
 *   measure achievement  A_m = mean of its KPIs' a_k (1 with no KPI);
 *   effect fraction      f   = curve(A_m): linear, step or table.
 * The compiler uses the KPIs' latest actuals; roadmaps and what-if drivers
 * evaluate the same functions at projected values or dates. Internal to the
 * engine (not part of the public API).
 */
#ifndef CRQ_ACHIEVEMENT_H
#define CRQ_ACHIEVEMENT_H

#include <stddef.h>

#include "model_def.h"

/* Achievement in [0,1] of KPI k if it stood at `value` (NAN: not measured,
 * achievement 0). */
double crq_kpi_achievement(const crq_kpi *k, double value);

/* Achievement of every KPI of the model at its latest actual, into
 * out[model->n_kpis]. */
void crq_kpi_achievements(const crq_model *model, double *out);

/* Achievement of measure m given every KPI's achievement. */
double crq_measure_achievement(const crq_model *model, size_t m,
                               const double *kpi_achievement);

/* Effect fraction in [0,1] of effect e at measure achievement a. */
double crq_effect_fraction(const crq_effect *e, double a);

#endif
