/* tests/unit/test_sim_stream.c — streaming mode: the same run kept as
 * log-bucket histograms instead of every year's loss. Means are the same
 * bits; order statistics, TVaR and its contributions within the documented
 * 0.1% (2^-10) of the exact figures, exceedance probabilities within the
 * mass of the amount's bucket; bit-identical for any number of threads;
 * and chosen automatically when the memory budget is too small, a budget
 * counting up to the machine's memory. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/simulate.h"
#include "stats/result_impl.h"
#include "test_sim_models.h"

enum { STREAM_TRIALS = 150000 };
static const double REL = 0x1p-10; /* the histograms' resolution */

static crq_result *stream_run(const tm_model *t, int streaming, int threads,
                              uint64_t memory_mib) {
  crq_sim_options o = tm_options(STREAM_TRIALS, 11, threads);
  o.streaming = streaming;
  o.memory_mib = memory_mib;
  return tm_run_with(t, &o);
}

/* A model with measures (thinning, input effects) and a plain scenario. */
static tm_model *stream_model(void) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(1.5), tm_lognormal(15, 1.3));
  size_t b = tm_scenario(t, "b", tm_negbin(0.4, 1.5));
  tm_input(tm_trigger(t, b, "data_theft"), "records_fraction",
           tm_uniform(0.001, 0.2));
  tm_trigger(t, b, "indirect");
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 6, 0));
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.6);
  tm_effect(t, m, b, "data_theft", "records_fraction", CRQ_EFFECT_SCALE, 0.5);
  return t;
}

static void near(double got, double want, double rel, const char *what) {
  cr_assert_leq(fabs(got - want), rel * fabs(want), "%s: %.17g vs %.17g", what,
                got, want);
}

/* The tail's breakdown of streaming result st still adds up to its TVaR,
 * and the first n scenarios' parts are near exact result ex's. */
static void same_breakdown(const crq_result *ex, const crq_result *st,
                           crq_variant v, size_t n) {
  double tvar = crq_result_tvar(st, v, CRQ_AEP, 0.99).value, sum = 0;
  for (int c = 0; c < CRQ_CAT_DIRECT_COUNT; c++)
    sum += crq_result_category_tvar(st, v, c, 0.99);
  near(sum, tvar, 2 * REL, "contributions");
  for (size_t s = 0; s < n; s++)
    near(crq_result_scenario_tvar(st, v, s, 0.99),
         crq_result_scenario_tvar(ex, v, s, 0.99), 0.02, "scenario");
}

Test(sim_stream, figures_within_the_histograms_resolution) {
  tm_model *t = stream_model();
  crq_result *ex = stream_run(t, -1, 2, 0), *st = stream_run(t, 1, 2, 0);
  cr_assert_not(crq_result_streaming(ex));
  cr_assert(crq_result_streaming(st));
  double *x = malloc(STREAM_TRIALS * sizeof *x);
  for (int v = 0; v < 2; v++) {
    crq_estimate a = crq_result_eal(ex, v), b = crq_result_eal(st, v);
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "EAL: the same sums");
    for (int bs = 0; bs < 2; bs++) {
      cr_assert_eq(crq_result_max_simulated(st, v, bs),
                   crq_result_max_simulated(ex, v, bs));
      for (double p = 0.5; p < 0.9995; p = 1 - (1 - p) / 2) {
        crq_estimate qe = crq_result_quantile(ex, v, bs, p);
        crq_estimate qs = crq_result_quantile(st, v, bs, p);
        near(qs.value, qe.value, REL, "VaR");
        /* the interval's ends: the edges of their ranks' buckets, so
         * the exact interval lies within, short of it by a bucket */
        cr_assert(qs.lo <= qe.lo && qe.lo <= qs.lo * (1 + 0x1p-9),
                  "VaR lo %.17g, exact %.17g", qs.lo, qe.lo);
        cr_assert(qe.hi <= qs.hi && qs.hi <= qe.hi * (1 + 0x1p-9),
                  "VaR hi %.17g, exact %.17g", qs.hi, qe.hi);
        near(crq_result_tvar(st, v, bs, p).value,
             crq_result_tvar(ex, v, bs, p).value, REL, "TVaR");
      }
    }
    /* Exceedance at amounts where years fall: off by at most the years
     * within the amount's bucket (2^-9 wide). */
    cr_assert_eq(crq_result_aep_by_trial(ex, v, x), 0);
    cr_assert_eq(crq_result_aep_by_trial(st, v, x + 0), -1);
    crq_result_aep_by_trial(ex, v, x);
    for (double p = 0.6; p < 0.999; p += 0.1) {
      double amount = crq_result_quantile(ex, v, CRQ_AEP, p).value;
      uint64_t close = 0;
      for (uint64_t i = 0; i < STREAM_TRIALS; i++)
        close += fabs(x[i] - amount) <= 0x1p-9 * amount;
      double pe = crq_result_exceedance(ex, v, CRQ_AEP, amount).value;
      double ps = crq_result_exceedance(st, v, CRQ_AEP, amount).value;
      cr_assert_leq(fabs(ps - pe), (double)close / STREAM_TRIALS);
    }
    same_breakdown(ex, st, v, 1);
  }
  free(x);
  crq_result_free(ex);
  crq_result_free(st);
  tm_free(t);
}

Test(sim_stream, one_and_two_threads_are_bit_identical) {
  tm_model *t = stream_model();
  crq_result *r1 = stream_run(t, 1, 1, 0), *r2 = stream_run(t, 1, 2, 0);
  for (int v = 0; v < 2; v++) {
    crq_estimate a = crq_result_tvar(r1, v, CRQ_AEP, 0.99),
                 b = crq_result_tvar(r2, v, CRQ_AEP, 0.99);
    cr_assert(memcmp(&a, &b, sizeof a) == 0);
    a = crq_result_quantile(r1, v, CRQ_OEP, 0.9);
    b = crq_result_quantile(r2, v, CRQ_OEP, 0.9);
    cr_assert(memcmp(&a, &b, sizeof a) == 0);
    cr_assert_eq(crq_result_category_tvar(r1, v, CRQ_CAT_INDIRECT, 0.95),
                 crq_result_category_tvar(r2, v, CRQ_CAT_INDIRECT, 0.95));
  }
  crq_result_free(r1);
  crq_result_free(r2);
  tm_free(t);
}

/* Streaming contributions of t's plan (n scenarios) add up, are near the
 * exact ones and are the same on 1 and 2 threads. Frees t. */
static void check_breakdown(tm_model *t, size_t n) {
  crq_result *ex = stream_run(t, -1, 2, 0), *st = stream_run(t, 1, 1, 0);
  crq_result *st2 = stream_run(t, 1, 2, 0);
  for (crq_variant v = CRQ_BASELINE; v <= CRQ_MEASURES; v++) {
    same_breakdown(ex, st, v, n);
    for (size_t s = 0; s < n; s++)
      cr_assert_eq(crq_result_scenario_tvar(st, v, s, 0.99),
                   crq_result_scenario_tvar(st2, v, s, 0.99));
  }
  crq_result_free(ex);
  crq_result_free(st);
  crq_result_free(st2);
  tm_free(t);
}

/* A plan the batched loop takes (plain lognormal scenarios, thinned and
 * mapped by a measure): its years are re-simulated by batches
 * (crq_batch_outcome). */
Test(sim_stream, batched_plans_break_the_tail_down_alike) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  size_t b = tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(16, 1.5));
  tm_plain(t, "c", tm_poisson(0.5), tm_lognormal(13, 0.7));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 6, 0));
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, m, b, "loss", "amount", CRQ_EFFECT_SCALE, 0.4);
  check_breakdown(t, 3);
}

/* A plan of rare Poisson events with other amounts: its years come by
 * counts, those without an event skipped (they add nothing). */
Test(sim_stream, sparse_plans_break_the_tail_down_alike) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(0.05), tm_gamma(2, 1e7));
  tm_plain(t, "b", tm_poisson(0.02), tm_lognormal(16, 1.5));
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 6, 0));
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  check_breakdown(t, 2);
}

Test(sim_stream, chosen_when_the_budget_is_too_small) {
  tm_model *t = stream_model();
  /* 150,000 years × 2 variants × 20 bytes = 5.7 MiB */
  uint64_t need = crq_sim_exact_bytes(&t->m, STREAM_TRIALS);
  cr_assert_eq(need, (uint64_t)STREAM_TRIALS * 2 * 20);
  crq_result *small = stream_run(t, 0, 1, 5), *large = stream_run(t, 0, 1, 6);
  cr_assert(crq_result_streaming(small));
  cr_assert_not(crq_result_streaming(large));
  cr_assert_gt(crq_sim_default_memory_mib(), 0);
  crq_result_free(small);
  crq_result_free(large);
  tm_free(t);
}

/* A budget beyond the machine's memory would let an exact run be granted
 * memory that is not there (overcommit) and killed when it touches it: it
 * counts as the machine's memory, which the default is half of. */
Test(sim_stream, budget_at_most_the_machine) {
  crq_sim_options o;
  crq_sim_options_init(&o);
  uint64_t half = crq_sim_default_memory_mib() << 20;
  cr_assert_eq(crq_sim_budget_bytes(&o), half);
  o.memory_mib = 5;
  cr_assert_eq(crq_sim_budget_bytes(&o), (uint64_t)5 << 20);
  o.memory_mib = UINT64_MAX >> 20;
  uint64_t capped = crq_sim_budget_bytes(&o);
  cr_assert_lt(capped, o.memory_mib << 20);
  cr_assert_geq(capped, half);
  cr_assert_leq(capped, 2 * half + ((uint64_t)2 << 20)); /* the machine */
}

/* Never streaming, with more years than the machine's memory can keep:
 * CRQ_ERR_NOMEM before any simulating (not an allocation that overcommit
 * grants and the kernel later kills the process for). */
Test(sim_stream, never_streaming_beyond_the_machine_fails_at_once) {
  tm_model *t = stream_model();
  uint64_t machine = (uint64_t)crq_sim_default_memory_mib() * 2 << 20;
  uint64_t per_year = crq_sim_exact_bytes(&t->m, 1);
  uint64_t trials = machine / per_year + (UINT64_C(4) << 20);
  if (trials > UINT32_MAX) {
    tm_free(t);
    cr_skip_test("this machine could keep %llu years",
                 (unsigned long long)UINT32_MAX);
  }
  crq_sim_options o = tm_options(trials, 11, 1);
  o.streaming = -1;
  crq_result *r = NULL;
  crq_diags d;
  crq_diags_init(&d);
  cr_assert_eq(crq_simulate(&t->m, &o, &r, &d), CRQ_ERR_NOMEM);
  cr_assert_null(r);
  cr_assert_eq(d.count, 1);
  cr_assert(strstr(d.items[0].message, "more than this machine's") != NULL,
            "%s", d.items[0].message);
  o.streaming = 0; /* the same run is fine in streaming mode: not run here */
  cr_assert(crq_sim_streams(&t->m, &o));
  crq_diags_free(&d);
  tm_free(t);
}
