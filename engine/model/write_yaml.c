/* engine/model/write_yaml.c — writes a model back as a model file: the
 * model "as understood" (`crq show`).
 *
 * Every default is written out, every distribution in its canonical form
 * (dist.h), every amount as a plain number in the model currency, so that
 * the output loads back into the same model and writing that again gives
 * the same bytes. Numbers are printed in the shortest form that reads
 * back to the same double; strings are always double-quoted with YAML
 * escapes for anything that is not printable, so any UTF-8 name survives.
 * Comments carry each input's meaning; they are ignored when loading.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_def.h"
#include "model_io.h"
#include "utf8.h"

/* Shortest decimal that reads back as x (whole numbers without exponent
 * while exact). x must be finite. */
static const char *num(double x, char buf[40]) {
  if (x == 0)
    return "0"; /* also -0 */
  if (x == floor(x) && fabs(x) < 1e17) {
    snprintf(buf, 40, "%.0f", x);
    return buf;
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, 40, "%.*g", prec, x);
    if (strtod(buf, NULL) == x)
      break;
  }
  return buf;
}

static void put_num(FILE *f, double x) {
  char buf[40];
  fputs(num(x, buf), f);
}

/* A double-quoted YAML string. */
static void put_str(FILE *f, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t len = strlen(s);
  fputc('"', f);
  for (size_t i = 0; i < len;) {
    unsigned cp;
    size_t n = crq_utf8_decode(p + i, len - i, &cp);
    if (n == 0) { /* not from the loader; keep the byte visible */
      fprintf(f, "\\x%02x", p[i++]);
      continue;
    }
    if (cp == '"' || cp == '\\')
      fprintf(f, "\\%c", (char)cp);
    else if (cp == '\n')
      fputs("\\n", f);
    else if (cp == '\t')
      fputs("\\t", f);
    else if (cp == '\r')
      fputs("\\r", f);
    else if (cp < 0x20 || cp == 0x7F)
      fprintf(f, "\\x%02x", cp);
    else if ((cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
             cp == 0xFEFF || !crq_utf8_printable(cp))
      fprintf(f, cp > 0xFFFF ? "\\U%08x" : "\\u%04x", cp);
    else
      fwrite(p + i, 1, n, f);
    i += n;
  }
  fputc('"', f);
}

/* {kind: {k1: v1, ...}} with the n named parameters; finite ones only. */
static void put_params(FILE *f, const char *kind, const char *const *keys,
                       const double *v, int n) {
  fprintf(f, "{%s: {", kind);
  int first = 1;
  for (int i = 0; i < n; i++) {
    if (!isfinite(v[i]))
      continue;
    fprintf(f, "%s%s: ", first ? "" : ", ", keys[i]);
    put_num(f, v[i]);
    first = 0;
  }
  fputs("}}", f);
}

static void put_list(FILE *f, const double *v, size_t n) {
  fputc('[', f);
  for (size_t i = 0; i < n; i++) {
    if (i)
      fputs(", ", f);
    put_num(f, v[i]);
  }
  fputc(']', f);
}

static void put_dist(FILE *f, const crq_dist *d) {
  static const char *const modal[] = {"min", "mode", "max", "shape"};
  static const char *const bounds[] = {"min", "max"};
  static const char *const normal[] = {"mean", "sd", "min", "max"};
  static const char *const lognormal[] = {"mu", "sigma"};
  static const char *const gamma[] = {"shape", "scale"};
  static const char *const beta[] = {"alpha", "beta", "min", "max"};
  static const char *const negbin[] = {"mean", "size"};
  const char *kind = crq_dist_kind_key(d->kind);
  const double *p = d->p;
  switch (d->kind) {
  case CRQ_DIST_CONSTANT:
    put_num(f, p[0]);
    return;
  case CRQ_DIST_POISSON:
  case CRQ_DIST_BERNOULLI:
    fprintf(f, "{%s: ", kind);
    put_num(f, p[0]);
    fputc('}', f);
    return;
  case CRQ_DIST_UNIFORM:
    put_params(f, kind, bounds, p, 2);
    return;
  case CRQ_DIST_TRIANGULAR:
  case CRQ_DIST_PERT:
    put_params(f, kind, modal, p, d->kind == CRQ_DIST_PERT ? 4 : 3);
    return;
  case CRQ_DIST_NORMAL:
  case CRQ_DIST_BETA: {
    double v[4] = {p[0], p[1], d->lo, d->hi};
    put_params(f, kind, d->kind == CRQ_DIST_NORMAL ? normal : beta, v, 4);
    return;
  }
  case CRQ_DIST_LOGNORMAL:
    put_params(f, kind, lognormal, p, 2);
    return;
  case CRQ_DIST_GAMMA:
    put_params(f, kind, gamma, p, 2);
    return;
  case CRQ_DIST_NEGBIN:
    put_params(f, kind, negbin, p, 2);
    return;
  case CRQ_DIST_DISCRETE:
    fputs("{discrete: {values: ", f);
    put_list(f, d->values, d->n);
    fputs(", probs: ", f);
    put_list(f, d->probs, d->n);
    fputs("}}", f);
    return;
  case CRQ_DIST_KIND_COUNT:
    break;
  }
}

/* key: number, on its own line. */
static void put_field(FILE *f, const char *indent, const char *key, double v) {
  fprintf(f, "%s%s: ", indent, key);
  put_num(f, v);
  fputc('\n', f);
}

static void put_text(FILE *f, const char *indent, const char *key,
                     const char *s) {
  if (!s || !*s)
    return;
  fprintf(f, "%s%s: ", indent, key);
  put_str(f, s);
  fputc('\n', f);
}

static void put_organisation(FILE *f, const crq_model *m) {
  const crq_org *o = &m->org;
  fprintf(f, "\norganisation:\n  currency: %s\n", m->currency);
  put_field(f, "  ", "annual_revenue", o->revenue);
  put_field(f, "  ", "business_days", o->business_days);
  put_field(f, "  ", "net_income", o->net_income);
  put_field(f, "  ", "market_cap", o->market_cap);
  put_field(f, "  ", "personal_records", o->records_held);
  if (m->n_fx == 0)
    fputs("  fx: {}\n", f);
  else
    fputs("  fx:\n", f);
  for (size_t i = 0; i < m->n_fx; i++)
    put_field(f, "    ", m->fx[i].code, m->fx[i].rate);
}

static void put_appetite(FILE *f, const crq_model *m) {
  fprintf(f, "\nrisk_appetite:%s\n", m->n_appetite ? "" : " []");
  for (size_t i = 0; i < m->n_appetite; i++) {
    const crq_appetite *a = &m->appetite[i];
    fputs("  - name: ", f);
    put_str(f, a->name);
    fputc('\n', f);
    put_field(f, "    ", "return_period", a->return_period);
    put_field(f, "    ", "limit", a->limit);
    fprintf(f, "    basis: %s\n", a->oep ? "oep" : "aep");
  }
}

static void put_trigger(FILE *f, const crq_trigger *t) {
  const crq_loss_model *lm = crq_loss_models[t->model];
  fprintf(f, "    %s:", lm->key);
  int any = 0;
  for (unsigned i = 0; i < lm->n_inputs; i++) {
    const crq_dist *d = &t->inputs[i];
    if (d->kind == CRQ_DIST_CONSTANT && isinf(d->p[0]))
      continue; /* an unlimited cap is the default */
    fprintf(f, "\n      %s: ", lm->inputs[i].key);
    put_dist(f, d);
    fprintf(f, "  # %s", lm->inputs[i].doc);
    if (d->kind == CRQ_DIST_LOGNORMAL) {
      double half = 1.6448536269514722 * d->p[1];
      fprintf(f, "; 90%% interval %.4g to %.4g", exp(d->p[0] - half),
              exp(d->p[0] + half));
    }
    any = 1;
  }
  fputs(any ? "\n" : " {}\n", f);
}

static void put_scenarios(FILE *f, const crq_model *m) {
  fputs("\nscenarios:\n", f);
  for (size_t i = 0; i < m->n_scenarios; i++) {
    const crq_scenario *s = &m->scenarios[i];
    fputs("  - id: ", f);
    put_str(f, s->id);
    fputs("\n    name: ", f);
    put_str(f, s->name);
    fputs("\n    frequency: ", f);
    put_dist(f, &s->frequency);
    fputc('\n', f);
    for (size_t t = 0; t < s->n_triggers; t++)
      put_trigger(f, &s->triggers[t]);
  }
}

static void put_kpi(FILE *f, const crq_kpi *k) {
  fputs("  - id: ", f);
  put_str(f, k->id);
  fputc('\n', f);
  put_text(f, "    ", "catalogue", k->catalogue_id);
  put_text(f, "    ", "name", k->name);
  put_text(f, "    ", "unit", k->unit);
  put_text(f, "    ", "owner", k->owner);
  fprintf(f, "    direction: %s\n", k->lower_is_better ? "lower" : "higher");
  put_field(f, "    ", "plan", k->plan);
  put_field(f, "    ", "baseline", k->baseline);
  if (!isnan(k->actual))
    put_field(f, "    ", "actual", k->actual);
  put_text(f, "    ", "start", k->start);
  put_text(f, "    ", "due", k->due);
  if (k->n_actuals)
    fputs("    actuals:\n", f);
  for (size_t i = 0; i < k->n_actuals; i++) {
    fprintf(f, "      - {date: \"%s\", value: ", k->actuals[i].date);
    put_num(f, k->actuals[i].value);
    fputs("}\n", f);
  }
}

static void put_target(FILE *f, const crq_model *m, const crq_effect *e) {
  fputs("      - target: \"scenarios.", f);
  fputs(e->scenario == CRQ_TARGET_ALL_SCENARIOS ? "*"
                                                : m->scenarios[e->scenario].id,
        f);
  if (e->model == CRQ_TARGET_FREQUENCY)
    fputs(".frequency\"\n", f);
  else
    fprintf(f, ".%s.%s\"\n", crq_loss_models[e->model]->key,
            crq_loss_models[e->model]->inputs[e->input].key);
}

static void put_effect(FILE *f, const crq_model *m, const crq_effect *e) {
  put_target(f, m, e);
  put_field(f, "        ", e->op == CRQ_EFFECT_SET ? "set" : "scale", e->value);
  fputs("        curve: ", f);
  if (e->curve == CRQ_CURVE_LINEAR) {
    fputs("linear\n", f);
  } else if (e->curve == CRQ_CURVE_STEP) {
    fputs("{step: ", f);
    put_num(f, e->threshold);
    fputs("}\n", f);
  } else {
    fputs("{table: [", f);
    for (size_t i = 0; i < e->n_points; i++) {
      fputs(i ? ", [" : "[", f);
      put_num(f, e->points_x[i]);
      fputs(", ", f);
      put_num(f, e->points_y[i]);
      fputc(']', f);
    }
    fputs("]}\n", f);
  }
}

static void put_measure(FILE *f, const crq_model *m, const crq_measure *ms) {
  fputs("  - id: ", f);
  put_str(f, ms->id);
  fputs("\n    name: ", f);
  put_str(f, ms->name);
  fputc('\n', f);
  put_field(f, "    ", "cost_once", ms->cost_once);
  put_field(f, "    ", "cost_annual", ms->cost_annual);
  fputs("    kpis: [", f);
  for (size_t i = 0; i < ms->n_kpis; i++) {
    fputs(i ? ", " : "", f);
    put_str(f, m->kpis[ms->kpis[i]].id);
  }
  fprintf(f, "]\n    effects:%s\n", ms->n_effects ? "" : " []");
  for (size_t i = 0; i < ms->n_effects; i++)
    put_effect(f, m, &ms->effects[i]);
}

static void put_settings(FILE *f, const crq_settings *s) {
  fprintf(f, "\nsimulation:\n  trials: %llu\n  seed: %llu\n  threads: %d\n",
          (unsigned long long)s->trials, (unsigned long long)s->seed,
          s->threads);
  put_field(f, "  ", "worst_case_quantile", s->worst_case_quantile);
}

crq_status crq_model_write_yaml(const crq_model *m, FILE *f) {
  if (!m || !f)
    return CRQ_ERR_USAGE;
  locale_t previous = crq_c_locale_enter();
  fprintf(f,
          "# The model as crq understands it: every default filled in, "
          "amounts in %s.\ncrq_model: %d\nname: ",
          m->currency, m->version);
  put_str(f, m->name);
  fputc('\n', f);
  put_organisation(f, m);
  put_appetite(f, m);
  put_scenarios(f, m);
  fprintf(f, "\nkpis:%s\n", m->n_kpis ? "" : " []");
  for (size_t i = 0; i < m->n_kpis; i++)
    put_kpi(f, &m->kpis[i]);
  fprintf(f, "\nmeasures:%s\n", m->n_measures ? "" : " []");
  for (size_t i = 0; i < m->n_measures; i++)
    put_measure(f, m, &m->measures[i]);
  put_settings(f, &m->settings);
  crq_c_locale_leave(previous);
  return ferror(f) || fflush(f) != 0 ? CRQ_ERR_IO : CRQ_OK;
}

crq_status crq_model_yaml_text(const crq_model *model, crq_diags *diags,
                               char **text, size_t *len) {
  FILE *f = open_memstream(text, len);
  crq_status st = f ? crq_model_write_yaml(model, f) : CRQ_ERR_NOMEM;
  if (f && fclose(f) != 0 && st == CRQ_OK)
    st = CRQ_ERR_NOMEM;
  if (st == CRQ_OK)
    return CRQ_OK;
  if (f)
    free(*text);
  *text = NULL;
  return crq_diags_add(diags, CRQ_ERR_NOMEM, model->file, 0, 0,
                       "out of memory writing the model; expected a "
                       "smaller model");
}
