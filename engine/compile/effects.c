/* engine/compile/effects.c — the measures' effects as one affine map per
 * input and variant.
 *
 * An effect at fraction f maps an input x to x·(1 + f·(value − 1)) (SCALE)
 * or to x + f·(value − x) (SET). Both are affine, and affine maps compose
 * into one: applying every effect on an input in declared order (measures
 * in file order, effects in order within a measure) gives x → a·x + b. The
 * trial loop then spends one multiply-add per input and variant, whatever
 * the number of measures. Frequency effects compose the same way on the
 * scenario's rate, which the simulation realises by thinning.
 */
#include "compile/achievement.h"
#include "compile/compile_steps.h"
#include "crq/result.h"

/* Composes the effect at fraction f after the map (a, b). */
static void compose(double *a, double *b, const crq_effect *e, double f) {
  if (e->op == CRQ_EFFECT_SCALE) {
    double s = 1.0 + f * (e->value - 1.0);
    *a *= s;
    *b *= s;
  } else {
    *a *= 1.0 - f;
    *b = (1.0 - f) * *b + f * e->value;
  }
}

static crq_plan_trigger *find_trigger(crq_plan *plan, size_t s,
                                      unsigned model) {
  const crq_plan_scenario *sc = &plan->scenarios[s];
  for (size_t t = sc->trigger_begin; t < sc->trigger_end; t++)
    if (plan->triggers[t].model == model)
      return &plan->triggers[t];
  return NULL;
}

static crq_status apply_effect(const crq_model *model, const crq_effect *e,
                               double f, crq_plan *plan, double *freq_a,
                               double *freq_b, crq_diags *diags) {
  int all = e->scenario == CRQ_TARGET_ALL_SCENARIOS;
  size_t first = all ? 0 : e->scenario;
  size_t last = all ? model->n_scenarios : e->scenario + 1;
  for (size_t s = first; s < last; s++) {
    if (e->model == CRQ_TARGET_FREQUENCY) {
      compose(&freq_a[s], &freq_b[s], e, f);
      continue;
    }
    crq_plan_trigger *t = find_trigger(plan, s, e->model);
    if (t == NULL && all)
      continue; /* "every scenario that has the target" */
    if (t == NULL || e->input >= crq_loss_models[e->model]->n_inputs)
      return crq_diags_add(
          diags, CRQ_ERR_INPUT, model->file, e->mark.line, e->mark.column,
          "effect targets an input scenario '%s' does not have; expected an "
          "input of a loss model the scenario triggers",
          model->scenarios[s].id);
    compose(&t->a[CRQ_MEASURES][e->input], &t->b[CRQ_MEASURES][e->input], e, f);
  }
  return CRQ_OK;
}

crq_status crq_compose_effects(const crq_model *model,
                               const double *measure_achievement,
                               crq_plan *plan, double *freq_a, double *freq_b,
                               crq_diags *diags) {
  for (size_t m = 0; m < model->n_measures; m++) {
    const crq_measure *ms = &model->measures[m];
    for (size_t i = 0; i < ms->n_effects; i++) {
      const crq_effect *e = &ms->effects[i];
      double f = crq_effect_fraction(e, measure_achievement[m]);
      crq_status st = apply_effect(model, e, f, plan, freq_a, freq_b, diags);
      if (st != CRQ_OK)
        return st;
    }
  }
  return CRQ_OK;
}
