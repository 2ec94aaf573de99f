/* tests/unit/test_whatif_cli.c — the what-if commands as a user meets
 * them: --set on show, validate and run; compare, sweep, sensitivity and
 * optimize in each format; mistakes exit 2 naming the argument with a
 * suggestion. The binary runs as a child process. */
#include <jansson.h>

#include "test_cli_util.h"

#define STOPPAGE "scenarios.member_db_breach.business_stoppage.downtime_days"

static json_t *parse(const char *text) {
  json_error_t e;
  json_t *j = json_loads(text, 0, &e);
  cr_assert_not_null(j, "invalid JSON: %s", e.text);
  return j;
}

Test(whatif_cli, set_reaches_show_validate_and_run) {
  cli_run r =
      cli_exec((const char *[]){"show", JCIC, "--set", STOPPAGE "=10", "--set",
                                "organisation.annual_revenue=1200億", NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect_not_null(strstr(r.out, "downtime_days: 10  #"), "%s", r.out);
  cr_expect_not_null(strstr(r.out, "annual_revenue: 120000000000\n"));
  cli_run_free(&r);
  r = cli_exec((const char *[]){"validate", JCIC, "--set",
                                "simulation.trials=1e6", NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"run", JCIC, "--no-analysis", "-q", "-n",
                                "1000", "--format", "json", "--set",
                                "kpis.anonymisation.actual=0", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  json_t *j = parse(r.out);
  double after = json_real_value(json_object_get(
      json_object_get(json_object_get(j, "max_loss"), "measures"), "total"));
  cr_expect_float_eq(after, 136.6e8, 1e7, /* 141億 − 4億 − 0.4億 */
                     "no anonymisation: %g", after);
  json_decref(j);
  cli_run_free(&r);
}

Test(whatif_cli, unknown_paths_exit_2_with_a_suggestion) {
  cli_run r = cli_exec(
      (const char *[]){"validate", JCIC, "--set",
                       "scenarios.member_db_breach.frequncy.rate=0.3", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(
      strstr(r.err,
             JCIC ": --set scenarios.member_db_breach.frequncy.rate=0.3: "
                  "unknown key 'frequncy'"),
      "%s", r.err);
  cr_expect_not_null(strstr(r.err, "did you mean 'frequency'?"), "%s", r.err);
  cli_run_free(&r);
  /* of several models, the one the assignment does not fit is named */
  r = cli_exec((const char *[]){"validate", JCIC, "examples/hospital.yaml",
                                "--set", "kpis.anonymisation.actual=50", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "examples/hospital.yaml: --set "
                                   "kpis.anonymisation.actual=50: no item"),
                     "%s", r.err);
  cr_expect_null(strstr(r.err, JCIC ": --set"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){
      "sweep", JCIC, "--vary", "kpis.anonymsation.actual=0:100:3", "-q", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "did you mean 'anonymisation'?"), "%s",
                     r.err);
  cr_expect_not_null(strstr(r.err, JCIC ": --vary kpis.anonymsation"), "%s",
                     r.err);
  cli_run_free(&r);
  /* compare's --with names the option the user gave, and the model */
  r = cli_exec((const char *[]){"compare", JCIC, "--with",
                                "kpis.anonymsation.actual=50", "-q", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(
      strstr(r.err, JCIC ": --with kpis.anonymsation.actual=50: no item"), "%s",
      r.err);
  cr_expect_null(strstr(r.err, "--set"), "%s", r.err);
  cli_run_free(&r);
}

/* --set on an input the command varies itself: the command's value wins
 * (each point's, each axis value), as before --set refused repeats. */
Test(whatif_cli, variants_may_reassign_what_set_assigned) {
  static const char *const cmds[][12] = {
      {"sensitivity", "examples/hospital.yaml", "-n", "2000", "-q", "--set",
       "scenarios.lost_media.frequency.rate=0.4", NULL},
      {"sweep", JCIC, "-n", "2000", "-q", "--set",
       "organisation.annual_revenue=800億", "--vary",
       "organisation.annual_revenue=500億:1500億:2", NULL},
  };
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
    cli_run r = cli_exec(cmds[i]);
    cr_expect_eq(r.code, 0, "%s: %s", cmds[i][0], r.err);
    cli_run_free(&r);
  }
}

Test(whatif_cli, compare_with_itself_in_json) {
  cli_run r = cli_exec((const char *[]){"compare", JCIC, JCIC, "-n", "5000",
                                        "--format", "json", "-q", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  json_t *j = parse(r.out);
  cr_expect_str_eq(json_string_value(json_object_get(j, "schema")),
                   "crq-whatif/1");
  json_t *second = json_array_get(json_object_get(j, "models"), 1);
  json_t *diff = json_object_get(second, "difference");
  const char *key;
  json_t *v;
  json_object_foreach(diff, key, v) {
    cr_expect_eq(json_real_value(json_object_get(v, "value")), 0.0, "%s", key);
    cr_expect_eq(json_real_value(json_object_get(v, "se")), 0.0, "%s", key);
  }
  json_decref(j);
  cli_run_free(&r);
}

/* run and compare word the risk-appetite table and its verdicts alike. */
Test(whatif_cli, run_and_compare_word_verdicts_alike) {
  const char *cmds[] = {"run", "compare"}, *langs[] = {"en", "ja"};
  const char *title[] = {"Risk appetite", "リスク許容度"};
  const char *word[] = {"GREEN", "緑"};
  for (int i = 0; i < 2; i++)
    for (int l = 0; l < 2; l++) {
      cli_run r = cli_exec((const char *[]){cmds[i], JCIC, "-n", "2000", "-q",
                                            "--lang", langs[l], NULL});
      cr_assert_eq(r.code, 0, "%s", r.err);
      cr_expect_not_null(strstr(r.out, title[l]), "%s %s", cmds[i], langs[l]);
      cr_expect_not_null(strstr(r.out, word[l]), "%s %s", cmds[i], langs[l]);
      cr_expect_null(strstr(r.out, "リスク選好"), "%s", cmds[i]);
      cli_run_free(&r);
    }
}

Test(whatif_cli, compare_variants_with_with) {
  cli_run r = cli_exec((const char *[]){
      "compare", JCIC, "--with", "kpis.anonymisation.actual=50", "--with",
      "kpis.anonymisation.actual=0;kpis.exercises.actual=0", "-n", "5000", "-q",
      NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_expect_not_null(strstr(r.out, "kpis.anonymisation.actual=50"), "%s",
                     r.out);
  cr_expect_not_null(strstr(r.out, "Difference to " JCIC), "%s", r.out);
  cr_expect_not_null(strstr(r.out, "+¥2B"), "%s", r.out);
  cli_run_free(&r);
}

Test(whatif_cli, sweep_csv_has_a_row_per_point_and_figure) {
  cli_run r = cli_exec(
      (const char *[]){"sweep", JCIC, "--vary", STOPPAGE "=1:10:4", "--vary",
                       "organisation.annual_revenue=500億:1500億:3", "-n",
                       "2000", "--format", "csv", "--baseline", "-q", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  size_t lines = 0;
  for (const char *p = r.out; (p = strchr(p, '\n')); p++)
    lines++;
  cr_expect_eq(lines, 1 + 4 * 3 * 4, "%s", r.out);
  cr_expect(strncmp(r.out, "table,item,x,y,figure,value,se,ci_low,ci_high\r\n",
                    47) == 0);
  cr_expect_not_null(strstr(r.out, "sweep,,10,150000000000,max_loss,"));
  cli_run_free(&r);
  /* the text report's amounts on an axis: grouped digits, never 5e+10 */
  r = cli_exec((const char *[]){"sweep", JCIC, "--vary",
                                "organisation.annual_revenue=500億:1500億:3",
                                "-n", "2000", "--lang", "en", "-q", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  cr_expect_not_null(strstr(r.out, "from 50,000,000,000 to 150,000,000,000"),
                     "%s", r.out);
  cr_expect_null(strstr(r.out, "e+"), "%s", r.out);
  cli_run_free(&r);
}

Test(whatif_cli, sensitivity_and_optimize_write_html) {
  char *dir = cli_tmpdir(), *out = NULL;
  cr_assert(asprintf(&out, "%s/t.html", dir) > 0);
  cli_run r = cli_exec((const char *[]){"sensitivity", JCIC, "-n", "2000",
                                        "--format", "html", "--out", out,
                                        "--swing", "20%,p05p95", "-q", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  char *html = cli_slurp(out);
  cr_expect_not_null(strstr(html, "<svg class=\"chart-tornado\""));
  cr_expect_not_null(strstr(html, "±20%"), "the swing is reported");
  free(html);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"optimize", JCIC, "--budget", "3億",
                                "--objective", "max", "--format", "html",
                                "--out", out, "-q", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  html = cli_slurp(out);
  cr_expect_not_null(strstr(html, "<svg class=\"chart-frontier\""));
  free(html);
  cli_run_free(&r);
  free(out);
  cli_rmtree(dir);
}

/* A message at a line of the file names the change it arose under: the
 * --set of any command, the --with variant, the sweep point. */
Test(whatif_cli, messages_at_the_file_name_the_change) {
  static const char *const rate = "scenarios.member_db_breach.frequency";
  char set[96], vary[96];
  snprintf(set, sizeof set, "%s={poisson: 5e6}", rate);
  snprintf(vary, sizeof vary, "%s.rate=0:5e6:3", rate);
  const char *const cases[][10] = {
      {"validate", JCIC, "--set", set, NULL},
      {"run", JCIC, "-n", "10", "--set", set, NULL},
      {"validate", JCIC, "--set", "organisation.business_days=3", NULL},
      {"compare", JCIC, "-n", "10", "--with", set, NULL},
      {"sweep", JCIC, "-n", "10", "--vary", vary, NULL},
      {"sensitivity", JCIC, "-n", "10", "--set", set, NULL},
  };
  const char *const notes[] = {
      "events a year on average (with --set "
      "scenarios.member_db_breach.frequency={poisson: 5e6})\n",
      "events a year on average (with --set "
      "scenarios.member_db_breach.frequency={poisson: 5e6})\n",
      "expected at most 3 (with --set organisation.business_days=3)\n",
      "events a year on average (in the compared model "
      "'scenarios.member_db_breach.frequency={poisson: 5e6}')\n",
      "events a year on average (at the sweep point "
      "scenarios.member_db_breach.frequency.rate=2500000)\n",
      "events a year on average (with --set "
      "scenarios.member_db_breach.frequency={poisson: 5e6})\n",
  };
  for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
    cli_run r = cli_exec(cases[i]);
    cr_expect_eq(r.code, 2, "case %zu: %s", i, r.err);
    cr_expect_not_null(strstr(r.err, notes[i]), "case %zu: %s", i, r.err);
    cli_run_free(&r);
  }
}

/* --with splits at ';' outside quotes and refuses empty assignments,
 * which would add a variant equal to the model without saying so. */
Test(whatif_cli, with_refuses_empty_assignments_and_keeps_quotes) {
  const char *const empty[] = {"", " ", "simulation.seed=4;;",
                               "simulation.seed=4;"};
  for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
    cli_run r = cli_exec((const char *[]){"compare", JCIC, "-n", "10", "--with",
                                          empty[i], NULL});
    cr_expect_eq(r.code, 2, "'%s': %s", empty[i], r.err);
    cr_expect_not_null(strstr(r.err, "holds an empty assignment"), "%s", r.err);
    cli_run_free(&r);
  }
  cli_run r = cli_exec((const char *[]){
      "compare", JCIC, "-n", "10", "--with",
      "organisation.annual_revenue=\"1;2\"; simulation.seed=4", NULL});
  cr_expect_eq(r.code, 2, "%s", r.err);
  cr_expect_not_null(strstr(r.err, "annual_revenue: \"1;2\" is not an amount"),
                     "%s", r.err);
  cli_run_free(&r);
  /* a variant's own trials or seed would be ignored: the user is told;
   * an apostrophe inside a value opens no quote, so the split still
   * reaches the seed, and escaped quotes stay inside their value */
  const char *const seeds[] = {"simulation.seed=4",
                               "name=O'Brien; simulation.seed=4",
                               "name=\"a\\\";b\"; simulation.seed=4",
                               "name='it''s;x'; simulation.seed=4"};
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
    r = cli_exec((const char *[]){"compare", JCIC, "-n", "10", "-q", "--with",
                                  seeds[i], NULL});
    cr_expect_eq(r.code, 0, "%s: %s", seeds[i], r.err);
    cr_expect_not_null(strstr(r.err, "warning: --with simulation.seed=4 "
                                     "changes nothing"),
                       "%s: %s", seeds[i], r.err);
    cli_run_free(&r);
  }
}

Test(whatif_cli, option_mistakes_exit_2) {
  const char *const cases[][8] = {
      {"sweep", JCIC, NULL},
      {"sweep", JCIC, "--vary", "x=1:2", NULL},
      {"sweep", JCIC, "--vary", "organisation.annual_revenue=lots:1億:3", NULL},
      {"sensitivity", JCIC, "--swing", "150%", NULL},
      {"sensitivity", JCIC, "--swing", "10%,20%", NULL}, /* which one? */
      {"sensitivity", JCIC, "--swing", "10%", "--swing", "20%", NULL},
      {"sensitivity", JCIC, "--swing", "10%,", NULL},
      {"optimize", JCIC, NULL},
      {"optimize", JCIC, "--budget", "lots", NULL},
      {"optimize", JCIC, "--budget", "1億", "--objective", "var95", NULL},
      {"compare", JCIC, "--format", "xlsx", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cli_run r = cli_exec(cases[i]);
    cr_expect_eq(r.code, 2, "case %zu: %s", i, r.err);
    char who[32]; /* like every other bad option value */
    snprintf(who, sizeof who, "crq %s: ", cases[i][0]);
    cr_expect_eq(strncmp(r.err, who, strlen(who)), 0, "case %zu: %s", i, r.err);
    cli_run_free(&r);
  }
}
