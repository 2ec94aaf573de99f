/* engine/stats/build.c — turning a finished run into a crq_result, and the
 * run facts.
 *
 * The per-trial AEP and OEP arrays of each variant are sorted in place by
 * the radix sort, which also records each value's trial; the chunks'
 * partial sums are added in chunk order. Both steps give the same bits for
 * any thread count.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/radix_sort.h"
#include "stats/result_impl.h"

void crq_result_free(crq_result *r) {
  if (r == NULL)
    return;
  crq_plan_free(r->plan);
  free(r->sums);
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++)
    for (int b = 0; b < 2; b++) {
      free(r->sorted[v][b]);
      free(r->trial[v][b]);
    }
  free(r);
}

/* Sorts the run's arrays into r (taking them over). */
static int sort_all(crq_result *r, crq_run *run) {
  size_t n = (size_t)run->trials;
  double *tmp = malloc(n * sizeof *tmp);
  uint32_t *tmp_pos = malloc(n * sizeof *tmp_pos);
  int rc = tmp && tmp_pos ? 0 : -1;
  for (int v = 0; v < r->n_variants && rc == 0; v++) {
    for (int b = 0; b < 2 && rc == 0; b++) {
      double **src = b == CRQ_AEP ? &run->aep[v] : &run->oep[v];
      r->trial[v][b] = malloc(n * sizeof(uint32_t));
      rc = r->trial[v][b] ? crq_radix_sort(*src, r->trial[v][b], n, tmp,
                                           tmp_pos, r->threads)
                          : -1;
      r->sorted[v][b] = *src;
      *src = NULL;
    }
  }
  free(tmp);
  free(tmp_pos);
  return rc;
}

static int merge_sums(crq_result *r, const crq_run *run) {
  size_t size = run->layout.size;
  r->sums = calloc(size, sizeof *r->sums);
  if (r->sums == NULL)
    return -1;
  for (size_t c = 0; c < run->n_chunks; c++) {
    const double *part = run->partials + c * size;
    for (size_t i = 0; i < size; i++)
      r->sums[i] += part[i];
  }
  return 0;
}

crq_status crq_result_build(const crq_model *model, crq_plan *plan,
                            crq_run *run, crq_result **out, crq_diags *diags) {
  *out = NULL;
  crq_result *r = calloc(1, sizeof *r);
  if (r == NULL)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory for the result");
  r->model = model;
  r->trials = run->trials;
  r->seed = run->seed;
  r->threads = run->threads;
  r->seconds = run->seconds;
  r->n_variants = run->n_variants;
  r->layout = run->layout;
  r->n_batches = run->trials < CRQ_BATCHES ? (int)run->trials : CRQ_BATCHES;
  if (merge_sums(r, run) != 0 || sort_all(r, run) != 0) {
    crq_result_free(r);
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory while sorting %llu trials",
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
