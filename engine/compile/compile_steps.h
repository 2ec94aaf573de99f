/* engine/compile/compile_steps.h — the steps crq_plan_compile runs, each in
 * its own file: composing the measures' effects into affine maps
 * (effects.c) and the deterministic worst case (worst.c). Internal. */
#ifndef CRQ_COMPILE_STEPS_H
#define CRQ_COMPILE_STEPS_H

#include "compile/plan.h"

/* Composes, for variant CRQ_MEASURES, every effect of every measure (in
 * declared order) at its achievement into the triggers' affine maps and
 * into freq_a/freq_b[n_scenarios], the maps of the scenarios' rates (which
 * the caller initialises to identity). */
crq_status crq_compose_effects(const crq_model *model,
                               const double *measure_achievement,
                               crq_plan *plan, double *freq_a, double *freq_b,
                               crq_diags *diags);

/* Fills plan->worst: per variant and scenario, one event with every input
 * at crq_dist_worst(settings.worst_case_quantile), mapped and clipped like
 * a drawn value, and the loss models' uniform at 0. */
crq_status crq_compute_worst_case(const crq_model *model, crq_plan *plan,
                                  crq_diags *diags);

/* Clips x to [lo, hi]. */
static inline double crq_clip(double x, double lo, double hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

#endif
