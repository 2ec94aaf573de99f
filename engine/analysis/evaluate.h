/* engine/analysis/evaluate.h — the model's figures at chosen measure
 * achievements, each distinct point evaluated once.
 *
 * Attribution needs every subset of the measures and a roadmap every step
 * of two paths; many of these coincide (a measure fully achieved is the
 * same whether it got there by plan or by fact; a step curve below its
 * threshold is the same as no measure). Points are therefore keyed by what
 * the simulation actually sees: the fraction of every effect. Points are
 * collected first (crq_evals_add), then evaluated together
 * (crq_evals_run), so the progress callback knows the total work.
 *
 * Every point is simulated with the same options (trials, seed), so all
 * points share their random numbers and differences between them are
 * paired. A point's figures are those of the with-measures variant; the
 * baseline (every fraction 0) and the run's own achievements can be taken
 * from an existing run. Internal to the engine.
 */
#ifndef CRQ_ANALYSIS_EVALUATE_H
#define CRQ_ANALYSIS_EVALUATE_H

#include <stddef.h>

#include "crq/analysis.h"
#include "model_def.h"

/* The points, as flat arrays of n rows. */
typedef struct crq_evals {
  const crq_model *model;
  size_t n_measures, n_effects, n_appetite;
  size_t n, capacity;
  double *ach;  /* n × n_measures: achievements simulated at */
  double *key;  /* n × n_effects: the effect fractions (identity of a point) */
  double *fig;  /* n × CRQ_FIG_COUNT; NAN until evaluated */
  int *verdict; /* n × n_appetite: crq_verdict, or -1 when not simulated */
} crq_evals;

void crq_evals_init(crq_evals *e, const crq_model *model);
void crq_evals_free(crq_evals *e);

/* The index of the point at achievements ach[n_measures], added when no
 * point has the same effect fractions; (size_t)-1 when out of memory. */
size_t crq_evals_add(crq_evals *e, const double *ach);

/* Figure f of point i. */
static inline double crq_evals_fig(const crq_evals *e, size_t i, crq_figure f) {
  return e->fig[i * CRQ_FIG_COUNT + (size_t)f];
}

/* Evaluates every point: by simulation with opts->sim (reusing `run`, when
 * not NULL, for the baseline and for run's own achievements `run_ach`),
 * or, with opts->max_loss_only, by compiling the worst case only. */
crq_status crq_evals_run(crq_evals *e, const crq_result *run,
                         const double *run_ach,
                         const crq_analysis_options *opts, crq_diags *diags);

#endif
