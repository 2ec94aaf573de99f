/* models/data_theft.c — ① data theft priced with the JNSA JO model.
 *
 * value per record = 500 × sensitivity × identifiability × social
 *                    responsibility × response quality,
 * sensitivity = 10^(x−1) + 5^(y−1) (x privacy level, y economic level),
 * loss = records held × fraction exposed × value per record.
 * Example: name+address+birth date, ordinary firm, proper response:
 * 500 × 2 × 6 × 1 × 1 = 6,000 yen per record (docs/methodology.md).
 */
#include <math.h>
#include <stdio.h>

#include "loss_model.h"

enum { FRACTION, PRIVACY, ECONOMIC, IDENT, SOCIAL, RESPONSE };

static const crq_input_spec inputs[] = {
    [FRACTION] = {"records_fraction", "share of the records held that leak",
                  1.0, 0.0, 1.0, 0},
    [PRIVACY] = {"privacy", "JO x: 1 basic, 2 medical, 3 political/criminal",
                 1.0, 1.0, 3.0, 0},
    [ECONOMIC] = {"economic", "JO y: 1 basic, 2 passport-class, 3 card/PIN",
                  1.0, 1.0, 3.0, 0},
    [IDENT] = {"identifiability", "6 easy, 3 possible at a cost, 1 hard", 6.0,
               1.0, 6.0, 0},
    [SOCIAL] = {"social_responsibility", "2 above ordinary, 1 ordinary", 1.0,
                1.0, 2.0, 0},
    [RESPONSE] = {"response_quality", "2 inappropriate, 1 appropriate", 1.0,
                  1.0, 2.0, 0},
};

/* base^e: from powers[e] when e is 0, 1 or 2 (the JO tables' levels are
 * whole numbers; the same exact value pow gives, without its cost on
 * every event), else pow. */
static double level_power(double base, const double powers[3], double e) {
  return e == 0.0 || e == 1.0 || e == 2.0 ? powers[(int)e] : pow(base, e);
}

double crq_jo_value_per_record(double x, double y, double ident, double social,
                               double response) {
  static const double tens[3] = {1.0, 10.0, 100.0}, fives[3] = {1.0, 5.0, 25.0};
  double sensitivity =
      level_power(10.0, tens, x - 1.0) + level_power(5.0, fives, y - 1.0);
  return 500.0 * sensitivity * ident * social * response;
}

static double loss(const double *in, const crq_org *org, double u) {
  (void)u;
  return org->records_held * in[FRACTION] *
         crq_jo_value_per_record(in[PRIVACY], in[ECONOMIC], in[IDENT],
                                 in[SOCIAL], in[RESPONSE]);
}

/* The JO model prices the records held: with none, every theft is 0. */
static int check(const double *lo, const double *hi, const crq_org *org,
                 char *msg, size_t size) {
  (void)lo;
  (void)hi;
  if (org->records_held > 0.0)
    return -1;
  snprintf(msg, size,
           "data_theft: organisation.personal_records is missing or 0, so "
           "every data theft would lose 0; expected the number of "
           "personal-data records held in organisation");
  return CRQ_CHECK_ORG;
}

const crq_loss_model crq_model_data_theft = {"data_theft",
                                             "Data theft",
                                             "情報盗難による金銭的被害",
                                             CRQ_CAT_DATA_THEFT,
                                             sizeof inputs / sizeof inputs[0],
                                             inputs,
                                             0,
                                             loss,
                                             check};
