/* engine/analysis/roadmap.c — maximum loss and EAL along the KPIs'
 * schedule, as planned and as achieved.
 *
 * The horizon runs from the earliest KPI start (or due date, for a KPI
 * without a start) to the latest due date, in steps at the first day of
 * every month or calendar quarter, plus both ends. At each step:
 *
 * - planned: each KPI's achievement rises linearly from 0 at its start to
 *   1 at its due date (its value from baseline to plan); a KPI without a
 *   start jumps to 1 at its due date; a KPI without a due date is planned
 *   as achieved throughout;
 * - achieved: with dated actuals, the latest one on or before the step
 *   (or on or before the as-of date, for steps after it: flat); a KPI
 *   with only an undated actual has it from the as-of date on, and before
 *   that is taken to have followed the plan up to it (the smaller of the
 *   planned and the current achievement).
 *
 * Measures combine their KPIs as everywhere (mean achievement). The cost
 * of slippage at a step is achieved minus planned, for EAL and maximum loss.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis_impl.h"
#include "analysis/date.h"
#include "compile/achievement.h"

/* A roadmap longer than this (e.g. 50 years monthly) is refused. */
#define MAX_POINTS 600

/* The day number of a KPI date field, or 0 with *has = 0 when unset. */
static long kpi_day(const char *date, int *has) {
  long d = 0;
  *has = date[0] && crq_date_parse(date, &d) == 0;
  return d;
}

/* Planned achievement of KPI k on day t. */
static double planned(const crq_kpi *k, long t) {
  int has_start, has_due;
  long start = kpi_day(k->start, &has_start), due = kpi_day(k->due, &has_due);
  if (!has_due)
    return 1.0;
  if (!has_start || start >= due)
    return t >= due ? 1.0 : 0.0;
  double p = (double)(t - start) / (double)(due - start);
  return p < 0.0 ? 0.0 : (p > 1.0 ? 1.0 : p);
}

/* Achieved achievement of KPI k on day t (written `date`), the actuals
 * known up to day as_of (written `as_of_date`). */
static double achieved(const crq_kpi *k, long t, const char *date, long as_of,
                       const char *as_of_date) {
  if (k->n_actuals > 0)
    return crq_kpi_achievement(
        k, crq_kpi_actual_on(k, t <= as_of ? date : as_of_date));
  double now = crq_kpi_achievement(k, k->actual);
  return t >= as_of ? now : fmin(now, planned(k, t));
}

/* The horizon [first, last]; 0 when no KPI has a due date. */
static int horizon(const crq_model *m, long *first, long *last) {
  int any = 0;
  for (size_t i = 0; i < m->n_kpis; i++) {
    int has_start, has_due;
    long start = kpi_day(m->kpis[i].start, &has_start);
    long due = kpi_day(m->kpis[i].due, &has_due);
    if (!has_due)
      continue;
    long begin = has_start && start < due ? start : due;
    *first = any ? (begin < *first ? begin : *first) : begin;
    *last = any ? (due > *last ? due : *last) : due;
    any = 1;
  }
  return any;
}

/* The day of step i+1 after day t, within the horizon. */
static long next_step(long t, long last, int months) {
  long n = crq_date_next_boundary(t, months);
  return n < last ? n : last;
}

/* Measure achievements of one path at day t into ach[n_measures]; kpi is
 * scratch for n_kpis values. */
static void path_at(const crq_analysis *a, int path, long t, const char *date,
                    long as_of, double *kpi, double *ach) {
  const crq_model *m = a->model;
  for (size_t k = 0; k < m->n_kpis; k++)
    kpi[k] = path == 0 ? planned(&m->kpis[k], t)
                       : achieved(&m->kpis[k], t, date, as_of, a->opts.as_of);
  for (size_t i = 0; i < m->n_measures; i++)
    ach[i] = crq_measure_achievement(m, i, kpi);
}

static crq_status allocate(crq_analysis *a, size_t n) {
  size_t M = a->n_measures;
  a->points = calloc(n, sizeof *a->points);
  a->point_eval = calloc(2 * n, sizeof *a->point_eval);
  a->point_ach = calloc(2 * n * M + 1, sizeof *a->point_ach);
  return a->points && a->point_eval && a->point_ach ? CRQ_OK : CRQ_ERR_NOMEM;
}

/* Adds point i at day t: its date and both paths' evaluations. */
static crq_status add_point(crq_analysis *a, size_t i, long t, long as_of,
                            double *kpi) {
  crq_roadmap_point *p = &a->points[i];
  crq_date_format(t, p->date);
  p->past = t <= as_of;
  for (int path = 0; path < 2; path++) {
    double *ach = a->point_ach + (2 * i + (size_t)path) * a->n_measures;
    path_at(a, path, t, p->date, as_of, kpi, ach);
    p->achievement[path] = ach;
    a->point_eval[2 * i + (size_t)path] = crq_evals_add(&a->evals, ach);
    if (a->point_eval[2 * i + (size_t)path] == (size_t)-1)
      return CRQ_ERR_NOMEM;
  }
  return CRQ_OK;
}

crq_status crq_roadmap_collect(crq_analysis *a, crq_diags *diags) {
  long first = 0, last = 0, as_of = 0;
  int months = a->opts.step == CRQ_ROADMAP_QUARTER ? 3 : 1;
  if (!a->opts.as_of[0] || crq_date_parse(a->opts.as_of, &as_of) != 0 ||
      !horizon(a->model, &first, &last))
    return CRQ_OK;
  size_t n = 1;
  for (long t = first; t < last; t = next_step(t, last, months))
    n++;
  if (n > MAX_POINTS)
    return crq_diags_add(diags, CRQ_ERR_LIMIT, a->model->file, 0, 0,
                         "the KPI schedule needs a roadmap of %zu steps; "
                         "expected at most %d (use quarterly steps or "
                         "nearer due dates)",
                         n, MAX_POINTS);
  double *kpi = calloc(a->model->n_kpis + 1, sizeof *kpi);
  crq_status st = kpi ? allocate(a, n) : CRQ_ERR_NOMEM;
  long t = first;
  for (size_t i = 0; i < n && st == CRQ_OK; i++) {
    st = add_point(a, i, t, as_of, kpi);
    t = next_step(t, last, months);
  }
  free(kpi);
  if (st == CRQ_OK)
    a->n_points = n;
  return st;
}

void crq_roadmap_finish(crq_analysis *a) {
  for (size_t i = 0; i < a->n_points; i++)
    for (int path = 0; path < 2; path++) {
      size_t e = a->point_eval[2 * i + (size_t)path];
      a->points[i].max_loss[path] =
          crq_evals_fig(&a->evals, e, CRQ_FIG_MAX_LOSS);
      a->points[i].eal[path] = crq_evals_fig(&a->evals, e, CRQ_FIG_EAL);
    }
}

size_t crq_analysis_roadmap_count(const crq_analysis *a) {
  return a->n_points;
}

const crq_roadmap_point *crq_analysis_roadmap(const crq_analysis *a, size_t i) {
  return i < a->n_points ? &a->points[i] : NULL;
}
