/* engine/model/load_scenarios.c — scenarios and the loss models they
 * trigger.
 *
 * A scenario's keys are id, name, frequency and any number of loss model
 * blocks, looked up in the registry (models/registry.c). Each block's
 * inputs are read generically from the model's input specs: a present
 * input is a distribution whose every value must lie in the spec's
 * [min, max], an omitted one takes the spec default as a constant, and an
 * input whose default is NAN is required. Adding a loss model therefore
 * needs no change here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

/* The keys a scenario may have: id, name, frequency and every model key
 * (NULL-terminated; free with free()). */
static const char **scenario_keys(void) {
  const char **keys = malloc((crq_loss_model_count + 4) * sizeof *keys);
  size_t k = 0;
  if (!keys)
    return NULL;
  keys[k++] = "id";
  keys[k++] = "name";
  keys[k++] = "frequency";
  for (unsigned i = 0; i < crq_loss_model_count; i++)
    keys[k++] = crq_loss_models[i]->key;
  keys[k] = NULL;
  return keys;
}

/* The model's check across its inputs and the organisation (loss_model.h),
 * reported at the input it blames when the file gives that input, else at
 * the block's key. */
static int check_trigger(crq_load *ld, const crq_ynode *key,
                         const crq_ynode *node, const crq_trigger *t) {
  const crq_loss_model *lm = crq_loss_models[t->model];
  double lo[CRQ_MODEL_MAX_INPUTS], hi[CRQ_MODEL_MAX_INPUTS];
  char msg[320];
  if (!lm->check || ld->org_bad)
    return 0;
  for (unsigned i = 0; i < lm->n_inputs; i++) {
    lo[i] = crq_dist_min(&t->inputs[i]);
    hi[i] = crq_dist_max(&t->inputs[i]);
  }
  int blame = lm->check(lo, hi, &ld->model->org, msg, sizeof msg);
  if (blame < 0)
    return 0;
  if (blame == CRQ_CHECK_ORG && t->model < 64) {
    uint64_t bit = (uint64_t)1 << t->model;
    if (ld->org_blamed & bit)
      return -1; /* said at the model's first block */
    ld->org_blamed |= bit;
  }
  const crq_ynode *at = NULL;
  if (node && blame < (int)lm->n_inputs)
    at = crq_ymap_get(node, lm->inputs[blame].key);
  crq_load_error(ld, at ? at : key, "%s", msg);
  return -1;
}

/* One loss model block: a mapping of inputs (null means all defaults). */
static int load_trigger(crq_load *ld, const crq_ynode *key,
                        const crq_ynode *node, unsigned index, crq_trigger *t) {
  const crq_loss_model *lm = crq_loss_models[index];
  const char *known[CRQ_MODEL_MAX_INPUTS + 1];
  int bad = 0;
  t->model = index;
  t->mark = crq_load_mark(key);
  for (unsigned i = 0; i < lm->n_inputs; i++) {
    known[i] = lm->inputs[i].key;
    t->inputs[i] = crq_dist_constant(lm->inputs[i].def);
  }
  known[lm->n_inputs] = NULL;
  if (crq_ynode_is_null(node))
    node = NULL;
  else if (crq_read_map(ld, node, lm->key, lm->key, known) != 0)
    return -1;
  for (unsigned i = 0; i < lm->n_inputs; i++) {
    const crq_input_spec *spec = &lm->inputs[i];
    const crq_ynode *v = node ? crq_ymap_get(node, spec->key) : NULL;
    char name[96];
    snprintf(name, sizeof name, "%s.%s", lm->key, spec->key);
    if (v) {
      crq_range r = {spec->min, spec->max, 0, 0};
      bad |= crq_read_dist(ld, v, name, (spec->flags & CRQ_INPUT_AMOUNT) != 0,
                           r, &t->inputs[i]) != 0;
    } else if (isnan(spec->def)) {
      char want[160];
      snprintf(want, sizeof want, "the %s (a number or a distribution)",
               spec->doc);
      crq_load_missing(ld, node ? node : key, spec->key, lm->key, want);
      bad = 1;
    }
  }
  return bad ? -1 : check_trigger(ld, key, node, t);
}

static int by_model(const void *a, const void *b) {
  const crq_trigger *x = a, *y = b;
  return (x->model > y->model) - (x->model < y->model);
}

/* Every loss model block of a scenario, sorted by registry order. */
static void load_triggers(crq_load *ld, const crq_ynode *node, crq_scenario *s,
                          const char *where) {
  size_t n = 0;
  for (size_t i = 0; i < node->n; i++)
    n += crq_loss_model_find(node->items[2 * i]->text, NULL) != NULL;
  if (n == 0) {
    char list[256] = "";
    for (unsigned i = 0; i < crq_loss_model_count; i++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
               i ? ", " : "", crq_loss_models[i]->key);
    crq_load_error(ld, node,
                   "%s triggers no loss model; expected at least "
                   "one of %s",
                   where, list);
    return;
  }
  s->triggers = calloc(n, sizeof *s->triggers);
  if (!s->triggers) {
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return;
  }
  for (size_t i = 0; i < node->n; i++) {
    unsigned index;
    const crq_ynode *k = node->items[2 * i];
    if (crq_loss_model_find(k->text, &index))
      load_trigger(ld, k, node->items[2 * i + 1], index,
                   &s->triggers[s->n_triggers++]);
  }
  qsort(s->triggers, s->n_triggers, sizeof *s->triggers, by_model);
}

static void load_scenario(crq_load *ld, const crq_ynode *node, size_t i,
                          const char *const *keys, crq_scenario *s) {
  char where[96];
  s->mark = crq_load_mark(node);
  s->frequency = crq_dist_constant(0);
  s->frequency.kind = CRQ_DIST_POISSON;
  snprintf(where, sizeof where, "scenario %zu", i + 1);
  if (node->kind != CRQ_YMAP) {
    crq_load_error(ld, node,
                   "scenarios: found %s; expected a mapping with "
                   "id, name, frequency and loss models",
                   crq_ynode_what(node));
    return;
  }
  const crq_ynode *id = crq_ymap_get(node, "id");
  if (id && crq_read_id(ld, id, "id", &s->id) == 0)
    snprintf(where, sizeof where, "scenario '%s'", s->id);
  crq_read_map(ld, node, "scenario", where, keys); /* first: a misspelt id */
  if (!id)
    crq_load_missing(ld, node, "id", where, "an id");
  crq_field_string(ld, node, where, "name", 0, &s->name);
  if (!s->name && s->id && !(s->name = strdup(s->id)))
    crq_load_error(ld, node, "out of memory; expected a smaller model");
  const crq_ynode *f = crq_ymap_get(node, "frequency");
  if (f)
    crq_read_frequency(ld, f, &s->frequency);
  else
    crq_load_missing(ld, node, "frequency", where,
                     "the number of events per year, e.g. {poisson: 0.05}");
  load_triggers(ld, node, s, where);
}

void crq_load_scenarios(crq_load *ld, const crq_ynode *node) {
  crq_model *m = ld->model;
  if (crq_read_seq(ld, node, "scenarios") != 0)
    return;
  if (node->n == 0) {
    crq_load_error(ld, node,
                   "scenarios: the list is empty; expected at "
                   "least one scenario");
    return;
  }
  m->scenarios = calloc(node->n, sizeof *m->scenarios);
  const char **keys = scenario_keys();
  if (!m->scenarios || !keys) {
    free(keys);
    crq_load_error(ld, node, "out of memory; expected a smaller model");
    return;
  }
  m->n_scenarios = node->n;
  for (size_t i = 0; i < node->n; i++)
    load_scenario(ld, node->items[i], i, keys, &m->scenarios[i]);
  free(keys);
  ld->scenario_ids = CRQ_ID_INDEX(ld, m->scenarios, m->n_scenarios, "scenario",
                                  &ld->n_scenario_ids);
  CRQ_ID_NAMES(m->scenarios, m->n_scenarios, ld->scenario_names);
}
