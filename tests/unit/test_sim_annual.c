/* tests/unit/test_sim_annual.c — runs that keep the annual loss only
 * (crq_sim_options.annual_only): every AEP figure and every mean the same
 * bits as the full run's, the OEP's order statistics NAN (and a risk
 * appetite on them not judged green, a report refused), and 12 bytes a
 * year and variant instead of 20, which the memory budget sees. And runs
 * that add up no scenario's losses (no_scenario_eal): every figure but the
 * scenarios' EAL the same bits. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/simulate.h"
#include "test_sim_models.h"

enum { ANNUAL_TRIALS = 80000 };

/* A model with measures and an appetite on the OEP (the one-year loop),
 * or a plain Poisson–lognormal one (the batched loop). */
static tm_model *annual_model(int measures) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(1.5), tm_lognormal(15, 1.3));
  tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(17, 0.8));
  tm_appetite(t, 100, 1e10, 1); /* OEP 1-in-100 well below 1e10 */
  if (measures) {
    size_t m = tm_measure(t, "m");
    tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 6, 0));
    tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.6);
  }
  return t;
}

static crq_result *annual_run(const tm_model *t, int annual_only,
                              uint64_t memory_mib) {
  crq_sim_options o = tm_options(ANNUAL_TRIALS, 5, 2);
  o.annual_only = annual_only;
  o.memory_mib = memory_mib;
  return tm_run_with(t, &o);
}

static void same(crq_estimate a, crq_estimate b, const char *what) {
  cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a.value,
            b.value);
}

static void check_annual_only(int measures) {
  tm_model *t = annual_model(measures);
  crq_result *full = annual_run(t, 0, 0), *aep = annual_run(t, 1, 0);
  cr_assert_not(crq_result_streaming(aep));
  cr_assert(crq_result_annual_only(aep) && !crq_result_annual_only(full));
  cr_assert_eq(crq_result_sort(aep), CRQ_OK);
  tm_report_refused(aep, "annual_only"); /* a report needs the OEP */
  int nv = crq_result_variant_count(full);
  cr_assert_eq(nv, measures ? 2 : 1);
  double *x = malloc(2 * ANNUAL_TRIALS * sizeof *x), *y = x + ANNUAL_TRIALS;
  for (int v = 0; v < nv; v++) {
    same(crq_result_eal(aep, v), crq_result_eal(full, v), "EAL");
    same(crq_result_mean(aep, v, CRQ_OEP), crq_result_mean(full, v, CRQ_OEP),
         "OEP mean");
    cr_assert_eq(crq_result_sd(aep, v, CRQ_OEP),
                 crq_result_sd(full, v, CRQ_OEP));
    for (double p = 0.5; p < 0.9999; p = 1 - (1 - p) / 2) {
      same(crq_result_quantile(aep, v, CRQ_AEP, p),
           crq_result_quantile(full, v, CRQ_AEP, p), "AEP quantile");
      same(crq_result_tvar(aep, v, CRQ_AEP, p),
           crq_result_tvar(full, v, CRQ_AEP, p), "AEP TVaR");
      cr_assert(isnan(crq_result_quantile(aep, v, CRQ_OEP, p).value));
      cr_assert(isnan(crq_result_tvar(aep, v, CRQ_OEP, p).value));
      cr_assert_eq(crq_result_scenario_tvar(aep, v, 1, p),
                   crq_result_scenario_tvar(full, v, 1, p));
    }
    cr_assert_eq(crq_result_max_simulated(aep, v, CRQ_AEP),
                 crq_result_max_simulated(full, v, CRQ_AEP));
    cr_assert(isnan(crq_result_max_simulated(aep, v, CRQ_OEP)));
    cr_assert(isnan(crq_result_exceedance(aep, v, CRQ_OEP, 1e7).value));
    cr_assert(isnan(crq_result_return_period(aep, v, CRQ_OEP, 100).value));
    cr_assert_eq(crq_result_year_losses(aep, v, x), CRQ_OK);
    cr_assert_eq(crq_result_year_losses(full, v, y), CRQ_OK);
    cr_assert(memcmp(x, y, ANNUAL_TRIALS * sizeof *x) == 0);
    /* the full run judges the OEP appetite; the AEP-only run cannot */
    crq_estimate q, e;
    cr_assert_eq(crq_result_appetite(full, v, 0, &q, &e), CRQ_GREEN);
    cr_assert_not(isnan(q.value));
    cr_assert_eq(crq_result_appetite(aep, v, 0, &q, &e), CRQ_RED);
    cr_assert(isnan(q.value) && isnan(e.value));
  }
  if (measures) {
    same(crq_result_reduction_quantile(aep, 0.99),
         crq_result_reduction_quantile(full, 0.99), "reduction VaR");
    same(crq_result_reduction_tvar(aep, 0.99),
         crq_result_reduction_tvar(full, 0.99), "reduction TVaR");
  }
  free(x);
  crq_result_free(full);
  crq_result_free(aep);
  tm_free(t);
}

Test(sim_annual, the_aep_figures_of_the_full_run) {
  check_annual_only(1);
}

Test(sim_annual, the_same_in_the_batched_loop) {
  check_annual_only(0);
}

Test(sim_annual, half_the_losses_for_the_memory_budget) {
  tm_model *t = annual_model(1);
  /* 80,000 years × 2 variants: 20 bytes each = 3.05 MiB, 12 = 1.83 MiB */
  cr_assert_eq(crq_sim_exact_bytes(&t->m, ANNUAL_TRIALS),
               (uint64_t)ANNUAL_TRIALS * 2 * 20);
  cr_assert_eq(crq_sim_exact_bytes_of(&t->m, ANNUAL_TRIALS, 1),
               (uint64_t)ANNUAL_TRIALS * 2 * 12);
  crq_result *full = annual_run(t, 0, 2), *aep = annual_run(t, 1, 2);
  cr_assert(crq_result_streaming(full));
  cr_assert_not(crq_result_streaming(aep));
  /* streaming mode keeps both bases: its OEP figures exist */
  cr_assert_not(isnan(crq_result_quantile(full, 0, CRQ_OEP, 0.99).value));
  crq_result_free(full);
  crq_result_free(aep);
  tm_free(t);
}

/* t simulated with o, or its with-measures variant alone (measures_only:
 * what the what-if analyses run). */
static crq_result *lean_run(const tm_model *t, const crq_sim_options *o,
                            int measures_only) {
  if (!measures_only)
    return tm_run_with(t, o);
  crq_result *r = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_simulate_measures(&t->m, NULL, o, &r, &d), CRQ_OK);
  crq_diags_free(&d);
  return r;
}

/* t run with and without no_scenario_eal (streaming mode when memory_mib
 * is small; measures_only: lean_run's): the scenarios' EAL NAN, every
 * other figure the same bits. Frees t. */
static void check_no_scenario_eal(tm_model *t, uint64_t memory_mib,
                                  int measures_only) {
  crq_sim_options o = tm_options(ANNUAL_TRIALS, 5, 2);
  o.memory_mib = memory_mib;
  crq_result *full = lean_run(t, &o, measures_only);
  o.no_scenario_eal = 1;
  crq_result *lean = lean_run(t, &o, measures_only);
  cr_assert_eq(crq_result_streaming(lean), memory_mib > 0);
  cr_assert(crq_result_has_scenario_eal(full));
  cr_assert_not(crq_result_has_scenario_eal(lean));
  tm_report_refused(lean, "no_scenario_eal");
  for (int v = 0; v < crq_result_variant_count(full); v++) {
    for (size_t s = 0; s < t->m.n_scenarios; s++) {
      cr_assert(isnan(crq_result_scenario_eal(lean, v, s).value));
      cr_assert(crq_result_scenario_eal(full, v, s).value > 0.0);
      cr_assert_eq(crq_result_scenario_tvar(lean, v, s, 0.99),
                   crq_result_scenario_tvar(full, v, s, 0.99));
    }
    for (int c = 0; c < CRQ_CAT_COUNT; c++)
      same(crq_result_category_eal(lean, v, (crq_category)c),
           crq_result_category_eal(full, v, (crq_category)c), "category");
    for (int b = CRQ_AEP; b <= CRQ_OEP; b++) {
      same(crq_result_mean(lean, v, b), crq_result_mean(full, v, b), "mean");
      same(crq_result_quantile(lean, v, b, 0.99),
           crq_result_quantile(full, v, b, 0.99), "VaR 99%");
      same(crq_result_tvar(lean, v, b, 0.99), crq_result_tvar(full, v, b, 0.99),
           "TVaR 99%");
    }
  }
  if (crq_result_variant_count(full) > 1)
    same(crq_result_reduction_eal(lean), crq_result_reduction_eal(full),
         "reduction");
  crq_result_free(full);
  crq_result_free(lean);
  tm_free(t);
}

Test(sim_annual, no_scenario_sums_changes_no_other_figure) {
  check_no_scenario_eal(annual_model(0), 0, 0); /* the simple batch */
  check_no_scenario_eal(annual_model(1), 0, 0); /* the batch with measures */
  check_no_scenario_eal(annual_model(1), 0, 1); /* with measures alone */
  check_no_scenario_eal(tm_mixed(), 0, 0);      /* one year at a time */
  check_no_scenario_eal(annual_model(1), 1, 0); /* streaming */
}
