/* tests/unit/test_api_null.c — a public call that returns a crq_status
 * answers a NULL where it needs an object (a model, a source, a result,
 * an output pointer or stream) with CRQ_ERR_USAGE and, where it takes
 * diagnostics, one message naming the call; it never dereferences it.
 * (Criterion runs each test in its own process: a crash fails it.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "crq/crq.h"
#include "crq/kpi.h"
#include "crq/report.h"

#define MODEL "examples/jcic_manufacturer.yaml"

/* Checks that status is CRQ_ERR_USAGE with one message in d, then clears
 * d for the next call. */
static void expect_usage(crq_status status, crq_diags *d, const char *call) {
  cr_expect_eq(status, CRQ_ERR_USAGE, "%s: status %d", call, (int)status);
  cr_expect_eq(d->count, 1, "%s: %zu messages", call, d->count);
  crq_diags_clear(d);
}

static crq_model *load(crq_diags *d) {
  crq_model *m = NULL;
  cr_assert_eq(crq_model_load_file(MODEL, d, &m), CRQ_OK);
  return m;
}

Test(api_null, model_and_source_calls) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = load(&d), *v = NULL;
  crq_model_source *src = NULL;
  const char *sets[] = {"simulation.seed=4"}, *null_set[] = {NULL};
  double x;
  expect_usage(crq_model_override(NULL, sets, 1, &d, &v), &d, "override");
  expect_usage(crq_model_override(m, sets, 1, &d, NULL), &d, "override out");
  expect_usage(crq_model_load_file_set(MODEL, null_set, 1, &d, &v), &d,
               "load_file_set with a NULL assignment");
  expect_usage(crq_model_load_buffer_set("x: 1", 4, "b", null_set, 1, &d, &v),
               &d, "load_buffer_set with a NULL assignment");
  expect_usage(crq_model_source_load(NULL, NULL, 0, &d, &src), &d,
               "source_load path");
  expect_usage(crq_model_source_load(MODEL, NULL, 0, &d, NULL), &d,
               "source_load out");
  expect_usage(crq_model_source_of(NULL, &d, &src), &d, "source_of");
  expect_usage(crq_model_source_of(m, &d, NULL), &d, "source_of out");
  expect_usage(crq_model_source_variant(NULL, sets, 1, &d, &v), &d,
               "source_variant");
  expect_usage(crq_model_source_load(MODEL, NULL, 1, &d, &src), &d,
               "source_load without its assignments");
  expect_usage(crq_model_source_load(MODEL, null_set, 1, &d, &src), &d,
               "source_load with a NULL assignment");
  expect_usage(crq_model_parse_amount(NULL, "1", "x", &d, &x), &d,
               "parse_amount model");
  expect_usage(crq_model_parse_amount(m, NULL, "x", &d, &x), &d,
               "parse_amount text");
  expect_usage(crq_model_parse_amount(m, "1", "x", &d, NULL), &d,
               "parse_amount out");
  expect_usage(crq_model_import_csv(NULL, stdout, &d), &d, "import_csv path");
  expect_usage(crq_model_import_csv("bench/w20.csv", NULL, &d), &d,
               "import_csv stream");
  cr_expect_null(v);
  cr_expect_null(src);
  crq_model_free(m);
  crq_diags_free(&d);
}

Test(api_null, analyses) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = load(&d);
  crq_model_source *src = NULL;
  cr_assert_eq(crq_model_source_of(m, &d, &src), CRQ_OK);
  const crq_model *models[] = {m};
  crq_sweep_axis axis = {"simulation.seed", 1, 2, 2};
  crq_sensitivity_options so;
  crq_sensitivity_options_init(&so);
  crq_optimize_options oo;
  crq_optimize_options_init(&oo);
  crq_sweep *s;
  crq_sensitivity *se;
  crq_optimize *op;
  crq_analysis *a;
  expect_usage(crq_compare_run(models, NULL, 1, NULL, NULL, &d), &d,
               "compare out");
  expect_usage(crq_sweep_run(NULL, &axis, 1, NULL, &s, &d), &d, "sweep src");
  expect_usage(crq_sweep_run(src, &axis, 1, NULL, NULL, &d), &d, "sweep out");
  expect_usage(crq_sensitivity_run(NULL, &so, &se, &d), &d, "sensitivity");
  expect_usage(crq_sensitivity_run(src, &so, NULL, &d), &d, "sensitivity out");
  expect_usage(crq_optimize_run(NULL, &oo, &op, &d), &d, "optimize model");
  expect_usage(crq_optimize_run(m, &oo, NULL, &d), &d, "optimize out");
  expect_usage(crq_analyse(NULL, NULL, NULL, &a, &d), &d, "analyse model");
  expect_usage(crq_analyse(m, NULL, NULL, NULL, &d), &d, "analyse out");
  expect_usage(crq_analysis_options_check(NULL, &d), &d, "options_check");
  /* the sweep names the missing source, not its axis */
  cr_expect_eq(crq_sweep_run(NULL, &axis, 1, NULL, &s, &d), CRQ_ERR_USAGE);
  cr_expect_not_null(strstr(d.items[0].message, "no model source"), "%s",
                     d.items[0].message);
  crq_diags_clear(&d);
  expect_usage(crq_compare_write(NULL, NULL, stdout, &d), &d, "compare_write");
  expect_usage(crq_sweep_write(NULL, NULL, stdout, &d), &d, "sweep_write");
  expect_usage(crq_sensitivity_write(NULL, NULL, stdout, &d), &d,
               "sensitivity_write");
  expect_usage(crq_optimize_write(NULL, NULL, stdout, &d), &d,
               "optimize_write");
  /* the simulation options are checked whatever the objective, as the
   * analyses use them: the quantiles and precision they ignore pass */
  oo.objective = CRQ_FIG_MAX_LOSS;
  oo.sim.threads = -3;
  expect_usage(crq_optimize_run(m, &oo, &op, &d), &d, "optimize threads");
  static const double levels[] = {0.99};
  oo.sim.threads = 1;
  oo.sim.trials = 1000;
  oo.sim.quantiles = levels;
  oo.sim.n_quantiles = 1;
  oo.sim.precision = 0.01;
  oo.objective = CRQ_FIG_EAL;
  cr_expect_eq(crq_optimize_run(m, &oo, &op, &d), CRQ_OK, "%s",
               d.count ? d.items[0].message : "");
  crq_optimize_free(op);
  crq_model_source_free(src);
  crq_model_free(m);
  crq_diags_free(&d);
}

Test(api_null, results_reports_and_the_rest) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = load(&d);
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 1000;
  crq_result *r = NULL;
  cr_assert_eq(crq_simulate(m, &o, &r, &d), CRQ_OK);
  cr_expect_eq(crq_result_year_losses(r, CRQ_BASELINE, NULL), CRQ_ERR_USAGE);
  cr_expect_eq(crq_result_sort(NULL), CRQ_ERR_USAGE);
  expect_usage(crq_report_write_ylt(NULL, stdout, &d), &d, "ylt result");
  expect_usage(crq_report_write_ylt(r, NULL, &d), &d, "ylt stream");
  cr_expect_eq(crq_kpi_catalogue_open(NULL), CRQ_ERR_USAGE);
  expect_usage(crq_comm_world(NULL, &d), &d, "comm_world");
  cr_expect_eq(crq_sim_streams(m, NULL), 0, "default options keep the years");
  /* an index the result lacks is no scenario's */
  cr_expect_eq(crq_result_worst_scenario(r, (crq_variant)2), SIZE_MAX);
  cr_expect_eq(crq_result_worst_scenario(NULL, CRQ_BASELINE), SIZE_MAX);
  crq_result_free(r);
  crq_model_free(m);
  crq_diags_free(&d);
}

/* A NULL list keeps nothing; a NULL stream prints nothing; a NULL format
 * still makes a message. */
Test(api_null, diagnostics) {
  crq_diags_init(NULL);
  crq_diags_clear(NULL);
  crq_diags_print(NULL, stderr);
  crq_diags_free(NULL);
  cr_expect_eq(crq_diags_add(NULL, CRQ_ERR_IO, NULL, 0, 0, "x"), CRQ_ERR_IO);
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(crq_diags_add(&d, CRQ_ERR_IO, NULL, 0, 0, NULL), CRQ_ERR_IO);
  cr_assert_eq(d.count, 1);
  cr_expect_str_eq(d.items[0].message, "(no message)");
  crq_diags_print(&d, NULL);
  crq_diags_free(&d);
}
