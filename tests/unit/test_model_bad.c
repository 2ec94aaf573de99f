/* tests/unit/test_model_bad.c — every malformed model in tests/data/bad/
 * (one mistake each) is refused with exactly one diagnostic at the exact
 * line and column, with the exact message; plus the limits (size, depth,
 * nodes), I/O errors and a file with several mistakes reported at once. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crq/model.h"
#include "yaml_tree.h"

typedef struct bad_case {
  const char *name; /* tests/data/bad/<name>.yaml */
  int line, column;
  crq_status status;
  const char *message;
} bad_case;

static const bad_case bad_cases[] = {
    {"alias", 7, 7, CRQ_ERR_INPUT,
     "anchors and aliases are not supported; expected every value written out "
     "in full"},
    {"amount_currency_first", 5, 19, CRQ_ERR_INPUT,
     "annual_revenue: \"EUR 3M\" is not an amount; expected the currency "
     "after the number: \"3M EUR\""},
    {"anchor_only", 10, 20, CRQ_ERR_INPUT,
     "anchors and aliases are not supported; expected every value written out "
     "in full"},
    {"appetite_basis", 12, 12, CRQ_ERR_INPUT,
     "basis: 'tvar' is not allowed; expected one of aep, oep"},
    {"appetite_missing_limit", 9, 5, CRQ_ERR_INPUT,
     "missing key 'limit' in risk_appetite item 1; expected an amount > 0"},
    {"appetite_return_period", 10, 20, CRQ_ERR_INPUT,
     "return_period: 1 is out of range; expected a number > 1"},
    {"bad_amount", 5, 19, CRQ_ERR_INPUT,
     "annual_revenue: \"100x億\" is not an amount; expected an amount >= 0 "
     "such as 141e8, 141億, 6000万円, 1.2B or \"20M EUR\""},
    {"bad_currency", 5, 13, CRQ_ERR_INPUT,
     "currency: 'yen' is not a currency code; expected three capital letters "
     "such as JPY, USD or EUR"},
    {"bad_id", 13, 9, CRQ_ERR_INPUT,
     "id: 'big breach' is not a valid id; expected 1 to 64 letters, digits, "
     "'_', '.' or '-'"},
    {"beta_missing_alpha", 16, 32, CRQ_ERR_INPUT,
     "missing key 'alpha' in data_theft.records_fraction.beta; expected a "
     "number > 0"},
    {"binary", 1, 1, CRQ_ERR_INPUT,
     "invalid UTF-8 byte 0x89; expected UTF-8 text (save a Shift_JIS file as "
     "UTF-8; or is this a binary file?)"},
    {"business_days_zero", 7, 18, CRQ_ERR_INPUT,
     "business_days: 0 is out of range; expected a number in (0, 366]"},
    {"complex_key", 8, 5, CRQ_ERR_INPUT,
     "a mapping key is a list; expected a plain key name"},
    {"control_char", 3, 11, CRQ_ERR_INPUT,
     "control character U+0001; expected printable text, tabs and line breaks"},
    {"curve_step_range", 33, 23, CRQ_ERR_INPUT,
     "curve.step: 1.5 is out of range; expected a number in [0, 1]"},
    {"curve_table_order", 33, 38, CRQ_ERR_INPUT,
     "curve.table: achievement 0.4 follows 0.5; expected strictly ascending "
     "achievements"},
    {"curve_unknown", 33, 17, CRQ_ERR_INPUT,
     "unknown curve 'stpe'; did you mean 'step'?"},
    {"curve_word", 33, 16, CRQ_ERR_INPUT,
     "curve: found 'exponential'; expected linear, {step: threshold} or "
     "{table: [[achievement, fraction], ...]}"},
    {"deep_nesting", 36, 70, CRQ_ERR_LIMIT,
     "nesting deeper than 64 levels; expected at most 64 nested lists and "
     "mappings"},
    {"discrete_length", 17, 54, CRQ_ERR_INPUT,
     "data_theft.privacy.discrete.probs: 2 probabilities for 3 values; "
     "expected one probability per value"},
    {"discrete_order", 17, 40, CRQ_ERR_INPUT,
     "data_theft.privacy.discrete.values: 1 follows 2; expected strictly "
     "ascending values"},
    {"discrete_sum", 17, 51, CRQ_ERR_INPUT,
     "data_theft.privacy.discrete.probs: the probabilities sum to 0.9; "
     "expected a sum of 1"},
    {"dist_list", 17, 16, CRQ_ERR_INPUT,
     "data_theft.privacy: found a list; expected a number or a distribution "
     "such as {pert: {min: 1, mode: 2, max: 5}}"},
    {"downtime_beyond_year", 13, 22, CRQ_ERR_INPUT,
     "business_stoppage.downtime_days: can reach 250 days, more than the "
     "organisation's 200 business days a year; expected at most 200"},
    {"dup_key", 7, 3, CRQ_ERR_INPUT,
     "duplicate key 'annual_revenue' (first at 5:3); expected each key once in "
     "a mapping"},
    {"dup_kpi_id", 26, 5, CRQ_ERR_INPUT,
     "duplicate kpi id 'patching' (first at 21:5); expected unique ids"},
    {"dup_measure_id", 33, 5, CRQ_ERR_INPUT,
     "duplicate measure id 'patch' (first at 27:5); expected unique ids"},
    {"dup_scenario_id", 20, 5, CRQ_ERR_INPUT,
     "duplicate scenario id 'breach' (first at 13:5); expected unique ids"},
    {"empty", 1, 1, CRQ_ERR_INPUT,
     "the file holds no YAML document; expected a model starting with "
     "crq_model: 1"},
    {"empty_name", 3, 7, CRQ_ERR_INPUT,
     "name: the string is empty; expected some text"},
    {"empty_scenarios", 12, 12, CRQ_ERR_INPUT,
     "scenarios: the list is empty; expected at least one scenario"},
    {"escaped_nul", 3, 7, CRQ_ERR_INPUT,
     "a string contains a NUL character; expected text without \\0"},
    {"fine_floor_above_cap", 12, 14, CRQ_ERR_INPUT,
     "regulatory_fine.floor: can reach 3000000000, above the smallest cap "
     "2000000000; expected every floor at or below every cap"},
    {"fine_no_revenue", 9, 5, CRQ_ERR_INPUT,
     "regulatory_fine: organisation.annual_revenue is missing or 0 and there "
     "is no floor, so every fine would be 0; expected the annual revenue, or "
     "a floor"},
    {"frequency_fraction", 14, 40, CRQ_ERR_INPUT,
     "frequency.discrete.values: 1.5 is not a whole number; expected whole "
     "numbers of events"},
    {"frequency_lognormal", 14, 17, CRQ_ERR_INPUT,
     "frequency: lognormal is not a distribution of event counts; expected "
     "poisson, negbin, bernoulli or discrete"},
    {"frequency_negative", 14, 26, CRQ_ERR_INPUT,
     "frequency.poisson: -0.1 is out of range; expected a number >= 0"},
    {"frequency_number", 14, 16, CRQ_ERR_INPUT,
     "frequency: a plain number is not a frequency; expected a distribution of "
     "the number of events per year such as {poisson: 0.05}"},
    {"frequency_scale_up", 32, 16, CRQ_ERR_INPUT,
     "scale: 1.2 would raise the frequency; expected a scale in [0, 1] "
     "(measures may only lower a rate)"},
    {"frequency_set_above", 32, 14, CRQ_ERR_INPUT,
     "set: 0.5 is above the mean frequency 0.1 of scenario 'breach'; expected "
     "at most 0.1 (measures may only lower a rate)"},
    {"fx_bad_code", 7, 8, CRQ_ERR_INPUT,
     "fx: 'eur' is not a currency code; expected three capital letters such as "
     "JPY, USD or EUR"},
    {"fx_zero_rate", 8, 13, CRQ_ERR_INPUT,
     "fx.EUR: 0 is out of range; expected a number > 0"},
    {"inf_value", 19, 13, CRQ_ERR_INPUT,
     "response_cost.cost: .inf is not a finite number; expected an amount >= "
     "0"},
    {"indirect_no_income", 9, 5, CRQ_ERR_INPUT,
     "indirect: organisation has neither net_income nor market_cap, so every "
     "indirect loss would be 0; expected at least one of them"},
    {"input_out_of_range", 17, 16, CRQ_ERR_INPUT,
     "data_theft.privacy: 4 is out of range; expected a number in [1, 3]"},
    {"invalid_utf8", 3, 11, CRQ_ERR_INPUT,
     "invalid UTF-8 byte 0xe9; expected UTF-8 text (save a Shift_JIS file as "
     "UTF-8; or is this a binary file?)"},
    {"kpi_actuals_order", 25, 16, CRQ_ERR_INPUT,
     "date: 2026-05-01 is not after 2026-06-01; expected actuals in ascending "
     "date order"},
    {"kpi_bad_date", 25, 10, CRQ_ERR_INPUT,
     "due: '2026-02-30' is not a date; expected YYYY-MM-DD, e.g. 2026-04-01"},
    {"kpi_catalogue", 23, 16, CRQ_ERR_INPUT,
     "unknown catalogue KPI '1.2.9' in kpi 'patching'; did you mean "
     "'1.2.1'?"},
    {"kpi_date_before_1900", 24, 12, CRQ_ERR_INPUT,
     "start: '1899-12-31' is before 1900; expected a date from 1900-01-01 "
     "on"},
    {"kpi_direction", 23, 16, CRQ_ERR_INPUT,
     "direction: 'up' is not allowed; expected one of higher, lower"},
    {"kpi_due_before_start", 25, 10, CRQ_ERR_INPUT,
     "due: 2026-03-31 is before start 2026-04-01; expected due on or after "
     "start"},
    {"kpi_missing_plan", 21, 5, CRQ_ERR_INPUT,
     "missing key 'plan' in kpi 'patching'; expected a number > 0"},
    {"kpi_plan_zero", 22, 11, CRQ_ERR_INPUT,
     "plan: 0 is out of range; expected a number > 0"},
    {"lognormal_mixed", 19, 34, CRQ_ERR_INPUT,
     "response_cost.cost.lognormal: 'p95' cannot be combined with 'mu'; "
     "expected {mu, sigma}, {mean, sd} or {p05, p95}"},
    {"lognormal_extreme", 19, 25, CRQ_ERR_INPUT,
     "response_cost.cost.lognormal: these parameters give lognormal "
     "(690.776, 0), which cannot be sampled; expected less extreme values"},
    {"measure_kpi_twice", 29, 22, CRQ_ERR_INPUT,
     "kpis: 'patching' is listed twice; expected each KPI once"},
    {"measure_unknown_kpi", 29, 12, CRQ_ERR_INPUT,
     "unknown KPI 'patchng' in measure 'patch'; did you mean 'patching'?"},
    {"misspelt_id", 13, 5, CRQ_ERR_INPUT,
     "unknown key 'idd' in scenario 1; did you mean 'id'?"},
    {"misspelt_required_key", 14, 5, CRQ_ERR_INPUT,
     "unknown key 'frequncy' in scenario 'breach'; did you mean 'frequency'?"},
    {"missing_frequency", 13, 5, CRQ_ERR_INPUT,
     "missing key 'frequency' in scenario 'breach'; expected the number of "
     "events per year, e.g. {poisson: 0.05}"},
    {"missing_name", 2, 1, CRQ_ERR_INPUT,
     "missing key 'name' in the model; expected a string"},
    {"missing_required_input", 18, 11, CRQ_ERR_INPUT,
     "missing key 'amount' in loss; expected the loss of one event (a number "
     "or a distribution)"},
    {"missing_scenarios", 2, 1, CRQ_ERR_INPUT,
     "missing key 'scenarios' in the model; expected a list of scenarios"},
    {"missing_version", 2, 1, CRQ_ERR_INPUT,
     "missing key 'crq_model' in the model; expected crq_model: 1 (the format "
     "version) at the top"},
    {"model_block_list", 18, 20, CRQ_ERR_INPUT,
     "response_cost: found a list; expected a mapping"},
    {"nan_value", 17, 16, CRQ_ERR_INPUT,
     "data_theft.privacy: .nan is not a finite number; expected a number in "
     "[1, 3]"},
    {"negative_cost", 28, 16, CRQ_ERR_INPUT,
     "cost_once: -1000万 is out of range; expected an amount >= 0"},
    {"negative_revenue", 5, 19, CRQ_ERR_INPUT,
     "annual_revenue: -5 is out of range; expected an amount >= 0"},
    {"no_model", 13, 5, CRQ_ERR_INPUT,
     "scenario 'breach' triggers no loss model; expected at least one of "
     "data_theft, business_stoppage, regulatory_fine, response_cost, loss, "
     "indirect"},
    {"no_set_or_scale", 31, 9, CRQ_ERR_INPUT,
     "missing key 'set' or 'scale' in effect 1 of measure 'patch'; expected "
     "the value the target moves to or is multiplied by"},
    {"normal_negative_sd", 19, 42, CRQ_ERR_INPUT,
     "response_cost.cost.normal.sd: -1 is out of range; expected an amount > "
     "0"},
    {"nul_byte", 3, 11, CRQ_ERR_INPUT, "NUL byte; expected a text file"},
    {"p05_above_p95", 19, 42, CRQ_ERR_INPUT,
     "response_cost.cost.lognormal: p95 1000万 is not above p05 1億; expected "
     "p05 < p95"},
    {"pert_mode_outside", 16, 49, CRQ_ERR_INPUT,
     "data_theft.records_fraction.pert: mode 1.2 is outside [0.1, 1]; expected "
     "min <= mode <= max"},
    {"quantile_one", 36, 24, CRQ_ERR_INPUT,
     "worst_case_quantile: 1 is out of range; expected a number in (0, 1)"},
    {"records_currency", 6, 21, CRQ_ERR_INPUT,
     "personal_records: \"10万円\" has a currency; expected a count >= 0"},
    {"scale_pushes_out", 32, 16, CRQ_ERR_INPUT,
     "scale: 2 can move data_theft.records_fraction of scenario 'breach' to 2; "
     "expected every scaled value in [0, 1]"},
    {"scenarios_not_list", 13, 12, CRQ_ERR_INPUT,
     "scenarios: found a mapping; expected a list"},
    {"seed_negative", 35, 9, CRQ_ERR_INPUT,
     "seed: -7 is out of range; expected a whole number in [0, "
     "18446744073709551615]"},
    {"set_and_scale", 33, 14, CRQ_ERR_INPUT,
     "effect has both 'set' and 'scale'; expected exactly one"},
    {"set_out_of_range", 32, 14, CRQ_ERR_INPUT,
     "set: 1.5 is out of range; expected a number in [0, 1]"},
    {"stoppage_no_revenue", 9, 5, CRQ_ERR_INPUT,
     "business_stoppage: organisation.annual_revenue is missing or 0, so "
     "every stoppage would lose 0; expected the annual revenue in "
     "organisation"},
    {"syntax_error", 6, 2, CRQ_ERR_INPUT,
     "invalid YAML: did not find expected key (while parsing a block mapping "
     "started at 2:1); expected well-formed YAML (check indentation, colons "
     "and quotes)"},
    {"tab_after_text", 5, 1, CRQ_ERR_INPUT,
     "invalid YAML: found character that cannot start any token (while "
     "scanning for the next token started at 5:1); expected well-formed YAML "
     "(a tab at 5:1: YAML indents with spaces only)"},
    {"tab_indent", 5, 1, CRQ_ERR_INPUT,
     "invalid YAML: found character that cannot start any token (while "
     "scanning for the next token started at 5:1); expected well-formed YAML "
     "(a tab at 5:1: YAML indents with spaces only)"},
    {"target_not_triggered", 31, 17, CRQ_ERR_INPUT,
     "target: scenario 'breach' does not trigger business_stoppage; expected a "
     "loss model the scenario has"},
    {"target_syntax", 31, 17, CRQ_ERR_INPUT,
     "target: 'breach.data_theft.records_fraction' is not a target; expected "
     "scenarios.<id>.<model>.<input>, scenarios.<id>.frequency or "
     "scenarios.*.<...>"},
    {"target_unknown_input", 31, 17, CRQ_ERR_INPUT,
     "unknown input 'records' in data_theft; did you mean 'records_fraction'?"},
    {"target_unknown_model", 31, 17, CRQ_ERR_INPUT,
     "unknown loss model 'data_theift' in target; did you mean 'data_theft'?"},
    {"target_unknown_scenario", 31, 17, CRQ_ERR_INPUT,
     "unknown scenario 'breech' in target; did you mean 'breach'?"},
    {"target_wildcard_none", 31, 17, CRQ_ERR_INPUT,
     "target: no scenario triggers regulatory_fine; expected a loss model at "
     "least one scenario has"},
    {"theft_no_records", 9, 5, CRQ_ERR_INPUT,
     "data_theft: organisation.personal_records is missing or 0, so every "
     "data theft would lose 0; expected the number of personal-data records "
     "held in organisation"},
    {"top_level_list", 1, 1, CRQ_ERR_INPUT,
     "the top level is a list; expected a mapping of keys such as crq_model, "
     "name and scenarios"},
    {"top_level_scalar", 1, 1, CRQ_ERR_INPUT,
     "the top level is a string; expected a mapping of keys such as crq_model, "
     "name and scenarios"},
    {"trials_fraction", 34, 11, CRQ_ERR_INPUT,
     "trials: \"1000.5\" is not a whole number; expected a whole number in [1, "
     "4294967295]"},
    {"trials_zero", 34, 11, CRQ_ERR_INPUT,
     "trials: 0 is out of range; expected a whole number in [1, 4294967295]"},
    {"two_dist_keys", 19, 41, CRQ_ERR_INPUT,
     "response_cost.cost: 'constant' after 'uniform'; expected exactly one "
     "distribution"},
    {"two_documents", 36, 1, CRQ_ERR_INPUT,
     "a second YAML document starts here; expected one model per file"},
    {"unbounded_fraction", 16, 25, CRQ_ERR_INPUT,
     "data_theft.records_fraction: lognormal can take values up to inf; "
     "expected every possible value to be a number in [0, 1]"},
    {"unclosed_quote", 5, 20, CRQ_ERR_INPUT,
     "invalid YAML: did not find expected key (while parsing a block mapping "
     "started at 2:1); expected well-formed YAML (the quoted value at 3:7 "
     "runs on to 5:20: is its closing quote missing?)"},
    {"uniform_reversed", 16, 51, CRQ_ERR_INPUT,
     "data_theft.records_fraction.uniform: max 0.2 is not above min 0.8; "
     "expected min < max"},
    {"unknown_dist", 19, 14, CRQ_ERR_INPUT,
     "unknown distribution 'lognorml'; did you mean 'lognormal'?"},
    {"unknown_fx", 19, 13, CRQ_ERR_INPUT,
     "response_cost.cost: no exchange rate for GBP; expected "
     "organisation.fx.GBP (JPY per 1 GBP)"},
    {"unknown_input", 17, 7, CRQ_ERR_INPUT,
     "unknown key 'privacy_level' in data_theft; did you mean 'privacy'?"},
    {"unknown_param", 16, 43, CRQ_ERR_INPUT,
     "unknown key 'mod' in data_theft.records_fraction.pert; did you mean "
     "'mode'?"},
    {"unknown_scenario_key", 15, 5, CRQ_ERR_INPUT,
     "unknown key 'frequncy' in scenario 'breach'; did you mean 'frequency'?"},
    {"unknown_simulation_key", 34, 3, CRQ_ERR_INPUT,
     "unknown key 'trails' in simulation; did you mean 'trials'?"},
    {"unknown_top_key", 33, 1, CRQ_ERR_INPUT,
     "unknown key 'simulaton' in the model; did you mean 'simulation'?"},
    {"version_2", 2, 12, CRQ_ERR_INPUT,
     "crq_model: '2' is not a supported format version; expected crq_model: 1 "
     "(this crq reads version 1)"},
};

#define N_BAD (sizeof bad_cases / sizeof bad_cases[0])

Test(model_bad, there_are_many_bad_files) {
  cr_assert_geq(N_BAD, 40);
}

Test(model_bad, each_is_refused_once_at_its_place) {
  for (size_t i = 0; i < N_BAD; i++) {
    const bad_case *c = &bad_cases[i];
    char path[256];
    snprintf(path, sizeof path, "tests/data/bad/%s.yaml", c->name);
    crq_diags d;
    crq_diags_init(&d);
    crq_model *m = (crq_model *)1;
    crq_status st = crq_model_load_file(path, &d, &m);
    cr_expect_eq(st, c->status, "%s: status %d", c->name, st);
    cr_expect_null(m, "%s: a model was returned", c->name);
    cr_expect_eq(d.count, 1, "%s: %zu diagnostics", c->name, d.count);
    if (d.count >= 1) {
      const crq_diag *g = &d.items[0];
      cr_expect_str_eq(g->file, path);
      cr_expect_eq(g->line, c->line, "%s: line %d", c->name, g->line);
      cr_expect_eq(g->column, c->column, "%s: column %d", c->name, g->column);
      cr_expect_str_eq(g->message, c->message, "%s", c->name);
      cr_expect_eq(g->status, c->status);
    }
    crq_diags_free(&d);
  }
}

/* Every bad file named in the table exists, and every file is named. */
Test(model_bad, table_covers_the_directory) {
  FILE *p = popen("ls tests/data/bad", "r");
  cr_assert_not_null(p);
  char name[256];
  size_t files = 0;
  while (fgets(name, sizeof name, p)) {
    name[strcspn(name, "\n")] = '\0';
    char *dot = strstr(name, ".yaml");
    cr_assert_not_null(dot, "%s is not a .yaml file", name);
    *dot = '\0';
    size_t i = 0;
    while (i < N_BAD && strcmp(bad_cases[i].name, name) != 0)
      i++;
    cr_expect_lt(i, N_BAD, "%s.yaml has no entry in the table", name);
    files++;
  }
  pclose(p);
  cr_expect_eq(files, N_BAD);
}

Test(model_bad, all_mistakes_of_a_file_in_one_pass) {
  static const struct {
    int line, column;
    const char *start;
  } want[] = {
      {8, 26, "frequency.poisson: -1 is out of range"},
      {10, 22, "business_stoppage.downtime_days: 400 is out of range"},
      {14, 44, "loss.amount.lognormal: p95 1000万 is not above p05 1億"},
      {17, 11, "plan: 0 is out of range"},
      {21, 17,
       "unknown input 'downtime' in business_stoppage; did you mean "
       "'downtime_days'?"},
      {24, 11, "trials: 0 is out of range"},
  };
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  cr_assert_eq(crq_model_load_file("tests/data/multi_error.yaml", &d, &m),
               CRQ_ERR_INPUT);
  cr_assert_null(m);
  cr_assert_eq(d.count, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < d.count; i++) {
    cr_expect_eq(d.items[i].line, want[i].line);
    cr_expect_eq(d.items[i].column, want[i].column);
    cr_expect_eq(
        strncmp(d.items[i].message, want[i].start, strlen(want[i].start)), 0,
        "%s", d.items[i].message);
  }
  crq_diags_free(&d);
}

static crq_status load_text(const char *text, size_t len, crq_diags *d) {
  crq_model *m = NULL;
  crq_status st = crq_model_load_buffer(text, len, "mem", d, &m);
  crq_model_free(m);
  return st;
}

/* A duplicate key leaves the tree whole, so the file's other mistakes are
 * reported with it; --set assignments apply as to any file. The duplicate
 * is in organisation, so the loss models' checks against it are skipped
 * (one mistake, one message). */
Test(model_bad, a_duplicate_key_does_not_hide_the_other_mistakes) {
  static const char text[] =
      "crq_model: 1\nname: t\norganisation:\n  net_income: 1\n"
      "  net_income: 2\nscenarios:\n  - id: a\n    frequency: {poisson: 1}\n"
      "    data_theft: {privacy: 7}\nkpis: [nosuch]\n";
  /* without the assignment, and with it replacing the bad privacy */
  static const int lines[2][3] = {{5, 9, 10}, {5, 10, 0}};
  const char *set = "scenarios.a.data_theft.privacy=2";
  for (int with_set = 0; with_set <= 1; with_set++) {
    crq_diags d;
    crq_diags_init(&d);
    crq_model *m = (crq_model *)&d;
    cr_expect_eq(crq_model_load_buffer_set(text, sizeof text - 1, "mem", &set,
                                           (size_t)with_set, &d, &m),
                 CRQ_ERR_INPUT);
    cr_expect_null(m);
    cr_assert_eq(d.count, with_set ? 2 : 3, "%zu: %s", d.count,
                 d.items[0].message);
    for (size_t i = 0; i < d.count; i++)
      cr_expect_eq(d.items[i].line, lines[with_set][i], "%zu: %s", i,
                   d.items[i].message);
    cr_expect_not_null(
        strstr(d.items[0].message, "duplicate key 'net_income'"));
    crq_diags_free(&d);
  }
}

/* A figure the organisation lacks is named once per loss model, at its
 * first block, not again for every scenario that triggers the model. */
Test(model_bad, a_missing_figure_is_reported_once) {
  static const char text[] =
      "crq_model: 1\nname: t\nscenarios:\n"
      "  - {id: a, frequency: {poisson: 1}, business_stoppage: {}}\n"
      "  - {id: b, frequency: {poisson: 1}, business_stoppage: {}}\n"
      "  - {id: c, frequency: {poisson: 1}, data_theft: {}}\n";
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  cr_expect_eq(crq_model_load_buffer(text, sizeof text - 1, "mem", &d, &m),
               CRQ_ERR_INPUT);
  cr_assert_eq(d.count, 2, "%zu", d.count);
  cr_expect_eq(d.items[0].line, 4);
  cr_expect_not_null(strstr(d.items[0].message, "annual_revenue"));
  cr_expect_eq(d.items[1].line, 6);
  cr_expect_not_null(strstr(d.items[1].message, "personal_records"));
  crq_diags_free(&d);
}

/* A duplicated KPI id is reported once, and listed once among the ids a
 * mistyped reference could mean. */
Test(model_bad, a_duplicated_id_is_suggested_once) {
  static const char text[] =
      "crq_model: 1\nname: dup\norganisation: {annual_revenue: 1e10}\n"
      "scenarios:\n  - id: breach\n    frequency: {poisson: 0.1}\n"
      "    loss: {amount: 1e6}\n"
      "kpis:\n  - {id: patching, plan: 100, actual: 50}\n"
      "  - {id: patching, plan: 100, actual: 50}\n"
      "  - {id: mfa, plan: 100, actual: 50}\n"
      "measures:\n  - id: m1\n    kpis: [zzz]\n    effects:\n"
      "      - {target: scenarios.breach.frequency, scale: 0.5}\n";
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(load_text(text, sizeof text - 1, &d), CRQ_ERR_INPUT);
  cr_assert_eq(d.count, 2);
  cr_expect_not_null(strstr(d.items[0].message, "duplicate kpi id"), "%s",
                     d.items[0].message);
  cr_expect_not_null(
      strstr(d.items[1].message, "expected one of patching, mfa"), "%s",
      d.items[1].message);
  crq_diags_free(&d);
}

Test(model_bad, files_over_16_mib_are_refused) {
  size_t len = CRQ_YAML_MAX_BYTES + 1;
  char *big = malloc(len);
  cr_assert_not_null(big);
  memset(big, '#', len);
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(load_text(big, len, &d), CRQ_ERR_LIMIT);
  cr_assert_eq(d.count, 1);
  cr_expect_str_eq(d.items[0].message,
                   "the file is 16777217 bytes; expected at most 16777216 "
                   "(16 MiB)");
  free(big);
  crq_diags_free(&d);
}

Test(model_bad, files_over_16_mib_are_not_read) {
  char path[] = "/tmp/crq_test_big_XXXXXX";
  int fd = mkstemp(path);
  cr_assert_geq(fd, 0);
  cr_assert_eq(ftruncate(fd, (off_t)CRQ_YAML_MAX_BYTES + 1), 0); /* sparse */
  close(fd);
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  cr_expect_eq(crq_model_load_file(path, &d, &m), CRQ_ERR_LIMIT);
  cr_assert_eq(d.count, 1);
  cr_expect_str_eq(d.items[0].message, "the file is 16777217 bytes; expected "
                                       "at most 16777216 (16 MiB)");
  cr_expect_null(m);
  unlink(path);
  crq_diags_free(&d);
}

Test(model_bad, node_count_is_bounded) {
  /* a flow list of 2^20 + 1 zeros */
  size_t n = CRQ_YAML_MAX_NODES + 1, len = 2 * n + 8;
  char *text = malloc(len);
  cr_assert_not_null(text);
  size_t k = (size_t)sprintf(text, "x: [");
  for (size_t i = 0; i < n; i++)
    k += (size_t)sprintf(text + k, "0,");
  text[k - 1] = ']';
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(load_text(text, k, &d), CRQ_ERR_LIMIT);
  cr_assert_eq(d.count, 1);
  cr_expect_str_eq(d.items[0].message,
                   "more than 1048576 YAML nodes; expected a smaller model");
  free(text);
  crq_diags_free(&d);
}

Test(model_bad, depth_64_is_allowed_65_is_not) {
  char text[256];
  crq_diags d;
  crq_diags_init(&d);
  /* the top mapping is level 1, so 63 brackets reach level 64 */
  int k = sprintf(text, "x: ");
  for (int i = 0; i < 63; i++)
    text[k++] = '[';
  for (int i = 0; i < 63; i++)
    text[k++] = ']';
  /* a valid tree, so the loader gets to the model checks */
  cr_expect_eq(load_text(text, (size_t)k, &d), CRQ_ERR_INPUT);
  cr_expect_eq(strncmp(d.items[0].message, "missing key 'crq_model'", 23), 0);
  crq_diags_clear(&d);
  memmove(text + 4, text + 3, (size_t)k - 3);
  text[3] = '[';
  text[k + 1] = ']';
  cr_expect_eq(load_text(text, (size_t)k + 2, &d), CRQ_ERR_LIMIT);
  cr_expect_eq(d.items[0].column, 67); /* "x: " then the 64th '[' */
  crq_diags_free(&d);
}

Test(model_bad, unreadable_files_are_io_errors) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  cr_expect_eq(crq_model_load_file("tests/data/no_such_file.yaml", &d, &m),
               CRQ_ERR_IO);
  cr_expect_eq(crq_model_load_file("tests/data", &d, &m), CRQ_ERR_IO);
  cr_assert_eq(d.count, 2);
  cr_expect_str_eq(d.items[0].message,
                   "cannot open the file: No such file or directory; "
                   "expected a readable file");
  cr_expect_str_eq(d.items[1].message,
                   "cannot read the file: Is a directory; expected a "
                   "readable file");
  cr_expect_null(m);
  crq_diags_free(&d);
}
