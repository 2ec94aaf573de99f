/* crq/whatif.h — what-if analysis: model variants, comparisons, sweeps,
 * sensitivity and budget optimisation.
 *
 *   crq_model_source *src;
 *   const char *sets[] = {"kpis.anonymisation.actual=60"};
 *   crq_model_source_load("model.yaml", sets, 1, &diags, &src);
 *   crq_sweep_axis axis = {"scenarios.breach.business_stoppage."
 *                          "downtime_days", 1, 20, 20};
 *   crq_sweep *sw;
 *   crq_sweep_run(src, &axis, 1, NULL, &sw, &diags);
 *   crq_estimate eal = crq_sweep_figure(sw, 4, 0, CRQ_FIG_EAL);
 *
 * Every variant of an analysis is simulated with the same trials and the
 * same seed, so each trial draws the same random numbers in every variant
 * (common random numbers): differences between variants come from the
 * change, not from different draws, and paired differences have small
 * standard errors. Trials and seed are those of the options, else of the
 * first (or base) model; assignments to simulation.trials or .seed in a
 * variant do not change them.
 *
 * Figures (crq_figure, crq/analysis.h): the deterministic maximum loss
 * (exact: its standard error is 0), the EAL, VaR 99% and TVaR 99% of the
 * annual loss. A model with measures is reported with them at their KPIs'
 * achievements, or without them when options.baseline is set.
 * docs/what-if.md describes each analysis with worked examples.
 *
 * Thread safety: each object is read-only once returned. The analyses
 * borrow the models and sources they are given, which must outlive them.
 */
#ifndef CRQ_WHATIF_H
#define CRQ_WHATIF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "crq/analysis.h"
#include "crq/model.h"
#include "crq/report.h"
#include "crq/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Model sources: a model and the text it came from. ---- */

typedef struct crq_model_source crq_model_source;

/* Reads a model file, applies sets (crq_model_load_file_set) and keeps
 * both, so variants can be loaded in the file's own spelling. */
crq_status crq_model_source_load(const char *path, const char *const *sets,
                                 size_t n_sets, crq_diags *diags,
                                 crq_model_source **out);
/* A source from a loaded model: its canonical form (crq_show); as for
 * crq_model_override, its variants' diagnostics give lines of that form. */
crq_status crq_model_source_of(const crq_model *model, crq_diags *diags,
                               crq_model_source **out);
void crq_model_source_free(crq_model_source *src);

/* The model of the source (its text with its assignments). */
const crq_model *crq_model_source_model(const crq_model_source *src);

/* A variant: the source's text with the source's assignments and then
 * sets applied. The caller owns *out. */
crq_status crq_model_source_variant(const crq_model_source *src,
                                    const char *const *sets, size_t n_sets,
                                    crq_diags *diags, crq_model **out);

/* ---- Options and figures shared by the analyses. ---- */

typedef struct crq_whatif_options {
  /* Trials, seed, threads as for crq_simulate (0 / !has_seed: the first
   * or base model's); progress counts every simulation of the analysis
   * together. precision is ignored: every variant runs the same trials,
   * which the paired figures need; so are quantiles (each analysis keeps
   * what its figures need). */
  crq_sim_options sim;
  int baseline; /* non-zero: figures without the measures */
} crq_whatif_options;

void crq_whatif_options_init(crq_whatif_options *opts);

/* The figures of one evaluated variant, indexed by crq_figure. */
typedef struct crq_figures {
  crq_estimate fig[CRQ_FIG_COUNT];
} crq_figures;

/* ---- Compare: several models side by side on the same trials. ---- */

typedef struct crq_compare crq_compare;

/* Simulates models[0..n-1] (n >= 1) with the same trials and seed.
 * labels[i] names model i in reports (NULL: the model's name). */
crq_status crq_compare_run(const crq_model *const *models,
                           const char *const *labels, size_t n,
                           const crq_whatif_options *opts, crq_compare **out,
                           crq_diags *diags);
void crq_compare_free(crq_compare *c);

size_t crq_compare_count(const crq_compare *c);
const char *crq_compare_label(const crq_compare *c, size_t i);
const crq_result *crq_compare_result(const crq_compare *c, size_t i);
/* The variant the figures of model i come from. */
crq_variant crq_compare_variant(const crq_compare *c, size_t i);
crq_estimate crq_compare_figure(const crq_compare *c, size_t i, crq_figure f);
/* Model i minus model 0, with the standard error of the paired
 * difference: per-trial differences for the EAL, batch means over the
 * same 32 batches of trials for VaR and TVaR; exact for the maximum
 * loss. */
crq_estimate crq_compare_difference(const crq_compare *c, size_t i,
                                    crq_figure f);

/* ---- Sweep: the figures over a 1-D or 2-D grid of values. ---- */

#define CRQ_SWEEP_MAX_AXES 2
#define CRQ_SWEEP_MAX_POINTS 10000

/* `steps` values from `from` to `to`, evenly spaced, both included
 * (steps >= 2), assigned to path (crq_model_load_file_set's syntax). */
typedef struct crq_sweep_axis {
  const char *path;
  double from, to;
  size_t steps;
} crq_sweep_axis;

typedef struct crq_sweep crq_sweep;

/* Evaluates every point of the grid of axes[0..n_axes-1]. Points of a
 * kpis.<id>.actual axis are simulated at the measures' achievements that
 * value gives, on the compiled model of the other axes (no reload);
 * others load a variant of src per point. Fails with CRQ_ERR_USAGE for a
 * bad axis (or no src or out), CRQ_ERR_LIMIT for a grid of more than
 * CRQ_SWEEP_MAX_POINTS points, and with the loader's diagnostics (against
 * "--vary PATH=...") when an end of an axis makes the model invalid. */
crq_status crq_sweep_run(const crq_model_source *src,
                         const crq_sweep_axis *axes, size_t n_axes,
                         const crq_whatif_options *opts, crq_sweep **out,
                         crq_diags *diags);
void crq_sweep_free(crq_sweep *s);

const crq_model *crq_sweep_model(const crq_sweep *s);
size_t crq_sweep_axis_count(const crq_sweep *s);
const crq_sweep_axis *crq_sweep_axis_at(const crq_sweep *s, size_t axis);
/* Non-zero when the axis was evaluated without reloading the model. */
int crq_sweep_axis_cheap(const crq_sweep *s, size_t axis);
/* The i-th value of an axis. */
double crq_sweep_value(const crq_sweep *s, size_t axis, size_t i);
/* Figure f at point (i, j) (j = 0 for a 1-D sweep). */
crq_estimate crq_sweep_figure(const crq_sweep *s, size_t i, size_t j,
                              crq_figure f);
uint64_t crq_sweep_trials(const crq_sweep *s);
uint64_t crq_sweep_seed(const crq_sweep *s);
int crq_sweep_baseline(const crq_sweep *s);

/* ---- Sensitivity: one input at a time to its low and high. ---- */

typedef enum crq_input_kind {
  CRQ_INPUT_DISTRIBUTION = 0, /* to its p_low and p_high quantiles */
  CRQ_INPUT_CONSTANT,         /* × (1 ∓ swing), clipped to its range */
  CRQ_INPUT_FREQUENCY         /* the mean events a year × (1 ∓ swing) */
} crq_input_kind;

typedef struct crq_sensitivity_options {
  crq_whatif_options run;
  double swing;         /* constants and frequencies: 0.1 for ±10% */
  double p_low, p_high; /* distributions: 0.1 and 0.9 */
} crq_sensitivity_options;

void crq_sensitivity_options_init(crq_sensitivity_options *opts);

typedef struct crq_sensitivity_item {
  char *path;      /* what was assigned: scenarios.<id>.<model>.<input> */
  size_t scenario; /* index in the model */
  char *input;     /* "business_stoppage.downtime_days" or "frequency" */
  crq_input_kind kind;
  int amount;       /* the input is money (in the model's currency) */
  double base;      /* the constant, the distribution's mean, the rate */
  double low, high; /* the values assigned */
  crq_figures at_low, at_high;
  double swing[CRQ_FIG_COUNT]; /* |figure at high − figure at low| */
} crq_sensitivity_item;

typedef struct crq_sensitivity crq_sensitivity;

/* Moves every scenario's frequency and every loss-model input whose low
 * and high differ (one at a time, everything else as in src) and ranks
 * them by the swing of the EAL, then of VaR 99%. */
crq_status crq_sensitivity_run(const crq_model_source *src,
                               const crq_sensitivity_options *opts,
                               crq_sensitivity **out, crq_diags *diags);
void crq_sensitivity_free(crq_sensitivity *s);

const crq_model *crq_sensitivity_model(const crq_sensitivity *s);
const crq_sensitivity_options *
crq_sensitivity_options_of(const crq_sensitivity *s);
const crq_figures *crq_sensitivity_base(const crq_sensitivity *s);
size_t crq_sensitivity_count(const crq_sensitivity *s);
/* Item i in rank order (0: the largest swing). */
const crq_sensitivity_item *crq_sensitivity_at(const crq_sensitivity *s,
                                               size_t i);

/* ---- Optimise: the measures to fund within a budget. ---- */

#define CRQ_OPTIMIZE_MAX_MEASURES 20

typedef enum crq_cost_basis {
  CRQ_COST_ONCE = 0, /* one-off costs */
  CRQ_COST_ANNUAL,   /* running costs per year */
  CRQ_COST_TOTAL     /* first-year cost: one-off plus one year's running */
} crq_cost_basis;

typedef struct crq_optimize_options {
  crq_sim_options sim;
  double budget;        /* in the model's currency, >= 0 */
  crq_figure objective; /* CRQ_FIG_MAX_LOSS (no simulation), EAL, VAR99 or
                           TVAR99 */
  crq_cost_basis cost;
} crq_optimize_options;

void crq_optimize_options_init(crq_optimize_options *opts);

typedef struct crq_optimize crq_optimize;

/* Evaluates the objective for every subset of the measures (members at
 * full achievement, the others at 0) and finds the subset that lowers it
 * most within the budget, and the efficient frontier. Exact: subsets are
 * enumerated; each distinct evaluation is made once (the maximum loss and
 * the EAL per scenario, from the measures acting on it). More than
 * CRQ_OPTIMIZE_MAX_MEASURES measures fail with CRQ_ERR_LIMIT. */
crq_status crq_optimize_run(const crq_model *model,
                            const crq_optimize_options *opts,
                            crq_optimize **out, crq_diags *diags);
void crq_optimize_free(crq_optimize *o);

const crq_model *crq_optimize_model(const crq_optimize *o);
const crq_optimize_options *crq_optimize_options_of(const crq_optimize *o);
/* Subsets are member masks: bit m set = measure m funded. */
uint32_t crq_optimize_best(const crq_optimize *o);
double crq_optimize_objective(const crq_optimize *o, uint32_t mask);
double crq_optimize_cost(const crq_optimize *o, uint32_t mask);
/* The best subset's reduction of the objective (nothing funded minus the
 * best subset), paired on the same trials, with its standard error. */
crq_estimate crq_optimize_reduction(const crq_optimize *o);
/* The efficient frontier: subsets no other beats on both cost and
 * reduction, by ascending cost (the first is the empty subset). Subset i
 * is a bit set over the measures; i must be below the count (beyond it,
 * 0: the empty subset). */
size_t crq_optimize_frontier_count(const crq_optimize *o);
uint32_t crq_optimize_frontier(const crq_optimize *o, size_t i);
/* Simulations (or, for the maximum loss, compilations) made. */
size_t crq_optimize_evaluations(const crq_optimize *o);

/* ---- Reports. ---- */

/* Write an analysis as "text", "json", "csv" or "html" (opts->format;
 * lang "en" or "ja"; docs/what-if.md shows each). Same errors as
 * crq_report_write. */
crq_status crq_compare_write(const crq_compare *c,
                             const crq_report_options *opts, FILE *out,
                             crq_diags *diags);
crq_status crq_sweep_write(const crq_sweep *s, const crq_report_options *opts,
                           FILE *out, crq_diags *diags);
crq_status crq_sensitivity_write(const crq_sensitivity *s,
                                 const crq_report_options *opts, FILE *out,
                                 crq_diags *diags);
crq_status crq_optimize_write(const crq_optimize *o,
                              const crq_report_options *opts, FILE *out,
                              crq_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
