/* engine/analysis/optimize.c — which measures to fund within a budget
 * (crq_optimize_run, crq/whatif.h).
 *
 * Exact by enumeration: the objective is known for every subset S of the
 * M ≤ 20 measures (members at full achievement, the others at 0, on the
 * same trials), so the best subset within the budget and the efficient
 * frontier are read off the table, not searched for.
 *
 * Evaluations are shared wherever the engine guarantees equal results:
 *   - a measure none of whose effects changes anything at full achievement
 *     is inert: value(S) = value(S without it);
 *   - the maximum loss (the largest scenario's worst case) and the EAL (the
 *     sum of the scenarios' EALs) decompose by scenario, and a scenario's
 *     part only depends on the measures acting on it (every event draws the
 *     same numbers whatever the achievements, see compile/plan.h), so a
 *     scenario needs 2^(measures acting on it) values, not 2^M;
 *   - VaR and TVaR do not decompose: one simulation per subset of the
 *     active measures.
 * A planning pass lists the subsets whose evaluation brings a new value
 * (so progress knows the total), then each is simulated (or, for the
 * maximum loss, only compiled) once and its values stored per group.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/whatif_impl.h"
#include "compile/achievement.h"
#include "compile/plan.h"
#include "model_def.h"
#include "sim/simulate.h"
#include "stats/result_impl.h"

/* Values of one part of the objective, indexed by the projection of a
 * subset onto `mask` (its members among the measures the part depends
 * on, packed into the low bits). */
typedef struct group {
  uint32_t mask;
  double *value; /* 2^popcount(mask) entries; NAN until planned */
} group;

struct crq_optimize {
  const crq_model *model;
  crq_optimize_options opts;
  size_t n_measures;
  uint32_t active; /* measures that change something */
  size_t n_groups; /* scenarios, or 1 for VaR/TVaR */
  group *groups;
  double *obj;  /* 2^M objective values */
  double *cost; /* 2^M costs */
  uint32_t best;
  crq_estimate reduction;
  size_t n_frontier;
  uint32_t *frontier;
  size_t evaluations;
};

void crq_optimize_options_init(crq_optimize_options *opts) {
  memset(opts, 0, sizeof *opts);
  crq_sim_options_init(&opts->sim);
  opts->objective = CRQ_FIG_EAL;
  opts->cost = CRQ_COST_TOTAL;
}

void crq_optimize_free(crq_optimize *o) {
  if (!o)
    return;
  for (size_t g = 0; g < o->n_groups; g++)
    free(o->groups[g].value);
  free(o->groups);
  free(o->obj);
  free(o->cost);
  free(o->frontier);
  free(o);
}

/* The members of s among mask, packed into the low bits. */
static uint32_t project(uint32_t s, uint32_t mask) {
  uint32_t out = 0, bit = 1;
  for (; mask; mask &= mask - 1, bit <<= 1)
    if (s & mask & (~mask + 1))
      out |= bit;
  return out;
}

static int decomposes(crq_figure f) {
  return f == CRQ_FIG_MAX_LOSS || f == CRQ_FIG_EAL;
}

/* Which measures change something, and on which scenarios. */
static void dependencies(crq_optimize *o, uint32_t *on_scenario) {
  const crq_model *m = o->model;
  for (size_t i = 0; i < m->n_measures; i++) {
    const crq_measure *ms = &m->measures[i];
    for (size_t j = 0; j < ms->n_effects; j++) {
      const crq_effect *e = &ms->effects[j];
      if (crq_effect_fraction(e, 1.0) == 0.0 ||
          (e->op == CRQ_EFFECT_SCALE && e->value == 1.0))
        continue;
      o->active |= (uint32_t)1 << i;
      for (size_t s = 0; s < m->n_scenarios; s++)
        if (e->scenario == s || e->scenario == CRQ_TARGET_ALL_SCENARIOS)
          on_scenario[s] |= (uint32_t)1 << i;
    }
  }
}

static int make_groups(crq_optimize *o) {
  const crq_model *m = o->model;
  uint32_t *on = calloc(m->n_scenarios, sizeof *on);
  if (!on)
    return -1;
  dependencies(o, on);
  o->n_groups = decomposes(o->opts.objective) ? m->n_scenarios : 1;
  o->groups = calloc(o->n_groups, sizeof *o->groups);
  for (size_t g = 0; o->groups && g < o->n_groups; g++) {
    group *gr = &o->groups[g];
    gr->mask = decomposes(o->opts.objective) ? on[g] : o->active;
    size_t n = (size_t)1 << __builtin_popcount(gr->mask);
    if (!(gr->value = malloc(n * sizeof *gr->value)))
      break;
    for (size_t k = 0; k < n; k++)
      gr->value[k] = NAN;
  }
  free(on);
  for (size_t g = 0; o->groups && g < o->n_groups; g++)
    if (!o->groups[g].value)
      return -1;
  return o->groups ? 0 : -1;
}

/* The subsets to evaluate: each one that brings a value no earlier one
 * did. Marks the planned entries with 0. */
static uint32_t *plan_subsets(crq_optimize *o, size_t *n) {
  uint32_t count = (uint32_t)1 << o->n_measures;
  uint32_t *todo = malloc(count * sizeof *todo);
  *n = 0;
  for (uint32_t s = 0; todo && s < count; s++) {
    if (s & ~o->active)
      continue;
    int fresh = 0;
    for (size_t g = 0; g < o->n_groups; g++) {
      double *v = &o->groups[g].value[project(s, o->groups[g].mask)];
      fresh |= isnan(*v);
      *v = 0.0;
    }
    if (fresh)
      todo[(*n)++] = s;
  }
  return todo;
}

/* Stores the values of subset s from its compiled plan or its run. */
static void store(crq_optimize *o, uint32_t s, const crq_plan *plan,
                  const crq_result *r) {
  crq_figure f = o->opts.objective;
  for (size_t g = 0; g < o->n_groups; g++) {
    double *v = &o->groups[g].value[project(s, o->groups[g].mask)];
    if (plan)
      *v = crq_plan_worst(plan, plan->n_variants - 1, g, CRQ_CAT_COUNT);
    else if (f == CRQ_FIG_EAL)
      *v = crq_result_scenario_eal(r, crq_whatif_variant(r, 0), g).value;
    else
      *v = f == CRQ_FIG_VAR99
               ? crq_result_quantile(r, crq_whatif_variant(r, 0), CRQ_AEP, 0.99)
                     .value
               : crq_result_tvar(r, crq_whatif_variant(r, 0), CRQ_AEP, 0.99)
                     .value;
  }
}

static void achievements(uint32_t s, size_t n, double *ach) {
  for (size_t i = 0; i < n; i++)
    ach[i] = (s >> i) & 1 ? 1.0 : 0.0;
}

/* Compiles (maximum loss) or simulates subset s and stores its values. */
static crq_status evaluate(crq_optimize *o, uint32_t s, double *ach,
                           const crq_sim_options *sim, crq_whatif_progress *p,
                           crq_diags *diags) {
  achievements(s, o->n_measures, ach);
  crq_status st;
  if (o->opts.objective == CRQ_FIG_MAX_LOSS) {
    crq_plan *plan = NULL;
    if ((st = crq_plan_compile(o->model, ach, &plan, diags)) == CRQ_OK)
      store(o, s, plan, NULL);
    crq_plan_free(plan);
  } else {
    crq_result *r;
    /* the objective reads the with-measures variant's annual loss only,
     * and each scenario's EAL only for the EAL objective */
    crq_sim_options so = *sim;
    so.annual_only = 1;
    so.no_scenario_eal = o->opts.objective != CRQ_FIG_EAL;
    if ((st = crq_simulate_measures(o->model, ach, &so, &r, diags)) == CRQ_OK) {
      store(o, s, NULL, r);
      crq_result_free(r);
      crq_whatif_progress_step(p, sim);
    }
  }
  o->evaluations++;
  return st;
}

/* The objective and cost of every subset. */
static void tabulate(crq_optimize *o) {
  const crq_model *m = o->model;
  uint32_t count = (uint32_t)1 << o->n_measures;
  for (uint32_t s = 0; s < count; s++) {
    double v = 0.0, c = 0.0;
    for (size_t g = 0; g < o->n_groups; g++) {
      double x = o->groups[g].value[project(s & o->active, o->groups[g].mask)];
      v = o->opts.objective == CRQ_FIG_MAX_LOSS ? fmax(v, x) : v + x;
    }
    for (size_t i = 0; i < o->n_measures; i++) {
      const crq_measure *ms = &m->measures[i];
      if ((s >> i) & 1)
        c += o->opts.cost == CRQ_COST_ONCE ? ms->cost_once
             : o->opts.cost == CRQ_COST_ANNUAL
                 ? ms->cost_annual
                 : ms->cost_once + ms->cost_annual;
    }
    o->obj[s] = v;
    o->cost[s] = c;
  }
}

/* Whether a beats b: lower objective, then lower cost, then fewer
 * measures, then the smaller mask. */
static int better(const crq_optimize *o, uint32_t a, uint32_t b) {
  if (o->obj[a] != o->obj[b])
    return o->obj[a] < o->obj[b];
  if (o->cost[a] != o->cost[b])
    return o->cost[a] < o->cost[b];
  int pa = __builtin_popcount(a), pb = __builtin_popcount(b);
  return pa != pb ? pa < pb : a < b;
}

/* A subset for the frontier sort. */
typedef struct entry {
  double cost, obj;
  uint32_t mask;
} entry;

static int by_cost(const void *x, const void *y) {
  const entry *a = x, *b = y;
  if (a->cost != b->cost)
    return a->cost < b->cost ? -1 : 1;
  if (a->obj != b->obj)
    return a->obj < b->obj ? -1 : 1;
  int pa = __builtin_popcount(a->mask), pb = __builtin_popcount(b->mask);
  return pa != pb ? pa - pb : (a->mask > b->mask) - (a->mask < b->mask);
}

/* The best subset within the budget, and the frontier: by ascending cost,
 * each subset that lowers the objective below every cheaper one. */
static int choose(crq_optimize *o) {
  uint32_t count = (uint32_t)1 << o->n_measures;
  double limit = o->opts.budget * (1 + 1e-12);
  o->best = 0;
  for (uint32_t s = 1; s < count; s++)
    if (o->cost[s] <= limit && better(o, s, o->best))
      o->best = s;
  entry *e = malloc(count * sizeof *e);
  o->frontier = malloc(count * sizeof *o->frontier);
  if (!e || !o->frontier) {
    free(e);
    return -1;
  }
  for (uint32_t s = 0; s < count; s++)
    e[s] = (entry){o->cost[s], o->obj[s], s};
  qsort(e, count, sizeof *e, by_cost);
  double lowest = INFINITY;
  for (uint32_t k = 0; k < count; k++)
    if (e[k].obj < lowest) {
      lowest = e[k].obj;
      o->frontier[o->n_frontier++] = e[k].mask;
    }
  free(e);
  return 0;
}

/* The best subset's reduction with its paired standard error: the
 * maximum loss is exact; the simulated objectives take the standard error
 * of the run at the best subset, whose baseline variant is the empty
 * subset on the same trials. */
static crq_status best_reduction(crq_optimize *o, double *ach,
                                 const crq_sim_options *sim, crq_diags *diags) {
  double value = o->obj[0] - o->obj[o->best];
  o->reduction = (crq_estimate){value, 0.0, value, value};
  if (o->opts.objective == CRQ_FIG_MAX_LOSS || o->best == 0)
    return CRQ_OK;
  achievements(o->best, o->n_measures, ach);
  crq_sim_options quiet = *sim;
  quiet.progress = NULL;
  crq_result *r;
  crq_status st = crq_simulate_at(o->model, ach, &quiet, &r, diags);
  if (st != CRQ_OK)
    return st;
  crq_estimate e = o->opts.objective == CRQ_FIG_EAL
                       ? crq_result_reduction_eal(r)
                   : o->opts.objective == CRQ_FIG_VAR99
                       ? crq_result_reduction_quantile(r, 0.99)
                       : crq_result_reduction_tvar(r, 0.99);
  double half = e.hi - e.value; /* the interval's half-width */
  o->reduction = (crq_estimate){value, e.se, value - half, value + half};
  crq_result_free(r);
  return CRQ_OK;
}

static crq_status check(const crq_model *m, const crq_optimize_options *o,
                        crq_diags *diags) {
  if (m->n_measures > CRQ_OPTIMIZE_MAX_MEASURES)
    return crq_diags_add(diags, CRQ_ERR_LIMIT, m->file, 0, 0,
                         "the model has %zu measures; expected at most %d "
                         "(the optimiser is exact: it evaluates every subset "
                         "of the measures)",
                         m->n_measures, CRQ_OPTIMIZE_MAX_MEASURES);
  if (!(o->budget >= 0) || !isfinite(o->budget))
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "budget %g is out of range; expected an amount >= 0",
                         o->budget);
  if ((unsigned)o->objective >= CRQ_FIG_COUNT ||
      (unsigned)o->cost > CRQ_COST_TOTAL)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "unknown objective or cost basis; expected max, eal, "
                         "var99 or tvar99 and once, annual or total");
  /* checked whatever the objective (the maximum loss simulates nothing),
   * as the analyses use them (crq_whatif_sim drops what they ignore) */
  crq_whatif_progress p;
  crq_sim_options sim = crq_whatif_sim(m, &o->sim, &p, 1);
  return crq_sim_options_check(&sim, diags);
}

static crq_status optimize_new(const crq_model *m,
                               const crq_optimize_options *opts,
                               crq_optimize **out, crq_diags *diags) {
  crq_optimize *o = calloc(1, sizeof *o);
  *out = o;
  if (o) {
    o->model = m;
    o->opts = *opts;
    o->n_measures = m->n_measures;
    size_t count = (size_t)1 << o->n_measures;
    o->obj = malloc(count * sizeof *o->obj);
    o->cost = malloc(count * sizeof *o->cost);
  }
  if (o && o->obj && o->cost && make_groups(o) == 0)
    return CRQ_OK;
  return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                       "out of memory in the optimiser; expected fewer "
                       "measures");
}

crq_status crq_optimize_run(const crq_model *model,
                            const crq_optimize_options *opts,
                            crq_optimize **out, crq_diags *diags) {
  if (!model || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_optimize_run: no model or no result pointer");
  crq_optimize_options o;
  crq_optimize_options_init(&o);
  if (opts)
    o = *opts;
  *out = NULL;
  crq_status st = check(model, &o, diags);
  crq_optimize *op = NULL;
  if (st == CRQ_OK)
    st = optimize_new(model, &o, &op, diags);
  size_t n_todo = 0;
  uint32_t *todo = st == CRQ_OK ? plan_subsets(op, &n_todo) : NULL;
  double *ach = malloc((model->n_measures + 1) * sizeof *ach);
  if (st == CRQ_OK && (!todo || !ach))
    st = crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                       "out of memory in the optimiser");
  crq_whatif_progress p;
  crq_sim_options sim = crq_whatif_sim(
      model, &o.sim, &p, o.objective == CRQ_FIG_MAX_LOSS ? 0 : n_todo);
  for (size_t k = 0; k < n_todo && st == CRQ_OK; k++)
    st = evaluate(op, todo[k], ach, &sim, &p, diags);
  if (st == CRQ_OK) {
    tabulate(op);
    if (choose(op) != 0)
      st = crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory in the optimiser");
  }
  if (st == CRQ_OK)
    st = best_reduction(op, ach, &sim, diags);
  free(todo);
  free(ach);
  if (st != CRQ_OK) {
    crq_optimize_free(op);
    return st;
  }
  op->opts.sim = sim;
  op->opts.sim.progress = NULL;
  op->opts.sim.progress_ctx = NULL;
  *out = op;
  return CRQ_OK;
}

const crq_model *crq_optimize_model(const crq_optimize *o) {
  return o->model;
}

const crq_optimize_options *crq_optimize_options_of(const crq_optimize *o) {
  return &o->opts;
}

uint32_t crq_optimize_best(const crq_optimize *o) {
  return o->best;
}

double crq_optimize_objective(const crq_optimize *o, uint32_t mask) {
  return mask >> o->n_measures ? NAN : o->obj[mask];
}

double crq_optimize_cost(const crq_optimize *o, uint32_t mask) {
  return mask >> o->n_measures ? NAN : o->cost[mask];
}

crq_estimate crq_optimize_reduction(const crq_optimize *o) {
  return o->reduction;
}

size_t crq_optimize_frontier_count(const crq_optimize *o) {
  return o->n_frontier;
}

uint32_t crq_optimize_frontier(const crq_optimize *o, size_t i) {
  return i < o->n_frontier ? o->frontier[i] : 0;
}

size_t crq_optimize_evaluations(const crq_optimize *o) {
  return o->evaluations;
}
