/* engine/sim/trial.h — simulating one year (trial) of a compiled plan.
 *
 * crq_trial_run replays trial t of a plan from its random streams alone:
 * stream (t, CRQ_STREAM_COUNTS) gives the year's event counts (one Poisson
 * count for the superposed Poisson scenarios, then a count per other
 * scenario, in model order), and stream (t, CRQ_STREAM_EVENT(e)) everything
 * about the year's event e (the Poisson events first, then each other
 * scenario's in model order): the scenario pick, the thinning uniform when
 * a frequency effect targets the scenario, every random input, the loss
 * models' uniforms. An event's numbers do not depend on how many the
 * events before it drew, and the batched loop (batch.c) can compute every
 * event's first block at once.
 * The same trial therefore comes out the same on any thread, in any order,
 * and again later when the statistics re-simulate tail trials to break
 * them down. Both variants are evaluated on the same draws, and which
 * numbers a year consumes depends only on the model's structure (never on
 * the measures' achievements), so runs at other achievements see the same
 * events too.
 *
 * The workspace holds one trial's outcome per variant: the annual direct
 * total (AEP), the largest event's direct loss (OEP), the sum per category
 * (indirect included) and per scenario (direct). Nothing is allocated per
 * trial.
 */
#ifndef CRQ_TRIAL_H
#define CRQ_TRIAL_H

#include <stddef.h>
#include <stdint.h>

#include "compile/plan.h"
#include "sim/rng.h"

/* The streams of a year (see above). */
#define CRQ_STREAM_COUNTS 0u
#define CRQ_STREAM_EVENT(e) ((uint32_t)(e) + 1u)

typedef struct crq_trial {
  crq_rng rng;
  double aep[CRQ_MAX_VARIANTS];
  double oep[CRQ_MAX_VARIANTS];
  double cat[CRQ_MAX_VARIANTS][CRQ_CAT_COUNT];
  /* Direct loss per variant and scenario, scen[v * n_scenarios + s];
   * non-zero only for the n_touched scenarios listed in touched. */
  double *scen;
  size_t *touched;
  size_t n_touched;
  unsigned char *is_touched;
  uint64_t *counts; /* events of each plan->counted scenario */
  uint64_t events;  /* events drawn this year (before thinning) */
  int dirty;        /* the outcome is not all zeros */
  /* On failure: the scenario at fault (SIZE_MAX: the Poisson scenarios
   * together, or the annual total) and the offending value. */
  size_t bad_scenario;
  double bad_value;
} crq_trial;

/* Workspace for plan with random numbers from seed. 0, or -1 when out of
 * memory. */
int crq_trial_init(crq_trial *w, const crq_plan *plan, uint64_t seed);
void crq_trial_free(crq_trial *w);

/* Zeroes w's outcome (only what the previous trial touched). */
void crq_trial_reset(const crq_plan *plan, crq_trial *w);

/* Simulates trial t into w. CRQ_ERR_LIMIT when the year has more than
 * CRQ_MAX_EVENTS_PER_TRIAL events, CRQ_ERR_NUMERIC when a loss is negative
 * or not finite (w->bad_scenario, w->bad_value say where). */
crq_status crq_trial_run(const crq_plan *plan, crq_trial *w, uint64_t t);

/* For the batched loop (batch.c), which reads the same words in another
 * order and must treat them the same way.
 * crq_trial_accepted: the variants that keep an event of scenario s whose
 * thinning word is `word` (ignored when s draws no thinning uniform). */
unsigned crq_trial_accepted(const crq_plan *plan, size_t s, uint64_t word);

/* For the batched loop's outcomes (crq_batch_outcome), with the same
 * arithmetic as crq_trial_run's. crq_trial_identity_loss: the loss per
 * variant of identity trigger t whose input drew x, for the variants in
 * accepted (0 for the others); non-zero when one is negative or not
 * finite. crq_trial_add_event: adds an event of scenario s whose one
 * trigger t lost loss[v] to w's year. crq_trial_finish: the end-of-year
 * check of the annual totals (CRQ_ERR_NUMERIC when one is not finite). */
int crq_trial_identity_loss(const crq_plan *plan, const crq_plan_trigger *t,
                            double x, unsigned accepted, double *loss);
void crq_trial_add_event(const crq_plan *plan, crq_trial *w, size_t s,
                         const crq_plan_trigger *t, unsigned accepted,
                         const double *loss);
crq_status crq_trial_finish(const crq_plan *plan, crq_trial *w);

#endif
