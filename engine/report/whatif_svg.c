/* engine/report/whatif_svg.c — the charts of the what-if HTML reports,
 * drawn with the SVG toolkit of svg.h: a line chart of one figure over a
 * 1-D sweep, a heat map of one figure over a 2-D sweep, the sensitivity
 * tornado, the optimiser's efficient frontier and bars comparing models.
 * Colours come from CSS classes (whatif_html.c adds the classes these
 * charts use to the board report's style sheet).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_def.h"
#include "svg.h"
#include "whatif_report.h"

enum { W = 640, H = 300, LEFT = 86, RIGHT = W - 16, TOP = 16, BOTTOM = H - 44 };

#define HEAT_LEVELS 9

/* Horizontal grid lines and amount labels from 0 (or lo) to top. */
static void amount_grid(const crq_wi *w, const crq_scale *ys, double lo,
                        double top, double x0, double x1) {
  double step = crq_nice_step(top - lo, 5);
  for (double t = ceil(lo / step) * step; t <= top * (1 + 1e-9); t += step) {
    crq_wi_cell c;
    crq_svg_grid_y(w->out, ys, t, x0, x1, crq_wi_amount(w, c, t));
  }
}

/* Where bars start after a column of labels label_w wide: at least 80,
 * at most half the chart (longer labels overflow to the left). */
static double label_column(double label_w) {
  return fmin(fmax(label_w + 16, 80), W / 2.0);
}

/* The <figure> with its heading; the caller writes the SVG inside. */
static void figure_open(const crq_wi *w, const char *cls, const char *title,
                        double height) {
  fputs("<figure><h3>", w->out);
  crq_xml_escape(w->out, title);
  fputs("</h3>\n", w->out);
  crq_svg_open(w->out, cls, W, height, title);
}

static void figure_close(const crq_wi *w, const char *caption) {
  crq_svg_close(w->out);
  fputs("<figcaption>", w->out);
  crq_xml_escape(w->out, caption);
  fputs("</figcaption></figure>\n", w->out);
}

void crq_wi_svg_sweep_line(const crq_wi *w, crq_figure f) {
  const crq_sweep *s = w->sweep;
  const crq_sweep_axis *x = crq_sweep_axis_at(s, 0);
  double top = 0, px[CRQ_SWEEP_MAX_POINTS], py[CRQ_SWEEP_MAX_POINTS];
  for (size_t i = 0; i < x->steps; i++)
    top = fmax(top, crq_sweep_figure(s, i, 0, f).value);
  top = top > 0 ? top * 1.08 : 1;
  crq_scale xs = {x->from, x->to, LEFT, RIGHT, 0},
            ys = {0, top, BOTTOM, TOP, 0};
  figure_open(w, "chart-sweep", crq_wi_figure_name(w, f), H);
  amount_grid(w, &ys, 0, top, LEFT, RIGHT);
  size_t every = (x->steps + 7) / 8;
  for (size_t i = 0; i < x->steps; i += every) {
    crq_wi_cell c;
    crq_svg_grid_x(w->out, &xs, crq_sweep_value(s, 0, i), TOP, BOTTOM,
                   crq_wi_value(w, c, crq_sweep_value(s, 0, i), 0));
  }
  for (size_t i = 0; i < x->steps; i++) {
    px[i] = crq_scale_at(&xs, crq_sweep_value(s, 0, i));
    py[i] = crq_scale_at(&ys, crq_sweep_figure(s, i, 0, f).value);
  }
  crq_svg_line(w->out, LEFT, BOTTOM, RIGHT, BOTTOM, "axis");
  crq_svg_polyline(w->out, px, py, x->steps, "series");
  for (size_t i = 0; i < x->steps; i++)
    crq_svg_diamond(w->out, px[i], py[i], 3, "point");
  crq_svg_text(w->out, (LEFT + RIGHT) / 2.0, H - 8, "middle", "small", x->path);
  figure_close(w, crq_wi_tr(w, "Each point simulated on the same trials.",
                            "各点を同じ試行で計算。"));
}

/* The colour class of value v between lo and hi. */
static const char *heat_class(double v, double lo, double hi, char buf[16]) {
  int k = hi > lo ? (int)floor((v - lo) / (hi - lo) * HEAT_LEVELS) : 0;
  snprintf(buf, 16, "heat%d",
           k < 0              ? 0
           : k >= HEAT_LEVELS ? HEAT_LEVELS - 1
                              : k);
  return buf;
}

void crq_wi_svg_sweep_heat(const crq_wi *w, crq_figure f) {
  const crq_sweep *s = w->sweep;
  size_t n0 = crq_sweep_axis_at(s, 0)->steps,
         n1 = crq_sweep_axis_at(s, 1)->steps;
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < n0; i++)
    for (size_t j = 0; j < n1; j++) {
      double v = crq_sweep_figure(s, i, j, f).value;
      lo = fmin(lo, v);
      hi = fmax(hi, v);
    }
  double cw = (RIGHT - LEFT) / (double)n1, chh = (BOTTOM - TOP) / (double)n0;
  figure_open(w, "chart-heat", crq_wi_figure_name(w, f), H);
  for (size_t i = 0; i < n0; i++) {
    crq_wi_cell c;
    double y = TOP + chh * (double)i;
    if (n0 <= 16)
      crq_svg_text(w->out, LEFT - 6, y + chh / 2 + 4, "end", "tick",
                   crq_wi_value(w, c, crq_sweep_value(s, 0, i), 0));
    for (size_t j = 0; j < n1; j++) {
      double v = crq_sweep_figure(s, i, j, f).value, x = LEFT + cw * (double)j;
      char cls[16];
      crq_svg_rect(w->out, x, y, cw, chh, heat_class(v, lo, hi, cls));
      if (n0 <= 12 && n1 <= 10)
        crq_svg_text(w->out, x + cw / 2, y + chh / 2 + 4, "middle", "cell",
                     crq_wi_amount(w, c, v));
    }
  }
  for (size_t j = 0; j < n1 && n1 <= 16; j++) {
    crq_wi_cell c;
    crq_svg_text(w->out, LEFT + cw * ((double)j + 0.5), BOTTOM + 16, "middle",
                 "tick", crq_wi_value(w, c, crq_sweep_value(s, 1, j), 0));
  }
  crq_svg_text(w->out, (LEFT + RIGHT) / 2.0, H - 8, "middle", "small",
               crq_sweep_axis_at(s, 1)->path);
  char caption[1024];
  crq_wi_cell a, b;
  snprintf(caption, sizeof caption,
           crq_wi_tr(w, "Rows: %s. Colour from %s (light) to %s (dark).",
                     "行: %s。色は %s (薄) から %s (濃)。"),
           crq_sweep_axis_at(s, 0)->path, crq_wi_amount(w, a, lo),
           crq_wi_amount(w, b, hi));
  figure_close(w, caption);
}

#define TORNADO_MAX 15

void crq_wi_svg_tornado(const crq_wi *w, crq_figure f) {
  const crq_sensitivity *s = w->sens;
  size_t n = crq_sensitivity_count(s) < TORNADO_MAX ? crq_sensitivity_count(s)
                                                    : TORNADO_MAX;
  double base = crq_sensitivity_base(s)->fig[f].value, lo = base, hi = base;
  for (size_t i = 0; i < n; i++) {
    const crq_sensitivity_item *it = crq_sensitivity_at(s, i);
    lo = fmin(lo, fmin(it->at_low.fig[f].value, it->at_high.fig[f].value));
    hi = fmax(hi, fmax(it->at_low.fig[f].value, it->at_high.fig[f].value));
  }
  double pad = (hi - lo) * 0.05 + (hi == lo);
  enum { ROW = 22 };
  double label_w = 0;
  for (size_t i = 0; i < n; i++) {
    char label[256];
    label_w =
        fmax(label_w,
             crq_svg_text_width(crq_wi_item_label(w, crq_sensitivity_at(s, i),
                                                  label, sizeof label),
                                11));
  }
  const double LABEL = label_column(label_w);
  double height = TOP + ROW * (double)(n ? n : 1) + 44;
  crq_scale xs = {lo - pad, hi + pad, LABEL, RIGHT, 0};
  figure_open(w, "chart-tornado", crq_wi_figure_name(w, f), height);
  for (size_t i = 0; i < n; i++) {
    const crq_sensitivity_item *it = crq_sensitivity_at(s, i);
    double y = TOP + ROW * (double)i, b = crq_scale_at(&xs, base);
    double xl = crq_scale_at(&xs, it->at_low.fig[f].value);
    double xh = crq_scale_at(&xs, it->at_high.fig[f].value);
    char label[256];
    crq_svg_text(w->out, LABEL - 8, y + ROW / 2.0 + 4, "end", "small",
                 crq_wi_item_label(w, it, label, sizeof label));
    crq_svg_rect(w->out, fmin(b, xl), y + 3, fabs(xl - b), ROW - 6, "lo");
    crq_svg_rect(w->out, fmin(b, xh), y + 3, fabs(xh - b), ROW - 6, "hi");
  }
  double yb = TOP + ROW * (double)n;
  crq_svg_line(w->out, crq_scale_at(&xs, base), TOP - 4,
               crq_scale_at(&xs, base), yb + 4, "axis");
  crq_wi_cell c;
  crq_svg_text(w->out, crq_scale_at(&xs, base), yb + 18, "middle", "tick",
               crq_wi_amount(w, c, base));
  crq_svg_text(w->out, LABEL, yb + 18, "start", "tick",
               crq_wi_amount(w, c, lo - pad));
  crq_svg_text(w->out, RIGHT, yb + 18, "end", "tick",
               crq_wi_amount(w, c, hi + pad));
  figure_close(w, crq_wi_tr(w,
                            "Blue: the input at its low end; orange: at its "
                            "high end. The line is the base model.",
                            "青: 入力を低い側へ; 橙: 高い側へ。縦線は基準。"));
}

void crq_wi_svg_frontier(const crq_wi *w) {
  const crq_optimize *o = w->opt;
  const crq_optimize_options *op = crq_optimize_options_of(o);
  size_t n = crq_optimize_frontier_count(o);
  double top_cost = op->budget, top_cut = 0,
         base = crq_optimize_objective(o, 0);
  for (size_t k = 0; k < n; k++) {
    uint32_t s = crq_optimize_frontier(o, k);
    top_cost = fmax(top_cost, crq_optimize_cost(o, s));
    top_cut = fmax(top_cut, base - crq_optimize_objective(o, s));
  }
  top_cost = top_cost > 0 ? top_cost * 1.05 : 1;
  top_cut = top_cut > 0 ? top_cut * 1.1 : 1;
  crq_scale xs = {0, top_cost, LEFT, RIGHT, 0},
            ys = {0, top_cut, BOTTOM, TOP, 0};
  figure_open(w, "chart-frontier",
              crq_wi_tr(w, "Efficient frontier", "効率的フロンティア"), H);
  amount_grid(w, &ys, 0, top_cut, LEFT, RIGHT);
  double step = crq_nice_step(top_cost, 5);
  for (double t = 0; t <= top_cost; t += step) {
    crq_wi_cell c;
    crq_svg_grid_x(w->out, &xs, t, TOP, BOTTOM, crq_wi_amount(w, c, t));
  }
  double x0 = 0, y0 = 0; /* a step line through the frontier */
  for (size_t k = 0; k < n; k++) {
    uint32_t s = crq_optimize_frontier(o, k);
    double x = crq_scale_at(&xs, crq_optimize_cost(o, s));
    double y = crq_scale_at(&ys, base - crq_optimize_objective(o, s));
    if (k) {
      crq_svg_line(w->out, x0, y0, x, y0, "series");
      crq_svg_line(w->out, x, y0, x, y, "series");
    }
    x0 = x;
    y0 = y;
  }
  for (size_t k = 0; k < n; k++) {
    uint32_t s = crq_optimize_frontier(o, k);
    crq_svg_diamond(w->out, crq_scale_at(&xs, crq_optimize_cost(o, s)),
                    crq_scale_at(&ys, base - crq_optimize_objective(o, s)),
                    s == crq_optimize_best(o) ? 7 : 4,
                    s == crq_optimize_best(o) ? "best" : "point");
  }
  double xb = crq_scale_at(&xs, op->budget);
  crq_svg_line(w->out, xb, TOP, xb, BOTTOM, "budget");
  crq_svg_text(w->out, xb + 4, TOP + 12, "start", "small",
               crq_wi_tr(w, "budget", "予算"));
  crq_svg_line(w->out, LEFT, BOTTOM, RIGHT, BOTTOM, "axis");
  crq_svg_text(w->out, (LEFT + RIGHT) / 2.0, H - 8, "middle", "small",
               crq_wi_cost_name(w, op->cost));
  char caption[512];
  snprintf(
      caption, sizeof caption,
      crq_wi_tr(w,
                "Reduction of the %s by cost; the large marker is the "
                "best set within the budget.",
                "費用ごとの %s の削減額。大きな印が予算内の最適な組合せ。"),
      crq_wi_figure_name(w, op->objective));
  figure_close(w, caption);
}

void crq_wi_svg_compare(const crq_wi *w, crq_figure f) {
  const crq_compare *c = w->compare;
  size_t n = crq_compare_count(c);
  enum { ROW = 26 };
  double top = 0, label_w = 0;
  for (size_t i = 0; i < n; i++) {
    top = fmax(top, crq_compare_figure(c, i, f).value);
    label_w = fmax(label_w, crq_svg_text_width(crq_compare_label(c, i), 11));
  }
  const double LABEL = label_column(label_w);
  top = top > 0 ? top * 1.15 : 1;
  double height = TOP + ROW * (double)n + 30;
  crq_scale xs = {0, top, LABEL, RIGHT, 0};
  figure_open(w, "chart-compare", crq_wi_figure_name(w, f), height);
  for (size_t i = 0; i < n; i++) {
    crq_estimate e = crq_compare_figure(c, i, f);
    double y = TOP + ROW * (double)i, x = crq_scale_at(&xs, e.value);
    crq_wi_cell v;
    crq_svg_text(w->out, LABEL - 8, y + ROW / 2.0 + 4, "end", "small",
                 crq_compare_label(c, i));
    crq_svg_rect(w->out, LABEL, y + 4, x - LABEL, ROW - 8, i ? "hi" : "lo");
    if (crq_wi_has_se(e))
      crq_svg_line(w->out, crq_scale_at(&xs, e.lo), y + ROW / 2.0,
                   crq_scale_at(&xs, e.hi), y + ROW / 2.0, "err");
    crq_svg_text(w->out, x + 6, y + ROW / 2.0 + 4, "start", "lbl",
                 crq_wi_amount(w, v, e.value));
  }
  crq_svg_line(w->out, LABEL, TOP - 4, LABEL, TOP + ROW * (double)n, "axis");
  figure_close(w, crq_wi_tr(w, "The line through a bar is its 95% interval.",
                            "棒を横切る線は 95% 信頼区間。"));
}
