/* engine/report/html_tables.c — the detail page of the HTML board report:
 * the return-period table (rows at an appetite's return period marked),
 * the measures with their KPI achievement and cost and the return on
 * security investment, and KPI progress as bars (actual achievement
 * against where the plan should be by the report date, like the JCIC
 * figure 9 schedule).
 *
 * ROSI is reported for the measures as a whole: (EAL reduction − annual
 * cost) ÷ annual cost, from the paired EAL reduction. The run does not
 * simulate each measure alone, so no per-measure reduction is claimed.
 */
#include <math.h>
#include <stdio.h>

#include "compile/achievement.h"
#include "crq/crq.h"
#include "html.h"
#include "model_def.h"
#include "writers.h"

/* Whether some appetite threshold is judged at this return period. */
static int appetite_period(const crq_html *h, double years) {
  for (size_t i = 0; i < h->m->n_appetite; i++)
    if (h->m->appetite[i].return_period == years)
      return 1;
  return 0;
}

static void amount_cell(const crq_html *h, double x) {
  fputs("<td>", h->out);
  crq_html_amount(h, x);
  fputs("</td>", h->out);
}

void crq_html_return_periods(const crq_html *h) {
  fprintf(h->out,
          "<div><h2>%s</h2>\n<table class=\"periods\"><tr><th>%s</th>"
          "<th>%s</th>",
          crq_html_tr(h, "Return periods", "再現期間"),
          crq_html_tr(h, "Return period", "再現期間"),
          crq_html_tr(h, "Chance a year", "年超過確率"));
  for (int b = 0; b < 2; b++)
    for (int v = 0; v < h->nv; v++)
      fprintf(h->out, "<th>%s<br><small>%s</small></th>",
              b == CRQ_AEP ? crq_html_tr(h, "Annual total", "年間合計")
                           : crq_html_tr(h, "Largest event", "最大の1件"),
              crq_html_variant(h, v, ""));
  fputs("</tr>\n", h->out);
  for (int i = 0; i < CRQ_REPORT_N_PERIODS; i++) {
    double years = crq_report_periods[i];
    crq_html_cell p;
    fprintf(h->out, "<tr%s><td>",
            appetite_period(h, years) ? " class=\"mark\"" : "");
    crq_html_cell n;
    crq_count_format(n, sizeof n, (unsigned long long)years);
    fprintf(h->out, h->ja ? "%s年に1度" : "1 in %s years", n);
    fprintf(h->out, "</td><td>%s</td>",
            crq_percent_format(p, sizeof p, 1 / years));
    for (int b = 0; b < 2; b++)
      for (int v = 0; v < h->nv; v++)
        amount_cell(h, crq_result_return_period(h->r, (crq_variant)v,
                                                (crq_basis)b, years)
                           .value);
    fputs("</tr>\n", h->out);
  }
  fprintf(
      h->out, "</table><p class=\"note\">%s</p></div>\n",
      crq_html_tr(h,
                  "Annual total: all incidents of a year (AEP); largest "
                  "event: the worst single incident of a year (OEP). "
                  "Highlighted: the return periods of the risk appetite.",
                  "年間合計: 1年のすべての事故 (AEP)、最大の1件: 1年で最悪の"
                  "1件 (OEP)。色付きの行: リスク許容度の再現期間。"));
}

/* The total row and the return on the measures. */
static void measures_totals(const crq_html *h) {
  double once, annual;
  crq_html_costs(h, &once, &annual);
  fprintf(h->out, "<tr class=\"total\"><td>%s</td><td></td>",
          crq_html_tr(h, "Total", "合計"));
  amount_cell(h, once);
  amount_cell(h, annual);
  fputs("</tr>\n", h->out);
  if (h->nv < 2)
    return;
  double d = crq_result_reduction_eal(h->r).value;
  fprintf(h->out, "<tr><td>%s</td><td></td><td></td>",
          crq_html_tr(h, "Reduction in expected annual loss",
                      "年間予想損失額の削減"));
  amount_cell(h, d);
  fprintf(h->out,
          "</tr>\n<tr><td>ROSI <small>%s</small></td><td></td><td>"
          "</td><td>",
          crq_html_tr(h, "(reduction − annual cost) ÷ annual cost",
                      "(削減額 − 年間費用) ÷ 年間費用"));
  if (annual > 0)
    fprintf(h->out, "%.0f%%", 100 * (d - annual) / annual);
  else
    fputs("n/a", h->out);
  fputs("</td></tr>\n", h->out);
}

void crq_html_measures(const crq_html *h) {
  if (h->m->n_measures == 0)
    return;
  fprintf(h->out,
          "<div><h2>%s</h2>\n<table class=\"measures\"><tr><th>%s</th>"
          "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
          crq_html_tr(h, "Measures and their cost", "対策と費用"),
          crq_html_tr(h, "Measure", "対策"),
          crq_html_tr(h, "KPI achievement", "KPI 達成率"),
          crq_html_tr(h, "One-off cost", "初期費用"),
          crq_html_tr(h, "Annual cost", "年間費用"));
  for (size_t i = 0; i < h->m->n_measures; i++) {
    const crq_measure *x = &h->m->measures[i];
    fputs("<tr><td>", h->out);
    crq_html_esc(h, x->name);
    fprintf(h->out, "</td><td>%.0f%%</td>",
            100 * crq_measure_achievement(h->m, i, h->kpi));
    amount_cell(h, x->cost_once);
    amount_cell(h, x->cost_annual);
    fputs("</tr>\n", h->out);
  }
  measures_totals(h);
  fprintf(h->out, "</table><p class=\"note\">%s</p></div>\n",
          crq_html_tr(h,
                      "The reduction is that of all measures together, at "
                      "their KPIs' current achievement.",
                      "削減額はすべての対策を合わせたもの (KPI の現在の達成率"
                      "で評価)。"));
}

/* Days since 1970-01-01 of a "YYYY-MM-DD" date, or NAN when empty
 * (days-from-civil, proleptic Gregorian). */
static double days_of(const char *date) {
  int y, m, d;
  if (!date[0] || sscanf(date, "%d-%d-%d", &y, &m, &d) != 3)
    return NAN;
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097.0 + doe - 719468.0;
}

/* Where the plan should stand on the report date: the share of the time
 * from start to due that has passed (NAN without both dates). */
static double planned_share(const crq_html *h, const crq_kpi *k) {
  double s = days_of(k->start), e = days_of(k->due);
  if (!(e > s))
    return NAN;
  double t = floor((double)h->now / 86400);
  return fmin(1, fmax(0, (t - s) / (e - s)));
}

typedef enum kpi_status {
  KPI_DONE,
  KPI_ONTRACK,
  KPI_BEHIND,
  KPI_NODATA
} kpi_status;

static kpi_status status_of(const crq_kpi *k, double a, double plan) {
  if (isnan(k->actual))
    return KPI_NODATA;
  if (a >= 1)
    return KPI_DONE;
  return !(a < plan) ? KPI_ONTRACK : KPI_BEHIND; /* no dates: on track */
}

static void kpi_row(const crq_html *h, size_t i) {
  static const char *const cls[] = {"done", "ontrack", "behind", "nodata"};
  const crq_kpi *k = &h->m->kpis[i];
  double plan = planned_share(h, k), a = h->kpi[i];
  kpi_status st = status_of(k, a, plan);
  const char *words[][2] = {{"Done", "達成"},
                            {"On track", "計画どおり"},
                            {"Behind plan", "計画より遅れ"},
                            {"Not measured", "未測定"}};
  fputs("<tr><td>", h->out);
  crq_html_esc(h, k->name);
  if (k->catalogue_id) {
    fputs(" <small>JCIC ", h->out);
    crq_html_esc(h, k->catalogue_id);
    fputs("</small>", h->out);
  }
  fputs("</td><td>", h->out);
  crq_html_esc(h, k->owner);
  fputs("</td><td>", h->out);
  crq_html_esc(h, k->due);
  fputs("</td><td>", h->out);
  if (!isnan(k->actual))
    fprintf(h->out, "%g", k->actual);
  else
    fputs("—", h->out);
  fprintf(h->out, " / %g ", k->plan);
  crq_html_esc(h, k->unit);
  fprintf(h->out,
          "</td><td class=\"bar %s\"><div class=\"track\"><div "
          "class=\"fill\" style=\"width:%.1f%%\"></div>",
          cls[st], 100 * a);
  if (!isnan(plan))
    fprintf(h->out, "<div class=\"plan\" style=\"left:%.1f%%\"></div>",
            100 * plan);
  fprintf(h->out, "</div></td><td class=\"status\">%.0f%% %s</td></tr>\n",
          100 * a, words[st][h->ja]);
}

void crq_html_kpis(const crq_html *h) {
  if (h->m->n_kpis == 0)
    return;
  fprintf(h->out,
          "<section class=\"kpis\"><h2>%s</h2>\n<table><tr><th>%s</th>"
          "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
          crq_html_tr(h, "KPI progress", "KPI の進捗"),
          crq_html_tr(h, "KPI", "KPI"), crq_html_tr(h, "Owner", "担当"),
          crq_html_tr(h, "Due", "期限"),
          crq_html_tr(h, "Actual / plan", "実績 / 計画"),
          crq_html_tr(h, "Achievement (bar) and plan to date (mark)",
                      "達成率 (棒) と現時点の計画 (線)"),
          crq_html_tr(h, "Status", "状況"));
  for (size_t i = 0; i < h->m->n_kpis; i++)
    kpi_row(h, i);
  fputs("</table></section>\n", h->out);
}
