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

/* Category keys and display names, indexed by crq_category. */
static const char *const category_text[CRQ_CAT_COUNT][3] = {
    [CRQ_CAT_DATA_THEFT] = {"data_theft", "Data theft", "情報盗難"},
    [CRQ_CAT_STOPPAGE] = {"business_stoppage", "Business stoppage",
                          "ビジネス停止"},
    [CRQ_CAT_FINE] = {"regulatory_fine", "Regulatory fines", "制裁金"},
    [CRQ_CAT_RESPONSE] = {"response_cost", "Incident response", "事故対応費用"},
    [CRQ_CAT_OTHER] = {"other", "Other direct loss", "その他の直接損失"},
    [CRQ_CAT_INDIRECT] = {"indirect", "Indirect loss", "間接損失"},
};

const char *crq_category_key(crq_category c) {
  return (unsigned)c < CRQ_CAT_COUNT ? category_text[c][0] : "unknown";
}

const char *crq_category_name(crq_category c, const char *lang) {
  if ((unsigned)c >= CRQ_CAT_COUNT)
    return "unknown";
  int ja = lang && lang[0] == 'j' && lang[1] == 'a';
  return category_text[c][ja ? 2 : 1];
}
