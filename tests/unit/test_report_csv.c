/* tests/unit/test_report_csv.c — the CSV report read back with an RFC 4180
 * parser written here: for every example, the ten documented columns on
 * every row, CRLF line ends, each table with its number of rows, numbers
 * that read back to exactly the figures of the run, and verdicts that are
 * words; names with commas and quotes survive the round trip; the byte
 * order mark appears only when asked for. */
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
  for (size_t i = 1; i < d.n; i++)
    for (int j = 4; j < 9; j++) { /* numbers or empty */
      char *end;
      strtod(d.rows[i][j], &end);
      cr_expect(d.rows[i][j][0] == '\0' || *end == '\0', "%s row %zu: '%s'",
                path, i, d.rows[i][j]);
    }
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
  char *text = fmt_write(r, "csv", "en", 0, NULL);
  cr_expect_not_null(
      strstr(text, "\"limit, with \"\"quotes\"\" & <b>tags</b>\""));
  csv_doc d = csv_parse(text);
  cr_assert_eq(d.ragged, 0);
  size_t found = 0;
  for (size_t i = 1; i < d.n; i++)
    if (strcmp(d.rows[i][0], "appetite") == 0) {
      cr_expect_str_eq(d.rows[i][3], m->appetite[0].name);
      found++;
    }
  cr_expect_eq(found, 3, "limit, now, after");
  cr_expect_eq(csv_value(&d, "appetite", "limit", "aep", NULL, "20"), 1e8);
  csv_free(&d);
  free(text);
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
