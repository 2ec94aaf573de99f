/* tests/unit/test_report_ylt.c — the year loss table (--ylt): one row per
 * simulated year whose losses are the run's own (their mean is the EAL),
 * and a clear refusal when the run kept no year's loss, from crq run
 * before it simulates when that is known in advance; like the reports, it
 * leaves flushing the stream to its caller. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/crq.h"
#include "test_cli_util.h"

static crq_result *simulate(const crq_model *m, uint64_t trials,
                            uint64_t memory_mib) {
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = trials;
  o.threads = 2;
  o.memory_mib = memory_mib;
  crq_result *r = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_simulate(m, &o, &r, &d), CRQ_OK);
  crq_diags_free(&d);
  return r;
}

static crq_model *load_jcic(void) {
  crq_model *m = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_model_load_file("examples/jcic_manufacturer.yaml", &d, &m),
               CRQ_OK);
  crq_diags_free(&d);
  return m;
}

Test(report_ylt, one_row_a_year_whose_mean_is_the_eal) {
  crq_model *m = load_jcic();
  crq_result *r = simulate(m, 5000, 0);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_report_write_ylt(r, f, &d), CRQ_OK);
  fclose(f);
  char *save = NULL;
  char *line = strtok_r(buf, "\n", &save);
  cr_assert_str_eq(line, "trial,baseline,measures\r");
  double sum[2] = {0, 0};
  uint64_t rows = 0;
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    unsigned long long t;
    double b, w;
    cr_assert_eq(sscanf(line, "%llu,%lf,%lf", &t, &b, &w), 3, "%s", line);
    cr_assert_eq(t, rows);
    cr_assert_leq(w, b, "measures never lose more than the baseline here");
    sum[0] += b;
    sum[1] += w;
    rows++;
  }
  cr_assert_eq(rows, 5000);
  for (int v = 0; v < 2; v++) {
    double eal = crq_result_eal(r, (crq_variant)v).value;
    cr_assert(fabs(sum[v] / 5000 - eal) <= 1e-9 * eal, "variant %d: %g vs %g",
              v, sum[v] / 5000, eal);
  }
  free(buf);
  crq_diags_free(&d);
  crq_result_free(r);
  crq_model_free(m);
}

/* Writing r's table to sink fails with status `want` and one message
 * that says `says`. */
static void expect_ylt_fails(const crq_result *r, const char *sink,
                             crq_status want, const char *says) {
  FILE *f = fopen(sink, "w");
  cr_assert_not_null(f);
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(crq_report_write_ylt(r, f, &d), want);
  cr_assert_eq(d.count, 1);
  cr_expect_not_null(strstr(d.items[0].message, says), "%s",
                     d.items[0].message);
  fclose(f);
  crq_diags_free(&d);
}

/* A stream's writes reach its cookie only when its buffer does. */
static ssize_t count_write(void *calls, const char *buf, size_t n) {
  (void)buf;
  ++*(int *)calls;
  return (ssize_t)n;
}

/* The table goes into the caller's buffer (16 MiB here) unflushed, as
 * report.h says of every writer: the caller decides when it is written. */
Test(report_ylt, leaves_flushing_to_the_caller) {
  crq_model *m = load_jcic();
  crq_result *r = simulate(m, 5000, 0);
  int calls = 0;
  FILE *f =
      fopencookie(&calls, "w", (cookie_io_functions_t){.write = count_write});
  cr_assert_not_null(f);
  char *buffer = malloc(1 << 24); /* glibc ignores a size without one */
  cr_assert_eq(setvbuf(f, buffer, _IOFBF, 1 << 24), 0);
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_report_write_ylt(r, f, &d), CRQ_OK);
  cr_expect_eq(calls, 0, "the writer flushed the stream");
  cr_assert_eq(fclose(f), 0);
  cr_expect_eq(calls, 1);
  free(buffer);
  crq_diags_free(&d);
  crq_result_free(r);
  crq_model_free(m);
}

/* A stream that fails gives CRQ_ERR_IO with a message, as the reports do. */
Test(report_ylt, a_failed_write_says_so) {
  crq_model *m = load_jcic();
  crq_result *r = simulate(m, 5000, 0);
  expect_ylt_fails(r, "/dev/full", CRQ_ERR_IO, "year loss table");
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_ylt, refused_when_the_run_kept_no_year) {
  crq_model *m = load_jcic();
  crq_result *r = simulate(m, 200000, 1); /* 1 MiB forces streaming */
  cr_assert(crq_result_streaming(r));
  expect_ylt_fails(r, "/dev/null", CRQ_ERR_USAGE, "streaming");
  crq_result_free(r);
  /* known before the run: crq run refuses --ylt at once (exit 2) */
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 200000;
  o.memory_mib = 1;
  cr_assert(crq_sim_streams(m, &o));
  o.memory_mib = 64;
  cr_assert_not(crq_sim_streams(m, &o));
  char *dir = cli_tmpdir(), ylt[4200];
  snprintf(ylt, sizeof ylt, "%s/y.csv", dir);
  cli_run run = cli_exec((const char *[]){
      "run", "examples/jcic_manufacturer.yaml", "-n", "2e5", "--memory", "1",
      "--ylt", ylt, "--quiet", "--out", "/dev/null", NULL});
  cr_assert_eq(run.code, 2, "%s", run.err);
  cr_assert_not_null(strstr(run.err, "--ylt: every year's loss would exceed"),
                     "%s", run.err);
  cr_assert_eq(cli_count_entries(dir), 0);
  cli_run_free(&run);
  cli_rmtree(dir);
  crq_model_free(m);
}
