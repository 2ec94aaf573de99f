/* tests/unit/test_sweep.c — crq_sweep_run: a KPI axis evaluated without
 * reloading gives exactly what loading the model with that KPI value
 * gives; a reloaded axis changes exactly what it names; the grid is laid
 * out as documented; a bad end of an axis is refused naming --vary, and
 * two axes of the same path are refused. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "crq/whatif.h"

#define JCIC_FILE "examples/jcic_manufacturer.yaml"
#define TRIALS 20000

static crq_model_source *source(void) {
  crq_model_source *src = NULL;
  cr_assert_eq(crq_model_source_load(JCIC_FILE, NULL, 0, NULL, &src), CRQ_OK);
  return src;
}

static crq_whatif_options options(int baseline) {
  crq_whatif_options o;
  crq_whatif_options_init(&o);
  o.sim.trials = TRIALS;
  o.baseline = baseline;
  return o;
}

static crq_sweep *sweep(const crq_model_source *src, const crq_sweep_axis *axes,
                        size_t n, int baseline) {
  crq_whatif_options o = options(baseline);
  crq_sweep *s = NULL;
  crq_diags d;
  crq_diags_init(&d);
  crq_status st = crq_sweep_run(src, axes, n, &o, &s, &d);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return s;
}

/* The figures of src with the assignments, simulated like a sweep
 * point. */
static crq_figures direct(const crq_model_source *src, const char *const *sets,
                          size_t n, int baseline) {
  crq_model *m = NULL;
  cr_assert_eq(crq_model_source_variant(src, sets, n, NULL, &m), CRQ_OK);
  const crq_model *one[] = {m};
  crq_whatif_options o = options(baseline);
  crq_compare *c = NULL;
  cr_assert_eq(crq_compare_run(one, NULL, 1, &o, &c, NULL), CRQ_OK);
  crq_figures f;
  for (int k = 0; k < CRQ_FIG_COUNT; k++)
    f.fig[k] = crq_compare_figure(c, 0, (crq_figure)k);
  crq_compare_free(c);
  crq_model_free(m);
  return f;
}

Test(sweep, kpi_axes_match_reloading_bit_for_bit) {
  crq_model_source *src = source();
  crq_sweep_axis axes[] = {{"kpis.anonymisation.actual", 0, 100, 3},
                           {"kpis.endpoint_monitoring.actual", 90, 100, 2}};
  crq_sweep *s = sweep(src, axes, 2, 0);
  cr_expect(crq_sweep_axis_cheap(s, 0) && crq_sweep_axis_cheap(s, 1));
  for (size_t i = 0; i < 3; i++)
    for (size_t j = 0; j < 2; j++) {
      char a[96], b[96];
      snprintf(a, sizeof a, "kpis.anonymisation.actual=%g",
               crq_sweep_value(s, 0, i));
      snprintf(b, sizeof b, "kpis.endpoint_monitoring.actual=%g",
               crq_sweep_value(s, 1, j));
      const char *sets[] = {a, b};
      crq_figures f = direct(src, sets, 2, 0);
      for (int k = 0; k < CRQ_FIG_COUNT; k++)
        cr_expect_eq(crq_sweep_figure(s, i, j, (crq_figure)k).value,
                     f.fig[k].value, "point (%zu, %zu) figure %d", i, j, k);
    }
  crq_sweep_free(s);
  crq_model_source_free(src);
}

/* Evenly spaced from FROM to TO even when TO − FROM overflows: not NaN,
 * infinity, or a midpoint off zero. */
Test(sweep, axis_values_survive_a_span_beyond_the_doubles) {
  crq_model_source *src = source();
  crq_sweep_axis axes[] = {{"kpis.anonymisation.actual", -1e308, 1e308, 3}};
  crq_sweep *s = sweep(src, axes, 1, 0);
  cr_expect_eq(crq_sweep_value(s, 0, 0), -1e308);
  cr_expect_eq(crq_sweep_value(s, 0, 1), 0.0);
  cr_expect_eq(crq_sweep_value(s, 0, 2), 1e308);
  crq_sweep_free(s);
  crq_model_source_free(src);
}

Test(sweep, downtime_moves_the_maximum_loss_by_a_days_revenue) {
  crq_model_source *src = source();
  crq_sweep_axis axis = {
      "scenarios.member_db_breach.business_stoppage.downtime_days", 2, 10, 5};
  crq_sweep *s = sweep(src, &axis, 1, 1);
  cr_expect(!crq_sweep_axis_cheap(s, 0));
  double day = 1000e8 / 250; /* revenue ÷ business days */
  crq_figures at5 = direct(src, NULL, 0, 1);
  double base = at5.fig[CRQ_FIG_MAX_LOSS].value;
  for (size_t i = 0; i < 5; i++) {
    double days = crq_sweep_value(s, 0, i);
    cr_expect_eq(days, 2 + 2 * (double)i);
    cr_expect_float_eq(crq_sweep_figure(s, i, 0, CRQ_FIG_MAX_LOSS).value,
                       base + (days - 5) * day, 1e-9 * base, "at %g days",
                       days);
  }
  /* every point has the same events, each losing the maximum loss (all
   * inputs are constants): the EAL is events per year × that loss */
  double rate = at5.fig[CRQ_FIG_EAL].value / base;
  double e0 = crq_sweep_figure(s, 0, 0, CRQ_FIG_EAL).value;
  double e4 = crq_sweep_figure(s, 4, 0, CRQ_FIG_EAL).value;
  cr_expect_float_eq((e4 - e0) / (8 * day), rate, 1e-9 * rate);
  crq_sweep_free(s);
  crq_model_source_free(src);
}

Test(sweep, a_bad_end_is_refused_naming_vary) {
  crq_model_source *src = source();
  crq_sweep_axis axis = {"scenarios.member_db_breach.data_theft.privacy", 1, 4,
                         4};
  crq_whatif_options o = options(0);
  crq_sweep *s = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(crq_sweep_run(src, &axis, 1, &o, &s, &d), CRQ_ERR_INPUT);
  cr_expect_null(s);
  cr_assert_geq(d.count, 1);
  cr_expect(strncmp(d.items[0].file,
                    "--vary scenarios.member_db_breach.data_theft.privacy=1:"
                    "4:4 (at 4)",
                    70) == 0,
            "%s", d.items[0].file);
  cr_expect(strstr(d.items[0].message, "out of range") != NULL, "%s",
            d.items[0].message);
  crq_diags_free(&d);
  axis.steps = 1;
  cr_expect_eq(crq_sweep_run(src, &axis, 1, &o, &s, NULL), CRQ_ERR_USAGE);
  /* The same path on both axes: the second would override the first, and
   * the grid's rows would be labelled with values they were not run at. */
  crq_sweep_axis twice[2] = {{"organisation.annual_revenue", 5e10, 1.5e11, 2},
                             {"organisation.annual_revenue", 5e10, 1.5e11, 2}};
  cr_expect_eq(crq_sweep_run(src, twice, 2, &o, &s, NULL), CRQ_ERR_USAGE);
  cr_expect_null(s);
  /* the same KPI by id and by index */
  crq_sweep_axis same[2] = {{"kpis.anonymisation.actual", 0, 100, 2},
                            {"kpis.0.actual", 0, 100, 2}};
  cr_expect_eq(crq_sweep_run(src, same, 2, &o, &s, NULL), CRQ_ERR_USAGE);
  cr_expect_null(s);
  crq_model_source_free(src);
}
