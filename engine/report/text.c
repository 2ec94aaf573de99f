/* engine/report/text.c — the text report: a board summary first (maximum
 * loss now → after measures, EAL, VaR/TVaR 99%), then the worst case by
 * category, the detailed tables of text_tables.c (ending with the measures
 * and their KPIs) and how the figures were obtained. Japanese or English
 * (crq_text_ctx.ja). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis_sections.h"
#include "crq/crq.h"
#include "text.h"
#include "writers.h"

const char *crq_text_tr(const crq_text_ctx *c, const char *en, const char *ja) {
  return c->base.ja ? ja : en;
}

const char *crq_text_variant(const crq_text_ctx *c, int v, const char *en,
                             const char *ja) {
  if (c->base.nv == 1)
    return crq_text_tr(c, en, ja);
  return v == CRQ_BASELINE ? crq_text_tr(c, "Now", "現状")
                           : crq_text_tr(c, "After measures", "対策後");
}

char *crq_text_prefixed(const crq_text_ctx *c, crq_cell cell,
                        const char *prefix, int v) {
  if (c->base.nv == 1)
    snprintf(cell, sizeof(crq_cell), "%s", prefix);
  else
    snprintf(cell, sizeof(crq_cell), "%s %s", prefix,
             crq_text_variant(c, v, "", ""));
  return cell;
}

void crq_text_title(const crq_text_ctx *c, const char *en, const char *ja) {
  fprintf(c->base.out, "\n%s\n", crq_text_tr(c, en, ja));
}

void crq_text_table_done(crq_text_ctx *c, crq_table *t) {
  if (t->failed)
    c->failed = 1;
  else
    crq_table_print(t, c->base.out, 2);
  crq_table_free(t);
}

char *crq_text_amount(const crq_text_ctx *c, crq_cell cell, double x) {
  return crq_amount_format(cell, sizeof(crq_cell), x, &c->base.style);
}

char *crq_text_interval(const crq_text_ctx *c, crq_line cell, crq_estimate e) {
  crq_cell lo, hi;
  if (!isfinite(e.lo) || !isfinite(e.hi))
    snprintf(cell, sizeof(crq_line), "n/a");
  else
    snprintf(cell, sizeof(crq_line), "[%s, %s]", crq_text_amount(c, lo, e.lo),
             crq_text_amount(c, hi, e.hi));
  return cell;
}

char *crq_text_level(crq_cell cell, const char *what, double p) {
  crq_cell pct;
  snprintf(cell, sizeof(crq_cell), "%s %s", what,
           crq_percent_format(pct, sizeof pct, p));
  return cell;
}

/* Writes "a → b" for the two variants (or just a), both rounded to the
 * step of the larger so the comparison reads like the JCIC figure. */
static char *now_after(const crq_text_ctx *c, crq_line cell, const double *x) {
  if (c->base.nv == 1)
    return crq_text_amount(c, cell, x[0]);
  double step = crq_amount_step(fmax(fabs(x[0]), fabs(x[1])));
  crq_cell a, b;
  crq_amount_format_step(a, sizeof a, x[0], step, &c->base.style);
  crq_amount_format_step(b, sizeof b, x[1], step, &c->base.style);
  snprintf(cell, sizeof(crq_line), "%s → %s", a, b);
  return cell;
}

/* Writes one variant's part of a headline into part. */
typedef void (*variant_part)(const crq_text_ctx *c, crq_variant v,
                             crq_line part);

/* "EAL (SE s)". */
static void eal_part(const crq_text_ctx *c, crq_variant v, crq_line part) {
  crq_estimate e = crq_result_eal(c->base.r, v);
  crq_cell val, se;
  snprintf(part, sizeof(crq_line), "%s (%s %s)",
           crq_text_amount(c, val, e.value), crq_text_tr(c, "SE", "標準誤差"),
           crq_text_amount(c, se, e.se));
}

/* "VaR / TVaR" at the tail level. */
static void tail_part(const crq_text_ctx *c, crq_variant v, crq_line part) {
  crq_cell var, tvar;
  crq_text_amount(
      c, var,
      crq_result_quantile(c->base.r, v, CRQ_AEP, CRQ_REPORT_TAIL).value);
  crq_text_amount(
      c, tvar, crq_result_tvar(c->base.r, v, CRQ_AEP, CRQ_REPORT_TAIL).value);
  snprintf(part, sizeof(crq_line), "%s / %s", var, tvar);
}

/* Joins the parts of every variant with " → ". */
static char *join_variants(const crq_text_ctx *c, crq_line cell,
                           variant_part part) {
  crq_line a, b;
  part(c, CRQ_BASELINE, a);
  if (c->base.nv == 1)
    snprintf(cell, sizeof(crq_line), "%s", a);
  else {
    part(c, CRQ_MEASURES, b);
    snprintf(cell, sizeof(crq_line), "%.*s → %.*s", CRQ_AMOUNT_MAX * 2, a,
             CRQ_AMOUNT_MAX * 2 - 8, b);
  }
  return cell;
}

static void headline(crq_text_ctx *c) {
  fprintf(c->base.out, "%s — %s\n",
          crq_text_tr(c, "crq cyber-risk report", "crq サイバーリスク定量評価"),
          crq_model_name(c->base.m));
  if (c->base.nv == 2)
    fprintf(c->base.out, "%s\n",
            crq_text_tr(c, "Figures: now → after the measures are achieved",
                        "数値: 現状 → 対策後 (KPI 達成時)"));
  fputc('\n', c->base.out);
  crq_table t;
  crq_table_init(&t, 2, NULL);
  t.headerless = 1;
  double worst[2];
  for (int v = 0; v < c->base.nv; v++)
    worst[v] = crq_result_max_loss(c->base.r, (crq_variant)v);
  crq_line cell;
  crq_table_add(&t,
                (const char *[]){crq_text_tr(c, "Maximum loss", "最大損失額"),
                                 now_after(c, cell, worst)});
  crq_table_add(&t, (const char *[]){crq_text_tr(c, "Expected annual loss",
                                                 "年間予想損失額 (EAL)"),
                                     join_variants(c, cell, eal_part)});
  crq_table_add(&t, (const char *[]){crq_text_tr(c, "1-in-100-year VaR / TVaR",
                                                 "100年に1度の損失 VaR / TVaR"),
                                     join_variants(c, cell, tail_part)});
  crq_text_table_done(c, &t);
}

/* Whether category k has a non-zero worst case in some variant's worst
 * scenario. */
static int category_used(const crq_text_ctx *c, const size_t *sc,
                         crq_category k) {
  for (int v = 0; v < c->base.nv; v++)
    if (crq_result_worst_case(c->base.r, (crq_variant)v, sc[v], k) != 0)
      return 1;
  return 0;
}

/* One row of the worst-case table: label, each variant, the change. */
static void worst_row(const crq_text_ctx *c, crq_table *t, const char *label,
                      const size_t *sc, crq_category k) {
  double x[2];
  crq_cell cells[3];
  const char *row[4] = {label};
  double step = 1;
  for (int v = 0; v < c->base.nv; v++) {
    x[v] = crq_result_worst_case(c->base.r, (crq_variant)v, sc[v], k);
    step = fmax(step, crq_amount_step(x[v]));
  }
  for (int v = 0; v < c->base.nv; v++)
    row[1 + v] = crq_amount_format_step(cells[v], sizeof cells[v], x[v], step,
                                        &c->base.style);
  if (c->base.nv == 2)
    row[3] = x[1] == x[0]
                 ? ""
                 : crq_amount_format_step(cells[2], sizeof cells[2],
                                          x[1] - x[0], step, &c->base.style);
  crq_table_add(t, row);
}

static void worst_case(crq_text_ctx *c) {
  size_t sc[2];
  for (int v = 0; v < c->base.nv; v++)
    sc[v] = crq_result_worst_scenario(c->base.r, (crq_variant)v);
  crq_text_title(c,
                 "Maximum loss by category (one event, every input at its "
                 "worst)",
                 "最大損失額の内訳 (1件の事故、すべての入力が最悪値)");
  fprintf(c->base.out, "  %s: %s\n", crq_text_tr(c, "Scenario", "シナリオ"),
          crq_model_scenario_name(c->base.m, sc[0]));
  if (c->base.nv == 2 && sc[1] != sc[0])
    fprintf(c->base.out, "  %s: %s\n",
            crq_text_tr(c, "Scenario after measures", "対策後のシナリオ"),
            crq_model_scenario_name(c->base.m, sc[1]));
  crq_table t;
  crq_table_init(&t, 2 + (size_t)(c->base.nv == 2 ? 2 : 0),
                 (crq_align[]){CRQ_LEFT, CRQ_RIGHT, CRQ_RIGHT, CRQ_RIGHT});
  crq_table_add(&t, (const char *[]){crq_text_tr(c, "Category", "カテゴリ"),
                                     crq_text_variant(c, 0, "Amount", "金額"),
                                     crq_text_variant(c, 1, "", ""),
                                     crq_text_tr(c, "Change", "増減")});
  for (int k = 0; k < CRQ_CAT_DIRECT_COUNT; k++)
    if (category_used(c, sc, (crq_category)k))
      worst_row(c, &t,
                crq_category_name((crq_category)k, c->base.ja ? "ja" : "en"),
                sc, (crq_category)k);
  worst_row(c, &t, crq_text_tr(c, "Total (direct)", "合計 (直接損失)"), sc,
            CRQ_CAT_COUNT);
  if (category_used(c, sc, CRQ_CAT_INDIRECT))
    worst_row(
        c, &t,
        crq_text_tr(c, "Indirect (beside the total)", "間接損失 (合計の外)"),
        sc, CRQ_CAT_INDIRECT);
  crq_text_table_done(c, &t);
}

static void method(const crq_text_ctx *c) {
  crq_cell trials;
  crq_count_format(trials, sizeof trials, crq_result_trials(c->base.r));
  fprintf(c->base.out, "\n");
  if (c->base.ja)
    fprintf(c->base.out,
            "手法: モンテカルロ法 %s 年分 (seed %llu)、%d スレッド、%.2f 秒%s。"
            "crq %s\n",
            trials, (unsigned long long)crq_result_seed(c->base.r),
            crq_result_threads(c->base.r), crq_result_seconds(c->base.r),
            c->base.nv == 2 ? "。現状と対策後は同じ乱数で評価 (共通乱数)" : "",
            crq_version());
  else
    fprintf(c->base.out,
            "Method: Monte Carlo, %s simulated years (seed %llu), %d "
            "thread%s, %.2f s%s. crq %s\n",
            trials, (unsigned long long)crq_result_seed(c->base.r),
            crq_result_threads(c->base.r),
            crq_result_threads(c->base.r) == 1 ? "" : "s",
            crq_result_seconds(c->base.r),
            c->base.nv == 2 ? "; now and after measures on the same trials "
                              "(common random numbers)"
                            : "",
            crq_version());
  if (crq_result_streaming(c->base.r))
    fprintf(c->base.out, "%s\n", crq_report_streaming_note(c->base.ja));
}

crq_status crq_report_text(const crq_result *r, const crq_report_options *opts,
                           FILE *out) {
  crq_text_ctx c = {.base = crq_report_ctx_of(r, opts, out)};
  headline(&c);
  worst_case(&c);
  crq_text_statistics(&c);
  crq_text_return_periods(&c);
  crq_text_contributions(&c);
  crq_text_appetite(&c);
  crq_text_reductions(&c);
  crq_text_measures(&c);
  crq_text_analysis(&c, opts->analysis);
  method(&c);
  return c.failed ? CRQ_ERR_NOMEM : CRQ_OK;
}
