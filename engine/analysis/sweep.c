/* engine/analysis/sweep.c — the figures over a 1-D or 2-D grid of values
 * of model paths (crq_sweep_run, crq/whatif.h).
 *
 * A point is the source model with each axis's value assigned to its
 * path. Two ways to get there:
 *   - a KPI's actual (kpis.<id>.actual) only changes the achievements of
 *     the measures that track the KPI, so such an axis is evaluated on the
 *     loaded model at the achievements the value gives (crq_simulate_at),
 *     the same computation the compiler makes from a model file;
 *   - any other path loads a variant of the source with the assignment
 *     (crq_model_source_variant), so the loader checks every value.
 * Both ends of every axis are loaded first, so a value the format refuses
 * fails the sweep before anything is simulated (the values in between lie
 * between them). Every point runs the same trials and seed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/whatif_impl.h"
#include "compile/achievement.h"
#include "model_def.h"
#include "stats/result_impl.h"
#include "util/shortest.h"

struct crq_sweep {
  const crq_model *model; /* the source's, borrowed */
  size_t n_axes;
  crq_sweep_axis axes[CRQ_SWEEP_MAX_AXES]; /* paths owned */
  int cheap[CRQ_SWEEP_MAX_AXES];
  size_t n_points;   /* steps of axis 0 × steps of axis 1 */
  crq_figures *figs; /* point (i, j) at i × steps1 + j */
  uint64_t trials, seed;
  int baseline;
};

void crq_sweep_free(crq_sweep *s) {
  if (!s)
    return;
  for (size_t a = 0; a < s->n_axes; a++)
    free((char *)s->axes[a].path);
  free(s->figs);
  free(s);
}

double crq_sweep_value(const crq_sweep *s, size_t axis, size_t i) {
  if (axis >= s->n_axes || i >= s->axes[axis].steps)
    return NAN;
  const crq_sweep_axis *x = &s->axes[axis];
  if (i == x->steps - 1)
    return x->to;
  double span = x->to - x->from, n = (double)(x->steps - 1);
  if (isfinite(span))
    return x->from + span * (double)i / n;
  return x->from * (1 - i / n) + x->to * (i / n); /* the span overflows */
}

/* The KPI a path kpis.<id>.actual names in m, or -1. */
static long kpi_of_path(const crq_model *m, const char *path) {
  static const char prefix[] = "kpis.", suffix[] = ".actual";
  size_t len = strlen(path), pre = sizeof prefix - 1, suf = sizeof suffix - 1;
  if (len <= pre + suf || strncmp(path, prefix, pre) != 0 ||
      strcmp(path + len - suf, suffix) != 0)
    return -1;
  for (size_t k = 0; k < m->n_kpis; k++)
    if (strlen(m->kpis[k].id) == len - pre - suf &&
        strncmp(path + pre, m->kpis[k].id, len - pre - suf) == 0)
      return (long)k;
  return -1;
}

static crq_status check_axes(const crq_sweep_axis *axes, size_t n,
                             crq_diags *diags) {
  if (!axes || n < 1 || n > CRQ_SWEEP_MAX_AXES)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "a sweep has %zu axes%s; expected 1 or 2", n,
                         axes ? "" : " and no array");
  size_t points = 1;
  for (size_t a = 0; a < n; a++) {
    const crq_sweep_axis *x = &axes[a];
    if (!x->path || !*x->path || x->steps < 2 || !isfinite(x->from) ||
        !isfinite(x->to))
      return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                           "axis %zu of the sweep: expected a path, finite "
                           "FROM and TO and at least 2 steps",
                           a + 1);
    if (x->steps > CRQ_SWEEP_MAX_POINTS / points)
      return crq_diags_add(diags, CRQ_ERR_LIMIT, NULL, 0, 0,
                           "the sweep has more than %d points; expected at "
                           "most %d (fewer steps)",
                           CRQ_SWEEP_MAX_POINTS, CRQ_SWEEP_MAX_POINTS);
    points *= x->steps;
  }
  return CRQ_OK;
}

/* Renames the loader's "--set PATH=V" diagnostics from index `from` on to
 * "--vary PATH=FROM:TO:STEPS (at V)", the option the user wrote. */
static void name_vary(crq_diags *diags, size_t from, const crq_sweep_axis *x,
                      const char *set) {
  for (size_t i = from; diags && i < diags->count; i++) {
    crq_diag *g = &diags->items[i];
    char *file;
    if (!g->file || strncmp(g->file, "--set ", 6) != 0 ||
        strcmp(g->file + 6, set) != 0)
      continue;
    if (asprintf(&file, "--vary %s=%.17g:%.17g:%zu (at %s)", x->path, x->from,
                 x->to, x->steps, strchr(set, '=') + 1) < 0)
      continue;
    free(g->file);
    g->file = file;
  }
}

/* "path=value" for axis a at value v. */
static char *assignment(const crq_sweep_axis *x, double v) {
  char *s;
  return asprintf(&s, "%s=%.17g", x->path, v) < 0 ? NULL : s;
}

/* Says at which point the diagnostics from `from` on arose: the file's
 * line alone does not, as every point is the same file changed. */
static void note_point(const crq_sweep *s, const double *vals, crq_diags *diags,
                       size_t from) {
  char at[CRQ_SWEEP_MAX_AXES][320] = {""};
  for (size_t a = 0; a < s->n_axes; a++) {
    char v[32]; /* 0.1, not 0.10000000000000001 */
    snprintf(at[a], sizeof at[a], "%s%s=%s", a ? ", " : "", s->axes[a].path,
             crq_shortest(vals[a], v));
  }
  crq_diags_note(diags, from, "at the sweep point %s%s", at[0], at[1]);
}

/* Loads the variant of src with the axes at vals[]: every axis when all
 * is set, else the reloaded (non-KPI) ones. */
static crq_status load_point(const crq_model_source *src, const crq_sweep *s,
                             const double *vals, int all, crq_diags *diags,
                             crq_model **out) {
  char *sets[CRQ_SWEEP_MAX_AXES] = {NULL};
  const crq_sweep_axis *axis[CRQ_SWEEP_MAX_AXES];
  size_t n = 0;
  crq_status st = CRQ_OK;
  for (size_t a = 0; a < s->n_axes && st == CRQ_OK; a++) {
    if (s->cheap[a] && !all)
      continue;
    axis[n] = &s->axes[a];
    if (!(sets[n++] = assignment(&s->axes[a], vals[a])))
      st = crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory in the sweep");
  }
  size_t before = diags ? diags->count : 0;
  if (st == CRQ_OK) {
    st =
        crq_model_source_variant(src, (const char *const *)sets, n, diags, out);
    for (size_t k = 0; k < n; k++)
      name_vary(diags, before, axis[k], sets[k]);
    if (st != CRQ_OK)
      note_point(s, vals, diags, before);
  }
  for (size_t k = 0; k < n; k++)
    free(sets[k]);
  return st;
}

/* Loads the model at both ends of every axis (all axes at their FROM, then
 * each at its TO), KPI axes included, so every value is checked. */
static crq_status check_ends(const crq_model_source *src, const crq_sweep *s,
                             crq_diags *diags) {
  double vals[CRQ_SWEEP_MAX_AXES];
  for (size_t a = 0; a < s->n_axes; a++)
    vals[a] = s->axes[a].from;
  crq_status st = CRQ_OK;
  for (size_t a = 0; a <= s->n_axes && st == CRQ_OK; a++) {
    if (a > 0)
      vals[a - 1] = s->axes[a - 1].to;
    crq_model *m;
    if ((st = load_point(src, s, vals, 1, diags, &m)) == CRQ_OK)
      crq_model_free(m);
  }
  return st;
}

/* The measures' achievements in m with the KPI axes at vals[]; kpi and ach
 * are scratch arrays of n_kpis and n_measures values. */
static void point_achievements(const crq_sweep *s, const crq_model *m,
                               const double *vals, double *kpi, double *ach) {
  crq_kpi_achievements(m, kpi);
  for (size_t a = 0; a < s->n_axes; a++) {
    long k = s->cheap[a] ? kpi_of_path(m, s->axes[a].path) : -1;
    if (k >= 0)
      kpi[k] = crq_kpi_achievement(&m->kpis[k], vals[a]);
  }
  for (size_t i = 0; i < m->n_measures; i++)
    ach[i] = crq_measure_achievement(m, i, kpi);
}

static crq_sweep *sweep_new(const crq_model *model, const crq_sweep_axis *axes,
                            size_t n_axes) {
  crq_sweep *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->model = model;
  s->n_points = 1;
  for (size_t a = 0; a < n_axes; a++, s->n_axes++) {
    s->axes[a] = axes[a];
    if (!(s->axes[a].path = strdup(axes[a].path))) {
      crq_sweep_free(s);
      return NULL;
    }
    s->cheap[a] = kpi_of_path(model, axes[a].path) >= 0;
    s->n_points *= axes[a].steps;
  }
  if (!(s->figs = calloc(s->n_points, sizeof *s->figs))) {
    crq_sweep_free(s);
    return NULL;
  }
  return s;
}

/* Evaluates every point, reloading the model only when a non-KPI axis
 * moves. */
static crq_status run_points(const crq_model_source *src, crq_sweep *s,
                             const crq_sim_options *sim, crq_whatif_progress *p,
                             crq_diags *diags) {
  const crq_model *base = s->model;
  size_t steps1 = s->n_axes > 1 ? s->axes[1].steps : 1;
  int any_cheap = 0;
  for (size_t a = 0; a < s->n_axes; a++)
    any_cheap |= s->cheap[a];
  double *kpi = malloc((base->n_kpis + 1) * sizeof *kpi);
  double *ach = malloc((base->n_measures + 1) * sizeof *ach);
  crq_model *m = NULL;
  crq_status st = kpi && ach ? CRQ_OK
                             : crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                                             "out of memory in the sweep");
  double prev[CRQ_SWEEP_MAX_AXES] = {NAN, NAN};
  for (size_t k = 0; k < s->n_points && st == CRQ_OK; k++) {
    double vals[CRQ_SWEEP_MAX_AXES];
    size_t idx[CRQ_SWEEP_MAX_AXES] = {k / steps1, k % steps1};
    int moved = 0;
    for (size_t a = 0; a < s->n_axes; a++) {
      vals[a] = crq_sweep_value(s, a, idx[a]);
      moved |= !s->cheap[a] && !(vals[a] == prev[a]);
    }
    if (moved) {
      crq_model_free(m);
      m = NULL;
      if ((st = load_point(src, s, vals, 0, diags, &m)) != CRQ_OK)
        break;
      memcpy(prev, vals, sizeof prev);
    }
    const crq_model *at = m ? m : base;
    if (any_cheap)
      point_achievements(s, at, vals, kpi, ach);
    size_t before = diags ? diags->count : 0;
    st = crq_whatif_evaluate(at, any_cheap ? ach : NULL, sim, s->baseline, p,
                             &s->figs[k], diags);
    if (st != CRQ_OK)
      note_point(s, vals, diags, before);
  }
  crq_model_free(m);
  free(kpi);
  free(ach);
  return st;
}

crq_status crq_sweep_run(const crq_model_source *src,
                         const crq_sweep_axis *axes, size_t n_axes,
                         const crq_whatif_options *opts, crq_sweep **out,
                         crq_diags *diags) {
  if (!src || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_sweep_run: no model source or no result "
                         "pointer");
  *out = NULL;
  crq_status st = check_axes(axes, n_axes, diags);
  if (st != CRQ_OK)
    return st;
  crq_whatif_options o;
  crq_whatif_options_init(&o);
  if (opts)
    o = *opts;
  const crq_model *base = crq_model_source_model(src);
  crq_sweep *s = sweep_new(base, axes, n_axes);
  if (!s)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory in the sweep");
  crq_whatif_progress p;
  crq_sim_options sim = crq_whatif_sim(base, &o.sim, &p, s->n_points);
  s->trials = sim.trials;
  s->seed = sim.seed;
  s->baseline = o.baseline;
  st = check_ends(src, s, diags);
  if (st == CRQ_OK)
    st = run_points(src, s, &sim, &p, diags);
  if (st != CRQ_OK) {
    crq_sweep_free(s);
    return st;
  }
  *out = s;
  return CRQ_OK;
}

const crq_model *crq_sweep_model(const crq_sweep *s) {
  return s->model;
}

size_t crq_sweep_axis_count(const crq_sweep *s) {
  return s->n_axes;
}

const crq_sweep_axis *crq_sweep_axis_at(const crq_sweep *s, size_t axis) {
  return axis < s->n_axes ? &s->axes[axis] : NULL;
}

int crq_sweep_axis_cheap(const crq_sweep *s, size_t axis) {
  return axis < s->n_axes && s->cheap[axis];
}

crq_estimate crq_sweep_figure(const crq_sweep *s, size_t i, size_t j,
                              crq_figure f) {
  size_t steps1 = s->n_axes > 1 ? s->axes[1].steps : 1;
  if (i >= s->axes[0].steps || j >= steps1 || (unsigned)f >= CRQ_FIG_COUNT)
    return crq_estimate_nan();
  return s->figs[i * steps1 + j].fig[f];
}

uint64_t crq_sweep_trials(const crq_sweep *s) {
  return s->trials;
}

uint64_t crq_sweep_seed(const crq_sweep *s) {
  return s->seed;
}

int crq_sweep_baseline(const crq_sweep *s) {
  return s->baseline;
}
