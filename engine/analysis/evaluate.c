/* engine/analysis/evaluate.c — evaluating measure-achievement points once
 * each (see evaluate.h).
 *
 * A point is identified by its effect fractions, computed with the same
 * functions the compiler uses, so two points with equal keys compile to
 * the same plan and give bit-identical figures. Simulated points take
 * their figures from a run of the with-measures variant alone
 * (crq_simulate_measures: the same bits as that variant of a full run,
 * which points may also reuse); with max_loss_only, the plan is compiled
 * and only its worst case read, which costs no trial at all.
 */
#include "analysis/evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/whatif_impl.h"
#include "compile/achievement.h"
#include "compile/plan.h"
#include "sim/simulate.h"

void crq_evals_init(crq_evals *e, const crq_model *model) {
  memset(e, 0, sizeof *e);
  e->model = model;
  e->n_measures = model->n_measures;
  e->n_appetite = model->n_appetite;
  for (size_t i = 0; i < model->n_measures; i++)
    e->n_effects += model->measures[i].n_effects;
}

void crq_evals_free(crq_evals *e) {
  free(e->ach);
  free(e->key);
  free(e->fig);
  free(e->verdict);
  memset(e, 0, sizeof *e);
}

/* The fraction of every effect, measures in order, at achievements ach. */
static void fractions(const crq_model *m, const double *ach, double *key) {
  size_t k = 0;
  for (size_t i = 0; i < m->n_measures; i++)
    for (size_t j = 0; j < m->measures[i].n_effects; j++)
      key[k++] = crq_effect_fraction(&m->measures[i].effects[j], ach[i]);
}

static int same_key(const double *a, const double *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i])
      return 0;
  return 1;
}

static void *grow_array(void *p, size_t count, size_t size, int *failed) {
  void *q = realloc(p, (count ? count : 1) * size);
  if (!q)
    *failed = 1;
  return q ? q : p;
}

/* Room for one more point (and the key scratch row after the last). */
static int reserve(crq_evals *e) {
  if (e->n + 1 < e->capacity)
    return 0;
  size_t cap = e->capacity ? 2 * e->capacity : 16;
  int failed = 0;
  e->ach = grow_array(e->ach, cap * e->n_measures, sizeof(double), &failed);
  e->key = grow_array(e->key, cap * e->n_effects, sizeof(double), &failed);
  e->fig = grow_array(e->fig, cap * CRQ_FIG_COUNT, sizeof(double), &failed);
  e->verdict =
      grow_array(e->verdict, cap * e->n_appetite, sizeof(int), &failed);
  if (failed)
    return -1;
  e->capacity = cap;
  return 0;
}

size_t crq_evals_add(crq_evals *e, const double *ach) {
  if (reserve(e) != 0)
    return (size_t)-1;
  double *key = e->key + e->n * e->n_effects; /* the next row, as scratch */
  fractions(e->model, ach, key);
  for (size_t i = 0; i < e->n; i++)
    if (same_key(e->key + i * e->n_effects, key, e->n_effects))
      return i;
  memcpy(e->ach + e->n * e->n_measures, ach, e->n_measures * sizeof *ach);
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    e->fig[e->n * CRQ_FIG_COUNT + (size_t)f] = NAN;
  for (size_t a = 0; a < e->n_appetite; a++)
    e->verdict[e->n * e->n_appetite + a] = -1;
  return e->n++;
}

/* Point i's figures from variant v of a result. */
static void from_result(crq_evals *e, size_t i, const crq_result *r,
                        crq_variant v) {
  crq_figures f;
  crq_figures_of(r, v, &f);
  for (int k = 0; k < CRQ_FIG_COUNT; k++)
    e->fig[i * CRQ_FIG_COUNT + (size_t)k] = f.fig[k].value;
  for (size_t a = 0; a < e->n_appetite; a++) {
    crq_estimate loss, p;
    e->verdict[i * e->n_appetite + a] =
        (int)crq_result_appetite(r, v, a, &loss, &p);
  }
}

/* The deterministic maximum loss of point i, from its compiled plan. */
static crq_status worst_only(crq_evals *e, size_t i, crq_diags *diags) {
  crq_plan *plan;
  crq_status st =
      crq_plan_compile(e->model, e->ach + i * e->n_measures, &plan, diags);
  if (st != CRQ_OK)
    return st;
  double worst = 0.0;
  for (size_t s = 0; s < plan->n_scenarios; s++)
    worst = fmax(worst,
                 crq_plan_worst(plan, plan->n_variants - 1, s, CRQ_CAT_COUNT));
  e->fig[i * CRQ_FIG_COUNT + CRQ_FIG_MAX_LOSS] = worst;
  crq_plan_free(plan);
  return CRQ_OK;
}

/* Progress over all the simulations of a run of evaluations. */
typedef struct progress_sum {
  crq_progress_fn fn;
  void *ctx;
  uint64_t done, total;
} progress_sum;

static int forward_progress(void *ctx, uint64_t done, uint64_t total) {
  (void)total;
  progress_sum *p = ctx;
  return p->fn(p->ctx, p->done + done, p->total);
}

/* Which variant of `run` point i is, or -1 when it must be simulated. */
static int reused_variant(const crq_evals *e, size_t i, const crq_result *run,
                          const double *run_key) {
  if (!run)
    return -1;
  const double *key = e->key + i * e->n_effects;
  int zero = 1;
  for (size_t k = 0; k < e->n_effects; k++)
    zero &= key[k] == 0.0;
  if (zero)
    return CRQ_BASELINE;
  if (same_key(key, run_key, e->n_effects))
    return crq_result_variant_count(run) - 1;
  return -1;
}

/* Whether the figures of from_result need each year's largest loss: only
 * for an appetite threshold on it. */
static int needs_oep(const crq_model *m) {
  for (size_t a = 0; a < m->n_appetite; a++)
    if (m->appetite[a].oep)
      return 1;
  return 0;
}

static crq_status simulate_point(crq_evals *e, size_t i,
                                 const crq_sim_options *sim, crq_diags *diags) {
  crq_result *r;
  crq_sim_options o = *sim;
  o.annual_only = !needs_oep(e->model);
  o.no_scenario_eal = 1; /* from_result reads the totals' figures */
  crq_status st = crq_simulate_measures(e->model, e->ach + i * e->n_measures,
                                        &o, &r, diags);
  if (st != CRQ_OK)
    return st;
  from_result(e, i, r, (crq_variant)(crq_result_variant_count(r) - 1));
  crq_result_free(r);
  return CRQ_OK;
}

crq_status crq_evals_run(crq_evals *e, const crq_result *run,
                         const double *run_ach,
                         const crq_analysis_options *opts, crq_diags *diags) {
  if (opts->max_loss_only) {
    for (size_t i = 0; i < e->n; i++) {
      crq_status st = worst_only(e, i, diags);
      if (st != CRQ_OK)
        return st;
    }
    return CRQ_OK;
  }
  double *run_key = calloc(e->n_effects + 1, sizeof *run_key);
  if (!run_key)
    return CRQ_ERR_NOMEM;
  if (run)
    fractions(e->model, run_ach, run_key);
  uint64_t trials =
      opts->sim.trials ? opts->sim.trials : e->model->settings.trials;
  progress_sum sum = {opts->sim.progress, opts->sim.progress_ctx, 0, 0};
  for (size_t i = 0; i < e->n; i++)
    sum.total += reused_variant(e, i, run, run_key) < 0 ? trials : 0;
  crq_sim_options sim = opts->sim;
  if (sim.progress) {
    sim.progress = forward_progress;
    sim.progress_ctx = &sum;
  }
  crq_status st = CRQ_OK;
  for (size_t i = 0; i < e->n && st == CRQ_OK; i++) {
    int v = reused_variant(e, i, run, run_key);
    if (v >= 0) {
      from_result(e, i, run, (crq_variant)v);
      continue;
    }
    st = simulate_point(e, i, &sim, diags);
    sum.done += trials;
  }
  free(run_key);
  return st;
}
