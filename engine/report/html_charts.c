/* engine/report/html_charts.c — the two charts of the HTML board report,
 * drawn as inline SVG with svg.h.
 *
 * The waterfall retells the JCIC figure: the maximum loss now, stacked by
 * category (141 = 80 + 20 + 40 + 1), then one falling bar per category the
 * measures change (−40, −4, −0.4), down to the maximum loss after the
 * measures (97). Without measures it builds the total up category by
 * category instead.
 *
 * The loss exceedance curves show, for every amount, the chance in a year
 * that the loss exceeds it, now and after the measures, on log-log axes
 * (losses span decades and boards think in return periods: the y axis is
 * labelled "1 in 100"). The curves are drawn as steps between sample
 * points, so losses that come in a few fixed amounts (the JCIC example)
 * read as the staircase they are. Each risk-appetite threshold is a
 * diamond at (limit, 1 / return period): a curve passing above and to the
 * right of it breaks the appetite.
 */
#include <math.h>
#include <stdio.h>

#include "crq/crq.h"
#include "html.h"
#include "model_def.h"
#include "svg.h"
#include "writers.h"

/* Chart size in user units; both charts share it so they sit side by
 * side at the same height. */
#define W 640.0
#define H 380.0
#define TOP 24.0
#define BOTTOM (H - 78.0)
#define RIGHT (W - 28.0)

/* ---- waterfall ---- */

/* A bar: from lo to hi; either a stack of the categories of variant
 * `stack` (when ≥ 0) or a single category `cat`. */
typedef struct wf_bar {
  double lo, hi;
  double end; /* the running total after the bar */
  int stack;
  int cat;
  const char *label;
  crq_html_cell value;
} wf_bar;

#define WF_MAX (CRQ_CAT_DIRECT_COUNT + 2)

static double worst(const crq_html *h, int v, int k) {
  return crq_result_worst_case(h->base.r, (crq_variant)v, h->worst[v],
                               (crq_category)k);
}

/* A stacked bar of variant v's maximum loss, its total written with the
 * rounding step shared by both variants. */
static void stack_bar(const crq_html *h, wf_bar *b, int v, double step) {
  b->lo = 0;
  b->hi = b->end = crq_result_max_loss(h->base.r, (crq_variant)v);
  b->stack = v;
  b->cat = -1;
  b->label = crq_html_variant(h, v, crq_html_tr(h, "Total", "合計"));
  crq_amount_format_step(b->value, sizeof b->value, b->hi, step,
                         &h->base.style);
}

/* A bar moving the running total by d for category k. */
static void step_bar(const crq_html *h, wf_bar *b, double *run, double d,
                     int k) {
  b->lo = fmin(*run, *run + d);
  b->hi = fmax(*run, *run + d);
  b->stack = -1;
  b->cat = k;
  b->label = crq_category_name((crq_category)k, h->base.ja ? "ja" : "en");
  crq_html_amount_str(h, b->value, d);
  *run += d;
  b->end = *run;
}

static size_t waterfall_bars(const crq_html *h, wf_bar *bars) {
  size_t n = 0;
  double step = 0, run = 0;
  for (int v = 0; v < h->base.nv; v++)
    step = fmax(
        step, crq_amount_step(crq_result_max_loss(h->base.r, (crq_variant)v)));
  if (h->base.nv == 2) {
    stack_bar(h, &bars[n++], CRQ_BASELINE, step);
    run = bars[0].hi;
  }
  for (int k = 0; k < CRQ_CAT_DIRECT_COUNT; k++) {
    double d =
        h->base.nv == 2 ? worst(h, 1, k) - worst(h, 0, k) : worst(h, 0, k);
    if (d != 0)
      step_bar(h, &bars[n++], &run, d, k);
  }
  stack_bar(h, &bars[n++], h->base.nv - 1, step);
  return n;
}

/* The segments of a stacked bar, bottom up in category order. */
static void stack_segments(const crq_html *h, const crq_scale *ys, double x,
                           double w, int v) {
  double base = 0;
  for (int k = 0; k < CRQ_CAT_DIRECT_COUNT; k++) {
    double a = worst(h, v, k);
    if (a <= 0)
      continue;
    char cls[16];
    snprintf(cls, sizeof cls, "cat%d", k);
    double y0 = crq_scale_at(ys, base), y1 = crq_scale_at(ys, base + a);
    crq_svg_rect(h->base.out, x, y1, w, y0 - y1, cls);
    base += a;
  }
}

/* The legend of the categories present in either stack. */
static void category_legend(const crq_html *h, double y) {
  double x = 70;
  for (int k = 0; k < CRQ_CAT_DIRECT_COUNT; k++) {
    int used = 0;
    for (int v = 0; v < h->base.nv; v++)
      used |= worst(h, v, k) > 0;
    if (!used)
      continue;
    char cls[16];
    snprintf(cls, sizeof cls, "cat%d", k);
    crq_svg_rect(h->base.out, x, y - 10, 12, 12, cls);
    const char *name =
        crq_category_name((crq_category)k, h->base.ja ? "ja" : "en");
    crq_svg_text(h->base.out, x + 16, y, "start", "small", name);
    x += 34 + crq_svg_text_width(name, 11);
  }
}

static void waterfall_axis(const crq_html *h, const crq_scale *ys, double top) {
  double step = crq_nice_step(top, 5);
  for (double t = 0; t <= top * (1 + 1e-9); t += step) {
    crq_html_cell c;
    crq_svg_grid_y(h->base.out, ys, t, 70, W - 10,
                   crq_html_amount_str(h, c, t));
  }
}

void crq_html_waterfall(const crq_html *h) {
  wf_bar bars[WF_MAX];
  size_t n = waterfall_bars(h, bars);
  double top = 0;
  for (size_t i = 0; i < n; i++)
    top = fmax(top, bars[i].hi);
  top = top > 0 ? top * 1.12 : 1;
  crq_scale ys = {0, top, BOTTOM, TOP, 0};
  const char *title =
      h->base.nv == 2 ? crq_html_tr(h, "Maximum loss: now → after the measures",
                                    "最大損失額: 現状 → 対策後")
                      : crq_html_tr(h, "Maximum loss by category",
                                    "最大損失額のカテゴリ別内訳");
  fprintf(h->base.out, "<figure><h2>%s</h2>\n", title);
  crq_svg_open(h->base.out, "chart-waterfall", W, H, title);
  waterfall_axis(h, &ys, top);
  double slot = (W - 80) / (double)n, bw = slot * 0.62;
  for (size_t i = 0; i < n; i++) {
    const wf_bar *b = &bars[i];
    double x = 80 + slot * (double)i + (slot - bw) / 2;
    if (b->stack >= 0)
      stack_segments(h, &ys, x, bw, b->stack);
    else {
      char cls[24];
      snprintf(cls, sizeof cls, "cat%d%s", b->cat,
               h->base.nv == 2 ? " down" : "");
      double y1 = crq_scale_at(&ys, b->hi), y0 = crq_scale_at(&ys, b->lo);
      crq_svg_rect(h->base.out, x, y1, bw, fmax(y0 - y1, 1), cls);
    }
    if (i + 1 < n) { /* the running total carried to the next bar */
      double y = crq_scale_at(&ys, b->end);
      crq_svg_line(h->base.out, x + bw, y, x + slot, y, "link");
    }
    crq_svg_text(h->base.out, x + bw / 2, crq_scale_at(&ys, b->hi) - 6,
                 "middle", "lbl", b->value);
    crq_svg_text(h->base.out, x + bw / 2, BOTTOM + 18, "middle", "small",
                 b->label);
  }
  crq_svg_line(h->base.out, 70, BOTTOM, W - 10, BOTTOM, "axis");
  category_legend(h, H - 22);
  crq_html_figure_close(
      h,
      "One incident of the worst scenario with every input at "
      "its worst (the JCIC maximum-loss figure), by loss "
      "category.",
      "最悪のシナリオの1件の事故で、すべての入力を最悪値とした"
      "額 (JCIC の最大損失額)。損失カテゴリ別。");
}

/* ---- loss exceedance curves ---- */

#define LEC_SAMPLES 241

/* The axes' ranges: losses over whole decades up to the largest simulated
 * loss or appetite limit; probabilities from one decade below 10/trials
 * (no lower than 1 in 10,000 years) up to the decade above the largest
 * plotted probability. */
static void lec_ranges(const crq_html *h, crq_scale *xs, crq_scale *ys) {
  double hi = crq_report_lec_top(h->base.r);
  for (size_t i = 0; i < h->base.m->n_appetite; i++)
    hi = fmax(hi, h->base.m->appetite[i].limit);
  if (!(hi > 0))
    hi = 1;
  double xd1 = ceil(log10(hi)), xd0 = floor(log10(hi) - 3);
  *xs = (crq_scale){pow(10, xd0), pow(10, xd1), 100, RIGHT, 1};
  double pmax = 0;
  for (int v = 0; v < h->base.nv; v++)
    for (int b = 0; b < 2; b++)
      pmax = fmax(pmax, crq_result_exceedance(h->base.r, (crq_variant)v,
                                              (crq_basis)b, xs->d0)
                            .value);
  double floor_p = fmax(
      1e-4,
      pow(10,
          floor(log10(10.0 / (double)fmax(1, crq_result_trials(h->base.r))))));
  double top_p = pmax > 0 ? pow(10, ceil(log10(pmax))) : 1;
  if (top_p < floor_p * 100)
    top_p = fmin(1, floor_p * 100);
  *ys = (crq_scale){floor_p, top_p, BOTTOM, TOP, 1};
}

/* One curve as steps between log-spaced sample points, ending where it
 * drops below the chart. */
static void lec_curve(const crq_html *h, const crq_scale *xs,
                      const crq_scale *ys, crq_variant v, crq_basis b) {
  double px[2 * LEC_SAMPLES], py[2 * LEC_SAMPLES];
  size_t n = 0;
  double prev = 0;
  for (int i = 0; i < LEC_SAMPLES; i++) {
    double x = crq_report_log_point(xs->d0, xs->d1, i, LEC_SAMPLES);
    double p = crq_result_exceedance(h->base.r, v, b, x).value;
    double sx = crq_scale_at(xs, x);
    if (i > 0) {
      px[n] = sx;
      py[n++] = crq_scale_at(ys, prev);
    }
    px[n] = sx;
    py[n++] = crq_scale_at(ys, p);
    if (!(p >= ys->d0))
      break;
    prev = p;
  }
  char cls[32];
  snprintf(cls, sizeof cls, "curve-%s%s", v == CRQ_BASELINE ? "now" : "after",
           b == CRQ_OEP ? " oep" : "");
  crq_svg_polyline(h->base.out, px, py, n, cls);
}

/* A y label: "1 in 100" for p = 0.01, "every year" for 1. */
static void lec_y_axis(const crq_html *h, const crq_scale *ys) {
  for (double p = ys->d0; p <= ys->d1 * (1 + 1e-9); p *= 10) {
    char label[64];
    double years = 1 / p;
    if (years < 1.5)
      snprintf(label, sizeof label, "%s", crq_html_tr(h, "every year", "毎年"));
    else {
      crq_html_cell n;
      crq_count_format(n, sizeof n, (unsigned long long)llround(years));
      snprintf(label, sizeof label, h->base.ja ? "%s年に1度" : "1 in %s", n);
    }
    crq_svg_grid_y(h->base.out, ys, p, 100, RIGHT, label);
  }
}

/* The appetite thresholds: a diamond each, labelled with its limit above
 * or below in turn so that neighbours do not collide. */
static void lec_appetite(const crq_html *h, const crq_scale *xs,
                         const crq_scale *ys) {
  for (size_t i = 0; i < h->base.m->n_appetite; i++) {
    const crq_appetite *a = &h->base.m->appetite[i];
    double x = crq_scale_at(xs, a->limit);
    double y = crq_scale_at(ys, 1 / a->return_period);
    crq_svg_line(h->base.out, x, y, x, BOTTOM, "rp");
    crq_svg_diamond(h->base.out, x, y, 6, a->oep ? "limit limit-oep" : "limit");
    crq_html_cell c;
    char label[CRQ_AMOUNT_MAX + 16];
    snprintf(label, sizeof label, "%s %s", crq_html_amount_str(h, c, a->limit),
             a->oep ? "OEP" : "AEP");
    crq_svg_text(h->base.out, x + 4, y + (i % 2 ? 20 : -10), "middle", "small",
                 label);
  }
}

/* Line samples and their meaning, under the x axis. */
static void lec_legend(const crq_html *h) {
  static const struct {
    const char *cls, *en, *ja;
  } items[] = {
      {"curve-now", "Now", "現状"},
      {"curve-after", "After measures", "対策後"},
      {"legend-oep oep", "Largest single event", "最大の1件"},
  };
  double x = 100, y = H - 20;
  for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
    if (h->base.nv == 1 && i == 1)
      continue;
    const char *text = h->base.nv == 1 && i == 0
                           ? crq_html_tr(h, "Annual total", "年間合計")
                           : crq_html_tr(h, items[i].en, items[i].ja);
    crq_svg_polyline(h->base.out, (double[]){x, x + 26},
                     (double[]){y - 4, y - 4}, 2, items[i].cls);
    crq_svg_text(h->base.out, x + 32, y, "start", "small", text);
    x += 48 + crq_svg_text_width(text, 11);
  }
  if (h->base.m->n_appetite) {
    crq_svg_diamond(h->base.out, x + 6, y - 4, 6, "limit");
    crq_svg_text(h->base.out, x + 18, y, "start", "small",
                 crq_html_tr(h, "Appetite limit", "許容上限"));
  }
}

void crq_html_lec(const crq_html *h) {
  crq_scale xs, ys;
  lec_ranges(h, &xs, &ys);
  const char *title = crq_html_tr(h, "How likely is a loss above each amount?",
                                  "損失額ごとの年間超過確率 (損失超過曲線)");
  fprintf(h->base.out, "<figure><h2>%s</h2>\n", title);
  crq_svg_open(h->base.out, "chart-lec", W, H, title);
  lec_y_axis(h, &ys);
  for (double x = xs.d0; x <= xs.d1 * (1 + 1e-9); x *= 10) {
    crq_html_cell c;
    crq_svg_grid_x(h->base.out, &xs, x, TOP, BOTTOM,
                   crq_html_amount_str(h, c, x));
  }
  crq_svg_line(h->base.out, 100, BOTTOM, RIGHT, BOTTOM, "axis");
  for (int v = 0; v < h->base.nv; v++)
    for (int b = CRQ_OEP; b >= CRQ_AEP; b--)
      lec_curve(h, &xs, &ys, (crq_variant)v, (crq_basis)b);
  lec_appetite(h, &xs, &ys);
  crq_svg_text(h->base.out, (100 + RIGHT) / 2, BOTTOM + 36, "middle", "small",
               crq_html_tr(h, "Loss (log scale)", "損失額 (対数目盛)"));
  lec_legend(h);
  crq_html_figure_close(
      h,
      "Chance in a year that the loss exceeds each amount, "
      "as a return period (log scales); solid: the year's "
      "total, dashed: its largest single event. A curve "
      "passing above and right of a diamond (hollow: annual "
      "total, filled: single event) breaks that limit.",
      "各金額を上回る損失が1年に起きる確率を再現期間で表示 "
      "(対数目盛)。実線: 年間合計、破線: 年間最大の1件。曲線が"
      "ひし形 (白: 年間合計、黒: 最大の1件) の右上を通ると許容"
      "上限を超過。");
}
