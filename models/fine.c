/* models/fine.c — ③ regulatory fine, GDPR style:
 * min(max(rate × annual revenue, floor), cap), imposed with the probability
 * that a regulator enforces (one uniform draw per event decides). JCIC used
 * max(4% of revenue, €20M) with certainty. */
#include <math.h>
#include <stdio.h>

#include "loss_model.h"

enum { RATE, FLOOR, CAP, PROB };

static const crq_input_spec inputs[] = {
    [RATE] = {"revenue_rate", "fine as a share of annual revenue", 0.04, 0.0,
              1.0, 0},
    [FLOOR] = {"floor", "minimum fine (GDPR: EUR 20M)", 0.0, 0.0, INFINITY,
               CRQ_INPUT_AMOUNT},
    [CAP] = {"cap", "maximum fine; omitted means no cap", INFINITY, 0.0,
             INFINITY, CRQ_INPUT_AMOUNT},
    [PROB] = {"probability", "probability that a regulator fines", 1.0, 0.0,
              1.0, 0},
};

static double loss(const double *in, const crq_org *org, double u) {
  if (u >= in[PROB])
    return 0.0;
  double fine = fmax(in[RATE] * org->revenue, in[FLOOR]);
  return fmin(fine, in[CAP]);
}

/* A floor above the cap would be cut to the cap on every draw where they
 * cross, and a fine of a share of no revenue with no floor is always 0:
 * either is a mistake in the inputs, not a model of a regulator. */
static int check(const double *lo, const double *hi, const crq_org *org,
                 char *msg, size_t size) {
  if (hi[FLOOR] > lo[CAP]) {
    snprintf(msg, size,
             "regulatory_fine.floor: can reach %.15g, above the smallest "
             "cap %.15g; expected every floor at or below every cap",
             hi[FLOOR], lo[CAP]);
    return FLOOR;
  }
  if (org->revenue == 0.0 && hi[FLOOR] == 0.0 && hi[RATE] > 0.0) {
    snprintf(msg, size,
             "regulatory_fine: organisation.annual_revenue is missing or 0 "
             "and there is no floor, so every fine would be 0; expected the "
             "annual revenue, or a floor");
    return CRQ_CHECK_ORG;
  }
  return -1;
}

const crq_loss_model crq_model_fine = {"regulatory_fine",
                                       "Regulatory fine",
                                       "法令違反による制裁金",
                                       CRQ_CAT_FINE,
                                       sizeof inputs / sizeof inputs[0],
                                       inputs,
                                       1,
                                       loss,
                                       check};
