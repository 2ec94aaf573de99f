/* engine/sim/partial.h — mergeable partial sums of a block of trials.
 *
 * Each chunk of trials accumulates, per variant, Σx and Σx² of the annual
 * direct total (AEP), of the largest event (OEP), of every category
 * (indirect included) and of every scenario's direct loss; plus Σd and Σd²
 * of the paired difference d = AEP(baseline) − AEP(measures), and the
 * number of events drawn. A block is a flat array of doubles; blocks merge
 * by adding them element by element, in chunk-index order, so any split of
 * the trials over threads or processes gives bit-identical totals.
 *
 * Layout: quantity q of variant v has Σx at crq_partial_at(L, v, q) and Σx²
 * right after it. A run that keeps no scenario sums (scenario_sums 0:
 * crq_sim_options.no_scenario_eal) leaves theirs at zero.
 *
 * Lanes: a chunk's block is CRQ_PARTIAL_LANES blocks of L.size doubles.
 * Trial t's year totals (AEP, OEP, categories, the paired difference) go
 * to lane t mod CRQ_PARTIAL_LANES (crq_partial_lane), each lane's sums in
 * trial order, so that the batched add-up can add four years at once
 * instead of waiting on one chain of additions; the scenarios' sums and
 * the events go to lane 0. crq_partial_fold then adds lanes 1, 2, 3 into
 * lane 0, in that order: the same bits for any loop, thread or process.
 */
#ifndef CRQ_PARTIAL_H
#define CRQ_PARTIAL_H

#include <stddef.h>
#include <stdint.h>

#include "crq/model.h"

enum {
  CRQ_Q_AEP = 0,
  CRQ_Q_OEP = 1,
  CRQ_Q_CAT = 2,                 /* + category */
  CRQ_Q_SCEN = 2 + CRQ_CAT_COUNT /* + scenario */
};

typedef struct crq_partial_layout {
  int n_variants;
  size_t n_scenarios;
  int scenario_sums;  /* whether the scenarios' sums are added up */
  size_t per_variant; /* quantities per variant */
  size_t diff;        /* Σd, Σd² of the paired AEP difference */
  size_t events;      /* number of events drawn */
  size_t size;        /* doubles per block */
} crq_partial_layout;

static inline crq_partial_layout
crq_partial_layout_of(int n_variants, size_t n_scenarios, int scenario_sums) {
  crq_partial_layout L;
  L.n_variants = n_variants;
  L.n_scenarios = n_scenarios;
  L.scenario_sums = scenario_sums;
  L.per_variant = CRQ_Q_SCEN + n_scenarios;
  L.diff = 2 * L.per_variant * (size_t)n_variants;
  L.events = L.diff + 2;
  L.size = L.events + 1;
  return L;
}

static inline size_t crq_partial_at(const crq_partial_layout *L, int v,
                                    size_t q) {
  return 2 * ((size_t)v * L->per_variant + q);
}

#define CRQ_PARTIAL_LANES 4

/* The lane of block part that trial t's year totals go to. */
static inline double *crq_partial_lane(const crq_partial_layout *L,
                                       double *part, uint64_t t) {
  return part + (size_t)(t % CRQ_PARTIAL_LANES) * L->size;
}

/* Adds lanes 1, 2, 3 of block part into lane 0 (the lanes are left as
 * they were). */
static inline void crq_partial_fold(const crq_partial_layout *L, double *part) {
  for (size_t j = 1; j < CRQ_PARTIAL_LANES; j++) {
    const double *lane = part + j * L->size;
    for (int v = 0; v < L->n_variants; v++)
      for (size_t i = crq_partial_at(L, v, CRQ_Q_AEP);
           i < crq_partial_at(L, v, CRQ_Q_SCEN); i++)
        part[i] += lane[i];
    part[L->diff] += lane[L->diff];
    part[L->diff + 1] += lane[L->diff + 1];
  }
}

#endif
