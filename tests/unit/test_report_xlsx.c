/* tests/unit/test_report_xlsx.c — the Excel report opened as what it is, a
 * zip archive of XML parts (read here with the zip central directory and
 * zlib): for every example, the six sheets in order, figures stored as
 * numbers (not text) equal to those of the run, the number formats,
 * dates as date serials, and the model's names as escaped XML text. With
 * an analysis, the Measures sheet's ROSI columns and the Attribution and
 * Roadmap sheets hold the analysis API's figures; without one there is no
 * ROSI at all. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "model_def.h"
#include "test_report_formats.h"

static uint32_t zip_u16(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}
static uint32_t zip_u32(const unsigned char *p) {
  return zip_u16(p) | zip_u16(p + 2) << 16;
}

/* The archive in memory. */
typedef struct zip {
  const unsigned char *z;
  size_t len;
} zip;

/* The central directory entry of `name`, or NULL. */
static const unsigned char *zip_find(const zip *a, const char *name) {
  cr_assert_gt(a->len, 22);
  const unsigned char *eocd = a->z + a->len - 22;
  while (eocd > a->z && zip_u32(eocd) != 0x06054b50)
    eocd--;
  cr_assert_eq(zip_u32(eocd), 0x06054b50, "no end of central directory");
  const unsigned char *p = a->z + zip_u32(eocd + 16);
  for (uint32_t i = 0; i < zip_u16(eocd + 10); i++) {
    cr_assert_eq(zip_u32(p), 0x02014b50, "bad central directory entry");
    uint32_t nlen = zip_u16(p + 28);
    if (nlen == strlen(name) && memcmp(p + 46, name, nlen) == 0)
      return p;
    p += 46 + nlen + zip_u16(p + 30) + zip_u16(p + 32);
  }
  return NULL;
}

/* The contents of part `name`, inflated and NUL-terminated. */
static char *zip_read(const zip *a, const char *name) {
  const unsigned char *e = zip_find(a, name);
  cr_assert_not_null(e, "no part %s", name);
  uint32_t method = zip_u16(e + 10), csize = zip_u32(e + 20),
           usize = zip_u32(e + 24);
  const unsigned char *local = a->z + zip_u32(e + 42);
  cr_assert_eq(zip_u32(local), 0x04034b50, "bad local header of %s", name);
  const unsigned char *data =
      local + 30 + zip_u16(local + 26) + zip_u16(local + 28);
  char *out = malloc(usize + 1);
  if (method == 0) {
    memcpy(out, data, usize);
  } else {
    cr_assert_eq(method, 8, "%s: compression method %u", name, method);
    z_stream s = {0};
    cr_assert_eq(inflateInit2(&s, -MAX_WBITS), Z_OK);
    s.next_in = (unsigned char *)data;
    s.avail_in = csize;
    s.next_out = (unsigned char *)out;
    s.avail_out = usize;
    cr_assert_eq(inflate(&s, Z_FINISH), Z_STREAM_END, "%s", name);
    inflateEnd(&s);
  }
  out[usize] = '\0';
  return out;
}

/* The number in cell `ref` of a sheet's XML: asserts the cell exists and
 * holds a number (no t="s" string or t="str" text type). */
static double xlsx_number(const char *sheet, const char *ref) {
  char key[32];
  snprintf(key, sizeof key, "<c r=\"%s\"", ref);
  const char *c = strstr(sheet, key);
  cr_assert_not_null(c, "no cell %s", ref);
  const char *end = strchr(c, '>');
  cr_assert_not_null(end);
  cr_expect_null(memmem(c, (size_t)(end - c), " t=\"", 4),
                 "cell %s is not a number", ref);
  const char *v = strstr(c, "<v>");
  cr_assert_not_null(v, "cell %s has no value", ref);
  return strtod(v + 3, NULL);
}

static void xlsx_expect_close(double got, double want, const char *what) {
  cr_expect(fabs(got - want) <= 1e-12 * fabs(want), "%s: %.17g, expected %.17g",
            what, got, want);
}

static void xlsx_check(const crq_result *r, const crq_model *m,
                       const char *lang) {
  size_t len;
  char *buf = fmt_write(r, "xlsx", lang, 0, &len);
  zip a = {(const unsigned char *)buf, len};
  cr_assert_eq(memcmp(buf, "PK\3\4", 4), 0, "not a zip archive");
  static const char *const parts[] = {"[Content_Types].xml",
                                      "xl/workbook.xml",
                                      "xl/styles.xml",
                                      "xl/sharedStrings.xml",
                                      "xl/worksheets/sheet1.xml",
                                      "xl/worksheets/sheet6.xml"};
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    cr_expect_not_null(zip_find(&a, parts[i]), "no %s", parts[i]);
  cr_expect_null(zip_find(&a, "xl/worksheets/sheet7.xml"));
  char *wb = zip_read(&a, "xl/workbook.xml");
  static const char *const sheets[] = {
      "Summary", "Categories", "Return periods", "LEC", "KPIs", "Measures"};
  const char *at = wb;
  for (size_t i = 0; i < 6; i++) {
    char key[64];
    snprintf(key, sizeof key, "<sheet name=\"%s\"", sheets[i]);
    at = strstr(at, key);
    cr_assert_not_null(at, "sheet %s missing or out of order", sheets[i]);
  }
  char *summary = zip_read(&a, "xl/worksheets/sheet1.xml");
  xlsx_expect_close(xlsx_number(summary, "B5"),
                    crq_result_max_loss(r, CRQ_BASELINE), "maximum loss");
  xlsx_expect_close(xlsx_number(summary, "B6"),
                    crq_result_eal(r, CRQ_BASELINE).value, "EAL");
  char *periods = zip_read(&a, "xl/worksheets/sheet3.xml");
  xlsx_expect_close(xlsx_number(periods, "A5"), 100, "return period");
  xlsx_expect_close(xlsx_number(periods, "B5"), 0.01, "probability");
  xlsx_expect_close(
      xlsx_number(periods, "C5"),
      crq_result_return_period(r, CRQ_BASELINE, CRQ_AEP, 100).value,
      "1-in-100 AEP");
  char *styles = zip_read(&a, "xl/styles.xml");
  cr_expect_not_null(strstr(styles, "formatCode=\"#,##0\""));
  cr_expect_not_null(strstr(styles, "formatCode=\"0.000%\""));
  cr_expect_not_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
  char *strings = zip_read(&a, "xl/sharedStrings.xml");
  cr_expect_not_null(strstr(strings, m->n_measures ? m->measures[0].id
                                                   : m->scenarios[0].name));
  free(strings);
  free(styles);
  free(periods);
  free(summary);
  free(wb);
  free(buf);
}

Test(report_xlsx, every_example_is_a_workbook_of_numbers) {
  glob_t g = fmt_examples();
  for (size_t i = 0; i < g.gl_pathc; i++) {
    crq_model *m;
    crq_result *r = fmt_run_file(g.gl_pathv[i], &m);
    xlsx_check(r, m, i % 2 ? "ja" : "en");
    crq_result_free(r);
    crq_model_free(m);
  }
  globfree(&g);
}

Test(report_xlsx, dates_are_date_serials) {
  crq_model *m;
  crq_result *r = fmt_run_file("examples/jcic_manufacturer.yaml", &m);
  size_t len;
  char *buf = fmt_write(r, "xlsx", "en", 0, &len);
  zip a = {(const unsigned char *)buf, len};
  char *kpis = zip_read(&a, "xl/worksheets/sheet5.xml");
  /* The first KPI starts 2026-04-01: day 46113 counted from 1899-12-30. */
  cr_expect_eq(xlsx_number(kpis, "J2"), 46113);
  free(kpis);
  free(buf);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_xlsx, names_are_escaped_xml_text) {
  crq_model *m;
  crq_result *r = fmt_run_text(fmt_hostile_model(0), &m);
  crq_analysis *an = fmt_analyse(m, r);
  size_t len;
  char *buf = fmt_write_analysis(r, an, "xlsx", "en", 0, &len);
  zip a = {(const unsigned char *)buf, len};
  char *strings = zip_read(&a, "xl/sharedStrings.xml");
  cr_expect_null(strstr(strings, "<script"));
  cr_expect_null(strstr(strings, "<b>"));
  cr_expect_not_null(strstr(strings, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  cr_expect_not_null(strstr(strings, "A&amp;B"));
  cr_expect_not_null(strstr(strings, "&lt;script&gt;alert(4)&lt;/script&gt;"),
                     "the measure");
  cr_expect_not_null(strstr(strings, "A&amp;B &lt;img src=x"), "the KPI");
  cr_expect_not_null(strstr(strings, "&lt;b&gt;tags&lt;/b&gt; (alone)"),
                     "the threshold heading the verdicts");
  free(strings);
  free(buf);
  crq_analysis_free(an);
  fmt_expect_io_error(r, "xlsx");
  crq_result_free(r);
  crq_model_free(m);
}

/* ---- the analysis sheets ---- */

/* The reference of cell (row, col), both from 0 ("A1"; up to column ZZ). */
static const char *xlsx_ref(char *buf, int row, int col) {
  if (col < 26)
    snprintf(buf, 16, "%c%d", 'A' + col, row + 1);
  else
    snprintf(buf, 16, "%c%c%d", 'A' + col / 26 - 1, 'A' + col % 26, row + 1);
  return buf;
}

static void xlsx_expect_cell(const char *sheet, int row, int col, double want,
                             const char *what) {
  char ref[16];
  xlsx_expect_close(xlsx_number(sheet, xlsx_ref(ref, row, col)), want, what);
}

/* Measures: annualised cost, EAL reduction, ROSI and payback (numbers when
 * finite) of measure i on sheet row `row`. */
static void xlsx_expect_rosi(const char *sheet, const crq_analysis *a, size_t i,
                             int row) {
  crq_rosi r = crq_analysis_rosi(a, i);
  xlsx_expect_cell(sheet, row, 5, r.annualised_cost, "annualised cost");
  xlsx_expect_cell(sheet, row, 6, r.eal_reduction, "EAL reduction");
  if (isfinite(r.rosi))
    xlsx_expect_cell(sheet, row, 7, r.rosi, "ROSI");
  if (isfinite(r.payback_years))
    xlsx_expect_cell(sheet, row, 8, r.payback_years, "payback");
}

static void xlsx_check_analysis(const char *path, const char *lang) {
  crq_model *m;
  crq_result *r = fmt_run_file(path, &m);
  crq_analysis *a = fmt_analyse(m, r);
  size_t len, M = m->n_measures;
  char *buf = fmt_write_analysis(r, a, "xlsx", lang, 0, &len);
  zip z = {(const unsigned char *)buf, len};
  size_t steps = a ? crq_analysis_roadmap_count(a) : 0;
  size_t sheets = a ? (steps ? 8 : 7) : 6;
  char part[64];
  snprintf(part, sizeof part, "xl/worksheets/sheet%zu.xml", sheets);
  cr_expect_not_null(zip_find(&z, part), "%s: %s", path, part);
  snprintf(part, sizeof part, "xl/worksheets/sheet%zu.xml", sheets + 1);
  cr_expect_null(zip_find(&z, part), "%s: %s", path, part);
  char *wb = zip_read(&z, "xl/workbook.xml");
  const char *at = strstr(wb, "<sheet name=\"Measures\"");
  cr_assert_not_null(at, "%s", path);
  cr_expect_eq(strstr(at, "<sheet name=\"Attribution\"") != NULL, a != NULL);
  cr_expect_eq(strstr(at, "<sheet name=\"Roadmap\"") != NULL, steps > 0);
  if (a) {
    char *measures = zip_read(&z, "xl/worksheets/sheet6.xml");
    int first = m->n_appetite ? 2 : 1; /* after "before the measures" */
    for (size_t i = 0; i < M; i++)
      xlsx_expect_rosi(measures, a, i, first + (int)i);
    xlsx_expect_rosi(measures, a, CRQ_ALL_MEASURES, first + (int)M);
    char *attribution = zip_read(&z, "xl/worksheets/sheet7.xml");
    for (size_t i = 0; i < M; i++)
      for (int f = 0; f < CRQ_FIG_COUNT; f++)
        xlsx_expect_cell(attribution, 1 + (int)i, 3 + f,
                         crq_analysis_shapley(a, (crq_figure)f, i), "Shapley");
    /* the waterfall after the Shapley table, its total and a blank row */
    for (size_t k = 0; k <= M; k++)
      xlsx_expect_cell(attribution, (int)M + 4 + (int)k, 3,
                       crq_analysis_waterfall(a, CRQ_FIG_EAL, k), "waterfall");
    free(attribution);
    free(measures);
  }
  if (steps) {
    char *roadmap = zip_read(&z, "xl/worksheets/sheet8.xml");
    /* 2026-11-30: day 46356 counted from 1899-12-30 */
    xlsx_expect_cell(roadmap, 0, 1, 46356, "as-of date");
    for (size_t k = 0; k < steps; k++) {
      const crq_roadmap_point *p = crq_analysis_roadmap(a, k);
      int row = 3 + (int)k;
      xlsx_expect_cell(roadmap, row, 2, p->max_loss[0], "planned");
      xlsx_expect_cell(roadmap, row, 6, p->eal[1], "achieved EAL");
      xlsx_expect_cell(roadmap, row, 7, p->eal[1] - p->eal[0], "slippage");
      for (size_t i = 0; i < M; i++)
        xlsx_expect_cell(roadmap, row, 9 + 2 * (int)i, p->achievement[1][i],
                         "achieved achievement");
    }
    free(roadmap);
  }
  free(wb);
  free(buf);
  crq_analysis_free(a);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_xlsx, analysis_sheets_hold_the_analysis_figures) {
  glob_t g = fmt_examples();
  for (size_t i = 0; i < g.gl_pathc; i++)
    xlsx_check_analysis(g.gl_pathv[i], i % 2 ? "en" : "ja");
  globfree(&g);
}

/* Without an analysis the workbook claims no return on the measures. */
Test(report_xlsx, no_rosi_without_analysis) {
  crq_model *m;
  crq_result *r = fmt_run_file("examples/jcic_manufacturer.yaml", &m);
  size_t len;
  char *buf = fmt_write(r, "xlsx", "en", 0, &len);
  zip a = {(const unsigned char *)buf, len};
  char *strings = zip_read(&a, "xl/sharedStrings.xml");
  cr_expect_null(strstr(strings, "ROSI"));
  free(strings);
  free(buf);
  crq_result_free(r);
  crq_model_free(m);
}
