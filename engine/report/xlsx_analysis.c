/* engine/report/xlsx_analysis.c — the measures' sheets of the Excel report:
 *
 * - Measures: each measure's KPI achievement and cost; with an analysis
 *   also its annualised cost, Shapley share of the EAL reduction, ROSI,
 *   payback and the risk-appetite verdict with the measure alone, between
 *   a row "before the measures" and a row "all measures";
 * - Attribution (with an analysis): the Shapley reductions of the maximum
 *   loss, EAL, VaR 99% and TVaR 99% per measure, then the waterfall in
 *   declared order;
 * - Roadmap (with an analysis that has one): the maximum loss and EAL at
 *   every step, planned, achieved and the slippage, and each measure's
 *   achievement along both paths.
 *
 * Every figure is the analysis's own (crq/analysis.h; formulas in
 * docs/kpi.md): ROSI is never computed here.
 */
#include <math.h>
#include <stdio.h>

#include "compile/achievement.h"
#include "model_def.h"
#include "xlsx.h"

/* ---- Measures ---- */

/* The return columns (5 on) of measure i (or CRQ_ALL_MEASURES) and the
 * verdicts after them. */
static void return_cells(crq_xl *x, lxw_worksheet *ws, int row, size_t i) {
  crq_rosi r = crq_analysis_rosi(x->a, i);
  crq_xl_num(x, ws, row, 5, r.annualised_cost, x->money);
  crq_xl_num(x, ws, row, 6, r.eal_reduction, x->money);
  crq_xl_num(x, ws, row, 7, r.rosi, x->pct);
  if (isinf(r.payback_years))
    crq_xl_str(x, ws, row, 8, crq_xl_tr(x, "never", "回収不能"), NULL);
  else
    crq_xl_num(x, ws, row, 8, r.payback_years, x->num);
}

static void verdict_cells(crq_xl *x, lxw_worksheet *ws, int row, size_t i) {
  for (size_t t = 0; t < x->m->n_appetite; t++) {
    crq_verdict v;
    if (crq_analysis_verdict(x->a, i, t, &v) == 0)
      crq_xl_str(x, ws, row, 9 + (int)t, crq_xl_verdict(x, v), NULL);
  }
}

static void measures_header(crq_xl *x, lxw_worksheet *ws) {
  const char *labels[] = {
      crq_xl_tr(x, "Measure", "対策"),
      "ID",
      crq_xl_tr(x, "KPI achievement", "KPI 達成率"),
      crq_xl_tr(x, "One-off cost", "初期費用"),
      crq_xl_tr(x, "Annual cost", "年間費用"),
      crq_xl_tr(x, "Annualised cost", "年換算費用"),
      crq_xl_tr(x, "EAL reduction (Shapley)", "EAL 削減額 (シャープレイ値)"),
      "ROSI",
      crq_xl_tr(x, "Payback (years)", "回収期間 (年)")};
  crq_xl_header(x, ws, 0, labels, x->a ? 9 : 5);
  for (size_t t = 0; x->a && t < x->m->n_appetite; t++) {
    char head[512];
    snprintf(head, sizeof head, x->ja ? "%s (その対策のみ)" : "%s (alone)",
             x->m->appetite[t].name);
    crq_xl_str(x, ws, 0, 9 + (int)t, head, x->head);
  }
}

/* The reduction of all measures together, from the run, when there is no
 * analysis to split it. */
static void run_reduction(crq_xl *x, lxw_worksheet *ws, int row) {
  if (x->nv < 2)
    return;
  crq_xl_str(
      x, ws, row, 0,
      crq_xl_tr(x, "Reduction in expected annual loss", "年間予想損失額の削減"),
      NULL);
  crq_xl_num(x, ws, row, 4, crq_result_reduction_eal(x->r).value, x->money);
}

void crq_xl_measures_sheet(crq_xl *x) {
  lxw_worksheet *ws = crq_xl_sheet(x, "Measures", 36, 16);
  if (!ws)
    return;
  measures_header(x, ws);
  int row = 1;
  if (x->a && x->m->n_appetite) {
    crq_xl_str(x, ws, row, 0, crq_xl_tr(x, "Before the measures", "対策前"),
               NULL);
    verdict_cells(x, ws, row++, CRQ_NO_MEASURE);
  }
  double once = 0, annual = 0;
  for (size_t i = 0; i < x->m->n_measures; i++, row++) {
    const crq_measure *ms = &x->m->measures[i];
    crq_xl_str(x, ws, row, 0, ms->name, NULL);
    crq_xl_str(x, ws, row, 1, ms->id, NULL);
    crq_xl_num(x, ws, row, 2,
               x->a ? crq_analysis_achievement(x->a, i)
                    : crq_measure_achievement(x->m, i, x->kpi),
               x->pct);
    crq_xl_num(x, ws, row, 3, ms->cost_once, x->money);
    crq_xl_num(x, ws, row, 4, ms->cost_annual, x->money);
    if (x->a) {
      return_cells(x, ws, row, i);
      verdict_cells(x, ws, row, i);
    }
    once += ms->cost_once;
    annual += ms->cost_annual;
  }
  crq_xl_str(x, ws, row, 0,
             x->a ? crq_xl_tr(x, "All measures", "全対策")
                  : crq_xl_tr(x, "Total", "合計"),
             x->head);
  crq_xl_num(x, ws, row, 3, once, x->money);
  crq_xl_num(x, ws, row, 4, annual, x->money);
  if (x->a) {
    return_cells(x, ws, row, CRQ_ALL_MEASURES);
    verdict_cells(x, ws, row, CRQ_ALL_MEASURES);
    char line[256];
    snprintf(line, sizeof line,
             x->ja
                 ? "年換算費用 = 年間費用 + 初期費用 ÷ %g年、ROSI = (削減額 − "
                   "年換算費用) ÷ 年換算費用、回収期間 = 初期費用 ÷ (削減額 − "
                   "年間費用)"
                 : "Annualised cost = annual cost + one-off cost ÷ %g "
                   "years; ROSI = (reduction − annualised cost) ÷ "
                   "annualised cost; payback = one-off cost ÷ (reduction − "
                   "annual cost)",
             crq_analysis_amortisation_years(x->a));
    crq_xl_str(x, ws, row + 2, 0, line, NULL);
  } else {
    run_reduction(x, ws, row + 2);
  }
  worksheet_freeze_panes(ws, 1, 1);
}

/* ---- Attribution ---- */

static const char *figure_name(const crq_xl *x, int f) {
  static const char *const names[CRQ_FIG_COUNT][2] = {
      {"Maximum loss", "最大損失額"},
      {"EAL", "EAL"},
      {"VaR 99%", "VaR 99%"},
      {"TVaR 99%", "TVaR 99%"}};
  return names[f][x->ja];
}

/* The Shapley table from row 0; returns the next free row. */
static int shapley_table(crq_xl *x, lxw_worksheet *ws) {
  size_t M = crq_analysis_measure_count(x->a);
  const char *labels[3 + CRQ_FIG_COUNT] = {
      crq_xl_tr(x, "Measure", "対策"), "ID",
      crq_xl_tr(x, "Achievement", "達成率")};
  char heads[CRQ_FIG_COUNT][64];
  for (int f = 0; f < CRQ_FIG_COUNT; f++) {
    snprintf(heads[f], sizeof heads[f],
             x->ja ? "%s 削減額 (シャープレイ値)" : "%s reduction (Shapley)",
             figure_name(x, f));
    labels[3 + f] = heads[f];
  }
  crq_xl_header(x, ws, 0, labels, 3 + CRQ_FIG_COUNT);
  for (size_t i = 0; i < M; i++) {
    int row = 1 + (int)i;
    crq_xl_str(x, ws, row, 0, x->m->measures[i].name, NULL);
    crq_xl_str(x, ws, row, 1, x->m->measures[i].id, NULL);
    crq_xl_num(x, ws, row, 2, crq_analysis_achievement(x->a, i), x->pct);
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      crq_xl_num(x, ws, row, 3 + f,
                 crq_analysis_shapley(x->a, (crq_figure)f, i), x->money);
  }
  int row = 1 + (int)M;
  crq_xl_str(x, ws, row, 0, crq_xl_tr(x, "All measures", "全対策"), x->head);
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    crq_xl_num(x, ws, row, 3 + f,
               crq_analysis_waterfall(x->a, (crq_figure)f, 0) -
                   crq_analysis_waterfall(x->a, (crq_figure)f, M),
               x->money);
  return row + 2;
}

/* The waterfall in declared order from row `row`. */
static void waterfall_table(crq_xl *x, lxw_worksheet *ws, int row) {
  const char *labels[2 + CRQ_FIG_COUNT] = {
      crq_xl_tr(x, "Waterfall: after adding, in declared order",
                "ウォーターフォール: 宣言順に追加した後"),
      "ID"};
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    labels[2 + f] = figure_name(x, f);
  crq_xl_header(x, ws, row++, labels, 2 + CRQ_FIG_COUNT);
  for (size_t k = 0; k <= crq_analysis_measure_count(x->a); k++, row++) {
    crq_xl_str(x, ws, row, 0,
               k ? x->m->measures[k - 1].name
                 : crq_xl_tr(x, "Now (no measure)", "現状 (対策なし)"),
               NULL);
    crq_xl_str(x, ws, row, 1, k ? x->m->measures[k - 1].id : NULL, NULL);
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      crq_xl_num(x, ws, row, 2 + f,
                 crq_analysis_waterfall(x->a, (crq_figure)f, k), x->money);
  }
}

void crq_xl_attribution_sheet(crq_xl *x) {
  if (!x->a)
    return;
  lxw_worksheet *ws = crq_xl_sheet(x, "Attribution", 40, 22);
  if (!ws)
    return;
  waterfall_table(x, ws, shapley_table(x, ws));
  worksheet_freeze_panes(ws, 1, 1);
}

/* ---- Roadmap ---- */

/* Row 2: the headers; the as-of date is in row 0. */
static void roadmap_header(crq_xl *x, lxw_worksheet *ws) {
  const char *planned = crq_xl_tr(x, "planned", "計画");
  const char *achieved = crq_xl_tr(x, "achieved", "実績");
  const char *slip = crq_xl_tr(x, "slippage", "遅れ");
  const char *fig[2] = {crq_xl_tr(x, "Maximum loss", "最大損失額"), "EAL"};
  const char *what[3] = {planned, achieved, slip};
  crq_xl_str(x, ws, 2, 0, crq_xl_tr(x, "Date", "日付"), x->head);
  crq_xl_str(x, ws, 2, 1,
             crq_xl_tr(x, "On or before the as-of date", "基準日以前"),
             x->head);
  char head[512];
  for (int f = 0; f < 2; f++)
    for (int k = 0; k < 3; k++) {
      snprintf(head, sizeof head, "%s %s", fig[f], what[k]);
      crq_xl_str(x, ws, 2, 2 + 3 * f + k, head, x->head);
    }
  for (size_t i = 0; i < crq_analysis_measure_count(x->a); i++)
    for (int k = 0; k < 2; k++) {
      snprintf(head, sizeof head, "%s %s", x->m->measures[i].name, what[k]);
      crq_xl_str(x, ws, 2, 8 + 2 * (int)i + k, head, x->head);
    }
}

static void roadmap_row(crq_xl *x, lxw_worksheet *ws, int row,
                        const crq_roadmap_point *p) {
  crq_xl_date(x, ws, row, 0, p->date);
  crq_xl_note(x, worksheet_write_boolean(ws, (lxw_row_t)row, 1, p->past, NULL));
  for (int f = 0; f < 2; f++) {
    const double *v = f ? p->eal : p->max_loss;
    crq_xl_num(x, ws, row, 2 + 3 * f, v[0], x->money);
    crq_xl_num(x, ws, row, 3 + 3 * f, v[1], x->money);
    crq_xl_num(x, ws, row, 4 + 3 * f, v[1] - v[0], x->money);
  }
  for (size_t i = 0; i < crq_analysis_measure_count(x->a); i++)
    for (int k = 0; k < 2; k++)
      crq_xl_num(x, ws, row, 8 + 2 * (int)i + k, p->achievement[k][i], x->pct);
}

void crq_xl_roadmap_sheet(crq_xl *x) {
  if (!x->a || crq_analysis_roadmap_count(x->a) == 0)
    return;
  lxw_worksheet *ws = crq_xl_sheet(x, "Roadmap", 14, 18);
  if (!ws)
    return;
  crq_xl_str(x, ws, 0, 0, crq_xl_tr(x, "As of", "基準日"), x->head);
  crq_xl_date(x, ws, 0, 1, crq_analysis_as_of(x->a));
  roadmap_header(x, ws);
  for (size_t i = 0; i < crq_analysis_roadmap_count(x->a); i++)
    roadmap_row(x, ws, 3 + (int)i, crq_analysis_roadmap(x->a, i));
  worksheet_freeze_panes(ws, 3, 1);
}
