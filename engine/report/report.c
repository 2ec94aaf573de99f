/* engine/report/report.c — crq_report_write: picks the writer for a format
 * from a table, checks the language, and turns stream errors into
 * CRQ_ERR_IO. Adding a format means one writer and one row here. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "crq/report.h"
#include "report_ctx.h"
#include "writers.h"

const double crq_report_levels[CRQ_REPORT_N_LEVELS] = {0.90, 0.95, 0.99, 0.995,
                                                       0.999};
const double crq_report_periods[CRQ_REPORT_N_PERIODS] = {10,  20,  50,  100,
                                                         200, 250, 500, 1000};

static const struct {
  const char *name;
  crq_report_writer write;
} formats[] = {
    {"text", crq_report_text}, {"json", crq_report_json},
    {"csv", crq_report_csv},   {"html", crq_report_html},
    {"xlsx", crq_report_xlsx},
};

#define N_FORMATS (sizeof formats / sizeof formats[0])

void crq_report_options_init(crq_report_options *opts) {
  memset(opts, 0, sizeof *opts);
  opts->format = "text";
  opts->lang = "en";
}

const char *crq_report_format_name(size_t i) {
  return i < N_FORMATS ? formats[i].name : NULL;
}

static crq_report_writer find_writer(const char *name) {
  for (size_t i = 0; i < N_FORMATS; i++)
    if (strcmp(formats[i].name, name) == 0)
      return formats[i].write;
  return NULL;
}

int crq_report_format_known(const char *name) {
  return name && find_writer(name) != NULL;
}

double crq_report_lec_top(const crq_result *r) {
  double top = 0;
  for (int v = 0; v < crq_result_variant_count(r); v++)
    for (int b = 0; b < 2; b++)
      top =
          fmax(top, crq_result_max_simulated(r, (crq_variant)v, (crq_basis)b));
  return top;
}

double crq_report_log_point(double lo, double hi, int i, int n) {
  return lo * pow(hi / lo, (double)i / (n - 1));
}

const char *crq_report_streaming_note(int ja) {
  return ja ? "ストリーミング・モード: 分位点・TVaR・超過確率はヒストグラムから"
              "求めた値 (誤差 0.1% 以内、平均は厳密)"
            : "Streaming mode: quantiles, TVaR and exceedance from histograms, "
              "within 0.1% (means exact)";
}

const char *crq_report_verdict_key(crq_verdict v) {
  return v == CRQ_GREEN ? "green" : v == CRQ_AMBER ? "amber" : "red";
}

const char *crq_report_verdict_word(crq_verdict v, int ja) {
  if (v == CRQ_GREEN)
    return ja ? "緑" : "GREEN";
  return v == CRQ_AMBER ? (ja ? "黄" : "AMBER") : (ja ? "赤" : "RED");
}

int crq_report_is_ja(const char *lang) {
  return lang && strncmp(lang, "ja", 2) == 0;
}

/* A result a report cannot show: what its run left out, and the option
 * that made it so. */
static crq_status refuse(crq_diags *diags, const char *left_out,
                         const char *option, const char *report) {
  return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                       "crq_report_write: the run %s (crq_sim_options.%s); "
                       "a report %s: simulate without %s",
                       left_out, option, report, option);
}

crq_status crq_report_write(const crq_result *result,
                            const crq_report_options *opts, FILE *out,
                            crq_diags *diags) {
  crq_report_options o;
  crq_report_options_init(&o);
  if (opts)
    o = *opts;
  if (!o.format)
    o.format = "text";
  if (!o.lang)
    o.lang = "en";
  crq_report_writer write = find_writer(o.format);
  if (!write) {
    char known[128] = "";
    for (size_t i = 0; i < N_FORMATS; i++)
      snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
               i ? ", " : "", formats[i].name);
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "unknown report format '%s'; expected one of %s",
                         o.format, known);
  }
  if (!crq_report_is_ja(o.lang) && strncmp(o.lang, "en", 2) != 0)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "unknown report language '%s'; expected ja or en",
                         o.lang);
  if (!result || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_report_write: no result or no output stream");
  if (o.analysis && crq_analysis_model(o.analysis) != crq_result_model(result))
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_report_write: the analysis is of another model "
                         "than the result; expected crq_analyse of the "
                         "result's own model");
  if (crq_result_quantiles_only(result))
    return refuse(diags, "gave the quantiles it was told only", "quantiles",
                  "needs every order statistic");
  if (crq_result_annual_only(result))
    return refuse(diags, "kept the annual loss only", "annual_only",
                  "needs both bases");
  if (!crq_result_has_scenario_eal(result))
    return refuse(diags, "did not add up each scenario's losses",
                  "no_scenario_eal", "shows each scenario's EAL");
  /* Every report shows TVaR, which needs the losses bucketed: bucketing
   * first spares the selection passes of the quantiles asked for before
   * it. */
  (void)crq_result_sort(result); /* on failure, the figures say so */
  return crq_report_finish(write(result, &o, out), out, diags);
}

crq_report_ctx crq_report_ctx_of(const crq_result *r,
                                 const crq_report_options *opts, FILE *out) {
  crq_report_ctx x = {.r = r,
                      .m = crq_result_model(r),
                      .out = out,
                      .ja = crq_report_is_ja(opts->lang),
                      .nv = crq_result_variant_count(r)};
  x.style.ja = x.ja;
  x.style.currency = crq_model_currency(x.m);
  return x;
}

crq_status crq_report_finish(crq_status s, FILE *out, crq_diags *diags) {
  if (s == CRQ_ERR_NOMEM)
    return crq_diags_add(diags, s, NULL, 0, 0,
                         "out of memory writing the report");
  if (s != CRQ_OK || ferror(out))
    return crq_diags_add(diags, CRQ_ERR_IO, NULL, 0, 0,
                         "the report could not be written completely");
  return CRQ_OK;
}
