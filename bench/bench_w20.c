/* bench/bench_w20.c — the standard W20 workload, end to end.
 *
 * Times what a user of the peers' tools times: load the 20 scenarios (CSV
 * import), simulate YEARS years, and read the six statistics of the
 * comparison (mean, p50, p90, p99, p99.6, max). With --floor it instead
 * times a loop that draws the same variates from the same generator with
 * no model logic (the Poisson count of the year, and per event the
 * scenario-pick uniform and the lognormal), the floor a simulation engine
 * cannot go below. Prints one JSON line; scripts/bench.sh runs the
 * configurations in separate processes (so peak RSS is per run) and builds
 * the table.
 *
 *   bench_w20 W20.CSV YEARS THREADS [--floor]
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "crq/crq.h"
#include "model_def.h"
#include "sim/rng.h"
#include "sim/sample.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static crq_model *load_csv(const char *path) {
  crq_diags d;
  crq_diags_init(&d);
  char *yaml = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&yaml, &len);
  crq_model *m = NULL;
  if (crq_model_import_csv(path, mem, &d) == CRQ_OK) {
    fclose(mem);
    mem = NULL;
    crq_model_load_buffer(yaml, len, path, &d, &m);
  }
  if (mem)
    fclose(mem);
  crq_diags_print(&d, stderr);
  crq_diags_free(&d);
  free(yaml);
  return m;
}

/* The same variates the engine draws for W20, summed so the compiler
 * cannot drop them. */
static double floor_loop(const crq_model *m, uint64_t years, uint64_t seed,
                         int threads) {
  double rate = 0.0; /* W20's total rate: all its scenarios are Poisson */
  for (size_t i = 0; i < m->n_scenarios; i++)
    rate += m->scenarios[i].frequency.p[0];
  crq_dist pd = {.kind = CRQ_DIST_POISSON, .p = {rate}};
  crq_dist ld = {.kind = CRQ_DIST_LOGNORMAL, .p = {18.0, 1.5}};
  crq_sampler count, loss;
  crq_sampler_init(&count, &pd);
  crq_sampler_init(&loss, &ld);
  double sum = 0.0;
#pragma omp parallel num_threads(threads) reduction(+ : sum)
  {
    crq_rng r;
    crq_rng_init(&r, seed);
#pragma omp for schedule(static)
    for (uint64_t t = 0; t < years; t++) {
      crq_rng_seek(&r, t, 0);
      int n = (int)crq_sampler_draw(&count, &r);
      for (int e = 0; e < n; e++)
        sum += crq_rng_uniform(&r) + crq_sampler_draw(&loss, &r);
    }
    crq_rng_free(&r);
  }
  crq_sampler_free(&count);
  crq_sampler_free(&loss);
  return sum;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bench_w20 W20.CSV YEARS THREADS [--floor]\n");
    return 2;
  }
  uint64_t years = (uint64_t)strtod(argv[2], NULL);
  int threads = atoi(argv[3]);
  int floor_only = argc > 4 && strcmp(argv[4], "--floor") == 0;

  double t0 = now();
  crq_model *m = load_csv(argv[1]);
  if (!m)
    return 2;
  if (floor_only) {
    double sink = floor_loop(m, years, 1, threads);
    double dt = now() - t0;
    printf("{\"engine\":\"floor\",\"threads\":%d,\"years\":%llu,"
           "\"seconds\":%.6f,\"years_per_s\":%.0f,\"peak_rss_kb\":%ld,"
           "\"sink\":%.6g}\n",
           threads, (unsigned long long)years, dt, (double)years / dt,
           peak_rss_kb(), sink);
    crq_model_free(m);
    return 0;
  }
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = years;
  o.threads = threads;
  o.seed = 1;
  o.has_seed = 1;
  crq_result *r = NULL;
  crq_diags d;
  crq_diags_init(&d);
  if (crq_simulate(m, &o, &r, &d) != CRQ_OK) {
    crq_diags_print(&d, stderr);
    return 1;
  }
  double mean = crq_result_eal(r, CRQ_BASELINE).value;
  double q[4];
  static const double ps[4] = {0.5, 0.9, 0.99, 0.996};
  for (int i = 0; i < 4; i++)
    q[i] = crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, ps[i]).value;
  double mx = crq_result_max_simulated(r, CRQ_BASELINE, CRQ_AEP);
  double dt = now() - t0;
  printf("{\"engine\":\"crq\",\"threads\":%d,\"years\":%llu,"
         "\"seconds\":%.6f,\"years_per_s\":%.0f,\"peak_rss_kb\":%ld,"
         "\"stats\":{\"mean\":%.6g,\"p50\":%.6g,\"p90\":%.6g,\"p99\":%.6g,"
         "\"p99.6\":%.6g,\"max\":%.6g}}\n",
         threads, (unsigned long long)years, dt, (double)years / dt,
         peak_rss_kb(), mean, q[0], q[1], q[2], q[3], mx);
  crq_result_free(r);
  crq_model_free(m);
  crq_diags_free(&d);
  return 0;
}
