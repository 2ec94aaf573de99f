/* crq/analysis.h — what each measure buys: attribution, roadmap and ROSI.
 *
 *   crq_analysis_options o; crq_analysis_options_init(&o);
 *   o.sim = run_options;              same trials and seed as the run
 *   snprintf(o.as_of, sizeof o.as_of, "2026-11-30");
 *   crq_analysis *a;
 *   crq_analyse(model, result, &o, &a, &diags);
 *   double cut = crq_analysis_shapley(a, CRQ_FIG_MAX_LOSS, 0);
 *
 * Attribution. Every subset S of the model's M measures is evaluated with
 * the members at their current achievement and the others at 0, on the
 * same trials (same seed: common random numbers). The waterfall adds the
 * measures in declared order (baseline, after measure 1, after 1 and 2,
 * ...); the Shapley value of a measure is its reduction averaged over every
 * order of adding the measures,
 *   φ_m = Σ_{S ⊆ N∖{m}} |S|!(M−|S|−1)!/M! · (v(S) − v(S ∪ {m})),
 * exact (2^M evaluations, memoised), and the values add up to the whole
 * reduction v(∅) − v(N). Exact for at most CRQ_ANALYSIS_MAX_MEASURES
 * measures; more is refused with CRQ_ERR_LIMIT. Figures: the deterministic
 * maximum loss (which needs no simulation), EAL, VaR 99% and TVaR 99% of
 * the annual loss.
 *
 * Roadmap. From the KPIs' start and due dates, the maximum loss and EAL at
 * every month (or quarter) boundary of the plan's horizon (earliest start
 * to latest due), "as planned" (each KPI's achievement rising linearly
 * from 0 at its start to 1 at its due date) and "as achieved" (the dated
 * actuals up to the as-of date, then flat); their difference is the cost
 * of slippage.
 *
 * ROSI. Per measure, the Shapley share of the EAL reduction against the
 * annualised cost (running cost plus one-off cost spread over
 * amortisation_years): ROSI = (reduction − annualised cost) ÷ annualised
 * cost; payback in years = one-off cost ÷ (reduction − running cost).
 * docs/kpi.md describes every formula and docs/json-schema.md the report.
 *
 * Thread safety: an analysis is read-only once returned.
 */
#ifndef CRQ_ANALYSIS_H
#define CRQ_ANALYSIS_H

#include <stddef.h>

#include "crq/result.h"
#include "crq/sim.h"
#include "crq/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crq_analysis crq_analysis;

/* The figures attributed to the measures. */
typedef enum crq_figure {
  CRQ_FIG_MAX_LOSS = 0, /* deterministic maximum loss (the JCIC figure) */
  CRQ_FIG_EAL,          /* expected annual loss */
  CRQ_FIG_VAR99,        /* VaR 99% of the annual loss (AEP) */
  CRQ_FIG_TVAR99,       /* TVaR 99% of the annual loss (AEP) */
  CRQ_FIG_COUNT
} crq_figure;

/* The figure's key in JSON and CSV reports: "max_loss", "eal", "var99" or
 * "tvar99"; "unknown" for a value out of range. */
const char *crq_figure_key(crq_figure f);

/* Exact Shapley values need 2^M evaluations; beyond this, crq_analyse
 * fails with CRQ_ERR_LIMIT. */
#define CRQ_ANALYSIS_MAX_MEASURES 10

typedef enum crq_roadmap_step {
  CRQ_ROADMAP_MONTH = 0,
  CRQ_ROADMAP_QUARTER
} crq_roadmap_step;

typedef struct crq_analysis_options {
  /* Trials, seed, threads and progress, as for crq_simulate; progress
   * counts the trials of every evaluation together. quantiles is ignored:
   * each evaluation keeps what its figures need. */
  crq_sim_options sim;
  /* "YYYY-MM-DD": the date the actuals are known to; "" for no roadmap. */
  char as_of[11];
  crq_roadmap_step step;
  /* Years over which one-off costs are spread in ROSI (0 means 3). */
  double amortisation_years;
  /* Non-zero: no simulation; only CRQ_FIG_MAX_LOSS is computed (the other
   * figures, ROSI and verdicts are NAN / unknown). */
  int max_loss_only;
} crq_analysis_options;

/* Defaults: the model's trials and seed, monthly roadmap, no as-of date
 * (no roadmap), 3 amortisation years, every figure. */
void crq_analysis_options_init(crq_analysis_options *opts);

/* Checks the options crq_analyse checks before it simulates anything (the
 * as-of date, the amortisation period, the roadmap step), so that a
 * program can refuse them before a long run: CRQ_OK, or CRQ_ERR_USAGE
 * with a diagnostic. */
crq_status crq_analysis_options_check(const crq_analysis_options *opts,
                                      crq_diags *diags);

/* Analyses model. `run` may be NULL, or a result of crq_simulate on the
 * same model with the same trials and seed, whose two variants are then
 * reused instead of simulated again. The analysis's points are paired on
 * fixed trials, so a precision target (opts->sim.precision) only says
 * that the run's trials are the ones the target needed: every other point
 * is simulated with as many (without a run, the target is ignored).
 * Fails with CRQ_ERR_USAGE (bad options, a run that does not match),
 * CRQ_ERR_LIMIT (too many measures), or whatever crq_simulate fails with.
 * A model without measures gives an analysis with M = 0. */
crq_status crq_analyse(const crq_model *model, const crq_result *run,
                       const crq_analysis_options *opts, crq_analysis **out,
                       crq_diags *diags);
void crq_analysis_free(crq_analysis *a);

const crq_model *crq_analysis_model(const crq_analysis *a);
size_t crq_analysis_measure_count(const crq_analysis *a);
/* Non-zero when the figures other than the maximum loss were simulated. */
int crq_analysis_simulated(const crq_analysis *a);
/* Distinct evaluations made (subsets and roadmap points with the same
 * effect fractions are evaluated once). */
size_t crq_analysis_evaluations(const crq_analysis *a);
/* The current achievement of measure m the attribution uses. */
double crq_analysis_achievement(const crq_analysis *a, size_t m);
/* The options as resolved: as-of date ("" when none), amortisation. */
const char *crq_analysis_as_of(const crq_analysis *a);
double crq_analysis_amortisation_years(const crq_analysis *a);

/* Waterfall: figure f with measures 0..k−1 at their achievement and the
 * others at 0, k = 0 (baseline) ... M (every measure). */
double crq_analysis_waterfall(const crq_analysis *a, crq_figure f, size_t k);

/* Shapley value of measure m: the part of the reduction of figure f
 * (baseline minus every measure) attributed to m; positive = lowers it. */
double crq_analysis_shapley(const crq_analysis *a, crq_figure f, size_t m);

/* One step of the roadmap. Achievements point at M values each. */
typedef struct crq_roadmap_point {
  char date[11];
  int past; /* on or before the as-of date */
  /* [0] as planned, [1] as achieved */
  double max_loss[2];
  double eal[2];
  const double *achievement[2]; /* per measure */
} crq_roadmap_point;

size_t crq_analysis_roadmap_count(const crq_analysis *a);
const crq_roadmap_point *crq_analysis_roadmap(const crq_analysis *a, size_t i);

/* Pass as the measure to get the figures of every measure together. */
#define CRQ_ALL_MEASURES ((size_t)-1)

typedef struct crq_rosi {
  double eal_reduction;   /* Shapley share (all: the whole reduction) */
  double cost_once;       /* one-off cost */
  double cost_annual;     /* running cost per year */
  double annualised_cost; /* cost_annual + cost_once ÷ amortisation years */
  double rosi; /* (eal_reduction − annualised) ÷ annualised; NAN at cost 0 */
  double payback_years; /* cost_once ÷ (eal_reduction − cost_annual);
                           INFINITY when that difference is not positive */
} crq_rosi;

/* ROSI of measure m, or of CRQ_ALL_MEASURES. */
crq_rosi crq_analysis_rosi(const crq_analysis *a, size_t m);

/* Risk-appetite verdict of threshold i (of the model's risk_appetite)
 * with measure m alone at its achievement, with CRQ_ALL_MEASURES, or with
 * none (before: m = CRQ_NO_MEASURE). Returns -1 when not simulated. */
#define CRQ_NO_MEASURE ((size_t)-2)
int crq_analysis_verdict(const crq_analysis *a, size_t m, size_t i,
                         crq_verdict *out);

#ifdef __cplusplus
}
#endif
#endif
