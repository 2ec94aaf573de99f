/* engine/stats/losses.c — the per-trial losses of a result: order
 * statistics by selection while they are in trial order, and bucketing
 * them batch by batch when a query needs more (see result_impl.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/result_impl.h"
#include "stats/select.h"

void crq_result_lock(const crq_result *r) {
  pthread_mutex_lock((pthread_mutex_t *)&r->lock);
}

void crq_result_unlock(const crq_result *r) {
  pthread_mutex_unlock((pthread_mutex_t *)&r->lock);
}

const double *crq_result_runs(const crq_result *cr, crq_variant v, crq_basis b,
                              crq_runs *runs) {
  crq_result *r = (crq_result *)cr; /* the lazily bucketed state */
  if (r->values[v][b] == NULL)      /* a basis the run did not keep */
    return NULL;
  if (!r->bucketed[v][b]) {
    size_t longest = 0; /* of the batches: the same for every process */
    for (int i = 0; i < r->n_batches; i++)
      if (r->batch_start[i + 1] - r->batch_start[i] > longest)
        longest = r->batch_start[i + 1] - r->batch_start[i];
    r->shift = crq_runs_shift(longest);
    size_t n = (size_t)(r->end - r->begin); /* this process's years */
    uint32_t *trial = NULL,
             *offset = malloc(
                 crq_runs_offsets(r->n_runs, r->shift) * sizeof *offset + 1);
    uint64_t *sorted =
        calloc(crq_runs_sorted_words(r->n_runs, r->shift) + 1, sizeof *sorted);
    void *scratch = malloc(
        crq_runs_scratch_size(r->run_start, r->n_runs, r->shift, r->threads) +
        1);
    uint64_t failed =
        !offset || !sorted || !scratch ||
        (b == CRQ_AEP && (trial = malloc(n * sizeof *trial + 1)) == NULL);
    /* every process buckets, or none: later queries are collective */
    crq_comm_sum_u64(r->comm, &failed, 1);
    if (!failed)
      crq_runs_bucket(r->values[v][b], trial, r->begin, r->run_start, r->n_runs,
                      r->shift, offset, scratch, r->threads);
    free(scratch);
    if (failed) {
      free(offset);
      free(sorted);
      free(trial);
      return NULL;
    }
    if (b == CRQ_AEP)
      r->trial_of[v] = trial;
    r->offset[v][b] = offset;
    r->bucket_sorted[v][b] = sorted;
    r->bucketed[v][b] = 1;
  }
  *runs = (crq_runs){.x = r->values[v][b],
                     .trial = b == CRQ_AEP ? r->trial_of[v] : NULL,
                     .start = r->run_start,
                     .batch = r->run_batch,
                     .n = r->n_runs,
                     .shift = r->shift,
                     .offset = r->offset[v][b],
                     .sorted = r->bucket_sorted[v][b]};
  return r->values[v][b];
}

crq_status crq_result_sort(const crq_result *r) {
  crq_status st = CRQ_OK;
  if (r == NULL)
    return CRQ_ERR_USAGE;
  if (r->stream)
    return st;
  crq_result_lock(r);
  for (int v = 0; v < r->n_variants; v++)
    for (int b = 0; b < 2; b++) {
      crq_runs runs;
      if (r->values[v][b] != NULL && /* else not kept (annual_only) */
          crq_result_runs(r, (crq_variant)v, (crq_basis)b, &runs) == NULL)
        st = CRQ_ERR_NOMEM;
    }
  crq_result_unlock(r);
  return st;
}

/* Whether the top years hold ranks[0..m) (ascending); then out. */
static int from_top(const crq_top *top, const uint64_t *ranks, int m,
                    double *out) {
  if (top->keys == NULL || ranks[0] <= top->below)
    return 0;
  for (int i = 0; i < m; i++)
    out[i] = crq_top_kth(top, ranks[i]);
  return 1;
}

/* The order statistics of ascending ranks: from the top years, by
 * selection (collecting the top years for a tail rank), or from the
 * bucketed runs. */
static int ascending_stats(crq_result *r, crq_variant v, crq_basis b,
                           const uint64_t *ranks, int m, double *out) {
  crq_top *top = &r->top[v][b];
  const double *x = r->values[v][b];
  uint64_t n = r->trials;
  int alone = !crq_comm_split(r->comm); /* selection needs every trial */
  if (alone && !r->bucketed[v][b] && from_top(top, ranks, m, out))
    return 0;
  if (ranks[0] == n && r->largest[v][b] != 0) { /* only the largest */
    for (int i = 0; i < m; i++)
      out[i] = crq_double_of(r->largest[v][b]);
    return 0;
  }
  if (alone && !r->bucketed[v][b] &&
      r->selections[v][b]++ < CRQ_LAZY_RUNS_AFTER) {
    if (top->keys == NULL && ranks[0] > n - n / CRQ_TOP_SHARE &&
        crq_top_build(x, n, ranks[0], top, r->threads) == 0 &&
        from_top(top, ranks, m, out))
      return 0;
    if (crq_select(x, n, ranks, m, out, r->threads, &r->largest[v][b]) == 0)
      return 0;
  }
  crq_runs runs;
  if (crq_result_runs(r, v, b, &runs) == NULL)
    return -1;
  crq_runs_select(&runs, r->comm, m, ranks, NULL, out);
  for (int i = 0; i < m; i++)
    if (isnan(out[i])) /* out of memory (losses are never NaN) */
      return -1;
  return 0;
}

/* crq_result_order_stats from the years r keeps, m ≤ CRQ_SELECT_MAX ranks
 * in any order. */
static int kept_stats(crq_result *r, crq_variant v, crq_basis b,
                      const uint64_t *ranks, int m, double *out) {
  int order[CRQ_SELECT_MAX];
  uint64_t sorted[CRQ_SELECT_MAX];
  double got[CRQ_SELECT_MAX];
  for (int i = 0; i < m; i++) { /* insertion sort of the rank indices */
    int j = i;
    for (; j > 0 && ranks[order[j - 1]] > ranks[i]; j--)
      order[j] = order[j - 1];
    order[j] = i;
  }
  for (int i = 0; i < m; i++)
    sorted[i] = ranks[order[i]];
  if (ascending_stats(r, v, b, sorted, m, got) != 0)
    return -1;
  for (int i = 0; i < m; i++)
    out[order[i]] = got[i];
  return 0;
}

int crq_result_order_stats(const crq_result *cr, crq_variant v, crq_basis b,
                           const uint64_t *ranks, int m, double *out) {
  if (cr->n_named > 0) { /* the ranks named before the run, NAN for others */
    for (int i = 0; i < m; i++) {
      out[i] = NAN;
      for (int j = 0; j < cr->n_named; j++)
        if (cr->named_rank[j] == ranks[i])
          out[i] = cr->named[v][j];
    }
    return 0;
  }
  if (cr->stream) { /* the bucket's representative; the largest exactly */
    double max = cr->stream->max[v][b];
    for (int i = 0; i < m; i++)
      out[i] = ranks[i] == cr->trials
                   ? max
                   : crq_hist_kth(&cr->stream->all[v][b], ranks[i], max);
    return 0;
  }
  for (int i = 0; i < m; i += CRQ_SELECT_MAX) /* what a selection takes */
    if (kept_stats((crq_result *)cr, v, b, ranks + i,
                   m - i < CRQ_SELECT_MAX ? m - i : CRQ_SELECT_MAX,
                   out + i) != 0)
      return -1;
  return 0;
}

crq_status crq_result_year_losses(const crq_result *r, crq_variant v,
                                  double *out) {
  if (r == NULL || out == NULL || (int)v < 0 || (int)v >= r->n_variants ||
      crq_comm_split(r->comm)) /* this process holds only its own years */
    return CRQ_ERR_USAGE;
  return crq_result_aep_by_trial(r, v, out) == 0 ? CRQ_OK : CRQ_ERR_USAGE;
}

int crq_result_aep_by_trial(const crq_result *r, crq_variant v, double *x) {
  if (r->stream || r->n_named > 0)
    return -1;
  crq_result_lock(r);
  const double *val = r->values[v][CRQ_AEP];
  uint64_t n = r->end - r->begin;
  if (r->bucketed[v][CRQ_AEP])
    for (uint64_t i = 0; i < n; i++)
      x[r->trial_of[v][i] - r->begin] = val[i];
  else
    memcpy(x, val, n * sizeof *x);
  crq_result_unlock(r);
  return 0;
}
