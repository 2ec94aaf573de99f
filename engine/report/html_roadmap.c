/* engine/report/html_roadmap.c — the KPI roadmap of the HTML board report,
 * from the analysis (crq/analysis.h): the maximum loss and the EAL at
 * every month (or quarter) of the plan, as planned (every KPI progressing
 * linearly from its start to its due date) and as achieved (the actuals
 * up to the as-of date, then held), one chart each, side by side.
 *
 * Time runs left to right in days, so the as-of date — a vertical line —
 * can fall between two steps; what lies after it is shaded, since the
 * achieved line there only holds the latest actuals. The band between the
 * two lines is the slippage, and the sentence under the charts states its
 * cost (achieved − planned) at the last step up to the as-of date and at
 * the end of the plan. Figures and formulas: docs/kpi.md, "Roadmap".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/date.h"
#include "html.h"
#include "svg.h"

/* Chart size in user units (two side by side, as on page 1). */
#define W 640.0
#define H 264.0
#define LEFT 84.0
#define RIGHT (W - 24.0)
#define TOP 30.0
#define BOTTOM (H - 64.0)

/* The day number of a roadmap point. */
static double point_day(const crq_roadmap_point *p) {
  long d = 0;
  crq_date_parse(p->date, &d);
  return (double)d;
}

/* Figure f (0: maximum loss, 1: EAL) of point p along path k (0: planned,
 * 1: achieved). */
static double value(const crq_roadmap_point *p, int f, int k) {
  return f ? p->eal[k] : p->max_loss[k];
}

/* Writes the pixels of path k of figure f, first to last or (reverse)
 * last to first. */
static void path_points(const crq_html *h, const crq_scale *xs,
                        const crq_scale *ys, int f, int k, int reverse) {
  size_t n = crq_analysis_roadmap_count(h->a);
  for (size_t j = 0; j < n; j++) {
    const crq_roadmap_point *p =
        crq_analysis_roadmap(h->a, reverse ? n - 1 - j : j);
    fprintf(h->base.out, "%s%.1f,%.1f", j ? " " : "",
            crq_scale_at(xs, point_day(p)), crq_scale_at(ys, value(p, f, k)));
  }
}

/* The band between the planned and achieved lines: the slippage. */
static void band(const crq_html *h, const crq_scale *xs, const crq_scale *ys,
                 int f) {
  fputs("<polygon class=\"slip\" points=\"", h->base.out);
  path_points(h, xs, ys, f, 0, 0);
  fputc(' ', h->base.out);
  path_points(h, xs, ys, f, 1, 1);
  fputs("\"/>\n", h->base.out);
}

static void line(const crq_html *h, const crq_scale *xs, const crq_scale *ys,
                 int f, int k) {
  fprintf(h->base.out, "<polyline class=\"%s\" points=\"",
          k ? "road-achieved" : "road-planned");
  path_points(h, xs, ys, f, k, 0);
  fputs("\"/>\n", h->base.out);
}

/* The date axis: a tick at every step, labelled ("2026-04" for the first
 * of a month, else the whole date) where the label has room. */
static void date_axis(const crq_html *h, const crq_scale *xs) {
  double last_end = -1e9;
  for (size_t i = 0; i < crq_analysis_roadmap_count(h->a); i++) {
    const crq_roadmap_point *p = crq_analysis_roadmap(h->a, i);
    double x = crq_scale_at(xs, point_day(p));
    crq_svg_line(h->base.out, x, BOTTOM, x, BOTTOM + 4, "axis");
    char label[11];
    snprintf(label, sizeof label, "%s", p->date);
    if (strcmp(label + 8, "01") == 0)
      label[7] = '\0';
    double half = crq_svg_text_width(label, 11) / 2;
    if (x - half < last_end + 6 || x + half > W)
      continue;
    crq_svg_text(h->base.out, x, BOTTOM + 17, "middle", "tick", label);
    last_end = x + half;
  }
  crq_svg_line(h->base.out, LEFT, BOTTOM, RIGHT, BOTTOM, "axis");
}

/* The as-of date: a line, its label, and the time after it shaded. */
static void as_of(const crq_html *h, const crq_scale *xs) {
  long day;
  if (crq_date_parse(crq_analysis_as_of(h->a), &day) != 0 ||
      (double)day >= xs->d1)
    return;
  double x = crq_scale_at(xs, (double)day);
  crq_svg_rect(h->base.out, x, TOP, RIGHT - x, BOTTOM - TOP, "future");
  if ((double)day <= xs->d0)
    return;
  crq_svg_line(h->base.out, x, TOP - 6, x, BOTTOM, "asof");
  char label[64];
  snprintf(label, sizeof label, h->base.ja ? "基準日 %s" : "as of %s",
           crq_analysis_as_of(h->a));
  crq_svg_text(h->base.out, x, TOP - 10, x > W / 2 ? "end" : "start", "small",
               label);
}

static void legend(const crq_html *h) {
  double y = H - 18, x = LEFT;
  static const char *const cls[2] = {"road-planned", "road-achieved"};
  const char *text[2] = {crq_html_tr(h, "As planned", "計画"),
                         crq_html_tr(h, "As achieved", "実績")};
  for (int k = 0; k < 2; k++) {
    crq_svg_polyline(h->base.out, (double[]){x, x + 26},
                     (double[]){y - 4, y - 4}, 2, cls[k]);
    crq_svg_text(h->base.out, x + 32, y, "start", "small", text[k]);
    x += 48 + crq_svg_text_width(text[k], 11);
  }
  crq_svg_rect(h->base.out, x, y - 10, 16, 12, "slip");
  const char *slip = crq_html_tr(h, "Slippage", "遅れ");
  crq_svg_text(h->base.out, x + 22, y, "start", "small", slip);
  x += 40 + crq_svg_text_width(slip, 11);
  crq_svg_rect(h->base.out, x, y - 10, 16, 12, "future legend-future");
  crq_svg_text(h->base.out, x + 22, y, "start", "small",
               crq_html_tr(h, "After the as-of date (actuals held)",
                           "基準日より後 (実績は最新値のまま)"));
}

static void chart(const crq_html *h, int f) {
  size_t n = crq_analysis_roadmap_count(h->a);
  double top = 0;
  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < 2; k++)
      top = fmax(top, value(crq_analysis_roadmap(h->a, i), f, k));
  top = top > 0 ? top * 1.1 : 1;
  double d0 = point_day(crq_analysis_roadmap(h->a, 0));
  double d1 = point_day(crq_analysis_roadmap(h->a, n - 1));
  crq_scale xs = {d0, d1 > d0 ? d1 : d0 + 1, LEFT, RIGHT, 0};
  crq_scale ys = {0, top, BOTTOM, TOP, 0};
  const char *title =
      f ? crq_html_tr(h, "Expected annual loss along the plan",
                      "計画期間の年間予想損失額")
        : crq_html_tr(h, "Maximum loss along the plan", "計画期間の最大損失額");
  fprintf(h->base.out, "<figure><h2>%s</h2>\n", title);
  crq_svg_open(h->base.out, f ? "chart-roadmap-eal" : "chart-roadmap-max-loss",
               W, H, title);
  as_of(h, &xs);
  double tick = crq_nice_step(top, 4);
  for (double t = 0; t <= top * (1 + 1e-9); t += tick) {
    crq_html_cell c;
    crq_svg_grid_y(h->base.out, &ys, t, LEFT, RIGHT,
                   crq_html_amount_str(h, c, t));
  }
  date_axis(h, &xs);
  band(h, &xs, &ys, f);
  line(h, &xs, &ys, f, 1);
  line(h, &xs, &ys, f, 0); /* dashed, over the achieved line it may hide */
  legend(h);
  crq_svg_close(h->base.out);
  fputs("</figure>\n", h->base.out);
}

/* A slippage amount in <b id="slip-WHEN-FIGURE">, with what it means. */
static void slip_amount(const crq_html *h, const char *when, const char *fig,
                        double d) {
  fprintf(h->base.out, "<b id=\"slip-%s-%s\">", when, fig);
  if (d == 0) {
    fputs("±0</b>", h->base.out);
    return;
  }
  crq_html_cell c;
  crq_html_amount_str(h, c, d);
  fprintf(h->base.out, "%s%s</b> (%s)", d > 0 ? "+" : "", c,
          d > 0 ? crq_html_tr(h, "behind plan", "計画より遅れ")
                : crq_html_tr(h, "ahead of plan", "計画より先行"));
}

/* "on DATE: maximum loss X, EAL Y a year" for point p. */
static void slip_at(const crq_html *h, const char *when,
                    const crq_roadmap_point *p) {
  fprintf(h->base.out, h->base.ja ? "%s: 最大損失額 " : "on %s: maximum loss ",
          p->date);
  slip_amount(h, when, "max_loss", p->max_loss[1] - p->max_loss[0]);
  fputs(h->base.ja ? "、年間予想損失額 " : ", expected annual loss ",
        h->base.out);
  slip_amount(h, when, "eal", p->eal[1] - p->eal[0]);
  fputs(h->base.ja ? "" : " a year", h->base.out);
}

/* The step where the EAL slippage is largest in size; the number of steps
 * when there is none. */
static size_t peak(const crq_html *h) {
  size_t best = crq_analysis_roadmap_count(h->a);
  double size = 0;
  for (size_t i = 0; i < crq_analysis_roadmap_count(h->a); i++) {
    const crq_roadmap_point *p = crq_analysis_roadmap(h->a, i);
    if (fabs(p->eal[1] - p->eal[0]) > size) {
      size = fabs(p->eal[1] - p->eal[0]);
      best = i;
    }
  }
  return best;
}

/* The cost of slippage at the last step up to the as-of date (when there
 * is one), where the EAL slippage is largest (when that is elsewhere) and
 * at the end of the plan. */
static void slippage(const crq_html *h) {
  size_t n = crq_analysis_roadmap_count(h->a), now = n, top = peak(h);
  for (size_t i = 0; i < n; i++)
    if (crq_analysis_roadmap(h->a, i)->past)
      now = i;
  fprintf(h->base.out, "<p class=\"slippage\">%s ",
          crq_html_tr(h, "Cost of slippage (achieved − planned)",
                      "遅れのコスト (実績 − 計画)"));
  if (now + 1 < n) {
    fputs(h->base.ja ? "基準日までの最後の時点 "
                     : "at the last step up to the "
                       "as-of date, ",
          h->base.out);
    slip_at(h, "as-of", crq_analysis_roadmap(h->a, now));
    fputs(h->base.ja ? "。" : "; ", h->base.out);
  }
  if (top != now && top + 1 < n) {
    fputs(h->base.ja ? "最大 " : "largest, ", h->base.out);
    slip_at(h, "largest", crq_analysis_roadmap(h->a, top));
    fputs(h->base.ja ? "。" : "; ", h->base.out);
  }
  fputs(h->base.ja ? "計画の終わり " : "at the end of the plan, ", h->base.out);
  slip_at(h, "end", crq_analysis_roadmap(h->a, n - 1));
  fputs(h->base.ja ? "。" : ".", h->base.out);
  fprintf(h->base.out, " <small>%s</small></p>\n",
          crq_html_tr(h,
                      "Planned: every KPI progressing linearly from its start "
                      "to its due date; achieved: the actuals up to the as-of "
                      "date, then held.",
                      "計画: 各 KPI が開始日から期日まで直線的に進捗。実績: "
                      "基準日までの実績、以降は最新値のまま。"));
}

void crq_html_roadmap(const crq_html *h) {
  if (crq_analysis_roadmap_count(h->a) == 0)
    return;
  fputs("<section class=\"roadmap\">\n<div class=\"charts\">\n", h->base.out);
  chart(h, 0);
  chart(h, 1);
  fputs("</div>\n", h->base.out);
  slippage(h);
  fputs("</section>\n", h->base.out);
}
