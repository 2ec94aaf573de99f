/* engine/report/html_attribution.c — "What each measure buys" in the HTML
 * board report, from the analysis (crq/analysis.h):
 *
 * - a waterfall by measure, in declared order: one row per step (now, then
 *   each measure added to those before it, then all measures), two panels
 *   (maximum loss and EAL), each bar what that step changes — drawn
 *   horizontally so that measure names of any length stay readable;
 * - the Shapley table: each measure's change of the maximum loss, EAL,
 *   VaR 99% and TVaR 99%, averaged over every order of adding the
 *   measures, which adds up to the change of all of them together.
 *
 * The two differ where measures interact (a frequency cut is worth less
 * after a severity cut): the waterfall credits the interaction to the
 * measure added later, Shapley shares it out. Changes are written signed,
 * reductions negative ("-¥4B"), as in the text report.
 */
#include <math.h>
#include <stdio.h>

#include "html.h"
#include "model_def.h"
#include "svg.h"

/* Chart geometry in user units: a column of step names, then two panels
 * of bars, each keeping room on its right for the amounts. */
#define W 640.0
#define LABEL 176.0
#define PANEL ((W - LABEL) / 2)
#define RESERVE 66.0
#define TOP 44.0
#define ROW 30.0
#define BAR 18.0

static const crq_figure panel_figure[2] = {CRQ_FIG_MAX_LOSS, CRQ_FIG_EAL};

static double step_value(const crq_html *h, crq_figure f, size_t k) {
  return crq_analysis_waterfall(h->a, f, k);
}

/* The top of row r (0: now, 1..M: the measures, M + 1: all). */
static double row_top(size_t r) {
  return TOP + ROW * (double)r;
}

/* Panel p's amounts, from 0 to the largest running total. */
static crq_scale panel_scale(const crq_html *h, int p) {
  double top = 0;
  for (size_t k = 0; k <= crq_analysis_measure_count(h->a); k++)
    top = fmax(top, step_value(h, panel_figure[p], k));
  if (!(top > 0))
    top = 1;
  double x0 = LABEL + p * PANEL + 10;
  return (crq_scale){0, top, x0, x0 + PANEL - RESERVE - 10, 0};
}

/* A bar of row r from amount a to b, its label to the right. */
static void bar(const crq_html *h, const crq_scale *xs, size_t r, double a,
                double b, const char *cls, const char *label) {
  double x0 = crq_scale_at(xs, fmin(a, b)), x1 = crq_scale_at(xs, fmax(a, b));
  double y = row_top(r) + (ROW - BAR) / 2;
  crq_svg_rect(h->base.out, x0, y, fmax(x1 - x0, 1.5), BAR, cls);
  crq_svg_text(h->base.out, x1 + 5, y + BAR / 2 + 4, "start", "lbl", label);
}

/* The dashed link carrying the running total from row r to row r + 1. */
static void carry(const crq_html *h, const crq_scale *xs, size_t r, double v) {
  double x = crq_scale_at(xs, v);
  crq_svg_line(h->base.out, x, row_top(r) + (ROW + BAR) / 2, x,
               row_top(r + 1) + (ROW - BAR) / 2, "link");
}

/* Grid lines across the rows, labelled below where the label has room. */
static void axis_ticks(const crq_html *h, const crq_scale *xs, double axis) {
  double tick = crq_nice_step(xs->d1, 4), last_end = -1e9;
  for (double t = 0; t <= xs->d1 * (1 + 1e-9); t += tick) {
    crq_html_cell c;
    double x = crq_scale_at(xs, t);
    double half = crq_svg_text_width(crq_html_amount_str(h, c, t), 11) / 2;
    crq_svg_line(h->base.out, x, TOP - 8, x, axis, "grid");
    if (x - half < last_end + 6)
      continue;
    crq_svg_text(h->base.out, x, axis + 16, "middle", "tick", c);
    last_end = x + half;
  }
}

static void panel(const crq_html *h, int p) {
  crq_figure f = panel_figure[p];
  size_t M = crq_analysis_measure_count(h->a);
  crq_scale xs = panel_scale(h, p);
  double axis = row_top(M + 2) + 2;
  crq_svg_text(h->base.out, xs.p0, TOP - 22, "start", "ptitle",
               p ? crq_html_tr(h, "Expected annual loss", "年間予想損失額")
                 : crq_html_tr(h, "Maximum loss", "最大損失額"));
  axis_ticks(h, &xs, axis);
  crq_html_cell c;
  double run = step_value(h, f, 0);
  bar(h, &xs, 0, 0, run, "wf-now", crq_html_amount_str(h, c, run));
  for (size_t k = 1; k <= M; k++) {
    double next = step_value(h, f, k), d = next - run;
    carry(h, &xs, k - 1, run);
    bar(h, &xs, k, run, next,
        d < 0   ? "wf-down"
        : d > 0 ? "wf-up"
                : "wf-zero",
        d == 0 ? "±0" : crq_html_amount_str(h, c, d));
    run = next;
  }
  carry(h, &xs, M, run);
  bar(h, &xs, M + 1, 0, run, "wf-after", crq_html_amount_str(h, c, run));
}

/* The step names, cut to the label column (the table beside the chart
 * has them in full, in the same order). */
static void step_names(const crq_html *h) {
  size_t M = crq_analysis_measure_count(h->a);
  for (size_t r = 0; r < M + 2; r++) {
    char name[CRQ_AMOUNT_MAX];
    if (r == 0)
      snprintf(name, sizeof name, "%s",
               crq_html_tr(h, "Now (no measure)", "現状 (対策なし)"));
    else if (r <= M)
      snprintf(name, sizeof name, "+ %s", h->base.m->measures[r - 1].name);
    else
      snprintf(name, sizeof name, "%s",
               crq_html_tr(h, "All measures", "全対策"));
    crq_svg_text_fit(h->base.out, 4, row_top(r) + ROW / 2 + 4, "start",
                     r == 0 || r > M ? "rowname strong" : "rowname", name, 12,
                     LABEL - 12);
  }
}

static void chart(const crq_html *h) {
  size_t M = crq_analysis_measure_count(h->a);
  const char *title =
      crq_html_tr(h, "What the measures buy, added in declared order",
                  "対策の効果 (宣言順に追加)");
  fprintf(h->base.out, "<figure><h2>%s</h2>\n", title);
  crq_svg_open(h->base.out, "chart-attribution", W, row_top(M + 2) + 28, title);
  step_names(h);
  for (int p = 0; p < 2; p++)
    panel(h, p);
  crq_html_figure_close(
      h,
      "Each bar is what adding that measure to the ones above "
      "changes. Where measures interact (a frequency cut is "
      "worth less after a severity cut) the later one gets "
      "the interaction; the Shapley values share it out.",
      "各バーはその対策を上の対策に加えたときの変化。対策が"
      "影響し合う場合 (損害額の削減後は頻度の削減の効果が"
      "小さい) はその分を後の対策に計上。シャープレイ値は"
      "均等に配分。");
}

/* A signed change, its cell id "shapley-ROW-FIGURE"; empty when 0. */
static void change_cell(const crq_html *h, const char *row, crq_figure f,
                        double d) {
  fprintf(h->base.out, "<td id=\"shapley-%s-%s\">", row, crq_figure_key(f));
  if (d != 0)
    crq_html_amount(h, d);
  fputs("</td>", h->base.out);
}

static void shapley_table(const crq_html *h) {
  size_t M = crq_analysis_measure_count(h->a);
  fprintf(h->base.out,
          "<div class=\"shapley\"><h2>%s</h2>\n<table><tr><th>%s</th>"
          "<th>%s</th><th>%s</th><th>EAL</th><th>VaR 99%%</th>"
          "<th>TVaR 99%%</th></tr>\n",
          crq_html_tr(h, "What each measure buys (Shapley values)",
                      "対策ごとの効果 (シャープレイ値)"),
          crq_html_tr(h, "Measure", "対策"),
          crq_html_tr(h, "Achievement", "達成率"),
          crq_html_tr(h, "Maximum loss", "最大損失額"));
  for (size_t m = 0; m < M; m++) {
    char row[32];
    snprintf(row, sizeof row, "%zu", m);
    fputs("<tr><td>", h->base.out);
    crq_html_esc(h, h->base.m->measures[m].name);
    crq_html_cell pct;
    fprintf(
        h->base.out, "</td><td>%s</td>",
        crq_percent_format(pct, sizeof pct, crq_analysis_achievement(h->a, m)));
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      change_cell(h, row, (crq_figure)f,
                  -crq_analysis_shapley(h->a, (crq_figure)f, m));
    fputs("</tr>\n", h->base.out);
  }
  fprintf(h->base.out, "<tr class=\"total\"><td>%s</td><td></td>",
          crq_html_tr(h, "All measures", "全対策"));
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    change_cell(h, "all", (crq_figure)f,
                step_value(h, (crq_figure)f, M) -
                    step_value(h, (crq_figure)f, 0));
  fprintf(h->base.out, "</tr>\n</table><p class=\"note\">%s</p></div>\n",
          crq_html_tr(h,
                      "A measure's Shapley value: its change averaged over "
                      "every order of adding the measures, on the same "
                      "simulated years; the values add up to the change of "
                      "all measures together. VaR and TVaR 99%: the annual "
                      "loss exceeded once a century, and its average beyond.",
                      "シャープレイ値: 対策を加える全順序で平均したその対策に"
                      "よる変化 (同じシミュレーション年で評価)。合計は全対策"
                      "による変化。VaR / TVaR 99%: 100年に1度上回る年間損失"
                      "とそれを超える部分の平均。"));
}

void crq_html_attribution(const crq_html *h) {
  fputs("<section class=\"analysis\">\n", h->base.out);
  chart(h);
  shapley_table(h);
  fputs("</section>\n", h->base.out);
}
