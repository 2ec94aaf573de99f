/* tests/unit/test_sensitivity.c — crq_sensitivity_run: a planted dominant
 * input is ranked first; the ends are the documented quantiles and
 * ±swing (frequencies of every form included, capped at certainty); the
 * ranking is by the EAL swing. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "crq/whatif.h"
#include "model_def.h"

static const char planted[] =
    "crq_model: 1\n"
    "name: planted\n"
    "scenarios:\n"
    "  - id: big\n"
    "    frequency: {poisson: 0.5}\n"
    "    loss:\n"
    "      amount: {lognormal: {p05: \"1000万\", p95: \"100億\"}}\n"
    "  - id: small\n"
    "    frequency: {discrete: {values: [0, 2], probs: [0.9, 0.1]}}\n"
    "    loss:\n"
    "      amount: {uniform: {min: 100, max: 200}}\n"
    "    response_cost:\n"
    "      cost: \"10万\"\n"
    "  - id: sure\n"
    "    frequency: {bernoulli: 0.95}\n"
    "    response_cost:\n"
    "      cost: 1000\n"
    "simulation: {trials: 20000, seed: 7}\n";

static crq_sensitivity *analyse(crq_model **model, crq_model_source **src) {
  crq_diags d;
  crq_diags_init(&d);
  crq_status st =
      crq_model_load_buffer(planted, strlen(planted), "planted", &d, model);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  cr_assert_eq(crq_model_source_of(*model, &d, src), CRQ_OK);
  crq_sensitivity_options o;
  crq_sensitivity_options_init(&o);
  crq_sensitivity *s = NULL;
  st = crq_sensitivity_run(*src, &o, &s, &d);
  cr_assert_eq(st, CRQ_OK, "%s: %s", d.count ? d.items[0].file : "?",
               d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return s;
}

static const crq_sensitivity_item *find(const crq_sensitivity *s,
                                        const char *path) {
  for (size_t i = 0; i < crq_sensitivity_count(s); i++)
    if (strcmp(crq_sensitivity_at(s, i)->path, path) == 0)
      return crq_sensitivity_at(s, i);
  cr_assert_fail("no item %s", path);
  return NULL;
}

Test(sensitivity, the_planted_dominant_input_ranks_first) {
  crq_model *m;
  crq_model_source *src;
  crq_sensitivity *s = analyse(&m, &src);
  /* frequency and amount of each scenario, the cost of two */
  cr_assert_eq(crq_sensitivity_count(s), 7);
  const crq_sensitivity_item *top = crq_sensitivity_at(s, 0);
  cr_expect_str_eq(top->path, "scenarios.big.loss.amount");
  cr_expect_eq(top->kind, CRQ_INPUT_DISTRIBUTION);
  cr_expect(top->amount);
  const crq_dist *d = &m->scenarios[0].triggers[0].inputs[0];
  cr_expect_eq(top->low, crq_dist_quantile(d, 0.1));
  cr_expect_eq(top->high, crq_dist_quantile(d, 0.9));
  cr_expect_eq(top->base, crq_dist_mean(d));
  for (size_t i = 1; i < crq_sensitivity_count(s); i++)
    cr_expect_geq(crq_sensitivity_at(s, i - 1)->swing[CRQ_FIG_EAL],
                  crq_sensitivity_at(s, i)->swing[CRQ_FIG_EAL]);
  crq_sensitivity_free(s);
  crq_model_source_free(src);
  crq_model_free(m);
}

Test(sensitivity, constants_and_frequencies_move_by_the_swing) {
  crq_model *m;
  crq_model_source *src;
  crq_sensitivity *s = analyse(&m, &src);
  const crq_sensitivity_item *it = find(s, "scenarios.big.frequency");
  cr_expect_eq(it->kind, CRQ_INPUT_FREQUENCY);
  cr_expect_float_eq(it->low, 0.45, 1e-12);
  cr_expect_float_eq(it->high, 0.55, 1e-12);
  /* the same events thinned or added: the big scenario's EAL scales with
   * its rate, up to the noise of the events that differ */
  cr_expect_gt(it->at_high.fig[CRQ_FIG_EAL].value,
               it->at_low.fig[CRQ_FIG_EAL].value);
  it = find(s, "scenarios.small.frequency"); /* discrete: P(N > 0) scaled */
  cr_expect_float_eq(it->low, 0.18, 1e-12);
  cr_expect_float_eq(it->high, 0.22, 1e-12);
  it = find(s, "scenarios.sure.frequency"); /* bernoulli: capped at 1 */
  cr_expect_float_eq(it->low, 0.855, 1e-12);
  cr_expect_eq(it->high, 1.0);
  it = find(s, "scenarios.small.response_cost.cost");
  cr_expect_eq(it->kind, CRQ_INPUT_CONSTANT);
  cr_expect_float_eq(it->low, 9e4, 1e-6);
  cr_expect_float_eq(it->high, 11e4, 1e-6);
  /* a constant cost adds cost × events, and both ends have the same
   * events as the base: the EAL moves by the same amount either way */
  double base = crq_sensitivity_base(s)->fig[CRQ_FIG_EAL].value;
  double down = base - it->at_low.fig[CRQ_FIG_EAL].value;
  double up = it->at_high.fig[CRQ_FIG_EAL].value - base;
  cr_expect_gt(down, 0);
  cr_expect_float_eq(up, down, 1e-9 * down, "up %g, down %g", up, down);
  crq_sensitivity_free(s);
  crq_model_source_free(src);
  crq_model_free(m);
}
