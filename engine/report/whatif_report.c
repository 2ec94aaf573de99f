/* engine/report/whatif_report.c — crq_compare_write, crq_sweep_write,
 * crq_sensitivity_write and crq_optimize_write: pick the writer for the
 * format, check the language, turn stream errors into CRQ_ERR_IO; and
 * the labels the four formats share (whatif_report.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model_def.h"
#include "whatif_report.h"
#include "writers.h"

static const struct {
  const char *name;
  crq_status (*write)(const crq_wi *w);
} formats[] = {
    {"text", crq_wi_text},
    {"json", crq_wi_json},
    {"csv", crq_wi_csv},
    {"html", crq_wi_html},
};

#define N_FORMATS (sizeof formats / sizeof formats[0])

const char *crq_wi_tr(const crq_wi *w, const char *en, const char *ja) {
  return w->ja ? ja : en;
}

const char *crq_wi_kind_key(crq_wi_kind kind) {
  static const char *const keys[] = {"compare", "sweep", "sensitivity",
                                     "optimize"};
  return keys[kind];
}

const char *crq_wi_figure_name(const crq_wi *w, crq_figure f) {
  static const char *const names[CRQ_FIG_COUNT][2] = {
      {"Maximum loss", "最大損失額"},
      {"EAL", "年間予想損失 (EAL)"},
      {"VaR 99%", "VaR 99%"},
      {"TVaR 99%", "TVaR 99%"},
  };
  return names[f][w->ja];
}

char *crq_wi_amount(const crq_wi *w, crq_wi_cell cell, double x) {
  return crq_amount_format(cell, sizeof(crq_wi_cell), x, &w->style);
}

char *crq_wi_signed(const crq_wi *w, crq_wi_cell cell, double x) {
  if (x == 0 || !isfinite(x))
    return crq_wi_amount(w, cell, x);
  char a[CRQ_AMOUNT_MAX / 2];
  crq_amount_format(a, sizeof a, fabs(x), &w->style);
  snprintf(cell, sizeof(crq_wi_cell), "%s%s", x > 0 ? "+" : "−", a);
  return cell;
}

int crq_wi_has_se(crq_estimate e) {
  return e.se > 1e-9 * fmax(fabs(e.value), 1.0);
}

char *crq_wi_value(const crq_wi *w, crq_wi_cell cell, double x, int amount) {
  if (amount)
    return crq_wi_amount(w, cell, x);
  snprintf(cell, sizeof(crq_wi_cell), "%.6g", x);
  /* a large value (an amount swept by its path) as grouped digits, not
   * in scientific notation */
  if (strchr(cell, 'e') && fabs(x) >= 1 && fabs(x) < 1e18) { /* < 2^63 */
    char digits[32];
    crq_count_format(digits, sizeof digits,
                     (unsigned long long)llround(fabs(x)));
    snprintf(cell, sizeof(crq_wi_cell), "%s%s", x < 0 ? "−" : "", digits);
  }
  return cell;
}

char *crq_wi_join_ids(const crq_model *m, uint32_t mask, const char *sep,
                      char *buf, size_t n) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < m->n_measures && used < n; i++)
    if ((mask >> i) & 1)
      used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? sep : "",
                               m->measures[i].id);
  return buf;
}

char *crq_wi_members(const crq_wi *w, uint32_t mask, char *buf, size_t n) {
  crq_wi_join_ids(w->model, mask, ", ", buf, n);
  if (!mask)
    snprintf(buf, n, "%s", crq_wi_tr(w, "none", "なし"));
  return buf;
}

const char *crq_wi_basis(const crq_wi *w, int baseline) {
  return baseline ? crq_wi_tr(w, "without the measures", "対策なし")
                  : crq_wi_tr(w,
                              "with the measures at their KPIs' "
                              "achievement",
                              "対策は KPI の達成度どおり");
}

const char *crq_wi_subsets(const crq_wi *w) {
  return crq_wi_tr(w,
                   "of each set of measures fully achieved, the others not "
                   "started",
                   "各組合せの対策を完全達成・他は未着手とした値");
}

const char *crq_wi_cost_key(crq_cost_basis c) {
  static const char *const keys[] = {"once", "annual", "total"};
  return keys[c];
}

const char *crq_wi_cost_name(const crq_wi *w, crq_cost_basis c) {
  static const char *const names[][2] = {
      {"one-off cost", "初期費用"},
      {"running cost per year", "年間運用費"},
      {"first-year cost (one-off + one year's running)",
       "初年度費用 (初期費用 + 1 年分の運用費)"},
  };
  return names[c][w->ja];
}

char *crq_wi_item_label(const crq_wi *w, const crq_sensitivity_item *it,
                        char *buf, size_t n) {
  const crq_scenario *s = &w->model->scenarios[it->scenario];
  const char *input = it->kind == CRQ_INPUT_FREQUENCY
                          ? crq_wi_tr(w, "frequency", "発生頻度")
                          : it->input;
  if (w->model->n_scenarios == 1)
    snprintf(buf, n, "%s", input);
  else
    snprintf(buf, n, "%s: %s", s->id, input);
  return buf;
}

void crq_wi_sensitivity_cells(const crq_wi *w, const crq_sensitivity_item *it,
                              size_t rank, crq_wi_cell cells[6], char *label,
                              size_t n, const char *row[6]) {
  snprintf(cells[0], sizeof cells[0], "%zu", rank);
  row[0] = cells[0];
  row[1] = crq_wi_item_label(w, it, label, n);
  row[2] = crq_wi_value(w, cells[2], it->low, it->amount);
  row[3] = crq_wi_value(w, cells[3], it->high, it->amount);
  row[4] = crq_wi_amount(w, cells[4], it->at_low.fig[CRQ_FIG_EAL].value);
  row[5] = crq_wi_amount(w, cells[5], it->at_high.fig[CRQ_FIG_EAL].value);
}

void crq_wi_sensitivity_head(const crq_wi *w, const char *head[6]) {
  head[0] = "#";
  head[1] = crq_wi_tr(w, "Input", "入力");
  head[2] = crq_wi_tr(w, "Low", "低");
  head[3] = crq_wi_tr(w, "High", "高");
  head[4] = crq_wi_tr(w, "EAL at low", "EAL (低)");
  head[5] = crq_wi_tr(w, "EAL at high", "EAL (高)");
}

/* Writes w in opts->format; see crq_report_write for the errors. */
static crq_status write_any(crq_wi *w, const crq_report_options *opts,
                            FILE *out, crq_diags *diags) {
  crq_report_options o;
  crq_report_options_init(&o);
  if (opts)
    o = *opts;
  if (!w->model) /* set from the analysis given: none */
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_%s_write: no %s to write",
                         crq_wi_kind_key(w->kind), crq_wi_kind_key(w->kind));
  const char *format = o.format ? o.format : "text";
  const char *lang = o.lang ? o.lang : "en";
  size_t k = 0;
  while (k < N_FORMATS && strcmp(formats[k].name, format) != 0)
    k++;
  if (k == N_FORMATS)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "unknown report format '%s' for the %s report; "
                         "expected text, json, csv or html",
                         format, crq_wi_kind_key(w->kind));
  if (!crq_report_is_ja(lang) && strncmp(lang, "en", 2) != 0)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "unknown report language '%s'; expected ja or en",
                         lang);
  if (!out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0, "no output stream");
  w->out = out;
  w->ja = crq_report_is_ja(lang);
  w->bom = o.bom;
  w->now = o.now ? o.now : time(NULL);
  w->style = (crq_amount_style){w->ja, w->model->currency};
  return crq_report_finish(formats[k].write(w), out, diags);
}

crq_status crq_compare_write(const crq_compare *c,
                             const crq_report_options *opts, FILE *out,
                             crq_diags *diags) {
  crq_wi w = {.kind = CRQ_WI_COMPARE, .compare = c};
  w.model = c ? crq_result_model(crq_compare_result(c, 0)) : NULL;
  return write_any(&w, opts, out, diags);
}

crq_status crq_sweep_write(const crq_sweep *s, const crq_report_options *opts,
                           FILE *out, crq_diags *diags) {
  crq_wi w = {
      .kind = CRQ_WI_SWEEP, .sweep = s, .model = s ? crq_sweep_model(s) : NULL};
  return write_any(&w, opts, out, diags);
}

crq_status crq_sensitivity_write(const crq_sensitivity *s,
                                 const crq_report_options *opts, FILE *out,
                                 crq_diags *diags) {
  crq_wi w = {.kind = CRQ_WI_SENSITIVITY, .sens = s};
  w.model = s ? crq_sensitivity_model(s) : NULL;
  return write_any(&w, opts, out, diags);
}

crq_status crq_optimize_write(const crq_optimize *o,
                              const crq_report_options *opts, FILE *out,
                              crq_diags *diags) {
  crq_wi w = {.kind = CRQ_WI_OPTIMIZE,
              .opt = o,
              .model = o ? crq_optimize_model(o) : NULL};
  return write_any(&w, opts, out, diags);
}
