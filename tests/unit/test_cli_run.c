/* tests/unit/test_cli_run.c — `crq run` end to end on the JCIC example:
 * the JSON report holds the 141億 → 97億 maximum losses to the yen, is
 * byte-identical for 1 and 2 threads once "run" is dropped, the text
 * report leads with the JCIC headline in both languages, and output files
 * are atomic (no partial or temporary file after a failure); signals are
 * test_robust_cli.c's. */
#include <jansson.h>
#include <math.h>

#include "test_cli_util.h"

/* The JCIC worst case from the formulas (domain.md §3): records × JO value
 * (500 × (10^0 + 5^0) × identifiability × 1 × 1), 5 or 4 days of 1000億 /
 * 250, max(4% × 1000億, €20M × 130), 1億 × (1 or 0.6). */
static double jcic_formula(int after) {
  double records = 1333334, revenue = 1000e8;
  double theft = records * 500 * 2 * (after ? 3 : 6);
  double stoppage = revenue / 250 * (after ? 4 : 5);
  double fine = fmax(0.04 * revenue, 20e6 * 130);
  double response = 1e8 * (after ? 0.6 : 1);
  return theft + stoppage + fine + response;
}

static json_t *run_json(const char *threads) {
  cli_run r =
      cli_exec((const char *[]){"run", JCIC, "--trials", "20000", "--format",
                                "json", "--threads", threads, "--quiet", NULL});
  cr_assert_eq(r.code, 0, "%s", r.err);
  json_error_t e;
  json_t *j = json_loads(r.out, 0, &e);
  cr_assert_not_null(j, "line %d: %s", e.line, e.text);
  cli_run_free(&r);
  return j;
}

/* A report says whether its run kept every year or streamed (histograms:
 * figures within 0.1%), in JSON and on the page, not only on stderr. */
Test(cli_run, reports_say_when_they_streamed) {
  for (int streamed = 0; streamed < 2; streamed++) {
    const char *memory = streamed ? "1" : "64";
    cli_run r = cli_exec((const char *[]){"run", JCIC, "-n", "2e5", "--memory",
                                          memory, "-f", "json", "-q", NULL});
    cr_assert_eq(r.code, 0, "%s", r.err);
    json_error_t e;
    json_t *j = json_loads(r.out, 0, &e);
    cr_assert_not_null(j, "line %d: %s", e.line, e.text);
    json_t *s = json_object_get(json_object_get(j, "settings"), "streaming");
    cr_expect(json_is_boolean(s) && json_is_true(s) == streamed);
    json_decref(j);
    cli_run_free(&r);
    r = cli_exec((const char *[]){"run", JCIC, "-n", "2e5", "--memory", memory,
                                  "--lang", "en", "-q", NULL});
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_expect_eq(strstr(r.out, "Streaming mode: quantiles") != NULL, streamed,
                 "%s", r.out);
    cli_run_free(&r);
  }
}

Test(cli_run, json_holds_the_jcic_maximum_losses) {
  json_t *j = run_json("2");
  cr_expect_str_eq(json_string_value(json_object_get(j, "schema")),
                   "crq-result/1");
  cr_expect_eq(json_integer_value(
                   json_object_get(json_object_get(j, "settings"), "trials")),
               20000);
  json_t *ml = json_object_get(j, "max_loss");
  const char *variants[] = {"baseline", "measures"};
  for (int v = 0; v < 2; v++) {
    json_t *x = json_object_get(ml, variants[v]);
    cr_assert_not_null(x, "%s", variants[v]);
    double want = jcic_formula(v);
    cr_expect_leq(fabs(json_number_value(json_object_get(x, "total")) - want),
                  1.0, "%s total", variants[v]);
    json_t *s = json_array_get(json_object_get(x, "scenarios"), 0);
    json_t *cats = json_object_get(s, "categories");
    const char *direct[] = {"data_theft", "business_stoppage",
                            "regulatory_fine", "response_cost", "other"};
    double sum = 0;
    for (int k = 0; k < 5; k++)
      sum += json_number_value(json_object_get(cats, direct[k]));
    cr_expect_leq(fabs(sum - want), 1.0, "%s: categories sum to %.1f",
                  variants[v], sum);
  }
  /* the tables every report has */
  json_t *rp =
      json_object_get(json_object_get(j, "return_periods"), "baseline");
  cr_expect_eq(json_array_size(rp), 8);
  json_t *lec = json_object_get(json_object_get(j, "lec"), "baseline");
  cr_expect_eq(json_array_size(json_object_get(lec, "aep")), 40);
  cr_expect(json_is_object(json_object_get(j, "reductions")));
  cr_expect_eq(json_array_size(json_object_get(j, "kpis")), 4);
  cr_expect_eq(json_array_size(json_object_get(j, "measures")), 4);
  /* 1-in-100 AEP limit 100億: 141億 is beyond it, 96.6億 within */
  json_t *a = json_array_get(json_object_get(j, "appetite"), 0);
  cr_expect_str_eq(json_string_value(json_object_get(
                       json_object_get(a, "baseline"), "verdict")),
                   "red");
  cr_expect_str_eq(json_string_value(json_object_get(
                       json_object_get(a, "measures"), "verdict")),
                   "green");
  json_t *run = json_object_get(j, "run");
  cr_expect_eq(json_integer_value(json_object_get(run, "threads")), 2);
  json_decref(j);
}

Test(cli_run, json_is_identical_for_any_thread_count) {
  char *text[2];
  const char *threads[] = {"1", "2"};
  for (int i = 0; i < 2; i++) {
    cli_run r =
        cli_exec((const char *[]){"run", JCIC, "--trials", "20000", "--format",
                                  "json", "--threads", threads[i], NULL});
    cr_assert_eq(r.code, 0, "%s", r.err);
    /* "run" is the last member: cut the text there */
    char *cut = strstr(r.out, "\n  \"run\": {");
    cr_assert_not_null(cut);
    *cut = '\0';
    text[i] = r.out;
    free(r.err);
  }
  cr_expect_str_eq(text[0], text[1]);
  free(text[0]);
  free(text[1]);
}

Test(cli_run, text_report_leads_with_the_jcic_figure) {
  cli_run r = cli_exec(
      (const char *[]){"run", JCIC, "--trials", "20000", "--lang", "ja", NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect_not_null(strstr(r.out, "最大損失額"), "%s", r.out);
  cr_expect_not_null(strstr(r.out, "141億円 → 97億円"), "%s", r.out);
  cr_expect_null(strstr(r.out, "e+"), "no scientific notation");
  cli_run_free(&r);
  r = cli_exec(
      (const char *[]){"run", JCIC, "--trials", "20000", "--lang", "en", NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect_not_null(strstr(r.out, "Maximum loss"), "%s", r.out);
  cr_expect_not_null(strstr(r.out, "¥14.1B → ¥9.7B"), "%s", r.out);
  cli_run_free(&r);
}

Test(cli_run, language_defaults_from_the_environment) {
  char *ja_env[] = {"LANG=ja_JP.UTF-8", "LC_ALL=", NULL};
  char *en_env[] = {"LANG=ja_JP.UTF-8", "LC_ALL=C", NULL};
  cli_run r = cli_run_env(
      (const char *[]){"run", JCIC, "--trials", "2000", NULL}, ja_env, NULL);
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect_not_null(strstr(r.out, "最大損失額"));
  cli_run_free(&r);
  r = cli_run_env((const char *[]){"run", JCIC, "--trials", "2000", NULL},
                  en_env, NULL);
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect_not_null(strstr(r.out, "Maximum loss"), "LC_ALL wins over LANG");
  cli_run_free(&r);
}

Test(cli_run, out_writes_the_file_and_nothing_else) {
  char *dir = cli_tmpdir();
  char *path = NULL;
  cr_assert(asprintf(&path, "%s/r.json", dir) > 0);
  cli_run r =
      cli_exec((const char *[]){"run", JCIC, "--trials", "2000", "--format",
                                "json", "--out", path, NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect_str_eq(r.out, "");
  cli_run_free(&r);
  cr_expect_eq(cli_count_entries(dir), 1, "only the report, no temp file");
  json_error_t e;
  json_t *j = json_load_file(path, 0, &e);
  cr_expect_not_null(j, "%s", e.text);
  json_decref(j);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  mode_t mask = umask(0);
  umask(mask);
  cr_expect_eq(st.st_mode & 0777, 0666 & ~mask, "permissions as fopen");
  free(path);
  cli_rmtree(dir);
}

Test(cli_run, unwritable_out_fails_and_leaves_nothing) {
  const char *path = "/nonexistent-crq-dir/r.json";
  cli_run r = cli_exec(
      (const char *[]){"run", JCIC, "--trials", "2000", "--out", path, NULL});
  cr_expect_eq(r.code, 1);
  cr_expect_not_null(strstr(r.err, path), "%s", r.err);
  cr_expect_neq(access(path, F_OK), 0);
  cli_run_free(&r);
}

Test(cli_run, out_to_a_directory_fails_without_temp_files) {
  char *dir = cli_tmpdir();
  char *sub = NULL;
  cr_assert(asprintf(&sub, "%s/sub", dir) > 0);
  cr_assert_eq(mkdir(sub, 0700), 0);
  cli_run r = cli_exec(
      (const char *[]){"run", JCIC, "--trials", "2000", "--out", sub, NULL});
  cr_expect_eq(r.code, 1);
  cr_expect_not_null(strstr(r.err, "directory"), "%s", r.err);
  cli_run_free(&r);
  cr_expect_eq(cli_count_entries(dir), 1, "only sub/ in the parent");
  cr_expect_eq(cli_count_entries(sub), 0, "nothing inside sub/");
  free(sub);
  cli_rmtree(dir);
}

Test(cli_run, full_disk_is_a_runtime_failure) {
  cli_run r = cli_exec((const char *[]){"run", JCIC, "--trials", "2000",
                                        "--out", "/dev/full", NULL});
  cr_expect_eq(r.code, 1);
  cr_expect_not_null(strstr(r.err, "/dev/full"), "%s", r.err);
  cr_expect_not_null(strstr(r.err, "No space left"), "%s", r.err);
  cli_run_free(&r);
  r = cli_run_env((const char *[]){"run", JCIC, "--trials", "2000", NULL}, NULL,
                  "/dev/full");
  cr_expect_eq(r.code, 1, "stdout on a full disk");
  cr_expect_not_null(strstr(r.err, "standard output"), "%s", r.err);
  cli_run_free(&r);
}

/* crq run --out link: it succeeds, the link stays a link and target (the
 * file it leads to) holds the report. */
static void report_through_link(const char *link, const char *target) {
  cli_run r = cli_exec((const char *[]){"run", JCIC, "--trials", "2000",
                                        "--no-analysis", "--out", link, NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cli_run_free(&r);
  struct stat st;
  cr_assert_eq(lstat(link, &st), 0);
  cr_expect(S_ISLNK(st.st_mode), "the link is still a link");
  char *text = cli_slurp(target);
  cr_expect(text && strstr(text, "crq"), "the target holds the report");
  free(text);
}

/* Replacing a report keeps the file's permissions, and writes through a
 * symbolic link to its target, the link staying in place. */
Test(cli_run, replacing_a_report_keeps_its_mode_and_its_link) {
  char *dir = cli_tmpdir(), *path = NULL, *link = NULL;
  cr_assert(asprintf(&path, "%s/r.txt", dir) > 0);
  cr_assert(asprintf(&link, "%s/latest.txt", dir) > 0);
  FILE *f = fopen(path, "w");
  cr_assert_not_null(f);
  fputs("old\n", f);
  fclose(f);
  cr_assert_eq(chmod(path, 0640), 0);
  cr_assert_eq(symlink("r.txt", link), 0);
  report_through_link(link, path);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_expect_eq(st.st_mode & 0777, 0640, "mode %o", st.st_mode & 0777);
  cr_expect_eq(cli_count_entries(dir), 2, "no temporary file left");
  free(path);
  free(link);
  cli_rmtree(dir);
}

/* A run with --out `out` fails before simulating: exit 1, an error that
 * says `says`, nothing printed. */
static void expect_out_refused(const char *out, const char *says) {
  cli_run r = cli_exec((const char *[]){"run", JCIC, "--trials", "2000",
                                        "--no-analysis", "--out", out, NULL});
  cr_expect_eq(r.code, 1);
  cr_expect(strstr(r.err, says) != NULL, "%s", r.err);
  cr_expect_eq(r.out[0], '\0', "nothing printed: %s", r.out);
  cli_run_free(&r);
}

/* A link whose target does not exist yet gets it created (the link
 * stays), as a shell's redirection would; a loop of links is refused
 * before the run, nothing written. */
Test(cli_run, dangling_links_get_their_target_and_loops_are_refused) {
  char *dir = cli_tmpdir(), *a = NULL, *b = NULL, *dang = NULL, *target = NULL;
  cr_assert(asprintf(&a, "%s/a", dir) > 0 && asprintf(&b, "%s/b", dir) > 0);
  cr_assert(asprintf(&dang, "%s/latest.txt", dir) > 0);
  cr_assert(asprintf(&target, "%s/r.txt", dir) > 0);
  cr_assert(symlink("b", a) == 0 && symlink("a", b) == 0);
  cr_assert_eq(symlink("r.txt", dang), 0);
  report_through_link(dang, target);
  expect_out_refused(a, "symbolic links");
  struct stat st;
  cr_assert_eq(lstat(a, &st), 0);
  cr_expect(S_ISLNK(st.st_mode), "the loop is left as it was");
  cr_expect_eq(cli_count_entries(dir), 4, "no temporary file left");
  free(a);
  free(b);
  free(dang);
  free(target);
  cli_rmtree(dir);
}

/* Links are not followed where the kernel would not follow them for
 * open() (fs.protected_symlinks): in a sticky world-writable directory, a
 * link owned by another user is refused. A dangling link to a name ending
 * in '/' is a directory's name, refused before the run. */
Test(cli_run, protected_and_directory_links_are_refused) {
  char *dir = cli_tmpdir(), *trap = NULL, *victim = NULL, *slash = NULL;
  cr_assert(asprintf(&trap, "%s/trap", dir) > 0);
  cr_assert(asprintf(&victim, "%s/victim.txt", dir) > 0);
  cr_assert(asprintf(&slash, "%s/slash", dir) > 0);
  cr_assert_eq(symlink("newdir/", slash), 0);
  expect_out_refused(slash, "is a directory");
  cr_assert_eq(chmod(dir, 01777), 0);
  cr_assert_eq(symlink("victim.txt", trap), 0);
  if (lchown(trap, 12345, 12345) == 0) { /* as root: another user's link */
    expect_out_refused(trap, "Permission denied");
    cr_expect_eq(access(victim, F_OK), -1, "the link's target was written");
  }
  cr_expect_eq(cli_count_entries(dir), 2, "nothing left behind");
  free(trap);
  free(victim);
  free(slash);
  cli_rmtree(dir);
}

/* An output file that is one of the inputs, or both outputs at once, is
 * refused before anything is read or written. */
Test(cli_run, an_output_that_is_an_input_is_refused) {
  char *dir = cli_tmpdir(), *model = NULL, *csv = NULL, *same = NULL;
  char *same2 = NULL;
  cr_assert(asprintf(&model, "%s/m.yaml", dir) > 0);
  cr_assert(asprintf(&csv, "%s/w.csv", dir) > 0);
  cr_assert(asprintf(&same, "%s/same.out", dir) > 0);
  cr_assert(asprintf(&same2, "%s/./same.out", dir) > 0); /* not yet there */
  char *proc = NULL, *cwd = getcwd(NULL, 0); /* the model through /proc */
  cr_assert_not_null(cwd);
  cr_assert(asprintf(&proc, "/proc/self/root%s%s%s", model[0] == '/' ? "" : cwd,
                     model[0] == '/' ? "" : "/", model) > 0);
  free(cwd);
  char *text = cli_slurp(JCIC);
  FILE *f = fopen(model, "w");
  cr_assert_not_null(f);
  fputs(text, f);
  fclose(f);
  f = fopen(csv, "w");
  cr_assert_not_null(f);
  fputs("a,A,0.5,1000000,50000000\n", f);
  fclose(f);
  const char *const cases[][12] = {
      {"run", model, "-n", "2000", "--out", model, NULL},
      {"run", model, "-n", "2000", "--ylt", model, NULL},
      {"run", model, "-n", "2000", "--ylt", same, "--out", same, NULL},
      {"run", model, "-n", "2000", "--ylt", same, "--out", same2, NULL},
      {"import", csv, "-o", csv, NULL},
      {"sweep", model, "-n", "2000", "-v",
       "organisation.annual_revenue=500億:1500億:2", "-o", model, NULL},
      {"compare", JCIC, model, "-n", "2000", "-o", model, NULL},
      {"run", model, "-n", "2000", "-o", proc, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cli_run r = cli_exec(cases[i]);
    cr_expect_eq(r.code, 2, "case %zu: %s", i, r.err);
    cr_expect(strstr(r.err, "expected another file") ||
                  strstr(r.err, "expected two files"),
              "case %zu: %s", i, r.err);
    cli_run_free(&r);
  }
  char *after = cli_slurp(model);
  cr_expect_str_eq(after, text, "the model is untouched");
  cr_expect_eq(cli_count_entries(dir), 2, "nothing written");
  free(after);
  free(text);
  free(model);
  free(csv);
  free(same);
  free(same2);
  free(proc);
  cli_rmtree(dir);
}

/* --out /dev/stdout is standard output, written in place (the file it
 * may be redirected to is not replaced, nor /dev/stdout itself). */
Test(cli_run, out_to_dev_stdout_is_standard_output) {
  struct stat before, after;
  cr_assert_eq(lstat("/dev/stdout", &before), 0);
  cli_run r = cli_exec((const char *[]){"run", JCIC, "--trials", "2000",
                                        "--no-analysis", "--format", "csv",
                                        "--out", "/dev/stdout", NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect(strncmp(r.out, "table,", 6) == 0, "%.40s", r.out);
  cli_run_free(&r);
  cr_assert_eq(lstat("/dev/stdout", &after), 0);
  cr_expect(S_ISLNK(after.st_mode) == S_ISLNK(before.st_mode) &&
                after.st_ino == before.st_ino,
            "/dev/stdout left as it was");
  /* another descriptor: written in place, through a duplicate */
  r = cli_exec((const char *[]){"run", JCIC, "--trials", "2000",
                                "--no-analysis", "--format", "csv", "--out",
                                "/dev/stderr", NULL});
  cr_expect_eq(r.code, 0, "%s", r.err);
  cr_expect(strncmp(r.err, "table,", 6) == 0, "%.40s", r.err);
  cr_expect_str_eq(r.out, "");
  cli_run_free(&r);
  /* --ylt to standard output beside the report, however spelled */
  const char *const stdouts[] = {"-", "/dev/./stdout", "//dev/stdout",
                                 "/proc/self/fd/1"};
  for (size_t i = 0; i < sizeof stdouts / sizeof stdouts[0]; i++) {
    r = cli_exec((const char *[]){"run", JCIC, "--trials", "2000", "--ylt",
                                  stdouts[i], NULL});
    cr_expect_eq(r.code, 2, "%s: %s", stdouts[i], r.err);
    cli_run_free(&r);
  }
}

/* An unwritable --ylt fails before the run, not after it: nothing was
 * simulated (a precision run would say how many years it took). */
Test(cli_run, an_unwritable_ylt_fails_before_the_run) {
  char *dir = cli_tmpdir(), *ylt = NULL, *out = NULL;
  cr_assert(asprintf(&ylt, "%s/missing/y.csv", dir) > 0);
  cr_assert(asprintf(&out, "%s/r.csv", dir) > 0);
  cli_run r = cli_exec((const char *[]){"run", JCIC, "--precision", "20%",
                                        "--ylt", ylt, "--out", out, NULL});
  cr_expect_eq(r.code, 1, "%s", r.err);
  cr_expect_not_null(strstr(r.err, "missing/y.csv"), "%s", r.err);
  cr_expect_null(strstr(r.err, "years simulated"), "%s", r.err);
  cli_run_free(&r);
  cr_expect_eq(cli_count_entries(dir), 0, "no report, no temporary file");
  free(ylt);
  free(out);
  cli_rmtree(dir);
}
