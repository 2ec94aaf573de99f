/* engine/model/load_model.c — the top level of a model file and its small
 * blocks: format version, name, organisation (currency, FX, amounts), risk
 * appetite and simulation settings. Scenarios, KPIs and measures have
 * their own files. Blocks are read in dependency order (organisation first:
 * every amount needs its currency and FX rates; scenarios before the
 * measures that target them), whatever their order in the file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/sim.h"
#include "load.h"

static int is_currency_code(const char *t) {
  return strlen(t) == 3 && strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3;
}

static int read_currency(crq_load *ld, const crq_ynode *node, const char *key,
                         char out[4]) {
  if (node->kind == CRQ_YSCALAR && is_currency_code(node->text)) {
    memcpy(out, node->text, 4);
    return 0;
  }
  if (node->kind == CRQ_YSCALAR)
    crq_load_error(ld, node,
                   "%s: '%s' is not a currency code; expected three capital "
                   "letters such as JPY, USD or EUR",
                   key, node->text);
  else
    crq_load_error(ld, node, "%s: found %s; expected a currency code", key,
                   crq_ynode_what(node));
  return -1;
}

/* organisation.fx: {CODE: rate} with rate > 0 model-currency units per
 * unit of CODE. */
static void load_fx(crq_load *ld, const crq_ynode *node) {
  crq_model *m = ld->model;
  if (node->kind != CRQ_YMAP) {
    crq_load_error(ld, node,
                   "fx: found %s; expected a mapping such as "
                   "{EUR: 130, USD: 150}",
                   crq_ynode_what(node));
    return;
  }
  m->fx = calloc(node->n ? node->n : 1, sizeof *m->fx);
  if (!m->fx) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return;
  }
  for (size_t i = 0; i < node->n; i++) {
    const crq_ynode *k = node->items[2 * i];
    crq_fx fx;
    char key[16];
    if (read_currency(ld, k, "fx", fx.code) != 0)
      continue;
    if (strcmp(fx.code, m->currency) == 0) {
      crq_load_error(ld, k,
                     "fx: %s is the model currency; expected rates "
                     "of other currencies only",
                     fx.code);
      continue;
    }
    snprintf(key, sizeof key, "fx.%s", fx.code);
    if (crq_read_number(ld, node->items[2 * i + 1], key, CRQ_NUM_PLAIN,
                        CRQ_RANGE_POSITIVE, &fx.rate) != 0)
      fx.rate = NAN; /* reported: its amounts fail without a second error */
    m->fx[m->n_fx++] = fx;
  }
}

void crq_load_organisation(crq_load *ld, const crq_ynode *node) {
  static const char *const known[] = {"currency",
                                      "annual_revenue",
                                      "business_days",
                                      "net_income",
                                      "market_cap",
                                      "personal_records",
                                      "fx",
                                      NULL};
  crq_model *m = ld->model;
  crq_org *o = &m->org;
  const char *w = "organisation";
  if (crq_read_map(ld, node, w, w, known) != 0)
    return;
  const crq_ynode *v = crq_ymap_get(node, "currency");
  if (v)
    read_currency(ld, v, "currency", m->currency);
  if ((v = crq_ymap_get(node, "fx")))
    load_fx(ld, v);
  crq_field_number(ld, node, w, "annual_revenue", CRQ_NUM_AMOUNT,
                   CRQ_RANGE_NONNEG, 0, &o->revenue);
  crq_field_number(ld, node, w, "business_days", CRQ_NUM_PLAIN,
                   (crq_range){0, 366, 1, 0}, 250, &o->business_days);
  crq_field_number(ld, node, w, "net_income", CRQ_NUM_AMOUNT, CRQ_RANGE_NONNEG,
                   0, &o->net_income);
  crq_field_number(ld, node, w, "market_cap", CRQ_NUM_AMOUNT, CRQ_RANGE_NONNEG,
                   0, &o->market_cap);
  crq_field_number(ld, node, w, "personal_records", CRQ_NUM_COUNT,
                   CRQ_RANGE_NONNEG, 0, &o->records_held);
}

static void load_threshold(crq_load *ld, const crq_ynode *node, size_t i,
                           crq_appetite *a) {
  static const char *const known[] = {"name", "return_period", "limit", "basis",
                                      NULL};
  static const char *const bases[] = {"aep", "oep", NULL};
  char w[48];
  snprintf(w, sizeof w, "risk_appetite item %zu", i + 1);
  a->mark = crq_load_mark(node);
  if (crq_read_map(ld, node, "risk_appetite", w, known) != 0)
    return;
  crq_field_string(ld, node, w, "name", 1, &a->name);
  crq_field_number(ld, node, w, "return_period", CRQ_NUM_PLAIN,
                   (crq_range){1, INFINITY, 1, 0}, NAN, &a->return_period);
  crq_field_number(ld, node, w, "limit", CRQ_NUM_AMOUNT, CRQ_RANGE_POSITIVE,
                   NAN, &a->limit);
  const crq_ynode *b = crq_ymap_get(node, "basis");
  if (b)
    crq_read_choice(ld, b, "basis", bases, &a->oep);
}

void crq_load_appetite(crq_load *ld, const crq_ynode *node) {
  crq_model *m = ld->model;
  if (crq_read_seq(ld, node, "risk_appetite") != 0 || node->n == 0)
    return;
  m->appetite = calloc(node->n, sizeof *m->appetite);
  if (!m->appetite) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return;
  }
  m->n_appetite = node->n;
  for (size_t i = 0; i < node->n; i++)
    load_threshold(ld, node->items[i], i, &m->appetite[i]);
}

void crq_load_settings(crq_load *ld, const crq_ynode *node) {
  static const char *const known[] = {"trials", "seed", "threads",
                                      "worst_case_quantile", NULL};
  crq_settings *s = &ld->model->settings;
  if (crq_read_map(ld, node, "simulation", "simulation", known) != 0)
    return;
  const crq_ynode *v;
  uint64_t threads;
  if ((v = crq_ymap_get(node, "trials")))
    crq_read_uint(ld, v, "trials", 1, CRQ_TRIALS_MAX, &s->trials);
  if ((v = crq_ymap_get(node, "seed")))
    crq_read_uint(ld, v, "seed", 0, UINT64_MAX, &s->seed);
  if ((v = crq_ymap_get(node, "threads")) &&
      crq_read_uint(ld, v, "threads", 0, CRQ_THREADS_MAX, &threads) == 0)
    s->threads = (int)threads;
  crq_field_number(ld, node, "simulation", "worst_case_quantile", CRQ_NUM_PLAIN,
                   (crq_range){0, 1, 1, 1}, 0.99, &s->worst_case_quantile);
}

/* crq_model: 1 must be present; any other version stops the load, since
 * its keys may mean something else. */
static int check_version(crq_load *ld, const crq_ynode *root) {
  const crq_ynode *v = crq_ymap_get(root, "crq_model");
  if (!v) {
    crq_load_missing(ld, root, "crq_model", "the model",
                     "crq_model: 1 (the format version) at the top");
    return -1;
  }
  if (v->kind == CRQ_YSCALAR && strcmp(v->text, "1") == 0) {
    ld->model->version = 1;
    return 0;
  }
  crq_load_error(ld, v,
                 "crq_model: '%s' is not a supported format version; "
                 "expected crq_model: 1 (this crq reads version 1)",
                 v->kind == CRQ_YSCALAR ? v->text : crq_ynode_what(v));
  return -1;
}

crq_model *crq_load_model(crq_load *ld, const crq_ynode *root) {
  static const char *const known[] = {
      "crq_model",     "name",       "organisation",
      "risk_appetite", "scenarios",  "kpis",
      "measures",      "simulation", NULL};
  crq_model *m = ld->model = crq_model_new(ld->file);
  if (!m || !m->file) {
    crq_load_error(ld, NULL, "out of memory; expected a smaller model");
    crq_model_free(m);
    return NULL;
  }
  if (check_version(ld, root) == 0) {
    crq_read_map(ld, root, "the model", "the model", known);
    crq_field_string(ld, root, "the model", "name", 1, &m->name);
    const crq_ynode *v;
    if ((v = crq_ymap_get(root, "organisation"))) {
      size_t before = ld->errors;
      crq_load_organisation(ld, v);
      ld->org_bad = ld->errors != before || v->duplicates;
    }
    if ((v = crq_ymap_get(root, "risk_appetite")))
      crq_load_appetite(ld, v);
    if ((v = crq_ymap_get(root, "scenarios")))
      crq_load_scenarios(ld, v);
    else
      crq_load_missing(ld, root, "scenarios", "the model",
                       "a list of scenarios");
    if ((v = crq_ymap_get(root, "kpis")))
      crq_load_kpis(ld, v);
    if ((v = crq_ymap_get(root, "measures")))
      crq_load_measures(ld, v);
    if ((v = crq_ymap_get(root, "simulation")))
      crq_load_settings(ld, v);
  }
  if (ld->status != CRQ_OK) {
    crq_model_free(m);
    return NULL;
  }
  return m;
}
