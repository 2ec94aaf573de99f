/* models/plain.c — a plain per-event loss, for FAIR-style estimates and
 * imported scenario lists (riskquant's 90% interval per event). */
#include <math.h>

#include "loss_model.h"

static const crq_input_spec inputs[] = {
    {"amount", "loss of one event", NAN, 0.0, INFINITY, CRQ_INPUT_AMOUNT},
};

static double loss(const double *in, const crq_org *org, double u) {
  (void)org;
  (void)u;
  return in[0];
}

const crq_loss_model crq_model_plain = {"loss",
                                        "Other direct loss",
                                        "その他の直接損失",
                                        CRQ_CAT_OTHER,
                                        1,
                                        inputs,
                                        0,
                                        loss,
                                        NULL};
