/* engine/report/text_tables.c — the detailed tables of the text report:
 * annual loss statistics with 95% intervals, return periods (AEP and OEP),
 * contributions by scenario and by category, risk-appetite verdicts, the
 * paired reductions, and the measures behind them (KPI achievement, cost). Each
 * table has one column per variant, so a model without measures simply gets
 * half the columns. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "compile/achievement.h"
#include "crq/crq.h"
#include "model_def.h"
#include "text.h"
#include "writers.h"

/* Column alignment for a label followed by figures. */
static const crq_align figures[CRQ_TABLE_MAX_COLS] = {
    CRQ_LEFT,  CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT,
    CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT};

/* A row of the statistics table: an estimate per variant with its 95%
 * interval (interval left empty when `bare`, e.g. the standard deviation). */
static void stat_row(const crq_text_ctx *c, crq_table *t, const char *label,
                     const crq_estimate *e, int bare) {
  crq_cell val[2];
  crq_line ci[2];
  const char *row[5] = {label};
  for (int v = 0; v < c->base.nv; v++) {
    row[1 + 2 * v] = crq_text_amount(c, val[v], e[v].value);
    row[2 + 2 * v] = bare ? "" : crq_text_interval(c, ci[v], e[v]);
  }
  crq_table_add(t, row);
}

void crq_text_statistics(crq_text_ctx *c) {
  crq_text_title(c, "Annual loss statistics (all scenarios, one year)",
                 "年間損失の統計 (全シナリオ、1年あたり)");
  crq_table t;
  crq_table_init(&t, 1 + 2 * (size_t)c->base.nv, figures);
  const char *ci = crq_text_tr(c, "95% interval", "95%信頼区間");
  crq_table_add(&t, (const char *[]){crq_text_tr(c, "Figure", "指標"),
                                     crq_text_variant(c, 0, "Value", "値"), ci,
                                     crq_text_variant(c, 1, "", ""), ci});
  crq_estimate e[2];
  for (int v = 0; v < c->base.nv; v++)
    e[v] = crq_result_eal(c->base.r, (crq_variant)v);
  stat_row(c, &t, crq_text_tr(c, "EAL (mean)", "EAL (平均)"), e, 0);
  for (int v = 0; v < c->base.nv; v++)
    e[v].value = crq_result_sd(c->base.r, (crq_variant)v, CRQ_AEP);
  stat_row(c, &t, crq_text_tr(c, "Standard deviation", "標準偏差"), e, 1);
  for (int i = 0; i < CRQ_REPORT_N_LEVELS; i++) {
    double p = crq_report_levels[i];
    crq_cell label;
    for (int v = 0; v < c->base.nv; v++)
      e[v] = crq_result_quantile(c->base.r, (crq_variant)v, CRQ_AEP, p);
    stat_row(c, &t, crq_text_level(label, "VaR", p), e, 0);
    for (int v = 0; v < c->base.nv; v++)
      e[v] = crq_result_tvar(c->base.r, (crq_variant)v, CRQ_AEP, p);
    stat_row(c, &t, crq_text_level(label, "TVaR", p), e, 0);
  }
  crq_text_table_done(c, &t);
}

void crq_text_return_periods(crq_text_ctx *c) {
  crq_text_title(c,
                 "Return periods (AEP: annual total; OEP: largest single "
                 "event in the year)",
                 "再現期間 (AEP: 年間合計、OEP: 年間最大の1件)");
  crq_table t;
  crq_table_init(&t, 2 + 2 * (size_t)c->base.nv, figures);
  const char *head[6] = {crq_text_tr(c, "Return period", "再現期間"),
                         crq_text_tr(c, "Probability", "年超過確率")};
  crq_cell heads[4];
  for (int b = 0; b < 2; b++)
    for (int v = 0; v < c->base.nv; v++)
      crq_text_prefixed(c, heads[b * c->base.nv + v],
                        b == CRQ_AEP ? "AEP" : "OEP", v);
  for (int i = 0; i < 2 * c->base.nv; i++)
    head[2 + i] = heads[i];
  crq_table_add(&t, head);
  for (int i = 0; i < CRQ_REPORT_N_PERIODS; i++) {
    double years = crq_report_periods[i];
    crq_cell label, prob, cells[4];
    const char *row[6] = {label,
                          crq_percent_format(prob, sizeof prob, 1 / years)};
    snprintf(label, sizeof label,
             c->base.ja ? "%.0f年に1度" : "1 in %.0f years", years);
    for (int b = 0; b < 2; b++)
      for (int v = 0; v < c->base.nv; v++) {
        int k = b * c->base.nv + v;
        row[2 + k] =
            crq_text_amount(c, cells[k],
                            crq_result_return_period(c->base.r, (crq_variant)v,
                                                     (crq_basis)b, years)
                                .value);
      }
    crq_table_add(&t, row);
  }
  crq_text_table_done(c, &t);
}

/* Rows of a contribution table: scenarios or categories, read through the
 * same three functions. */
typedef struct contrib_rows {
  size_t n;
  const char *(*name)(const crq_text_ctx *c, size_t i);
  crq_estimate (*eal)(const crq_result *r, crq_variant v, size_t i);
  double (*tvar)(const crq_result *r, crq_variant v, size_t i, double p);
} contrib_rows;

static const char *scenario_name(const crq_text_ctx *c, size_t i) {
  return crq_model_scenario_name(c->base.m, i);
}
static const char *category_name(const crq_text_ctx *c, size_t i) {
  return crq_category_name((crq_category)i, c->base.ja ? "ja" : "en");
}
static crq_estimate category_eal(const crq_result *r, crq_variant v, size_t i) {
  return crq_result_category_eal(r, v, (crq_category)i);
}
static double category_tvar(const crq_result *r, crq_variant v, size_t i,
                            double p) {
  return crq_result_category_tvar(r, v, (crq_category)i, p);
}

/* Adds the row of item i (or the total row when label is given) unless
 * every figure in it is zero. */
static void contrib_row(const crq_text_ctx *c, crq_table *t,
                        const contrib_rows *rows, size_t i, const char *label) {
  double x[4];
  int any = 0;
  for (int v = 0; v < c->base.nv; v++) {
    crq_variant vv = (crq_variant)v;
    x[v] = label ? crq_result_eal(c->base.r, vv).value
                 : rows->eal(c->base.r, vv, i).value;
    x[c->base.nv + v] =
        label ? crq_result_tvar(c->base.r, vv, CRQ_AEP, CRQ_REPORT_TAIL).value
              : rows->tvar(c->base.r, vv, i, CRQ_REPORT_TAIL);
  }
  crq_cell cells[4];
  const char *row[5] = {label ? label : rows->name(c, i)};
  for (int k = 0; k < 2 * c->base.nv; k++) {
    any |= x[k] != 0;
    row[1 + k] = crq_text_amount(c, cells[k], x[k]);
  }
  if (any || label)
    crq_table_add(t, row);
}

static void contrib_table(crq_text_ctx *c, const char *head,
                          const contrib_rows *rows, size_t n_in_total) {
  crq_table t;
  crq_table_init(&t, 1 + 2 * (size_t)c->base.nv, figures);
  crq_cell heads[4];
  const char *row[5] = {head};
  for (int k = 0; k < 2 * c->base.nv; k++) {
    row[1 + k] = crq_text_prefixed(
        c, heads[k], k < c->base.nv ? "EAL" : "TVaR 99%", k % c->base.nv);
  }
  crq_table_add(&t, row);
  for (size_t i = 0; i < n_in_total; i++)
    contrib_row(c, &t, rows, i, NULL);
  contrib_row(c, &t, rows, 0, crq_text_tr(c, "Total", "合計"));
  for (size_t i = n_in_total; i < rows->n; i++)
    contrib_row(c, &t, rows, i, NULL);
  crq_text_table_done(c, &t);
}

void crq_text_contributions(crq_text_ctx *c) {
  crq_text_title(
      c,
      "Contributions by scenario (EAL, and mean loss in the worst "
      "1% of years: they add up to TVaR 99%)",
      "シナリオ別の寄与 (EAL と、最悪1%の年の平均損失: 合計が TVaR 99%)");
  contrib_rows scen = {crq_model_scenario_count(c->base.m), scenario_name,
                       crq_result_scenario_eal, crq_result_scenario_tvar};
  contrib_table(c, crq_text_tr(c, "Scenario", "シナリオ"), &scen, scen.n);
  crq_text_title(c,
                 "Contributions by category (indirect losses below the total)",
                 "カテゴリ別の寄与 (間接損失は合計の外)");
  contrib_rows cat = {CRQ_CAT_COUNT, category_name, category_eal,
                      category_tvar};
  contrib_table(c, crq_text_tr(c, "Category", "カテゴリ"), &cat,
                CRQ_CAT_DIRECT_COUNT);
}

void crq_text_appetite(crq_text_ctx *c) {
  if (c->base.m->n_appetite == 0)
    return;
  crq_text_title(c, "Risk appetite", "リスク許容度");
  crq_table t;
  crq_table_init(&t, 3 + 2 * (size_t)c->base.nv,
                 (crq_align[]){CRQ_LEFT, CRQ_LEFT, CRQ_RIGHT, CRQ_RIGHT,
                               CRQ_LEFT, CRQ_RIGHT, CRQ_LEFT});
  const char *head[7] = {crq_text_tr(c, "Threshold", "基準"),
                         crq_text_tr(c, "Measured at", "評価点"),
                         crq_text_tr(c, "Limit", "上限")};
  for (int v = 0; v < c->base.nv; v++) {
    head[3 + 2 * v] = crq_text_variant(c, v, "Loss", "損失額");
    head[4 + 2 * v] = crq_text_tr(c, "Verdict", "判定");
  }
  crq_table_add(&t, head);
  for (size_t i = 0; i < c->base.m->n_appetite; i++) {
    const crq_appetite *a = &c->base.m->appetite[i];
    crq_cell at, limit, loss[2];
    snprintf(at, sizeof at,
             c->base.ja ? "%.0f年に1度 (%s)" : "1 in %.0f years (%s)",
             a->return_period, a->oep ? "OEP" : "AEP");
    const char *row[7] = {a->name, at, crq_text_amount(c, limit, a->limit)};
    for (int v = 0; v < c->base.nv; v++) {
      crq_estimate l, p;
      crq_verdict verdict =
          crq_result_appetite(c->base.r, (crq_variant)v, i, &l, &p);
      row[3 + 2 * v] = crq_text_amount(c, loss[v], l.value);
      row[4 + 2 * v] = crq_report_verdict_word(verdict, c->base.ja);
    }
    crq_table_add(&t, row);
  }
  crq_text_table_done(c, &t);
  fprintf(c->base.out, "  %s\n",
          crq_text_tr(c,
                      "GREEN: within the limit with margin; AMBER: the 95% "
                      "interval reaches the limit; RED: beyond the limit.",
                      "緑: 上限内で余裕あり、黄: 95%信頼区間が上限に届く、"
                      "赤: 上限超過"));
}

/* A reduction row: the figure, the reduction, its SE, its interval and the
 * reduction relative to the baseline figure. */
static void reduction_row(const crq_text_ctx *c, crq_table *t,
                          const char *label, crq_estimate d, double base) {
  crq_cell val, se, rel;
  crq_line ci;
  if (base > 0)
    snprintf(rel, sizeof rel, "%.1f%%", 100 * d.value / base);
  else
    snprintf(rel, sizeof rel, "n/a");
  crq_table_add(t, (const char *[]){label, crq_text_amount(c, val, d.value),
                                    crq_text_amount(c, se, d.se),
                                    crq_text_interval(c, ci, d), rel});
}

void crq_text_reductions(crq_text_ctx *c) {
  if (c->base.nv < 2)
    return;
  crq_text_title(c,
                 "Reduction by the measures (now minus after, paired on the "
                 "same trials)",
                 "対策による削減額 (現状 − 対策後、同じ試行で対比)");
  crq_table t;
  crq_table_init(&t, 5, figures);
  crq_table_add(&t,
                (const char *[]){crq_text_tr(c, "Figure", "指標"),
                                 crq_text_tr(c, "Reduction", "削減額"),
                                 crq_text_tr(c, "SE", "標準誤差"),
                                 crq_text_tr(c, "95% interval", "95%信頼区間"),
                                 crq_text_tr(c, "Relative", "削減率")});
  reduction_row(c, &t, "EAL", crq_result_reduction_eal(c->base.r),
                crq_result_eal(c->base.r, CRQ_BASELINE).value);
  crq_cell label;
  reduction_row(
      c, &t, crq_text_level(label, "VaR", CRQ_REPORT_TAIL),
      crq_result_reduction_quantile(c->base.r, CRQ_REPORT_TAIL),
      crq_result_quantile(c->base.r, CRQ_BASELINE, CRQ_AEP, CRQ_REPORT_TAIL)
          .value);
  reduction_row(
      c, &t, crq_text_level(label, "TVaR", CRQ_REPORT_TAIL),
      crq_result_reduction_tvar(c->base.r, CRQ_REPORT_TAIL),
      crq_result_tvar(c->base.r, CRQ_BASELINE, CRQ_AEP, CRQ_REPORT_TAIL).value);
  crq_text_table_done(c, &t);
}

void crq_text_measures(crq_text_ctx *c) {
  if (c->base.m->n_measures == 0)
    return;
  double *kpi =
      malloc((c->base.m->n_kpis ? c->base.m->n_kpis : 1) * sizeof *kpi);
  if (!kpi) {
    c->failed = 1;
    return;
  }
  crq_kpi_achievements(c->base.m, kpi);
  crq_text_title(c, "Measures (achievement of their KPIs, and cost)",
                 "対策 (KPI 達成率と費用)");
  crq_table t;
  crq_table_init(&t, 4, figures);
  crq_table_add(&t,
                (const char *[]){crq_text_tr(c, "Measure", "対策"),
                                 crq_text_tr(c, "Achievement", "達成率"),
                                 crq_text_tr(c, "One-off cost", "初期費用"),
                                 crq_text_tr(c, "Annual cost", "年間費用")});
  double once = 0, annual = 0;
  for (size_t i = 0; i < c->base.m->n_measures; i++) {
    const crq_measure *x = &c->base.m->measures[i];
    crq_cell a, o, y;
    crq_percent_format(a, sizeof a, crq_measure_achievement(c->base.m, i, kpi));
    crq_table_add(&t, (const char *[]){x->name, a,
                                       crq_text_amount(c, o, x->cost_once),
                                       crq_text_amount(c, y, x->cost_annual)});
    once += x->cost_once;
    annual += x->cost_annual;
  }
  crq_cell o, y;
  crq_table_add(&t, (const char *[]){crq_text_tr(c, "Total", "合計"), "",
                                     crq_text_amount(c, o, once),
                                     crq_text_amount(c, y, annual)});
  crq_text_table_done(c, &t);
  free(kpi);
}
