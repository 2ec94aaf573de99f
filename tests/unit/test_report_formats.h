/* tests/unit/test_report_formats.h — what the CSV, xlsx and HTML report
 * tests share: the example models (every .yaml file in examples/), a small run
 * of one, its analysis (attribution, roadmap, ROSI), a model loaded from a
 * string, and a report written into memory. Header-only (static inline) so
 * each test file gets its own copy. */
#ifndef CRQ_TEST_REPORT_FORMATS_H
#define CRQ_TEST_REPORT_FORMATS_H

#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/analysis.h"
#include "crq/crq.h"
#include "crq/report.h"

/* Trials of the test runs: enough for every figure to exist, fast. */
#define FMT_TRIALS 3000

/* The example models, sorted; at least one is expected. */
static inline glob_t fmt_examples(void) {
  glob_t g;
  cr_assert_eq(glob("examples/*.yaml", 0, NULL, &g), 0, "no examples/*.yaml");
  cr_assert_geq(g.gl_pathc, 1);
  return g;
}

static inline crq_result *fmt_simulate(const crq_model *m) {
  crq_diags d;
  crq_diags_init(&d);
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = FMT_TRIALS;
  o.threads = 1;
  crq_result *r = NULL;
  cr_assert_eq(crq_simulate(m, &o, &r, &d), CRQ_OK);
  crq_diags_free(&d);
  return r;
}

/* Loads and runs a model file. */
static inline crq_result *fmt_run_file(const char *path, crq_model **m) {
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_model_load_file(path, &d, m), CRQ_OK, "%s", path);
  crq_diags_free(&d);
  return fmt_simulate(*m);
}

/* Loads and runs a model given as YAML text. */
static inline crq_result *fmt_run_text(const char *yaml, crq_model **m) {
  crq_diags d;
  crq_diags_init(&d);
  crq_status s = crq_model_load_buffer(yaml, strlen(yaml), "test.yaml", &d, m);
  if (s != CRQ_OK)
    crq_diags_print(&d, stderr);
  cr_assert_eq(s, CRQ_OK);
  crq_diags_free(&d);
  return fmt_simulate(*m);
}

/* The as-of date of the test analyses: inside the example plans. */
#define FMT_AS_OF "2026-11-30"

/* The analysis of run r of model m (same trials and seed), as of
 * FMT_AS_OF with monthly steps; NULL for a model without measures. */
static inline crq_analysis *fmt_analyse(const crq_model *m,
                                        const crq_result *r) {
  if (crq_model_measure_count(m) == 0)
    return NULL;
  crq_diags d;
  crq_diags_init(&d);
  crq_analysis_options o;
  crq_analysis_options_init(&o);
  o.sim.trials = FMT_TRIALS;
  o.sim.threads = 1;
  snprintf(o.as_of, sizeof o.as_of, "%s", FMT_AS_OF);
  crq_analysis *a = NULL;
  crq_status s = crq_analyse(m, r, &o, &a, &d);
  if (s != CRQ_OK)
    crq_diags_print(&d, stderr);
  cr_assert_eq(s, CRQ_OK);
  crq_diags_free(&d);
  return a;
}

/* A model whose every name holds markup, quotes, ampersands and commas:
 * the reports must show them as text. With measures unless `plain`. */
static inline const char *fmt_hostile_model(int plain) {
  static const char head[] =
      "crq_model: 1\n"
      "name: \"<script>alert(1)</script> \\\"quotes\\\" A&B\"\n"
      "organisation:\n"
      "  currency: JPY\n"
      "  annual_revenue: \"100億\"\n"
      "risk_appetite:\n"
      "  - name: \"limit, with \\\"quotes\\\" & <b>tags</b>\"\n"
      "    return_period: 20\n"
      "    limit: \"1億\"\n"
      "scenarios:\n"
      "  - id: s1\n"
      "    name: \"<script>alert(2)</script>\"\n"
      "    frequency: {poisson: 0.5}\n"
      "    loss:\n"
      "      amount: {lognormal: {p05: \"100万\", p95: \"5億\"}}\n";
  static const char measures[] =
      "kpis:\n"
      "  - id: k1\n"
      "    name: \"A&B <img src=x onerror=alert(3)>\"\n"
      "    unit: \"%\"\n"
      "    plan: 100\n"
      "    actual: 50\n"
      "    owner: \"\\\"quotes\\\"\"\n"
      "measures:\n"
      "  - id: m1\n"
      "    name: \"A&B's <script>alert(4)</script>\"\n"
      "    cost_once: \"1000万\"\n"
      "    cost_annual: \"100万\"\n"
      "    kpis: [k1]\n"
      "    effects:\n"
      "      - target: scenarios.s1.frequency\n"
      "        scale: 0.5\n";
  static char both[sizeof head + sizeof measures];
  if (plain)
    return head;
  snprintf(both, sizeof both, "%s%s", head, measures);
  return both;
}

/* Writes the report, with analysis a (NULL for none), into a new buffer
 * (NUL-terminated; *len without the NUL, which binary formats may
 * contain). */
static inline char *fmt_write_analysis(const crq_result *r,
                                       const crq_analysis *a,
                                       const char *format, const char *lang,
                                       int bom, size_t *len) {
  crq_report_options o;
  crq_report_options_init(&o);
  o.format = format;
  o.lang = lang;
  o.bom = bom;
  o.analysis = a;
  o.now = 1790000000; /* a fixed report date: 2026-09-21 */
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  cr_assert_not_null(f);
  crq_diags d;
  crq_diags_init(&d);
  crq_status s = crq_report_write(r, &o, f, &d);
  if (s != CRQ_OK)
    crq_diags_print(&d, stderr);
  cr_assert_eq(s, CRQ_OK, "%s report", format);
  fclose(f);
  crq_diags_free(&d);
  if (len)
    *len = n;
  return buf;
}

/* The report without analysis. */
static inline char *fmt_write(const crq_result *r, const char *format,
                              const char *lang, int bom, size_t *len) {
  return fmt_write_analysis(r, NULL, format, lang, bom, len);
}

/* Writing to a full device fails with CRQ_ERR_IO. */
static inline void fmt_expect_io_error(const crq_result *r,
                                       const char *format) {
  FILE *full = fopen("/dev/full", "w");
  cr_assert_not_null(full);
  setvbuf(full, NULL, _IONBF, 0);
  crq_report_options o;
  crq_report_options_init(&o);
  o.format = format;
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(crq_report_write(r, &o, full, &d), CRQ_ERR_IO, "%s", format);
  cr_expect_eq(d.count, 1, "%s: one diagnostic", format);
  crq_diags_free(&d);
  fclose(full);
}

#endif
