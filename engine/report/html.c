/* engine/report/html.c — the HTML board report: one self-contained page
 * (inline CSS and SVG, no script, nothing fetched) that a CISO can send to
 * the board or print on A4 landscape, in Japanese or English.
 *
 * Page 1 is the one-screen summary boards ask for: the headline (maximum
 * loss and expected annual loss, now → after the measures), the
 * green/amber/red verdict against each risk-appetite threshold, the story
 * (risk to the strategy → measures → effect, as in the JCIC figures 2 and
 * 7) and the two charts. With an analysis (crq_report_options.analysis),
 * page 2 shows what each measure buys (declared-order waterfall, Shapley
 * values) and the measures with their cost, ROSI, payback and verdicts,
 * and page 3 the KPI roadmap (planned against achieved, slippage), the
 * return periods, KPI progress and how the figures were obtained. Without
 * one, page 2 holds return periods, the measures and their cost, KPI
 * progress and the method, and the method note says what was left out.
 * ROSI is only ever the analysis's figure (crq_analysis_rosi): the writer
 * computes none of its own. Sections are in html_charts.c, html_tables.c,
 * html_measures.c, html_attribution.c and html_roadmap.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/date.h"
#include "compile/achievement.h"
#include "crq/crq.h"
#include "html.h"
#include "loss_model.h"
#include "model_def.h"
#include "svg.h"
#include "writers.h"

const char *crq_html_tr(const crq_html *h, const char *en, const char *ja) {
  return h->base.ja ? ja : en;
}

void crq_html_figure_close(const crq_html *h, const char *en, const char *ja) {
  crq_svg_close(h->base.out);
  fprintf(h->base.out, "<figcaption>%s</figcaption></figure>\n",
          crq_html_tr(h, en, ja));
}

void crq_html_esc(const crq_html *h, const char *s) {
  crq_xml_escape(h->base.out, s);
}

char *crq_html_amount_str(const crq_html *h, crq_html_cell cell, double x) {
  return crq_amount_format(cell, sizeof(crq_html_cell), x, &h->base.style);
}

void crq_html_amount(const crq_html *h, double x) {
  crq_html_cell c;
  crq_html_esc(h, crq_html_amount_str(h, c, x));
}

const char *crq_html_variant(const crq_html *h, int v, const char *single) {
  if (h->base.nv == 1)
    return single;
  return v == CRQ_BASELINE ? crq_html_tr(h, "Now", "現状")
                           : crq_html_tr(h, "After measures", "対策後");
}

void crq_html_costs(const crq_html *h, double *once, double *annual) {
  *once = *annual = 0;
  for (size_t i = 0; i < h->base.m->n_measures; i++) {
    *once += h->base.m->measures[i].cost_once;
    *annual += h->base.m->measures[i].cost_annual;
  }
}

void crq_html_amount_cell(const crq_html *h, double x) {
  fputs("<td>", h->base.out);
  crq_html_amount(h, x);
  fputs("</td>", h->base.out);
}

long crq_html_today(const crq_html *h) {
  long day;
  if (h->a && crq_date_parse(crq_analysis_as_of(h->a), &day) == 0)
    return day;
  return (long)floor((double)h->now / 86400);
}

/* Writes "<span id=ID-now>a</span> → <span id=ID-after>b</span>" (just the
 * first with one variant). With `paired`, both are rounded to the step of
 * the larger, so 141億円 → 96.6億円 reads 141億円 → 97億円 as in the JCIC
 * figure. */
static void now_after(const crq_html *h, const char *id, const double *x,
                      int paired) {
  double step = 0;
  for (int v = 0; paired && v < h->base.nv; v++)
    step = fmax(step, crq_amount_step(x[v]));
  for (int v = 0; v < h->base.nv; v++) {
    crq_html_cell c;
    if (paired)
      crq_amount_format_step(c, sizeof c, x[v], step, &h->base.style);
    else
      crq_html_amount_str(h, c, x[v]);
    fprintf(h->base.out, "%s<span class=\"%s\" id=\"%s-%s\">",
            v ? "<span class=\"arrow\"> → </span>" : "", v ? "after" : "now",
            id, v ? "after" : "now");
    crq_html_esc(h, c);
    fputs("</span>", h->base.out);
  }
}

/* Writes the change from a to b in percent ("-45%", "±0%"); "-100%" only
 * when b is 0: a cut to 0.3% of a reads "-99.7%". */
static void percent_change(const crq_html *h, double a, double b) {
  double pct = 100 * (b - a) / a, left = 100 + pct; /* b as a share of a */
  int decimals = 0;
  if (b != 0 && left < 0.5)
    decimals = left > 1e-4 ? (int)ceil(-log10(left)) : 4;
  if (fabs(pct) < 0.5)
    fputs("±0%", h->base.out);
  else
    fprintf(h->base.out, "%+.*f%%", decimals, pct);
}

/* The change from a to b, highlighted, when there are two variants. */
static void change(const crq_html *h, double a, double b) {
  if (h->base.nv < 2 || !(a > 0))
    return;
  fputs("<span class=\"delta\">", h->base.out);
  percent_change(h, a, b);
  fputs("</span>", h->base.out);
}

static void card(const crq_html *h, const char *id, const char *title,
                 const double *x, int paired, const char *note) {
  fprintf(h->base.out, "<div class=\"card\"><h2>%s</h2><p class=\"big\">",
          title);
  now_after(h, id, x, paired);
  fputs("</p><p class=\"note\">", h->base.out);
  change(h, x[0], x[1]);
  fprintf(h->base.out, " %s</p></div>\n", note);
}

static void headline(const crq_html *h) {
  double worst[2] = {0, 0}, eal[2] = {0, 0}, var[2] = {0, 0};
  for (int v = 0; v < h->base.nv; v++) {
    worst[v] = crq_result_max_loss(h->base.r, (crq_variant)v);
    eal[v] = crq_result_eal(h->base.r, (crq_variant)v).value;
    var[v] =
        crq_result_quantile(h->base.r, (crq_variant)v, CRQ_AEP, CRQ_REPORT_TAIL)
            .value;
  }
  fputs("<section class=\"headline\">\n", h->base.out);
  card(h, "max-loss", crq_html_tr(h, "Maximum loss", "最大損失額"), worst, 1,
       crq_html_tr(h, "one incident, every input at its worst",
                   "1件の事故、すべての入力が最悪値"));
  card(h, "eal", crq_html_tr(h, "Expected annual loss", "年間予想損失額"), eal,
       0,
       crq_html_tr(h, "the average over the simulated years",
                   "シミュレーションした年の平均"));
  card(h, "var", crq_html_tr(h, "1-in-100-year loss", "100年に1度の年間損失"),
       var, 0,
       crq_html_tr(h, "annual total exceeded once a century",
                   "100年に1度上回る年間合計"));
  fputs("</section>\n", h->base.out);
}

const char *crq_html_verdict_text(const crq_html *h, crq_verdict v) {
  if (v == CRQ_GREEN)
    return crq_html_tr(h, "Within appetite", "許容範囲内");
  if (v == CRQ_AMBER)
    return crq_html_tr(h, "Near the limit", "上限付近");
  return crq_html_tr(h, "Beyond appetite", "許容範囲超過");
}

/* One threshold: its name and limit, then a light per variant. */
static void light_row(const crq_html *h, size_t i) {
  const crq_appetite *a = &h->base.m->appetite[i];
  fputs("<div class=\"threshold\"><div class=\"tname\">", h->base.out);
  crq_html_esc(h, a->name);
  fprintf(h->base.out, "<small>");
  fprintf(h->base.out,
          h->base.ja ? "%.0f年に1度の%s、上限 " : "1 in %.0f years, %s, limit ",
          a->return_period,
          a->oep ? crq_html_tr(h, "largest single event", "最大の1件")
                 : crq_html_tr(h, "annual total", "年間合計"));
  crq_html_amount(h, a->limit);
  fputs("</small></div>", h->base.out);
  for (int v = 0; v < h->base.nv; v++) {
    crq_estimate loss, p;
    crq_verdict verdict =
        crq_result_appetite(h->base.r, (crq_variant)v, i, &loss, &p);
    fprintf(h->base.out,
            "<div class=\"light %s\"><span class=\"dot\"></span><span>"
            "<b>%s</b> %s<br><small>",
            crq_report_verdict_key(verdict), crq_html_verdict_text(h, verdict),
            crq_html_variant(h, v, ""));
    crq_html_amount(h, loss.value);
    fputs("</small></span></div>", h->base.out);
  }
  fputs("</div>\n", h->base.out);
}

static void appetite(const crq_html *h) {
  if (h->base.m->n_appetite == 0)
    return;
  fprintf(h->base.out, "<section class=\"appetite\"><h2>%s</h2>\n",
          crq_html_tr(h, "Risk appetite", "リスク許容度"));
  for (size_t i = 0; i < h->base.m->n_appetite; i++)
    light_row(h, i);
  fputs("</section>\n", h->base.out);
}

/* Column 1 of the story: the scenario with the largest maximum loss and
 * what a year costs on average. */
static void story_risk(const crq_html *h) {
  fprintf(h->base.out, "<div class=\"step\"><h3>%s</h3><p class=\"scen\">",
          crq_html_tr(h, "Risk to the strategy", "経営戦略上のリスク"));
  crq_html_esc(h, crq_model_scenario_name(h->base.m, h->worst[0]));
  fprintf(h->base.out, "</p><p>%s ",
          crq_html_tr(h, "One incident could cost up to", "1件の事故で最大"));
  crq_html_amount(h, crq_result_max_loss(h->base.r, CRQ_BASELINE));
  fprintf(h->base.out, "%s ", crq_html_tr(h, "; on average", "。平均で年間"));
  crq_html_amount(h, crq_result_eal(h->base.r, CRQ_BASELINE).value);
  fprintf(h->base.out,
          h->base.ja ? " (%zu シナリオ)。</p></div>\n"
                     : " a year over %zu scenario%s.</p></div>\n",
          crq_model_scenario_count(h->base.m),
          crq_model_scenario_count(h->base.m) == 1 ? "" : "s");
}

/* The loss categories (bits 0..CRQ_CAT_COUNT-1) and frequency (bit
 * CRQ_CAT_COUNT) that measure i acts on. */
static unsigned measure_targets(const crq_measure *x) {
  unsigned bits = 0;
  for (size_t e = 0; e < x->n_effects; e++) {
    unsigned model = x->effects[e].model;
    bits |= model == CRQ_TARGET_FREQUENCY
                ? 1u << CRQ_CAT_COUNT
                : 1u << crq_loss_models[model]->category;
  }
  return bits;
}

static void story_measures(const crq_html *h) {
  fprintf(h->base.out, "<div class=\"step\"><h3>%s</h3><ul>\n",
          crq_html_tr(h, "Measures, tracked by KPIs", "対策 (KPI で進捗管理)"));
  for (size_t i = 0; i < h->base.m->n_measures; i++) {
    const crq_measure *x = &h->base.m->measures[i];
    fputs("<li>", h->base.out);
    crq_html_esc(h, x->name);
    crq_html_cell pct;
    fprintf(h->base.out, " <span class=\"pct\">%s</span> <small>→ ",
            crq_percent_format(pct, sizeof pct,
                               crq_measure_achievement(h->base.m, i, h->kpi)));
    unsigned bits = measure_targets(x);
    const char *sep = "";
    for (int k = 0; k <= CRQ_CAT_COUNT; k++)
      if (bits & (1u << k)) {
        fprintf(
            h->base.out, "%s%s", sep,
            k == CRQ_CAT_COUNT
                ? crq_html_tr(h, "how often", "発生頻度")
                : crq_category_name((crq_category)k, h->base.ja ? "ja" : "en"));
        sep = ", ";
      }
    fputs("</small></li>\n", h->base.out);
  }
  fputs("</ul></div>\n", h->base.out);
}

/* One line of the effect column: what fell, by how much. */
static void effect_line(const crq_html *h, const char *what, double before,
                        double reduction) {
  fprintf(h->base.out, "<li>%s <b>", what);
  if (reduction == 0) {
    fprintf(h->base.out, "%s</b></li>\n",
            crq_html_tr(h, "unchanged", "変化なし"));
    return;
  }
  crq_html_amount(h, -reduction);
  fputs("</b>", h->base.out);
  if (before > 0) {
    fputs(" (", h->base.out);
    percent_change(h, before, before - reduction);
    fputs(")", h->base.out);
  }
  fputs("</li>\n", h->base.out);
}

static void story_effect(const crq_html *h) {
  double once, annual;
  crq_html_costs(h, &once, &annual);
  double w0 = crq_result_max_loss(h->base.r, CRQ_BASELINE);
  double eal0 = crq_result_eal(h->base.r, CRQ_BASELINE).value;
  double var0 =
      crq_result_quantile(h->base.r, CRQ_BASELINE, CRQ_AEP, CRQ_REPORT_TAIL)
          .value;
  double d_eal = crq_result_reduction_eal(h->base.r).value;
  fprintf(h->base.out, "<div class=\"step\"><h3>%s</h3><ul>\n",
          crq_html_tr(h, "Effect", "効果"));
  effect_line(h, crq_html_tr(h, "Maximum loss", "最大損失額"), w0,
              w0 - crq_result_max_loss(h->base.r, CRQ_MEASURES));
  effect_line(h, crq_html_tr(h, "Expected annual loss", "年間予想損失額"), eal0,
              d_eal);
  effect_line(h, crq_html_tr(h, "1-in-100-year loss", "100年に1度の損失"), var0,
              crq_result_reduction_quantile(h->base.r, CRQ_REPORT_TAIL).value);
  fprintf(h->base.out, "<li>%s ", crq_html_tr(h, "Cost", "費用"));
  crq_html_amount(h, once);
  fprintf(h->base.out, " %s ", crq_html_tr(h, "one-off +", "(初期) +"));
  crq_html_amount(h, annual);
  fprintf(h->base.out, " %s", crq_html_tr(h, "a year", "(年間)"));
  crq_rosi all =
      h->a ? crq_analysis_rosi(h->a, CRQ_ALL_MEASURES) : (crq_rosi){0};
  crq_html_cell pct;
  if (h->a && isfinite(all.rosi))
    fprintf(h->base.out,
            h->base.ja ? "、ROSI <b id=\"rosi\">%s</b> (初期費用は%g年で償却)"
                       : "; ROSI <b id=\"rosi\">%s</b> (one-off cost over %g "
                         "years)",
            crq_percent_format(pct, sizeof pct, all.rosi),
            crq_analysis_amortisation_years(h->a));
  fputs("</li>\n</ul></div>\n", h->base.out);
}

static void story(const crq_html *h) {
  if (h->base.nv < 2)
    return;
  fprintf(h->base.out, "<section class=\"story\">\n");
  story_risk(h);
  fputs("<div class=\"next\">→</div>\n", h->base.out);
  story_measures(h);
  fputs("<div class=\"next\">→</div>\n", h->base.out);
  story_effect(h);
  fputs("</section>\n", h->base.out);
}

/* What the analysis did, or that it was not given. */
static void method_analysis(const crq_html *h) {
  if (h->base.nv < 2)
    return;
  if (!h->a) {
    fprintf(h->base.out, "%s ",
            crq_html_tr(h,
                        "No analysis was given with this run, so what each "
                        "measure buys, the KPI roadmap and ROSI are left out "
                        "(crq run without --no-analysis adds them).",
                        "この実行には分析がないため、対策ごとの効果、KPI "
                        "ロードマップ、ROSI は省略 (crq run を --no-analysis "
                        "なしで実行すると表示)。"));
    return;
  }
  size_t M = crq_analysis_measure_count(h->a);
  fprintf(h->base.out,
          h->base.ja
              ? "対策ごとの効果: %zu 対策の全 %zu 通りの組み合わせを同じ"
                "シミュレーション年で評価した厳密なシャープレイ値 (評価 %zu "
                "回)。ROSI の初期費用は%g年で償却。"
              : "What each measure buys: exact Shapley values over all %zu "
                "measures' %zu subsets, on the same simulated years (%zu "
                "evaluations). ROSI spreads one-off costs over %g years. ",
          M, (size_t)1 << M, crq_analysis_evaluations(h->a),
          crq_analysis_amortisation_years(h->a));
  if (crq_analysis_roadmap_count(h->a) > 0) {
    fprintf(h->base.out,
            h->base.ja ? "ロードマップの基準日 " : "Roadmap as of ");
    crq_html_esc(h, crq_analysis_as_of(h->a));
    fputs(h->base.ja ? "。" : ". ", h->base.out);
  }
}

static void method(const crq_html *h) {
  crq_html_cell trials, se0, se1;
  crq_count_format(trials, sizeof trials, crq_result_trials(h->base.r));
  crq_html_amount_str(h, se0, crq_result_eal(h->base.r, CRQ_BASELINE).se);
  fprintf(h->base.out, "<section class=\"method\"><h2>%s</h2><p>",
          crq_html_tr(h, "Method", "手法"));
  fprintf(h->base.out,
          h->base.ja
              ? "モンテカルロ法で %s 年分をシミュレーション (seed %llu)。"
                "年間予想損失額の標準誤差 %s"
              : "Monte Carlo simulation of %s years (seed %llu). Standard "
                "error of the expected annual loss: %s",
          trials, (unsigned long long)crq_result_seed(h->base.r), se0);
  if (h->base.nv == 2)
    fprintf(h->base.out,
            h->base.ja ? " (現状)、%s (対策後)。" : " now, %s after.",
            crq_html_amount_str(h, se1,
                                crq_result_eal(h->base.r, CRQ_MEASURES).se));
  else
    fputs(h->base.ja ? "。" : ".", h->base.out);
  fprintf(h->base.out, " %s ",
          crq_html_tr(h,
                      "Maximum loss: one incident of the worst scenario with "
                      "every input at its worst case.",
                      "最大損失額: 最悪のシナリオの1件の事故で、すべての入力を"
                      "最悪値とした額。"));
  if (h->base.nv == 2)
    fprintf(h->base.out, "%s ",
            crq_html_tr(h,
                        "Now and after measures are computed on the same "
                        "simulated years (common random numbers), so the "
                        "reductions are paired estimates.",
                        "現状と対策後は同じ乱数の年で評価 (共通乱数) しており、"
                        "削減額は対比推定。"));
  if (crq_result_streaming(h->base.r))
    fprintf(h->base.out, "%s%s ", crq_report_streaming_note(h->base.ja),
            crq_html_tr(h, ".", "。"));
  method_analysis(h);
  fprintf(h->base.out,
          h->base.ja ? "%d スレッド%s、%.2f 秒。crq %s。</p></section>\n"
                     : "%d thread%s, %.2f s. crq %s.</p></section>\n",
          crq_result_threads(h->base.r),
          h->base.ja || crq_result_threads(h->base.r) == 1 ? "" : "s",
          crq_result_seconds(h->base.r), crq_version());
}

static void top(const crq_html *h) {
  char date[32] = "";
  struct tm tm;
  if (gmtime_r(&h->now, &tm))
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
  fprintf(h->base.out,
          "<header class=\"top\"><div><p class=\"kicker\">%s</p><h1>",
          crq_html_tr(h, "Cyber-risk board report",
                      "サイバーリスク定量評価 取締役会報告"));
  crq_html_esc(h, crq_model_name(h->base.m));
  fprintf(h->base.out, "</h1></div><p class=\"date\">%s<br>%s</p></header>\n",
          date,
          h->base.nv == 2 ? crq_html_tr(h, "Figures: now → after the measures",
                                        "数値: 現状 → 対策後")
                          : "");
}

static void document(const crq_html *h) {
  fprintf(h->base.out,
          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta "
          "charset=\"utf-8\">\n<meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\">\n<title>",
          h->base.ja ? "ja" : "en");
  crq_html_esc(h, crq_model_name(h->base.m));
  fprintf(h->base.out, " — %s</title>\n<style>\n",
          crq_html_tr(h, "cyber-risk report", "サイバーリスク報告"));
  crq_html_style(h->base.out);
  fputs("</style>\n</head>\n<body>\n<main>\n<div class=\"page\">\n",
        h->base.out);
  top(h);
  headline(h);
  appetite(h);
  story(h);
  fputs("<section class=\"charts\">\n", h->base.out);
  crq_html_waterfall(h);
  crq_html_lec(h);
  fputs("</section>\n</div>\n<div class=\"page\">\n", h->base.out);
  if (h->a) { /* page 2: the measures; page 3: the plan and the detail */
    crq_html_attribution(h);
    crq_html_measures(h);
    fputs("</div>\n<div class=\"page\">\n", h->base.out);
    crq_html_roadmap(h);
    fputs("<section class=\"tables detail\">\n", h->base.out);
    crq_html_return_periods(h);
    crq_html_kpis(h);
  } else {
    fputs("<section class=\"tables\">\n", h->base.out);
    crq_html_return_periods(h);
    crq_html_measures(h);
    fputs("</section>\n<section class=\"wide\">\n", h->base.out);
    crq_html_kpis(h);
  }
  fputs("</section>\n", h->base.out);
  method(h);
  fputs("</div>\n</main>\n</body>\n</html>\n", h->base.out);
}

crq_status crq_report_html(const crq_result *r, const crq_report_options *opts,
                           FILE *out) {
  const crq_model *m = crq_result_model(r);
  double *kpi = malloc((m->n_kpis ? m->n_kpis : 1) * sizeof *kpi);
  if (!kpi)
    return CRQ_ERR_NOMEM;
  crq_kpi_achievements(m, kpi);
  crq_html h = {.base = crq_report_ctx_of(r, opts, out),
                .now = opts->now ? opts->now : time(NULL),
                .kpi = kpi};
  if (opts->analysis && crq_analysis_measure_count(opts->analysis) > 0)
    h.a = opts->analysis;
  for (int v = 0; v < h.base.nv; v++)
    h.worst[v] = crq_result_worst_scenario(r, (crq_variant)v);
  document(&h);
  free(kpi);
  return CRQ_OK;
}
