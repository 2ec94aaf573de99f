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
 * order the years are visited in. A streaming result keeps no year's
 * loss: it re-simulates every year and weighs each by its AEP's bucket
 * (sim/hist.h): the years in buckets above VaR's wholly, those in VaR's
 * bucket by the share of them the tail's ranks need — the same tail, to
 * the histogram's resolution, that its TVaR averages.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "sim/batch.h"
#include "sim/counts.h"
#include "sim/hist.h"
#include "sim/run.h"
#include "sim/trial.h"
#include "stats/exact_sum.h"
#include "stats/result_impl.h"
#include "stats/select.h"

/* How many of VaR's ties this process takes: the tail takes the latest
 * ties first, and processes hold ascending ranges of trials, so the ones
 * after this process take theirs first. `wanted` ties over all processes,
 * `mine` here. */
static uint64_t tie_quota(const crq_comm *c, uint64_t wanted, uint64_t mine) {
  if (!crq_comm_split(c))
    return wanted < mine ? wanted : mine;
  uint64_t *ties = calloc((size_t)c->size, sizeof *ties), later = 0;
  if (ties == NULL)
    return 0;
  ties[c->rank] = mine;
  crq_comm_sum_u64(c, ties, (size_t)c->size);
  for (int r = c->rank + 1; r < c->size; r++)
    later += ties[r];
  free(ties);
  uint64_t left = wanted > later ? wanted - later : 0;
  return left < mine ? left : mine;
}

/* This process's tail years of variant v for rank k, into a new array of
 * *n trials; NULL on every process when any lacks memory (the collectives
 * are made either way). */
static uint32_t *tail_trials(const crq_result *r, crq_variant v, uint64_t k,
                             size_t *n) {
  crq_runs runs;
  double var;
  if (crq_result_runs(r, v, CRQ_AEP, &runs) == NULL ||
      crq_result_order_stats(r, v, CRQ_AEP, &k, 1, &var) != 0)
    return NULL;
  const uint32_t *trial = r->trial_of[v];
  uint64_t key = crq_key_of(var);
  uint64_t counts[3] = {0, 0, 0}; /* above, ties, out of memory */
  size_t upper[CRQ_RUNS_MAX], lower[CRQ_RUNS_MAX];
  for (int i = 0; i < runs.n; i++) {
    if (crq_runs_upper(&runs, i, key, &upper[i]) != 0) {
      counts[2] = 1;
      upper[i] = 0;
    }
    upper[i] += runs.start[i];
    lower[i] = upper[i]; /* VaR's bucket is sorted: its ties just below */
    while (lower[i] > runs.start[i] && crq_key_of(runs.x[lower[i] - 1]) == key)
      lower[i]--;
    counts[0] += runs.start[i + 1] - upper[i];
    counts[1] += upper[i] - lower[i];
  }
  uint64_t all[2] = {counts[0], counts[2]};
  crq_comm_sum_u64(r->comm, all, 2);
  uint64_t quota = tie_quota(r->comm, r->trials - k + 1 - all[0], counts[1]);
  uint32_t *out = all[1] ? NULL : malloc((counts[0] + quota + 1) * sizeof *out);
  uint64_t lack = out == NULL;
  crq_comm_sum_u64(r->comm, &lack, 1);
  if (lack) {
    free(out);
    return NULL;
  }
  size_t at = 0;
  for (int i = 0; i < runs.n; i++) /* every year above VaR */
    for (size_t j = upper[i]; j < runs.start[i + 1]; j++)
      out[at++] = trial[j];
  /* Years equal to VaR, latest first: later runs, and within a run (its
   * buckets filled and sorted stably) the later positions, hold the later
   * trials. */
  for (int i = runs.n; i-- > 0 && quota > 0;)
    for (size_t j = upper[i]; j-- > lower[i] && quota > 0; quota--)
      out[at++] = trial[j];
  *n = at;
  return out;
}

/* Which of this process's years to re-simulate, and how much of each
 * counts: the years trial[0..n), wholly; or (trial NULL, streaming) every
 * year, wholly when its AEP's bucket is above `bucket`, by `share` when in
 * it. */
typedef struct tail_set {
  const uint32_t *trial;
  uint64_t first, n; /* trials first .. first + n − 1 when trial is NULL */
  const crq_hist *hist;
  uint64_t bucket;
  double share;
} tail_set;

/* The weight of year w in set. */
static double weight_of(const tail_set *set, const crq_trial *w, int v) {
  if (set->trial)
    return 1.0;
  uint64_t b = crq_hist_bucket(set->hist, w->aep[v]);
  return b > set->bucket ? 1.0 : (b == set->bucket ? set->share : 0.0);
}

/* Adds x·weight exactly (a weight of 1 adds x itself). */
static void add_weighted(crq_xsum *s, double x, double weight) {
  if (weight == 1.0)
    crq_xsum_add(s, x);
  else if (weight != 0.0)
    crq_xsum_add(s, x * weight);
}

/* Adds year w's parts, weighted as set weighs it, to sum: categories
 * first, then scenarios. */
static void add_year(const crq_result *r, crq_variant v, const tail_set *set,
                     const crq_trial *w, crq_xsum *sum) {
  size_t ns = r->plan->n_scenarios;
  double weight = weight_of(set, w, (int)v);
  if (weight == 0.0)
    return;
  for (int c = 0; c < CRQ_CAT_COUNT; c++)
    add_weighted(&sum[c], w->cat[v][c], weight);
  for (size_t k = 0; k < w->n_touched; k++)
    add_weighted(&sum[CRQ_CAT_COUNT + w->touched[k]],
                 w->scen[(size_t)v * ns + w->touched[k]], weight);
}

/* Trials [t, end) of a streaming set by batches (batch.h: every year of a
 * batched plan's set, as the run simulated them); 0, or -1 when a trial
 * fails. */
static int add_batched(const crq_result *r, crq_variant v, const tail_set *set,
                       crq_batch *b, crq_trial *w, uint64_t t, uint64_t end,
                       crq_xsum *sum) {
  while (t < end) {
    size_t n = crq_batch_prepare(b, t, (size_t)(end - t));
    for (size_t i = 0; i < n; i++) {
      if (!crq_batch_outcome(b, i, w) &&
          crq_trial_run(r->plan, w, t + i) != CRQ_OK)
        return -1;
      add_year(r, v, set, w, sum);
    }
    t += n;
  }
  return 0;
}

/* Trials [t, end) of a streaming set (at most CRQ_COUNTS_MAX) of a plan
 * whose counts come many years at once (counts.h): the years with an
 * event one at a time; a year without one is all zeros and adds nothing
 * (+0 to exact sums). 0, or -1 when a trial fails. */
static int add_sparse(const crq_result *r, crq_variant v, const tail_set *set,
                      crq_counts *c, crq_trial *w, uint64_t t, uint64_t end,
                      crq_xsum *sum) {
  crq_counts_draw(c, t, (size_t)(end - t));
  for (uint64_t i = 0; i < end - t; i++) {
    if (c->count[i] == 0)
      continue;
    if (crq_trial_run(r->plan, w, t + i) != CRQ_OK)
      return -1;
    add_year(r, v, set, w, sum);
  }
  return 0;
}

/* How resimulate goes through a set's years. */
enum { BY_YEAR, BY_BATCH, BY_COUNTS };

/* Re-simulates the years of set into per-part exact sums: categories
 * first, then scenarios. A streaming set goes a thousand years at a time,
 * as the run did: by batches for a batched plan, by counts (skipping the
 * years without an event) for one whose counts allow it; the others, and
 * the tail years of an exact result, one year at a time. 0, or -1 when a
 * workspace cannot be had or a trial fails. */
static int resimulate(const crq_result *r, crq_variant v, const tail_set *set,
                      crq_xsum *total) {
  size_t parts = CRQ_CAT_COUNT + r->plan->n_scenarios;
  int failed = 0;
  int loop = set->trial                    ? BY_YEAR
             : crq_batch_eligible(r->plan) ? BY_BATCH
             : crq_counts_usable(r->plan)  ? BY_COUNTS
                                           : BY_YEAR;
  uint64_t blocks = (set->n + CRQ_COUNTS_MAX - 1) / CRQ_COUNTS_MAX;
  for (size_t j = 0; j < parts; j++)
    crq_xsum_init(&total[j]);
#pragma omp parallel num_threads(crq_threads_for(r->threads, set->n, 1024))    \
    reduction(|                                                                \
              : failed)
  {
    crq_trial w = {0};
    crq_batch b = {0};
    crq_counts c = {0};
    crq_xsum *sum = malloc(parts * sizeof *sum);
    failed = sum == NULL || crq_trial_init(&w, r->plan, r->seed) != 0 ||
             (loop == BY_BATCH && crq_batch_init(&b, r->plan, r->seed) != 0) ||
             (loop == BY_COUNTS && crq_counts_init(&c, r->plan, r->seed) != 0);
    for (size_t j = 0; !failed && j < parts; j++)
      crq_xsum_init(&sum[j]);
    if (loop != BY_YEAR) {
#pragma omp for schedule(dynamic, 1)
      for (uint64_t k = 0; k < blocks; k++) {
        uint64_t t = set->first + k * CRQ_COUNTS_MAX;
        uint64_t end = t + CRQ_COUNTS_MAX < set->first + set->n
                           ? t + CRQ_COUNTS_MAX
                           : set->first + set->n;
        if (!failed && (loop == BY_BATCH
                            ? add_batched(r, v, set, &b, &w, t, end, sum)
                            : add_sparse(r, v, set, &c, &w, t, end, sum)) != 0)
          failed = 1;
      }
    } else {
#pragma omp for schedule(dynamic, 256)
      for (uint64_t i = 0; i < set->n; i++) {
        uint64_t t = set->trial ? set->trial[i] : set->first + i;
        if (failed || crq_trial_run(r->plan, &w, t) != CRQ_OK) {
          failed = 1;
          continue;
        }
        add_year(r, v, set, &w, sum);
      }
    }
#pragma omp critical(crq_contrib_merge)
    for (size_t j = 0; sum && !failed && j < parts; j++)
      crq_xsum_merge(&total[j], &sum[j]);
    crq_batch_free(&b); /* both safe on zeroed workspaces */
    crq_counts_free(&c);
    crq_trial_free(&w);
    free(sum);
  }
  uint64_t bad = (uint64_t)failed; /* every process takes part */
  crq_comm_sum_u64(r->comm, &bad, 1);
  crq_comm_sum_xsum(r->comm, total, parts);
  return bad ? -1 : 0;
}

/* The tail of variant v for rank k: its years (exact mode), or every year
 * weighted by its AEP's bucket (streaming). 0, or -1 when out of memory. */
static int tail_of(const crq_result *r, crq_variant v, uint64_t k,
                   tail_set *set) {
  if (r->stream == NULL) {
    size_t n = 0;
    set->trial = tail_trials(r, v, k, &n);
    set->n = n;
    return set->trial ? 0 : -1;
  }
  const crq_hist *h = &r->stream->all[v][CRQ_AEP];
  uint64_t above, in;
  double rep;
  crq_hist_rank(h, k, r->stream->max[v][CRQ_AEP], &above, &in, &rep);
  *set = (tail_set){NULL,
                    r->begin,
                    r->end - r->begin,
                    h,
                    crq_hist_bucket(h, rep),
                    (double)(r->trials - k + 1 - above) / (double)in};
  return 0;
}

/* Fills the cache of variant v for level p (lock held); 0 or -1. */
static int breakdown(const crq_result *cr, crq_variant v, double p) {
  crq_result *r = (crq_result *)cr;
  crq_tail_parts *tp = &r->tail[v];
  if (tp->p == p)
    return 0;
  size_t ns = r->plan->n_scenarios;
  if (tp->scen == NULL && (tp->scen = calloc(ns + 1, sizeof *tp->scen)) == NULL)
    return -1;
  uint64_t k = crq_quantile_rank(r->trials, p);
  tail_set set = {0};
  crq_xsum *total = malloc((CRQ_CAT_COUNT + ns) * sizeof *total);
  int rc =
      total && tail_of(r, v, k, &set) == 0 ? resimulate(r, v, &set, total) : -1;
  for (size_t j = 0; rc == 0 && j < CRQ_CAT_COUNT + ns; j++) {
    double mean = crq_xsum_value(&total[j]) / (double)(r->trials - k + 1);
    *(j < CRQ_CAT_COUNT ? &tp->cat[j] : &tp->scen[j - CRQ_CAT_COUNT]) = mean;
  }
  tp->p = rc == 0 ? p : NAN;
  free((void *)set.trial);
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
