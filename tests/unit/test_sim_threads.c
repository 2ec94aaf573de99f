/* tests/unit/test_sim_threads.c — results do not depend on the number of
 * threads (bit for bit), runs can be stopped, and the trial loop's limits
 * (event cap, non-finite losses) fail cleanly and deterministically. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "crq/whatif.h"
#include "stats/result_impl.h"
#include "test_sim_models.h"

static void assert_same_estimate(crq_estimate x, crq_estimate y) {
  cr_assert(memcmp(&x, &y, sizeof x) == 0, "%.17g vs %.17g", x.value, y.value);
}

Test(sim_threads, one_and_two_threads_are_bit_identical) {
  tm_model *t = tm_mixed();
  uint64_t n = 3 * CRQ_CHUNK_TRIALS + 17; /* four chunks, the last short */
  crq_result *r1 = tm_run(t, n, 99, 1), *r2 = tm_run(t, n, 99, 2);
  cr_assert_eq(crq_result_threads(r2), 2);
  for (int v = 0; v < 2; v++) /* every year, in trial order */
    for (int b = 0; b < 2; b++)
      cr_assert(
          memcmp(r1->values[v][b], r2->values[v][b], n * sizeof(double)) == 0);
  cr_assert(memcmp(r1->sums, r2->sums, r1->layout.size * sizeof(double)) == 0);
  for (int v = 0; v < 2; v++) {
    assert_same_estimate(crq_result_eal(r1, v), crq_result_eal(r2, v));
    assert_same_estimate(crq_result_quantile(r1, v, CRQ_AEP, 0.99),
                         crq_result_quantile(r2, v, CRQ_AEP, 0.99));
    assert_same_estimate(crq_result_tvar(r1, v, CRQ_OEP, 0.95),
                         crq_result_tvar(r2, v, CRQ_OEP, 0.95));
    for (int c = 0; c < CRQ_CAT_COUNT; c++) {
      assert_same_estimate(crq_result_category_eal(r1, v, c),
                           crq_result_category_eal(r2, v, c));
      cr_assert_eq(crq_result_category_tvar(r1, v, c, 0.99),
                   crq_result_category_tvar(r2, v, c, 0.99));
    }
  }
  assert_same_estimate(crq_result_reduction_eal(r1),
                       crq_result_reduction_eal(r2));
  assert_same_estimate(crq_result_reduction_tvar(r1, 0.99),
                       crq_result_reduction_tvar(r2, 0.99));
  cr_assert_gt(crq_result_eal(r1, CRQ_BASELINE).value,
               crq_result_eal(r1, CRQ_MEASURES).value);
  crq_result_free(r1);
  crq_result_free(r2);
  tm_free(t);
}

Test(sim_threads, seed_changes_the_outcome) {
  tm_model *t = tm_mixed();
  crq_result *r1 = tm_run(t, 1000, 1, 1), *r2 = tm_run(t, 1000, 2, 1);
  cr_assert_neq(crq_result_eal(r1, 0).value, crq_result_eal(r2, 0).value);
  cr_assert_eq(crq_result_seed(r2), 2);
  crq_result_free(r1);
  crq_result_free(r2);
  tm_free(t);
}

static int stop_at_first_call(void *ctx, uint64_t done, uint64_t total) {
  int *calls = ctx;
  ++*calls;
  cr_assert_leq(done, total);
  return 1;
}

Test(sim_threads, progress_callback_stops_the_run) {
  tm_model *t = tm_new();
  tm_plain(t, "busy", tm_poisson(300), tm_lognormal(10, 1));
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 2000000; /* minutes of work if it were not stopped */
  o.threads = 2;
  int calls = 0;
  o.progress = stop_at_first_call;
  o.progress_ctx = &calls;
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = (crq_result *)&calls; /* must be reset to NULL */
  cr_assert_eq(crq_simulate(&t->m, &o, &r, &d), CRQ_ERR_INTERRUPTED);
  cr_assert_null(r);
  cr_assert_eq(calls, 1);
  cr_assert_eq(crq_diags_status(&d), CRQ_ERR_INTERRUPTED);
  crq_diags_free(&d);
  tm_free(t);
}

/* A thread count OpenMP could not start is refused before the run, not
 * left to the runtime (which would print and exit); so are missing
 * arguments. */
Test(sim_threads, options_out_of_range_are_refused) {
  tm_model *t = tm_new();
  tm_plain(t, "s", tm_poisson(1), tm_lognormal(10, 1));
  const int bad[] = {-3, CRQ_THREADS_MAX + 1, 100000};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    crq_sim_options o;
    crq_sim_options_init(&o);
    o.trials = 1000;
    o.threads = bad[i];
    crq_diags d;
    crq_diags_init(&d);
    crq_result *r = NULL;
    cr_expect_eq(crq_simulate(&t->m, &o, &r, &d), CRQ_ERR_USAGE, "%d", bad[i]);
    cr_expect_null(r);
    crq_diags_free(&d);
  }
  /* nor is an option crq_simulate would read another way */
  for (int i = 0; i < 4; i++) {
    crq_sim_options o;
    crq_sim_options_init(&o);
    o.trials = 1000;
    o.streaming = i == 0 ? 7 : i == 1 ? -2 : 0;
    o.precision = i == 2 ? -0.5 : i == 3 ? NAN : 0;
    crq_result *r = NULL;
    cr_expect_eq(crq_simulate(&t->m, &o, &r, NULL), CRQ_ERR_USAGE, "%d", i);
    cr_expect_null(r);
  }
  crq_result *r = NULL;
  cr_expect_eq(crq_simulate(NULL, NULL, &r, NULL), CRQ_ERR_USAGE);
  cr_expect_eq(crq_sim_check(NULL, NULL), CRQ_ERR_USAGE);
  cr_expect_null(r);
  cr_expect_eq(crq_simulate(&t->m, NULL, NULL, NULL), CRQ_ERR_USAGE);
  tm_free(t);
}

/* An analysis of many short runs: the first run's first progress tick
 * calls back (no run waits 0.1 s before its first report), so the
 * analysis can be stopped in its first simulation. */
Test(sim_threads, progress_callback_stops_an_analysis_of_short_runs) {
  crq_model_source *src = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_model_source_load("examples/retailer_ecommerce.yaml", NULL,
                                     0, &d, &src),
               CRQ_OK);
  crq_sensitivity_options o;
  crq_sensitivity_options_init(&o);
  o.run.sim.trials = 5000;
  o.run.sim.threads = 2;
  int calls = 0;
  o.run.sim.progress = stop_at_first_call;
  o.run.sim.progress_ctx = &calls;
  crq_sensitivity *s = NULL;
  cr_expect_eq(crq_sensitivity_run(src, &o, &s, &d), CRQ_ERR_INTERRUPTED);
  cr_expect_null(s);
  cr_expect_eq(calls, 1);
  crq_sensitivity_free(s);
  crq_model_source_free(src);
  crq_diags_free(&d);
}

/* Runs t with `threads`, expecting status; returns the message and its
 * line. */
static char *failing_run(const tm_model *t, int threads, crq_status status,
                         int *line) {
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 5000;
  o.threads = threads;
  return tm_run_failing(t, &o, status, line);
}

/* A negative binomial of size 0.001 with mean 10⁴ is mostly 0 with rare
 * years of millions of events: over the cap, whose first occurrence is
 * reported the same way whatever the threads. */
Test(sim_threads, event_cap_fails_on_the_first_bad_year) {
  tm_model *t = tm_new();
  tm_plain(t, "burst", tm_negbin(1e4, 0.001), tm_const(1));
  int line;
  char *m1 = failing_run(t, 1, CRQ_ERR_LIMIT, &line);
  cr_assert_eq(line, 10); /* the scenario's mark */
  char *m2 = failing_run(t, 2, CRQ_ERR_LIMIT, &line);
  cr_assert_not_null(strstr(m1, "scenario 'burst'"), "%s", m1);
  cr_assert_not_null(strstr(m1, "at most 1000000 events"), "%s", m1);
  cr_assert_str_eq(m1, m2);
  free(m1);
  free(m2);
  tm_free(t);
}

/* A loss beyond the largest double (e^709.8) in one event: the worst case
 * at the median (e^700) is finite, 2.5% of the draws are not. */
Test(sim_threads, non_finite_event_loss_is_a_numeric_error) {
  tm_model *t = tm_new();
  t->m.settings.worst_case_quantile = 0.5;
  tm_plain(t, "meteor", tm_poisson(1), tm_lognormal(700, 5));
  int line;
  char *msg = failing_run(t, 2, CRQ_ERR_NUMERIC, &line);
  cr_assert_not_null(strstr(msg, "scenario 'meteor' lost inf"), "%s", msg);
  cr_assert_eq(line, 10);
  free(msg);
  tm_free(t);
}

/* Finite losses whose annual sum overflows. */
Test(sim_threads, overflowing_annual_total_is_a_numeric_error) {
  tm_model *t = tm_new();
  tm_plain(t, "flood", tm_poisson(300), tm_const(1e306));
  int line;
  char *msg = failing_run(t, 1, CRQ_ERR_NUMERIC, &line);
  cr_assert_not_null(strstr(msg, "simulated year 0 add up to inf"), "%s", msg);
  free(msg);
  tm_free(t);
}

/* Options left at zero take the model's simulation settings. */
Test(sim_threads, options_default_to_the_model_settings) {
  tm_model *t = tm_new();
  tm_plain(t, "s", tm_poisson(1), tm_const(1));
  t->m.settings.trials = 1234;
  t->m.settings.seed = 77;
  t->m.settings.threads = 2;
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = NULL;
  cr_assert_eq(crq_simulate(&t->m, NULL, &r, &d), CRQ_OK);
  cr_assert_eq(crq_result_trials(r), 1234);
  cr_assert_eq(crq_result_seed(r), 77);
  cr_assert_eq(crq_result_threads(r), 2);
  cr_assert_eq(crq_result_variant_count(r), 1);
  cr_assert_eq(crq_result_model(r), &t->m);
  cr_assert_geq(crq_result_seconds(r), 0.0);
  crq_result_free(r);
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = (uint64_t)UINT32_MAX + 1;
  cr_assert_eq(crq_simulate(&t->m, &o, &r, &d), CRQ_ERR_LIMIT);
  cr_assert_null(r);
  crq_diags_free(&d);
  tm_free(t);
}
