/* engine/report/html_measures.c — the measures' table of the HTML board
 * report: each measure with its KPI achievement and what it costs and,
 * with an analysis, what it returns — its Shapley share of the EAL
 * reduction, the annualised cost, ROSI, the payback period and the
 * risk-appetite verdict with the measure alone — between a row "before the
 * measures" and a row "all measures".
 *
 * Every return figure is crq_analysis_rosi's (docs/kpi.md, "ROSI"): this
 * writer computes none of its own, so the board report, the text, JSON,
 * CSV and Excel reports show the same ROSI. Without an analysis the table
 * stops at the costs.
 */
#include <math.h>
#include <stdio.h>

#include "compile/achievement.h"
#include "html.h"
#include "model_def.h"
#include "writers.h"

/* ROSI as a percentage (three figures), or "n/a" for a free measure, in
 * the cell with id "rosi-ROW". */
static void rosi_cell(const crq_html *h, const char *row, double rosi) {
  crq_html_cell pct;
  fprintf(h->base.out, "<td id=\"rosi-%s\">", row);
  if (isfinite(rosi))
    fprintf(h->base.out, "%s</td>", crq_percent_format(pct, sizeof pct, rosi));
  else
    fputs("n/a</td>", h->base.out);
}

static void payback_cell(const crq_html *h, const char *row, double years) {
  char cell[32];
  fprintf(h->base.out, "<td id=\"payback-%s\">%s</td>", row,
          crq_payback_format(cell, sizeof cell, years, h->base.ja));
}

/* The verdict of every threshold with measure m (or CRQ_NO_MEASURE,
 * CRQ_ALL_MEASURES). */
static void verdict_cells(const crq_html *h, size_t m) {
  for (size_t i = 0; i < h->base.m->n_appetite; i++) {
    crq_verdict v;
    if (crq_analysis_verdict(h->a, m, i, &v) != 0) {
      fputs("<td>n/a</td>", h->base.out);
      continue;
    }
    fprintf(h->base.out,
            "<td class=\"v %s\"><span class=\"dot\"></span>%s</td>",
            crq_report_verdict_key(v), crq_html_verdict_text(h, v));
  }
}

static void header(const crq_html *h) {
  const char *cols[] = {crq_html_tr(h, "Measure", "対策"),
                        crq_html_tr(h, "KPI achievement", "KPI 達成率"),
                        crq_html_tr(h, "One-off cost", "初期費用"),
                        crq_html_tr(h, "Annual cost", "年間費用"),
                        crq_html_tr(h, "Annualised cost", "年換算費用"),
                        crq_html_tr(h, "EAL reduction", "EAL 削減額"),
                        "ROSI",
                        crq_html_tr(h, "Payback (years)", "回収期間 (年)")};
  int n = h->a ? 8 : 4;
  size_t na = h->a ? h->base.m->n_appetite : 0;
  fputs("<tr>", h->base.out);
  for (int i = 0; i < n; i++)
    fprintf(h->base.out, na ? "<th rowspan=\"2\">%s</th>" : "<th>%s</th>",
            cols[i]);
  if (na) {
    fprintf(h->base.out,
            "<th colspan=\"%zu\" class=\"group\">%s</th></tr>\n<tr>", na,
            crq_html_tr(h, "Risk appetite with the measure alone",
                        "その対策のみでのリスク許容度"));
    for (size_t i = 0; i < na; i++) {
      fputs("<th class=\"sub\">", h->base.out);
      crq_html_esc(h, h->base.m->appetite[i].name);
      fputs("</th>", h->base.out);
    }
  }
  fputs("</tr>\n", h->base.out);
}

/* The return columns of measure m (or CRQ_ALL_MEASURES); the cells of
 * ROSI and payback have ids ending in m ("rosi-0") or "all". */
static void return_cells(const crq_html *h, size_t m) {
  crq_rosi r = crq_analysis_rosi(h->a, m);
  char row[32] = "all";
  if (m != CRQ_ALL_MEASURES)
    snprintf(row, sizeof row, "%zu", m);
  crq_html_amount_cell(h, r.annualised_cost);
  crq_html_amount_cell(h, r.eal_reduction);
  rosi_cell(h, row, r.rosi);
  payback_cell(h, row, r.payback_years);
  verdict_cells(h, m);
}

static void measure_row(const crq_html *h, size_t i) {
  const crq_measure *x = &h->base.m->measures[i];
  double achievement = h->a ? crq_analysis_achievement(h->a, i)
                            : crq_measure_achievement(h->base.m, i, h->kpi);
  fputs("<tr><td>", h->base.out);
  crq_html_esc(h, x->name);
  crq_html_cell pct;
  fprintf(h->base.out, "</td><td>%s</td>",
          crq_percent_format(pct, sizeof pct, achievement));
  crq_html_amount_cell(h, x->cost_once);
  crq_html_amount_cell(h, x->cost_annual);
  if (h->a)
    return_cells(h, i);
  fputs("</tr>\n", h->base.out);
}

/* The verdicts before any measure, when there are thresholds. */
static void before_row(const crq_html *h) {
  if (h->base.m->n_appetite == 0)
    return;
  fprintf(h->base.out, "<tr class=\"before\"><td>%s</td>",
          crq_html_tr(h, "Before the measures", "対策前"));
  for (int i = 0; i < 7; i++)
    fputs("<td></td>", h->base.out);
  verdict_cells(h, CRQ_NO_MEASURE);
  fputs("</tr>\n", h->base.out);
}

static void total_row(const crq_html *h) {
  double once, annual;
  crq_html_costs(h, &once, &annual);
  fprintf(h->base.out, "<tr class=\"total\"><td>%s</td><td></td>",
          h->a ? crq_html_tr(h, "All measures", "全対策")
               : crq_html_tr(h, "Total", "合計"));
  crq_html_amount_cell(h, once);
  crq_html_amount_cell(h, annual);
  if (h->a)
    return_cells(h, CRQ_ALL_MEASURES);
  fputs("</tr>\n", h->base.out);
}

static void note(const crq_html *h) {
  if (!h->a) {
    fprintf(h->base.out, "<p class=\"note\">%s</p>",
            crq_html_tr(h,
                        "Achievement: of the measure's KPIs at their latest "
                        "actuals.",
                        "達成率: 対策の KPI の最新の実績による。"));
    return;
  }
  fprintf(h->base.out,
          h->base.ja
              ? "<p class=\"note\">EAL 削減額: 対策のシャープレイ値 "
                "(合計は全対策の削減額)。年換算費用 = 年間費用 + 初期費用 ÷ "
                "%g年。ROSI = (削減額 − 年換算費用) ÷ 年換算費用。回収期間 = "
                "初期費用 ÷ (削減額 − 年間費用)。</p>"
              : "<p class=\"note\">EAL reduction: the measure's Shapley "
                "value (they add up to the reduction of all measures). "
                "Annualised cost = annual cost + one-off cost ÷ %g years. "
                "ROSI = (reduction − annualised cost) ÷ annualised cost. "
                "Payback = one-off cost ÷ (reduction − annual cost).</p>",
          crq_analysis_amortisation_years(h->a));
}

void crq_html_measures(const crq_html *h) {
  if (h->base.m->n_measures == 0)
    return;
  fprintf(h->base.out, "<div class=\"measures\"><h2>%s</h2>\n<table>",
          h->a ? crq_html_tr(h, "The measures: cost, return and risk appetite",
                             "対策の費用、投資対効果とリスク許容度")
               : crq_html_tr(h, "Measures and their cost", "対策と費用"));
  header(h);
  if (h->a)
    before_row(h);
  for (size_t i = 0; i < h->base.m->n_measures; i++)
    measure_row(h, i);
  total_row(h);
  fputs("</table>", h->base.out);
  note(h);
  fputs("</div>\n", h->base.out);
}
