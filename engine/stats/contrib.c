/* engine/stats/contrib.c — what makes up the tail: each category's and
 * each scenario's mean loss over the years at or above VaR_p.
 *
 * The result keeps only the annual totals; the breakdown of a tail year is
 * recovered by re-simulating it, which reproduces it exactly because a
 * trial's random numbers depend only on (seed, trial). The tail is the
 * years of ranks ⌈np⌉..n of the AEP in trial-stable order (the years
 * crq_result_tvar averages: every year above VaR, and of the years equal
 * to it the latest ones), so the direct categories' contributions add up
 * to TVaR_p. One re-simulation gives every category and scenario at once;
 * the last one per variant is kept. The parts are summed exactly
 * (exact_sum.h), so they do not depend on the number of threads or the
 * order the years are visited in.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "sim/trial.h"
#include "stats/exact_sum.h"
#include "stats/result_impl.h"
#include "stats/select.h"

/* The tail years of variant v for rank k, into a new array of *n trials. */
static uint32_t *tail_trials(const crq_result *r, crq_variant v, uint64_t k,
                             size_t *n) {
  crq_runs runs;
  double var;
  if (crq_result_runs(r, v, CRQ_AEP, &runs) == NULL ||
      crq_result_order_stats(r, v, CRQ_AEP, &k, 1, &var) != 0)
    return NULL;
  const uint32_t *trial = r->trial_of[v];
  uint64_t key = crq_key_of(var), need = r->trials - k + 1;
  uint32_t *out = malloc(need * sizeof *out);
  if (out == NULL)
    return NULL;
  size_t at = 0, upper[CRQ_RUNS_MAX];
  for (int i = 0; i < runs.n; i++) { /* every year above VaR */
    upper[i] = runs.start[i] + crq_runs_upper(&runs, i, key);
    for (size_t j = upper[i]; j < runs.start[i + 1]; j++)
      out[at++] = trial[j];
  }
  /* Years equal to VaR, latest first: later batches, and within a batch
   * (sorted stably) the later positions, hold the later trials. */
  for (int i = runs.n; i-- > 0 && at < need;)
    for (size_t j = upper[i];
         j-- > runs.start[i] && at < need && crq_key_of(runs.x[j]) == key;)
      out[at++] = trial[j];
  *n = at;
  return out;
}

/* Re-simulates the years trial[0..n) into per-part exact sums: categories
 * first, then scenarios. 0, or -1 when a workspace cannot be had or a
 * trial fails. */
static int resimulate(const crq_result *r, crq_variant v, const uint32_t *trial,
                      size_t n, crq_xsum *total) {
  size_t ns = r->plan->n_scenarios, parts = CRQ_CAT_COUNT + ns;
  int failed = 0;
  for (size_t j = 0; j < parts; j++)
    crq_xsum_init(&total[j]);
#pragma omp parallel num_threads(crq_threads_for(r->threads, n, 1024))         \
    reduction(|                                                                \
              : failed)
  {
    crq_trial w = {0};
    crq_xsum *sum = malloc(parts * sizeof *sum);
    failed = sum == NULL || crq_trial_init(&w, r->plan, r->seed) != 0;
    for (size_t j = 0; !failed && j < parts; j++)
      crq_xsum_init(&sum[j]);
#pragma omp for schedule(dynamic, 256)
    for (size_t i = 0; i < n; i++) {
      if (failed || crq_trial_run(r->plan, &w, trial[i]) != CRQ_OK) {
        failed = 1;
        continue;
      }
      for (int c = 0; c < CRQ_CAT_COUNT; c++)
        crq_xsum_add(&sum[c], w.cat[v][c]);
      for (size_t t = 0; t < w.n_touched; t++)
        crq_xsum_add(&sum[CRQ_CAT_COUNT + w.touched[t]],
                     w.scen[(size_t)v * ns + w.touched[t]]);
    }
#pragma omp critical(crq_contrib_merge)
    for (size_t j = 0; sum && !failed && j < parts; j++)
      crq_xsum_merge(&total[j], &sum[j]);
    crq_trial_free(&w);
    free(sum);
  }
  return failed ? -1 : 0;
}

/* Fills the cache of variant v for level p (lock held); 0 or -1. */
static int breakdown(const crq_result *cr, crq_variant v, double p) {
  crq_result *r = (crq_result *)cr;
  crq_tail_parts *tp = &r->tail[v];
  if (tp->p == p)
    return 0;
  size_t ns = r->plan->n_scenarios, n = 0;
  if (tp->scen == NULL && (tp->scen = calloc(ns + 1, sizeof *tp->scen)) == NULL)
    return -1;
  uint32_t *trial = tail_trials(r, v, crq_quantile_rank(r->trials, p), &n);
  crq_xsum *total = malloc((CRQ_CAT_COUNT + ns) * sizeof *total);
  int rc = trial && total ? resimulate(r, v, trial, n, total) : -1;
  for (size_t j = 0; rc == 0 && j < CRQ_CAT_COUNT + ns; j++) {
    double mean = crq_xsum_value(&total[j]) / (double)n;
    *(j < CRQ_CAT_COUNT ? &tp->cat[j] : &tp->scen[j - CRQ_CAT_COUNT]) = mean;
  }
  tp->p = rc == 0 ? p : NAN;
  free(trial);
  free(total);
  return rc;
}

/* Category c's (or, with c < 0, scenario s's) tail mean. */
static double tail_part(const crq_result *r, crq_variant v, double p, int c,
                        size_t s) {
  double x = NAN;
  crq_result_lock(r);
  if (breakdown(r, v, p) == 0)
    x = c >= 0 ? r->tail[v].cat[c] : r->tail[v].scen[s];
  crq_result_unlock(r);
  return x;
}

double crq_result_category_tvar(const crq_result *r, crq_variant v,
                                crq_category c, double p) {
  if (!crq_result_has(r, v) || (unsigned)c >= CRQ_CAT_COUNT ||
      !(p >= 0.0 && p <= 1.0))
    return NAN;
  return tail_part(r, v, p, (int)c, 0);
}

double crq_result_scenario_tvar(const crq_result *r, crq_variant v,
                                size_t scenario, double p) {
  if (!crq_result_has(r, v) || scenario >= r->layout.n_scenarios ||
      !(p >= 0.0 && p <= 1.0))
    return NAN;
  return tail_part(r, v, p, -1, scenario);
}
