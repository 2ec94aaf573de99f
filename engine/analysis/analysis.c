/* engine/analysis/analysis.c — crq_analyse: checks the options, collects
 * every point the attribution and the roadmap need, evaluates them once
 * (evaluate.c), then derives Shapley values, roadmap figures and ROSI.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis_impl.h"
#include "analysis/date.h"
#include "compile/achievement.h"

void crq_analysis_options_init(crq_analysis_options *opts) {
  memset(opts, 0, sizeof *opts);
  crq_sim_options_init(&opts->sim);
  opts->step = CRQ_ROADMAP_MONTH;
  opts->amortisation_years = 3.0;
}

void crq_analysis_free(crq_analysis *a) {
  if (!a)
    return;
  crq_evals_free(&a->evals);
  free(a->current);
  free(a->subset);
  free(a->shapley);
  free(a->points);
  free(a->point_eval);
  free(a->point_ach);
  free(a->rosi);
  free(a);
}

crq_status crq_analysis_options_check(const crq_analysis_options *o,
                                      crq_diags *diags) {
  long day;
  if (!o)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_analysis_options_check: no options");
  if (o->as_of[0] && crq_date_parse(o->as_of, &day) != 0)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "as-of date '%.10s' is not a date; expected "
                         "YYYY-MM-DD",
                         o->as_of);
  if (!(o->amortisation_years >= 0.0 && o->amortisation_years < INFINITY))
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "amortisation period %g years; expected a positive "
                         "number of years (0 for the default, 3)",
                         o->amortisation_years);
  if (o->step != CRQ_ROADMAP_MONTH && o->step != CRQ_ROADMAP_QUARTER)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "roadmap step %d; expected month or quarter",
                         (int)o->step);
  return CRQ_OK;
}

static crq_status check_options(const crq_model *m,
                                const crq_analysis_options *o,
                                crq_diags *diags) {
  crq_status st = crq_analysis_options_check(o, diags);
  if (st != CRQ_OK)
    return st;
  if (m->n_measures > CRQ_ANALYSIS_MAX_MEASURES)
    return crq_diags_add(
        diags, CRQ_ERR_LIMIT, m->file, 0, 0,
        "the model has %zu measures; exact attribution evaluates every "
        "subset (2^%zu) and expects at most %d measures (group related "
        "measures into one, or skip the analysis)",
        m->n_measures, m->n_measures, CRQ_ANALYSIS_MAX_MEASURES);
  return CRQ_OK;
}

/* A run can stand in for two evaluations only if it is the same
 * simulation: same model, trials and seed. */
static crq_status check_run(const crq_model *m, const crq_result *run,
                            const crq_analysis_options *o, crq_diags *diags) {
  uint64_t trials = o->sim.trials ? o->sim.trials : m->settings.trials;
  uint64_t seed = o->sim.has_seed ? o->sim.seed : m->settings.seed;
  if (run && !o->max_loss_only && crq_result_quantiles_only(run))
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "the run to reuse gave only the quantiles it was "
                         "told (crq_sim_options.quantiles); expected a run "
                         "of every figure, or none");
  if (!run || o->max_loss_only ||
      (crq_result_model(run) == m && crq_result_trials(run) == trials &&
       crq_result_seed(run) == seed))
    return CRQ_OK;
  return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                       "the run to reuse has %llu trials and seed %llu of %s "
                       "model; expected %llu trials and seed %llu of the "
                       "analysed model",
                       (unsigned long long)crq_result_trials(run),
                       (unsigned long long)crq_result_seed(run),
                       crq_result_model(run) == m ? "the same" : "another",
                       (unsigned long long)trials, (unsigned long long)seed);
}

/* The measures' achievements from their KPIs' latest actuals, as the
 * simulation computes them. */
static crq_status current_achievements(crq_analysis *a) {
  const crq_model *m = a->model;
  double *kpi = calloc(m->n_kpis + 1, sizeof *kpi);
  a->current = calloc(m->n_measures + 1, sizeof *a->current);
  if (!kpi || !a->current) {
    free(kpi);
    return CRQ_ERR_NOMEM;
  }
  crq_kpi_achievements(m, kpi);
  for (size_t i = 0; i < m->n_measures; i++)
    a->current[i] = crq_measure_achievement(m, i, kpi);
  free(kpi);
  return CRQ_OK;
}

static crq_status analyse(crq_analysis *a, const crq_result *run,
                          crq_diags *diags) {
  crq_status st = current_achievements(a);
  if (st == CRQ_OK)
    st = crq_attribution_collect(a);
  if (st == CRQ_OK)
    st = crq_roadmap_collect(a, diags);
  if (st == CRQ_OK)
    st = crq_evals_run(&a->evals, run, a->current, &a->opts, diags);
  if (st == CRQ_OK)
    st = crq_attribution_compute(a);
  if (st == CRQ_OK)
    crq_roadmap_finish(a);
  if (st == CRQ_OK)
    st = crq_rosi_compute(a);
  return st;
}

const char *crq_figure_key(crq_figure f) {
  static const char *const keys[CRQ_FIG_COUNT] = {"max_loss", "eal", "var99",
                                                  "tvar99"};
  return (unsigned)f < CRQ_FIG_COUNT ? keys[f] : "unknown";
}

crq_status crq_analyse(const crq_model *model, const crq_result *run,
                       const crq_analysis_options *opts, crq_analysis **out,
                       crq_diags *diags) {
  if (!model || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_analyse: no model or no result pointer");
  *out = NULL;
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  if (opts)
    o = *opts;
  o.as_of[10] = '\0';
  o.sim.quantiles = NULL; /* its figures need every order statistic */
  o.sim.n_quantiles = 0;
  if (o.sim.precision > 0) {
    /* The points are paired on fixed trials: the run's, whose size is what
     * the precision target needed, or else the options' own. */
    if (run)
      o.sim.trials = crq_result_trials(run);
    o.sim.precision = 0;
  }
  crq_status st = check_options(model, &o, diags);
  if (st == CRQ_OK)
    st = check_run(model, run, &o, diags);
  if (st != CRQ_OK)
    return st;
  if (o.amortisation_years == 0.0)
    o.amortisation_years = 3.0;
  crq_analysis *a = calloc(1, sizeof *a);
  if (!a)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory while analysing the measures");
  a->model = model;
  a->opts = o;
  a->n_measures = model->n_measures;
  crq_evals_init(&a->evals, model);
  size_t reported = diags->count + diags->dropped;
  st = analyse(a, run, diags);
  if (st == CRQ_ERR_NOMEM && diags->count + diags->dropped == reported)
    crq_diags_add(diags, st, NULL, 0, 0,
                  "out of memory while analysing the measures");
  if (st != CRQ_OK) {
    crq_analysis_free(a);
    return st;
  }
  *out = a;
  return CRQ_OK;
}

const crq_model *crq_analysis_model(const crq_analysis *a) {
  return a->model;
}

size_t crq_analysis_measure_count(const crq_analysis *a) {
  return a->n_measures;
}

int crq_analysis_simulated(const crq_analysis *a) {
  return !a->opts.max_loss_only;
}

size_t crq_analysis_evaluations(const crq_analysis *a) {
  return a->evals.n;
}

double crq_analysis_achievement(const crq_analysis *a, size_t m) {
  return m < a->n_measures ? a->current[m] : NAN;
}

const char *crq_analysis_as_of(const crq_analysis *a) {
  return a->opts.as_of;
}

double crq_analysis_amortisation_years(const crq_analysis *a) {
  return a->opts.amortisation_years;
}
