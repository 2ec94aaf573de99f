/* bench/bench_sampler.c — draws per second of the hot samplers.
 *
 * The generator is Philox4x32-10 (engine/sim/rng.h): stream (t, s) of a
 * seed is the counter {t mod 2^32, t div 2^32, s, block} under the key
 * {seed mod 2^32, seed div 2^32}, block = 0, 1, ..., and each block gives
 * two 64-bit words. A year t draws its counts from stream
 * (t, CRQ_STREAM_COUNTS) and each of its events e from its own stream
 * (t, CRQ_STREAM_EVENT(e)) (engine/sim/trial.h).
 *
 * For uniform, normal, lognormal and Poisson(0.1) (plus the W20 Poisson
 * mean 3.25 and GSL's samplers on the same generator for reference), times
 * N draws two ways: along one stream (a Philox block per two words), and
 * with a crq_rng_seek before every draw (the per-stream pattern, which
 * pays a fresh Philox block each time). Then the generator alone: words
 * along one stream (crq_rng_u64) against many blocks at once
 * (crq_rng_blocks, AVX-512 where the CPU has it). Then the variates of one
 * W20 year (Poisson(3.25) events, each a scenario pick from a 20-point
 * alias table and a lognormal loss) drawn as the scalar loop draws them
 * (seek to the counts stream, then to each event's stream) and as the
 * batched loop does (engine/sim/batch.c: the count blocks of many years
 * with crq_rng_blocks, the counts, every event's first block with
 * crq_rng_blocks, then the picks and the amounts from those words). Both
 * draw the same variates.
 * Each figure is the best of three runs (these machines are shared).
 * Prints a table; no assertions.
 *
 *   bench_sampler [N]   (default 1e7)
 */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/rng.h"
#include "sim/sample.h"
#include "sim/trial.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct bench_case {
  const char *name;
  crq_dist dist;
  double (*gsl)(const gsl_rng *g); /* GSL's sampler, or NULL */
} bench_case;

static double gsl_uniform(const gsl_rng *g) {
  return gsl_rng_uniform(g);
}

static double gsl_normal(const gsl_rng *g) {
  return gsl_ran_gaussian_ziggurat(g, 1);
}

static double gsl_lognormal(const gsl_rng *g) {
  return gsl_ran_lognormal(g, 16, 1.4);
}

static double gsl_poisson01(const gsl_rng *g) {
  return gsl_ran_poisson(g, 0.1);
}

#define BEST_OF(expr)                                                          \
  fmax(fmax((expr), (expr)), (expr)) /* the best of three timings */

/* Draws per second of s over n draws; seek_each repositions every draw. */
static double rate(const crq_sampler *s, crq_rng *r, size_t n, int seek_each,
                   double *sink) {
  double t0 = now(), sum = 0;
  crq_rng_seek(r, 0, 0);
  for (size_t i = 0; i < n; i++) {
    if (seek_each)
      crq_rng_seek(r, i, 0);
    sum += crq_sampler_draw(s, r);
  }
  *sink += sum;
  return (double)n / (now() - t0);
}

static double rate_gsl(double (*f)(const gsl_rng *), crq_rng *r, size_t n,
                       double *sink) {
  double t0 = now(), sum = 0;
  crq_rng_seek(r, 0, 0);
  const gsl_rng *g = crq_rng_gsl(r);
  for (size_t i = 0; i < n; i++)
    sum += f(g);
  *sink += sum;
  return (double)n / (now() - t0);
}

/* Words per second along one stream, crq_rng_u64. */
static double rate_u64(crq_rng *r, size_t n, double *sink) {
  double t0 = now();
  uint64_t x = 0;
  crq_rng_seek(r, 0, 0);
  for (size_t i = 0; i < n; i++)
    x ^= crq_rng_u64(r);
  *sink += (double)(x >> 11);
  return (double)n / (now() - t0);
}

#define BATCH 1024 /* years per batch, as CRQ_BATCH_TRIALS */

/* Words per second of crq_rng_blocks: block j of BATCH streams per call. */
static double rate_blocks(uint64_t seed, size_t n, double *sink) {
  static uint64_t trial[BATCH], w0[BATCH], w1[BATCH];
  static uint32_t stream[BATCH];
  for (size_t i = 0; i < BATCH; i++)
    trial[i] = i;
  double t0 = now();
  uint64_t x = 0;
  size_t calls = (n + 2 * BATCH - 1) / (2 * BATCH);
  for (size_t j = 0; j < calls; j++) {
    crq_rng_blocks(seed, trial, stream, (uint32_t)j, w0, w1, BATCH);
    for (size_t i = 0; i < BATCH; i++)
      x ^= w0[i] ^ w1[i];
  }
  *sink += (double)(x >> 11);
  return (double)(calls * 2 * BATCH) / (now() - t0);
}

/* W20's samplers, and for the batched loop the lognormal per scenario (the
 * same for all here) and room for the events of a batch. */
typedef struct w20 {
  crq_sampler count, pick, loss;
  double mu[20], sigma[20];
  uint64_t *trial, *w0, *w1;
  uint32_t *stream, *scen;
  double *amount;
  int64_t *missed;
} w20;

/* Years per second of W20's variates, one stream at a time as the scalar
 * trial loop draws them. */
static double rate_w20_scalar(const w20 *m, crq_rng *r, size_t years,
                              double *sink) {
  double t0 = now(), sum = 0;
  for (size_t t = 0; t < years; t++) {
    crq_rng_seek(r, t, CRQ_STREAM_COUNTS);
    int n = (int)crq_sampler_draw(&m->count, r);
    for (int e = 0; e < n; e++) {
      crq_rng_seek(r, t, CRQ_STREAM_EVENT(e));
      sum += crq_sampler_draw(&m->pick, r);
      sum += crq_sampler_draw(&m->loss, r);
    }
  }
  *sink += sum;
  return (double)years / (now() - t0);
}

/* The same variates, BATCH years at a time as the batched loop draws them:
 * the years' count blocks at once, then every event's first block at once
 * (its pick word and its lognormal's attempt word). An amount off the
 * vectorised fast path is drawn again from its stream by the sampler. */
static double rate_w20_batched(w20 *m, crq_rng *r, size_t years, double *sink) {
  double t0 = now(), sum = 0;
  for (size_t y0 = 0; y0 < years; y0 += BATCH) {
    size_t ny = years - y0 < BATCH ? years - y0 : BATCH, ne = 0;
    for (size_t i = 0; i < ny; i++) {
      m->trial[i] = y0 + i;
      m->stream[i] = CRQ_STREAM_COUNTS;
    }
    crq_rng_blocks(r->seed, m->trial, m->stream, 0, m->w0, m->w1, ny);
    for (size_t i = 0; i < ny; i++) { /* the events' counters, in place */
      uint32_t c = (uint32_t)crq_poisson_table_word(&m->count, m->w0[i]);
      for (uint32_t e = 0; e < c; e++, ne++) {
        m->trial[ne] = y0 + i;
        m->stream[ne] = CRQ_STREAM_EVENT(e);
      }
    }
    crq_rng_blocks(r->seed, m->trial, m->stream, 0, m->w0, m->w1, ne);
    for (size_t k = 0; k < ne; k++)
      m->scen[k] = (uint32_t)crq_discrete_word(&m->pick, m->w0[k]);
    crq_lognormal_words(m->w1, m->scen, m->mu, m->sigma, m->amount, m->missed,
                        ne);
    for (size_t k = 0; k < ne; k++) {
      if (m->missed[k]) { /* past the pick word, as the sampler draws it */
        crq_rng_seek(r, m->trial[k], m->stream[k]);
        crq_rng_u64(r);
        m->amount[k] = crq_sampler_draw(&m->loss, r);
      }
      sum += (double)m->scen[k];
      sum += m->amount[k];
    }
  }
  *sink += sum;
  return (double)years / (now() - t0);
}

static void bench_w20_year(crq_rng *r, size_t years, double *sink) {
  const double inf = 1.0 / 0.0;
  double values[20], probs[20];
  for (int i = 0; i < 20; i++) {
    values[i] = i;
    probs[i] = (i + 1) / 210.0; /* unequal, summing to 1 */
  }
  crq_dist dc = {CRQ_DIST_POISSON, {3.25}, -inf, inf, 0, 0, 0};
  crq_dist dp = {CRQ_DIST_DISCRETE, {0}, -inf, inf, 20, values, probs};
  crq_dist dl = {CRQ_DIST_LOGNORMAL, {18, 1.5}, -inf, inf, 0, 0, 0};
  w20 m = {0};
  if (crq_sampler_init(&m.count, &dc) || crq_sampler_init(&m.pick, &dp) ||
      crq_sampler_init(&m.loss, &dl))
    return;
  for (int i = 0; i < 20; i++) {
    m.mu[i] = 18;
    m.sigma[i] = 1.5;
  }
  size_t cap = BATCH * m.count.n; /* counts are below the table's length */
  m.trial = malloc(cap * sizeof *m.trial);
  m.w0 = malloc(cap * sizeof *m.w0);
  m.w1 = malloc(cap * sizeof *m.w1);
  m.stream = malloc(cap * sizeof *m.stream);
  m.scen = malloc(cap * sizeof *m.scen);
  m.amount = malloc(cap * sizeof *m.amount);
  m.missed = malloc(cap * sizeof *m.missed);
  if (m.trial && m.w0 && m.w1 && m.stream && m.scen && m.amount && m.missed) {
    printf("\n%-26s %14s\n", "W20 year's variates", "M years/s");
    printf("%-26s %14.1f\n", "scalar: seek per stream",
           BEST_OF(rate_w20_scalar(&m, r, years, sink)) / 1e6);
    printf("%-26s %14.1f\n", "batched: crq_rng_blocks",
           BEST_OF(rate_w20_batched(&m, r, years, sink)) / 1e6);
  }
  free(m.trial);
  free(m.w0);
  free(m.w1);
  free(m.stream);
  free(m.scen);
  free(m.amount);
  free(m.missed);
  crq_sampler_free(&m.count);
  crq_sampler_free(&m.pick);
  crq_sampler_free(&m.loss);
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtod(argv[1], NULL) : 10000000;
  const double inf = 1.0 / 0.0;
  bench_case cases[] = {
      {"uniform", {CRQ_DIST_UNIFORM, {0, 1}, -inf, inf, 0, 0, 0}, gsl_uniform},
      {"normal", {CRQ_DIST_NORMAL, {0, 1}, -inf, inf, 0, 0, 0}, gsl_normal},
      {"lognormal",
       {CRQ_DIST_LOGNORMAL, {16, 1.4}, -inf, inf, 0, 0, 0},
       gsl_lognormal},
      {"poisson(0.1)",
       {CRQ_DIST_POISSON, {0.1}, -inf, inf, 0, 0, 0},
       gsl_poisson01},
      {"poisson(3.25)", {CRQ_DIST_POISSON, {3.25}, -inf, inf, 0, 0, 0}, NULL},
  };
  crq_rng r;
  if (crq_rng_init(&r, 1) != 0)
    return 1;
  double sink = 0;
  printf("%-14s %14s %14s %14s\n", "sampler", "M draws/s", "seek+draw M/s",
         "GSL M/s");
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    crq_sampler s;
    if (crq_sampler_init(&s, &cases[c].dist) != 0)
      return 1;
    double stream = BEST_OF(rate(&s, &r, n, 0, &sink));
    double seek = BEST_OF(rate(&s, &r, n, 1, &sink));
    printf("%-14s %14.1f %14.1f", cases[c].name, stream / 1e6, seek / 1e6);
    if (cases[c].gsl)
      printf(" %14.1f\n", BEST_OF(rate_gsl(cases[c].gsl, &r, n, &sink)) / 1e6);
    else
      printf(" %14s\n", "-");
    crq_sampler_free(&s);
  }
  printf("\n%-26s %14s\n", "Philox4x32-10 words", "M words/s");
  printf("%-26s %14.1f\n", "crq_rng_u64 (one stream)",
         BEST_OF(rate_u64(&r, n, &sink)) / 1e6);
  printf("%-26s %14.1f\n", "crq_rng_blocks (1024)",
         BEST_OF(rate_blocks(r.seed, n, &sink)) / 1e6);
  bench_w20_year(&r, n / 4, &sink);
  crq_rng_free(&r);
  fprintf(stderr, "(sink %g)\n", sink);
  return 0;
}
