/* engine/report/whatif_html.c — the what-if analyses as one
 * self-contained HTML page (inline CSS and SVG, no script, nothing
 * fetched), styled like the board report: a heading, the analysis's
 * charts (whatif_svg.c), its table and a note on how the figures were
 * obtained. Every string from the model or the command line is escaped.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "model_def.h"
#include "svg.h"
#include "whatif_report.h"

/* What the what-if charts add to the board report's style sheet. */
static const char css[] =
    "svg .series{stroke:#4e79a7}svg line.series{stroke-width:2.5}"
    "svg .point{fill:#4e79a7}\n"
    "svg .best{fill:#d2412f}svg .budget{stroke:#d2412f;stroke-dasharray:4 3}\n"
    "svg .lo{fill:#4e79a7}svg .hi{fill:#f28e2b}svg .err{stroke:#1c2630;"
    "stroke-width:1.5}\n"
    "svg .cell{font-size:10px;fill:#1c2630}\n"
    "svg .heat0{fill:#fff5eb}svg .heat1{fill:#fee6ce}svg .heat2{fill:#fdd0a2}"
    "svg .heat3{fill:#fdae6b}svg .heat4{fill:#fd8d3c}svg .heat5{fill:#f16913}"
    "svg .heat6{fill:#d94801}svg .heat7{fill:#a63603}svg .heat8{fill:#7f2704}\n"
    "svg .heat6+.cell,svg .heat7+.cell,svg .heat8+.cell{fill:#fff}\n"
    "td.l,th.l{text-align:left}\n"
    ".single{max-width:760px}\n";

static void esc(const crq_wi *w, const char *s) {
  crq_xml_escape(w->out, s);
}

/* One table row of n cells (th for a header); left-aligned cells are
 * those whose bit is set in left. */
static void tr(const crq_wi *w, const char *const *cells, size_t n, int header,
               unsigned left) {
  fputs("<tr>", w->out);
  for (size_t i = 0; i < n; i++) {
    fprintf(w->out, "<%s%s>", header ? "th" : "td",
            (left >> i) & 1 ? " class=\"l\"" : "");
    esc(w, cells[i] ? cells[i] : "");
    fprintf(w->out, "</%s>", header ? "th" : "td");
  }
  fputs("</tr>\n", w->out);
}

static void heading(const crq_wi *w, const char *kicker_en,
                    const char *kicker_ja) {
  char date[32] = "";
  struct tm tm;
  if (localtime_r(&w->now, &tm))
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
  fputs("<div class=\"top\"><div><p class=\"kicker\">", w->out);
  esc(w, crq_wi_tr(w, kicker_en, kicker_ja));
  fputs("</p><h1>", w->out);
  esc(w, w->model->name);
  fprintf(w->out, "</h1></div><p class=\"date\">%s</p></div>\n", date);
}

/* The method note: trials, seed, basis. */
static void method(const crq_wi *w, uint64_t trials, uint64_t seed,
                   const char *basis, const char *extra) {
  char text[1024];
  snprintf(
      text, sizeof text,
      crq_wi_tr(w,
                "Every variant was simulated with %llu trials and seed "
                "%llu: each trial draws the same random numbers in every "
                "variant, so differences come from the change, not from "
                "the draws. Figures %s. %s",
                "全ての条件を試行 %llu 回・シード %llu で計算した。各試行は"
                "どの条件でも同じ乱数を使うので、差は変更によるもので乱数"
                "によるものではない。%s。%s"),
      (unsigned long long)trials, (unsigned long long)seed, basis,
      extra ? extra : "");
  fputs("<div class=\"method\"><p>", w->out);
  esc(w, text);
  fputs("</p></div>\n", w->out);
}

static void compare_html(const crq_wi *w) {
  const crq_compare *c = w->compare;
  const crq_result *r0 = crq_compare_result(c, 0);
  heading(w, "crq what-if: comparison", "crq what-if: 比較");
  fputs("<section class=\"charts\">\n", w->out);
  crq_wi_svg_compare(w, CRQ_FIG_MAX_LOSS);
  crq_wi_svg_compare(w, CRQ_FIG_EAL);
  fputs("</section>\n<table>\n", w->out);
  const char *head[1 + 2 * CRQ_FIG_COUNT] = {crq_wi_tr(w, "Model", "モデル")};
  char diff[CRQ_FIG_COUNT][128];
  for (int f = 0; f < CRQ_FIG_COUNT; f++) {
    head[1 + 2 * f] = crq_wi_figure_name(w, (crq_figure)f);
    snprintf(diff[f], sizeof diff[f], "%s %s", crq_wi_tr(w, "Δ", "差"),
             crq_wi_figure_name(w, (crq_figure)f));
    head[2 + 2 * f] = diff[f];
  }
  tr(w, head, 1 + 2 * CRQ_FIG_COUNT, 1, 1);
  for (size_t i = 0; i < crq_compare_count(c); i++) {
    crq_wi_cell cells[2 * CRQ_FIG_COUNT], se;
    const char *row[1 + 2 * CRQ_FIG_COUNT] = {crq_compare_label(c, i)};
    for (int f = 0; f < CRQ_FIG_COUNT; f++) {
      crq_estimate d = crq_compare_difference(c, i, (crq_figure)f);
      row[1 + 2 * f] = crq_wi_amount(
          w, cells[2 * f], crq_compare_figure(c, i, (crq_figure)f).value);
      crq_wi_signed(w, cells[2 * f + 1], d.value);
      if (crq_wi_has_se(d))
        snprintf(cells[2 * f + 1] + strlen(cells[2 * f + 1]),
                 sizeof cells[0] - strlen(cells[2 * f + 1]), " ± %s",
                 crq_wi_amount(w, se, d.se));
      row[2 + 2 * f] = i ? cells[2 * f + 1] : "";
    }
    tr(w, row, 1 + 2 * CRQ_FIG_COUNT, 0, 1);
  }
  fputs("</table>\n", w->out);
  method(w, crq_result_trials(r0), crq_result_seed(r0),
         crq_wi_basis(w, crq_compare_variant(c, 0) == CRQ_BASELINE &&
                             crq_result_variant_count(r0) > 1),
         crq_wi_tr(w,
                   "Differences are to the first model, paired on the same "
                   "trials, ± one standard error.",
                   "差は最初のモデルとの対応のある差 (± 標準誤差)。"));
}

static void sweep_table(const crq_wi *w) {
  const crq_sweep *s = w->sweep;
  int two = crq_sweep_axis_count(s) > 1;
  size_t n0 = crq_sweep_axis_at(s, 0)->steps;
  size_t n1 = two ? crq_sweep_axis_at(s, 1)->steps : 1;
  const char *head[2 + CRQ_FIG_COUNT] = {crq_sweep_axis_at(s, 0)->path,
                                         two ? crq_sweep_axis_at(s, 1)->path
                                             : NULL};
  size_t k0 = two ? 2 : 1;
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    head[k0 + (size_t)f] = crq_wi_figure_name(w, (crq_figure)f);
  fputs("<table>\n", w->out);
  tr(w, head, k0 + CRQ_FIG_COUNT, 1, 0);
  for (size_t i = 0; i < n0; i++)
    for (size_t j = 0; j < n1; j++) {
      crq_wi_cell cells[2 + CRQ_FIG_COUNT];
      const char *row[2 + CRQ_FIG_COUNT] = {
          crq_wi_value(w, cells[0], crq_sweep_value(s, 0, i), 0),
          two ? crq_wi_value(w, cells[1], crq_sweep_value(s, 1, j), 0) : NULL};
      for (int f = 0; f < CRQ_FIG_COUNT; f++)
        row[k0 + (size_t)f] =
            crq_wi_amount(w, cells[k0 + (size_t)f],
                          crq_sweep_figure(s, i, j, (crq_figure)f).value);
      tr(w, row, k0 + CRQ_FIG_COUNT, 0, 0);
    }
  fputs("</table>\n", w->out);
}

static void sweep_html(const crq_wi *w) {
  const crq_sweep *s = w->sweep;
  int two = crq_sweep_axis_count(s) > 1;
  heading(w, "crq what-if: sweep", "crq what-if: 感度の掃引");
  fputs("<section class=\"charts\">\n", w->out);
  for (int f = 0; f < CRQ_FIG_COUNT; f++) {
    if (two)
      crq_wi_svg_sweep_heat(w, (crq_figure)f);
    else
      crq_wi_svg_sweep_line(w, (crq_figure)f);
  }
  fputs("</section>\n", w->out);
  sweep_table(w);
  method(w, crq_sweep_trials(s), crq_sweep_seed(s),
         crq_wi_basis(w, crq_sweep_baseline(s)), NULL);
}

static void sensitivity_html(const crq_wi *w) {
  const crq_sensitivity *s = w->sens;
  const crq_sensitivity_options *o = crq_sensitivity_options_of(s);
  heading(w, "crq what-if: sensitivity", "crq what-if: 感度分析");
  fputs("<section class=\"charts\">\n", w->out);
  crq_wi_svg_tornado(w, CRQ_FIG_EAL);
  crq_wi_svg_tornado(w, CRQ_FIG_VAR99);
  fputs("</section>\n<table>\n", w->out);
  const char *head[8];
  crq_wi_sensitivity_head(w, head);
  head[6] = crq_wi_tr(w, "VaR99 at low", "VaR99 (低)");
  head[7] = crq_wi_tr(w, "VaR99 at high", "VaR99 (高)");
  tr(w, head, 8, 1, 2);
  for (size_t i = 0; i < crq_sensitivity_count(s); i++) {
    const crq_sensitivity_item *it = crq_sensitivity_at(s, i);
    crq_wi_cell c[8];
    char label[256];
    const char *row[8];
    crq_wi_sensitivity_cells(w, it, i + 1, c, label, sizeof label, row);
    row[6] = crq_wi_amount(w, c[6], it->at_low.fig[CRQ_FIG_VAR99].value);
    row[7] = crq_wi_amount(w, c[7], it->at_high.fig[CRQ_FIG_VAR99].value);
    tr(w, row, 8, 0, 2);
  }
  fputs("</table>\n", w->out);
  char extra[256];
  snprintf(extra, sizeof extra,
           crq_wi_tr(w,
                     "Random inputs moved to their %g%% and %g%% quantiles, "
                     "constants and frequencies by ±%g%%, one at a time.",
                     "確率分布の入力は %g%% と %g%% 点へ, 定数と発生頻度は "
                     "±%g%%, 一つずつ動かした。"),
           100 * o->p_low, 100 * o->p_high, 100 * o->swing);
  method(w, o->run.sim.trials, o->run.sim.seed,
         crq_wi_basis(w, o->run.baseline), extra);
}

static void optimize_html(const crq_wi *w) {
  const crq_optimize *o = w->opt;
  const crq_optimize_options *op = crq_optimize_options_of(o);
  heading(w, "crq what-if: budget optimisation", "crq what-if: 予算の最適化");
  fputs("<div class=\"single\">\n", w->out);
  crq_wi_svg_frontier(w);
  fputs("</div>\n", w->out);
  fputs("<table>\n", w->out);
  const char *head[] = {
      crq_wi_tr(w, "Cost", "費用"), crq_wi_figure_name(w, op->objective),
      crq_wi_tr(w, "Reduction", "削減額"), crq_wi_tr(w, "Measures", "対策")};
  tr(w, head, 4, 1, 8);
  for (size_t k = 0; k < crq_optimize_frontier_count(o); k++) {
    uint32_t s = crq_optimize_frontier(o, k);
    crq_wi_cell c[3];
    char members[512];
    const char *row[] = {crq_wi_amount(w, c[0], crq_optimize_cost(o, s)),
                         crq_wi_amount(w, c[1], crq_optimize_objective(o, s)),
                         crq_wi_amount(w, c[2],
                                       crq_optimize_objective(o, 0) -
                                           crq_optimize_objective(o, s)),
                         crq_wi_members(w, s, members, sizeof members)};
    tr(w, row, 4, 0, 8);
  }
  fputs("</table>\n", w->out);
  char extra[512], members[400];
  crq_wi_cell budget;
  snprintf(extra, sizeof extra,
           crq_wi_tr(w, "Budget %s of %s; best set: %s.",
                     "予算 %s (%s); 最適な組合せ: %s。"),
           crq_wi_amount(w, budget, op->budget), crq_wi_cost_name(w, op->cost),
           crq_wi_members(w, crq_optimize_best(o), members, sizeof members));
  method(w, op->sim.trials, op->sim.seed, crq_wi_subsets(w), extra);
}

crq_status crq_wi_html(const crq_wi *w) {
  fprintf(w->out,
          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
          "charset=\"utf-8\">\n<meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\">\n<title>",
          w->ja ? "ja" : "en");
  esc(w, w->model->name);
  fprintf(w->out, " — crq %s</title>\n<style>\n", crq_wi_kind_key(w->kind));
  crq_html_style(w->out);
  fputs(css, w->out);
  fputs("</style>\n</head>\n<body>\n<main>\n<div class=\"page\">\n", w->out);
  switch (w->kind) {
  case CRQ_WI_COMPARE:
    compare_html(w);
    break;
  case CRQ_WI_SWEEP:
    sweep_html(w);
    break;
  case CRQ_WI_SENSITIVITY:
    sensitivity_html(w);
    break;
  case CRQ_WI_OPTIMIZE:
    optimize_html(w);
    break;
  }
  fputs("</div>\n</main>\n</body>\n</html>\n", w->out);
  return CRQ_OK;
}
