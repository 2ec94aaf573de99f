/* tests/unit/test_cli.c — the crq command line as a user meets it: help
 * and version, usage mistakes (exit 2 with the closest valid word), model
 * files that are missing or invalid (exit 2 naming file:line:col),
 * validate, show and import. The binary runs as a child process. */
#include "test_cli_util.h"

Test(cli, version_and_help_exit_zero) {
  cli_run r = cli_exec((const char *[]){"--version", NULL});
  cr_expect_eq(r.code, 0);
  cr_expect(strncmp(r.out, "crq ", 4) == 0, "%s", r.out);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"--help", NULL});
  cr_expect_eq(r.code, 0);
  for (size_t i = 0; i < 5; i++) {
    const char *cmd[] = {"run", "validate", "show", "import", "help"};
    cr_expect_not_null(strstr(r.out, cmd[i]), "--help lists %s", cmd[i]);
  }
  cr_expect_not_null(strstr(r.out, "docs/cli.md"));
  cli_run_free(&r);
}

Test(cli, every_command_has_a_teaching_help) {
  const char *cmds[] = {"run", "validate", "show", "import", "help"};
  for (size_t i = 0; i < 5; i++) {
    cli_run a = cli_exec((const char *[]){cmds[i], "--help", NULL});
    cli_run b = cli_exec((const char *[]){"help", cmds[i], NULL});
    cr_expect_eq(a.code, 0, "%s --help", cmds[i]);
    cr_expect_eq(b.code, 0, "help %s", cmds[i]);
    cr_expect_str_eq(a.out, b.out, "'%s --help' and 'help %s' agree", cmds[i],
                     cmds[i]);
    cr_expect_not_null(strstr(a.out, "Usage: crq "), "%s", cmds[i]);
    cr_expect_not_null(strstr(a.out, "Examples:"), "%s", cmds[i]);
    cr_expect_not_null(strstr(a.out, "docs/cli.md"), "%s", cmds[i]);
    cli_run_free(&a);
    cli_run_free(&b);
  }
  cli_run r = cli_exec((const char *[]){"run", "--help", NULL});
  const char *opts[] = {"--trials", "--seed", "--threads", "--format",
                        "--out",    "--lang", "--quiet"};
  for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
    cr_expect_not_null(strstr(r.out, opts[i]), "run --help shows %s", opts[i]);
  cr_expect_not_null(strstr(r.out, "default"));
  cli_run_free(&r);
}

Test(cli, no_arguments_is_a_usage_error) {
  cli_run r = cli_exec((const char *[]){NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "Usage: crq COMMAND"));
  cli_run_free(&r);
}

Test(cli, unknown_command_suggests_the_closest) {
  cli_run r = cli_exec((const char *[]){"rnu", JCIC, NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "unknown command 'rnu'"), "%s", r.err);
  cr_expect_not_null(strstr(r.err, "did you mean 'run'"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"--verison", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "--version"), "%s", r.err);
  cli_run_free(&r);
}

Test(cli, unknown_option_suggests_the_closest) {
  cli_run r = cli_exec((const char *[]){"run", JCIC, "--trails", "5", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "unknown option '--trails'"), "%s", r.err);
  cr_expect_not_null(strstr(r.err, "did you mean '--trials'"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"run", JCIC, "--form=json", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "'--format'"), "%s", r.err);
  cli_run_free(&r);
  /* a command without options lists none */
  r = cli_exec((const char *[]){"help", "run", "-x", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "unknown option '-x'; expected --help"),
                     "%s", r.err);
  cli_run_free(&r);
  /* nothing close: every valid option is listed */
  r = cli_exec((const char *[]){"run", JCIC, "--xyzzyx", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "--threads"), "%s", r.err);
  cli_run_free(&r);
}

Test(cli, bad_option_values_say_what_was_expected) {
  static const char *const cases[][3] = {
      {"--trials", "abc", "expected a whole number"},
      {"--trials", "0",
       "0 is out of range; expected a whole number from 1 to "
       "4294967295"},
      {"--trials", "1.5", "expected a whole number from 1 to 4294967295"},
      {"--trials", "1e-3", "expected a whole number from 1 to 4294967295"},
      {"--trials", "1e30",
       "1e30 is out of range; expected a whole number "
       "from 1 to 4294967295"},
      {"--trials", "4294967296", "is out of range"},
      {"--trials", "2e", "expected a whole number from 1 to 4294967295"},
      {"--trials", "1.25e1", "expected a whole number from 1 to 4294967295"},
      {"--trials", "1.00000000000000001e4", "expected a whole number from 1"},
      {"--seed", "-3", "expected a whole number"},
      {"--seed", "1.8446744073709551616e19",
       "is out of range; expected a whole number from 0 to "
       "18446744073709551615"},
      {"--threads", "2x", "expected a whole number"},
      {"--format", "xml", "expected text or json"},
      {"--lang", "fr", "expected ja or en"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cli_run r =
        cli_exec((const char *[]){"run", JCIC, cases[i][0], cases[i][1], NULL});
    cr_expect_eq(r.code, 2, "%s %s", cases[i][0], cases[i][1]);
    cr_expect_not_null(strstr(r.err, cases[i][2]), "%s %s: %s", cases[i][0],
                       cases[i][1], r.err);
    cli_run_free(&r);
  }
  cli_run r = cli_exec((const char *[]){"run", JCIC, "--trials", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "needs a value"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"run", JCIC, "--quiet=yes", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "takes no value"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"run", JCIC, JCIC, NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "usage: crq run MODEL"), "%s", r.err);
  cli_run_free(&r);
  /* a byte order mark is for CSV only, not silently dropped */
  r = cli_exec((const char *[]){"run", JCIC, "--bom", "-f", "json", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "--bom: only for --format csv"), "%s",
                     r.err);
  cli_run_free(&r);
}

/* Counts may be written with an exponent, as in docs/cluster.md. */
Test(cli, whole_numbers_with_an_exponent) {
  static const char *const cases[][2] = {{"1e4", "\"trials\": 10000,"},
                                         {"2.5E3", "\"trials\": 2500,"},
                                         {"1e+3", "\"trials\": 1000,"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cli_run r = cli_exec((const char *[]){"run", JCIC, "-n", cases[i][0],
                                          "--no-analysis", "-f", "json", NULL});
    cr_expect_eq(r.code, 0, "%s: %s", cases[i][0], r.err);
    cr_expect_not_null(strstr(r.out, cases[i][1]), "%s", cases[i][0]);
    cli_run_free(&r);
  }
}

/* A short option's value may follow it in the same word, as getopt
 * takes it ("-n1000"); the mistakes around that (a flag given a value, a
 * long option with one '-', "-o=x", an empty file name) each say what
 * they read as or how to write them. */
Test(cli, short_options_take_values_in_the_same_word) {
  cli_run r = cli_exec((const char *[]){"run", JCIC, "-n1000", "-j1", "-fjson",
                                        "--no-analysis", NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect_not_null(strstr(r.out, "\"trials\": 1000,"), "%s", r.out);
  cli_run_free(&r);
  /* mistakes, each with what it reads as or how to write it */
  static const char *const wrong[][2] = {
      /* a long option with one '-' is not "-o utput" */
      {"-output", "'-output' has one '-'; long options take two: did you "
                  "mean '--out'?"},
      /* but a value after a short option is a value, whatever it spells */
      {"-strials", "--seed: expected a whole number >= 0 (digits, or with an "
                   "exponent such as 1e6), found 'trials'"},
      {"-o=x.json", "'-o=x.json': a short option takes its value without "
                    "'='; write '-o x.json' or '--out=x.json'"},
      {"--out=", "--out: expected a file name, found an empty one"},
      {"-q=1", "option '-q' (--quiet) takes no value, found '-q=1'\n"},
      {"-qj1", "option '-q' (--quiet) takes no value, found '-qj1'; give "
               "each option its own '-', as in '-q -j1'"},
  };
  for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
    r = cli_exec((const char *[]){"run", JCIC, wrong[i][0], NULL});
    cr_expect_eq(r.code, 2, "%s", wrong[i][0]);
    cr_expect_not_null(strstr(r.err, wrong[i][1]), "%s: %s", wrong[i][0],
                       r.err);
    cli_run_free(&r);
  }
}

Test(cli, missing_model_file_is_named) {
  const char *cmds[] = {"run", "validate", "show"};
  for (size_t i = 0; i < 3; i++) {
    cli_run r = cli_exec((const char *[]){cmds[i], "no/such/model.yaml", NULL});
    cr_expect_eq(r.code, 2, "%s", cmds[i]);
    cr_expect_not_null(strstr(r.err, "no/such/model.yaml"), "%s: %s", cmds[i],
                       r.err);
    cr_expect_str_eq(r.out, "", "%s", cmds[i]);
    cli_run_free(&r);
  }
}

/* A model whose only mistake is on line 8: a negative Poisson rate. */
static const char bad_model[] = "crq_model: 1\n"
                                "name: broken\n"
                                "organisation:\n"
                                "  currency: JPY\n"
                                "  annual_revenue: \"1000億\"\n"
                                "scenarios:\n"
                                "  - id: a\n"
                                "    frequency: {poisson: -1}\n"
                                "    response_cost:\n"
                                "      cost: \"1億\"\n";

Test(cli, invalid_model_gives_file_line_col) {
  char *dir = cli_tmpdir();
  char *path = cli_write_file(dir, "bad.yaml", bad_model);
  const char *cmds[] = {"run", "validate", "show"};
  for (size_t i = 0; i < 3; i++) {
    cli_run r = cli_exec((const char *[]){cmds[i], path, NULL});
    cr_expect_eq(r.code, 2, "%s", cmds[i]);
    size_t n = strlen(path);
    int line = 0, col = 0;
    cr_expect(strncmp(r.err, path, n) == 0 &&
                  sscanf(r.err + n, ":%d:%d: ", &line, &col) == 2,
              "%s: %s", cmds[i], r.err);
    cr_expect_eq(line, 8, "%s: %s", cmds[i], r.err);
    cr_expect_gt(col, 0);
    cli_run_free(&r);
  }
  free(path);
  cli_rmtree(dir);
}

Test(cli, validate_reports_each_file) {
  char *dir = cli_tmpdir();
  char *bad = cli_write_file(dir, "bad.yaml", bad_model);
  cli_run r = cli_exec((const char *[]){"validate", JCIC, NULL});
  cr_expect_eq(r.code, 0);
  cr_expect_str_eq(r.out, JCIC ": ok\n");
  cli_run_free(&r);
  r = cli_exec((const char *[]){"validate", JCIC, bad, JCIC, NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_str_eq(r.out, JCIC ": ok\n" JCIC ": ok\n");
  cr_expect_not_null(strstr(r.err, bad));
  cli_run_free(&r);
  r = cli_exec((const char *[]){"validate", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "missing argument"), "%s", r.err);
  cli_run_free(&r);
  free(bad);
  cli_rmtree(dir);
}

/* validate checks all that run checks before it draws: a model it calls ok
 * is never refused by run for its own content (crq_sim_check). */
Test(cli, validate_refuses_what_run_would) {
  static const char *const models[][2] = {
      {"{poisson: 5e6}", "loss: {amount: 1}"},
      {"{discrete: {values: [0, 2e6], probs: [0.9, 0.1]}}",
       "loss: {amount: 1}"},
      {"{poisson: 1}", "loss: {amount: {lognormal: {mu: 700, sigma: 5}}}"},
  };
  char *dir = cli_tmpdir();
  for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
    char *text = NULL, *path;
    cr_assert(asprintf(&text,
                       "crq_model: 1\nname: t\nscenarios:\n  - id: a\n"
                       "    frequency: %s\n    %s\n",
                       models[i][0], models[i][1]) > 0);
    path = cli_write_file(dir, "m.yaml", text);
    cli_run v = cli_exec((const char *[]){"validate", path, NULL});
    cli_run r = cli_exec((const char *[]){"run", path, "-n", "10", NULL});
    cr_expect_eq(v.code, 2, "%s: %s", models[i][0], v.err);
    cr_expect_str_eq(v.out, "");
    cr_expect_str_eq(v.err, r.err, "validate and run say the same");
    cr_expect_eq(r.code, 2);
    cli_run_free(&v);
    cli_run_free(&r);
    free(path);
    free(text);
  }
  cli_rmtree(dir);
}

Test(cli, show_prints_a_model_that_loads_back) {
  char *dir = cli_tmpdir();
  char *shown = NULL;
  cr_assert(asprintf(&shown, "%s/shown.yaml", dir) > 0);
  cli_run r = cli_run_env((const char *[]){"show", JCIC, NULL}, NULL, shown);
  cr_expect_eq(r.code, 0, "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"validate", shown, NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cli_run_free(&r);
  r = cli_run_env((const char *[]){"show", JCIC, NULL}, NULL, "/dev/full");
  cr_expect_eq(r.code, 1, "show > /dev/full fails");
  cr_expect_not_null(strstr(r.err, "standard output"), "%s", r.err);
  cli_run_free(&r);
  free(shown);
  cli_rmtree(dir);
}

Test(cli, import_writes_a_valid_model) {
  char *dir = cli_tmpdir();
  char *csv = cli_write_file(dir, "s.csv",
                             "id,name,annual_rate,low,high\n"
                             "phish,Phishing,0.5,1000000,100000000\n"
                             "ransom,Ransomware,0.1,10000000,2000000000\n");
  char *yaml = NULL;
  cr_assert(asprintf(&yaml, "%s/m.yaml", dir) > 0);
  cli_run r = cli_exec((const char *[]){"import", csv, "-o", yaml, NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect_str_eq(r.out, "");
  cli_run_free(&r);
  r = cli_exec((const char *[]){"validate", yaml, NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cli_run_free(&r);
  cr_expect_eq(cli_count_entries(dir), 2, "no temporary file left");
  r = cli_exec((const char *[]){"import", csv, "-o", "/dev/full", NULL});
  cr_expect_eq(r.code, 1, "a full disk is a runtime failure");
  cr_expect_not_null(strstr(r.err, "/dev/full"), "%s", r.err);
  cli_run_free(&r);
  r = cli_exec((const char *[]){"import", "no/such.csv", NULL});
  cr_expect_eq(r.code, 2);
  cr_expect_not_null(strstr(r.err, "no/such.csv"), "%s", r.err);
  cli_run_free(&r);
  free(csv);
  free(yaml);
  cli_rmtree(dir);
}
