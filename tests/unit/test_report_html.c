/* tests/unit/test_report_html.c — the HTML board report, written in-process
 * for every example in both languages: a complete, balanced document with
 * both SVG charts, the same headline figures as the text report of the
 * same run, every name of the model, and nothing that runs or fetches
 * (no script, no URL). With an analysis, the attribution chart, the
 * Shapley table, ROSI and payback per measure and overall, the verdicts and
 * the roadmap's slippage show exactly the analysis API's figures, on three
 * pages; without one they are absent and the method note says so. A model
 * whose names (model, scenarios, measures, KPIs, owners, thresholds) hold
 * markup, quotes and ampersands shows them only as escaped text, with and
 * without the analysis; a model without measures gets one variant and no
 * story. The browser check (scripts/render.sh) renders the same reports in
 * Chromium. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_def.h"
#include "report/amount.h"
#include "test_report_formats.h"

/* Occurrences of needle in s. */
static size_t html_count(const char *s, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* s with &, <, >, " and ' escaped (an independent re-implementation). */
static char *html_escaped(const char *s) {
  char *out = malloc(6 * strlen(s) + 1), *o = out;
  for (; *s; s++) {
    const char *rep = *s == '&'    ? "&amp;"
                      : *s == '<'  ? "&lt;"
                      : *s == '>'  ? "&gt;"
                      : *s == '"'  ? "&quot;"
                      : *s == '\'' ? "&#39;"
                                   : NULL;
    if (rep)
      o += sprintf(o, "%s", rep);
    else
      *o++ = *s;
  }
  *o = '\0';
  return out;
}

static void html_expect_name(const char *html, const char *name,
                             const char *what) {
  if (!name)
    return;
  char *e = html_escaped(name);
  cr_expect_not_null(strstr(html, e), "%s '%s' not in the report", what, e);
  free(e);
}

#define HTML_FIGURES 512

/* The figures of a headline row of the text report ("  Label   a → b"),
 * standard errors in brackets dropped: now and after (empty with one
 * variant). */
static void html_text_figures(const char *text, const char *label, char *now,
                              char *after) {
  char key[128];
  snprintf(key, sizeof key, "\n  %s ", label);
  const char *p = strstr(text, key);
  cr_assert_not_null(p, "no '%s' row in the text report", label);
  p += strlen(key);
  p += strspn(p, " ");
  size_t n = strcspn(p, "\n");
  cr_assert_lt(n, HTML_FIGURES);
  char line[HTML_FIGURES];
  memcpy(line, p, n);
  line[n] = '\0';
  char *arrow = strstr(line, " → ");
  strcpy(after, arrow ? arrow + strlen(" → ") : "");
  if (arrow)
    *arrow = '\0';
  strcpy(now, line);
  now[strcspn(now, "(")] = '\0';
  after[strcspn(after, "(")] = '\0';
  for (char *s = now; *s && s[strlen(s) - 1] == ' ';)
    s[strlen(s) - 1] = '\0';
  for (char *s = after; *s && s[strlen(s) - 1] == ' ';)
    s[strlen(s) - 1] = '\0';
}

/* The page shows the text report's figure for `label` under element ids
 * ID-now and ID-after. */
static void html_expect_figures(const char *html, const char *text,
                                const char *label, const char *id) {
  char now[HTML_FIGURES], after[HTML_FIGURES], tag[2 * HTML_FIGURES];
  html_text_figures(text, label, now, after);
  snprintf(tag, sizeof tag, "id=\"%s-now\">%s<", id, now);
  cr_expect_not_null(strstr(html, tag), "'%s' not in the page", tag);
  if (after[0]) {
    snprintf(tag, sizeof tag, "id=\"%s-after\">%s<", id, after);
    cr_expect_not_null(strstr(html, tag), "'%s' not in the page", tag);
  }
}

/* A whole document whose elements open and close in pairs, with nothing
 * that runs or loads. */
static void html_expect_document(const char *html, const char *lang) {
  char head[64];
  snprintf(head, sizeof head, "<!DOCTYPE html>\n<html lang=\"%s\">", lang);
  cr_expect_eq(strncmp(html, head, strlen(head)), 0, "document start");
  size_t len = strlen(html);
  cr_expect(len > 8 && strcmp(html + len - 8, "</html>\n") == 0, "end");
  static const char *const tags[] = {
      "svg",    "section", "table", "div",  "figure",    "ul", "li",
      "tr",     "td",      "th",    "p",    "b",         "h2", "small",
      "header", "style",   "span",  "text", "figcaption"};
  for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
    char open[16], open_attr[16], close[16];
    snprintf(open, sizeof open, "<%s>", tags[i]);
    snprintf(open_attr, sizeof open_attr, "<%s ", tags[i]);
    snprintf(close, sizeof close, "</%s>", tags[i]);
    cr_expect_eq(html_count(html, open) + html_count(html, open_attr),
                 html_count(html, close), "<%s>", tags[i]);
  }
  cr_expect_null(strcasestr(html, "<script"), "a script");
  cr_expect_null(strcasestr(html, "http"), "a URL");
  static const char *const loaders[] = {"<img",   "<image",  "<iframe",
                                        "<link",  "<object", "<embed",
                                        "<video", "<audio",  "href"};
  for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++)
    cr_expect_null(strcasestr(html, loaders[i]), "%s", loaders[i]);
  cr_expect_null(strstr(html, "url("), "a style sheet resource");
  cr_expect_not_null(strstr(html, "@page{size:A4 landscape"), "print size");
}

static void html_check_example(const char *path, const char *lang) {
  crq_model *m;
  crq_result *r = fmt_run_file(path, &m);
  char *html = fmt_write(r, "html", lang, 0, NULL);
  char *text = fmt_write(r, "text", lang, 0, NULL);
  int ja = strcmp(lang, "ja") == 0, nv = crq_result_variant_count(r);
  html_expect_document(html, lang);
  cr_expect_eq(html_count(html, "<svg class=\"chart-waterfall\""), 1, "%s",
               path);
  cr_expect_eq(html_count(html, "<svg class=\"chart-lec\""), 1, "%s", path);
  cr_expect_geq(html_count(html, "<polyline class=\"curve-now"), 2, "%s", path);
  cr_expect_eq(html_count(html, "<polyline class=\"curve-after") >= 2, nv == 2,
               "%s", path);
  cr_expect_geq(html_count(html, "<rect class=\"cat"), 2, "%s", path);
  html_expect_figures(html, text, ja ? "最大損失額" : "Maximum loss",
                      "max-loss");
  html_expect_figures(
      html, text, ja ? "年間予想損失額 (EAL)" : "Expected annual loss", "eal");
  html_expect_name(html, m->name, "model name");
  for (size_t i = 0; i < m->n_measures; i++)
    html_expect_name(html, m->measures[i].name, "measure");
  for (size_t i = 0; i < m->n_kpis; i++) {
    html_expect_name(html, m->kpis[i].name, "KPI");
    html_expect_name(html, m->kpis[i].owner, "KPI owner");
  }
  for (size_t i = 0; i < m->n_appetite; i++)
    html_expect_name(html, m->appetite[i].name, "appetite threshold");
  html_expect_name(
      html,
      crq_model_scenario_name(m, crq_result_worst_scenario(r, CRQ_BASELINE)),
      "worst scenario");
  cr_expect_eq(html_count(html, "class=\"threshold\""), m->n_appetite);
  cr_expect_eq(html_count(html, "class=\"story\""), nv == 2 ? 1u : 0u);
  free(text);
  free(html);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_html, every_example_in_both_languages) {
  glob_t g = fmt_examples();
  for (size_t i = 0; i < g.gl_pathc; i++) {
    html_check_example(g.gl_pathv[i], "en");
    html_check_example(g.gl_pathv[i], "ja");
  }
  globfree(&g);
}

Test(report_html, model_names_appear_only_escaped) {
  crq_model *m;
  crq_result *r = fmt_run_text(fmt_hostile_model(0), &m);
  char *html = fmt_write(r, "html", "en", 0, NULL);
  html_expect_document(html, "en");
  cr_expect_null(strcasestr(html, "<script"));
  cr_expect_null(strstr(html, "<b>tags"));
  cr_expect_null(strstr(html, "A&B"), "a raw ampersand");
  cr_expect_null(strstr(html, "\"quotes\""), "raw quotes");
  cr_expect_not_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  cr_expect_not_null(strstr(html, "&lt;script&gt;alert(2)&lt;/script&gt;"));
  cr_expect_not_null(strstr(html, "A&amp;B &lt;img src=x"));
  cr_expect_not_null(strstr(html, "A&amp;B&#39;s &lt;script&gt;alert(4)"));
  cr_expect_not_null(strstr(html, "&quot;quotes&quot; &amp; &lt;b&gt;tags"));
  cr_expect_not_null(strstr(html, "<title>&lt;script&gt;alert(1)"));
  cr_expect_not_null(strstr(html, "aria-label=\""), "charts are labelled");
  free(html);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_html, model_without_measures_has_one_variant_and_no_story) {
  crq_model *m;
  crq_result *r = fmt_run_text(fmt_hostile_model(1), &m);
  char *html = fmt_write(r, "html", "ja", 0, NULL);
  html_expect_document(html, "ja");
  cr_expect_null(strstr(html, "class=\"story\""));
  cr_expect_null(strstr(html, "対策後"), "no after-measures figures");
  cr_expect_null(strstr(html, "max-loss-after"));
  cr_expect_null(strstr(html, "<polyline class=\"curve-after"));
  cr_expect_not_null(strstr(html, "<svg class=\"chart-waterfall\""));
  cr_expect_not_null(strstr(html, "<svg class=\"chart-lec\""));
  cr_expect_not_null(strstr(html, "id=\"max-loss-now\""));
  free(html);
  crq_result_free(r);
  crq_model_free(m);
}

/* A measure that cuts the maximum loss to 0.3% of it: the after figure
 * keeps its own figures (not the ¥0 the before's rounding step would
 * give), and the change reads -99.7%, not -100%. */
Test(report_html, a_near_total_cut_is_not_rounded_away) {
  crq_model *m;
  crq_result *r =
      fmt_run_text("crq_model: 1\nname: cut\nscenarios:\n  - id: A\n"
                   "    frequency: {poisson: 0.1}\n"
                   "    response_cost: {cost: \"141億\"}\n"
                   "measures:\n  - id: m\n    effects: [{target: "
                   "scenarios.A.response_cost.cost, scale: 0.003}]\n",
                   &m);
  char *html = fmt_write(r, "html", "en", 0, NULL);
  cr_expect_not_null(strstr(html, "id=\"max-loss-after\">¥42.3M<"));
  cr_expect_not_null(strstr(html, "class=\"delta\">-99.7%"));
  cr_expect_null(strstr(html, "-100%"));
  free(html);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_html, stream_errors_are_io_errors) {
  crq_model *m;
  crq_result *r = fmt_run_text(fmt_hostile_model(0), &m);
  fmt_expect_io_error(r, "html");
  crq_result_free(r);
  crq_model_free(m);
}

/* ---- the analysis sections ---- */

/* The page holds `id="ID">TEXT<`. */
static void html_expect_cell(const char *html, const char *id,
                             const char *text) {
  char tag[2 * HTML_FIGURES];
  snprintf(tag, sizeof tag, "id=\"%s\">%s<", id, text);
  cr_expect_not_null(strstr(html, tag), "'%s' not in the page", tag);
}

/* An amount as the report writes it (empty for 0 when `blank_zero`). */
static const char *html_amount(const crq_model *m, int ja, double x,
                               int blank_zero, char *buf) {
  crq_amount_style style = {ja, crq_model_currency(m)};
  if (blank_zero && x == 0)
    buf[0] = '\0';
  else
    crq_amount_format(buf, CRQ_AMOUNT_MAX, x, &style);
  return buf;
}

static void html_expect_shapley(const char *html, const crq_analysis *a,
                                const crq_model *m, int ja) {
  static const char *const keys[CRQ_FIG_COUNT] = {"max_loss", "eal", "var99",
                                                  "tvar99"};
  size_t M = crq_analysis_measure_count(a);
  char id[64], amount[CRQ_AMOUNT_MAX];
  for (int f = 0; f < CRQ_FIG_COUNT; f++) {
    for (size_t i = 0; i < M; i++) {
      snprintf(id, sizeof id, "shapley-%zu-%s", i, keys[f]);
      html_expect_cell(html, id,
                       html_amount(m, ja,
                                   -crq_analysis_shapley(a, (crq_figure)f, i),
                                   1, amount));
    }
    snprintf(id, sizeof id, "shapley-all-%s", keys[f]);
    html_expect_cell(
        html, id,
        html_amount(m, ja,
                    crq_analysis_waterfall(a, (crq_figure)f, M) -
                        crq_analysis_waterfall(a, (crq_figure)f, 0),
                    1, amount));
  }
}

/* ROSI and payback of measure i (or CRQ_ALL_MEASURES, row "all"). */
static void html_expect_rosi(const char *html, const crq_analysis *a, size_t i,
                             int ja) {
  crq_rosi r = crq_analysis_rosi(a, i);
  char id[64], row[32] = "all", text[64];
  if (i != CRQ_ALL_MEASURES)
    snprintf(row, sizeof row, "%zu", i);
  snprintf(id, sizeof id, "rosi-%s", row);
  if (isnan(r.rosi))
    snprintf(text, sizeof text, "n/a");
  else /* three figures, as the text report has it */
    crq_percent_format(text, sizeof text, r.rosi);
  html_expect_cell(html, id, text);
  snprintf(id, sizeof id, "payback-%s", row);
  html_expect_cell(html, id,
                   crq_payback_format(text, sizeof text, r.payback_years, ja));
}

/* The slippage at the end of the plan, under the roadmap charts. */
static void html_expect_slippage(const char *html, const crq_analysis *a,
                                 const crq_model *m, int ja) {
  const crq_roadmap_point *p =
      crq_analysis_roadmap(a, crq_analysis_roadmap_count(a) - 1);
  double d = p->eal[1] - p->eal[0];
  char amount[CRQ_AMOUNT_MAX], text[CRQ_AMOUNT_MAX + 2];
  if (d == 0)
    snprintf(text, sizeof text, "±0");
  else
    snprintf(text, sizeof text, "%s%s", d > 0 ? "+" : "",
             html_amount(m, ja, d, 0, amount));
  html_expect_cell(html, "slip-end-eal", text);
}

static void html_check_analysis(const char *path, const char *lang) {
  crq_model *m;
  crq_result *r = fmt_run_file(path, &m);
  crq_analysis *a = fmt_analyse(m, r);
  char *html = fmt_write_analysis(r, a, "html", lang, 0, NULL);
  int ja = strcmp(lang, "ja") == 0;
  html_expect_document(html, lang);
  size_t M = m->n_measures, roadmap = a ? crq_analysis_roadmap_count(a) : 0;
  cr_expect_eq(html_count(html, "<div class=\"page\">"), a ? 3u : 2u, "%s",
               path);
  cr_expect_eq(html_count(html, "<svg class=\"chart-attribution\""),
               a ? 1u : 0u, "%s", path);
  cr_expect_eq(html_count(html, "<svg class=\"chart-roadmap-eal\""),
               roadmap ? 1u : 0u, "%s", path);
  if (a) {
    cr_expect_eq(html_count(html, "class=\"rowname"), M + 2, "%s", path);
    cr_expect_eq(html_count(html, "<td class=\"v "), (M + 2) * m->n_appetite,
                 "%s", path);
    html_expect_shapley(html, a, m, ja);
    for (size_t i = 0; i < M; i++)
      html_expect_rosi(html, a, i, ja);
    html_expect_rosi(html, a, CRQ_ALL_MEASURES, ja);
    char rosi[64];
    crq_percent_format(rosi, sizeof rosi,
                       crq_analysis_rosi(a, CRQ_ALL_MEASURES).rosi);
    html_expect_cell(html, "rosi", rosi);
  }
  if (roadmap)
    html_expect_slippage(html, a, m, ja);
  crq_analysis_free(a);
  free(html);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_html, analysis_sections_show_the_analysis_figures) {
  glob_t g = fmt_examples();
  for (size_t i = 0; i < g.gl_pathc; i++) {
    html_check_analysis(g.gl_pathv[i], "en");
    html_check_analysis(g.gl_pathv[i], "ja");
  }
  globfree(&g);
}

Test(report_html, without_analysis_no_attribution_roadmap_or_rosi) {
  crq_model *m;
  crq_result *r = fmt_run_file("examples/jcic_manufacturer.yaml", &m);
  char *html = fmt_write(r, "html", "en", 0, NULL);
  html_expect_document(html, "en");
  cr_expect_eq(html_count(html, "<div class=\"page\">"), 2);
  cr_expect_null(strstr(html, "chart-attribution"));
  cr_expect_null(strstr(html, "chart-roadmap"));
  cr_expect_null(strstr(html, "ROSI <b"), "no ROSI of its own");
  cr_expect_null(strstr(html, "id=\"rosi"));
  cr_expect_null(strstr(html, "id=\"shapley"));
  cr_expect_not_null(strstr(html, "ROSI are left out"), "the method says so");
  free(html);
  crq_result_free(r);
  crq_model_free(m);
}

Test(report_html, analysis_names_appear_only_escaped) {
  crq_model *m;
  crq_result *r = fmt_run_text(fmt_hostile_model(0), &m);
  crq_analysis *a = fmt_analyse(m, r);
  char *html = fmt_write_analysis(r, a, "html", "en", 0, NULL);
  html_expect_document(html, "en");
  cr_expect_null(strcasestr(html, "<script"));
  cr_expect_null(strcasestr(html, "<img"));
  cr_expect_null(strstr(html, "<b>tags"));
  /* the measure: in full in the tables, cut with an ellipsis in the chart */
  const char *measure = "A&amp;B&#39;s &lt;script&gt;alert(4)&lt;/script&gt;";
  cr_expect_eq(html_count(html, measure), 3, "story, Shapley and cost tables");
  cr_expect_not_null(strstr(html, ">+ A&amp;B&#39;s &lt;script"));
  cr_expect_not_null(strstr(html, "…</text>"));
  /* the KPI and its owner, the threshold heading the verdicts */
  cr_expect_not_null(
      strstr(html, "A&amp;B &lt;img src=x onerror=alert(3)&gt;"));
  cr_expect_not_null(strstr(html, "<td>&quot;quotes&quot;</td>"));
  cr_expect_not_null(
      strstr(html, "<th class=\"sub\">limit, with &quot;quotes&quot; &amp; "
                   "&lt;b&gt;tags&lt;/b&gt;</th>"));
  free(html);
  crq_analysis_free(a);
  crq_result_free(r);
  crq_model_free(m);
}
