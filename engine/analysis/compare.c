/* engine/analysis/compare.c — several models side by side on the same
 * trials (crq_compare_run, crq/whatif.h).
 *
 * Every model is simulated with the same trials and seed, so trial t of
 * one model and trial t of another drew the same random numbers wherever
 * their structure agrees. The differences to the first model are
 * therefore paired: the EAL difference's standard error comes from the
 * per-trial differences (each run keeps every trial's annual loss; split
 * over MPI processes, each its own trials, the sums exact and combined),
 * the VaR and TVaR differences' from the per-batch differences of the
 * same 32 batches of trials (stats/result_impl.h). A model compared with
 * itself gives differences of exactly zero.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/whatif_impl.h"
#include "model_def.h"
#include "stats/exact_sum.h"
#include "stats/result_impl.h"

struct crq_compare {
  size_t n;
  char **labels;
  crq_result **results;
  crq_variant *variants;
  crq_figures *figs;
  crq_figures *diffs; /* model i minus model 0; diffs[0] is zero */
};

void crq_compare_free(crq_compare *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->labels[i]);
    crq_result_free(c->results[i]);
  }
  free(c->labels);
  free(c->results);
  free(c->variants);
  free(c->figs);
  free(c->diffs);
  free(c);
}

/* The EAL difference of b minus a with the standard error of the per-year
 * differences: their mean, then their squared deviations from it, each
 * summed exactly over every process's years, so the bits do not depend on
 * how the years are split. Results that keep no per-year losses
 * (streaming mode), or no memory for this process's years of both, give
 * the difference without a standard error (NAN, reported as n/a): on
 * every process alike, since the steps after are collective. */
static crq_estimate eal_difference(const crq_result *a, crq_variant va,
                                   const crq_result *b, crq_variant vb,
                                   double value) {
  uint64_t n = a->trials, mine = a->end - a->begin;
  if (a->stream || b->stream) /* decided alike by every process */
    return (crq_estimate){value, NAN, NAN, NAN};
  double *x = malloc(mine * sizeof *x + 1), *y = malloc(mine * sizeof *y + 1);
  uint64_t failed = !x || !y;
  crq_comm_sum_u64(a->comm, &failed, 1);
  if (failed || crq_result_aep_by_trial(a, va, x) != 0 ||
      crq_result_aep_by_trial(b, vb, y) != 0) {
    free(x);
    free(y);
    return (crq_estimate){value, NAN, NAN, NAN};
  }
  crq_xsum sum;
  crq_xsum_init(&sum);
  for (uint64_t t = 0; t < mine; t++)
    crq_xsum_add(&sum, y[t] - x[t]);
  crq_comm_sum_xsum(a->comm, &sum, 1);
  double mean = crq_xsum_value(&sum) / (double)n;
  crq_xsum_init(&sum);
  for (uint64_t t = 0; t < mine; t++) {
    double d = y[t] - x[t] - mean;
    crq_xsum_add(&sum, d * d);
  }
  crq_comm_sum_xsum(a->comm, &sum, 1);
  double ss = crq_xsum_value(&sum);
  free(x);
  free(y);
  double se = n > 1 ? sqrt(ss / (double)(n - 1) / (double)n) : NAN;
  return (crq_estimate){value, se, value - 1.96 * se, value + 1.96 * se};
}

/* A VaR (tvar = 0) or TVaR 99% difference, b minus a, with the standard
 * error of the paired batch differences. */
static crq_estimate tail_difference(const crq_result *a, crq_variant va,
                                    const crq_result *b, crq_variant vb,
                                    double value, int tvar) {
  crq_batch_tails ta, tb;
  crq_batch_tails_of(a, va, CRQ_AEP, 0.99, &ta);
  crq_batch_tails_of(b, vb, CRQ_AEP, 0.99, &tb);
  double d[CRQ_BATCHES];
  for (int i = 0; i < ta.n; i++)
    d[i] = tvar ? tb.tvar[i] - ta.tvar[i] : tb.var[i] - ta.var[i];
  return crq_batch_estimate(value, d, ta.n);
}

/* The paired differences of model i to model 0. */
static void differences(crq_compare *c, size_t i) {
  const crq_result *a = c->results[0], *b = c->results[i];
  crq_variant va = c->variants[0], vb = c->variants[i];
  double v[CRQ_FIG_COUNT];
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    v[f] = c->figs[i].fig[f].value - c->figs[0].fig[f].value;
  crq_figures *d = &c->diffs[i];
  d->fig[CRQ_FIG_MAX_LOSS] = (crq_estimate){
      v[CRQ_FIG_MAX_LOSS], 0.0, v[CRQ_FIG_MAX_LOSS], v[CRQ_FIG_MAX_LOSS]};
  d->fig[CRQ_FIG_EAL] = eal_difference(a, va, b, vb, v[CRQ_FIG_EAL]);
  d->fig[CRQ_FIG_VAR99] = tail_difference(a, va, b, vb, v[CRQ_FIG_VAR99], 0);
  d->fig[CRQ_FIG_TVAR99] = tail_difference(a, va, b, vb, v[CRQ_FIG_TVAR99], 1);
}

static crq_compare *compare_new(size_t n) {
  crq_compare *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->labels = calloc(n, sizeof *c->labels);
  c->results = calloc(n, sizeof *c->results);
  c->variants = calloc(n, sizeof *c->variants);
  c->figs = calloc(n, sizeof *c->figs);
  c->diffs = calloc(n, sizeof *c->diffs);
  c->n = n;
  if (!c->labels || !c->results || !c->variants || !c->figs || !c->diffs) {
    c->n = 0;
    crq_compare_free(c);
    return NULL;
  }
  return c;
}

/* Simulates model i and keeps its run and figures. */
static crq_status run_one(crq_compare *c, size_t i, const crq_model *m,
                          const char *label, const crq_sim_options *sim,
                          int baseline, crq_whatif_progress *p,
                          crq_diags *diags) {
  if (!(c->labels[i] = strdup(label ? label : m->name)))
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory comparing the models");
  size_t before = diags ? diags->count : 0;
  crq_status st = crq_simulate(m, sim, &c->results[i], diags);
  if (st != CRQ_OK) {
    /* a variant of a file (compare --with) shares its lines */
    if (label && strcmp(label, m->file) != 0)
      crq_diags_note(diags, before, "in the compared model '%s'", label);
    return st;
  }
  crq_whatif_progress_step(p, sim);
  c->variants[i] = crq_whatif_variant(c->results[i], baseline);
  crq_figures_of(c->results[i], c->variants[i], &c->figs[i]);
  return CRQ_OK;
}

crq_status crq_compare_run(const crq_model *const *models,
                           const char *const *labels, size_t n,
                           const crq_whatif_options *opts, crq_compare **out,
                           crq_diags *diags) {
  if (!out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_compare_run: no result pointer");
  *out = NULL;
  if (!models || n == 0)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_compare_run: no models; expected at least one");
  for (size_t i = 0; i < n; i++)
    if (!models[i])
      return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                           "crq_compare_run: model %zu is NULL; expected "
                           "a loaded model",
                           i);
  crq_whatif_options o;
  crq_whatif_options_init(&o);
  if (opts)
    o = *opts;
  crq_whatif_progress p;
  crq_sim_options sim = crq_whatif_sim(models[0], &o.sim, &p, n);
  crq_compare *c = compare_new(n);
  crq_status st = c ? CRQ_OK
                    : crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                                    "out of memory comparing the models");
  for (size_t i = 0; i < n && st == CRQ_OK; i++)
    st = run_one(c, i, models[i], labels ? labels[i] : NULL, &sim, o.baseline,
                 &p, diags);
  for (size_t i = 1; i < n && st == CRQ_OK; i++)
    differences(c, i);
  if (st != CRQ_OK) {
    crq_compare_free(c);
    return st;
  }
  *out = c;
  return CRQ_OK;
}

size_t crq_compare_count(const crq_compare *c) {
  return c->n;
}

const char *crq_compare_label(const crq_compare *c, size_t i) {
  return i < c->n ? c->labels[i] : NULL;
}

const crq_result *crq_compare_result(const crq_compare *c, size_t i) {
  return i < c->n ? c->results[i] : NULL;
}

crq_variant crq_compare_variant(const crq_compare *c, size_t i) {
  return i < c->n ? c->variants[i] : CRQ_BASELINE;
}

crq_estimate crq_compare_figure(const crq_compare *c, size_t i, crq_figure f) {
  if (i >= c->n || (unsigned)f >= CRQ_FIG_COUNT)
    return crq_estimate_nan();
  return c->figs[i].fig[f];
}

crq_estimate crq_compare_difference(const crq_compare *c, size_t i,
                                    crq_figure f) {
  if (i >= c->n || (unsigned)f >= CRQ_FIG_COUNT)
    return crq_estimate_nan();
  return c->diffs[i].fig[f];
}
