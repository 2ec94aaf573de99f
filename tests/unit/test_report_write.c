/* tests/unit/test_report_write.c — crq_report_write in-process on the JCIC
 * example: the format table and its errors, stream errors become
 * CRQ_ERR_IO, the Japanese text report's tables line up by display width
 * (each table is exactly as wide as the rule under its header), the method
 * line is in the report's language, and a model without measures gets one
 * variant and no reductions. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/crq.h"
#include "crq/report.h"
#include "report/table.h"

static crq_result *jcic_result(crq_model **m) {
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_model_load_file("examples/jcic_manufacturer.yaml", &d, m),
               CRQ_OK);
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 5000;
  o.threads = 1;
  crq_result *r = NULL;
  cr_assert_eq(crq_simulate(*m, &o, &r, &d), CRQ_OK);
  crq_diags_free(&d);
  return r;
}

/* Writes the report into a string; returns the status. */
static crq_status write_report(const crq_result *r, const char *format,
                               const char *lang, char **text, crq_diags *d) {
  crq_report_options o;
  crq_report_options_init(&o);
  o.format = format;
  o.lang = lang;
  size_t len = 0;
  FILE *f = open_memstream(text, &len);
  crq_status s = crq_report_write(r, &o, f, d);
  fclose(f);
  return s;
}

Test(report_write, formats_come_from_a_table) {
  cr_expect_str_eq(crq_report_format_name(0), "text");
  cr_expect_str_eq(crq_report_format_name(1), "json");
  cr_expect_str_eq(crq_report_format_name(2), "csv");
  cr_expect_str_eq(crq_report_format_name(3), "html");
  cr_expect_str_eq(crq_report_format_name(4), "xlsx");
  cr_expect_null(crq_report_format_name(5));
  cr_expect(crq_report_format_known("json"));
  cr_expect_not(crq_report_format_known("xml"));
  cr_expect_not(crq_report_format_known(NULL));
}

Test(report_write, unknown_format_or_language_is_a_usage_error) {
  crq_model *m;
  crq_result *r = jcic_result(&m);
  crq_diags d;
  crq_diags_init(&d);
  char *text = NULL;
  cr_expect_eq(write_report(r, "xml", "en", &text, &d), CRQ_ERR_USAGE);
  cr_expect_eq(d.count, 1);
  cr_expect_not_null(strstr(d.items[0].message, "text, json"));
  cr_expect_str_eq(text, "", "nothing written");
  free(text);
  crq_diags_clear(&d);
  cr_expect_eq(write_report(r, "text", "fr", &text, &d), CRQ_ERR_USAGE);
  cr_expect_not_null(strstr(d.items[0].message, "ja or en"));
  free(text);
  crq_diags_free(&d);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_write, stream_errors_are_io_errors) {
  crq_model *m;
  crq_result *r = jcic_result(&m);
  FILE *full = fopen("/dev/full", "w");
  cr_assert_not_null(full);
  setvbuf(full, NULL, _IONBF, 0); /* fail at the first write */
  const char *formats[] = {"text", "json"};
  for (int i = 0; i < 2; i++) {
    crq_diags d;
    crq_diags_init(&d);
    crq_report_options o;
    crq_report_options_init(&o);
    o.format = formats[i];
    cr_expect_eq(crq_report_write(r, &o, full, &d), CRQ_ERR_IO, "%s",
                 formats[i]);
    cr_expect_eq(d.count, 1);
    clearerr(full);
    crq_diags_free(&d);
  }
  fclose(full);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_write, japanese_tables_align_by_display_width) {
  crq_model *m;
  crq_result *r = jcic_result(&m);
  crq_diags d;
  crq_diags_init(&d);
  char *text = NULL;
  cr_assert_eq(write_report(r, "text", "ja", &text, &d), CRQ_OK);
  cr_expect_not_null(strstr(text, "141億円 → 97億円"));
  /* In every table whose last column holds figures (right-aligned and never
   * empty), each line is exactly as wide as the rule. */
  const char *titles[] = {"再現期間 (AEP", "シナリオ別の寄与",
                          "カテゴリ別の寄与", "対策 (KPI"};
  for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
    char *at = strstr(text, titles[i]);
    cr_assert_not_null(at, "%s", titles[i]);
    char *copy = strdup(strchr(at, '\n') + 1), *save = NULL;
    char *header = strtok_r(copy, "\n", &save);
    char *rule = strtok_r(NULL, "\n", &save);
    cr_assert(header && rule, "%s", titles[i]);
    size_t width = crq_text_width(rule), lines = 2;
    cr_expect_eq(strspn(rule + 2, "-"), width - 2, "%s: rule", titles[i]);
    cr_expect_eq(crq_text_width(header), width, "%s: '%s'", titles[i], header);
    for (char *line = strtok_r(NULL, "\n", &save); line && line[0] == ' ';
         line = strtok_r(NULL, "\n", &save), lines++)
      cr_expect_eq(crq_text_width(line), width, "%s: '%s'", titles[i], line);
    cr_expect_geq(lines, 3, "%s", titles[i]);
    free(copy);
  }
  free(text);
  crq_diags_free(&d);
  crq_result_free(r);
  crq_model_free(m);
}

/* The text report ends with one method line in its language, and in
 * streaming mode the note under it. */
Test(report_write, method_line_in_the_reports_language) {
  crq_model *m;
  crq_result *exact = jcic_result(&m), *streamed = NULL;
  crq_diags d;
  crq_diags_init(&d);
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 5000;
  o.streaming = 1;
  cr_assert_eq(crq_simulate(m, &o, &streamed, &d), CRQ_OK);
  const crq_result *runs[2] = {exact, streamed};
  const char *langs[2] = {"en", "ja"}, *method[2] = {"\nMethod: ", "\n手法: "};
  const char *note[2] = {"\nStreaming mode: ", "\nストリーミング・モード: "};
  for (int i = 0; i < 2; i++)
    for (int l = 0; l < 2; l++) {
      char *text = NULL;
      cr_assert_eq(write_report(runs[i], "text", langs[l], &text, &d), CRQ_OK);
      const char *at = strstr(text, method[l]);
      cr_expect_not_null(at, "run %d, %s", i, langs[l]);
      cr_expect_null(strstr(text, method[1 - l]), "run %d, %s", i, langs[l]);
      const char *n = strstr(text, note[l]);
      cr_expect_eq(n != NULL, i == 1, "run %d, %s", i, langs[l]);
      cr_expect(n == NULL || (at && n > at), "the note under the method");
      free(text);
    }
  crq_diags_free(&d);
  crq_result_free(streamed);
  crq_result_free(exact);
  crq_model_free(m);
}

/* A model without measures: one variant, no reductions, no arrows. */
static const char plain_model[] = "crq_model: 1\n"
                                  "name: plain\n"
                                  "organisation:\n"
                                  "  currency: JPY\n"
                                  "  annual_revenue: \"100億\"\n"
                                  "scenarios:\n"
                                  "  - id: phish\n"
                                  "    name: フィッシング\n"
                                  "    frequency: {poisson: 2}\n"
                                  "    response_cost:\n"
                                  "      cost: \"1000万\"\n";

Test(report_write, model_without_measures_has_one_variant) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  cr_assert_eq(crq_model_load_buffer(plain_model, sizeof plain_model - 1,
                                     "plain.yaml", &d, &m),
               CRQ_OK);
  crq_sim_options o;
  crq_sim_options_init(&o);
  o.trials = 2000;
  crq_result *r = NULL;
  cr_assert_eq(crq_simulate(m, &o, &r, &d), CRQ_OK);
  char *text = NULL;
  cr_assert_eq(write_report(r, "json", "en", &text, &d), CRQ_OK);
  json_error_t e;
  json_t *j = json_loads(text, 0, &e);
  cr_assert_not_null(j, "%s", e.text);
  cr_expect(json_is_null(json_object_get(j, "reductions")));
  cr_expect_eq(json_array_size(
                   json_object_get(json_object_get(j, "settings"), "variants")),
               1);
  cr_expect_null(json_object_get(json_object_get(j, "max_loss"), "measures"));
  cr_expect_eq(json_number_value(json_object_get(
                   json_object_get(json_object_get(j, "max_loss"), "baseline"),
                   "total")),
               1e7);
  json_decref(j);
  free(text);
  cr_assert_eq(write_report(r, "text", "ja", &text, &d), CRQ_OK);
  cr_expect_null(strstr(text, "→"), "no now → after with one variant");
  cr_expect_null(strstr(text, "削減"), "no reductions section");
  cr_expect_not_null(strstr(text, "1,000万円"));
  free(text);
  crq_diags_free(&d);
  crq_result_free(r);
  crq_model_free(m);
}
