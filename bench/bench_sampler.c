/* bench/bench_sampler.c — draws per second of the hot samplers.
 *
 * For uniform, normal, lognormal and Poisson(0.1) (plus the W20 Poisson
 * mean 3.25 and GSL's samplers on the same generator for reference), times
 * N draws two ways: along one stream (the generator's buffered words), and
 * with a crq_rng_seek before every draw (the per-trial pattern, which pays
 * a fresh Philox block each time). Then the variates of one W20 year
 * (Poisson(3.25) events, each a scenario pick from a 20-point alias table
 * and a lognormal loss) with one stream per event (the engine's layout
 * until the performance work) and with the one stream per year the engine
 * now uses, to show what the generator's positioning costs.
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

/* Years per second of W20's variates: the year's count from (t, 0), each
 * event e from its own stream (t, 1 + e) or, when !per_event, continuing
 * stream (t, 0). */
static double rate_w20(const crq_sampler *count, const crq_sampler *pick,
                       const crq_sampler *loss, crq_rng *r, size_t years,
                       int per_event, double *sink) {
  double t0 = now(), sum = 0;
  for (size_t t = 0; t < years; t++) {
    crq_rng_seek(r, t, 0);
    int n = (int)crq_sampler_draw(count, r);
    for (int e = 0; e < n; e++) {
      if (per_event)
        crq_rng_seek(r, t, 1 + (uint64_t)e);
      sum += crq_sampler_draw(pick, r) + crq_sampler_draw(loss, r);
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
  crq_sampler count, pick, loss;
  if (crq_sampler_init(&count, &dc) || crq_sampler_init(&pick, &dp) ||
      crq_sampler_init(&loss, &dl))
    return;
  printf("\n%-26s %14s\n", "W20 year's variates", "M years/s");
  printf("%-26s %14.1f\n", "stream per event",
         BEST_OF(rate_w20(&count, &pick, &loss, r, years, 1, sink)) / 1e6);
  printf("%-26s %14.1f\n", "one stream per year",
         BEST_OF(rate_w20(&count, &pick, &loss, r, years, 0, sink)) / 1e6);
  crq_sampler_free(&count);
  crq_sampler_free(&pick);
  crq_sampler_free(&loss);
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
  bench_w20_year(&r, n / 4, &sink);
  crq_rng_free(&r);
  fprintf(stderr, "(sink %g)\n", sink);
  return 0;
}
