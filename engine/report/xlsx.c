/* engine/report/xlsx.c — the Excel report: a workbook with one sheet per
 * table (Summary, Categories, Return periods, LEC, KPIs, then Measures,
 * Attribution and Roadmap from xlsx_analysis.c), written with
 * libxlsxwriter. The helpers every sheet uses are declared in xlsx.h.
 *
 * Risk managers rework the figures in Excel, so every figure is a number
 * cell with a number format (amounts "#,##0" in the model's currency,
 * probabilities and achievements as percentages, dates as dates), never a
 * formatted string. Headers follow the report language; sheet names stay
 * English so that macros and scripts find them.
 *
 * libxlsxwriter 1.1 writes only to a named file, so the workbook is built
 * in a private temporary file ($TMPDIR or /tmp) that is copied to the
 * stream and removed, whatever happens.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "compile/achievement.h"
#include "crq/crq.h"
#include "model_def.h"
#include "writers.h"
#include "xlsx.h"

const char *crq_xl_tr(const crq_xl *x, const char *en, const char *ja) {
  return x->ja ? ja : en;
}

void crq_xl_note(crq_xl *x, lxw_error e) {
  if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
    x->err = e;
}

void crq_xl_str(crq_xl *x, lxw_worksheet *ws, int row, int col, const char *s,
                lxw_format *f) {
  crq_xl_note(
      x, s ? worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f)
           : worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f));
}

void crq_xl_num(crq_xl *x, lxw_worksheet *ws, int row, int col, double v,
                lxw_format *f) {
  crq_xl_note(
      x, isfinite(v)
             ? worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f)
             : worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f));
}

void crq_xl_date(crq_xl *x, lxw_worksheet *ws, int row, int col,
                 const char *d) {
  lxw_datetime dt = {0};
  if (!d || sscanf(d, "%d-%d-%d", &dt.year, &dt.month, &dt.day) != 3)
    return;
  crq_xl_note(x, worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col,
                                          &dt, x->date));
}

void crq_xl_header(crq_xl *x, lxw_worksheet *ws, int row,
                   const char *const *labels, int n) {
  for (int i = 0; i < n; i++)
    crq_xl_str(x, ws, row, i, labels[i], x->head);
}

lxw_worksheet *crq_xl_sheet(crq_xl *x, const char *name, double first_width,
                            double width) {
  lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
  if (!ws) {
    crq_xl_note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return NULL;
  }
  crq_xl_note(x, worksheet_set_column(ws, 0, 0, first_width, NULL));
  crq_xl_note(x, worksheet_set_column(ws, 1, 12, width, NULL));
  return ws;
}

/* "Now" / "After measures" headers after a prefix ("EAL now"). */
static const char *variant_head(const crq_xl *x, char *buf, size_t n,
                                const char *prefix, int v) {
  if (x->nv == 1)
    snprintf(buf, n, "%s", prefix);
  else
    snprintf(buf, n, "%s %s", prefix,
             v == CRQ_BASELINE ? crq_xl_tr(x, "now", "現状")
                               : crq_xl_tr(x, "after", "対策後"));
  return buf;
}

const char *crq_xl_verdict(const crq_xl *x, crq_verdict v) {
  return x->ja ? crq_report_verdict_word(v, 1) : crq_report_verdict_key(v);
}

/* A figure row of the summary: label, one value per variant, and the
 * paired reduction when given (NAN: none). */
static void summary_row(crq_xl *x, lxw_worksheet *ws, int row,
                        const char *label, const double *v, double reduction) {
  crq_xl_str(x, ws, row, 0, label, NULL);
  for (int i = 0; i < x->nv; i++)
    crq_xl_num(x, ws, row, 1 + i, v[i], x->money);
  if (x->nv == 2)
    crq_xl_num(x, ws, row, 3, reduction, x->money);
}

static int summary_figures(crq_xl *x, lxw_worksheet *ws, int row) {
  double v[2];
  for (int i = 0; i < x->nv; i++)
    v[i] = crq_result_max_loss(x->r, (crq_variant)i);
  summary_row(x, ws, row++, crq_xl_tr(x, "Maximum loss", "最大損失額"), v,
              x->nv == 2 ? v[0] - v[1] : NAN);
  for (int i = 0; i < x->nv; i++)
    v[i] = crq_result_eal(x->r, (crq_variant)i).value;
  summary_row(x, ws, row++,
              crq_xl_tr(x, "Expected annual loss", "年間予想損失額"), v,
              x->nv == 2 ? crq_result_reduction_eal(x->r).value : NAN);
  for (int i = 0; i < x->nv; i++)
    v[i] = crq_result_eal(x->r, (crq_variant)i).se;
  summary_row(
      x, ws, row++,
      crq_xl_tr(x, "Standard error of the EAL", "年間予想損失額の標準誤差"), v,
      x->nv == 2 ? crq_result_reduction_eal(x->r).se : NAN);
  for (int i = 0; i < x->nv; i++)
    v[i] = crq_result_sd(x->r, (crq_variant)i, CRQ_AEP);
  summary_row(x, ws, row++, crq_xl_tr(x, "Standard deviation", "標準偏差"), v,
              NAN);
  for (int l = 0; l < CRQ_REPORT_N_LEVELS; l++) {
    double p = crq_report_levels[l];
    char label[64];
    for (int i = 0; i < x->nv; i++)
      v[i] = crq_result_quantile(x->r, (crq_variant)i, CRQ_AEP, p).value;
    snprintf(label, sizeof label, "VaR %g%%", 100 * p);
    summary_row(x, ws, row++, label, v,
                x->nv == 2 ? crq_result_reduction_quantile(x->r, p).value
                           : NAN);
    for (int i = 0; i < x->nv; i++)
      v[i] = crq_result_tvar(x->r, (crq_variant)i, CRQ_AEP, p).value;
    snprintf(label, sizeof label, "TVaR %g%%", 100 * p);
    summary_row(x, ws, row++, label, v,
                x->nv == 2 ? crq_result_reduction_tvar(x->r, p).value : NAN);
  }
  return row;
}

static int summary_appetite(crq_xl *x, lxw_worksheet *ws, int row) {
  if (x->m->n_appetite == 0)
    return row;
  char h[4][64];
  const char *labels[8] = {
      crq_xl_tr(x, "Risk appetite", "リスク許容度"),
      crq_xl_tr(x, "Basis", "基準"),
      crq_xl_tr(x, "Return period (years)", "再現期間 (年)"),
      crq_xl_tr(x, "Limit", "上限")};
  for (int v = 0; v < x->nv; v++) {
    labels[4 + 2 * v] = variant_head(x, h[2 * v], sizeof h[0],
                                     crq_xl_tr(x, "Loss", "損失額"), v);
    labels[5 + 2 * v] = variant_head(x, h[2 * v + 1], sizeof h[0],
                                     crq_xl_tr(x, "Verdict", "判定"), v);
  }
  crq_xl_header(x, ws, row++, labels, 4 + 2 * x->nv);
  for (size_t i = 0; i < x->m->n_appetite; i++, row++) {
    const crq_appetite *a = &x->m->appetite[i];
    crq_xl_str(x, ws, row, 0, a->name, NULL);
    crq_xl_str(x, ws, row, 1, a->oep ? "OEP" : "AEP", NULL);
    crq_xl_num(x, ws, row, 2, a->return_period, x->num);
    crq_xl_num(x, ws, row, 3, a->limit, x->money);
    for (int v = 0; v < x->nv; v++) {
      crq_estimate loss, p;
      crq_verdict verdict =
          crq_result_appetite(x->r, (crq_variant)v, i, &loss, &p);
      crq_xl_num(x, ws, row, 4 + 2 * v, loss.value, x->money);
      crq_xl_str(x, ws, row, 5 + 2 * v, crq_xl_verdict(x, verdict), NULL);
    }
  }
  return row + 1;
}

static void summary_sheet(crq_xl *x) {
  lxw_worksheet *ws = crq_xl_sheet(x, "Summary", 34, 18);
  if (!ws)
    return;
  char line[256], stamp[32] = "";
  struct tm tm;
  if (gmtime_r(&x->now, &tm))
    strftime(stamp, sizeof stamp, "%Y-%m-%d", &tm);
  crq_xl_str(x, ws, 0, 0, crq_model_name(x->m), x->title);
  snprintf(line, sizeof line,
           x->ja ? "crq %s、%llu 年分の試行、seed %llu、金額の単位 %s、%s"
                 : "crq %s, %llu simulated years, seed %llu, amounts in %s, %s",
           crq_version(), (unsigned long long)crq_result_trials(x->r),
           (unsigned long long)crq_result_seed(x->r), crq_model_currency(x->m),
           stamp);
  crq_xl_str(x, ws, 1, 0, line, NULL);
  char h[2][64];
  const char *labels[4] = {
      crq_xl_tr(x, "Figure", "指標"),
      variant_head(x, h[0], sizeof h[0], crq_xl_tr(x, "Value", "値"), 0),
      variant_head(x, h[1], sizeof h[1], crq_xl_tr(x, "Value", "値"), 1),
      crq_xl_tr(x, "Reduction", "削減額")};
  if (x->nv == 1)
    labels[1] = crq_xl_tr(x, "Value", "値");
  crq_xl_header(x, ws, 3, labels, x->nv == 2 ? 4 : 2);
  int row = summary_figures(x, ws, 4);
  summary_appetite(x, ws, row + 1);
  worksheet_freeze_panes(ws, 4, 1);
}

/* Categories: the worst case, EAL and TVaR 99% contribution of each, now
 * and after; then the same EAL and TVaR for each scenario. */
static void categories_sheet(crq_xl *x) {
  lxw_worksheet *ws = crq_xl_sheet(x, "Categories", 30, 18);
  if (!ws)
    return;
  char h[6][64];
  const char *labels[7] = {crq_xl_tr(x, "Category", "カテゴリ")};
  const char *what[3] = {crq_xl_tr(x, "Maximum loss", "最大損失額"), "EAL",
                         "TVaR 99%"};
  for (int k = 0; k < 3; k++)
    for (int v = 0; v < x->nv; v++)
      labels[1 + k * x->nv + v] =
          variant_head(x, h[k * 2 + v], sizeof h[0], what[k], v);
  crq_xl_header(x, ws, 0, labels, 1 + 3 * x->nv);
  int row = 1;
  for (int k = 0; k <= CRQ_CAT_COUNT; k++, row++) {
    crq_category c = (crq_category)(k < CRQ_CAT_COUNT ? k : CRQ_CAT_COUNT);
    crq_xl_str(x, ws, row, 0,
               k < CRQ_CAT_COUNT
                   ? crq_category_name(c, x->ja ? "ja" : "en")
                   : crq_xl_tr(x, "Total (direct)", "合計 (直接損失)"),
               k < CRQ_CAT_COUNT ? NULL : x->head);
    for (int v = 0; v < x->nv; v++) {
      crq_variant vv = (crq_variant)v;
      size_t sc = crq_result_worst_scenario(x->r, vv);
      crq_xl_num(x, ws, row, 1 + v, crq_result_worst_case(x->r, vv, sc, c),
                 x->money);
      crq_xl_num(x, ws, row, 1 + x->nv + v,
                 k < CRQ_CAT_COUNT ? crq_result_category_eal(x->r, vv, c).value
                                   : crq_result_eal(x->r, vv).value,
                 x->money);
      crq_xl_num(
          x, ws, row, 1 + 2 * x->nv + v,
          k < CRQ_CAT_COUNT
              ? crq_result_category_tvar(x->r, vv, c, CRQ_REPORT_TAIL)
              : crq_result_tvar(x->r, vv, CRQ_AEP, CRQ_REPORT_TAIL).value,
          x->money);
    }
  }
  row++;
  labels[0] = crq_xl_tr(x, "Scenario", "シナリオ");
  for (int v = 0; v < x->nv; v++) {
    labels[1 + v] = labels[1 + x->nv + v];
    labels[1 + x->nv + v] = labels[1 + 2 * x->nv + v];
  }
  crq_xl_header(x, ws, row++, labels, 1 + 2 * x->nv);
  for (size_t i = 0; i < crq_model_scenario_count(x->m); i++, row++) {
    crq_xl_str(x, ws, row, 0, crq_model_scenario_name(x->m, i), NULL);
    for (int v = 0; v < x->nv; v++) {
      crq_variant vv = (crq_variant)v;
      crq_xl_num(x, ws, row, 1 + v, crq_result_scenario_eal(x->r, vv, i).value,
                 x->money);
      crq_xl_num(x, ws, row, 1 + x->nv + v,
                 crq_result_scenario_tvar(x->r, vv, i, CRQ_REPORT_TAIL),
                 x->money);
    }
  }
  worksheet_freeze_panes(ws, 1, 1);
}

/* Columns "<basis> <variant>" for both bases, after `first` columns. */
static void basis_heads(const crq_xl *x, const char **labels, char (*h)[64],
                        int first) {
  for (int b = 0; b < 2; b++)
    for (int v = 0; v < x->nv; v++)
      labels[first + b * x->nv + v] = variant_head(
          x, h[b * 2 + v], 64,
          b == CRQ_AEP ? crq_xl_tr(x, "AEP (annual total)", "AEP 年間合計")
                       : crq_xl_tr(x, "OEP (largest event)", "OEP 最大の1件"),
          v);
}

static void periods_sheet(crq_xl *x) {
  lxw_worksheet *ws = crq_xl_sheet(x, "Return periods", 22, 22);
  if (!ws)
    return;
  char h[4][64];
  const char *labels[6] = {
      crq_xl_tr(x, "Return period (years)", "再現期間 (年)"),
      crq_xl_tr(x, "Probability a year", "年超過確率")};
  basis_heads(x, labels, h, 2);
  crq_xl_header(x, ws, 0, labels, 2 + 2 * x->nv);
  for (int i = 0; i < CRQ_REPORT_N_PERIODS; i++) {
    double years = crq_report_periods[i];
    crq_xl_num(x, ws, 1 + i, 0, years, x->num);
    crq_xl_num(x, ws, 1 + i, 1, 1 / years, x->prob);
    for (int b = 0; b < 2; b++)
      for (int v = 0; v < x->nv; v++)
        crq_xl_num(
            x, ws, 1 + i, 2 + b * x->nv + v,
            crq_result_return_period(x->r, (crq_variant)v, (crq_basis)b, years)
                .value,
            x->money);
  }
  worksheet_freeze_panes(ws, 1, 1);
}

static void lec_sheet(crq_xl *x) {
  lxw_worksheet *ws = crq_xl_sheet(x, "LEC", 20, 22);
  if (!ws)
    return;
  char h[4][64];
  const char *labels[5] = {crq_xl_tr(x, "Loss", "損失額")};
  basis_heads(x, labels, h, 1);
  crq_xl_header(x, ws, 0, labels, 1 + 2 * x->nv);
  double top = crq_report_lec_top(x->r);
  double lo = top * pow(10, -CRQ_REPORT_LEC_DECADES);
  for (int i = 0; top > 0 && i < CRQ_REPORT_LEC_POINTS; i++) {
    double loss = crq_report_log_point(lo, top, i, CRQ_REPORT_LEC_POINTS);
    crq_xl_num(x, ws, 1 + i, 0, loss, x->money);
    for (int b = 0; b < 2; b++)
      for (int v = 0; v < x->nv; v++)
        crq_xl_num(
            x, ws, 1 + i, 1 + b * x->nv + v,
            crq_result_exceedance(x->r, (crq_variant)v, (crq_basis)b, loss)
                .value,
            x->prob);
  }
  worksheet_freeze_panes(ws, 1, 1);
}

static void kpis_sheet(crq_xl *x) {
  lxw_worksheet *ws = crq_xl_sheet(x, "KPIs", 40, 14);
  if (!ws)
    return;
  const char *labels[] = {crq_xl_tr(x, "KPI", "KPI"),
                          "ID",
                          crq_xl_tr(x, "Catalogue", "カタログ"),
                          crq_xl_tr(x, "Owner", "担当"),
                          crq_xl_tr(x, "Unit", "単位"),
                          crq_xl_tr(x, "Baseline", "基準値"),
                          crq_xl_tr(x, "Plan", "計画"),
                          crq_xl_tr(x, "Actual", "実績"),
                          crq_xl_tr(x, "Achievement", "達成率"),
                          crq_xl_tr(x, "Start", "開始"),
                          crq_xl_tr(x, "Due", "期限"),
                          crq_xl_tr(x, "Lower is better", "小さいほど良い")};
  crq_xl_header(x, ws, 0, labels, (int)(sizeof labels / sizeof labels[0]));
  for (size_t i = 0; i < x->m->n_kpis; i++) {
    const crq_kpi *k = &x->m->kpis[i];
    int row = 1 + (int)i;
    crq_xl_str(x, ws, row, 0, k->name, NULL);
    crq_xl_str(x, ws, row, 1, k->id, NULL);
    crq_xl_str(x, ws, row, 2, k->catalogue_id, NULL);
    crq_xl_str(x, ws, row, 3, k->owner, NULL);
    crq_xl_str(x, ws, row, 4, k->unit, NULL);
    crq_xl_num(x, ws, row, 5, k->baseline, x->num);
    crq_xl_num(x, ws, row, 6, k->plan, x->num);
    crq_xl_num(x, ws, row, 7, k->actual, x->num);
    crq_xl_num(x, ws, row, 8, x->kpi[i], x->pct);
    crq_xl_date(x, ws, row, 9, k->start);
    crq_xl_date(x, ws, row, 10, k->due);
    crq_xl_note(x, worksheet_write_boolean(ws, (lxw_row_t)row, 11,
                                           k->lower_is_better, NULL));
  }
  worksheet_freeze_panes(ws, 1, 1);
}

static lxw_format *format(crq_xl *x, const char *num_format, int bold) {
  lxw_format *f = workbook_add_format(x->wb);
  if (!f) {
    crq_xl_note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return NULL;
  }
  if (num_format)
    format_set_num_format(f, num_format);
  if (bold)
    format_set_bold(f);
  return f;
}

/* Builds the workbook into the file at path. */
static lxw_error build(crq_xl *x, const char *path, char *tmpdir) {
  lxw_workbook_options o = {.constant_memory = LXW_FALSE, .tmpdir = tmpdir};
  x->wb = workbook_new_opt(path, &o);
  if (!x->wb)
    return LXW_ERROR_MEMORY_MALLOC_FAILED;
  x->head = format(x, NULL, 1);
  x->title = format(x, NULL, 1);
  if (x->title)
    format_set_font_size(x->title, 14);
  x->money = format(x, "#,##0", 0);
  x->pct = format(x, "0%", 0);
  x->prob = format(x, "0.000%", 0);
  x->num = format(x, "General", 0);
  x->date = format(x, "yyyy-mm-dd", 0);
  summary_sheet(x);
  categories_sheet(x);
  periods_sheet(x);
  lec_sheet(x);
  kpis_sheet(x);
  crq_xl_measures_sheet(x);
  crq_xl_attribution_sheet(x);
  crq_xl_roadmap_sheet(x);
  crq_xl_note(x, workbook_close(x->wb));
  return x->err;
}

/* Copies the file at path to out. */
static crq_status copy_out(const char *path, FILE *out) {
  FILE *in = fopen(path, "rb");
  if (!in)
    return CRQ_ERR_IO;
  char buf[1 << 14];
  size_t n;
  crq_status s = CRQ_OK;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    if (fwrite(buf, 1, n, out) != n) {
      s = CRQ_ERR_IO;
      break;
    }
  if (ferror(in))
    s = CRQ_ERR_IO;
  fclose(in);
  return s;
}

crq_status crq_report_xlsx(const crq_result *r, const crq_report_options *opts,
                           FILE *out) {
  const crq_model *m = crq_result_model(r);
  crq_xl x = {.r = r,
              .m = m,
              .ja = crq_report_is_ja(opts->lang),
              .nv = crq_result_variant_count(r),
              .now = opts->now ? opts->now : time(NULL),
              .a = opts->analysis && crq_analysis_measure_count(opts->analysis)
                       ? opts->analysis
                       : NULL};
  x.kpi = malloc((m->n_kpis ? m->n_kpis : 1) * sizeof *x.kpi);
  const char *env = getenv("TMPDIR");
  char *dir = env && env[0] ? strdup(env) : strdup("/tmp");
  char *path = dir ? malloc(strlen(dir) + 32) : NULL;
  crq_status s = CRQ_ERR_NOMEM;
  if (x.kpi && path) {
    crq_kpi_achievements(m, x.kpi);
    sprintf(path, "%s/crq-xlsx-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
      s = CRQ_ERR_IO;
    else {
      close(fd);
      lxw_error e = build(&x, path, dir);
      s = e == LXW_NO_ERROR                     ? copy_out(path, out)
          : e == LXW_ERROR_MEMORY_MALLOC_FAILED ? CRQ_ERR_NOMEM
                                                : CRQ_ERR_IO;
      remove(path);
    }
  }
  free(path);
  free(dir);
  free(x.kpi);
  return s;
}
