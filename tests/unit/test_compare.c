/* tests/unit/test_compare.c — crq_compare_run: a model compared with
 * itself differs by exactly zero; differences are the differences of the
 * figures; pairing on the same trials makes the EAL difference far more
 * precise than two independent estimates would be. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "crq/whatif.h"

#define JCIC_FILE "examples/jcic_manufacturer.yaml"

static crq_model *load(const char *const *sets, size_t n) {
  crq_model *m = NULL;
  crq_diags d;
  crq_diags_init(&d);
  crq_status st = crq_model_load_file_set(JCIC_FILE, sets, n, &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return m;
}

static crq_compare *run(const crq_model *const *models, size_t n,
                        int baseline) {
  crq_whatif_options o;
  crq_whatif_options_init(&o);
  o.sim.trials = 50000;
  o.baseline = baseline;
  crq_compare *c = NULL;
  crq_diags d;
  crq_diags_init(&d);
  crq_status st = crq_compare_run(models, NULL, n, &o, &c, &d);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return c;
}

Test(compare, a_model_with_itself_differs_by_exactly_zero) {
  crq_model *m = load(NULL, 0);
  const crq_model *models[] = {m, m, m};
  crq_compare *c = run(models, 3, 0);
  cr_assert_eq(crq_compare_count(c), 3);
  for (size_t i = 0; i < 3; i++)
    for (int f = 0; f < CRQ_FIG_COUNT; f++) {
      crq_estimate d = crq_compare_difference(c, i, (crq_figure)f);
      cr_expect_eq(d.value, 0.0, "model %zu figure %d: %g", i, f, d.value);
      cr_expect_eq(d.se, 0.0, "model %zu figure %d: se %g", i, f, d.se);
      cr_expect_eq(crq_compare_figure(c, i, (crq_figure)f).value,
                   crq_compare_figure(c, 0, (crq_figure)f).value);
    }
  cr_expect_str_eq(crq_compare_label(c, 1), crq_model_name(m));
  crq_compare_free(c);
  crq_model_free(m);
}

Test(compare, paired_differences_are_precise) {
  const char *half[] = {"kpis.anonymisation.actual=50"};
  crq_model *a = load(NULL, 0), *b = load(half, 1);
  const crq_model *models[] = {a, b};
  crq_compare *c = run(models, 2, 0);
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    cr_expect_eq(crq_compare_difference(c, 1, (crq_figure)f).value,
                 crq_compare_figure(c, 1, (crq_figure)f).value -
                     crq_compare_figure(c, 0, (crq_figure)f).value);
  /* half the anonymisation: identifiability 6 → 4.5 instead of 3, i.e. a
   * data theft of 1333334 records × 500 × 2 × 1.5 more: +20億 on the
   * maximum loss */
  double per_event = 1333334.0 * 500 * 2 * 1.5;
  cr_expect_float_eq(crq_compare_difference(c, 1, CRQ_FIG_MAX_LOSS).value,
                     per_event, 1e-6 * per_event);
  crq_estimate d = crq_compare_difference(c, 1, CRQ_FIG_EAL);
  crq_estimate ea = crq_compare_figure(c, 0, CRQ_FIG_EAL);
  crq_estimate eb = crq_compare_figure(c, 1, CRQ_FIG_EAL);
  double independent = sqrt(ea.se * ea.se + eb.se * eb.se);
  cr_expect_gt(d.value, 0);
  cr_expect_gt(d.se, 0);
  /* the same events in both: the difference is 20億 per event (0.04 a
   * year once endpoint monitoring thins the 0.05), so its relative error
   * is that of the event count */
  cr_expect_lt(d.se, independent / 3, "paired %g, independent %g", d.se,
               independent);
  cr_expect(fabs(d.value - per_event * 0.04) < 5 * d.se,
            "EAL difference %g, se %g", d.value, d.se);
  crq_compare_free(c);
  crq_model_free(a);
  crq_model_free(b);
}

Test(compare, baseline_figures_ignore_the_measures) {
  const char *none[] = {"kpis.anonymisation.actual=0"};
  crq_model *a = load(NULL, 0), *b = load(none, 1);
  const crq_model *models[] = {a, b};
  crq_compare *c = run(models, 2, 1);
  cr_expect_eq(crq_compare_variant(c, 0), CRQ_BASELINE);
  cr_expect_float_eq(crq_compare_figure(c, 0, CRQ_FIG_MAX_LOSS).value, 141e8,
                     1e-3 * 141e8); /* the JCIC figure before measures */
  for (int f = 0; f < CRQ_FIG_COUNT; f++)
    cr_expect_eq(crq_compare_difference(c, 1, (crq_figure)f).value, 0.0);
  crq_compare_free(c);
  crq_model_free(a);
  crq_model_free(b);
}

/* A precision target is ignored: the models run the same fixed trials,
 * which the paired differences need. */
Test(compare, precision_is_ignored) {
  const char *set = "scenarios.member_db_breach.frequency.poisson=0.2";
  crq_model *a = load(NULL, 0), *b = load(&set, 1);
  const crq_model *models[] = {a, b};
  crq_whatif_options o;
  crq_whatif_options_init(&o);
  o.sim.trials = 300000; /* a precise run would stop at 131,072 */
  o.sim.precision = 0.5;
  crq_compare *c = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_compare_run(models, NULL, 2, &o, &c, &d), CRQ_OK);
  for (size_t i = 0; i < 2; i++)
    cr_assert_eq(crq_result_trials(crq_compare_result(c, i)), 300000);
  cr_assert(isfinite(crq_compare_difference(c, 1, CRQ_FIG_EAL).se));
  crq_diags_free(&d);
  crq_compare_free(c);
  crq_model_free(a);
  crq_model_free(b);
}

/* Quantile levels named in the options are ignored: every figure of the
 * comparison (TVaR among them) needs more than a few order statistics. */
Test(compare, named_quantiles_are_ignored) {
  crq_model *a = load(NULL, 0);
  const crq_model *models[] = {a};
  const double levels[1] = {0.99};
  crq_whatif_options o;
  crq_whatif_options_init(&o);
  o.sim.trials = 20000;
  o.sim.quantiles = levels;
  o.sim.n_quantiles = 1;
  crq_compare *c = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_compare_run(models, NULL, 1, &o, &c, &d), CRQ_OK);
  const crq_result *r = crq_compare_result(c, 0);
  cr_assert_not(crq_result_quantiles_only(r));
  cr_assert(isfinite(crq_result_tvar(r, CRQ_BASELINE, CRQ_AEP, 0.99).value));
  crq_diags_free(&d);
  crq_compare_free(c);
  crq_model_free(a);
}

/* Missing pointers are usage errors with a message, never a crash. */
Test(compare, null_models_and_pointers_are_refused) {
  crq_model *m = load(NULL, 0);
  const crq_model *models[] = {m, NULL};
  crq_compare *c = (crq_compare *)m;
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(crq_compare_run(models, NULL, 2, NULL, &c, &d), CRQ_ERR_USAGE);
  cr_expect_null(c);
  cr_expect_eq(crq_model_load_file("examples/jcic_manufacturer.yaml", &d, NULL),
               CRQ_ERR_USAGE);
  cr_expect_eq(crq_model_load_buffer("x", 1, "mem", &d, NULL), CRQ_ERR_USAGE);
  crq_model *none = m;
  cr_expect_eq(crq_model_load_file(NULL, &d, &none), CRQ_ERR_USAGE);
  cr_expect_null(none);
  cr_expect_eq(d.count, 4);
  crq_diags_free(&d);
  crq_model_free(m);
}
