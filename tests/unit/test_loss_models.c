/* tests/unit/test_loss_models.c — the JNSA JO model's value per record:
 * the published example, every whole level (read from a table, which must
 * give pow's exact values) and levels in between (pow itself). */
#include <criterion/criterion.h>
#include <math.h>

#include "loss_model.h"

Test(loss_models, jo_value_per_record) {
  /* name + address + birth date, ordinary firm, proper response */
  cr_assert_eq(crq_jo_value_per_record(1, 1, 6, 1, 1), 6000.0);
  for (int x = 1; x <= 3; x++)
    for (int y = 1; y <= 3; y++) {
      double want = 500.0 * (pow(10.0, x - 1.0) + pow(5.0, y - 1.0)) * 3 * 2;
      cr_assert_eq(crq_jo_value_per_record(x, y, 3, 2, 1), want, "x %d y %d", x,
                   y);
    }
  cr_assert_eq(crq_jo_value_per_record(1.5, 2.25, 6, 1, 2),
               500.0 * (pow(10.0, 0.5) + pow(5.0, 1.25)) * 6 * 2);
}
