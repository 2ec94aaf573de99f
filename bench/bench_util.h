/* bench/bench_util.h — what the bench programs share: clocks, peak memory,
 * loading a model (crq YAML, or a riskquant-style CSV through the
 * importer), and the floor loop.
 *
 * The floor of a model is a loop that draws exactly the variates the
 * engine draws for it — the same generator, streams and samplers, in the
 * same order: each year's counts, and per event the scenario pick, the
 * thinning uniform and every random input and loss-model uniform — and
 * sums them, with none of the model logic (no effects, no loss models, no
 * accumulation per category or scenario, no statistics). The time of a
 * run over the floor's time is how much the engine adds to drawing its
 * random numbers. Header-only: each bench is one program.
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
#include "sim/rng.h"
#include "sim/sample.h"

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

/* The draws of one event of scenario s (SIZE_MAX: pick one), summed. */
static inline double bench_floor_event(const crq_plan *p, crq_rng *r,
                                       size_t s) {
  double sum = 0.0;
  if (s == SIZE_MAX)
    sum += (double)(s = (size_t)crq_sampler_draw(&p->pick, r));
  const crq_plan_scenario *sc = &p->scenarios[s];
  if (sc->draws_thinning)
    sum += crq_rng_uniform(r);
  for (size_t k = sc->trigger_begin; k < sc->trigger_end; k++) {
    const crq_plan_trigger *t = &p->triggers[k];
    for (size_t d = t->draw_begin; d < t->draw_end; d++)
      sum += crq_sampler_draw(&p->draws[d].sampler, r);
    if (t->uses_uniform)
      sum += crq_rng_uniform(r);
  }
  return sum;
}

/* The floor loop over trials [0, trials) on `threads` threads. */
static inline double bench_floor(const crq_plan *p, uint64_t trials,
                                 uint64_t seed, int threads) {
  double sink = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : sink)
  {
    crq_rng r;
    crq_rng_init(&r, seed);
    uint64_t *count = malloc((p->n_counted + 1) * sizeof *count);
#pragma omp for schedule(dynamic, 65536)
    for (uint64_t t = 0; t < trials; t++) {
      crq_rng_seek(&r, t, 0);
      uint64_t n =
          p->has_poisson ? (uint64_t)crq_sampler_draw(&p->poisson, &r) : 0;
      for (size_t i = 0; i < p->n_counted; i++)
        count[i] =
            (uint64_t)crq_sampler_draw(&p->scenarios[p->counted[i]].count, &r);
      for (uint64_t e = 0; e < n; e++)
        sink += bench_floor_event(p, &r, SIZE_MAX);
      for (size_t i = 0; i < p->n_counted; i++)
        for (uint64_t e = 0; e < count[i]; e++)
          sink += bench_floor_event(p, &r, p->counted[i]);
    }
    free(count);
    crq_rng_free(&r);
  }
  return sink;
}

#endif
