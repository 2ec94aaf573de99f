/* engine/model/model.c — creating (with the format's defaults) and
 * releasing a model, and the few facts the public API exposes about it
 * (include/crq/model.h). crq_model_free accepts the
 * partially built models the loader abandons after errors: every array is
 * allocated zeroed and its count only covers filled elements. */
#include <stdlib.h>
#include <string.h>

#include "load.h"

void crq_model_free_scenario(crq_scenario *s) {
  free(s->id);
  free(s->name);
  crq_dist_free(&s->frequency);
  for (size_t t = 0; t < s->n_triggers; t++)
    for (unsigned i = 0; i < CRQ_MODEL_MAX_INPUTS; i++)
      crq_dist_free(&s->triggers[t].inputs[i]);
  free(s->triggers);
}

static void free_kpi(crq_kpi *k) {
  free(k->id);
  free(k->catalogue_id);
  free(k->name);
  free(k->unit);
  free(k->owner);
  free(k->actuals);
}

static void free_measure(crq_measure *m) {
  free(m->id);
  free(m->name);
  free(m->kpis);
  for (size_t i = 0; i < m->n_effects; i++) {
    free(m->effects[i].points_x);
    free(m->effects[i].points_y);
  }
  free(m->effects);
}

crq_model *crq_model_new(const char *file) {
  crq_model *m = calloc(1, sizeof *m);
  if (!m)
    return NULL;
  m->file = strdup(file);
  memcpy(m->currency, "JPY", 4);
  m->org.business_days = 250;
  m->settings = (crq_settings){100000, 1, 0, 0.99};
  return m;
}

void crq_model_free(crq_model *model) {
  if (!model)
    return;
  for (size_t i = 0; i < model->n_scenarios; i++)
    crq_model_free_scenario(&model->scenarios[i]);
  for (size_t i = 0; i < model->n_kpis; i++)
    free_kpi(&model->kpis[i]);
  for (size_t i = 0; i < model->n_measures; i++)
    free_measure(&model->measures[i]);
  for (size_t i = 0; i < model->n_appetite; i++)
    free(model->appetite[i].name);
  free(model->scenarios);
  free(model->kpis);
  free(model->measures);
  free(model->appetite);
  free(model->fx);
  free(model->name);
  free(model->file);
  free(model);
}

const char *crq_model_name(const crq_model *model) {
  return model->name;
}

const char *crq_model_currency(const crq_model *model) {
  return model->currency;
}

size_t crq_model_scenario_count(const crq_model *model) {
  return model->n_scenarios;
}

const char *crq_model_scenario_id(const crq_model *model, size_t i) {
  return i < model->n_scenarios ? model->scenarios[i].id : NULL;
}

const char *crq_model_scenario_name(const crq_model *model, size_t i) {
  return i < model->n_scenarios ? model->scenarios[i].name : NULL;
}

size_t crq_model_measure_count(const crq_model *model) {
  return model->n_measures;
}
