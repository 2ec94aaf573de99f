/* tests/unit/test_kpi_cli.c — `crq kpi list` (filters, languages, mistakes)
 * and the analysis sections of `crq run` (attribution, roadmap, ROSI in the
 * JSON and text reports; --as-of, --roadmap-step, --amortise,
 * --no-analysis), running the crq binary as a child process. */
#include <jansson.h>
#include <math.h>

#include "test_cli_util.h"

#define PARTIAL "examples/jcic_partial.yaml"

Test(kpi_cli, list_in_english) {
  cli_run r = cli_exec((const char *[]){"kpi", "list", "--lang", "en", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_not_null(strstr(r.out, "direction"));
  cr_assert_not_null(strstr(r.out, "Personal data anonymised or not retained"));
  cr_assert_not_null(strstr(r.out, "1.11.1"));
  cli_run_free(&r);
}

Test(kpi_cli, filters_by_stage_and_type) {
  cli_run r = cli_exec((const char *[]){"kpi", "list", "--stage", "initial",
                                        "--lang", "ja", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_not_null(strstr(r.out, "ハードウェア資産棚卸進捗率")); /* 1.1.1 */
  cr_assert_null(strstr(r.out, "1.1.4")); /* improving */
  cli_run_free(&r);
  r = cli_exec((const char *[]){"kpi", "list", "--type", "training", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_not_null(strstr(r.out, "1.10.2"));
  cr_assert_null(strstr(r.out, "1.2.2"));
  cli_run_free(&r);
}

Test(kpi_cli, mistakes_exit_2) {
  cli_run r =
      cli_exec((const char *[]){"kpi", "list", "--type", "trainig", NULL});
  cr_assert_eq(r.code, 2);
  cr_assert_not_null(strstr(r.err, "did you mean 'training'?"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"kpi", "lst", NULL});
  cr_assert_eq(r.code, 2);
  cr_assert_not_null(strstr(r.err, "expected list"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"kpi", "--help", NULL});
  cr_assert_eq(r.code, 0);
  cr_assert_not_null(strstr(r.out, "--stage"));
  cli_run_free(&r);
}

static json_t *run_json(const char *model, const char *const *extra) {
  const char *args[32] = {"run",     model,      "--trials",
                          "20000",   "--format", "json",
                          "--quiet", "--as-of",  "2026-11-30"};
  size_t n = 9;
  for (; extra && *extra; extra++)
    args[n++] = *extra;
  args[n] = NULL;
  cli_run r = cli_exec(args);
  cr_assert_eq(r.code, 0, "%s", r.err);
  json_error_t e;
  json_t *j = json_loads(r.out, 0, &e);
  cr_assert_not_null(j, "line %d: %s", e.line, e.text);
  cli_run_free(&r);
  return j;
}

static double num(json_t *o, const char *key) {
  return json_number_value(json_object_get(o, key));
}

Test(kpi_cli, run_reports_attribution_roadmap_and_rosi) {
  json_t *j = run_json(JCIC, NULL);
  json_t *a = json_object_get(j, "analysis");
  cr_assert(json_is_object(a));
  json_t *ms = json_object_get(a, "measures");
  cr_assert_eq(json_array_size(ms), 4);
  double cuts[] = {4000002000.0, 4e8, 4e7, 0};
  for (size_t i = 0; i < 4; i++) {
    json_t *phi = json_object_get(json_array_get(ms, i), "shapley");
    cr_assert_float_eq(num(phi, "max_loss"), cuts[i], 1e-3, "measure %zu", i);
  }
  json_t *fall = json_object_get(a, "waterfall");
  cr_assert_eq(json_array_size(fall), 5);
  cr_assert(json_is_null(json_object_get(json_array_get(fall, 0), "after")));
  cr_assert_float_eq(num(json_array_get(fall, 4), "max_loss"), 9660002000.0,
                     1e-3);
  json_t *road = json_object_get(a, "roadmap");
  cr_assert_str_eq(json_string_value(json_object_get(road, "as_of")),
                   "2026-11-30");
  /* 2026-04-01 to 2027-03-31: 12 month starts and the last due date. */
  json_t *points = json_object_get(road, "points");
  cr_assert_eq(json_array_size(points), 13);
  json_t *rosi = json_object_get(a, "rosi");
  cr_assert_eq(num(rosi, "amortisation_years"), 3);
  json_t *all = json_object_get(rosi, "all");
  cr_assert_float_eq(num(all, "annualised_cost"), 8e7 + 3.4e8 / 3, 1e-3);
  cr_assert_str_eq(json_string_value(json_array_get(
                       json_object_get(rosi, "appetite_before"), 0)),
                   "red");
  cr_assert_str_eq(
      json_string_value(json_array_get(json_object_get(all, "appetite"), 0)),
      "green");
  json_decref(j);
}

Test(kpi_cli, run_options) {
  json_t *j = run_json(PARTIAL, (const char *[]){"--roadmap-step", "quarter",
                                                 "--amortise", "5", NULL});
  json_t *a = json_object_get(j, "analysis");
  json_t *points = json_object_get(json_object_get(a, "roadmap"), "points");
  /* 04-01, 07-01, 10-01, 2027-01-01, 2027-03-31 */
  cr_assert_eq(json_array_size(points), 5);
  json_t *p = json_array_get(points, 3);
  cr_assert_str_eq(json_string_value(json_object_get(p, "date")), "2027-01-01");
  cr_assert(json_is_false(json_object_get(p, "past")));
  /* Behind plan: the achieved maximum loss is higher by the slippage. */
  json_t *slip = json_object_get(p, "slippage");
  double planned = num(json_object_get(p, "planned"), "max_loss");
  double achieved = num(json_object_get(p, "achieved"), "max_loss");
  cr_assert_gt(num(slip, "max_loss"), 0);
  cr_assert_float_eq(num(slip, "max_loss"), achieved - planned, 1e-3);
  json_t *rosi = json_object_get(a, "rosi");
  cr_assert_eq(num(rosi, "amortisation_years"), 5);
  json_decref(j);

  j = run_json(JCIC, (const char *[]){"--no-analysis", NULL});
  cr_assert(json_is_null(json_object_get(j, "analysis")));
  json_decref(j);
}

/* --precision with the analysis (the run stops at its target's size) and
 * a warning, exit 0, when --trials stops it short of the target. */
Test(kpi_cli, run_precision) {
  cli_run r = cli_exec((const char *[]){"run", JCIC, "--precision", "20%",
                                        "--quiet", "--format", "json", "--out",
                                        "/dev/null", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_not_null(strstr(r.err, "131072 years simulated"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"run", JCIC, "--precision", "0.1%", "-n",
                                "20000", "--no-analysis", "--quiet", "--out",
                                "/dev/null", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_not_null(strstr(r.err, "warning: the precision of 0.1% was not "
                                   "reached"),
                     "%s", r.err);
  cli_run_free(&r);
}

Test(kpi_cli, run_option_mistakes) {
  cli_run r = cli_exec(
      (const char *[]){"run", JCIC, "--as-of", "2026-13-01", "--quiet", NULL});
  cr_assert_eq(r.code, 2);
  /* the CLI's refusal of the option, before it simulates anything */
  cr_assert_not_null(strstr(r.err, "--as-of: expected a calendar date"), "%s",
                     r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"run", JCIC, "--as-of", "2026-02-30",
                                "--no-analysis", "--quiet", NULL});
  cr_assert_eq(r.code, 2, "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"run", JCIC, "--roadmap-step", "week", NULL});
  cr_assert_eq(r.code, 2);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"run", JCIC, "--amortise", "0", NULL});
  cr_assert_eq(r.code, 2);
  cli_run_free(&r);
}

Test(kpi_cli, text_report_sections) {
  cli_run r =
      cli_exec((const char *[]){"run", PARTIAL, "--trials", "20000", "--quiet",
                                "--lang", "en", "--as-of", "2026-11-30", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_not_null(strstr(r.out, "What each measure buys"));
  cr_assert_not_null(strstr(r.out, "Waterfall"));
  cr_assert_not_null(strstr(r.out, "As of 2026-11-30"));
  cr_assert_not_null(strstr(r.out, "Return on security investment"));
  cr_assert_not_null(strstr(r.out, "-¥2.4B")); /* anonymisation at 60% */
  cli_run_free(&r);
}

/* Eleven measures: the report is written without the analysis, with a
 * note saying why. */
Test(kpi_cli, too_many_measures_skip_the_analysis) {
  char *dir = cli_tmpdir();
  char *yaml = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&yaml, &len);
  fputs("crq_model: 1\nname: many\norganisation: {annual_revenue: 1e9}\n"
        "scenarios:\n  - id: s\n    frequency: {poisson: 0.5}\n"
        "    loss: {amount: 1000}\nmeasures:\n",
        f);
  for (int i = 0; i < 11; i++)
    fprintf(f,
            "  - id: m%d\n    effects:\n      - target: scenarios.s.loss.amount"
            "\n        scale: 0.9\n",
            i);
  fclose(f);
  char *path = cli_write_file(dir, "many.yaml", yaml);
  cli_run r = cli_exec((const char *[]){"run", path, "--trials", "1000",
                                        "--format", "json", "--quiet", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_assert_not_null(strstr(r.err, "note: no attribution, roadmap or ROSI"),
                     "%s", r.err);
  cr_assert_not_null(strstr(r.err, "at most 10 measures"), "%s", r.err);
  cr_assert_not_null(strstr(r.out, "\"analysis\": null"));
  cli_run_free(&r);
  free(path);
  free(yaml);
  cli_rmtree(dir);
}
