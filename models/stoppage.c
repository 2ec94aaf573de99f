/* models/stoppage.c — ② business stoppage: revenue lost while the
 * interrupted business is down (JCIC: annual revenue / business days × 5).
 * loss = revenue / business days per year × downtime days × share of
 * revenue interrupted. */
#include "loss_model.h"

enum { DAYS, SHARE };

static const crq_input_spec inputs[] = {
    [DAYS] = {"downtime_days", "business days the business is down", 5.0, 0.0,
              366.0, 0},
    [SHARE] = {"revenue_share", "share of revenue interrupted", 1.0, 0.0, 1.0,
               0},
};

static double loss(const double *in, const crq_org *org, double u) {
  (void)u;
  return org->revenue / org->business_days * in[DAYS] * in[SHARE];
}

const crq_loss_model crq_model_stoppage = {"business_stoppage",
                                           "Business stoppage",
                                           "ビジネス停止による機会損失",
                                           CRQ_CAT_STOPPAGE,
                                           sizeof inputs / sizeof inputs[0],
                                           inputs,
                                           0,
                                           loss};
