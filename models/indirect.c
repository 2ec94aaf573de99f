/* models/indirect.c — indirect losses, reported beside the direct total:
 * net income × 21% and market value × 10% (JCIC's averages for Japanese
 * companies that disclosed an incident), incurred with a probability. */
#include <stdio.h>

#include "loss_model.h"

enum { NET_RATE, MCAP_RATE, PROB };

static const crq_input_spec inputs[] = {
    [NET_RATE] = {"net_income_rate", "share of net income lost", 0.21, 0.0, 1.0,
                  0},
    [MCAP_RATE] = {"market_cap_rate", "share of market value lost", 0.10, 0.0,
                   1.0, 0},
    [PROB] = {"probability", "probability the incident becomes public", 1.0,
              0.0, 1.0, 0},
};

static double loss(const double *in, const crq_org *org, double u) {
  if (u >= in[PROB])
    return 0.0;
  return org->net_income * in[NET_RATE] + org->market_cap * in[MCAP_RATE];
}

/* Indirect losses are shares of net income and market value: with
 * neither in the organisation, every indirect loss is 0. */
static int check(const double *lo, const double *hi, const crq_org *org,
                 char *msg, size_t size) {
  (void)lo;
  (void)hi;
  if (org->net_income > 0.0 || org->market_cap > 0.0)
    return -1;
  snprintf(msg, size,
           "indirect: organisation has neither net_income nor market_cap, so "
           "every indirect loss would be 0; expected at least one of them");
  return CRQ_CHECK_ORG;
}

const crq_loss_model crq_model_indirect = {"indirect",
                                           "Indirect loss",
                                           "間接損失",
                                           CRQ_CAT_INDIRECT,
                                           sizeof inputs / sizeof inputs[0],
                                           inputs,
                                           1,
                                           loss,
                                           check};
