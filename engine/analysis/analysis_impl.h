/* engine/analysis/analysis_impl.h — the analysis object behind
 * crq/analysis.h, shared by its parts: analysis.c (options, the order of
 * the steps), attribution.c (subsets, waterfall, Shapley), roadmap.c
 * (dates, planned and achieved paths) and rosi.c (costs, verdicts).
 *
 * Every figure lives in the evaluation set (evaluate.h); the parts keep
 * indices into it: the subset with member mask S (bit m set = measure m at
 * its current achievement) is evaluation subset[S], the waterfall's step k
 * is the subset (1 << k) − 1, and roadmap point i has a planned and an
 * achieved evaluation.
 */
#ifndef CRQ_ANALYSIS_IMPL_H
#define CRQ_ANALYSIS_IMPL_H

#include "analysis/evaluate.h"
#include "crq/analysis.h"

struct crq_analysis {
  const crq_model *model;
  crq_analysis_options opts; /* as resolved (amortisation_years > 0) */
  size_t n_measures;
  double *current; /* the measures' achievements from their KPIs */
  crq_evals evals;
  size_t *subset;  /* 2^n_measures evaluation indices */
  double *shapley; /* CRQ_FIG_COUNT × n_measures */
  size_t n_points;
  crq_roadmap_point *points;
  size_t *point_eval; /* n_points × 2: planned, achieved */
  double *point_ach;  /* n_points × 2 × n_measures */
  crq_rosi *rosi;     /* n_measures + 1; the last is every measure */
};

/* Adds every subset of the measures to the evaluations. */
crq_status crq_attribution_collect(crq_analysis *a);
/* The Shapley values, once the subsets are evaluated. */
crq_status crq_attribution_compute(crq_analysis *a);

/* Lays out the roadmap's dates and adds its points to the evaluations
 * (nothing without an as-of date or KPI due dates). */
crq_status crq_roadmap_collect(crq_analysis *a, crq_diags *diags);
/* Copies the evaluated figures into the roadmap points. */
void crq_roadmap_finish(crq_analysis *a);

/* ROSI of every measure and of all together, from the Shapley values. */
crq_status crq_rosi_compute(crq_analysis *a);

/* The member mask of the subset of every measure. */
static inline size_t crq_analysis_full_mask(const crq_analysis *a) {
  return ((size_t)1 << a->n_measures) - 1;
}

#endif
