/* tests/unit/test_stats_contrib.c — figures from simulated runs: VaR and
 * TVaR of a known distribution within their SEs, TVaR contributions that
 * add up, paired reductions and appetite verdicts. */
#include <criterion/criterion.h>
#include <math.h>

#include "stats/result_impl.h"
#include "test_sim_models.h"

enum { TRIALS = 200000 };

/* Exactly one event a year with an exponential loss (gamma of shape 1):
 * VaR_p = −θ ln(1 − p) and TVaR_p = VaR_p + θ. */
Test(stats_contrib, exponential_var_and_tvar) {
  tm_model *t = tm_new();
  double theta = 1e6;
  tm_plain(t, "s", tm_bernoulli(1.0), tm_gamma(1, theta));
  crq_result *r = tm_run(t, TRIALS, 41, 1);
  double ps[] = {0.5, 0.9, 0.99, 0.996};
  for (int i = 0; i < 4; i++) {
    double var = -theta * log(1 - ps[i]);
    crq_estimate q = crq_result_quantile(r, 0, CRQ_AEP, ps[i]);
    crq_estimate tv = crq_result_tvar(r, 0, CRQ_AEP, ps[i]);
    cr_assert_leq(fabs(q.value - var), 5 * q.se, "VaR %g: %g ± %g", ps[i],
                  q.value, q.se);
    cr_assert(q.lo <= q.value && q.value <= q.hi);
    cr_assert_leq(fabs(tv.value - var - theta), 5 * tv.se, "TVaR %g: %g", ps[i],
                  tv.value);
    /* A single event: OEP and AEP coincide. */
    cr_assert_eq(crq_result_quantile(r, 0, CRQ_OEP, ps[i]).value, q.value);
  }
  /* Asymptotically Var(TVaR estimate) = (Var(X | X ≥ VaR) + p(TVaR −
   * VaR)²) / (n(1 − p)) = θ²(1 + p) / (n(1 − p)); batch means estimate it
   * within about 13% (32 batches) plus the batches' small-sample bias. */
  double se = crq_result_tvar(r, 0, CRQ_AEP, 0.99).se;
  double expect = theta * sqrt(1.99 / (TRIALS * 0.01));
  cr_assert(se > 0.6 * expect && se < 1.5 * expect, "TVaR SE %g, about %g", se,
            expect);
  crq_result_free(r);
  tm_free(t);
}

/* Two scenarios, four direct categories, indirect losses and measures. */
static tm_model *breakdown_model(void) {
  tm_model *t = tm_new();
  size_t a = tm_scenario(t, "breach", tm_poisson(0.3));
  tm_input(tm_trigger(t, a, "data_theft"), "records_fraction",
           tm_uniform(0.0, 0.5));
  tm_input(tm_trigger(t, a, "regulatory_fine"), "probability", tm_const(0.5));
  tm_input(tm_trigger(t, a, "response_cost"), "cost", tm_lognormal(18, 0.7));
  tm_input(tm_trigger(t, a, "indirect"), "probability", tm_const(0.3));
  size_t b = tm_scenario(t, "ransomware", tm_negbin(0.6, 2));
  tm_input(tm_trigger(t, b, "business_stoppage"), "downtime_days",
           tm_gamma(2, 3));
  tm_trigger(t, b, "response_cost");
  size_t m = tm_measure(t, "m");
  tm_effect(t, m, a, "data_theft", "records_fraction", CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, m, b, "frequency", NULL, CRQ_EFFECT_SCALE, 0.6);
  return t;
}

Test(stats_contrib, tail_contributions_add_up_to_tvar) {
  tm_model *t = breakdown_model();
  crq_result *r = tm_run(t, 100000, 43, 2);
  double ps[] = {0.0, 0.9, 0.99};
  for (int v = 0; v < 2; v++)
    for (int i = 0; i < 3; i++) {
      double tvar = crq_result_tvar(r, v, CRQ_AEP, ps[i]).value;
      double by_cat = 0, by_scen = 0;
      for (int c = 0; c < CRQ_CAT_DIRECT_COUNT; c++)
        by_cat += crq_result_category_tvar(r, v, c, ps[i]);
      for (size_t s = 0; s < 2; s++)
        by_scen += crq_result_scenario_tvar(r, v, s, ps[i]);
      cr_assert_float_eq(by_cat, tvar, 1e-12 * tvar, "v %d p %g", v, ps[i]);
      cr_assert_float_eq(by_scen, tvar, 1e-12 * tvar, "v %d p %g", v, ps[i]);
      cr_assert_geq(crq_result_category_tvar(r, v, CRQ_CAT_INDIRECT, ps[i]),
                    0.0);
    }
  /* At p = 0 the tail is every year: contributions are the EALs. */
  for (int c = 0; c < CRQ_CAT_COUNT; c++) {
    double eal = crq_result_category_eal(r, 0, c).value;
    cr_assert_float_eq(crq_result_category_tvar(r, 0, c, 0.0), eal,
                       1e-12 * (eal + 1));
  }
  crq_result_free(r);
  tm_free(t);
}

Test(stats_contrib, paired_reductions) {
  tm_model *t = breakdown_model();
  crq_result *r = tm_run(t, 100000, 44, 2);
  crq_estimate b = crq_result_eal(r, 0), m = crq_result_eal(r, 1);
  crq_estimate red = crq_result_reduction_eal(r);
  cr_assert_float_eq(red.value, b.value - m.value, 1e-9 * b.value);
  cr_assert_gt(red.value, 0.0);
  /* Pairing: far below the SE of two independent runs. */
  cr_assert_lt(red.se, 0.5 * sqrt(b.se * b.se + m.se * m.se));
  for (int i = 0; i < 2; i++) {
    double p = i ? 0.99 : 0.9;
    crq_estimate rq = crq_result_reduction_quantile(r, p);
    cr_assert_eq(rq.value, crq_result_quantile(r, 0, CRQ_AEP, p).value -
                               crq_result_quantile(r, 1, CRQ_AEP, p).value);
    cr_assert(rq.se > 0 && rq.lo < rq.value && rq.value < rq.hi);
    crq_estimate rt = crq_result_reduction_tvar(r, p);
    cr_assert_eq(rt.value, crq_result_tvar(r, 0, CRQ_AEP, p).value -
                               crq_result_tvar(r, 1, CRQ_AEP, p).value);
    cr_assert(rt.se > 0 && rt.lo < rt.value && rt.value < rt.hi);
  }
  crq_result_free(r);
  tm_free(t);
}

/* Verdicts: RED above the limit, AMBER when only the 95% interval reaches
 * it, GREEN below. Thresholds are read at query time, so they can be set
 * from the run's own figures. */
Test(stats_contrib, appetite_verdicts) {
  tm_model *t = breakdown_model();
  crq_result *r = tm_run(t, 100000, 45, 2);
  crq_estimate q = crq_result_return_period(r, 0, CRQ_AEP, 100);
  cr_assert_gt(q.hi, q.value);
  tm_appetite(t, 100, 0.5 * q.value, 0);
  tm_appetite(t, 100, 0.5 * (q.value + q.hi), 0);
  tm_appetite(t, 100, 2 * q.hi, 0);
  crq_estimate at, ex;
  cr_assert_eq(crq_result_appetite(r, 0, 0, &at, &ex), CRQ_RED);
  cr_assert_eq(at.value, q.value);
  cr_assert_gt(ex.value, 0.01);
  cr_assert_eq(crq_result_appetite(r, 0, 1, &at, &ex), CRQ_AMBER);
  cr_assert_lt(ex.value, 0.01);
  cr_assert_eq(crq_result_appetite(r, 0, 2, NULL, NULL), CRQ_GREEN);
  /* The OEP basis reads the largest-event losses. */
  tm_appetite(t, 100, 2 * q.hi, 1);
  cr_assert_eq(crq_result_appetite(r, 0, 3, &at, NULL), CRQ_GREEN);
  cr_assert_eq(at.value, crq_result_return_period(r, 0, CRQ_OEP, 100).value);
  crq_result_free(r);
  tm_free(t);
}
