/* engine/stats/build.c — turning a finished run into a crq_result, and the
 * run facts.
 *
 * The run's per-trial AEP and OEP arrays (or its histograms) are taken
 * over as they are (in trial order; losses.c buckets them when a query
 * needs it) and its exact sums rounded once, which gives the same bits for any
 * thread count.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/result_impl.h"

/* Frees every year's losses and what was built from them. */
static void drop_years(crq_result *r) {
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++) {
    for (int b = 0; b < 2; b++) {
      free(r->values[v][b]);
      free(r->offset[v][b]);
      free(r->bucket_sorted[v][b]);
      crq_top_free(&r->top[v][b]);
      r->values[v][b] = NULL;
      r->offset[v][b] = NULL;
      r->bucket_sorted[v][b] = NULL;
      r->bucketed[v][b] = 0;
    }
    free(r->trial_of[v]);
    r->trial_of[v] = NULL;
  }
}

void crq_result_free(crq_result *r) {
  if (r == NULL)
    return;
  crq_plan_free(r->plan);
  free(r->sums);
  drop_years(r);
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++)
    free(r->tail[v].scen);
  crq_stream_free(r->stream);
  pthread_mutex_destroy(&r->lock);
  free(r);
}

/* This process's runs: the parts of the batches within [begin, end). */
static void local_runs(crq_result *r) {
  r->n_runs = 0;
  r->run_start[0] = 0;
  for (int i = 0; i < r->n_batches; i++) {
    uint64_t lo = r->batch_start[i] > r->begin ? r->batch_start[i] : r->begin;
    uint64_t hi =
        r->batch_start[i + 1] < r->end ? r->batch_start[i + 1] : r->end;
    if (lo >= hi)
      continue;
    r->run_batch[r->n_runs] = i;
    r->run_start[++r->n_runs] = (size_t)(hi - r->begin);
  }
}

crq_result *crq_result_of_values(const crq_model *model, int n_variants,
                                 uint64_t trials, int threads,
                                 double *values[CRQ_MAX_VARIANTS][2],
                                 const crq_comm *comm, uint64_t begin,
                                 uint64_t end) {
  crq_result *r = calloc(1, sizeof *r);
  pthread_mutexattr_t attr;
  if (r == NULL || pthread_mutexattr_init(&attr) != 0) {
    free(r);
    return NULL;
  }
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  int rc = pthread_mutex_init(&r->lock, &attr);
  pthread_mutexattr_destroy(&attr);
  if (rc != 0) {
    free(r);
    return NULL;
  }
  r->model = model;
  r->trials = trials;
  r->threads = threads;
  r->n_variants = n_variants;
  r->n_batches = crq_batch_count(trials);
  for (int i = 0; i <= r->n_batches; i++)
    r->batch_start[i] = (size_t)crq_batch_start(trials, r->n_batches, i);
  r->comm = comm;
  r->begin = begin;
  r->end = end;
  local_runs(r);
  for (int v = 0; v < n_variants; v++) {
    r->tail[v].p = NAN;
    for (int b = 0; b < 2; b++)
      r->values[v][b] = values[v][b];
  }
  return r;
}

static int round_sums(crq_result *r, const crq_run *run) {
  size_t size = run->layout.size;
  r->sums = calloc(size, sizeof *r->sums);
  if (r->sums == NULL)
    return -1;
  for (size_t i = 0; i < size; i++)
    r->sums[i] = crq_xsum_value(&run->total[i]);
  return 0;
}

/* Keeps the order statistics of ranks[0..m) of each variant's AEP, from
 * the run's band tallies or from the years r holds, which then go. 0, or
 * -1 when out of memory. */
static int keep_named(crq_result *r, const crq_run *run, const uint64_t *ranks,
                      int m) {
  for (int v = 0; v < r->n_variants; v++) {
    int rc = run->banded ? crq_named_select(&run->band_set[v], &run->band[v],
                                            ranks, m, r->named[v], r->threads)
                         : crq_result_order_stats(r, (crq_variant)v, CRQ_AEP,
                                                  ranks, m, r->named[v]);
    if (rc != 0)
      return -1;
  }
  drop_years(r);
  r->n_named = m;
  memcpy(r->named_rank, ranks, (size_t)m * sizeof *ranks);
  return 0;
}

crq_status crq_result_build(const crq_model *model, crq_plan *plan,
                            crq_run *run, const uint64_t *ranks, int m,
                            crq_result **out, crq_diags *diags) {
  *out = NULL;
  double *values[CRQ_MAX_VARIANTS][2] = {{NULL}};
  for (int v = 0; v < run->n_variants; v++) {
    values[v][CRQ_AEP] = run->aep[v];
    values[v][CRQ_OEP] = run->oep[v];
  }
  crq_result *r =
      crq_result_of_values(model, run->n_variants, run->trials, run->threads,
                           values, run->comm, run->begin, run->end);
  if (r != NULL) {
    for (int v = 0; v < run->n_variants; v++) /* now r's */
      run->aep[v] = run->oep[v] = NULL;
    r->stream = run->stream;
    run->stream = NULL;
    r->seed = run->seed;
    r->seconds = run->seconds;
    r->layout = run->layout;
  }
  if (r == NULL || round_sums(r, run) != 0 ||
      (m > 0 && keep_named(r, run, ranks, m) != 0)) {
    crq_result_free(r);
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory for the result of %llu trials",
                         (unsigned long long)run->trials);
  }
  for (size_t i = 0; i < r->layout.size; i++)
    if (!isfinite(r->sums[i])) {
      crq_result_free(r);
      return crq_diags_add(
          diags, CRQ_ERR_NUMERIC, NULL, 0, 0,
          "the losses summed over %llu simulated years (or their squares) "
          "exceed the largest number crq can represent (about 1.8e308); "
          "expected amounts small enough for the mean and standard error",
          (unsigned long long)run->trials);
    }
  r->plan = plan;
  *out = r;
  return CRQ_OK;
}

int crq_result_has(const crq_result *r, crq_variant v) {
  return r != NULL && (int)v >= 0 && (int)v < r->n_variants;
}

uint64_t crq_result_trials(const crq_result *r) {
  return r->trials;
}

uint64_t crq_result_seed(const crq_result *r) {
  return r->seed;
}

int crq_result_threads(const crq_result *r) {
  return r->threads;
}

double crq_result_seconds(const crq_result *r) {
  return r->seconds;
}

int crq_result_variant_count(const crq_result *r) {
  return r->n_variants;
}

const crq_model *crq_result_model(const crq_result *r) {
  return r->model;
}

int crq_result_streaming(const crq_result *r) {
  return r->stream != NULL;
}

int crq_result_annual_only(const crq_result *r) {
  return r->stream == NULL && r->values[0][CRQ_OEP] == NULL;
}

int crq_result_quantiles_only(const crq_result *r) {
  return r->n_named > 0;
}

int crq_result_has_scenario_eal(const crq_result *r) {
  return r->layout.scenario_sums;
}
