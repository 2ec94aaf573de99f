/* engine/compile/achievement.h — from KPI values to effect fractions.
 *
 * A measure acts through its effects to the degree its KPIs are achieved:
 *   KPI achievement      a_k = progress from the KPI's baseline to its plan,
 *                              (actual − baseline) ÷ (plan − baseline)
 *                              clipped to [0,1] (= actual ÷ plan, the JCIC
 *                              ratio, for the default baseline 0); lower-is-
 *                              better KPIs work the same way from a baseline
 *                              above the plan;
 *   measure achievement  A_m = mean of its KPIs' a_k (1 with no KPI);
 *   effect fraction      f   = curve(A_m): linear, step or table.
 * The compiler uses the KPIs' latest actuals; roadmaps and what-if drivers
 * evaluate the same functions at other values or dates. Internal to the
 * engine (not part of the public API). Formulas: docs/kpi.md.
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

/* The value of KPI k on `date` (YYYY-MM-DD): its latest dated actual on or
 * before that date, NAN when it has none by then. */
double crq_kpi_actual_on(const crq_kpi *k, const char *date);

/* Achievement of measure m given every KPI's achievement. */
double crq_measure_achievement(const crq_model *model, size_t m,
                               const double *kpi_achievement);

/* Effect fraction in [0,1] of effect e at measure achievement a. */
double crq_effect_fraction(const crq_effect *e, double a);

#endif
