/* engine/compile/plan.c — compiling a validated model into a flat plan.
 *
 * See plan.h for the layout. The steps: lay out scenarios and triggers with
 * identity maps; compose the measures' effects into the CRQ_MEASURES maps
 * (effects.c); prepare a sampler per random input and fold the constant
 * ones; work out each scenario's frequency per variant (rates, thinning,
 * count samplers) and the superposition of the Poisson scenarios; and the
 * deterministic worst case (worst.c).
 */
#include "compile/plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/achievement.h"
#include "compile/compile_steps.h"

/* The plain model (models/plain.c): its loss is its one input. */
extern const crq_loss_model crq_model_plain;

void crq_plan_free(crq_plan *p) {
  if (p == NULL)
    return;
  for (size_t i = 0; i < p->n_draws; i++)
    crq_sampler_free(&p->draws[i].sampler);
  for (size_t s = 0; s < p->n_scenarios && p->scenarios; s++)
    if (p->scenarios[s].has_count)
      crq_sampler_free(&p->scenarios[s].count);
  if (p->has_poisson) {
    crq_sampler_free(&p->poisson);
    crq_sampler_free(&p->pick);
  }
  free(p->scenarios);
  free(p->triggers);
  free(p->draws);
  free(p->counted);
  free(p->measure_achievement);
  free(p->worst);
  free(p);
}

static crq_status nomem(crq_diags *diags) {
  return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                       "out of memory while compiling the model");
}

/* Allocates the plan's arrays, sized from the model. */
static crq_status allocate(const crq_model *m, crq_plan *p) {
  size_t n_triggers = 0, n_inputs = 0;
  for (size_t s = 0; s < m->n_scenarios; s++) {
    n_triggers += m->scenarios[s].n_triggers;
    for (size_t k = 0; k < m->scenarios[s].n_triggers; k++)
      n_inputs += crq_loss_models[m->scenarios[s].triggers[k].model]->n_inputs;
  }
  p->n_scenarios = m->n_scenarios;
  p->n_measures = m->n_measures;
  p->scenarios = calloc(m->n_scenarios + 1, sizeof *p->scenarios);
  p->triggers = calloc(n_triggers + 1, sizeof *p->triggers);
  p->draws = calloc(n_inputs + 1, sizeof *p->draws);
  p->counted = calloc(m->n_scenarios + 1, sizeof *p->counted);
  p->measure_achievement = calloc(m->n_measures + 1, sizeof(double));
  p->worst =
      calloc((size_t)p->n_variants * m->n_scenarios * (CRQ_CAT_COUNT + 1) + 1,
             sizeof(double));
  if (!p->scenarios || !p->triggers || !p->draws || !p->counted ||
      !p->measure_achievement || !p->worst)
    return CRQ_ERR_NOMEM;
  return CRQ_OK;
}

/* Each measure's achievement: the override clipped to [0,1], or the mean
 * of its KPIs' achievements. */
static crq_status achievements(const crq_model *m, const double *override,
                               crq_plan *p) {
  if (override) {
    for (size_t i = 0; i < m->n_measures; i++) {
      double a = override[i];
      p->measure_achievement[i] = !(a > 0.0) ? 0.0 : (a > 1.0 ? 1.0 : a);
    }
    return CRQ_OK;
  }
  double *kpi = calloc(m->n_kpis + 1, sizeof *kpi);
  if (kpi == NULL)
    return CRQ_ERR_NOMEM;
  crq_kpi_achievements(m, kpi);
  for (size_t i = 0; i < m->n_measures; i++)
    p->measure_achievement[i] = crq_measure_achievement(m, i, kpi);
  free(kpi);
  return CRQ_OK;
}

/* Scenarios and their triggers, every map the identity. */
static void lay_out(const crq_model *m, crq_plan *p) {
  size_t k = 0;
  for (size_t s = 0; s < m->n_scenarios; s++) {
    crq_plan_scenario *sc = &p->scenarios[s];
    sc->trigger_begin = k;
    for (size_t i = 0; i < m->scenarios[s].n_triggers; i++, k++) {
      crq_plan_trigger *t = &p->triggers[k];
      const crq_loss_model *lm =
          crq_loss_models[m->scenarios[s].triggers[i].model];
      t->model = m->scenarios[s].triggers[i].model;
      t->loss = lm->loss;
      t->category = lm->category;
      t->n_inputs = lm->n_inputs;
      t->uses_uniform = lm->uses_uniform;
      for (int v = 0; v < CRQ_MAX_VARIANTS; v++)
        for (unsigned j = 0; j < CRQ_MODEL_MAX_INPUTS; j++)
          t->a[v][j] = 1.0;
    }
    sc->trigger_end = k;
  }
  p->n_triggers = k;
}

/* Samplers for the random inputs of trigger k, fixed values for the
 * constant ones, and the constant loss when nothing is random. */
static crq_status compile_inputs(const crq_model *m, crq_plan *p, size_t s,
                                 size_t k, crq_diags *diags) {
  crq_plan_trigger *t = &p->triggers[k];
  const crq_trigger *mt =
      &m->scenarios[s].triggers[k - p->scenarios[s].trigger_begin];
  const crq_loss_model *lm = crq_loss_models[t->model];
  t->draw_begin = p->n_draws;
  for (unsigned i = 0; i < lm->n_inputs; i++) {
    crq_sampler smp;
    if (crq_sampler_init(&smp, &mt->inputs[i]) != 0)
      return CRQ_ERR_NOMEM;
    if (!crq_sampler_is_constant(&smp)) {
      p->draws[p->n_draws++] = (crq_plan_draw){.sampler = smp,
                                               .slot = i,
                                               .lo = lm->inputs[i].min,
                                               .hi = lm->inputs[i].max};
      continue;
    }
    crq_sampler_free(&smp);
    double c = crq_dist_mean(&mt->inputs[i]);
    for (int v = 0; v < p->n_variants; v++)
      t->fixed[v][i] = crq_clip(t->a[v][i] * c + t->b[v][i], lm->inputs[i].min,
                                lm->inputs[i].max);
  }
  t->draw_end = p->n_draws;
  t->is_constant = t->draw_end == t->draw_begin && !t->uses_uniform;
  t->is_identity = lm == &crq_model_plain && t->draw_end == t->draw_begin + 1;
  for (int v = 0; t->is_constant && v < p->n_variants; v++) {
    t->const_loss[v] = t->loss(t->fixed[v], &p->org, 0.0);
    if (!(t->const_loss[v] >= 0.0 && t->const_loss[v] < INFINITY))
      return crq_diags_add(diags, CRQ_ERR_INPUT, m->file, mt->mark.line,
                           mt->mark.column,
                           "the loss of %s in scenario '%s' is %g; expected "
                           "a finite, non-negative amount",
                           lm->key, m->scenarios[s].id, t->const_loss[v]);
  }
  return CRQ_OK;
}

/* A model whose years would hold more events than a trial can, reported
 * at scenario s: `what` says whose count it is, a mean (mean: a year on
 * average must stay below the limit, or most years would fail) or the
 * most a year can draw. */
static crq_status limit_error(const crq_model *m, size_t s, const char *what,
                              int mean, crq_diags *diags) {
  return crq_diags_add(
      diags, CRQ_ERR_LIMIT, m->file, m->scenarios[s].mark.line,
      m->scenarios[s].mark.column, "%s; expected %s %u events %s", what,
      mean ? "fewer than" : "at most", CRQ_MAX_EVENTS_PER_TRIAL,
      mean ? "a year on average" : "in a simulated year");
}

/* Every scenario's mean count (its largest over the variants) together:
 * below the limit, or a year would exceed it about every other time. */
static crq_status check_total_rate(const crq_model *m, const crq_plan *p,
                                   crq_diags *diags) {
  size_t largest = 0;
  double total = 0.0;
  for (size_t s = 0; s < p->n_scenarios; s++) {
    total += p->scenarios[s].rate_max;
    if (p->scenarios[s].rate_max > p->scenarios[largest].rate_max)
      largest = s;
  }
  if (total < CRQ_MAX_EVENTS_PER_TRIAL)
    return CRQ_OK;
  char what[200];
  snprintf(what, sizeof what,
           "the scenarios have %.15g events a year on average in all (the "
           "most, %.15g, in scenario '%s')",
           total, p->scenarios[largest].rate_max, m->scenarios[largest].id);
  return limit_error(m, largest, what, 1, diags);
}

/* Rates per variant, thinning probabilities and, for non-Poisson
 * frequencies, the count sampler (at the baseline's distribution: frequency
 * effects may only lower the rate). */
static crq_status compile_frequency(const crq_model *m, crq_plan *p, size_t s,
                                    double fa, double fb, crq_diags *diags) {
  const crq_dist *f = &m->scenarios[s].frequency;
  crq_plan_scenario *sc = &p->scenarios[s];
  double mean = crq_dist_mean(f);
  sc->kind = f->kind;
  sc->rate_max = 0.0;
  for (int v = 0; v < p->n_variants; v++) {
    sc->rate[v] = v == 0 ? mean : fmax(0.0, fa * mean + fb);
    sc->rate_max = fmax(sc->rate_max, sc->rate[v]);
  }
  for (int v = 0; v < p->n_variants; v++) {
    sc->accept[v] = sc->rate_max > 0.0 ? sc->rate[v] / sc->rate_max : 0.0;
    sc->thinned |= sc->accept[v] < 1.0;
  }
  char what[160];
  const char *id = m->scenarios[s].id;
  if (sc->rate_max >= CRQ_MAX_EVENTS_PER_TRIAL) {
    snprintf(what, sizeof what,
             "scenario '%s' has %.15g events a year on average", id,
             sc->rate_max);
    return limit_error(m, s, what, 1, diags);
  }
  if (f->kind == CRQ_DIST_POISSON || mean <= 0.0)
    return CRQ_OK;
  double most = crq_dist_max(f); /* +inf for a negative binomial */
  if (isfinite(most) && most > CRQ_MAX_EVENTS_PER_TRIAL) {
    snprintf(what, sizeof what, "scenario '%s' can have %.15g events in a year",
             id, most);
    return limit_error(m, s, what, 0, diags);
  }
  if (sc->rate_max > mean)
    return crq_diags_add(
        diags, CRQ_ERR_INPUT, m->file, m->scenarios[s].mark.line,
        m->scenarios[s].mark.column,
        "the measures raise the rate of scenario '%s' from %g to %g; "
        "expected frequency effects only to lower it",
        m->scenarios[s].id, mean, sc->rate_max);
  if (crq_sampler_init(&sc->count, f) != 0)
    return CRQ_ERR_NOMEM;
  sc->has_count = 1;
  p->counted[p->n_counted++] = s;
  return CRQ_OK;
}

/* Marks the scenarios a frequency effect targets (at any achievement). */
static void mark_thinning(const crq_model *m, crq_plan *p) {
  for (size_t i = 0; p->n_variants > 1 && i < m->n_measures; i++)
    for (size_t j = 0; j < m->measures[i].n_effects; j++) {
      const crq_effect *e = &m->measures[i].effects[j];
      if (e->model != CRQ_TARGET_FREQUENCY)
        continue;
      for (size_t s = 0; s < m->n_scenarios; s++)
        if (e->scenario == CRQ_TARGET_ALL_SCENARIOS || e->scenario == s)
          p->scenarios[s].draws_thinning = 1;
    }
}

/* One Poisson count at the Poisson scenarios' total rate and an alias
 * table over them by rate (Walker 1977, via the DISCRETE sampler). */
static crq_status superpose(const crq_model *m, crq_plan *p, crq_diags *diags) {
  size_t n = 0, largest = 0;
  double total = 0.0;
  for (size_t s = 0; s < p->n_scenarios; s++) {
    const crq_plan_scenario *sc = &p->scenarios[s];
    if (sc->kind != CRQ_DIST_POISSON || sc->rate_max <= 0.0)
      continue;
    total += sc->rate_max;
    if (n == 0 || sc->rate_max > p->scenarios[largest].rate_max)
      largest = s;
    n++;
  }
  if (n == 0)
    return CRQ_OK;
  double *values = malloc(n * sizeof *values);
  double *probs = malloc(n * sizeof *probs);
  crq_status st = CRQ_ERR_NOMEM;
  if (values && probs) {
    size_t i = 0;
    for (size_t s = 0; s < p->n_scenarios; s++) {
      const crq_plan_scenario *sc = &p->scenarios[s];
      if (sc->kind == CRQ_DIST_POISSON && sc->rate_max > 0.0) {
        values[i] = (double)s;
        probs[i++] = sc->rate_max / total;
      }
    }
    crq_dist count = crq_dist_constant(0.0), pick = crq_dist_constant(0.0);
    count.kind = CRQ_DIST_POISSON;
    count.p[0] = total;
    pick.kind = CRQ_DIST_DISCRETE;
    pick.n = n;
    pick.values = values;
    pick.probs = probs;
    if (crq_sampler_init(&p->poisson, &count) == 0) {
      if (crq_sampler_init(&p->pick, &pick) == 0) {
        p->has_poisson = 1;
        p->poisson_rate = total;
        p->poisson_largest = largest;
        st = CRQ_OK;
      } else {
        crq_sampler_free(&p->poisson);
      }
    }
  }
  free(values);
  free(probs);
  return st;
}

static crq_status compile_all(const crq_model *m, const double *override,
                              crq_plan *p, double *fa, double *fb,
                              crq_diags *diags) {
  crq_status st = allocate(m, p);
  if (st == CRQ_OK)
    st = achievements(m, override, p);
  if (st != CRQ_OK)
    return st;
  lay_out(m, p);
  for (size_t s = 0; s < m->n_scenarios; s++) {
    fa[s] = 1.0;
    fb[s] = 0.0;
  }
  if (p->n_variants > 1) {
    st = crq_compose_effects(m, p->measure_achievement, p, fa, fb, diags);
    if (st != CRQ_OK)
      return st;
  }
  for (size_t s = 0; s < m->n_scenarios; s++) {
    const crq_plan_scenario *sc = &p->scenarios[s];
    for (size_t k = sc->trigger_begin; k < sc->trigger_end; k++)
      if ((st = compile_inputs(m, p, s, k, diags)) != CRQ_OK)
        return st;
    if ((st = compile_frequency(m, p, s, fa[s], fb[s], diags)) != CRQ_OK)
      return st;
  }
  mark_thinning(m, p);
  if ((st = check_total_rate(m, p, diags)) != CRQ_OK ||
      (st = superpose(m, p, diags)) != CRQ_OK)
    return st;
  return crq_compute_worst_case(m, p, diags);
}

crq_status crq_plan_compile(const crq_model *model,
                            const double *measure_achievement, crq_plan **out,
                            crq_diags *diags) {
  *out = NULL;
  crq_plan *p = calloc(1, sizeof *p);
  double *fa = calloc(model->n_scenarios + 1, sizeof *fa);
  double *fb = calloc(model->n_scenarios + 1, sizeof *fb);
  crq_status st = CRQ_ERR_NOMEM;
  if (p && fa && fb) {
    p->n_variants = model->n_measures > 0 ? 2 : 1;
    p->org = model->org;
    st = compile_all(model, measure_achievement, p, fa, fb, diags);
  }
  free(fa);
  free(fb);
  if (st == CRQ_ERR_NOMEM) /* the steps report every other error */
    nomem(diags);
  if (st != CRQ_OK) {
    crq_plan_free(p);
    return st;
  }
  *out = p;
  return CRQ_OK;
}

void crq_plan_keep_measures(crq_plan *p) {
  if (p->n_variants < 2)
    return;
  for (size_t k = 0; k < p->n_triggers; k++) {
    crq_plan_trigger *t = &p->triggers[k];
    t->const_loss[0] = t->const_loss[1];
    memcpy(t->fixed[0], t->fixed[1], sizeof t->fixed[0]);
    memcpy(t->a[0], t->a[1], sizeof t->a[0]);
    memcpy(t->b[0], t->b[1], sizeof t->b[0]);
  }
  for (size_t s = 0; s < p->n_scenarios; s++) { /* rate_max stays */
    crq_plan_scenario *sc = &p->scenarios[s];
    sc->rate[0] = sc->rate[1];
    sc->accept[0] = sc->accept[1];
    sc->thinned = sc->accept[0] < 1.0;
  }
  size_t block = p->n_scenarios * (CRQ_CAT_COUNT + 1);
  memcpy(p->worst, p->worst + block, block * sizeof *p->worst);
  p->n_variants = 1;
  p->measures_only = 1;
}
