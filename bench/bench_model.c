/* bench/bench_model.c — one model, end to end: load, simulate, statistics.
 *
 * Times what a user of the peers' tools times: load the model (a crq YAML
 * file, or a riskquant-style CSV through the importer), simulate YEARS
 * years and read the six statistics of the comparison (mean, p50, p90,
 * p99, p99.6 and max of the baseline's annual loss), keeping only what
 * they need: the run is told the four levels (crq_sim_options.quantiles),
 * so it keeps only the years near them, and adds up no scenario's EAL
 * (no_scenario_eal). --keep-years keeps every year's annual loss instead
 * (annual_only) and selects after the run, as crq did before it could be
 * told the levels: the same figures, to the bit. The time ends once the
 * statistics are read, as the numpy peer's does; freeing the result after
 * them (with --keep-years, the losses' memory back to the kernel, 3–4 ms
 * at 10⁷ years) is timed apart, free_s. With --report it writes the standard
 * JSON report instead (to /dev/null), which reads every figure — the memory a
 * full report needs. With --floor it times the model's floor loop instead
 * (bench_util.h).
 * --memory MIB sets the memory budget (streaming mode when exceeded, for
 * runs that keep every year: --keep-years, --report), --stream forces
 * streaming mode. Prints one JSON line; scripts/bench.sh
 * runs the configurations in separate processes (so peak RSS is per run)
 * and builds the table (docs/performance.md).
 *
 *   bench_model MODEL YEARS THREADS [--floor | --report | --keep-years]
 *               [--stream] [--memory MIB] [--label NAME]
 */
#include "bench_util.h"

/* Simulates and reads the six statistics (or the whole report); the
 * timings into t_sim, t_stats and t_free (freeing the result, after the
 * statistics: not part of the end-to-end time, as the numpy peer's ends
 * with its statistics too). Returns 0 or 1. */
static int run(const crq_model *m, uint64_t years, int threads, int report,
               int keep_years, const crq_sim_options *mode, double *t_sim,
               double *t_stats, double *t_free, double stats[6],
               int *streaming) {
  static const double ps[4] = {0.5, 0.9, 0.99, 0.996};
  crq_sim_options o = *mode;
  o.trials = years;
  o.threads = threads;
  o.seed = 1;
  o.has_seed = 1;
  o.annual_only = !report;
  o.no_scenario_eal = !report;
  o.quantiles = report || keep_years || mode->streaming ? NULL : ps;
  o.n_quantiles = o.quantiles ? 4 : 0;
  crq_result *r = NULL;
  crq_diags d;
  crq_diags_init(&d);
  double t0 = bench_now();
  crq_status st = crq_simulate(m, &o, &r, &d);
  double t1 = bench_now();
  if (st == CRQ_OK && report) {
    crq_report_options ro;
    crq_report_options_init(&ro);
    ro.format = "json";
    FILE *null = fopen("/dev/null", "w");
    st = crq_report_write(r, &ro, null, &d);
    fclose(null);
  }
  if (st == CRQ_OK) {
    crq_estimate q[4];
    stats[0] = crq_result_eal(r, CRQ_BASELINE).value;
    crq_result_quantiles(r, CRQ_BASELINE, CRQ_AEP, ps, 4, q);
    for (int i = 0; i < 4; i++)
      stats[1 + i] = q[i].value;
    stats[5] = crq_result_max_simulated(r, CRQ_BASELINE, CRQ_AEP);
  }
  double t2 = bench_now();
  *t_sim = t1 - t0;
  *t_stats = t2 - t1;
  *streaming = r && crq_result_streaming(r);
  crq_diags_print(&d, stderr);
  crq_diags_free(&d);
  crq_result_free(r);
  *t_free = bench_now() - t2;
  return st == CRQ_OK ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bench_model MODEL YEARS THREADS [--floor | "
                    "--report | --keep-years] [--stream] [--memory MIB] "
                    "[--label NAME]\n");
    return 2;
  }
  uint64_t years = (uint64_t)strtod(argv[2], NULL);
  int threads = atoi(argv[3]), floor_only = 0, report = 0, streaming = 0;
  int keep_years = 0;
  const char *label = argv[1];
  crq_sim_options mode;
  crq_sim_options_init(&mode);
  for (int i = 4; i < argc; i++) {
    floor_only |= strcmp(argv[i], "--floor") == 0;
    report |= strcmp(argv[i], "--report") == 0;
    keep_years |= strcmp(argv[i], "--keep-years") == 0;
    if (strcmp(argv[i], "--stream") == 0)
      mode.streaming = 1;
    if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
      label = argv[++i];
    if (strcmp(argv[i], "--memory") == 0 && i + 1 < argc)
      mode.memory_mib = strtoull(argv[++i], NULL, 10);
  }
  double t0 = bench_now();
  crq_model *m = bench_load(argv[1]);
  if (!m)
    return 2;
  double t_load = bench_now() - t0, t_sim = 0, t_stats = 0, t_free = 0;
  double s[6] = {0};
  const char *engine = floor_only   ? "floor"
                       : report     ? "crq-report"
                       : keep_years ? "crq-kept"
                                    : "crq";
  if (floor_only) {
    crq_diags d;
    crq_diags_init(&d);
    crq_plan *p = NULL;
    if (crq_plan_compile(m, NULL, &p, &d) != CRQ_OK)
      return 1;
    double t1 = bench_now();
    s[0] = bench_floor(p, years, 1, threads);
    t_sim = bench_now() - t1;
    crq_plan_free(p);
    crq_diags_free(&d);
  } else if (run(m, years, threads, report, keep_years, &mode, &t_sim, &t_stats,
                 &t_free, s, &streaming) != 0) {
    return 1;
  }
  double dt = bench_now() - t0 - t_free;
  printf("{\"workload\":\"%s\",\"engine\":\"%s\",\"threads\":%d,"
         "\"streaming\":%s,\"years\":%llu,\"seconds\":%.6f,\"load_s\":%.6f,"
         "\"simulate_s\":%.6f,\"stats_s\":%.6f,\"free_s\":%.6f,"
         "\"years_per_s\":%.0f,"
         "\"peak_rss_kb\":%ld,\"stats\":{\"mean\":%.9g,\"p50\":%.9g,"
         "\"p90\":%.9g,\"p99\":%.9g,\"p99.6\":%.9g,\"max\":%.9g}}\n",
         label, engine, threads, streaming ? "true" : "false",
         (unsigned long long)years, dt, t_load, t_sim, t_stats, t_free,
         (double)years / dt, bench_peak_rss_kb(), s[0], s[1], s[2], s[3], s[4],
         s[5]);
  crq_model_free(m);
  return 0;
}
