/* engine/sim/batch.c — the batched trial loop (see batch.h).
 *
 * A trial's stream (t, 0) holds, in order: the Poisson count, then per
 * event the scenario pick (when more than one scenario can be picked), the
 * thinning uniform (when a frequency effect targets the scenario) and the
 * lognormal's attempt word — one word each, as long as every ziggurat draw
 * stays on its fast path. So the blocks a trial needs are known from its
 * count: 1 + count × words_per_event words at most.
 */
#include "sim/batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compile/compile_steps.h"
#include "sim/rng.h"
#include "sim/sample.h"

/* The scenario's one trigger when it is an identity trigger with a
 * lognormal amount, else NULL. */
static const crq_plan_draw *lognormal_amount(const crq_plan *p, size_t s) {
  const crq_plan_scenario *sc = &p->scenarios[s];
  if (sc->trigger_end != sc->trigger_begin + 1)
    return NULL;
  const crq_plan_trigger *t = &p->triggers[sc->trigger_begin];
  if (!t->is_identity)
    return NULL;
  const crq_plan_draw *d = &p->draws[t->draw_begin];
  return d->sampler.method == CRQ_SAMPLE_LOGNORMAL ? d : NULL;
}

int crq_batch_eligible(const crq_plan *p) {
  if (p->n_counted > 0 || !p->has_poisson ||
      p->poisson.method != CRQ_SAMPLE_POISSON_TABLE ||
      (p->pick.method != CRQ_SAMPLE_DISCRETE &&
       p->pick.method != CRQ_SAMPLE_CONSTANT))
    return 0;
  for (size_t s = 0; s < p->n_scenarios; s++) {
    const crq_plan_scenario *sc = &p->scenarios[s];
    if (sc->kind == CRQ_DIST_POISSON && sc->rate_max > 0.0 &&
        lognormal_amount(p, s) == NULL)
      return 0;
  }
  return 1;
}

void crq_batch_free(crq_batch *b) {
  free(b->scen);
  free(b->accepted);
  free(b->word);
  free(b->amount);
  free(b->missed);
  free(b->words);
  free(b->scen_mu);
  free(b->scen_sigma);
  free(b->pick_own);
  free(b->pick_alias);
  free(b->scen_map);
  free(b->scen_range);
  free(b->scen_identity);
  free(b->sum);
  free(b->touched);
  free(b->is_touched);
  memset(b, 0, sizeof *b);
}

int crq_batch_init(crq_batch *b, const crq_plan *p, uint64_t seed) {
  memset(b, 0, sizeof *b);
  b->plan = p;
  b->seed = seed;
  size_t ne = CRQ_BATCH_EVENTS, ns = p->n_scenarios + 1;
  b->scen = malloc(ne * sizeof *b->scen);
  b->accepted = malloc(ne);
  b->word = malloc(ne * sizeof *b->word);
  b->amount = malloc(ne * sizeof *b->amount);
  b->missed = malloc(ne * sizeof *b->missed);
  b->words = malloc(CRQ_BATCH_WORDS * sizeof *b->words);
  b->scen_mu = calloc(ns, sizeof *b->scen_mu);
  b->scen_sigma = calloc(ns, sizeof *b->scen_sigma);
  b->scen_map = calloc(ns, sizeof *b->scen_map);
  b->scen_range = calloc(ns, sizeof *b->scen_range);
  b->scen_identity = calloc(ns, 1);
  b->sum = calloc(ns * CRQ_MAX_VARIANTS, sizeof *b->sum);
  b->touched = malloc(ns * sizeof *b->touched);
  b->is_touched = calloc(ns, 1);
  b->pick_own = calloc(p->pick.n + 1, sizeof *b->pick_own);
  b->pick_alias = calloc(p->pick.n + 1, sizeof *b->pick_alias);
  if (!b->pick_own || !b->pick_alias || !b->scen || !b->accepted || !b->word ||
      !b->amount || !b->missed || !b->words || !b->scen_mu || !b->scen_sigma ||
      !b->scen_map || !b->scen_range || !b->scen_identity || !b->sum ||
      !b->touched || !b->is_touched) {
    crq_batch_free(b);
    return -1;
  }
  for (size_t i = 0; i < p->pick.n; i++) {
    b->pick_own[i] = (uint32_t)p->pick.values[i];
    b->pick_alias[i] = (uint32_t)p->pick.values[p->pick.index[i]];
  }
  unsigned thinning = 0;
  for (size_t s = 0; s < p->n_scenarios; s++) {
    const crq_plan_draw *d = lognormal_amount(p, s);
    if (d) {
      const crq_plan_trigger *t = &p->triggers[p->scenarios[s].trigger_begin];
      b->scen_mu[s] = d->sampler.c[0];
      b->scen_sigma[s] = d->sampler.c[1];
      int identity = d->lo == 0.0 && d->hi == INFINITY;
      for (int v = 0; v < p->n_variants; v++) {
        b->scen_map[s][0][v] = t->a[v][0];
        b->scen_map[s][1][v] = t->b[v][0];
        identity &= t->a[v][0] == 1.0 && t->b[v][0] == 0.0;
      }
      b->scen_range[s][0] = d->lo;
      b->scen_range[s][1] = d->hi;
      b->scen_identity[s] = (unsigned char)identity;
    }
    thinning |= (unsigned)p->scenarios[s].draws_thinning;
  }
  b->words_per_event = (p->pick.method == CRQ_SAMPLE_DISCRETE) + thinning + 1;
  return 0;
}

/* Walks trial i's words w (count already drawn) into its events. */
static void read_events(crq_batch *b, size_t i, const uint64_t *w) {
  const crq_plan *p = b->plan;
  int pick = p->pick.method == CRQ_SAMPLE_DISCRETE;
  int thinning = b->words_per_event > 1u + (unsigned)pick;
  unsigned all = (1u << p->n_variants) - 1u;
  size_t k = b->first[i], pos = 1;
  for (uint32_t e = 0; e < b->events[i]; e++, k++) {
    size_t s = (size_t)p->pick.c[0];
    if (pick) {
      int own;
      size_t col = crq_alias_column(&p->pick, w[pos++], &own);
      s = own ? b->pick_own[col] : b->pick_alias[col];
    }
    b->accepted[k] = (unsigned char)all;
    if (thinning && p->scenarios[s].draws_thinning)
      b->accepted[k] = (unsigned char)crq_trial_accepted(p, s, w[pos++]);
    b->scen[k] = (uint32_t)s;
    b->word[k] = w[pos++];
  }
  b->first[i + 1] = k;
}

size_t crq_batch_prepare(crq_batch *b, uint64_t t0, size_t n) {
  const crq_plan *p = b->plan;
  size_t used = 0, i = 0;
  b->t0 = t0;
  b->first[0] = 0;
  for (; i < n; i++) {
    uint64_t t = t0 + i, *w = b->words + used;
    if (used + 4 > CRQ_BATCH_WORDS)
      break;
    crq_rng_block(b->seed, t, 0, 0, w);
    double count = crq_poisson_table_word(&p->poisson, w[0]);
    size_t blocks = (1 + (size_t)count * b->words_per_event + 3) / 4;
    b->redo[i] = count > CRQ_BATCH_EVENTS || blocks * 4 > CRQ_BATCH_WORDS;
    if (b->redo[i]) { /* too big for any batch: crq_trial_run does it */
      b->events[i] = 0;
      b->first[i + 1] = b->first[i];
      continue;
    }
    if (used + blocks * 4 > CRQ_BATCH_WORDS ||
        b->first[i] + (size_t)count > CRQ_BATCH_EVENTS)
      break;
    for (size_t j = 1; j < blocks; j++)
      crq_rng_block(b->seed, t, 0, j, w + 4 * j);
    b->events[i] = (uint32_t)count;
    read_events(b, i, w);
    used += blocks * 4;
  }
  b->n = i;
  crq_lognormal_words(b->word, b->scen, b->scen_mu, b->scen_sigma, b->amount,
                      b->missed, b->first[i]);
  return i;
}

static void add2(double *p, double x) {
  p[0] += x;
  p[1] += x * x;
}

/* Clears the scenario sums the last trial touched. */
static void clear_sums(crq_batch *b, size_t n_touched, int nv) {
  size_t ns = b->plan->n_scenarios;
  for (size_t j = 0; j < n_touched; j++) {
    b->is_touched[b->touched[j]] = 0;
    for (int v = 0; v < nv; v++)
      b->sum[(size_t)v * ns + b->touched[j]] = 0.0;
  }
}

/* crq_batch_add for nv variants (a constant where inlined, so the variant
 * loops unroll). The arithmetic is that of trial.c: loss = the clipped map
 * of the amount, direct = 0 + loss, AEP += direct, OEP = max, scenario
 * sum += direct, for the variants that keep the event. */
static inline __attribute__((always_inline)) int
add_trial(crq_batch *b, size_t i, crq_store *store, double *part,
          const crq_partial_layout *L, const int nv) {
  size_t ns = b->plan->n_scenarios, n_touched = 0;
  double aep[CRQ_MAX_VARIANTS] = {0.0}, oep[CRQ_MAX_VARIANTS] = {0.0};
  int ok = !b->redo[i];
  for (size_t k = b->first[i]; ok && k < b->first[i + 1]; k++) {
    if (b->missed[k]) { /* the lognormal needs more than its word */
      ok = 0;
      break;
    }
    uint32_t s = b->scen[k];
    unsigned acc = b->accepted[k];
    const double(*map)[CRQ_MAX_VARIANTS] = b->scen_map[s];
    for (int v = 0; v < nv; v++) {
      double x = b->amount[k], loss = 0.0;
      if ((acc >> v) & 1u) /* the identity map on [0, ∞] leaves x ≥ 0 as is */
        loss = b->scen_identity[s]
                   ? x
                   : crq_clip(map[0][v] * x + map[1][v], b->scen_range[s][0],
                              b->scen_range[s][1]);
      ok &= loss >= 0.0 && loss < INFINITY;
      if (acc == 0)
        continue;
      double direct = 0.0 + loss;
      aep[v] += direct;
      oep[v] = direct > oep[v] ? direct : oep[v];
      b->sum[(size_t)v * ns + s] += direct;
    }
    if (acc != 0 && !b->is_touched[s]) {
      b->is_touched[s] = 1;
      b->touched[n_touched++] = s;
    }
  }
  for (int v = 0; v < nv; v++)
    ok &= aep[v] + 0.0 < INFINITY;
  if (ok) {
    crq_store_trial(store, b->t0 + i, nv, aep, oep);
    for (int v = 0; v < nv; v++) {
      add2(part + crq_partial_at(L, v, CRQ_Q_AEP), aep[v]);
      add2(part + crq_partial_at(L, v, CRQ_Q_OEP), oep[v]);
      add2(part + crq_partial_at(L, v, CRQ_Q_CAT + CRQ_CAT_OTHER), aep[v]);
      for (size_t j = 0; j < n_touched; j++)
        add2(part + crq_partial_at(L, v, CRQ_Q_SCEN + b->touched[j]),
             b->sum[(size_t)v * ns + b->touched[j]]);
    }
    if (nv > 1)
      add2(part + L->diff, aep[0] - aep[1]);
    part[L->events] += (double)b->events[i];
  }
  clear_sums(b, n_touched, nv);
  return ok;
}

int crq_batch_add(crq_batch *b, size_t i, crq_store *store, double *part,
                  const crq_partial_layout *L) {
  return b->plan->n_variants == 1 ? add_trial(b, i, store, part, L, 1)
                                  : add_trial(b, i, store, part, L, 2);
}
