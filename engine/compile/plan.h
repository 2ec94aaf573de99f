/* engine/compile/plan.h — the compiled plan: a model as flat arrays.
 *
 * The trial loop must not chase the model's nested structs, parse anything
 * or decide per event what an effect means. Compiling resolves all of that
 * once: every scenario gets its frequency (rate per variant, thinning
 * probabilities, a count sampler), an offset range into a flat array of
 * triggers (one per loss model it triggers), and every trigger an offset
 * range into a flat array of random inputs ("draws"), each with its sampler
 * and, per variant, the affine map x → a·x + b that the measures' effects
 * compose to. Constant inputs are folded into per-variant fixed values, and
 * a trigger with no randomness at all into a per-variant constant loss.
 *
 * Variants: 1 (baseline only) for a model without measures, else 2
 * (CRQ_BASELINE with identity maps, CRQ_MEASURES at the measures' current
 * achievement). Poisson scenarios are superposed: one Poisson count at their
 * total rate, each event's scenario picked from a Walker alias table
 * (`pick`, a DISCRETE sampler over scenario indices).
 *
 * A plan borrows nothing mutable from the model but keeps pointers to its
 * loss-model table; it is read-only once compiled and may be shared by
 * threads. Internal to the engine.
 */
#ifndef CRQ_PLAN_H
#define CRQ_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "crq/status.h"
#include "loss_model.h"
#include "model_def.h"
#include "sim/sample.h"

#define CRQ_MAX_VARIANTS 2

/* The most events one simulated year may have (all scenarios together).
 * A model that draws more fails with CRQ_ERR_LIMIT naming the scenario. */
#define CRQ_MAX_EVENTS_PER_TRIAL 1000000u

/* One random input of a trigger: drawn once per event, shared by the
 * variants, then mapped by the trigger's per-variant affine map of its slot
 * and clipped to the input's range. */
typedef struct crq_plan_draw {
  crq_sampler sampler;
  unsigned slot; /* input index in the loss model's spec order */
  double lo, hi; /* the input spec's range */
} crq_plan_draw;

/* One loss model triggered by a scenario. */
typedef struct crq_plan_trigger {
  double (*loss)(const double *in, const crq_org *org, double u);
  crq_category category;
  unsigned model;    /* index into crq_loss_models[] */
  unsigned n_inputs; /* the loss model's */
  int uses_uniform;
  /* No random input and no uniform: the loss is const_loss[v]. */
  int is_constant;
  double const_loss[CRQ_MAX_VARIANTS];
  /* The loss is the one random input (the plain model): the trial loop
   * skips the call through `loss`. */
  int is_identity;
  /* Every input after the effects, constants filled in; the random slots
   * are overwritten per event. */
  double fixed[CRQ_MAX_VARIANTS][CRQ_MODEL_MAX_INPUTS];
  /* Per-variant affine map of every input (identity for the baseline). */
  double a[CRQ_MAX_VARIANTS][CRQ_MODEL_MAX_INPUTS];
  double b[CRQ_MAX_VARIANTS][CRQ_MODEL_MAX_INPUTS];
  size_t draw_begin, draw_end; /* range in plan->draws */
} crq_plan_trigger;

typedef struct crq_plan_scenario {
  crq_dist_kind kind;              /* the frequency's kind */
  double rate[CRQ_MAX_VARIANTS];   /* mean events a year, per variant */
  double rate_max;                 /* events are drawn at this rate */
  double accept[CRQ_MAX_VARIANTS]; /* rate[v] / rate_max: thinning */
  int thinned;                     /* some accept[v] < 1 */
  /* A frequency effect targets the scenario: every event draws the
   * thinning uniform, whatever the achievement (so that runs at other
   * achievements consume the same numbers). */
  int draws_thinning;
  int has_count;                     /* count sampler in use (non-Poisson) */
  crq_sampler count;                 /* non-Poisson: events a year */
  size_t trigger_begin, trigger_end; /* range in plan->triggers */
} crq_plan_scenario;

typedef struct crq_plan {
  int n_variants;
  /* The one variant is the measures' (crq_plan_keep_measures): its maps
   * and thinning need not be the identity. */
  int measures_only;
  crq_org org;
  size_t n_scenarios;
  crq_plan_scenario *scenarios;
  size_t n_triggers;
  crq_plan_trigger *triggers;
  size_t n_draws;
  crq_plan_draw *draws;

  /* Poisson superposition: count at the total rate, then the scenario. */
  double poisson_rate;    /* sum of the Poisson scenarios' rate_max */
  size_t poisson_largest; /* the Poisson scenario with the largest rate */
  int has_poisson;        /* poisson_rate > 0 */
  crq_sampler poisson;    /* Poisson(poisson_rate) */
  crq_sampler pick;       /* DISCRETE over Poisson scenario indices */
  size_t n_counted;       /* non-Poisson scenarios with events possible */
  size_t *counted;        /* their indices, in model order */

  /* Achievements the measures were compiled at (n_measures entries). */
  size_t n_measures;
  double *measure_achievement;

  /* Deterministic worst case of one event per variant, scenario and
   * category, with [CRQ_CAT_COUNT] the direct total:
   * worst[(v * n_scenarios + s) * (CRQ_CAT_COUNT + 1) + c]. */
  double *worst;
} crq_plan;

/* Compiles model into *out. measure_achievement (n_measures entries in
 * [0,1]) overrides the achievements computed from the KPIs' actuals; pass
 * NULL to use the KPIs. Fails with CRQ_ERR_NOMEM, or CRQ_ERR_INPUT /
 * CRQ_ERR_LIMIT with a diagnostic pointing at the model element. */
crq_status crq_plan_compile(const crq_model *model,
                            const double *measure_achievement, crq_plan **out,
                            crq_diags *diags);
void crq_plan_free(crq_plan *plan);

/* Keeps only the with-measures variant of a plan of two: variant 0 becomes
 * it. The events are drawn as before (at each scenario's largest rate,
 * thinned), so the variant's every figure is the two-variant run's to the
 * bit, for about half the work per event. For what-if points, which read
 * only that variant. */
void crq_plan_keep_measures(crq_plan *plan);

/* The worst case entry of plan for (variant, scenario, category or
 * CRQ_CAT_COUNT for the direct total). */
double crq_plan_worst(const crq_plan *plan, int variant, size_t scenario,
                      int category);

#endif
