/* engine/report/csv.c — the CSV report: the figures of a run as one table
 * in long form, for spreadsheets, R and pandas.
 *
 * One file holds several tables, told apart by the first column, so a
 * single download has everything and every row has the same ten columns
 * (docs/reports.md):
 *
 *   table,variant,basis,item,parameter,value,se,ci_low,ci_high,verdict
 *
 * Tables: summary (maximum loss, EAL, SD, VaR/TVaR, largest simulated
 * loss; variant "reduction" for the paired reductions), return_period
 * (parameter = years), lec (parameter = loss, value = probability of
 * exceeding it), category_eal / category_tvar / category_max (item = the
 * category key), scenario_eal (item = the scenario id) and appetite
 * (item = the threshold's name, parameter = its return period; variant
 * "limit" holds the limit). With an analysis (crq/analysis.h), csv_analysis.c
 * adds its tables: shapley, waterfall, rosi, appetite_by_measure,
 * roadmap_max_loss and roadmap_eal. Amounts are in the model's currency
 * with the fewest digits (15 or 17) that read back exactly; a missing
 * figure is an empty field, an infinite one (a payback that never comes)
 * "inf".
 *
 * RFC 4180: CRLF line ends, fields with a comma, quote or line break are
 * quoted with inner quotes doubled. UTF-8; opts->bom starts the file with
 * a byte order mark, without which Excel reads UTF-8 as the local code
 * page. Column names and keys are English whatever the language: the file
 * is for programs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/crq.h"
#include "csv.h"
#include "model_def.h"
#include "util/shortest.h"
#include "writers.h"

void crq_csv_field(FILE *out, const char *s) {
  if (!s)
    s = "";
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

/* The shortest of 15 or 17 significant digits that reads back exactly
 * (0.9, not 0.90000000000000002); nothing for NAN, "inf" or "-inf". */
void crq_csv_number(FILE *out, double x) {
  if (isnan(x))
    return;
  if (isinf(x)) {
    fputs(x > 0 ? "inf" : "-inf", out);
    return;
  }
  char buf[32];
  fputs(crq_shortest(x, buf), out);
}

void crq_csv_row(const crq_csv *c, const char *table, const char *variant,
                 const char *basis, const char *item, double parameter,
                 crq_estimate e, const char *verdict) {
  const char *text[] = {table, variant, basis, item};
  for (size_t i = 0; i < 4; i++) {
    crq_csv_field(c->out, text[i]);
    fputc(',', c->out);
  }
  double num[] = {parameter, e.value, e.se, e.lo, e.hi};
  for (size_t i = 0; i < 5; i++) {
    crq_csv_number(c->out, num[i]);
    fputc(',', c->out);
  }
  crq_csv_field(c->out, verdict);
  fputs("\r\n", c->out);
}

crq_estimate crq_csv_bare(double x) {
  return (crq_estimate){x, NAN, NAN, NAN};
}

static const char *variant_key(int v) {
  return v == CRQ_BASELINE ? "baseline" : "measures";
}

const char *crq_csv_basis(int b) {
  return b == CRQ_AEP ? "aep" : "oep";
}

static void summary(const crq_csv *c, int v) {
  crq_variant vv = (crq_variant)v;
  const char *var = variant_key(v);
  crq_csv_row(c, "summary", var, "", "max_loss", NAN,
              crq_csv_bare(crq_result_max_loss(c->r, vv)), NULL);
  crq_csv_row(c, "summary", var, "aep", "eal", NAN, crq_result_eal(c->r, vv),
              NULL);
  for (int b = 0; b < 2; b++) {
    crq_basis bb = (crq_basis)b;
    crq_csv_row(c, "summary", var, crq_csv_basis(b), "mean", NAN,
                crq_result_mean(c->r, vv, bb), NULL);
    crq_csv_row(c, "summary", var, crq_csv_basis(b), "sd", NAN,
                crq_csv_bare(crq_result_sd(c->r, vv, bb)), NULL);
    crq_csv_row(c, "summary", var, crq_csv_basis(b), "max_simulated", NAN,
                crq_csv_bare(crq_result_max_simulated(c->r, vv, bb)), NULL);
    for (int i = 0; i < CRQ_REPORT_N_LEVELS; i++) {
      double p = crq_report_levels[i];
      crq_csv_row(c, "summary", var, crq_csv_basis(b), "var", p,
                  crq_result_quantile(c->r, vv, bb, p), NULL);
      crq_csv_row(c, "summary", var, crq_csv_basis(b), "tvar", p,
                  crq_result_tvar(c->r, vv, bb, p), NULL);
    }
  }
}

static void reductions(const crq_csv *c) {
  crq_csv_row(c, "summary", "reduction", "aep", "eal", NAN,
              crq_result_reduction_eal(c->r), NULL);
  for (int i = 0; i < CRQ_REPORT_N_LEVELS; i++) {
    double p = crq_report_levels[i];
    crq_csv_row(c, "summary", "reduction", "aep", "var", p,
                crq_result_reduction_quantile(c->r, p), NULL);
    crq_csv_row(c, "summary", "reduction", "aep", "tvar", p,
                crq_result_reduction_tvar(c->r, p), NULL);
  }
}

static void curves(const crq_csv *c, int v) {
  crq_variant vv = (crq_variant)v;
  double top = crq_report_lec_top(c->r);
  double lo = top * pow(10, -CRQ_REPORT_LEC_DECADES);
  for (int b = 0; b < 2; b++) {
    crq_basis bb = (crq_basis)b;
    for (int i = 0; i < CRQ_REPORT_N_PERIODS; i++)
      crq_csv_row(c, "return_period", variant_key(v), crq_csv_basis(b), "loss",
                  crq_report_periods[i],
                  crq_result_return_period(c->r, vv, bb, crq_report_periods[i]),
                  NULL);
    for (int i = 0; top > 0 && i < CRQ_REPORT_LEC_POINTS; i++) {
      double loss = crq_report_log_point(lo, top, i, CRQ_REPORT_LEC_POINTS);
      crq_estimate e = crq_result_exceedance(c->r, vv, bb, loss);
      crq_csv_row(c, "lec", variant_key(v), crq_csv_basis(b), "exceedance",
                  loss, (crq_estimate){e.value, e.se, NAN, NAN}, NULL);
    }
  }
}

static void contributions(const crq_csv *c, int v) {
  crq_variant vv = (crq_variant)v;
  const crq_model *m = crq_result_model(c->r);
  size_t worst = crq_result_worst_scenario(c->r, vv);
  for (int k = 0; k < CRQ_CAT_COUNT; k++) {
    crq_category cat = (crq_category)k;
    const char *key = crq_category_key(cat);
    crq_csv_row(c, "category_eal", variant_key(v), "aep", key, NAN,
                crq_result_category_eal(c->r, vv, cat), NULL);
    crq_csv_row(
        c, "category_tvar", variant_key(v), "aep", key, CRQ_REPORT_TAIL,
        crq_csv_bare(crq_result_category_tvar(c->r, vv, cat, CRQ_REPORT_TAIL)),
        NULL);
    crq_csv_row(c, "category_max", variant_key(v), "", key, NAN,
                crq_csv_bare(crq_result_worst_case(c->r, vv, worst, cat)),
                NULL);
  }
  for (size_t i = 0; i < crq_model_scenario_count(m); i++)
    crq_csv_row(c, "scenario_eal", variant_key(v), "aep",
                crq_model_scenario_id(m, i), NAN,
                crq_result_scenario_eal(c->r, vv, i), NULL);
}

static void appetite(const crq_csv *c) {
  const crq_model *m = crq_result_model(c->r);
  for (size_t i = 0; i < m->n_appetite; i++) {
    const crq_appetite *a = &m->appetite[i];
    const char *basis = crq_csv_basis(a->oep ? CRQ_OEP : CRQ_AEP);
    crq_csv_row(c, "appetite", "limit", basis, a->name, a->return_period,
                crq_csv_bare(a->limit), NULL);
    for (int v = 0; v < crq_result_variant_count(c->r); v++) {
      crq_estimate loss, p;
      crq_verdict verdict =
          crq_result_appetite(c->r, (crq_variant)v, i, &loss, &p);
      crq_csv_row(c, "appetite", variant_key(v), basis, a->name,
                  a->return_period, loss, crq_report_verdict_key(verdict));
    }
  }
}

crq_status crq_report_csv(const crq_result *r, const crq_report_options *opts,
                          FILE *out) {
  crq_csv c = {r, out};
  int nv = crq_result_variant_count(r);
  if (opts->bom)
    fputs("\xEF\xBB\xBF", out);
  fputs("table,variant,basis,item,parameter,value,se,ci_low,ci_high,"
        "verdict\r\n",
        out);
  for (int v = 0; v < nv; v++)
    summary(&c, v);
  if (nv == 2)
    reductions(&c);
  for (int v = 0; v < nv; v++)
    curves(&c, v);
  for (int v = 0; v < nv; v++)
    contributions(&c, v);
  appetite(&c);
  crq_csv_analysis(&c, opts->analysis);
  return CRQ_OK;
}
