/* models/response.c — ④ incident response cost: investigation, call centre,
 * notification, PR, legal. JCIC's baseline is about 6000万円 per incident. */
#include <math.h>

#include "loss_model.h"

static const crq_input_spec inputs[] = {
    {"cost", "cost of responding to one incident", 6e7, 0.0, INFINITY,
     CRQ_INPUT_AMOUNT},
};

static double loss(const double *in, const crq_org *org, double u) {
  (void)org;
  (void)u;
  return in[0];
}

const crq_loss_model crq_model_response = {"response_cost",
                                           "Incident response cost",
                                           "事故対応費用",
                                           CRQ_CAT_RESPONSE,
                                           1,
                                           inputs,
                                           0,
                                           loss,
                                           NULL};
