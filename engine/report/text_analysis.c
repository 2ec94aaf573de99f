/* engine/report/text_analysis.c — the analysis sections of the text report:
 * what each measure buys (Shapley values, then the waterfall in declared
 * order), the roadmap of maximum loss and EAL as planned and as achieved,
 * and ROSI with the risk-appetite verdicts before and after.
 *
 * Reductions are written as negative changes ("-40.0億円"), the way the
 * board reads "141億円 → 97億円". Formulas: docs/kpi.md.
 */
#include <math.h>
#include <stdio.h>

#include "analysis_sections.h"
#include "model_def.h"
#include "writers.h"

static const crq_align figures[CRQ_TABLE_MAX_COLS] = {
    CRQ_LEFT,  CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT,
    CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT};

/* The figures' column headers. */
static const char *figure_name(const crq_text_ctx *c, crq_figure f) {
  switch (f) {
  case CRQ_FIG_MAX_LOSS:
    return crq_text_tr(c, "Maximum loss", "最大損失額");
  case CRQ_FIG_EAL:
    return "EAL";
  case CRQ_FIG_VAR99:
    return "VaR 99%";
  default:
    return "TVaR 99%";
  }
}

/* A change: empty when there is none, else the signed amount. */
static char *change(const crq_text_ctx *c, crq_cell cell, double d) {
  if (d == 0.0)
    cell[0] = '\0';
  else
    crq_text_amount(c, cell, d);
  return cell;
}

static void shapley(crq_text_ctx *c, const crq_analysis *a) {
  size_t M = crq_analysis_measure_count(a);
  crq_text_title(c,
                 "What each measure buys (Shapley values: its change averaged "
                 "over every order of adding the measures; they add up to "
                 "the total)",
                 "対策ごとの効果 (シャープレイ値: 対策を加える全順序で平均した"
                 "変化額、合計は全対策の効果)");
  crq_table t;
  crq_table_init(&t, 2 + CRQ_FIG_COUNT, figures);
  const char *head[2 + CRQ_FIG_COUNT] = {
      crq_text_tr(c, "Measure", "対策"),
      crq_text_tr(c, "Achievement", "達成率")};
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    head[2 + f] = figure_name(c, (crq_figure)f);
  crq_table_add(&t, head);
  crq_cell cells[1 + CRQ_FIG_COUNT];
  const char *row[2 + CRQ_FIG_COUNT];
  for (size_t m = 0; m < M; m++) {
    row[0] = c->base.m->measures[m].name;
    row[1] = crq_percent_format(cells[0], sizeof cells[0],
                                crq_analysis_achievement(a, m));
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      row[2 + f] =
          change(c, cells[1 + f], -crq_analysis_shapley(a, (crq_figure)f, m));
    crq_table_add(&t, row);
  }
  row[0] = crq_text_tr(c, "Total", "合計");
  row[1] = "";
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    row[2 + f] = change(c, cells[1 + f],
                        crq_analysis_waterfall(a, (crq_figure)f, M) -
                            crq_analysis_waterfall(a, (crq_figure)f, 0));
  crq_table_add(&t, row);
  crq_text_table_done(c, &t);
}

static void waterfall(crq_text_ctx *c, const crq_analysis *a) {
  size_t M = crq_analysis_measure_count(a);
  crq_text_title(c,
                 "Waterfall (the figures after adding the measures one by "
                 "one, in declared order)",
                 "ウォーターフォール (宣言順に対策を1つずつ加えた後の数値)");
  crq_table t;
  crq_table_init(&t, 7, figures);
  const char *change_head = crq_text_tr(c, "Change", "増減");
  crq_table_add(&t,
                (const char *[]){crq_text_tr(c, "Step", "段階"),
                                 figure_name(c, CRQ_FIG_MAX_LOSS), change_head,
                                 "EAL", change_head, "VaR 99%", "TVaR 99%"});
  for (size_t k = 0; k <= M; k++) {
    crq_cell cells[6];
    crq_line label;
    if (k == 0)
      snprintf(label, sizeof label, "%s",
               crq_text_tr(c, "Now (no measure)", "現状 (対策なし)"));
    else
      snprintf(label, sizeof label, "+ %s", c->base.m->measures[k - 1].name);
    double x[CRQ_FIG_COUNT], d[2] = {0, 0};
    for (int f = 0; f < CRQ_FIG_COUNT; f++)
      x[f] = crq_analysis_waterfall(a, (crq_figure)f, k);
    for (int f = 0; k > 0 && f < 2; f++)
      d[f] = x[f] - crq_analysis_waterfall(a, (crq_figure)f, k - 1);
    crq_table_add(
        &t, (const char *[]){
                label, crq_text_amount(c, cells[0], x[0]),
                change(c, cells[1], d[0]), crq_text_amount(c, cells[2], x[1]),
                change(c, cells[3], d[1]), crq_text_amount(c, cells[4], x[2]),
                crq_text_amount(c, cells[5], x[3])});
  }
  crq_text_table_done(c, &t);
}

static void roadmap(crq_text_ctx *c, const crq_analysis *a) {
  size_t n = crq_analysis_roadmap_count(a);
  if (n == 0)
    return;
  crq_text_title(c,
                 "Roadmap (as planned: KPIs progress linearly from start to "
                 "due date; as achieved: actuals to date, then flat; "
                 "slippage = achieved − planned)",
                 "ロードマップ (計画: KPI が開始日から期日まで直線的に進捗、"
                 "実績: 基準日までの実績、以降は横ばい、遅れ = 実績 − 計画)");
  fprintf(c->base.out, "  %s %s\n", crq_text_tr(c, "As of", "基準日"),
          crq_analysis_as_of(a));
  crq_table t;
  crq_table_init(&t, 7, figures);
  const char *planned = crq_text_tr(c, "planned", "計画");
  const char *achieved = crq_text_tr(c, "achieved", "実績");
  const char *slip = crq_text_tr(c, "slippage", "遅れ");
  crq_cell h[2];
  snprintf(h[0], sizeof h[0], "%s %s", figure_name(c, CRQ_FIG_MAX_LOSS),
           planned);
  snprintf(h[1], sizeof h[1], "EAL %s", planned);
  crq_table_add(&t, (const char *[]){crq_text_tr(c, "Date", "日付"), h[0],
                                     achieved, slip, h[1], achieved, slip});
  for (size_t i = 0; i < n; i++) {
    const crq_roadmap_point *p = crq_analysis_roadmap(a, i);
    crq_cell cells[6], date;
    snprintf(date, sizeof date, "%s%s", p->date, p->past ? "" : " *");
    crq_table_add(&t, (const char *[]){
                          date, crq_text_amount(c, cells[0], p->max_loss[0]),
                          crq_text_amount(c, cells[1], p->max_loss[1]),
                          change(c, cells[2], p->max_loss[1] - p->max_loss[0]),
                          crq_text_amount(c, cells[3], p->eal[0]),
                          crq_text_amount(c, cells[4], p->eal[1]),
                          change(c, cells[5], p->eal[1] - p->eal[0])});
  }
  crq_text_table_done(c, &t);
  fprintf(c->base.out, "  %s\n",
          crq_text_tr(c,
                      "* after the as-of date: achieved held at the "
                      "latest actuals.",
                      "* 基準日より後: 実績は最新値のまま"));
}

/* ROSI as a percentage (three figures), "n/a" when undefined. */
static char *ratio(crq_cell cell, double x) {
  if (isnan(x))
    snprintf(cell, sizeof(crq_cell), "n/a");
  else
    crq_percent_format(cell, sizeof(crq_cell), x);
  return cell;
}

static void rosi_row(crq_text_ctx *c, crq_table *t, const char *label,
                     crq_rosi r) {
  crq_cell cells[6];
  crq_table_add(
      t, (const char *[]){label, crq_text_amount(c, cells[0], r.eal_reduction),
                          crq_text_amount(c, cells[1], r.cost_once),
                          crq_text_amount(c, cells[2], r.cost_annual),
                          crq_text_amount(c, cells[3], r.annualised_cost),
                          ratio(cells[4], r.rosi),
                          crq_payback_format(cells[5], sizeof cells[5],
                                             r.payback_years, c->base.ja)});
}

static void rosi(crq_text_ctx *c, const crq_analysis *a) {
  size_t M = crq_analysis_measure_count(a);
  crq_text_title(c,
                 "Return on security investment (EAL reduction: Shapley "
                 "share; ROSI = (reduction − annualised cost) ÷ annualised "
                 "cost)",
                 "セキュリティ投資対効果 ROSI (EAL 削減額はシャープレイ値、"
                 "ROSI = (削減額 − 年換算費用) ÷ 年換算費用)");
  fprintf(c->base.out, "  %s %g %s\n",
          crq_text_tr(c, "One-off costs spread over", "初期費用の償却年数"),
          crq_analysis_amortisation_years(a), crq_text_tr(c, "years", "年"));
  crq_table t;
  crq_table_init(&t, 7, figures);
  crq_table_add(&t, (const char *[]){
                        crq_text_tr(c, "Measure", "対策"),
                        crq_text_tr(c, "EAL reduction", "EAL 削減額"),
                        crq_text_tr(c, "One-off cost", "初期費用"),
                        crq_text_tr(c, "Annual cost", "年間費用"),
                        crq_text_tr(c, "Annualised cost", "年換算費用"), "ROSI",
                        crq_text_tr(c, "Payback (years)", "回収期間 (年)")});
  for (size_t m = 0; m < M; m++)
    rosi_row(c, &t, c->base.m->measures[m].name, crq_analysis_rosi(a, m));
  rosi_row(c, &t, crq_text_tr(c, "All measures", "全対策"),
           crq_analysis_rosi(a, CRQ_ALL_MEASURES));
  crq_text_table_done(c, &t);
}

static const char *verdict_name(const crq_text_ctx *c, const crq_analysis *a,
                                size_t m, size_t i) {
  crq_verdict v;
  if (crq_analysis_verdict(a, m, i, &v) != 0)
    return "n/a";
  return crq_report_verdict_word(v, c->base.ja);
}

/* One row per state (no measure, each measure alone, all), one column per
 * risk-appetite threshold (the first CRQ_TABLE_MAX_COLS − 1). */
static void appetite(crq_text_ctx *c, const crq_analysis *a) {
  size_t M = crq_analysis_measure_count(a), n = c->base.m->n_appetite;
  if (n == 0)
    return;
  if (n > CRQ_TABLE_MAX_COLS - 1)
    n = CRQ_TABLE_MAX_COLS - 1;
  crq_text_title(c,
                 "Risk appetite before, with each measure alone, and with "
                 "all measures",
                 "リスク許容度の判定 (対策前、各対策のみ、全対策)");
  crq_table t;
  crq_align align[CRQ_TABLE_MAX_COLS] = {CRQ_LEFT};
  crq_table_init(&t, 1 + n, align);
  const char *row[CRQ_TABLE_MAX_COLS] = {crq_text_tr(c, "Measures", "対策")};
  for (size_t i = 0; i < n; i++)
    row[1 + i] = c->base.m->appetite[i].name;
  crq_table_add(&t, row);
  for (size_t k = 0; k < M + 2; k++) {
    size_t m = k == 0 ? CRQ_NO_MEASURE : k <= M ? k - 1 : CRQ_ALL_MEASURES;
    row[0] = k == 0   ? crq_text_tr(c, "None (now)", "なし (現状)")
             : k <= M ? c->base.m->measures[k - 1].name
                      : crq_text_tr(c, "All measures", "全対策");
    for (size_t i = 0; i < n; i++)
      row[1 + i] = verdict_name(c, a, m, i);
    crq_table_add(&t, row);
  }
  crq_text_table_done(c, &t);
}

void crq_text_analysis(crq_text_ctx *c, const crq_analysis *a) {
  if (!a || crq_analysis_measure_count(a) == 0)
    return;
  shapley(c, a);
  waterfall(c, a);
  roadmap(c, a);
  rosi(c, a);
  appetite(c, a);
}
