/* engine/model/load_kpis.c — the KPIs a CISO commits to.
 *
 * A KPI has a plan (target, > 0) and optionally an actual, a schedule
 * (start/due dates) and dated actuals; when actuals are given without an
 * explicit actual, the latest one is the actual. A KPI that names an entry
 * of the shipped catalogue (crq/kpi.h) takes its English name, unit and
 * direction unless the file gives them. Measures refer to KPIs by id, so
 * the sorted id index is built here for load_measures.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/kpi.h"
#include "load.h"

/* catalogue: the id of an entry of the shipped KPI catalogue (crq/kpi.h),
 * opened once per load. Returns the entry or NULL after reporting. */
static const crq_kpi_info *read_catalogue(crq_load *ld, const crq_ynode *node,
                                          const char *where, char **out) {
  if (crq_read_string(ld, node, "catalogue", out) != 0)
    return NULL;
  if (!ld->catalogue && crq_kpi_catalogue_open(&ld->catalogue) != CRQ_OK) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return NULL;
  }
  const crq_kpi_info *info = crq_kpi_catalogue_find(ld->catalogue, *out);
  if (info)
    return info;
  size_t n = crq_kpi_catalogue_count(ld->catalogue);
  const char **ids = malloc(n * sizeof *ids);
  for (size_t i = 0; ids && i < n; i++)
    ids[i] = crq_kpi_catalogue_get(ld->catalogue, i)->id;
  crq_load_unknown(ld, node, "catalogue KPI", *out, where, ids, ids ? n : 0);
  free(ids);
  free(*out);
  *out = NULL;
  return NULL;
}

/* A copy of a catalogue text for a KPI field the file leaves out. */
static void inherit(crq_load *ld, const crq_ynode *node, char **field,
                    const char *value) {
  if (*field || !value || !*value)
    return;
  if (!(*field = strdup(value)))
    crq_load_error(ld, node, "out of memory; expected a smaller model");
}

/* actuals: [{date, value}, ...] with strictly ascending dates. */
static void load_actuals(crq_load *ld, const crq_ynode *node, crq_kpi *k,
                         const char *where) {
  static const char *const known[] = {"date", "value", NULL};
  if (crq_read_seq(ld, node, "actuals") != 0 || node->n == 0)
    return;
  k->actuals = calloc(node->n, sizeof *k->actuals);
  if (!k->actuals) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return;
  }
  for (size_t i = 0; i < node->n; i++) {
    const crq_ynode *a = node->items[i];
    crq_kpi_actual *x = &k->actuals[k->n_actuals];
    if (crq_read_map(ld, a, "actuals", where, known) != 0)
      continue;
    const crq_ynode *date = crq_ymap_get(a, "date");
    int bad = crq_field_number(ld, a, where, "value", CRQ_NUM_PLAIN,
                               CRQ_RANGE_ANY, NAN, &x->value) != 0;
    if (!date) {
      crq_load_missing(ld, a, "date", where, "a date YYYY-MM-DD");
      continue;
    }
    if (crq_read_date(ld, date, "date", x->date) != 0 || bad)
      continue;
    if (k->n_actuals > 0 &&
        strcmp(x->date, k->actuals[k->n_actuals - 1].date) <= 0) {
      crq_load_error(ld, date,
                     "date: %s is not after %s; expected actuals "
                     "in ascending date order",
                     x->date, k->actuals[k->n_actuals - 1].date);
      continue;
    }
    k->n_actuals++;
  }
}

static void load_schedule(crq_load *ld, const crq_ynode *node, crq_kpi *k) {
  const crq_ynode *start = crq_ymap_get(node, "start");
  const crq_ynode *due = crq_ymap_get(node, "due");
  if (start && crq_read_date(ld, start, "start", k->start) != 0)
    start = NULL;
  if (due && crq_read_date(ld, due, "due", k->due) != 0)
    due = NULL;
  if (start && due && strcmp(k->due, k->start) < 0)
    crq_load_error(ld, due,
                   "due: %s is before start %s; expected due on or "
                   "after start",
                   k->due, k->start);
}

static void load_kpi(crq_load *ld, const crq_ynode *node, size_t i,
                     crq_kpi *k) {
  static const char *const known[] = {
      "id",       "catalogue", "name",  "unit", "owner",   "direction", "plan",
      "baseline", "actual",    "start", "due",  "actuals", NULL};
  static const char *const directions[] = {"higher", "lower", NULL};
  char where[96];
  snprintf(where, sizeof where, "kpi %zu", i + 1);
  k->mark = crq_load_mark(node);
  k->actual = NAN;
  if (crq_read_map(ld, node, "kpis", where, known) != 0)
    return;
  const crq_ynode *v = crq_ymap_get(node, "id");
  if (!v)
    crq_load_missing(ld, node, "id", where, "an id");
  else if (crq_read_id(ld, v, "id", &k->id) == 0)
    snprintf(where, sizeof where, "kpi '%s'", k->id);
  const crq_kpi_info *info = NULL;
  if ((v = crq_ymap_get(node, "catalogue")))
    info = read_catalogue(ld, v, where, &k->catalogue_id);
  crq_field_string(ld, node, where, "name", 0, &k->name);
  crq_field_string(ld, node, where, "unit", 0, &k->unit);
  crq_field_string(ld, node, where, "owner", 0, &k->owner);
  if (info) { /* the catalogue entry fills what the file leaves out */
    inherit(ld, node, &k->name, info->name_en);
    inherit(ld, node, &k->unit, info->unit);
    k->lower_is_better = info->lower_is_better;
  }
  inherit(ld, node, &k->name, k->id);
  if ((v = crq_ymap_get(node, "direction")))
    crq_read_choice(ld, v, "direction", directions, &k->lower_is_better);
  crq_field_number(ld, node, where, "plan", CRQ_NUM_PLAIN, CRQ_RANGE_POSITIVE,
                   NAN, &k->plan);
  crq_field_number(ld, node, where, "baseline", CRQ_NUM_PLAIN, CRQ_RANGE_ANY, 0,
                   &k->baseline);
  if ((v = crq_ymap_get(node, "actual")))
    crq_read_number(ld, v, "actual", CRQ_NUM_PLAIN, CRQ_RANGE_ANY, &k->actual);
  load_schedule(ld, node, k);
  if ((v = crq_ymap_get(node, "actuals")))
    load_actuals(ld, v, k, where);
  if (!crq_ymap_get(node, "actual") && k->n_actuals > 0)
    k->actual = k->actuals[k->n_actuals - 1].value;
}

void crq_load_kpis(crq_load *ld, const crq_ynode *node) {
  crq_model *m = ld->model;
  if (crq_read_seq(ld, node, "kpis") != 0 || node->n == 0)
    return;
  m->kpis = calloc(node->n, sizeof *m->kpis);
  if (!m->kpis) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return;
  }
  m->n_kpis = node->n;
  for (size_t i = 0; i < node->n; i++)
    load_kpi(ld, node->items[i], i, &m->kpis[i]);
  ld->kpi_ids = CRQ_ID_INDEX(ld, m->kpis, m->n_kpis, "kpi", &ld->n_kpi_ids);
  CRQ_ID_NAMES(m->kpis, m->n_kpis, ld->kpi_names);
}
