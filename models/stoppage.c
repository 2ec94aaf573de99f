/* models/stoppage.c — ② business stoppage: revenue lost while the
 * interrupted business is down (JCIC: annual revenue / business days × 5).
 * loss = revenue / business days per year × downtime days × share of
 * revenue interrupted. */
#include <stdio.h>

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

/* Downtime is counted in business days, so it cannot exceed the
 * organisation's; and with no revenue every stoppage would lose 0. */
static int check(const double *lo, const double *hi, const crq_org *org,
                 char *msg, size_t size) {
  (void)lo;
  if (hi[DAYS] > org->business_days) {
    snprintf(msg, size,
             "business_stoppage.downtime_days: can reach %.15g days, more "
             "than the organisation's %.15g business days a year; expected "
             "at most %.15g",
             hi[DAYS], org->business_days, org->business_days);
    return DAYS;
  }
  if (org->revenue == 0.0) {
    snprintf(msg, size,
             "business_stoppage: organisation.annual_revenue is missing or 0, "
             "so every "
             "stoppage would lose 0; expected the annual revenue in "
             "organisation");
    return CRQ_CHECK_ORG;
  }
  return -1;
}

const crq_loss_model crq_model_stoppage = {"business_stoppage",
                                           "Business stoppage",
                                           "ビジネス停止による機会損失",
                                           CRQ_CAT_STOPPAGE,
                                           sizeof inputs / sizeof inputs[0],
                                           inputs,
                                           0,
                                           loss,
                                           check};
