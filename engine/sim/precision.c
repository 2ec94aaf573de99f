/* engine/sim/precision.c — simulating until the figures are precise
 * enough (crq_sim_options.precision).
 *
 * The sizes are fixed: 131,072 years (16 chunks) times a power of two,
 * capped at the maximum. A run at the first size gives the EAL's standard
 * error and VaR 99%'s 95% interval; both shrink as 1/√n, so the size that
 * meets the target is about n·(current / target)², and the next run is
 * the first fixed size at least that large (and larger than this one).
 * Each run is a plain run of that many years — trial t's numbers do not
 * depend on how many others there are — so the figures are those of a
 * fixed-size run, and the sequence of sizes depends only on them: the same
 * seed gives the same result. The cost is the final run plus the smaller
 * ones before it, typically two runs in all.
 */
#include <math.h>

#include "crq/result.h"
#include "sim/simulate.h"

#define FIRST_SIZE 131072u
#define DEFAULT_MOST 1000000000u

double crq_result_precision(const crq_result *r) {
  crq_estimate eal = crq_result_eal(r, CRQ_BASELINE);
  crq_estimate var = crq_result_quantile(r, CRQ_BASELINE, CRQ_AEP, 0.99);
  double a = eal.se == 0.0 ? 0.0 : eal.se / fabs(eal.value);
  double b = var.hi == var.lo ? 0.0 : (var.hi - var.lo) / 2 / fabs(var.value);
  /* unknown (one year: no SE) is no precision at all */
  return isnan(a) || isnan(b) ? INFINITY : a > b ? a : b;
}

/* How many times more years r needs for relative precision `target` (≤ 1
 * when it has enough): the errors shrink as 1/√n. */
static double shortfall(const crq_result *r, double target) {
  double more = crq_result_precision(r) / target;
  return more * more;
}

crq_status crq_simulate_precise(const crq_model *model,
                                const double *measure_achievement,
                                const crq_sim_options *opts, crq_result **out,
                                crq_diags *diags) {
  uint64_t most = opts->trials ? opts->trials : DEFAULT_MOST;
  uint64_t n = FIRST_SIZE < most ? FIRST_SIZE : most;
  for (;;) {
    crq_status st =
        crq_simulate_trials(model, measure_achievement, opts, n, out, diags);
    if (st != CRQ_OK)
      return st;
    double more = shortfall(*out, opts->precision);
    if (more <= 1.0 || n == most)
      return CRQ_OK;
    uint64_t next = n * 2; /* the next fixed size that should suffice */
    while (next < most && (double)next < (double)n * more)
      next *= 2;
    n = next < most ? next : most;
    crq_result_free(*out);
    *out = NULL;
  }
}
