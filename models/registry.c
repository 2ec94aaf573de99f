/* models/registry.c — the list of loss models the engine knows.
 * Order matters only for reproducible plans: append new models at the end. */
#include <string.h>

#include "loss_model.h"

extern const crq_loss_model crq_model_data_theft;
extern const crq_loss_model crq_model_stoppage;
extern const crq_loss_model crq_model_fine;
extern const crq_loss_model crq_model_response;
extern const crq_loss_model crq_model_plain;
extern const crq_loss_model crq_model_indirect;

const crq_loss_model *const crq_loss_models[] = {
    &crq_model_data_theft, &crq_model_stoppage, &crq_model_fine,
    &crq_model_response,   &crq_model_plain,    &crq_model_indirect,
};

const unsigned crq_loss_model_count =
    sizeof crq_loss_models / sizeof crq_loss_models[0];

const crq_loss_model *crq_loss_model_find(const char *key, unsigned *index) {
  for (unsigned i = 0; i < crq_loss_model_count; i++) {
    if (strcmp(crq_loss_models[i]->key, key) == 0) {
      if (index)
        *index = i;
      return crq_loss_models[i];
    }
  }
  return NULL;
}
