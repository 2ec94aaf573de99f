/* bench/bench_sampler.c — draws per second of the hot samplers.
 *
 * For uniform, normal, lognormal and Poisson(0.1) (plus the W20 Poisson
 * mean 3.25 and GSL's samplers on the same generator for reference), times
 * N draws two ways: along one stream (the generator's buffered words), and
 * with a crq_rng_seek before every draw (the per-trial pattern, which pays
 * a fresh Philox block each time). Prints a table; no assertions.
 *
 *   bench_sampler [N]   (default 2e7)
 */
#include <gsl/gsl_randist.h>
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

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtod(argv[1], NULL) : 20000000;
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
    double stream = rate(&s, &r, n, 0, &sink);
    double seek = rate(&s, &r, n, 1, &sink);
    printf("%-14s %14.1f %14.1f", cases[c].name, stream / 1e6, seek / 1e6);
    if (cases[c].gsl)
      printf(" %14.1f\n", rate_gsl(cases[c].gsl, &r, n, &sink) / 1e6);
    else
      printf(" %14s\n", "-");
    crq_sampler_free(&s);
  }
  crq_rng_free(&r);
  fprintf(stderr, "(sink %g)\n", sink);
  return 0;
}
