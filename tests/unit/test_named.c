/* tests/unit/test_named.c — runs told their quantile levels
 * (crq_sim_options.quantiles): each level's quantile, its interval and the
 * largest year the same bits as a run that keeps every year, by bands
 * from a pilot (runs of 2^20 years or more) or from every year (shorter
 * runs), on each loop (batched, one year at a time, with ties at zero and
 * at constant losses); every other order statistic NAN and the report
 * refused; bands that miss found and widened by a second run; the band
 * tallies' cells, by the index as by the edges; failures reported as any
 * run reports them; and the options refused. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/run.h"
#include "sim/simulate.h"
#include "stats/result_impl.h"
#include "test_sim_models.h"

/* Long enough for bands from a pilot, not a whole number of chunks. */
#define NAMED_TRIALS (CRQ_NAMED_MIN_TRIALS + 12345)

static const double levels[] = {0.5, 0.9, 0.99, 0.996, 0.0, 1.0, 0.0001};
enum { N_LEVELS = sizeof levels / sizeof levels[0] };

static tm_model *plain_model(void) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(1.5), tm_lognormal(15, 1.3));
  tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(17, 0.8));
  return t;
}

static crq_result *named_run(const tm_model *t, uint64_t trials, int threads,
                             const double *p, size_t n) {
  crq_sim_options o = tm_options(trials, 7, threads);
  o.quantiles = p;
  o.n_quantiles = n;
  return tm_run_with(t, &o);
}

static void same(crq_estimate a, crq_estimate b, const char *what, double p) {
  cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s at %g: %.17g vs %.17g", what, p,
            a.value, b.value);
}

/* Every named figure of a run told the levels is the full run's, to the
 * bit, and the rest NAN. */
static void check_named(const tm_model *t, uint64_t trials, int threads) {
  crq_sim_options o = tm_options(trials, 7, threads);
  crq_result *full = tm_run_with(t, &o);
  crq_result *r = named_run(t, trials, threads, levels, N_LEVELS);
  cr_assert(crq_result_quantiles_only(r) && !crq_result_quantiles_only(full));
  int nv = crq_result_variant_count(full);
  cr_assert_eq(crq_result_variant_count(r), nv);
  for (int v = 0; v < nv; v++) {
    for (int i = 0; i < N_LEVELS; i++)
      same(crq_result_quantile(r, v, CRQ_AEP, levels[i]),
           crq_result_quantile(full, v, CRQ_AEP, levels[i]), "quantile",
           levels[i]);
    cr_assert_eq(crq_result_max_simulated(r, v, CRQ_AEP),
                 crq_result_max_simulated(full, v, CRQ_AEP));
    same(crq_result_eal(r, v), crq_result_eal(full, v), "EAL", 0);
    cr_assert_eq(crq_result_sd(r, v, CRQ_AEP), crq_result_sd(full, v, CRQ_AEP));
    same(crq_result_mean(r, v, CRQ_OEP), crq_result_mean(full, v, CRQ_OEP),
         "OEP mean", 0);
    /* what it was not told */
    cr_assert(isnan(crq_result_quantile(r, v, CRQ_AEP, 0.95).value));
    cr_assert(isnan(crq_result_quantile(r, v, CRQ_OEP, 0.5).value));
    cr_assert(isnan(crq_result_max_simulated(r, v, CRQ_OEP)));
    cr_assert(isnan(crq_result_tvar(r, v, CRQ_AEP, 0.99).value));
    cr_assert(isnan(crq_result_exceedance(r, v, CRQ_AEP, 1e6).value));
  }
  crq_result_free(r);
  crq_result_free(full);
}

Test(named, batched_loop_by_bands_on_one_and_two_threads) {
  tm_model *t = plain_model();
  check_named(t, NAMED_TRIALS, 1);
  check_named(t, NAMED_TRIALS, 2);
  tm_free(t);
}

Test(named, one_year_at_a_time_with_measures) {
  tm_model *t = tm_mixed();
  check_named(t, NAMED_TRIALS, 2);
  tm_free(t);
}

/* Most years without an event, and constant losses: heavy ties at zero
 * (the median) and at each loss, which the edges' cells count. */
Test(named, ties_of_sparse_constant_losses) {
  tm_model *t = tm_jcic(0.05, 0.5);
  check_named(t, NAMED_TRIALS, 2);
  tm_free(t);
}

/* Years without an event rare enough (e^−8) that the band of the smallest
 * ranks reaches above zero: they are copied, all at once. */
Test(named, rare_empty_years_copied) {
  tm_model *t = tm_jcic(8, 0.5);
  check_named(t, NAMED_TRIALS, 2);
  tm_free(t);
}

Test(named, short_runs_keep_every_year) {
  tm_model *t = plain_model();
  check_named(t, 50000, 2);
  tm_free(t);
}

Test(named, no_year_kept_and_no_report) {
  tm_model *t = plain_model();
  crq_result *r = named_run(t, 1000, 1, levels, 2);
  double *x = malloc(1000 * sizeof *x);
  cr_assert_eq(crq_result_year_losses(r, CRQ_BASELINE, x), CRQ_ERR_USAGE);
  free(x);
  cr_assert_eq(crq_result_sort(r), CRQ_OK);
  tm_report_refused(r, "quantiles");
  crq_result_free(r);
  tm_free(t);
}

Test(named, options_refused) {
  static const double many[CRQ_QUANTILES_MAX + 1] = {0}, bad[2] = {0.5, 1.5};
  static const double nan_level[1] = {NAN};
  const struct {
    const double *p;
    size_t n;
    int streaming;
    double precision;
  } cases[] = {
      {many, CRQ_QUANTILES_MAX + 1, 0, 0}, /* too many */
      {NULL, 1, 0, 0},                     /* no array */
      {bad, 2, 0, 0},                      /* above 1 */
      {nan_level, 1, 0, 0},                /* NaN */
      {levels, 1, 1, 0},                   /* with streaming mode */
      {levels, 1, 0, 0.01},                /* with a precision target */
  };
  tm_model *t = plain_model();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    crq_sim_options o = tm_options(1000, 1, 1);
    o.quantiles = cases[i].p;
    o.n_quantiles = cases[i].n;
    o.streaming = cases[i].streaming;
    o.precision = cases[i].precision;
    char *msg = tm_run_failing(t, &o, CRQ_ERR_USAGE, NULL);
    cr_assert(strstr(msg, "quantiles") != NULL, "case %zu: %s", i, msg);
    free(msg);
  }
  tm_free(t);
}

/* The most levels, 49 distinct ranks (more than one selection takes), on
 * a run that keeps every year: each the full run's. */
Test(named, the_most_levels) {
  double most[CRQ_QUANTILES_MAX];
  for (int i = 0; i < CRQ_QUANTILES_MAX; i++)
    most[i] = (i + 0.5) / CRQ_QUANTILES_MAX;
  uint64_t ranks[CRQ_NAMED_MAX];
  cr_assert_eq(crq_named_ranks(100000, most, CRQ_QUANTILES_MAX, ranks),
               CRQ_NAMED_MAX);
  tm_model *t = plain_model();
  crq_result *r = named_run(t, 100000, 1, most, CRQ_QUANTILES_MAX);
  crq_result *full = tm_run(t, 100000, 7, 1);
  for (int i = 0; i < CRQ_QUANTILES_MAX; i++)
    same(crq_result_quantile(r, 0, CRQ_AEP, most[i]),
         crq_result_quantile(full, 0, CRQ_AEP, most[i]), "quantile", most[i]);
  crq_result_free(full);
  crq_result_free(r);
  tm_free(t);
}

/* Progress never goes back and counts the pilot's years as done; a stop
 * asked for at the first report (later ones come at most ten times a
 * second, which a fast run may not last) stops the run in its pilot. */
typedef struct progress_log {
  uint64_t last, calls, stop_at;
  int backwards;
} progress_log;

static int log_progress(void *ctx, uint64_t done, uint64_t total) {
  progress_log *l = ctx;
  l->backwards |= done < l->last || total != NAMED_TRIALS;
  l->last = done;
  l->calls++;
  return l->stop_at && done >= l->stop_at;
}

Test(named, progress_and_stop) {
  tm_model *t = plain_model();
  crq_sim_options o = tm_options(NAMED_TRIALS, 7, 2);
  o.quantiles = levels;
  o.n_quantiles = N_LEVELS;
  progress_log log = {0};
  o.progress = log_progress;
  o.progress_ctx = &log;
  crq_result_free(tm_run_with(t, &o));
  cr_assert_not(log.backwards);
  cr_assert_gt(log.calls, 0); /* the first tick reports, in the pilot */
  cr_assert_gt(log.last, CRQ_NAMED_PILOT);
  cr_assert_leq(log.last, NAMED_TRIALS);
  log = (progress_log){.stop_at = 1}; /* at the first report, always made */
  char *msg = tm_run_failing(t, &o, CRQ_ERR_INTERRUPTED, NULL);
  cr_assert_leq(log.last, CRQ_NAMED_PILOT);
  char of[64]; /* the whole run's trials, not the pilot's */
  snprintf(of, sizeof of, " of %llu trials", (unsigned long long)NAMED_TRIALS);
  cr_expect_not_null(strstr(msg, of), "%s", msg);
  free(msg);
  tm_free(t);
}

/* The cells of a hand-made set: edges 1 and 3, the cell between kept. */
Test(named, band_cells_and_copies) {
  crq_band_set set = {.n = 2, .keep = UINT64_C(1) << 2};
  for (int e = 0; e < CRQ_BAND_EDGES; e++)
    set.edge[e] = UINT64_MAX;
  set.edge[0] = crq_key_of(1.0);
  set.edge[1] = crq_key_of(3.0);
  const double x[] = {4.0, 1.0, 2.5, 0.5, 3.0, 1.0, 2.0, 0.0};
  crq_band_tally a, b;
  crq_band_tally_init(&a);
  crq_band_tally_init(&b);
  crq_band_add(&a, &set, x, 5);
  crq_band_add(&b, &set, x + 5, 3);
  cr_assert_eq(crq_band_merge(&a, &b), 0);
  uint64_t cells[CRQ_BAND_CELLS];
  crq_band_cells(&a, cells);
  const uint64_t want[5] = {2, 2, 2, 1, 1}; /* <1, =1, (1,3), =3, >3 */
  for (int c = 0; c < CRQ_BAND_CELLS; c++)
    cr_assert_eq(cells[c], c < 5 ? want[c] : 0, "cell %d", c);
  cr_assert_eq(a.n_kept, 2);
  cr_assert(a.kept[0] + a.kept[1] == 4.5 && a.kept[0] * a.kept[1] == 5.0);
  /* ranks 3..7 are held (the edges and the kept cell), 1 and 2 are not */
  const uint64_t held[] = {3, 4, 5, 6, 7}, all[] = {1, 2, 3, 4, 5, 6, 7, 8};
  const double sorted[] = {0.0, 0.5, 1.0, 1.0, 2.0, 2.5, 3.0, 4.0};
  crq_band_set s2 = set;
  cr_assert(crq_named_covered(&s2, &a, held, 5));
  cr_assert_eq(s2.keep, set.keep);
  double out[8];
  cr_assert_eq(crq_named_select(&set, &a, held, 5, out, 1), 0);
  for (int i = 0; i < 5; i++)
    cr_assert_eq(out[i], sorted[held[i] - 1], "rank %d", (int)held[i]);
  cr_assert_not(crq_named_covered(&s2, &a, all, 8));
  cr_assert_eq(s2.keep, set.keep | 1u | UINT64_C(1) << 4); /* cells 0, 4 */
  crq_band_tally_free(&a);
  crq_band_tally_free(&b);
}

/* The index gives every year the cell the edges give it: years spread over
 * many powers of two, and years on both sides of each edge and at it,
 * whose top bits the edge shares. */
Test(named, index_agrees_with_the_edges) {
  enum { E = 8 };
  crq_band_set set = {.n = E, .keep = 0x1015}; /* cells 0, 2, 4, 12 */
  /* 1, 1 + 2^-8 and 1 + 2^-7 lie in consecutive prefixes (the top 20 bits
   * hold 8 of the significand's); 999999.9 and 1e6 share one */
  const double edges[E] = {0.0,      1.0, 1.00390625, 1.0078125,
                           999999.9, 1e6, 3.5e9,      7e12};
  for (int e = 0; e < CRQ_BAND_EDGES; e++)
    set.edge[e] = e < E ? crq_key_of(edges[e]) : UINT64_MAX;
  crq_band_set indexed = set;
  cr_assert_eq(crq_band_index(&indexed), 0);
  enum { N = 4000 };
  double x[N];
  int n = 0;
  for (int e = 0; e < E; e++) {
    double d = edges[e];
    double near[6] = {d,
                      nextafter(d, -INFINITY),
                      nextafter(d, INFINITY),
                      d * (1 - 1e-9),
                      d * (1 + 1e-9) + 1e-300,
                      d + 1e-300};
    for (int j = 0; j < 6; j++)
      x[n++] = near[j] < 0 ? 0.0 : near[j];
  }
  for (; n < N; n++) /* 1e-3 .. 1e14 */
    x[n] =
        pow(10.0, -3.0 + 17.0 * (n * 0.6180339887 - floor(n * 0.6180339887)));
  crq_band_tally a, b;
  crq_band_tally_init(&a);
  crq_band_tally_init(&b);
  crq_band_add(&a, &set, x, N);
  crq_band_add(&b, &indexed, x, N);
  uint64_t ca[CRQ_BAND_CELLS], cb[CRQ_BAND_CELLS];
  crq_band_cells(&a, ca);
  crq_band_cells(&b, cb);
  for (int c = 0; c < CRQ_BAND_CELLS; c++)
    cr_assert_eq(ca[c], cb[c], "cell %d: %llu vs %llu", c,
                 (unsigned long long)ca[c], (unsigned long long)cb[c]);
  cr_assert_eq(a.n_kept, b.n_kept);
  cr_assert(memcmp(a.kept, b.kept, a.n_kept * sizeof *a.kept) == 0);
  cr_assert_gt(ca[3], 1); /* the edge at 1.0 met its own value */
  crq_band_tally_free(&a);
  crq_band_tally_free(&b);
  crq_band_index_free(&indexed);
}

Test(named, ranks_sorted_and_distinct) {
  const double p[] = {1.0, 0.5, 0.5, 0.0};
  uint64_t ranks[CRQ_NAMED_MAX];
  int m = crq_named_ranks(1000, p, 4, ranks);
  for (int i = 1; i < m; i++)
    cr_assert_lt(ranks[i - 1], ranks[i]);
  cr_assert_eq(ranks[0], 1);
  cr_assert_eq(ranks[m - 1], 1000);
  uint64_t median[3];
  crq_quantile_ranks(1000, 0.5, median);
  int found = 0;
  for (int i = 0; i < m; i++)
    found +=
        ranks[i] == median[0] || ranks[i] == median[1] || ranks[i] == median[2];
  cr_assert_eq(found, 3);
}

static int by_key(const void *a, const void *b) {
  uint64_t x = crq_key_of(*(const double *)a),
           y = crq_key_of(*(const double *)b);
  return (x > y) - (x < y);
}

/* Bands from a pilot that is off (its losses tripled) miss; the tally says
 * which cells hold the ranks, and a second run with them kept gives every
 * rank, the values a sort gives. */
Test(named, bands_that_miss_are_widened) {
  tm_model *t = plain_model();
  crq_plan *plan = tm_plan(t);
  crq_diags d;
  crq_diags_init(&d);
  crq_run_options ro = {.trials = NAMED_TRIALS,
                        .seed = 11,
                        .threads = 2,
                        .annual_only = 1,
                        .no_scenario_eal = 1};
  crq_run exact, banded;
  cr_assert_eq(crq_run_plan(plan, &t->m, &ro, &exact, &d), CRQ_OK);
  double *sorted = malloc(NAMED_TRIALS * sizeof *sorted);
  memcpy(sorted, exact.aep[0], NAMED_TRIALS * sizeof *sorted);
  double *pilot = malloc(CRQ_NAMED_PILOT * sizeof *pilot);
  for (size_t i = 0; i < CRQ_NAMED_PILOT; i++)
    pilot[i] = 3.0 * sorted[i];
  qsort(sorted, NAMED_TRIALS, sizeof *sorted, by_key);
  uint64_t ranks[CRQ_NAMED_MAX];
  int m = crq_named_ranks(NAMED_TRIALS, levels, N_LEVELS, ranks);
  crq_band_set set;
  cr_assert_eq(
      crq_named_bands(pilot, CRQ_NAMED_PILOT, NAMED_TRIALS, ranks, m, &set), 0);
  ro.band = &set;
  cr_assert_eq(crq_run_plan(plan, &t->m, &ro, &banded, &d), CRQ_OK);
  cr_assert_not(crq_named_covered(&set, &banded.band[0], ranks, m));
  crq_run_free(&banded);
  cr_assert_eq(crq_run_plan(plan, &t->m, &ro, &banded, &d), CRQ_OK);
  cr_assert(crq_named_covered(&set, &banded.band[0], ranks, m));
  double out[CRQ_NAMED_MAX];
  cr_assert_eq(crq_named_select(&set, &banded.band[0], ranks, m, out, 2), 0);
  for (int i = 0; i < m; i++)
    cr_assert_eq(out[i], sorted[ranks[i] - 1], "rank %llu",
                 (unsigned long long)ranks[i]);
  crq_run_free(&banded);
  crq_run_free(&exact);
  free(pilot);
  free(sorted);
  crq_plan_free(plan);
  crq_diags_free(&d);
  tm_free(t);
}

/* The message of a run that fails (a year's loss beyond the largest
 * double), with or without the levels named. */
static char *failure(const tm_model *t, const double *p, size_t n) {
  crq_sim_options o = tm_options(NAMED_TRIALS, 3, 2);
  o.quantiles = p;
  o.n_quantiles = n;
  return tm_run_failing(t, &o, CRQ_ERR_NUMERIC, NULL);
}

/* A run told its levels reports the first failing year as any run does,
 * whether the pilot met it (a loss of e^(690 + 5Z) passes e^709.78 about
 * one year in 26,000) or the rest of the run (at σ = 4.3, one year in
 * 470,000). */
Test(named, failures_are_the_first_failing_year) {
  const double sigma[2] = {5, 4.3};
  for (int i = 0; i < 2; i++) {
    tm_model *t = tm_new();
    t->m.settings.worst_case_quantile = 0.5;
    tm_plain(t, "meteor", tm_poisson(1), tm_lognormal(690, sigma[i]));
    char *plain = failure(t, NULL, 0), *named = failure(t, levels, N_LEVELS);
    cr_assert_str_eq(named, plain);
    const char *year = strstr(plain, "simulated year ");
    cr_assert_not_null(year, "%s", plain);
    unsigned long long y = strtoull(year + 15, NULL, 10);
    cr_assert(i == 0 ? y < CRQ_NAMED_PILOT : y >= CRQ_NAMED_PILOT, "%s", plain);
    free(plain);
    free(named);
    tm_free(t);
  }
}
