/* engine/stats/contrib.c — what makes up the tail: each category's and
 * each scenario's mean loss over the years at or above VaR_p.
 *
 * The result keeps only the annual totals; the breakdown of a tail year is
 * recovered by re-simulating it, which reproduces it exactly because a
 * trial's random numbers depend only on (seed, trial). The tail is the
 * years of ranks ⌈np⌉..n of the sorted AEP (the years crq_result_tvar
 * averages), so the direct categories' contributions add up to TVaR_p.
 * The tail is re-simulated in fixed blocks summed in block order, so the
 * figure does not depend on the number of threads.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "sim/trial.h"
#include "stats/result_impl.h"

enum { BLOCK = 4096 };

/* Which part of a year to average. */
typedef struct part {
  int category;    /* a category, or -1 */
  size_t scenario; /* when category is -1 */
} part;

static double part_of(const crq_plan *p, const crq_trial *w, int v, part what) {
  if (what.category >= 0)
    return w->cat[v][what.category];
  return w->scen[(size_t)v * p->n_scenarios + what.scenario];
}

/* Sums the part over tail positions [lo, hi) of the sorted AEP; NAN if a
 * workspace cannot be had or a trial fails. */
static double block_sum(const crq_result *r, crq_trial *w, int v, part what,
                        uint64_t lo, uint64_t hi) {
  const uint32_t *trial = r->trial[v][CRQ_AEP];
  double s = 0.0;
  for (uint64_t i = lo; i < hi; i++) {
    if (crq_trial_run(r->plan, w, trial[i]) != CRQ_OK)
      return NAN;
    s += part_of(r->plan, w, v, what);
  }
  return s;
}

static double tail_part(const crq_result *r, crq_variant v, double p,
                        part what) {
  uint64_t n = r->trials, k = crq_quantile_rank(n, p);
  size_t n_blocks = (size_t)((n - k + 1 + BLOCK - 1) / BLOCK);
  double *sums = malloc(n_blocks * sizeof *sums);
  if (sums == NULL)
    return NAN;
#pragma omp parallel num_threads(r->threads)
  {
    crq_trial w;
    int ok = crq_trial_init(&w, r->plan, r->seed) == 0;
#pragma omp for schedule(dynamic, 1)
    for (size_t j = 0; j < n_blocks; j++) {
      uint64_t lo = k - 1 + (uint64_t)j * BLOCK;
      uint64_t hi = lo + BLOCK < n ? lo + BLOCK : n;
      sums[j] = ok ? block_sum(r, &w, (int)v, what, lo, hi) : NAN;
    }
    if (ok)
      crq_trial_free(&w);
  }
  double total = 0.0;
  for (size_t j = 0; j < n_blocks; j++)
    total += sums[j];
  free(sums);
  return total / (double)(n - k + 1);
}

double crq_result_category_tvar(const crq_result *r, crq_variant v,
                                crq_category c, double p) {
  if (!crq_result_has(r, v) || (unsigned)c >= CRQ_CAT_COUNT ||
      !(p >= 0.0 && p <= 1.0))
    return NAN;
  return tail_part(r, v, p, (part){(int)c, 0});
}

double crq_result_scenario_tvar(const crq_result *r, crq_variant v,
                                size_t scenario, double p) {
  if (!crq_result_has(r, v) || scenario >= r->layout.n_scenarios ||
      !(p >= 0.0 && p <= 1.0))
    return NAN;
  return tail_part(r, v, p, (part){-1, scenario});
}
