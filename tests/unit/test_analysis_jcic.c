/* tests/unit/test_analysis_jcic.c — the published JCIC example and its
 * partly achieved variant, loaded from examples/: the maximum loss per
 * category before and after (exact, from the worst case), and what each
 * measure buys: anonymisation −40億, drills −4億, more responders −0.4億,
 * endpoint monitoring 0 (it only thins the frequency); at 60% / 2 of 3 /
 * 7 of 10 / 50% the cuts are −24億, −2.67億, −0.28億 and 0. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/plan.h"
#include "crq/crq.h"

/* 1,333,334 records × 6,000 yen: 80.00004億. */
static const double THEFT = 8000004000.0;

static crq_model *load(const char *path) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = crq_model_load_file(path, &d, &m);
  if (st != CRQ_OK)
    crq_diags_print(&d, stderr);
  cr_assert_eq(st, CRQ_OK);
  crq_diags_free(&d);
  return m;
}

/* Worst case per direct category and total, [variant][category]. */
static void worst(const crq_model *m, double out[2][CRQ_CAT_COUNT + 1]) {
  crq_diags d;
  crq_diags_init(&d);
  crq_plan *p = NULL;
  cr_assert_eq(crq_plan_compile(m, NULL, &p, &d), CRQ_OK);
  for (int v = 0; v < 2; v++)
    for (int c = 0; c <= CRQ_CAT_COUNT; c++)
      out[v][c] = crq_plan_worst(p, v, 0, c);
  crq_plan_free(p);
  crq_diags_free(&d);
}

static void expect_categories(const double got[CRQ_CAT_COUNT + 1],
                              const double *want, const char *what) {
  static const int cats[] = {CRQ_CAT_DATA_THEFT, CRQ_CAT_STOPPAGE, CRQ_CAT_FINE,
                             CRQ_CAT_RESPONSE, CRQ_CAT_COUNT};
  for (int i = 0; i < 5; i++)
    cr_assert_float_eq(got[cats[i]], want[i], 1e-12 * want[i],
                       "%s, category %d: %.17g", what, cats[i], got[cats[i]]);
}

Test(analysis_jcic, categories_before_and_after) {
  crq_model *m = load("examples/jcic_manufacturer.yaml");
  double w[2][CRQ_CAT_COUNT + 1];
  worst(m, w);
  double now[] = {THEFT, 20e8, 40e8, 1e8, THEFT + 61e8};
  double after[] = {THEFT / 2, 16e8, 40e8, 0.6e8, THEFT / 2 + 56.6e8};
  expect_categories(w[0], now, "now");
  expect_categories(w[1], after, "after");
  crq_model_free(m);
}

/* Identifiability 6 → 6 − 0.6·3 = 4.2; downtime 5 → 5 − 2/3 days; the
 * response cost × (1 − 0.7·0.4) = 0.72. */
Test(analysis_jcic, categories_partly_achieved) {
  crq_model *m = load("examples/jcic_partial.yaml");
  double w[2][CRQ_CAT_COUNT + 1];
  worst(m, w);
  double stoppage = 4e8 * (5 - 2.0 / 3);
  double after[] = {THEFT * 4.2 / 6, stoppage, 40e8, 0.72e8,
                    THEFT * 0.7 + stoppage + 40.72e8};
  expect_categories(w[1], after, "partial");
  crq_model_free(m);
}

static crq_analysis *analyse(const crq_model *m, int max_loss_only) {
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.max_loss_only = max_loss_only;
  o.sim.trials = 20000;
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  cr_assert_eq(crq_analyse(m, NULL, &o, &a, &d), CRQ_OK);
  crq_diags_free(&d);
  return a;
}

static void expect_cuts(const crq_analysis *a, crq_figure f,
                        const double *want) {
  for (size_t i = 0; i < 4; i++)
    cr_assert_float_eq(crq_analysis_shapley(a, f, i), want[i], 1e-6,
                       "figure %d, measure %zu: %.17g", f, i,
                       crq_analysis_shapley(a, f, i));
}

/* The effects act on different categories of the one scenario, so their
 * cuts of the maximum loss add up and the Shapley values equal the
 * waterfall's steps. */
Test(analysis_jcic, what_each_measure_buys) {
  crq_model *m = load("examples/jcic_manufacturer.yaml");
  double cuts[] = {THEFT / 2, 4e8, 0.4e8, 0};
  crq_analysis *a = analyse(m, 1);
  expect_cuts(a, CRQ_FIG_MAX_LOSS, cuts);
  cr_assert_float_eq(crq_analysis_waterfall(a, CRQ_FIG_MAX_LOSS, 4),
                     THEFT / 2 + 56.6e8, 1e-3);
  crq_analysis_free(a);
  /* Simulated: the same cuts of the maximum loss, and of VaR 99% too — at
   * 0.05 (or 0.04) incidents a year, 1% of years exceed 0 but far fewer
   * than 1% have two incidents, so VaR 99% is one incident's loss. */
  a = analyse(m, 0);
  expect_cuts(a, CRQ_FIG_MAX_LOSS, cuts);
  expect_cuts(a, CRQ_FIG_VAR99, cuts);
  cr_assert_gt(crq_analysis_shapley(a, CRQ_FIG_EAL, 3), 0.0);
  crq_analysis_free(a);
  crq_model_free(m);
}

/* Endpoint monitoring at 50% is below its step: no effect, so its
 * coalitions coincide with the others' (8 evaluations, not 16). */
Test(analysis_jcic, partly_achieved_cuts) {
  crq_model *m = load("examples/jcic_partial.yaml");
  crq_analysis *a = analyse(m, 1);
  double cuts[] = {THEFT * 0.3, 4e8 * 2 / 3, 0.28e8, 0};
  expect_cuts(a, CRQ_FIG_MAX_LOSS, cuts);
  cr_assert_float_eq(crq_analysis_achievement(a, 0), 0.6, 1e-15);
  cr_assert_float_eq(crq_analysis_achievement(a, 1), 2.0 / 3, 1e-15);
  cr_assert_float_eq(crq_analysis_achievement(a, 2), 0.7, 1e-15);
  cr_assert_float_eq(crq_analysis_achievement(a, 3), 0.5, 1e-15);
  cr_assert_eq(crq_analysis_evaluations(a), 8);
  crq_analysis_free(a);
  crq_model_free(m);
}

/* crq run --precision: the run stops at the size its target needs (not
 * the options' trials), and the analysis reuses it and simulates its
 * other points with as many years; it used to refuse the run. */
Test(analysis_jcic, reuses_a_run_simulated_to_a_precision) {
  crq_model *m = load("examples/jcic_manufacturer.yaml");
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.sim.trials = 1000000; /* the most to simulate */
  o.sim.precision = 0.2;
  crq_diags d;
  crq_diags_init(&d);
  crq_result *run = NULL;
  cr_assert_eq(crq_simulate(m, &o.sim, &run, &d), CRQ_OK);
  uint64_t n = crq_result_trials(run);
  cr_assert_lt(n, o.sim.trials);
  crq_analysis *a = NULL;
  crq_status st = crq_analyse(m, run, &o, &a, &d);
  crq_diags_print(&d, stderr);
  cr_assert_eq(st, CRQ_OK);
  /* The baseline and every measure are the run's; the subsets between
   * are runs of n years: the first measure alone on the same trials. */
  size_t k = crq_analysis_measure_count(a);
  cr_assert_eq(crq_analysis_waterfall(a, CRQ_FIG_EAL, 0),
               crq_result_eal(run, CRQ_BASELINE).value);
  cr_assert_eq(crq_analysis_waterfall(a, CRQ_FIG_EAL, k),
               crq_result_eal(run, CRQ_MEASURES).value);
  crq_analysis_options plain;
  crq_analysis_options_init(&plain);
  plain.sim.trials = n;
  crq_analysis *b = NULL;
  cr_assert_eq(crq_analyse(m, NULL, &plain, &b, &d), CRQ_OK);
  for (size_t j = 0; j <= k; j++)
    cr_assert_eq(crq_analysis_waterfall(a, CRQ_FIG_EAL, j),
                 crq_analysis_waterfall(b, CRQ_FIG_EAL, j), "step %zu", j);
  crq_analysis_free(a);
  crq_analysis_free(b);
  crq_result_free(run);
  crq_diags_free(&d);
  crq_model_free(m);
}

/* A report reads the analysis by the result's measures: an analysis of
 * another model (here, the same file loaded again) is refused in every
 * format, not read past its arrays. */
Test(analysis_jcic, a_report_refuses_another_models_analysis) {
  crq_model *m = load("examples/jcic_manufacturer.yaml");
  crq_model *other = load("examples/jcic_manufacturer.yaml");
  crq_sim_options so;
  crq_sim_options_init(&so);
  so.trials = 1000;
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = NULL;
  cr_assert_eq(crq_simulate(m, &so, &r, &d), CRQ_OK);
  crq_analysis *own = analyse(m, 1), *theirs = analyse(other, 1);
  static const char *const formats[] = {"text", "json", "csv", "html", "xlsx"};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    crq_report_options o;
    crq_report_options_init(&o);
    o.format = formats[i];
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    o.analysis = theirs;
    cr_expect_eq(crq_report_write(r, &o, f, &d), CRQ_ERR_USAGE, "%s",
                 formats[i]);
    o.analysis = own;
    cr_expect_eq(crq_report_write(r, &o, f, &d), CRQ_OK, "%s", formats[i]);
    fclose(f);
    free(buf);
  }
  cr_expect_not_null(strstr(d.items[0].message, "another model"), "%s",
                     d.items[0].message);
  crq_analysis_free(own);
  crq_analysis_free(theirs);
  crq_result_free(r);
  crq_diags_free(&d);
  crq_model_free(other);
  crq_model_free(m);
}
