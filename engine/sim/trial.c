/* engine/sim/trial.c — the event loop of one simulated year.
 *
 * This is the hot loop of crq: it positions the generator on the year's
 * count stream, draws the counts, and per event, on the event's own
 * stream, picks the scenario, thins,
 * draws the random inputs once, maps them per variant (one multiply-add
 * and a clip each) and evaluates the loss model per variant. A trigger
 * whose loss is its one random input (the plain model: imported and
 * FAIR-style scenarios) skips the call through the loss model's pointer;
 * the arithmetic is the same, so both paths give the same bits. No
 * allocation, no strings, flat arrays only. See trial.h for the stream
 * layout and docs/methodology.md §4.4–4.5 for why thinning and shared draws
 * give both variants the same events.
 */
#include "sim/trial.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compile/compile_steps.h"

int crq_trial_init(crq_trial *w, const crq_plan *plan, uint64_t seed) {
  memset(w, 0, sizeof *w);
  size_t n = plan->n_scenarios + 1;
  w->scen = calloc((size_t)plan->n_variants * n, sizeof *w->scen);
  w->touched = calloc(n, sizeof *w->touched);
  w->is_touched = calloc(n, 1);
  w->counts = calloc(plan->n_counted + 1, sizeof *w->counts);
  if (!w->scen || !w->touched || !w->is_touched || !w->counts ||
      crq_rng_init(&w->rng, seed) != 0) {
    crq_trial_free(w);
    return -1;
  }
  return 0;
}

void crq_trial_free(crq_trial *w) {
  if (w->rng.gsl)
    crq_rng_free(&w->rng);
  free(w->scen);
  free(w->touched);
  free(w->is_touched);
  free(w->counts);
  memset(w, 0, sizeof *w);
}

void crq_trial_reset(const crq_plan *p, crq_trial *w) {
  w->events = 0;
  if (!w->dirty) /* a year without events left nothing to clear */
    return;
  w->dirty = 0;
  for (size_t i = 0; i < w->n_touched; i++) {
    size_t s = w->touched[i];
    w->is_touched[s] = 0;
    for (int v = 0; v < p->n_variants; v++)
      w->scen[(size_t)v * p->n_scenarios + s] = 0.0;
  }
  w->n_touched = 0;
  memset(w->aep, 0, sizeof w->aep);
  memset(w->oep, 0, sizeof w->oep);
  memset(w->cat, 0, sizeof w->cat);
}

/* Whether any variant's loss is negative or not finite. */
static int any_bad(const double *loss, int nv) {
  int bad = 0;
  for (int v = 0; v < nv; v++)
    bad |= !(loss[v] >= 0.0 && loss[v] < INFINITY);
  return bad;
}

int crq_trial_identity_loss(const crq_plan *p, const crq_plan_trigger *t,
                            double x, unsigned accepted, double *loss) {
  const crq_plan_draw *d = &p->draws[t->draw_begin];
  for (int v = 0; v < p->n_variants; v++)
    loss[v] = (accepted >> v) & 1u
                  ? crq_clip(t->a[v][0] * x + t->b[v][0], d->lo, d->hi)
                  : 0.0;
  return any_bad(loss, p->n_variants);
}

/* The loss of trigger t for every accepted variant, from shared draws. */
static int trigger_loss(const crq_plan *p, const crq_plan_trigger *t,
                        crq_rng *r, unsigned accepted, double *loss) {
  const int nv = p->n_variants;
  if (t->is_constant) {
    for (int v = 0; v < nv; v++)
      loss[v] = (accepted >> v) & 1u ? t->const_loss[v] : 0.0;
    return 0;
  }
  if (t->is_identity)
    return crq_trial_identity_loss(
        p, t, crq_sampler_draw(&p->draws[t->draw_begin].sampler, r), accepted,
        loss);
  double in[CRQ_MAX_VARIANTS][CRQ_MODEL_MAX_INPUTS];
  for (int v = 0; v < nv; v++)
    for (unsigned i = 0; i < t->n_inputs; i++)
      in[v][i] = t->fixed[v][i];
  for (size_t k = t->draw_begin; k < t->draw_end; k++) {
    const crq_plan_draw *d = &p->draws[k];
    double x = crq_sampler_draw(&d->sampler, r);
    for (int v = 0; v < nv; v++)
      in[v][d->slot] =
          crq_clip(t->a[v][d->slot] * x + t->b[v][d->slot], d->lo, d->hi);
  }
  double u = t->uses_uniform ? crq_rng_uniform(r) : 0.0;
  for (int v = 0; v < nv; v++)
    loss[v] = (accepted >> v) & 1u ? t->loss(in[v], &p->org, u) : 0.0;
  return any_bad(loss, nv);
}

/* Records a loss that is negative or not finite in scenario s. */
static crq_status numeric_error(crq_trial *w, size_t s, const double *loss,
                                int nv) {
  w->bad_scenario = s;
  w->bad_value =
      !(loss[0] >= 0.0 && loss[0] < INFINITY) ? loss[0] : loss[nv - 1];
  return CRQ_ERR_NUMERIC;
}

/* Adds trigger tr's losses to the categories and the event's direct sum. */
static void add_trigger(crq_trial *w, const crq_plan_trigger *tr,
                        const double *loss, double *direct, int nv) {
  for (int v = 0; v < nv; v++) {
    w->cat[v][tr->category] += loss[v];
    if (tr->category < CRQ_CAT_DIRECT_COUNT)
      direct[v] += loss[v];
  }
}

/* Adds the event's direct losses to the year (AEP, OEP, scenario s). */
static void finish_event(const crq_plan *p, crq_trial *w, size_t s,
                         unsigned accepted, const double *direct) {
  if (accepted == 0)
    return;
  if (!w->is_touched[s]) {
    w->is_touched[s] = 1;
    w->touched[w->n_touched++] = s;
  }
  for (int v = 0; v < p->n_variants; v++) {
    w->aep[v] += direct[v];
    w->oep[v] = direct[v] > w->oep[v] ? direct[v] : w->oep[v];
    w->scen[(size_t)v * p->n_scenarios + s] += direct[v];
  }
}

void crq_trial_add_event(const crq_plan *p, crq_trial *w, size_t s,
                         const crq_plan_trigger *t, unsigned accepted,
                         const double *loss) {
  double direct[CRQ_MAX_VARIANTS] = {0.0};
  w->dirty = 1;
  add_trigger(w, t, loss, direct, p->n_variants);
  finish_event(p, w, s, accepted, direct);
}

/* The variants that keep an event of sc (thinning by a shared uniform). */
static unsigned thin(const crq_plan_scenario *sc, int nv, double u) {
  unsigned accepted = 0;
  for (int v = 0; v < nv; v++)
    accepted |= (unsigned)(u < sc->accept[v]) << v;
  return accepted;
}

unsigned crq_trial_accepted(const crq_plan *p, size_t s, uint64_t word) {
  const crq_plan_scenario *sc = &p->scenarios[s];
  return sc->draws_thinning ? thin(sc, p->n_variants, crq_rng_to_uniform(word))
                            : (1u << p->n_variants) - 1u;
}

/* Event e of year t, of scenario s (SIZE_MAX: pick a Poisson scenario),
 * from its own stream. Every draw is made even for variants (or events)
 * that thinning drops, so the numbers an event consumes do not depend on
 * the achievements. */
static crq_status run_event(const crq_plan *p, crq_trial *w, uint64_t t,
                            uint64_t e, size_t s) {
  crq_rng *r = &w->rng;
  const int nv = p->n_variants;
  w->dirty = 1;
  crq_rng_seek(r, t, CRQ_STREAM_EVENT(e));
  if (s == SIZE_MAX)
    s = (size_t)crq_sampler_draw(&p->pick, r);
  const crq_plan_scenario *sc = &p->scenarios[s];
  unsigned accepted = (1u << nv) - 1u;
  if (sc->draws_thinning)
    accepted = thin(sc, nv, crq_rng_uniform(r));
  double direct[CRQ_MAX_VARIANTS] = {0.0}, loss[CRQ_MAX_VARIANTS];
  for (size_t k = sc->trigger_begin; k < sc->trigger_end; k++) {
    const crq_plan_trigger *tr = &p->triggers[k];
    if (trigger_loss(p, tr, r, accepted, loss))
      return numeric_error(w, s, loss, nv);
    add_trigger(w, tr, loss, direct, nv);
  }
  finish_event(p, w, s, accepted, direct);
  return CRQ_OK;
}

/* The year's event counts; total into w->events. */
static crq_status draw_counts(const crq_plan *p, crq_trial *w,
                              uint64_t *n_poisson) {
  crq_rng *r = &w->rng;
  double n = p->has_poisson ? crq_sampler_draw(&p->poisson, r) : 0.0;
  if (n > CRQ_MAX_EVENTS_PER_TRIAL) {
    w->bad_scenario = p->poisson_largest;
    w->bad_value = n;
    return CRQ_ERR_LIMIT;
  }
  *n_poisson = (uint64_t)n;
  w->events = *n_poisson;
  for (size_t i = 0; i < p->n_counted; i++) {
    double c = crq_sampler_draw(&p->scenarios[p->counted[i]].count, r);
    if (c > (double)(CRQ_MAX_EVENTS_PER_TRIAL - w->events)) {
      w->bad_scenario = p->counted[i];
      w->bad_value = c + (double)w->events;
      return CRQ_ERR_LIMIT;
    }
    w->counts[i] = (uint64_t)c;
    w->events += w->counts[i];
  }
  return CRQ_OK;
}

crq_status crq_trial_finish(const crq_plan *p, crq_trial *w) {
  for (int v = 0; v < p->n_variants; v++) {
    double total = w->aep[v] + w->cat[v][CRQ_CAT_INDIRECT];
    if (!(total < INFINITY)) { /* sums of finite losses overflowed */
      w->bad_scenario = SIZE_MAX;
      w->bad_value = total;
      return CRQ_ERR_NUMERIC;
    }
  }
  return CRQ_OK;
}

crq_status crq_trial_run(const crq_plan *p, crq_trial *w, uint64_t t) {
  uint64_t n_poisson = 0;
  crq_trial_reset(p, w);
  crq_rng_seek(&w->rng, t, CRQ_STREAM_COUNTS);
  crq_status st = draw_counts(p, w, &n_poisson);
  uint64_t e = 0;
  for (; st == CRQ_OK && e < n_poisson; e++)
    st = run_event(p, w, t, e, SIZE_MAX);
  for (size_t i = 0; st == CRQ_OK && i < p->n_counted; i++)
    for (uint64_t j = 0; st == CRQ_OK && j < w->counts[i]; j++, e++)
      st = run_event(p, w, t, e, p->counted[i]);
  return st == CRQ_OK ? crq_trial_finish(p, w) : st;
}
