/* engine/compile/worst.c — the deterministic maximum loss (the JCIC figure).
 *
 * The JCIC model states one number per category: what a single incident
 * costs when everything goes wrong. crq keeps it beside the simulation: for
 * each scenario and variant, one event with every input at its worst case
 * (the upper end of a bounded input, else its quantile at
 * simulation.worst_case_quantile), passed through the variant's affine map
 * like a drawn value, and the loss models' uniform at 0 (a regulator that
 * may fine does fine). Loss models are non-decreasing in every input and
 * the maps have a ≥ 0, so this is the largest loss one event can have
 * (for bounded inputs) — frequency plays no part.
 */
#include <math.h>
#include <string.h>

#include "compile/compile_steps.h"

static double trigger_worst(const crq_plan *plan, const crq_plan_trigger *t,
                            const crq_trigger *mt, int v, double q) {
  const crq_loss_model *lm = crq_loss_models[t->model];
  double in[CRQ_MODEL_MAX_INPUTS];
  for (unsigned i = 0; i < lm->n_inputs; i++) {
    double w = crq_dist_worst(&mt->inputs[i], q);
    in[i] = crq_clip(t->a[v][i] * w + t->b[v][i], lm->inputs[i].min,
                     lm->inputs[i].max);
  }
  return t->loss(in, &plan->org, 0.0);
}

crq_status crq_compute_worst_case(const crq_model *model, crq_plan *plan,
                                  crq_diags *diags) {
  const size_t stride = CRQ_CAT_COUNT + 1;
  double q = model->settings.worst_case_quantile;
  for (int v = 0; v < plan->n_variants; v++) {
    for (size_t s = 0; s < plan->n_scenarios; s++) {
      const crq_plan_scenario *sc = &plan->scenarios[s];
      double *row = plan->worst + ((size_t)v * plan->n_scenarios + s) * stride;
      memset(row, 0, stride * sizeof *row);
      for (size_t k = sc->trigger_begin; k < sc->trigger_end; k++) {
        const crq_plan_trigger *t = &plan->triggers[k];
        const crq_trigger *mt =
            &model->scenarios[s].triggers[k - sc->trigger_begin];
        double loss = trigger_worst(plan, t, mt, v, q);
        if (!(loss >= 0.0 && loss < INFINITY))
          return crq_diags_add(
              diags, CRQ_ERR_INPUT, model->file, mt->mark.line, mt->mark.column,
              "the worst-case loss of %s in scenario '%s' is %g; expected "
              "a finite, non-negative amount",
              crq_loss_models[t->model]->key, model->scenarios[s].id, loss);
        row[t->category] += loss;
        if (t->category < CRQ_CAT_DIRECT_COUNT)
          row[CRQ_CAT_COUNT] += loss;
      }
    }
  }
  return CRQ_OK;
}

double crq_plan_worst(const crq_plan *plan, int variant, size_t scenario,
                      int category) {
  return plan->worst[((size_t)variant * plan->n_scenarios + scenario) *
                         (CRQ_CAT_COUNT + 1) +
                     (size_t)category];
}
