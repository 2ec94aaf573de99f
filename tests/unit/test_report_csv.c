/* tests/unit/test_report_csv.c — the CSV report read back with an RFC 4180
 * parser written here: for every example, the ten documented columns on
 * every row, CRLF line ends, each table with its number of rows, numbers
 * that read back to exactly the figures of the run, and verdicts that are
 * words; names with commas and quotes survive the round trip; the byte
 * order mark appears only when asked for. With an analysis, its tables
 * (shapley, waterfall, rosi, appetite_by_measure, roadmap_max_loss,
 * roadmap_eal) have their documented rows and read back to exactly the
 * analysis API's figures; without one they are absent. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_def.h"
#include "test_report_formats.h"

#define CSV_COLS 10
/* Return periods 10, 20, 50, 100, 200, 250, 500, 1000 (docs/reports.md);
 * LEC points per curve; summary rows per variant (maximum loss, EAL, and
 * per basis mean, SD, largest simulated, 5 × VaR and TVaR) and of the
 * reductions (EAL, 5 × VaR and TVaR). */
#define CSV_PERIODS 8
#define CSV_LEC_POINTS 40
#define CSV_SUMMARY_ROWS 28
#define CSV_REDUCTION_ROWS 11

/* A parsed file: rows of CSV_COLS fields (rows with another number of
 * fields are counted in `ragged`). */
typedef struct csv_doc {
  size_t n;
  char *(*rows)[CSV_COLS];
  size_t ragged;
} csv_doc;

/* Reads one field at *p (quoted or not); advances past it. */
static char *csv_field(const char **p) {
  const char *s = *p;
  char *out = malloc(strlen(s) + 1), *o = out;
  if (*s == '"') {
    for (s++; *s; s++) {
      if (*s == '"' && s[1] == '"')
        *o++ = *s++;
      else if (*s == '"') {
        s++;
        break;
      } else
        *o++ = *s;
    }
  } else {
    while (*s && *s != ',' && *s != '\r' && *s != '\n')
      *o++ = *s++;
  }
  *o = '\0';
  *p = s;
  return out;
}

static csv_doc csv_parse(const char *s) {
  csv_doc d = {0};
  size_t cap = 0;
  while (*s) {
    char *fields[CSV_COLS + 1];
    size_t nf = 0;
    for (;;) {
      char *f = csv_field(&s);
      if (nf <= CSV_COLS)
        fields[nf++] = f;
      else
        free(f);
      if (*s != ',')
        break;
      s++;
    }
    cr_assert(s[0] == '\r' && s[1] == '\n', "a row does not end with CRLF");
    s += 2;
    if (nf != CSV_COLS) {
      d.ragged++;
      for (size_t i = 0; i < nf; i++)
        free(fields[i]);
      continue;
    }
    if (d.n == cap) {
      cap = cap ? 2 * cap : 256;
      d.rows = realloc(d.rows, cap * sizeof *d.rows);
    }
    memcpy(d.rows[d.n++], fields, sizeof d.rows[0]);
  }
  return d;
}

static void csv_free(csv_doc *d) {
  for (size_t i = 0; i < d->n; i++)
    for (int j = 0; j < CSV_COLS; j++)
      free(d->rows[i][j]);
  free(d->rows);
}

static size_t csv_rows_of(const csv_doc *d, const char *table) {
  size_t n = 0;
  for (size_t i = 1; i < d->n; i++)
    n += strcmp(d->rows[i][0], table) == 0;
  return n;
}

/* The value column of the first row matching table, variant, basis, item
 * and parameter (NULL: any). */
static double csv_value(const csv_doc *d, const char *table,
                        const char *variant, const char *basis,
                        const char *item, const char *parameter) {
  const char *key[5] = {table, variant, basis, item, parameter};
  for (size_t i = 1; i < d->n; i++) {
    int ok = 1;
    for (int j = 0; j < 5; j++)
      ok &= !key[j] || strcmp(d->rows[i][j], key[j]) == 0;
    if (ok)
      return strtod(d->rows[i][5], NULL);
  }
  cr_assert_fail("no row %s/%s/%s/%s", table, variant, basis, item);
  return NAN;
}

/* Columns parameter to ci_high hold numbers or nothing. */
static void csv_expect_numbers(const csv_doc *d, const char *path) {
  for (size_t i = 1; i < d->n; i++)
    for (int j = 4; j < 9; j++) {
      char *end;
      strtod(d->rows[i][j], &end);
      cr_expect(d->rows[i][j][0] == '\0' || *end == '\0', "%s row %zu: '%s'",
                path, i, d->rows[i][j]);
    }
}

static void csv_check_example(const char *path) {
  crq_model *m;
  crq_result *r = fmt_run_file(path, &m);
  char *text = fmt_write(r, "csv", "ja", 0, NULL);
  csv_doc d = csv_parse(text);
  int nv = crq_result_variant_count(r);
  static const char *const head[CSV_COLS] = {
      "table", "variant", "basis",  "item",    "parameter",
      "value", "se",      "ci_low", "ci_high", "verdict"};
  cr_assert_eq(d.ragged, 0, "%s: rows without %d fields", path, CSV_COLS);
  cr_assert_gt(d.n, 1);
  for (int j = 0; j < CSV_COLS; j++)
    cr_expect_str_eq(d.rows[0][j], head[j]);
  csv_expect_numbers(&d, path);
  cr_expect_eq(csv_rows_of(&d, "return_period"),
               (size_t)(2 * nv * CSV_PERIODS));
  cr_expect_eq(csv_rows_of(&d, "lec"), (size_t)(2 * nv * CSV_LEC_POINTS));
  cr_expect_eq(csv_rows_of(&d, "category_eal"), (size_t)(nv * CRQ_CAT_COUNT));
  cr_expect_eq(csv_rows_of(&d, "scenario_eal"), nv * m->n_scenarios);
  cr_expect_eq(csv_rows_of(&d, "appetite"), (1 + nv) * m->n_appetite);
  cr_expect_eq(
      csv_rows_of(&d, "summary"),
      (size_t)(nv * CSV_SUMMARY_ROWS + (nv == 2 ? CSV_REDUCTION_ROWS : 0)));
  /* Figures read back exactly. */
  cr_expect_eq(csv_value(&d, "summary", "baseline", "aep", "eal", NULL),
               crq_result_eal(r, CRQ_BASELINE).value);
  cr_expect_eq(csv_value(&d, "summary", "baseline", "", "max_loss", NULL),
               crq_result_max_loss(r, CRQ_BASELINE));
  cr_expect_eq(csv_value(&d, "return_period", "baseline", "aep", "loss", "100"),
               crq_result_return_period(r, CRQ_BASELINE, CRQ_AEP, 100).value);
  cr_expect_eq(csv_value(&d, "summary", "baseline", "aep", "var", "0.99"),
               crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, 0.99).value);
  for (size_t i = 1; i < d.n; i++)
    if (strcmp(d.rows[i][0], "appetite") == 0 &&
        strcmp(d.rows[i][1], "limit") != 0)
      cr_expect(strcmp(d.rows[i][9], "green") == 0 ||
                    strcmp(d.rows[i][9], "amber") == 0 ||
                    strcmp(d.rows[i][9], "red") == 0,
                "verdict '%s'", d.rows[i][9]);
  csv_free(&d);
  free(text);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_csv, every_example_parses_back) {
  glob_t g = fmt_examples();
  for (size_t i = 0; i < g.gl_pathc; i++)
    csv_check_example(g.gl_pathv[i]);
  globfree(&g);
}

Test(report_csv, names_with_commas_and_quotes_round_trip) {
  crq_model *m;
  crq_result *r = fmt_run_text(fmt_hostile_model(0), &m);
  crq_analysis *a = fmt_analyse(m, r);
  char *text = fmt_write_analysis(r, a, "csv", "en", 0, NULL);
  cr_expect_not_null(
      strstr(text, "\"limit, with \"\"quotes\"\" & <b>tags</b>\""));
  csv_doc d = csv_parse(text);
  cr_assert_eq(d.ragged, 0);
  size_t found = 0, by_measure = 0;
  for (size_t i = 1; i < d.n; i++) {
    int plain = strcmp(d.rows[i][0], "appetite") == 0;
    int analysed = strcmp(d.rows[i][0], "appetite_by_measure") == 0;
    if (plain || analysed)
      cr_expect_str_eq(d.rows[i][3], m->appetite[0].name);
    found += plain;
    by_measure += analysed;
  }
  cr_expect_eq(found, 3, "limit, now, after");
  cr_expect_eq(by_measure, 3, "no measure, the measure, all");
  cr_expect_eq(csv_value(&d, "appetite", "limit", "aep", NULL, "20"), 1e8);
  csv_free(&d);
  free(text);
  crq_analysis_free(a);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_csv, byte_order_mark_only_when_asked) {
  crq_model *m;
  crq_result *r = fmt_run_text(fmt_hostile_model(1), &m);
  char *with = fmt_write(r, "csv", "en", 1, NULL);
  char *without = fmt_write(r, "csv", "en", 0, NULL);
  cr_expect_eq(memcmp(with, "\xEF\xBB\xBFtable,variant,", 17), 0);
  cr_expect_eq(strncmp(without, "table,variant,", 14), 0);
  cr_expect_str_eq(with + 3, without, "the mark is the only difference");
  free(with);
  free(without);
  fmt_expect_io_error(r, "csv");
  crq_result_free(r);
  crq_model_free(m);
}

/* ---- the analysis tables ---- */

/* Rows of `table` with variant `variant` (NULL: any). */
static size_t csv_rows_with(const csv_doc *d, const char *table,
                            const char *variant) {
  size_t n = 0;
  for (size_t i = 1; i < d->n; i++)
    n += strcmp(d->rows[i][0], table) == 0 &&
         (!variant || strcmp(d->rows[i][1], variant) == 0);
  return n;
}

/* The value field (text) of the first row matching the keys. */
static const char *csv_field_of(const csv_doc *d, const char *table,
                                const char *variant, const char *item) {
  for (size_t i = 1; i < d->n; i++)
    if (strcmp(d->rows[i][0], table) == 0 &&
        strcmp(d->rows[i][1], variant) == 0 && strcmp(d->rows[i][3], item) == 0)
      return d->rows[i][5];
  cr_assert_fail("no row %s/%s/%s", table, variant, item);
  return NULL;
}

/* A number of the file equals the API's: exactly, infinity as "inf",
 * NAN as an empty field. */
static void csv_expect_number(const char *field, double want,
                              const char *what) {
  if (isnan(want))
    cr_expect_str_empty(field, "%s", what);
  else if (isinf(want))
    cr_expect_str_eq(field, want > 0 ? "inf" : "-inf", "%s", what);
  else
    cr_expect_eq(strtod(field, NULL), want, "%s: %s, expected %.17g", what,
                 field, want);
}

static void csv_expect_rosi(const csv_doc *d, const crq_analysis *a, size_t i,
                            const char *id) {
  crq_rosi r = crq_analysis_rosi(a, i);
  csv_expect_number(csv_field_of(d, "rosi", id, "eal_reduction"),
                    r.eal_reduction, "eal_reduction");
  csv_expect_number(csv_field_of(d, "rosi", id, "annualised_cost"),
                    r.annualised_cost, "annualised_cost");
  csv_expect_number(csv_field_of(d, "rosi", id, "rosi"), r.rosi, "rosi");
  csv_expect_number(csv_field_of(d, "rosi", id, "payback_years"),
                    r.payback_years, "payback_years");
}

static void csv_check_analysis(const char *path) {
  crq_model *m;
  crq_result *r = fmt_run_file(path, &m);
  crq_analysis *a = fmt_analyse(m, r);
  char *text = fmt_write_analysis(r, a, "csv", "en", 0, NULL);
  csv_doc d = csv_parse(text);
  cr_assert_eq(d.ragged, 0, "%s", path);
  csv_expect_numbers(&d, path);
  size_t M = m->n_measures, steps = a ? crq_analysis_roadmap_count(a) : 0;
  size_t figs = CRQ_FIG_COUNT;
  cr_expect_eq(csv_rows_of(&d, "shapley"), a ? figs * (M + 1) : 0, "%s", path);
  cr_expect_eq(csv_rows_of(&d, "waterfall"), a ? figs * (M + 1) : 0, "%s",
               path);
  cr_expect_eq(csv_rows_of(&d, "rosi"), a ? 7 * M + 6 : 0, "%s", path);
  cr_expect_eq(csv_rows_of(&d, "appetite_by_measure"),
               a ? (M + 2) * m->n_appetite : 0, "%s", path);
  cr_expect_eq(csv_rows_of(&d, "roadmap_max_loss"), 3 * steps, "%s", path);
  cr_expect_eq(csv_rows_of(&d, "roadmap_eal"), 3 * steps, "%s", path);
  for (size_t i = 0; a && i < M; i++) {
    const char *id = m->measures[i].id;
    cr_expect_eq(csv_value(&d, "shapley", id, "aep", "eal", NULL),
                 crq_analysis_shapley(a, CRQ_FIG_EAL, i));
    cr_expect_eq(csv_value(&d, "shapley", id, "", "max_loss", NULL),
                 crq_analysis_shapley(a, CRQ_FIG_MAX_LOSS, i));
    cr_expect_eq(csv_value(&d, "shapley", id, "aep", "tvar", "0.99"),
                 crq_analysis_shapley(a, CRQ_FIG_TVAR99, i));
    cr_expect_eq(csv_value(&d, "waterfall", id, "aep", "var", "0.99"),
                 crq_analysis_waterfall(a, CRQ_FIG_VAR99, i + 1));
    cr_expect_eq(csv_rows_with(&d, "appetite_by_measure", id), m->n_appetite);
    csv_expect_rosi(&d, a, i, id);
  }
  if (a) {
    cr_expect_eq(csv_value(&d, "waterfall", "baseline", "", "max_loss", NULL),
                 crq_analysis_waterfall(a, CRQ_FIG_MAX_LOSS, 0));
    csv_expect_rosi(&d, a, CRQ_ALL_MEASURES, "all");
    for (size_t t = 0; t < m->n_appetite; t++) {
      crq_verdict v;
      cr_assert_eq(crq_analysis_verdict(a, CRQ_ALL_MEASURES, t, &v), 0);
      static const char *const words[] = {"green", "amber", "red"};
      for (size_t i = 1; i < d.n; i++)
        if (strcmp(d.rows[i][0], "appetite_by_measure") == 0 &&
            strcmp(d.rows[i][1], "all") == 0 &&
            strcmp(d.rows[i][3], m->appetite[t].name) == 0)
          cr_expect_str_eq(d.rows[i][9], words[v]);
    }
  }
  for (size_t k = 0; k < steps; k++) {
    const crq_roadmap_point *p = crq_analysis_roadmap(a, k);
    cr_expect_eq(csv_value(&d, "roadmap_eal", "achieved", "aep", p->date, NULL),
                 p->eal[1]);
    cr_expect_eq(
        csv_value(&d, "roadmap_max_loss", "slippage", "", p->date, NULL),
        p->max_loss[1] - p->max_loss[0]);
  }
  csv_free(&d);
  free(text);
  crq_analysis_free(a);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_csv, analysis_tables_hold_the_analysis_figures) {
  glob_t g = fmt_examples();
  for (size_t i = 0; i < g.gl_pathc; i++)
    csv_check_analysis(g.gl_pathv[i]);
  globfree(&g);
}

/* The JCIC plan starts 2026-04-01, 243 days before the as-of date; the
 * responders never pay back their cost on the EAL alone ("inf"). */
Test(report_csv, roadmap_days_and_never_paid_back) {
  crq_model *m;
  crq_result *r = fmt_run_file("examples/jcic_manufacturer.yaml", &m);
  crq_analysis *a = fmt_analyse(m, r);
  char *text = fmt_write_analysis(r, a, "csv", "en", 0, NULL);
  csv_doc d = csv_parse(text);
  cr_expect_eq(
      csv_value(&d, "roadmap_eal", "planned", "aep", "2026-04-01", "-243"),
      crq_analysis_roadmap(a, 0)->eal[0]);
  cr_expect_str_eq(csv_field_of(&d, "rosi", "more_responders", "payback_years"),
                   "inf");
  csv_free(&d);
  free(text);
  crq_analysis_free(a);
  crq_result_free(r);
  crq_model_free(m);
}
