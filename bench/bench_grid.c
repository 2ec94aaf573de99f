/* bench/bench_grid.c — a what-if sweep: a G × G grid of achievements.
 *
 * The JCIC example (or any model with two or more measures) simulated at
 * G × G points: the first two measures' achievements on an even grid from
 * 0 to 1, the other measures at their KPIs'. Every point is a full run of
 * TRIALS years on the same trials and seed (crq_simulate_at), from which
 * the EAL and VaR 99% with measures are read — what a sensitivity chart
 * needs. The model is loaded once. With --floor it times G × G passes of
 * the model's floor loop instead (bench_util.h). Prints one JSON line with
 * the total years simulated per second (G² × TRIALS over the time).
 *
 *   bench_grid MODEL TRIALS THREADS [G] [--floor] [--label NAME]
 *   (G default 10)
 */
#include "bench_util.h"
#include "sim/simulate.h"

/* Simulates every point; the sum of the points' figures (so nothing is
 * optimised away), or NAN on failure. */
static double sweep(const crq_model *m, const double *base, int g,
                    uint64_t trials, int threads) {
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = trials;
  o.threads = threads;
  o.seed = 1;
  o.has_seed = 1;
  double *a = malloc((m->n_measures + 1) * sizeof *a), sum = 0.0;
  memcpy(a, base, m->n_measures * sizeof *a);
  for (int i = 0; i < g * g && !isnan(sum); i++) {
    a[0] = (double)(i / g) / (g - 1);
    a[1] = (double)(i % g) / (g - 1);
    crq_result *r = NULL;
    crq_diags d;
    crq_diags_init(&d);
    if (crq_simulate_at(m, a, &o, &r, &d) != CRQ_OK) {
      crq_diags_print(&d, stderr);
      sum = NAN;
    } else {
      sum += crq_result_eal(r, CRQ_MEASURES).value +
             crq_result_quantile(r, CRQ_MEASURES, CRQ_AEP, 0.99).value;
    }
    crq_result_free(r);
    crq_diags_free(&d);
  }
  free(a);
  return sum;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bench_grid MODEL TRIALS THREADS [G] [--floor] "
                    "[--label NAME]\n");
    return 2;
  }
  uint64_t trials = (uint64_t)strtod(argv[2], NULL);
  int threads = atoi(argv[3]), g = 10, floor_only = 0;
  const char *label = "sweep";
  for (int i = 4; i < argc; i++) {
    if (strcmp(argv[i], "--floor") == 0)
      floor_only = 1;
    else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
      label = argv[++i];
    else
      g = atoi(argv[i]);
  }
  double t0 = bench_now();
  crq_model *m = bench_load(argv[1]);
  if (!m || m->n_measures < 2 || g < 2) {
    fprintf(stderr, "bench_grid: need a model with two measures, G >= 2\n");
    return 2;
  }
  crq_diags d;
  crq_diags_init(&d);
  crq_plan *p = NULL; /* the KPIs' achievements, and the floor's plan */
  if (crq_plan_compile(m, NULL, &p, &d) != CRQ_OK)
    return 1;
  double sink = 0.0;
  if (floor_only)
    for (int i = 0; i < g * g; i++)
      sink += bench_floor(p, trials, 1, threads);
  else
    sink = sweep(m, p->measure_achievement, g, trials, threads);
  double dt = bench_now() - t0;
  uint64_t years = (uint64_t)g * (uint64_t)g * trials;
  printf("{\"workload\":\"%s\",\"engine\":\"%s\",\"threads\":%d,"
         "\"years\":%llu,\"points\":%d,\"seconds\":%.6f,"
         "\"years_per_s\":%.0f,\"peak_rss_kb\":%ld,\"sink\":%.9g}\n",
         label, floor_only ? "floor" : "crq", threads,
         (unsigned long long)years, g * g, dt, (double)years / dt,
         bench_peak_rss_kb(), sink);
  crq_plan_free(p);
  crq_diags_free(&d);
  crq_model_free(m);
  return isnan(sink) ? 1 : 0;
}
