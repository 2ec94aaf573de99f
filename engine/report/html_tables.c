/* engine/report/html_tables.c — the detail tables of the HTML board
 * report: return periods (rows at an appetite's return period marked) and
 * KPI progress as bars (actual achievement against where the plan should
 * be by "today" — the analysis's as-of date, else the report date — like
 * the JCIC figure 9 schedule).
 */
#include <math.h>
#include <stdio.h>

#include "analysis/date.h"
#include "crq/crq.h"
#include "html.h"
#include "model_def.h"
#include "writers.h"

/* Whether some appetite threshold is judged at this return period. */
static int appetite_period(const crq_html *h, double years) {
  for (size_t i = 0; i < h->base.m->n_appetite; i++)
    if (h->base.m->appetite[i].return_period == years)
      return 1;
  return 0;
}

void crq_html_return_periods(const crq_html *h) {
  fprintf(h->base.out,
          "<div><h2>%s</h2>\n<table class=\"periods\"><tr><th>%s</th>"
          "<th>%s</th>",
          crq_html_tr(h, "Return periods", "再現期間"),
          crq_html_tr(h, "Return period", "再現期間"),
          crq_html_tr(h, "Chance a year", "年超過確率"));
  for (int b = 0; b < 2; b++)
    for (int v = 0; v < h->base.nv; v++)
      fprintf(h->base.out, "<th>%s<br><small>%s</small></th>",
              b == CRQ_AEP ? crq_html_tr(h, "Annual total", "年間合計")
                           : crq_html_tr(h, "Largest event", "最大の1件"),
              crq_html_variant(h, v, ""));
  fputs("</tr>\n", h->base.out);
  for (int i = 0; i < CRQ_REPORT_N_PERIODS; i++) {
    double years = crq_report_periods[i];
    crq_html_cell p;
    fprintf(h->base.out, "<tr%s><td>",
            appetite_period(h, years) ? " class=\"mark\"" : "");
    crq_html_cell n;
    crq_count_format(n, sizeof n, (unsigned long long)years);
    fprintf(h->base.out, h->base.ja ? "%s年に1度" : "1 in %s years", n);
    fprintf(h->base.out, "</td><td>%s</td>",
            crq_percent_format(p, sizeof p, 1 / years));
    for (int b = 0; b < 2; b++)
      for (int v = 0; v < h->base.nv; v++)
        crq_html_amount_cell(h,
                             crq_result_return_period(h->base.r, (crq_variant)v,
                                                      (crq_basis)b, years)
                                 .value);
    fputs("</tr>\n", h->base.out);
  }
  fprintf(
      h->base.out, "</table><p class=\"note\">%s</p></div>\n",
      crq_html_tr(h,
                  "Annual total: all incidents of a year (AEP); largest "
                  "event: the worst single incident of a year (OEP). "
                  "Highlighted: the return periods of the risk appetite.",
                  "年間合計: 1年のすべての事故 (AEP)、最大の1件: 1年で最悪の"
                  "1件 (OEP)。色付きの行: リスク許容度の再現期間。"));
}

/* Where the plan should stand today (crq_html_today): the share of the
 * time from start to due that has passed (NAN without both dates). */
static double planned_share(const crq_html *h, const crq_kpi *k) {
  long s, e;
  if (crq_date_parse(k->start, &s) != 0 || crq_date_parse(k->due, &e) != 0 ||
      !(e > s))
    return NAN;
  double t = (double)crq_html_today(h);
  return fmin(1, fmax(0, (t - (double)s) / (double)(e - s)));
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
  const crq_kpi *k = &h->base.m->kpis[i];
  double plan = planned_share(h, k), a = h->kpi[i];
  kpi_status st = status_of(k, a, plan);
  const char *words[][2] = {{"Done", "達成"},
                            {"On track", "計画どおり"},
                            {"Behind plan", "計画より遅れ"},
                            {"Not measured", "未測定"}};
  fputs("<tr><td>", h->base.out);
  crq_html_esc(h, k->name);
  if (k->catalogue_id) {
    fputs(" <small>JCIC ", h->base.out);
    crq_html_esc(h, k->catalogue_id);
    fputs("</small>", h->base.out);
  }
  fputs("</td><td>", h->base.out);
  crq_html_esc(h, k->owner);
  fputs("</td><td>", h->base.out);
  crq_html_esc(h, k->due);
  fputs("</td><td>", h->base.out);
  if (!isnan(k->actual))
    fprintf(h->base.out, "%g", k->actual);
  else
    fputs("—", h->base.out);
  fprintf(h->base.out, " / %g ", k->plan);
  crq_html_esc(h, k->unit);
  fprintf(h->base.out,
          "</td><td class=\"bar %s\"><div class=\"track\"><div "
          "class=\"fill\" style=\"width:%.1f%%\"></div>",
          cls[st], 100 * a);
  if (!isnan(plan))
    fprintf(h->base.out, "<div class=\"plan\" style=\"left:%.1f%%\"></div>",
            100 * plan);
  crq_html_cell pct;
  fprintf(h->base.out, "</div></td><td class=\"status\">%s %s</td></tr>\n",
          crq_percent_format(pct, sizeof pct, a), words[st][h->base.ja]);
}

void crq_html_kpis(const crq_html *h) {
  if (h->base.m->n_kpis == 0)
    return;
  char today[11];
  crq_date_format(crq_html_today(h), today);
  fprintf(h->base.out,
          "<div class=\"kpis\"><h2>%s</h2>\n<table><tr><th>%s</th>"
          "<th>%s</th><th>%s</th><th>%s</th><th>",
          crq_html_tr(h, "KPI progress", "KPI の進捗"),
          crq_html_tr(h, "KPI", "KPI"), crq_html_tr(h, "Owner", "担当"),
          crq_html_tr(h, "Due", "期限"),
          crq_html_tr(h, "Actual / plan", "実績 / 計画"));
  fprintf(h->base.out,
          h->base.ja ? "達成率 (棒) と %s 時点の計画 (線)"
                     : "Achievement (bar) and plan on %s (mark)",
          today);
  fprintf(h->base.out, "</th><th>%s</th></tr>\n",
          crq_html_tr(h, "Status", "状況"));
  for (size_t i = 0; i < h->base.m->n_kpis; i++)
    kpi_row(h, i);
  fputs("</table></div>\n", h->base.out);
}
