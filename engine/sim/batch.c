/* engine/sim/batch.c — the batched trial loop (see batch.h).
 *
 * A trial's count stream holds its Poisson count in the first word; event
 * e's stream holds, in order, the scenario pick (when more than one
 * scenario can be picked), the thinning uniform (when a frequency effect
 * targets the event's scenario) and the lognormal's attempt word. So the
 * amount's word is the second or the third, and every event's words up to
 * it lie in its first two blocks (block 1 only when the plan has both a
 * pick and thinning); a draw off the ziggurat's fast path reads on from
 * there (amount_slow, with block 1 computed for all such draws at once).
 * The years are then added up (batch_add.c).
 */
#include "sim/batch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/clones.h"
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
  if (!crq_counts_usable(p) || p->pick.n >= ((size_t)1 << 31) ||
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
  if (b->rng.gsl)
    crq_rng_free(&b->rng);
  crq_counts_free(&b->counts);
  free(b->trial);
  free(b->stream);
  for (int j = 0; j < 4; j++)
    free(b->w[j]);
  free(b->normal);
  free(b->scen);
  free(b->accepted);
  free(b->amount);
  free(b->missed);
  free(b->scen_mu);
  free(b->scen_sigma);
  free(b->scen_sampler);
  free(b->pick_point);
  free(b->scen_map);
  free(b->scen_range);
  free(b->scen_identity);
  free(b->sum);
  free(b->year_aep);
  free(b->year_oep);
  free(b->saved);
  free(b->miss);
  free(b->miss_trial);
  free(b->miss_stream);
  for (int j = 0; j < 2; j++)
    free(b->miss_block1[j]);
  memset(b, 0, sizeof *b);
}

/* Allocates the workspace's arrays; 0, or -1 when out of memory. */
static int batch_alloc(crq_batch *b, const crq_plan *p) {
  size_t ne = CRQ_BATCH_EVENTS + 8, ns = p->n_scenarios + 1;
  b->trial = malloc(ne * sizeof *b->trial);
  b->stream = malloc(ne * sizeof *b->stream);
  for (int j = 0; j < 4; j++)
    b->w[j] = malloc(ne * sizeof *b->w[j]);
  b->normal = malloc(ne * sizeof *b->normal);
  b->scen = malloc(ne * sizeof *b->scen);
  b->accepted = malloc(ne);
  b->amount = malloc(ne * sizeof *b->amount);
  b->missed = malloc(ne * sizeof *b->missed);
  b->scen_mu = calloc(ns, sizeof *b->scen_mu);
  b->scen_sigma = calloc(ns, sizeof *b->scen_sigma);
  b->scen_sampler = calloc(ns, sizeof *b->scen_sampler);
  b->scen_map = calloc(ns, sizeof *b->scen_map);
  b->scen_range = calloc(ns, sizeof *b->scen_range);
  b->scen_identity = calloc(ns, 1);
  b->sum = calloc(ns * (CRQ_MAX_VARIANTS + 1), sizeof *b->sum);
  b->pick_point = calloc(2 * p->pick.n + 1, sizeof *b->pick_point);
  b->year_aep =
      malloc(CRQ_MAX_VARIANTS * CRQ_BATCH_TRIALS * sizeof *b->year_aep);
  b->year_oep =
      malloc(CRQ_MAX_VARIANTS * CRQ_BATCH_TRIALS * sizeof *b->year_oep);
  b->saved = malloc(CRQ_MAX_VARIANTS * 2 * ns * sizeof *b->saved);
  b->miss = malloc(ne * sizeof *b->miss);
  b->miss_trial = malloc(ne * sizeof *b->miss_trial);
  b->miss_stream = malloc(ne * sizeof *b->miss_stream);
  for (int j = 0; j < 2; j++)
    b->miss_block1[j] = malloc(ne * sizeof *b->miss_block1[j]);
  return b->year_aep && b->year_oep && b->saved && b->miss && b->miss_trial &&
                 b->miss_stream && b->miss_block1[0] && b->miss_block1[1] &&
                 b->trial && b->stream && b->w[0] && b->w[1] && b->w[2] &&
                 b->w[3] && b->normal && b->scen && b->accepted && b->amount &&
                 b->missed && b->scen_mu && b->scen_sigma && b->scen_sampler &&
                 b->scen_map && b->scen_range && b->scen_identity && b->sum &&
                 b->pick_point
             ? 0
             : -1;
}

int crq_batch_init(crq_batch *b, const crq_plan *p, uint64_t seed) {
  memset(b, 0, sizeof *b);
  b->plan = p;
  if (crq_rng_init(&b->rng, seed) != 0 || batch_alloc(b, p) != 0 ||
      crq_counts_init(&b->counts, p, seed) != 0) {
    crq_batch_free(b);
    return -1;
  }
  for (size_t i = 0; i < p->pick.n; i++) {
    b->pick_point[i] = (uint64_t)p->pick.values[i];
    b->pick_point[p->pick.n + i] = (uint64_t)p->pick.values[p->pick.index[i]];
  }
  for (size_t s = 0; s < p->n_scenarios; s++) {
    const crq_plan_draw *d = lognormal_amount(p, s);
    if (d) {
      const crq_plan_trigger *t = &p->triggers[p->scenarios[s].trigger_begin];
      b->scen_sampler[s] = &d->sampler;
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
    b->thinning |= p->scenarios[s].draws_thinning;
  }
  b->pick = p->pick.method == CRQ_SAMPLE_DISCRETE;
  /* One variant and no measures (plan.c) means identity maps and no
   * thinning: the simple add-up; else the baseline and with measures, or
   * the with-measures variant alone (crq_plan_keep_measures). */
  b->simple = p->n_variants == 1 && !p->measures_only;
  return 0;
}

/* Whether events of scenario s draw a thinning uniform (before their
 * amount). */
static int thins(const crq_batch *b, size_t s) {
  return b->thinning && b->plan->scenarios[s].draws_thinning;
}

/* The scenarios of events [0, ne): by the vectorised alias draw from
 * their first word, or the plan's one scenario. */
static void pick_scenarios(crq_batch *b, size_t ne) {
  const crq_sampler *pk = &b->plan->pick;
  if (b->pick) {
    crq_alias_words(pk, b->pick_point, b->w[0], b->scen, ne);
  } else {
    for (size_t k = 0; k < ne; k++)
      b->scen[k] = (uint32_t)pk->c[0];
  }
}

/* The variants that keep events [0, ne) and their amounts' words, with
 * thinning: the scenario's thinning uniform, when it draws one, comes
 * between the pick and the amount. */
static void thin_events(crq_batch *b, size_t ne) {
  const crq_plan *p = b->plan;
  for (size_t k = 0; k < ne; k++) {
    size_t s = b->scen[k];
    b->accepted[k] = (unsigned char)crq_trial_accepted(p, s, b->w[b->pick][k]);
    b->normal[k] = b->w[b->pick + thins(b, s)][k];
  }
}

/* The amount of event k when the fast path missed: the sampler itself, on
 * the event's stream past its pick and thinning words, with the stream's
 * blocks 0 and 1 known (w). */
static double amount_slow(crq_batch *b, size_t k, const uint64_t w[4]) {
  size_t s = b->scen[k];
  crq_rng_seek_known(&b->rng, b->trial[k], b->stream[k], w);
  for (int j = 0; j < b->pick + thins(b, s); j++)
    crq_rng_u64(&b->rng);
  return crq_sampler_draw(b->scen_sampler[s], &b->rng);
}

/* The amounts of events [0, ne) whose lognormal needs more than its word
 * (about one in a hundred): listed without a branch (a branch per event
 * mispredicts at each), their streams' block 1 computed for all of them
 * at once (where the sampler goes next: a ziggurat wedge or tail test
 * reads on), then each drawn by amount_slow. */
static void redraw_missed(crq_batch *b, size_t ne) {
  size_t nm = 0;
  for (size_t k = 0; k < ne; k++) {
    b->miss[nm] = (uint32_t)k;
    nm += b->missed[k] != 0;
  }
  if (nm == 0)
    return;
  for (size_t j = 0; j < nm; j++) {
    b->miss_trial[j] = b->trial[b->miss[j]];
    b->miss_stream[j] = b->stream[b->miss[j]];
  }
  crq_rng_blocks(b->rng.seed, b->miss_trial, b->miss_stream, 1,
                 b->miss_block1[0], b->miss_block1[1], nm);
  for (size_t j = 0; j < nm; j++) {
    size_t k = b->miss[j];
    const uint64_t w[4] = {b->w[0][k], b->w[1][k], b->miss_block1[0][j],
                           b->miss_block1[1][j]};
    b->amount[k] = amount_slow(b, k, w);
  }
}

/* The events' blocks, scenarios, thinning and amounts, for events
 * [0, ne). */
static void read_events(crq_batch *b, size_t ne) {
  crq_rng_blocks(b->rng.seed, b->trial, b->stream, 0, b->w[0], b->w[1], ne);
  if (b->pick + b->thinning == 2)
    crq_rng_blocks(b->rng.seed, b->trial, b->stream, 1, b->w[2], b->w[3], ne);
  pick_scenarios(b, ne);
  if (b->thinning)
    thin_events(b, ne);
  else if (!b->simple) /* every variant keeps every event */
    memset(b->accepted, (1 << b->plan->n_variants) - 1, ne);
  /* the amount's word: after the pick, and after the thinning uniform */
  crq_lognormal_words(b->thinning ? b->normal : b->w[b->pick], b->scen,
                      b->scen_mu, b->scen_sigma, b->amount, b->missed, ne);
  redraw_missed(b, ne);
}

/* The counts of trials t0 .. t0 + n − 1 (drawn), then the counters of
 * their events, for as many years as fit (their events' range into
 * first); returns how many. A count too big for any batch (impossible
 * with a table Poisson, whose counts stay below 200, but checked) marks
 * its year for crq_trial_run (redo) with no events here. */
CRQ_VECTOR_CLONES
static size_t set_counters(crq_batch *b, uint64_t t0, size_t n) {
  static const uint32_t first8[8] = {CRQ_STREAM_EVENT(0), CRQ_STREAM_EVENT(1),
                                     CRQ_STREAM_EVENT(2), CRQ_STREAM_EVENT(3),
                                     CRQ_STREAM_EVENT(4), CRQ_STREAM_EVENT(5),
                                     CRQ_STREAM_EVENT(6), CRQ_STREAM_EVENT(7)};
  size_t i = 0, k = 0;
  uint64_t *restrict trial = b->trial;
  uint32_t *restrict stream = b->stream;
  const uint64_t *restrict count = b->counts.count;
  size_t *restrict first = b->first;
  first[0] = 0;
  memset(b->redo, 0, n);
  for (; i < n; i++) {
    uint32_t c = (uint32_t)count[i];
    if (count[i] > CRQ_BATCH_EVENTS) { /* never taken with a table Poisson */
      b->redo[i] = 1;
      c = 0;
    }
    if (k + c > CRQ_BATCH_EVENTS)
      break;
    /* The first 8 counters unconditionally (the arrays have room), as
     * block stores: no branch on the count, which would mispredict. */
    for (int e = 0; e < 8; e++)
      trial[k + e] = t0 + i;
    memcpy(stream + k, first8, sizeof first8);
    for (uint32_t e = 8; e < c; e++) {
      trial[k + e] = t0 + i;
      stream[k + e] = CRQ_STREAM_EVENT(e);
    }
    k += c;
    first[i + 1] = k;
  }
  return i;
}

size_t crq_batch_prepare(crq_batch *b, uint64_t t0, size_t n) {
  crq_counts_draw(&b->counts, t0, n);
  b->t0 = t0;
  b->n = set_counters(b, t0, n);
  read_events(b, b->first[b->n]);
  return b->n;
}
