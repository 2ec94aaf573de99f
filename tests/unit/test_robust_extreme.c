/* tests/unit/test_robust_extreme.c — extreme but valid models are
 * simulated correctly or refused with a clear error, and no report of
 * them shows a non-finite number (docs/robustness.md).
 *
 * The models are in tests/data/extreme/ (each file says what it tests);
 * the 10,000-scenario model and the degenerate distributions are built
 * here. Expected figures come from the models' arithmetic: exact where
 * every year loses the same amount, within 5 standard errors otherwise.
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>

#include "test_robust_util.h"

#define EXTREME "tests/data/extreme/"

static crq_model *load_file(const char *path) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = crq_model_load_file(path, &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s: %s", path,
               d.count ? d.items[0].message : "no message");
  crq_diags_free(&d);
  return m;
}

/* The analysis (attribution, roadmap, ROSI) of a run, for the reports. */
static crq_analysis *analyse(const crq_model *m, const crq_result *r) {
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.sim.trials = crq_result_trials(r);
  o.sim.seed = crq_result_seed(r);
  o.sim.has_seed = 1;
  o.sim.threads = 2;
  snprintf(o.as_of, sizeof o.as_of, "2026-06-30");
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis *a = NULL;
  crq_status st = crq_analyse(m, r, &o, &a, &d);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "");
  crq_diags_free(&d);
  return a;
}

/* CSV cells may be "inf" in one place only: the payback of a measure that
 * never pays back (docs/kpi.md); blanks that line's cells out. */
static void blank_never_payback(char *csv) {
  for (char *line = csv; line && *line;) {
    char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    char *field = strstr(line, ",payback_years,");
    if (field && field < line + len)
      memset(line, ' ', len);
    line = end ? end + 1 : NULL;
  }
}

/* Writes every report format of r in both languages and checks that none
 * shows NaN or infinity (xlsx: that it is written). */
static void expect_finite_reports(const crq_model *m, const crq_result *r) {
  crq_analysis *a = crq_model_measure_count(m) > 0 ? analyse(m, r) : NULL;
  static const char *const formats[] = {"text", "json", "csv", "html"};
  static const char *const langs[] = {"en", "ja"};
  for (size_t f = 0; f < 4; f++)
    for (size_t l = 0; l < 2; l++) {
      char *out = robust_report(r, formats[f], langs[l], a, NULL);
      if (f == 2)
        blank_never_payback(out);
      char what[64];
      snprintf(what, sizeof what, "%s report (%s) of '%s'", formats[f],
               langs[l], crq_model_name(m));
      robust_expect_finite(out, what);
      if (f == 1) {
        json_error_t e;
        json_t *j = json_loads(out, 0, &e);
        cr_expect_not_null(j, "%s: %s", what, e.text);
        json_decref(j);
      }
      free(out);
    }
  size_t len = 0;
  free(robust_report(r, "xlsx", "ja", a, &len));
  cr_expect_gt(len, 0);
  crq_analysis_free(a);
}

/* |x − want| within 5 standard errors. */
static void expect_near(crq_estimate e, double want, const char *what) {
  cr_expect_leq(fabs(e.value - want), 5 * e.se + 1e-9 * fabs(want),
                "%s: %.17g, expected %.17g (SE %.3g)", what, e.value, want,
                e.se);
}

Test(robust_extreme, amounts_up_to_1e18_yen) {
  crq_model *m = load_file(EXTREME "amounts_1e18.yaml");
  crq_result *r = robust_run(m, 0);
  /* giant 1e18 and stop 1e18 / 250 × 5 every year, and 3 events a year of
   * a uniform on [1e17, 9e17] (mean 5e17); the measure halves giant. */
  expect_near(crq_result_eal(r, CRQ_BASELINE), 1e18 + 2e16 + 3 * 5e17,
              "baseline EAL");
  expect_near(crq_result_eal(r, CRQ_MEASURES), 5e17 + 2e16 + 3 * 5e17,
              "EAL with the measure");
  crq_estimate red = crq_result_reduction_eal(r);
  cr_expect_float_eq(red.value, 5e17, 1e-12, "reduction %.17g", red.value);
  cr_expect_eq(crq_result_max_loss(r, CRQ_BASELINE), 1e18);
  cr_expect_eq(crq_result_max_loss(r, CRQ_MEASURES), 9e17);
  cr_expect_geq(crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, 0.01).value,
                1.02e18, "every year loses giant and stop");
  expect_finite_reports(m, r);
  crq_result_free(r);
  crq_model_free(m);
}

Test(robust_extreme, thousands_of_events_a_year) {
  crq_model *m = load_file(EXTREME "high_frequency.yaml");
  crq_result *r = robust_run(m, 0);
  /* 5000 events of 1000 and a negative binomial of mean 2000 events of 1;
   * the measure halves the phishing rate. */
  expect_near(crq_result_eal(r, CRQ_BASELINE), 5000 * 1000 + 2000,
              "baseline EAL");
  expect_near(crq_result_eal(r, CRQ_MEASURES), 2500 * 1000 + 2000,
              "EAL with the measure");
  expect_near(crq_result_reduction_eal(r), 2500 * 1000, "reduction");
  expect_finite_reports(m, r);
  crq_result_free(r);
  crq_model_free(m);
}

/* The model of text with `freq` as the frequency of scenario "s". */
static crq_model *with_frequency(const char *freq) {
  char *yaml = NULL;
  cr_assert(asprintf(&yaml,
                     "crq_model: 1\nname: cap\n"
                     "organisation: {annual_revenue: 1e10}\n"
                     "scenarios:\n"
                     "  - {id: small, frequency: {poisson: 1}, loss: "
                     "{amount: 5}}\n"
                     "  - {id: s, frequency: %s, loss: {amount: 1}}\n"
                     "simulation: {trials: 100}\n",
                     freq) > 0);
  crq_model *m = robust_load(yaml);
  free(yaml);
  return m;
}

Test(robust_extreme, a_mean_at_the_event_cap_is_refused_naming_the_scenario) {
  static const char *const freqs[] = {
      "{poisson: 1000000}", "{poisson: 1e300}",
      "{negbin: {mean: 2e6, size: 1}}",
      "{discrete: {values: [2000000], probs: [1]}}",
      "{discrete: {values: [0, 2000000], probs: [0.9, 0.1]}}"};
  for (size_t i = 0; i < sizeof freqs / sizeof freqs[0]; i++) {
    crq_model *m = with_frequency(freqs[i]);
    crq_result *r = NULL;
    char msg[512];
    cr_expect_eq(robust_simulate(m, 100, 2, &r, msg), CRQ_ERR_LIMIT, "%s",
                 freqs[i]);
    cr_expect_null(r);
    cr_expect_not_null(strstr(msg, "scenario 's'"), "%s: %s", freqs[i], msg);
    /* a mean must stay below the limit; a bounded count at most at it */
    cr_expect_not_null(strstr(msg, i < 4 ? "expected fewer than 1000000 events "
                                           "a year on average"
                                         : "expected at most 1000000 events "
                                           "in a simulated year"),
                       "%s", msg);
    crq_model_free(m);
  }
}

/* The limit applies to the scenarios' mean counts together, whatever
 * their kinds (two constant counts of 600,000 can never fit a year), and
 * the message gives the total as such. */
Test(robust_extreme, the_total_at_the_cap_is_refused_as_a_total) {
  static const char *const freqs[][2] = {
      {"{poisson: 999999.5}", "1000000.5 events a year on average in all (the "
                              "most, 999999.5, in"},
      {"{discrete: {values: [999999], probs: [1]}}",
       "1000000 events a year on average in all (the most, 999999, in"}};
  for (size_t i = 0; i < 2; i++) {
    crq_model *m = with_frequency(freqs[i][0]);
    crq_diags d;
    crq_diags_init(&d);
    cr_expect_eq(crq_sim_check(m, &d), CRQ_ERR_LIMIT, "%s", freqs[i][0]);
    cr_assert_eq(d.count, 1);
    char want[256];
    snprintf(want, sizeof want,
             "the scenarios have %s scenario 's'); expected fewer than "
             "1000000 events a year on average",
             freqs[i][1]);
    cr_expect_str_eq(d.items[0].message, want);
    crq_diags_free(&d);
    crq_model_free(m);
  }
}

Test(robust_extreme, a_year_beyond_the_event_cap_names_scenario_and_year) {
  crq_model *m = load_file(EXTREME "event_cap_year.yaml");
  char first[512] = "";
  for (int threads = 1; threads <= 2; threads++) {
    crq_result *r = NULL;
    char msg[512];
    cr_expect_eq(robust_simulate(m, 100000, threads, &r, msg), CRQ_ERR_LIMIT);
    cr_expect_null(r);
    cr_expect_not_null(strstr(msg, "simulated year "), "%s", msg);
    cr_expect_not_null(strstr(msg, " events with scenario 'storm'"), "%s", msg);
    if (threads == 1)
      snprintf(first, sizeof first, "%s", msg);
    else
      cr_expect_str_eq(msg, first, "the first failing year in trial order");
  }
  crq_model_free(m);
}

Test(robust_extreme, ten_thousand_scenarios) {
  enum { N = 10000 };
  char *yaml = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&yaml, &len);
  fputs("crq_model: 1\nname: \"ten thousand scenarios\"\n"
        "organisation: {annual_revenue: 1e12}\nscenarios:\n",
        f);
  /* Scenario i: a 1-in-1000-year event of (i + 1) × 1000 yen. */
  for (int i = 0; i < N; i++)
    fprintf(f,
            "  - {id: s%d, frequency: {poisson: 0.001}, loss: {amount: "
            "%d}}\n",
            i, (i + 1) * 1000);
  fputs("simulation: {trials: 2000, seed: 4}\n", f);
  cr_assert_eq(fclose(f), 0);
  crq_model *m = robust_load(yaml);
  free(yaml);
  cr_assert_eq(crq_model_scenario_count(m), N);
  crq_result *r = robust_run(m, 0);
  cr_expect_eq(crq_result_max_loss(r, CRQ_BASELINE), N * 1000.0);
  cr_expect_eq(crq_result_worst_scenario(r, CRQ_BASELINE), N - 1);
  /* EAL = 0.001 × 1000 × Σ(i + 1) = N(N + 1)/2 */
  expect_near(crq_result_eal(r, CRQ_BASELINE), N * (N + 1) / 2.0, "EAL");
  double by_scenario = 0;
  for (size_t s = 0; s < N; s++)
    by_scenario += crq_result_scenario_eal(r, CRQ_BASELINE, s).value;
  cr_expect_float_eq(by_scenario, crq_result_eal(r, CRQ_BASELINE).value,
                     1e-9 * by_scenario, "scenario EALs add up");
  expect_finite_reports(m, r);
  crq_result_free(r);
  crq_model_free(m);
}

Test(robust_extreme, all_zero_probabilities_give_exact_zeros) {
  crq_model *m = load_file(EXTREME "all_zero.yaml");
  crq_result *r = robust_run(m, 0);
  for (int v = 0; v < 2; v++) {
    crq_estimate eal = crq_result_eal(r, (crq_variant)v);
    cr_expect(eal.value == 0 && eal.se == 0 && eal.lo == 0 && eal.hi == 0,
              "EAL %g (SE %g)", eal.value, eal.se);
    cr_expect_eq(crq_result_sd(r, (crq_variant)v, CRQ_AEP), 0);
    for (int b = 0; b < 2; b++) {
      cr_expect_eq(
          crq_result_quantile(r, (crq_variant)v, (crq_basis)b, 0.99).value, 0);
      cr_expect_eq(crq_result_tvar(r, (crq_variant)v, (crq_basis)b, 0.99).value,
                   0);
      cr_expect_eq(crq_result_max_simulated(r, (crq_variant)v, (crq_basis)b),
                   0);
      cr_expect_eq(
          crq_result_exceedance(r, (crq_variant)v, (crq_basis)b, 0).value, 0);
    }
    for (int c = 0; c < CRQ_CAT_COUNT; c++)
      cr_expect_eq(
          crq_result_category_eal(r, (crq_variant)v, (crq_category)c).value, 0);
    cr_expect_eq(crq_result_appetite(r, (crq_variant)v, 0, NULL, NULL),
                 CRQ_GREEN);
  }
  cr_expect_eq(crq_result_reduction_eal(r).value, 0);
  cr_expect_eq(crq_result_reduction_tvar(r, 0.99).value, 0);
  /* The deterministic worst case ignores frequencies: one event of
   * `never` (1e9); a fine and indirect losses of probability 0 are 0. */
  cr_expect_eq(crq_result_max_loss(r, CRQ_BASELINE), 1e9);
  cr_expect_eq(crq_result_worst_case(r, CRQ_BASELINE, 1, CRQ_CAT_FINE), 0);
  cr_expect_eq(crq_result_worst_case(r, CRQ_BASELINE, 1, CRQ_CAT_INDIRECT), 0);
  expect_finite_reports(m, r);
  crq_result_free(r);
  crq_model_free(m);
}

Test(robust_extreme, single_valued_distributions_give_exact_figures) {
  crq_model *m = load_file(EXTREME "degenerate.yaml");
  crq_result *r = robust_run(m, 0);
  for (int v = 0; v < 2; v++) {
    /* 3 events of 2e6 and one of 5e6, every year */
    cr_expect_eq(crq_result_eal(r, (crq_variant)v).value, 1.1e7);
    cr_expect_eq(crq_result_sd(r, (crq_variant)v, CRQ_AEP), 0);
    crq_estimate var = crq_result_quantile(r, (crq_variant)v, CRQ_AEP, 0.99);
    cr_expect(var.value == 1.1e7 && var.lo == 1.1e7 && var.hi == 1.1e7,
              "VaR %g [%g, %g]", var.value, var.lo, var.hi);
    cr_expect_eq(crq_result_tvar(r, (crq_variant)v, CRQ_AEP, 0.99).value,
                 1.1e7);
    cr_expect_eq(crq_result_quantile(r, (crq_variant)v, CRQ_OEP, 0.5).value,
                 5e6);
    cr_expect_eq(crq_result_max_loss(r, (crq_variant)v), 5e6);
  }
  cr_expect_eq(crq_result_reduction_eal(r).value, 0);
  expect_finite_reports(m, r);
  crq_result_free(r);
  crq_model_free(m);
}

/* Distributions whose support is one point where the format asks for an
 * interval are refused by the loader, naming the input and what was
 * expected. */
Test(robust_extreme, min_equal_to_max_is_refused_with_the_reason) {
  static const char *const cases[][2] = {
      {"{uniform: {min: 5, max: 5}}",
       "max 5 is not above min 5; expected min < max (for a value known "
       "exactly, write the number alone: 5)"},
      {"{triangular: {min: 5, mode: 5, max: 5}}", "expected min < max"},
      {"{pert: {min: 5, mode: 5, max: 5}}", "expected min < max"},
      {"{beta: {alpha: 2, beta: 2, min: 5, max: 5}}", "expected min < max"},
      {"{normal: {mean: 5, sd: 0}}", "normal.sd: 0 is out of range"},
      {"{lognormal: {mu: 1, sigma: 0}}", "lognormal.sigma: 0 is out of range"},
      {"{lognormal: {p05: 5, p95: 5}}", "expected p05 < p95"},
      {"{lognormal: {mean: 5, sd: 0}}", "lognormal.sd: 0 is out of range"},
      {"{gamma: {shape: 1, scale: 0}}", "gamma.scale: 0 is out of range"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *yaml = NULL;
    cr_assert(asprintf(&yaml,
                       "crq_model: 1\nname: degenerate\n"
                       "organisation: {annual_revenue: 1e10}\n"
                       "scenarios:\n"
                       "  - id: s\n"
                       "    frequency: {poisson: 1}\n"
                       "    loss:\n"
                       "      amount: %s\n",
                       cases[i][0]) > 0);
    crq_diags d;
    crq_diags_init(&d);
    crq_model *m = NULL;
    cr_expect_eq(crq_model_load_buffer(yaml, strlen(yaml), "m.yaml", &d, &m),
                 CRQ_ERR_INPUT, "%s", cases[i][0]);
    cr_expect_null(m);
    cr_assert_geq(d.count, 1, "%s", cases[i][0]);
    cr_expect_eq(d.items[0].line, 8, "%s: reported at the value", cases[i][0]);
    cr_expect_not_null(strstr(d.items[0].message, "loss.amount."), "%s",
                       d.items[0].message);
    cr_expect_not_null(strstr(d.items[0].message, cases[i][1]), "%s: %s",
                       cases[i][0], d.items[0].message);
    crq_diags_free(&d);
    free(yaml);
  }
}

Test(robust_extreme, one_trial_gives_finite_reports) {
  crq_model *m = load_file("examples/jcic_manufacturer.yaml");
  crq_result *r = robust_run(m, 1);
  cr_expect_eq(crq_result_trials(r), 1);
  expect_finite_reports(m, r);
  crq_result_free(r);
  crq_model_free(m);
}

Test(robust_extreme, trial_counts_beyond_the_limits_are_refused) {
  crq_model *m = load_file("examples/jcic_manufacturer.yaml");
  crq_result *r = NULL;
  char msg[512];
  cr_expect_eq(robust_simulate(m, (uint64_t)UINT32_MAX + 1, 2, &r, msg),
               CRQ_ERR_LIMIT);
  cr_expect_null(r);
  cr_expect_str_eq(msg, "cannot simulate 4294967296 trials; expected 1 to "
                        "4294967295");
  crq_model_free(m);
  /* The model file's limit is the same (docs/model-format.md). */
  crq_diags d;
  crq_diags_init(&d);
  const char *set = "simulation.trials=4294967296";
  cr_expect_eq(crq_model_load_file_set("examples/jcic_manufacturer.yaml", &set,
                                       1, &d, &m),
               CRQ_ERR_INPUT);
  cr_assert_geq(d.count, 1);
  cr_expect_not_null(
      strstr(d.items[0].message, "expected a whole number in [1, 4294967295]"),
      "%s", d.items[0].message);
  crq_diags_free(&d);
}

Test(robust_extreme, a_year_that_overflows_is_a_numeric_error) {
  crq_model *m = load_file(EXTREME "overflow_year.yaml");
  crq_result *r = NULL;
  char msg[512];
  cr_expect_eq(robust_simulate(m, 100, 2, &r, msg), CRQ_ERR_NUMERIC);
  cr_expect_null(r);
  cr_expect_not_null(strstr(msg, "expected a finite amount"), "%s", msg);
  crq_model_free(m);
}

/* Each year is finite, but sums over the years overflow: the statistics
 * must not report inf, or a standard deviation of 0, as a figure; building
 * the result checks every merged sum (engine/stats/build.c) and refuses
 * with CRQ_ERR_NUMERIC. */
static void expect_overflow_refused(const char *file) {
  crq_model *m = load_file(file);
  crq_result *r = NULL;
  char msg[512];
  crq_status st = robust_simulate(m, 1000, 2, &r, msg);
  cr_expect_eq(st, CRQ_ERR_NUMERIC, "%s: status %d, EAL %g, SD %g", file, st,
               r ? crq_result_eal(r, CRQ_BASELINE).value : 0,
               r ? crq_result_sd(r, CRQ_BASELINE, CRQ_AEP) : 0);
  cr_expect_neq(msg[0], '\0', "a message says what overflowed");
  crq_result_free(r);
  crq_model_free(m);
}

Test(robust_extreme, sum_over_the_years_overflowing_is_a_numeric_error) {
  expect_overflow_refused(EXTREME "overflow_trials.yaml");
}

Test(robust_extreme, sum_of_squares_overflowing_is_a_numeric_error) {
  expect_overflow_refused(EXTREME "overflow_squares.yaml");
}

/* Writes an analysis in every what-if format and checks it is finite. */
typedef crq_status (*whatif_writer)(const void *a,
                                    const crq_report_options *opts, FILE *out,
                                    crq_diags *diags);

static void expect_finite_whatif(const void *a, whatif_writer write,
                                 const char *what) {
  static const char *const formats[] = {"text", "json", "csv", "html"};
  for (size_t f = 0; f < 4; f++) {
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    crq_report_options o;
    crq_report_options_init(&o);
    o.format = formats[f];
    o.lang = f % 2 ? "ja" : "en";
    o.now = 1790000000;
    crq_diags d;
    crq_diags_init(&d);
    crq_status st = write(a, &o, out, &d);
    cr_assert_eq(fclose(out), 0);
    cr_expect_eq(st, CRQ_OK, "%s %s: %s", what, formats[f],
                 d.count ? d.items[0].message : "");
    char label[128];
    snprintf(label, sizeof label, "%s (%s)", what, formats[f]);
    robust_expect_finite(buf, label);
    crq_diags_free(&d);
    free(buf);
  }
}

static crq_status write_compare(const void *a, const crq_report_options *o,
                                FILE *f, crq_diags *d) {
  return crq_compare_write(a, o, f, d);
}
static crq_status write_sweep(const void *a, const crq_report_options *o,
                              FILE *f, crq_diags *d) {
  return crq_sweep_write(a, o, f, d);
}
static crq_status write_sensitivity(const void *a, const crq_report_options *o,
                                    FILE *f, crq_diags *d) {
  return crq_sensitivity_write(a, o, f, d);
}
static crq_status write_optimize(const void *a, const crq_report_options *o,
                                 FILE *f, crq_diags *d) {
  return crq_optimize_write(a, o, f, d);
}

/* compare (the model with itself), a sweep of its KPI, sensitivity and
 * optimize of every extreme model: no NaN or infinity in any format (all
 * zero: no 0/0 in differences, swings or reductions). */
Test(robust_extreme, whatif_reports_of_extreme_models_are_finite,
     .timeout = 120) {
  static const char *const cases[][2] = {
      {EXTREME "all_zero.yaml", "kpis.patching.actual"},
      {EXTREME "degenerate.yaml", "kpis.k.actual"},
      {EXTREME "amounts_1e18.yaml", "kpis.cover.actual"}};
  for (size_t i = 0; i < 3; i++) {
    crq_diags d;
    crq_diags_init(&d);
    crq_model_source *src = NULL;
    cr_assert_eq(crq_model_source_load(cases[i][0], NULL, 0, &d, &src), CRQ_OK);
    const crq_model *m = crq_model_source_model(src);
    crq_whatif_options w;
    crq_whatif_options_init(&w);
    w.sim.trials = 500;
    const crq_model *pair[] = {m, m};
    crq_compare *c = NULL;
    cr_assert_eq(crq_compare_run(pair, NULL, 2, &w, &c, &d), CRQ_OK);
    expect_finite_whatif(c, write_compare, cases[i][0]);
    crq_compare_free(c);
    crq_sweep_axis axis = {cases[i][1], 0, 1, 3};
    crq_sweep *s = NULL;
    cr_assert_eq(crq_sweep_run(src, &axis, 1, &w, &s, &d), CRQ_OK, "%s",
                 d.count ? d.items[0].message : "");
    expect_finite_whatif(s, write_sweep, cases[i][0]);
    crq_sweep_free(s);
    crq_sensitivity_options so;
    crq_sensitivity_options_init(&so);
    so.run = w;
    crq_sensitivity *se = NULL;
    cr_assert_eq(crq_sensitivity_run(src, &so, &se, &d), CRQ_OK, "%s",
                 d.count ? d.items[0].message : "");
    expect_finite_whatif(se, write_sensitivity, cases[i][0]);
    crq_sensitivity_free(se);
    crq_optimize_options oo;
    crq_optimize_options_init(&oo);
    oo.sim = w.sim;
    oo.budget = 1e20;
    oo.objective = CRQ_FIG_EAL;
    crq_optimize *op = NULL;
    cr_assert_eq(crq_optimize_run(m, &oo, &op, &d), CRQ_OK, "%s",
                 d.count ? d.items[0].message : "");
    expect_finite_whatif(op, write_optimize, cases[i][0]);
    crq_optimize_free(op);
    crq_model_source_free(src);
    crq_diags_free(&d);
  }
}
