/* tests/unit/test_override.c — what-if assignments (--set PATH=VALUE):
 * each path form reaches the model and changes exactly what it names;
 * mistakes are reported against the assignment with "did you mean". */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/plan.h"
#include "crq/whatif.h"
#include "model_def.h"

#define JCIC_FILE "examples/jcic_manufacturer.yaml"

static crq_model *jcic_with(const char *const *sets, size_t n) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = crq_model_load_file_set(JCIC_FILE, sets, n, &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s: %s", d.count ? d.items[0].file : "?",
               d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return m;
}

/* Loads with one bad assignment; returns the first message (owned). */
static char *first_error(const char *text, const char *set, crq_status want) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = text ? crq_model_load_buffer_set(text, strlen(text), "t.yaml",
                                                   &set, 1, &d, &m)
                       : crq_model_load_file_set(JCIC_FILE, &set, 1, &d, &m);
  cr_assert_eq(st, want, "status %d for %s", st, set);
  cr_assert_null(m);
  cr_assert_geq(d.count, 1);
  char expect_file[512];
  snprintf(expect_file, sizeof expect_file, "--set %s", set);
  cr_expect_str_eq(d.items[0].file, expect_file);
  cr_expect_eq(d.items[0].line, 0);
  char *msg = strdup(d.items[0].message);
  crq_diags_free(&d);
  return msg;
}

static const crq_trigger *trigger_of(const crq_scenario *s, const char *key) {
  for (size_t i = 0; i < s->n_triggers; i++)
    if (strcmp(crq_loss_models[s->triggers[i].model]->key, key) == 0)
      return &s->triggers[i];
  return NULL;
}

static double worst(const crq_model *m, int variant, int category) {
  crq_plan *plan = NULL;
  cr_assert_eq(crq_plan_compile(m, NULL, &plan, NULL), CRQ_OK);
  double w = crq_plan_worst(plan, variant, 0, category);
  crq_plan_free(plan);
  return w;
}

Test(override, downtime_doubles_only_the_stoppage_worst_case) {
  const char *set[] = {
      "scenarios.member_db_breach.business_stoppage.downtime_days=10"};
  crq_model *base = jcic_with(NULL, 0), *m = jcic_with(set, 1);
  const crq_trigger *t = trigger_of(&m->scenarios[0], "business_stoppage");
  cr_assert_eq(t->inputs[0].kind, CRQ_DIST_CONSTANT);
  cr_expect_eq(t->inputs[0].p[0], 10);
  for (int c = 0; c <= CRQ_CAT_COUNT; c++) {
    double before = worst(base, CRQ_BASELINE, c);
    double after = worst(m, CRQ_BASELINE, c);
    if (c == CRQ_CAT_STOPPAGE)
      cr_expect_eq(after, 2 * before, "stoppage %g -> %g", before, after);
    else if (c == CRQ_CAT_COUNT)
      cr_expect_eq(after, before + worst(base, CRQ_BASELINE, CRQ_CAT_STOPPAGE));
    else
      cr_expect_eq(after, before, "category %d changed", c);
  }
  crq_model_free(base);
  crq_model_free(m);
}

Test(override, paths_of_every_block) {
  const char *sets[] = {
      "kpis.anonymisation.actual=60",
      "organisation.annual_revenue=1200億",
      "simulation.trials=50000",
      "scenarios.member_db_breach.frequency.poisson=0.3",
      "measures.more_responders.cost_once=\"2000万\"",
      "risk_appetite.1.limit=200億",
      "measures.response_drills.effects.0.set=3",
  };
  crq_model *m = jcic_with(sets, sizeof sets / sizeof sets[0]);
  cr_expect_eq(m->kpis[0].actual, 60);
  cr_expect_eq(m->kpis[1].actual, 3);
  cr_expect_eq(m->org.revenue, 1200e8);
  cr_expect_eq(m->settings.trials, 50000);
  cr_expect_eq(m->scenarios[0].frequency.kind, CRQ_DIST_POISSON);
  cr_expect_eq(m->scenarios[0].frequency.p[0], 0.3);
  cr_expect_eq(m->measures[2].cost_once, 2000e4);
  cr_expect_eq(m->appetite[0].limit, 100e8);
  cr_expect_eq(m->appetite[1].limit, 200e8);
  cr_expect_eq(m->measures[1].effects[0].value, 3);
  crq_model_free(m);
}

Test(override, flow_values_and_the_rate_alias) {
  const char *sets[] = {
      "scenarios.member_db_breach.response_cost.cost={lognormal: {p05: 1e6, "
      "p95: 1e8}}",
      "scenarios.member_db_breach.frequency.rate=0.2",
  };
  crq_model *m = jcic_with(sets, 2);
  const crq_dist *cost =
      &trigger_of(&m->scenarios[0], "response_cost")->inputs[0];
  cr_assert_eq(cost->kind, CRQ_DIST_LOGNORMAL);
  cr_expect_float_eq(cost->p[0], (log(1e6) + log(1e8)) / 2, 1e-12);
  cr_expect_eq(m->scenarios[0].frequency.p[0], 0.2);
  crq_model_free(m);
}

static const char small[] = "crq_model: 1\n"
                            "name: small\n"
                            "scenarios:\n"
                            "  - id: a.b\n"
                            "    frequency: {negbin: {mean: 2, size: 1}}\n"
                            "    loss: {amount: 100}\n"
                            "    indirect:\n"
                            "  - id: a\n"
                            "    frequency: {discrete: {values: [0, 1], "
                            "probs: [0.5, 0.5]}}\n"
                            "    loss: {amount: 5}\n"
                            "organisation: {market_cap: 1000}\n";

static crq_model *small_with(const char *set) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st =
      crq_model_load_buffer_set(small, strlen(small), "s", &set, 1, &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return m;
}

Test(override, dotted_ids_null_blocks_and_missing_keys) {
  crq_model *m = small_with("scenarios.a.b.frequency.rate=3");
  cr_expect_eq(m->scenarios[0].frequency.kind, CRQ_DIST_NEGBIN);
  cr_expect_eq(m->scenarios[0].frequency.p[0], 3);
  cr_expect_eq(m->scenarios[0].frequency.p[1], 1);
  crq_model_free(m);
  m = small_with("scenarios.a.loss.amount=7");
  cr_expect_eq(trigger_of(&m->scenarios[1], "loss")->inputs[0].p[0], 7);
  cr_expect_eq(trigger_of(&m->scenarios[0], "loss")->inputs[0].p[0], 100);
  crq_model_free(m);
  m = small_with("scenarios.a.b.indirect.probability=0.25");
  const crq_trigger *t = trigger_of(&m->scenarios[0], "indirect");
  cr_expect_eq(t->inputs[2].p[0], 0.25);
  crq_model_free(m);
  m = small_with("simulation.seed=99"); /* no simulation block in the file */
  cr_expect_eq(m->settings.seed, 99);
  crq_model_free(m);
}

Test(override, unknown_key_suggests_the_right_one) {
  char *msg = first_error(
      NULL, "scenarios.member_db_breach.frequncy.poisson=0.3", CRQ_ERR_INPUT);
  cr_expect(strstr(msg, "unknown key 'frequncy'") != NULL, "%s", msg);
  cr_expect(strstr(msg, "did you mean 'frequency'?") != NULL, "%s", msg);
  free(msg);
  msg = first_error(NULL, "organisaton.annual_revenue=1", CRQ_ERR_INPUT);
  cr_expect(strstr(msg, "did you mean 'organisation'?") != NULL, "%s", msg);
  free(msg);
}

/* When an assignment cannot reach its value because the file itself is
 * wrong (a misspelt key), the file's own errors follow the assignment's:
 * they name the cause, which the assignment's message cannot. They are
 * those of the file with the other assignments made, and without any
 * trace of the failed one. */
Test(override, a_failed_assignment_shows_the_files_errors) {
  FILE *f = fopen(JCIC_FILE, "r");
  cr_assert_not_null(f);
  char text[65536];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  char *key = strstr(text, "    frequency:");
  cr_assert_not_null(key);
  memcpy(key, "    frequncy: ", 14); /* "frequency:" misspelt, same length */
  const char *set = "scenarios.0.frequency.rate=0.1";
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status st = crq_model_load_buffer_set(text, n, "t.yaml", &set, 1, &d, &m);
  cr_assert_eq(st, CRQ_ERR_INPUT);
  cr_assert_null(m);
  cr_assert_geq(d.count, 2);
  cr_expect_str_eq(d.items[0].file, "--set scenarios.0.frequency.rate=0.1");
  int named = 0;
  for (size_t i = 1; i < d.count; i++) {
    named |= strcmp(d.items[i].file, "t.yaml") == 0 && d.items[i].line > 0 &&
             strstr(d.items[i].message, "did you mean 'frequency'?") != NULL;
    /* nothing of what the failed assignment began to build */
    cr_expect(strstr(d.items[i].file, "--set") == NULL, "%s: %s",
              d.items[i].file, d.items[i].message);
  }
  cr_expect(named, "the file's misspelt key is not among the messages");
  crq_diags_free(&d);
  /* a file without errors adds nothing to a failed assignment's message */
  crq_diags_init(&d);
  set = "scenarios.0.frequncy.rate=0.1";
  crq_model_load_file_set(JCIC_FILE, &set, 1, &d, &m);
  cr_expect_eq(d.count, 1);
  crq_diags_free(&d);
  /* nor does an error of the file that another assignment mends */
  memcpy(key, "    frequency:", 14);
  char *rate = strstr(key, "0.05");
  cr_assert_not_null(rate);
  memcpy(rate, "-1.0", 4);
  const char *mend[] = {"scenarios.0.frequency.poisson=0.05",
                        "scenarios.no_such.frequency.poisson=1"};
  crq_diags_init(&d);
  st = crq_model_load_buffer_set(text, n, "t.yaml", mend, 2, &d, &m);
  cr_expect_eq(st, CRQ_ERR_INPUT);
  cr_expect_eq(d.count, 1, "%s", d.count > 1 ? d.items[1].message : "");
  crq_diags_free(&d);
}

/* Two assignments of one value, however each names it, are refused: the
 * first would be silently lost. Refining a value set before is not. */
Test(override, one_value_assigned_twice_is_refused) {
  static const char *const twice[][2] = {
      {"kpis.anonymisation.actual=10", "kpis.anonymisation.actual=20"},
      {"kpis.anonymisation.actual=10", "kpis.0.actual=20"},
      {"scenarios.member_db_breach.frequency.rate=0.1",
       "scenarios.member_db_breach.frequency.poisson=0.2"},
      {"scenarios.member_db_breach.frequency.poisson=0.1",
       "scenarios.member_db_breach.frequency={poisson: 0.2}"},
  };
  for (size_t i = 0; i < sizeof twice / sizeof twice[0]; i++) {
    crq_diags d;
    crq_diags_init(&d);
    crq_model *m = NULL;
    cr_expect_eq(crq_model_load_file_set(JCIC_FILE, twice[i], 2, &d, &m),
                 CRQ_ERR_USAGE, "case %zu", i);
    cr_expect_null(m);
    cr_assert_geq(d.count, 1, "case %zu", i);
    cr_expect(strstr(d.items[0].message, "it assigns again what") != NULL,
              "case %zu: %s", i, d.items[0].message);
    crq_diags_free(&d);
  }
  const char *refine[] = {"scenarios.member_db_breach.frequency={poisson: 1}",
                          "scenarios.member_db_breach.frequency.poisson=0.2"};
  crq_model *m = jcic_with(refine, 2);
  crq_model_free(m);
  /* A variant (a sensitivity point, a sweep's axis, compare --with) may
   * assign again what the user's --set assigned: the variant's wins. */
  const char *user = "kpis.anonymisation.actual=10";
  const char *variant = "kpis.0.actual=20";
  crq_model_source *src = NULL;
  cr_assert_eq(crq_model_source_load(JCIC_FILE, &user, 1, NULL, &src), CRQ_OK);
  cr_assert_eq(crq_model_source_variant(src, &variant, 1, NULL, &m), CRQ_OK);
  crq_model_free(m);
  const char *axes[] = {"kpis.0.actual=20", "kpis.anonymisation.actual=30"};
  cr_expect_eq(crq_model_source_variant(src, axes, 2, NULL, &m), CRQ_ERR_USAGE);
  crq_model_source_free(src);
}

Test(override, unknown_item_suggests_an_id) {
  char *msg = first_error(NULL, "scenarios.member_db_breech.frequency.rate=1",
                          CRQ_ERR_INPUT);
  cr_expect_str_eq(msg, "no item 'member_db_breech' in scenarios; did you "
                        "mean 'member_db_breach'?");
  free(msg);
  msg = first_error(NULL, "kpis.zzz.actual=1", CRQ_ERR_INPUT);
  cr_expect(strstr(msg, "expected one of 'anonymisation', 'exercises'") != NULL,
            "%s", msg);
  free(msg);
}

Test(override, bad_values_get_the_loaders_message) {
  char *msg = first_error(
      NULL, "scenarios.member_db_breach.data_theft.privacy=4", CRQ_ERR_INPUT);
  cr_expect_str_eq(msg, "data_theft.privacy: 4 is out of range; expected a "
                        "number in [1, 3]");
  free(msg);
  msg = first_error(
      NULL, "scenarios.member_db_breach.frequency={poisson: ", CRQ_ERR_INPUT);
  cr_expect(strstr(msg, "invalid YAML") != NULL, "%s", msg);
  free(msg);
  msg = first_error(NULL, "organisation.annual_revenue.x=1", CRQ_ERR_INPUT);
  cr_expect(strstr(msg, "'organisation.annual_revenue' is a string") != NULL,
            "%s", msg);
  free(msg);
  msg = first_error(small, "scenarios.a.frequency.rate=0.7", CRQ_ERR_INPUT);
  cr_expect(strstr(msg, "a discrete distribution") != NULL, "%s", msg);
  free(msg);
  msg = first_error(NULL, "simulation.trials", CRQ_ERR_USAGE);
  cr_expect(strstr(msg, "expected PATH=VALUE") != NULL, "%s", msg);
  free(msg);
  msg = first_error(NULL, "simulation..trials=5", CRQ_ERR_USAGE);
  cr_expect(strstr(msg, "empty key after 'simulation'") != NULL, "%s", msg);
  free(msg);
}

Test(override, loaded_models_and_sources) {
  crq_model *base = jcic_with(NULL, 0), *m = NULL;
  const char *set[] = {"scenarios.member_db_breach.frequency.poisson=0.5"};
  cr_assert_eq(crq_model_override(base, set, 1, NULL, &m), CRQ_OK);
  cr_expect_eq(m->scenarios[0].frequency.p[0], 0.5);
  cr_expect_eq(m->org.revenue, base->org.revenue);
  cr_expect_str_eq(m->file, base->file);
  crq_model_free(m);

  const char *first[] = {"organisation.annual_revenue=2000億"};
  crq_model_source *src = NULL;
  cr_assert_eq(crq_model_source_load(JCIC_FILE, first, 1, NULL, &src), CRQ_OK);
  cr_expect_eq(crq_model_source_model(src)->org.revenue, 2000e8);
  cr_assert_eq(crq_model_source_variant(src, set, 1, NULL, &m), CRQ_OK);
  cr_expect_eq(m->org.revenue, 2000e8); /* the source's own assignment */
  cr_expect_eq(m->scenarios[0].frequency.p[0], 0.5);
  crq_model_free(m);
  crq_model_source_free(src);

  cr_assert_eq(crq_model_source_of(base, NULL, &src), CRQ_OK);
  cr_expect_eq(crq_model_source_model(src)->org.revenue, base->org.revenue);
  crq_model_source_free(src);
  crq_model_free(base);
}

Test(override, amounts_on_the_command_line) {
  crq_model *m = jcic_with(NULL, 0);
  double x = 0;
  cr_expect_eq(crq_model_parse_amount(m, "3億", "--budget", NULL, &x), CRQ_OK);
  cr_expect_eq(x, 3e8);
  cr_expect_eq(crq_model_parse_amount(m, "20M EUR", "--budget", NULL, &x),
               CRQ_OK);
  cr_expect_eq(x, 20e6 * 130);
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(crq_model_parse_amount(m, "5M USD", "--budget", &d, &x),
               CRQ_ERR_INPUT);
  cr_expect(strstr(d.items[0].message, "no exchange rate for USD") != NULL);
  cr_expect_str_eq(d.items[0].file, "--budget");
  crq_diags_free(&d);
  crq_model_free(m);
}
