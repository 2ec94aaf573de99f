/* tests/unit/test_optimize.c — crq_optimize_run against a brute force
 * written here: every subset of the measures loaded as its own model (the
 * members' KPIs at plan, the others at 0) and simulated on its own; the
 * objective of every subset, the best set within the budget and the
 * efficient frontier must agree. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crq/whatif.h"

#define N_MEASURES 6
#define TRIALS 20000

static const char model_text[] =
    "crq_model: 1\n"
    "name: six measures\n"
    "scenarios:\n"
    "  - id: a\n"
    "    frequency: {poisson: 0.4}\n"
    "    loss: {amount: {lognormal: {p05: \"100万\", p95: \"5億\"}}}\n"
    "  - id: b\n"
    "    frequency: {negbin: {mean: 0.3, size: 2}}\n"
    "    loss: {amount: {pert: {min: \"1000万\", mode: \"1億\", max: "
    "\"8億\"}}}\n"
    "  - id: c\n"
    "    frequency: {poisson: 1.5}\n"
    "    response_cost: {cost: {uniform: {min: \"100万\", max: \"3000万\"}}}\n"
    "kpis:\n"
    "  - {id: k0, plan: 100}\n"
    "  - {id: k1, plan: 100}\n"
    "  - {id: k2, plan: 100}\n"
    "  - {id: k3, plan: 100}\n"
    "  - {id: k4, plan: 100}\n"
    "  - {id: k5, plan: 100}\n"
    "measures:\n"
    "  - id: m0\n"
    "    cost_once: 100\n"
    "    cost_annual: 10\n"
    "    kpis: [k0]\n"
    "    effects: [{target: scenarios.a.loss.amount, scale: 0.5}]\n"
    "  - id: m1\n"
    "    cost_once: 50\n"
    "    cost_annual: 5\n"
    "    kpis: [k1]\n"
    "    effects: [{target: scenarios.b.frequency, scale: 0.5}]\n"
    "  - id: m2\n"
    "    cost_once: 120\n"
    "    kpis: [k2]\n"
    "    effects: [{target: \"scenarios.*.frequency\", scale: 0.8}]\n"
    "  - id: m3\n"
    "    cost_once: 30\n"
    "    cost_annual: 30\n"
    "    kpis: [k3]\n"
    "    effects: [{target: scenarios.c.response_cost.cost, set: 0}]\n"
    "  - id: m4\n"
    "    cost_once: 80\n"
    "    cost_annual: 20\n"
    "    kpis: [k4]\n"
    "    effects:\n"
    "      - {target: scenarios.a.loss.amount, scale: 0.9}\n"
    "      - {target: scenarios.b.loss.amount, scale: 0.7}\n"
    "  - id: m5\n"
    "    cost_once: 10\n"
    "    kpis: [k5]\n"
    "simulation: {trials: 20000, seed: 99}\n";

static const double cost_total[N_MEASURES] = {110, 55, 120, 60, 100, 10};

static crq_model *load(const char *const *sets, size_t n) {
  crq_model *m = NULL;
  crq_diags d;
  crq_diags_init(&d);
  crq_status st = crq_model_load_buffer_set(model_text, strlen(model_text),
                                            "six.yaml", sets, n, &d, &m);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return m;
}

/* The brute force: objective f of every subset, each simulated alone. */
static void brute_force(crq_figure f, double *obj) {
  for (uint32_t s = 0; s < 1u << N_MEASURES; s++) {
    char text[N_MEASURES][48];
    const char *sets[N_MEASURES];
    for (int i = 0; i < N_MEASURES; i++) {
      snprintf(text[i], sizeof text[i], "kpis.k%d.actual=%d", i,
               (s >> i) & 1 ? 100 : 0);
      sets[i] = text[i];
    }
    crq_model *m = load(sets, N_MEASURES);
    crq_result *r = NULL;
    cr_assert_eq(crq_simulate(m, NULL, &r, NULL), CRQ_OK);
    obj[s] = f == CRQ_FIG_EAL ? crq_result_eal(r, CRQ_MEASURES).value
             : f == CRQ_FIG_MAX_LOSS
                 ? crq_result_max_loss(r, CRQ_MEASURES)
                 : crq_result_quantile(r, CRQ_MEASURES, CRQ_AEP, 0.99).value;
    crq_result_free(r);
    crq_model_free(m);
  }
}

static double cost_of(uint32_t s) {
  double c = 0;
  for (int i = 0; i < N_MEASURES; i++)
    if ((s >> i) & 1)
      c += cost_total[i];
  return c;
}

/* The documented choice: lowest objective within the budget, then lowest
 * cost, then fewest measures, then the smallest mask. */
static uint32_t brute_best(const double *obj, double budget) {
  uint32_t best = 0;
  for (uint32_t s = 1; s < 1u << N_MEASURES; s++) {
    if (cost_of(s) > budget)
      continue;
    double a = obj[s], b = obj[best];
    int pa = __builtin_popcount(s), pb = __builtin_popcount(best);
    if (a < b || (a == b && (cost_of(s) < cost_of(best) ||
                             (cost_of(s) == cost_of(best) && pa < pb))))
      best = s;
  }
  return best;
}

static crq_optimize *optimize(const crq_model *m, crq_figure f, double budget) {
  crq_optimize_options o;
  crq_optimize_options_init(&o);
  o.objective = f;
  o.budget = budget;
  crq_optimize *op = NULL;
  crq_diags d;
  crq_diags_init(&d);
  crq_status st = crq_optimize_run(m, &o, &op, &d);
  cr_assert_eq(st, CRQ_OK, "%s", d.count ? d.items[0].message : "?");
  crq_diags_free(&d);
  return op;
}

/* Checks every subset's objective (to rel_tol), the best set for a few
 * budgets and the frontier. */
static void check(crq_figure f, double rel_tol) {
  static double obj[1u << N_MEASURES];
  brute_force(f, obj);
  crq_model *m = load(NULL, 0);
  static const double budgets[] = {0, 60, 115, 200, 300, 1000};
  for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
    crq_optimize *o = optimize(m, f, budgets[b]);
    for (uint32_t s = 0; b == 0 && s < 1u << N_MEASURES; s++) {
      cr_expect_float_eq(crq_optimize_objective(o, s), obj[s], rel_tol * obj[0],
                         "subset %u: %.17g vs %.17g", s,
                         crq_optimize_objective(o, s), obj[s]);
      cr_expect_eq(crq_optimize_cost(o, s), cost_of(s));
    }
    cr_expect_eq(crq_optimize_best(o), brute_best(obj, budgets[b]),
                 "budget %g: %u vs %u", budgets[b], crq_optimize_best(o),
                 brute_best(obj, budgets[b]));
    /* the frontier: by cost, each strictly lower than all cheaper ones */
    size_t k = 0;
    double lowest = INFINITY;
    for (double c = 0; c <= 455; c += 5) {
      uint32_t pick = 0;
      int found = 0;
      for (uint32_t s = 0; s < 1u << N_MEASURES; s++)
        if (cost_of(s) == c && obj[s] < lowest &&
            (!found || obj[s] < obj[pick] ||
             (obj[s] == obj[pick] &&
              __builtin_popcount(s) < __builtin_popcount(pick)))) {
          pick = s;
          found = 1;
        }
      if (!found)
        continue;
      lowest = obj[pick];
      cr_assert_lt(k, crq_optimize_frontier_count(o));
      cr_expect_eq(crq_optimize_frontier(o, k), pick, "frontier %zu", k);
      k++;
    }
    cr_expect_eq(crq_optimize_frontier_count(o), k);
    crq_optimize_free(o);
  }
  crq_model_free(m);
}

Test(optimize, max_loss_matches_brute_force_without_simulating) {
  check(CRQ_FIG_MAX_LOSS, 0);
  crq_model *m = load(NULL, 0);
  crq_optimize *o = optimize(m, CRQ_FIG_MAX_LOSS, 100);
  /* per scenario: a depends on m0, m2, m4 (8), b on m1, m2, m4 (8), c on
   * m2, m3 (4); m5 changes nothing: far fewer than 64 compilations */
  cr_expect_leq(crq_optimize_evaluations(o), 8 + 8 + 4);
  cr_expect_eq(crq_optimize_reduction(o).se, 0);
  crq_optimize_free(o);
  crq_model_free(m);
}

Test(optimize, eal_matches_brute_force) {
  check(CRQ_FIG_EAL, 1e-12);
}

Test(optimize, var99_matches_brute_force) {
  check(CRQ_FIG_VAR99, 0);
}

Test(optimize, reduction_has_a_paired_standard_error) {
  crq_model *m = load(NULL, 0);
  crq_optimize *o = optimize(m, CRQ_FIG_EAL, 200);
  uint32_t best = crq_optimize_best(o);
  crq_estimate r = crq_optimize_reduction(o);
  cr_expect_eq(r.value,
               crq_optimize_objective(o, 0) - crq_optimize_objective(o, best));
  cr_expect_gt(r.se, 0);
  cr_expect_lt(r.se, 0.2 * r.value);
  crq_optimize_free(o);
  crq_model_free(m);
}

Test(optimize, more_than_twenty_measures_are_refused) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("crq_model: 1\nname: many\nscenarios:\n  - id: s\n"
        "    frequency: {poisson: 1}\n    loss: {amount: 1}\nmeasures:\n",
        f);
  for (int i = 0; i < 21; i++)
    fprintf(f, "  - {id: m%d, cost_once: 1}\n", i);
  fclose(f);
  crq_model *m = NULL;
  cr_assert_eq(crq_model_load_buffer(text, len, "many", NULL, &m), CRQ_OK);
  crq_optimize_options o;
  crq_optimize_options_init(&o);
  crq_optimize *op = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_expect_eq(crq_optimize_run(m, &o, &op, &d), CRQ_ERR_LIMIT);
  cr_expect_null(op);
  cr_expect(strstr(d.items[0].message, "21 measures; expected at most 20") !=
                NULL,
            "%s", d.items[0].message);
  crq_diags_free(&d);
  crq_model_free(m);
  free(text);
}

/* The caller's simulation options may ask for lean runs (no OEP, no
 * scenario EAL); the analysis sets what its objective needs, so every
 * subset's objective keeps its bits. */
Test(optimize, lean_simulation_options_change_no_objective) {
  crq_model *m = load(NULL, 0);
  const crq_figure figs[2] = {CRQ_FIG_EAL, CRQ_FIG_TVAR99};
  for (int f = 0; f < 2; f++) {
    crq_optimize *plain = optimize(m, figs[f], 200), *lean = NULL;
    crq_optimize_options o;
    crq_optimize_options_init(&o);
    o.objective = figs[f];
    o.budget = 200;
    o.sim.annual_only = 1;
    o.sim.no_scenario_eal = 1;
    crq_diags d;
    crq_diags_init(&d);
    cr_assert_eq(crq_optimize_run(m, &o, &lean, &d), CRQ_OK);
    crq_diags_free(&d);
    for (uint32_t s = 0; s < 1u << N_MEASURES; s++) {
      double a = crq_optimize_objective(plain, s),
             b = crq_optimize_objective(lean, s);
      cr_expect(memcmp(&a, &b, sizeof a) == 0, "figure %d subset %u: %g %g", f,
                s, a, b);
    }
    cr_expect_eq(crq_optimize_best(lean), crq_optimize_best(plain));
    crq_optimize_free(plain);
    crq_optimize_free(lean);
  }
  crq_model_free(m);
}
