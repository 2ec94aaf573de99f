/* bench/bench_util.h — what the bench programs share: clocks, peak memory,
 * loading a model (crq YAML, or a riskquant-style CSV through the
 * importer), and the floor loop.
 *
 * The floor of a model is a loop that draws exactly the variates the
 * engine draws for it — the same generator, streams and samplers, in the
 * same order: each year's counts, and per event the scenario pick, the
 * thinning uniform and every random input and loss-model uniform — and
 * sums them, with none of the model logic (no effects, no loss models, no
 * accumulation per year, category or scenario, no statistics). The floor
 * draws the way the engine does: for plans it simulates in batches
 * (engine/sim/batch.h), crq_batch_prepare, which draws every variate of a
 * batch of years, and the sum of the amounts; for plans whose counts come
 * many years at once (engine/sim/counts.h), those counts, then the events
 * of the years that have any. The time of a run over the
 * floor's time is how much the engine adds to drawing its random numbers.
 * Header-only: each bench is one program.
 */
#ifndef CRQ_BENCH_UTIL_H
#define CRQ_BENCH_UTIL_H

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "compile/plan.h"
#include "crq/crq.h"
#include "model_def.h"
#include "sim/batch.h"
#include "sim/counts.h"
#include "sim/rng.h"
#include "sim/run.h"
#include "sim/sample.h"
#include "sim/trial.h"

static inline double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline long bench_peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* The model at path (".csv": imported); NULL after printing diagnostics. */
static inline crq_model *bench_load(const char *path) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  size_t n = strlen(path);
  if (n > 4 && strcmp(path + n - 4, ".csv") == 0) {
    char *yaml = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&yaml, &len);
    crq_status st = crq_model_import_csv(path, mem, &d);
    fclose(mem);
    if (st == CRQ_OK)
      crq_model_load_buffer(yaml, len, path, &d, &m);
    free(yaml);
  } else {
    crq_model_load_file(path, &d, &m);
  }
  crq_diags_print(&d, stderr);
  crq_diags_free(&d);
  return m;
}

/* The draws of event e of year t, of scenario s (SIZE_MAX: pick one),
 * summed. */
static inline double bench_floor_event(const crq_plan *p, crq_rng *r,
                                       uint64_t t, uint64_t e, size_t s) {
  double sum = 0.0;
  crq_rng_seek(r, t, CRQ_STREAM_EVENT(e));
  if (s == SIZE_MAX)
    sum += (double)(s = (size_t)crq_sampler_draw(&p->pick, r));
  const crq_plan_scenario *sc = &p->scenarios[s];
  if (sc->draws_thinning)
    sum += crq_rng_uniform(r);
  for (size_t k = sc->trigger_begin; k < sc->trigger_end; k++) {
    const crq_plan_trigger *tr = &p->triggers[k];
    for (size_t d = tr->draw_begin; d < tr->draw_end; d++)
      sum += crq_sampler_draw(&p->draws[d].sampler, r);
    if (tr->uses_uniform)
      sum += crq_rng_uniform(r);
  }
  return sum;
}

/* The floor of a batched plan over one chunk of trials [t, end). */
static inline double bench_floor_batched(crq_batch *b, uint64_t t,
                                         uint64_t end) {
  double sum = 0.0;
  while (t < end) {
    uint64_t left = end - t;
    size_t n = crq_batch_prepare(
        b, t, left < CRQ_BATCH_TRIALS ? (size_t)left : CRQ_BATCH_TRIALS);
    /* Any order will do (the sum only keeps the draws from being
     * optimised away), so it takes vector lanes instead of one chain of
     * additions, whose latency would slow the floor. */
    const double *amount = b->amount;
    const size_t ne = b->first[n];
#pragma omp simd reduction(+ : sum)
    for (size_t k = 0; k < ne; k++)
      sum += amount[k];
    t += n;
  }
  return sum;
}

/* The events of year t, given its counts (n Poisson events, count[i] of
 * each counted scenario). */
static inline double bench_floor_events(const crq_plan *p, crq_rng *r,
                                        const uint64_t *count, uint64_t t,
                                        uint64_t n) {
  double sum = 0.0;
  uint64_t e = 0;
  for (; e < n; e++)
    sum += bench_floor_event(p, r, t, e, SIZE_MAX);
  for (size_t i = 0; i < p->n_counted; i++)
    for (uint64_t j = 0; j < count[i]; j++, e++)
      sum += bench_floor_event(p, r, t, e, p->counted[i]);
  return sum;
}

/* The floor of year t, one year at a time. */
static inline double bench_floor_year(const crq_plan *p, crq_rng *r,
                                      uint64_t *count, uint64_t t) {
  crq_rng_seek(r, t, CRQ_STREAM_COUNTS);
  uint64_t n = p->has_poisson ? (uint64_t)crq_sampler_draw(&p->poisson, r) : 0;
  for (size_t i = 0; i < p->n_counted; i++)
    count[i] =
        (uint64_t)crq_sampler_draw(&p->scenarios[p->counted[i]].count, r);
  return bench_floor_events(p, r, count, t, n);
}

/* The floor of a plan whose counts come many years at once (the engine's
 * sparse loop, counts.h) over trials [t, end). */
static inline double bench_floor_sparse(const crq_plan *p, crq_rng *r,
                                        crq_counts *c, uint64_t t,
                                        uint64_t end) {
  double sum = 0.0;
  while (t < end) {
    size_t n = end - t < CRQ_COUNTS_MAX ? (size_t)(end - t) : CRQ_COUNTS_MAX;
    crq_counts_draw(c, t, n);
    for (size_t i = 0; i < n; i++)
      sum += bench_floor_events(p, r, NULL, t + i, c->count[i]);
    t += n;
  }
  return sum;
}

/* The floor loop over trials [0, trials) on `threads` threads, in the
 * engine's chunks and with the engine's loop for the plan. */
static inline double bench_floor(const crq_plan *p, uint64_t trials,
                                 uint64_t seed, int threads) {
  const uint64_t chunk = CRQ_CHUNK_TRIALS;
  int batched = crq_batch_eligible(p);
  int sparse = !batched && crq_counts_usable(p);
  double sink = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : sink)
  {
    crq_rng r;
    crq_batch b;
    crq_counts cs;
    uint64_t *count = malloc((p->n_counted + 1) * sizeof *count);
    if (count == NULL || crq_rng_init(&r, seed) != 0 ||
        (batched && crq_batch_init(&b, p, seed) != 0) ||
        (sparse && crq_counts_init(&cs, p, seed) != 0))
      abort(); /* a bench without memory has nothing to measure */
#pragma omp for schedule(dynamic, 1)
    for (uint64_t c = 0; c < (trials + chunk - 1) / chunk; c++) {
      uint64_t end = (c + 1) * chunk < trials ? (c + 1) * chunk : trials;
      if (batched)
        sink += bench_floor_batched(&b, c * chunk, end);
      else if (sparse)
        sink += bench_floor_sparse(p, &r, &cs, c * chunk, end);
      else
        for (uint64_t t = c * chunk; t < end; t++)
          sink += bench_floor_year(p, &r, count, t);
    }
    free(count);
    if (batched)
      crq_batch_free(&b);
    if (sparse)
      crq_counts_free(&cs);
    crq_rng_free(&r);
  }
  return sink;
}

#endif
