/* tests/unit/test_sim_batch.c — the batched trial loop (engine/sim/batch.c)
 * and the sparse-year loop (counts.c, run.c) give every trial and every
 * sum bit for bit what the general one-trial-at-a-time loop gives, on the
 * plans they accept, on any number of threads and in streaming mode too;
 * they fail on the same year with the same message when a loss or a
 * year's total is not finite; the batch is right across trial 2^32; its
 * outcomes of single years (for streaming contributions) are the general
 * loop's; and its vectorised lognormal equals the scalar sampler word by
 * word. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/plan.h"
#include "sim/batch.h"
#include "sim/counts.h"
#include "sim/run.h"
#include "sim/sample.h"
#include "sim/trial.h"
#include "test_sim_models.h"

enum { SPARSE, BATCHED };  /* the loop the engine picks for a plan */
enum { EXACT, STREAMING }; /* crq_run_options.streaming */

/* A run's status and first diagnostic message ("" when none). */
typedef struct verdict {
  crq_status st;
  char msg[512];
} verdict;

/* Runs n trials of p (seed 5) on threads threads; scalar: one year at a
 * time only. */
static verdict batch_run(const crq_plan *p, const tm_model *t, uint64_t n,
                         int threads, int scalar, int streaming, crq_run *run) {
  crq_diags d;
  crq_diags_init(&d);
  crq_run_options o = {.trials = n,
                       .seed = 5,
                       .threads = threads,
                       .scalar = scalar,
                       .streaming = streaming};
  verdict v = {.st = crq_run_plan(p, &t->m, &o, run, &d)};
  if (d.count > 0)
    snprintf(v.msg, sizeof v.msg, "%s", d.items[0].message);
  crq_diags_free(&d);
  return v;
}

/* Whether two histograms hold the same counts. */
static int hist_eq(const crq_hist *a, const crq_hist *b) {
  if (a->bits != b->bits || a->nonpositive != b->nonpositive)
    return 0;
  for (int e = 0; e < CRQ_HIST_PAGES; e++) {
    if (!a->page[e] != !b->page[e])
      return 0;
    if (a->page[e] &&
        memcmp(a->page[e], b->page[e], sizeof(uint64_t) << a->bits) != 0)
      return 0;
  }
  return 1;
}

/* Every histogram and largest value of two streaming runs. */
static void same_streams(const crq_stream *a, const crq_stream *b, int nv) {
  for (int v = 0; v < nv; v++)
    for (int q = 0; q < 2; q++) {
      cr_assert(hist_eq(&a->all[v][q], &b->all[v][q]), "v%d q%d", v, q);
      cr_assert(a->max[v][q] == b->max[v][q], "max v%d q%d", v, q);
      for (int k = 0; k < CRQ_BATCHES; k++)
        cr_assert(hist_eq(&a->batch[v][q][k], &b->batch[v][q][k]),
                  "v%d q%d batch %d", v, q, k);
    }
}

/* Every trial's AEP and OEP (or the histograms) and the exact totals. */
static void same_runs(const crq_run *a, const crq_run *b, uint64_t n) {
  if (a->stream)
    same_streams(a->stream, b->stream, a->n_variants);
  else
    for (int v = 0; v < a->n_variants; v++) {
      cr_assert(memcmp(a->aep[v], b->aep[v], n * sizeof(double)) == 0, "v%d",
                v);
      cr_assert(memcmp(a->oep[v], b->oep[v], n * sizeof(double)) == 0, "v%d",
                v);
    }
  cr_assert(memcmp(a->total, b->total, a->layout.size * sizeof *a->total) == 0);
}

/* Runs t's plan three ways: the engine's loop on 3 threads, one year at a
 * time on 1 thread, the engine's loop on 1 thread; and compares their
 * status, first message and, when they succeed, everything they produced.
 * batched: whether the plan is the batch's (else the sparse loop's).
 * Frees t; returns the verdict they share. */
static verdict check_loop(tm_model *t, uint64_t n, int batched, int streaming) {
  static const int threads[3] = {3, 1, 1}, scalar[3] = {0, 1, 0};
  crq_plan *p = tm_plan(t);
  cr_assert_eq(crq_batch_eligible(p), batched);
  cr_assert(crq_counts_usable(p));
  crq_run run[3];
  verdict v[3];
  for (int i = 0; i < 3; i++)
    v[i] = batch_run(p, t, n, threads[i], scalar[i], streaming, &run[i]);
  for (int i = 1; i < 3; i++) {
    cr_assert_eq(v[0].st, v[i].st, "way %d: %s | %s", i, v[0].msg, v[i].msg);
    cr_assert_str_eq(v[0].msg, v[i].msg, "way %d", i);
    if (v[0].st == CRQ_OK)
      same_runs(&run[0], &run[i], n);
  }
  for (int i = 0; i < 3; i++)
    crq_run_free(&run[i]);
  crq_plan_free(p);
  tm_free(t);
  return v[0];
}

/* check_loop, where the runs succeed. */
static void check_same(tm_model *t, uint64_t n, int batched, int streaming) {
  verdict v = check_loop(t, n, batched, streaming);
  cr_assert_eq(v.st, CRQ_OK, "%s", v.msg);
}

/* A measure with one KPI, 60% achieved: the plan has two variants. */
static size_t measure(tm_model *t) {
  size_t m = tm_measure(t, "m");
  tm_measure_kpi(t, m, tm_kpi(t, "k", 10, 6, 0));
  return m;
}

Test(sim_batch, plain_lognormal_scenarios_match_the_general_loop) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.1), tm_lognormal(17, 1.2));
  tm_plain(t, "b", tm_poisson(1.5), tm_lognormal(14, 2.0));
  tm_plain(t, "c", tm_poisson(0.02), tm_lognormal(20, 0.5));
  /* exponents below -700 a third of the time: the inline exp's range
   * ends (and the variance is still not zero) */
  tm_plain(t, "d", tm_poisson(0.4), tm_lognormal(-691, 26));
  check_same(t, 2 * 65536 + 999, BATCHED, EXACT);
}

/* A measure thinning one scenario of three, scaling another's amounts and
 * setting every amount (the map's clip). */
static tm_model *thinned_and_mapped(void) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  size_t b = tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(16, 1.5));
  tm_plain(t, "c", tm_poisson(0.5), tm_lognormal(13, 0.7));
  size_t m = measure(t);
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, m, b, "loss", "amount", CRQ_EFFECT_SCALE, 0.4);
  tm_effect(t, m, CRQ_TARGET_ALL_SCENARIOS, "loss", "amount", CRQ_EFFECT_SET,
            2e6);
  return t;
}

Test(sim_batch, measures_thinning_and_maps_match) {
  check_same(thinned_and_mapped(), 70000, BATCHED, EXACT);
}

Test(sim_batch, one_scenario_and_crowded_years_match) {
  tm_model *t = tm_new(); /* one scenario: no pick word */
  tm_plain(t, "a", tm_poisson(2.5), tm_lognormal(12, 1.0));
  check_same(t, 30000, BATCHED, EXACT);
  t = tm_new(); /* ~25 events a year: batches end early for want of room */
  tm_plain(t, "a", tm_poisson(20), tm_lognormal(12, 1.0));
  tm_plain(t, "b", tm_poisson(5), tm_lognormal(10, 2.0));
  check_same(t, 30000, BATCHED, EXACT);
}

Test(sim_batch, one_thinned_scenario_matches) { /* thinning, no pick word */
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(1.7), tm_lognormal(15, 1.0));
  size_t m = measure(t);
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  check_same(t, 70000, BATCHED, EXACT);
}

/* Thinning on one scenario of three (the others draw no thinning word),
 * which the measure removes altogether, with a pick. */
Test(sim_batch, thinning_some_scenarios_with_a_pick_matches) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  size_t b = tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(-691, 26));
  tm_plain(t, "c", tm_poisson(0.5), tm_lognormal(13, 0.7));
  size_t m = measure(t);
  tm_effect(t, m, b, "frequency", NULL, CRQ_EFFECT_SCALE, 0.0);
  check_same(t, 70000, BATCHED, EXACT);
}

Test(sim_batch, two_variants_without_thinning_match) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(0.7), tm_lognormal(15, 1.0));
  tm_plain(t, "b", tm_poisson(0.4), tm_lognormal(13, 2.0));
  size_t m = measure(t);
  tm_effect(t, m, a, "loss", "amount", CRQ_EFFECT_SCALE, 0.3);
  check_same(t, 70000, BATCHED, EXACT);
}

Test(sim_batch, streaming_histograms_match) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(-691, 26));
  check_same(t, 140000, BATCHED, STREAMING);
  t = tm_new(); /* thinned: two variants */
  size_t a = tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(16, 2));
  size_t m = measure(t);
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  check_same(t, 140000, BATCHED, STREAMING);
}

/* A loss or a year's total that is not finite: every loop stops at the
 * same year and says the same. */
static void check_numeric(tm_model *t, const char *says) {
  verdict v = check_loop(t, 140000, BATCHED, EXACT);
  cr_assert_eq(v.st, CRQ_ERR_NUMERIC, "%s", v.msg);
  cr_assert(strstr(v.msg, says) != NULL, "%s", v.msg);
}

Test(sim_batch, an_infinite_amount_fails_alike) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  tm_plain(t, "b", tm_poisson(0.2), tm_lognormal(600, 40)); /* exp > 709 */
  check_numeric(t, "scenario 'b' lost inf");
}

Test(sim_batch, an_overflowing_year_fails_alike) {
  tm_model *t = tm_new(); /* ~5e307 each: two overflow the year's total */
  tm_plain(t, "a", tm_poisson(2.0), tm_lognormal(708.5, 0.3));
  check_numeric(t, "add up to inf");
}

Test(sim_batch, an_infinite_amount_with_measures_fails_alike) {
  tm_model *t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  tm_plain(t, "b", tm_poisson(0.2), tm_lognormal(600, 40));
  size_t m = measure(t);
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  check_numeric(t, "scenario 'b' lost inf");
}

/* Trial t's sums w into part, as the general loop adds them (run.c): its
 * year totals to lane t mod 4 (partial.h). */
static void accumulate(double *part, const crq_partial_layout *L, uint64_t t,
                       const crq_trial *w) {
  if (w->events == 0)
    return;
  double *lane = part + (t % CRQ_PARTIAL_LANES) * L->size;
  for (int v = 0; v < L->n_variants; v++) {
    double *ap = lane + crq_partial_at(L, v, CRQ_Q_AEP);
    double *op = lane + crq_partial_at(L, v, CRQ_Q_OEP);
    ap[0] += w->aep[v];
    ap[1] += w->aep[v] * w->aep[v];
    op[0] += w->oep[v];
    op[1] += w->oep[v] * w->oep[v];
    for (int c = 0; c < CRQ_CAT_COUNT; c++) {
      double *cp = lane + crq_partial_at(L, v, CRQ_Q_CAT + (size_t)c);
      cp[0] += w->cat[v][c];
      cp[1] += w->cat[v][c] * w->cat[v][c];
    }
    for (size_t i = 0; i < (L->scenario_sums ? w->n_touched : 0); i++) {
      double x = w->scen[(size_t)v * L->n_scenarios + w->touched[i]];
      double *sp = part + crq_partial_at(L, v, CRQ_Q_SCEN + w->touched[i]);
      sp[0] += x;
      sp[1] += x * x;
    }
  }
  if (L->n_variants > 1) {
    double d = w->aep[0] - w->aep[1];
    lane[L->diff] += d;
    lane[L->diff + 1] += d * d;
  }
  part[L->events] += (double)w->events;
}

/* crq_batch_add over the n years of b's batch (prepared, with years
 * marked for redo and years whose totals are infinite), adding every
 * scenario's sums or none (sums): it stops at each such year, having added
 * exactly the years before it (their losses and every partial sum, as the
 * general loop adds them: no scenario sums at all without sums); started
 * again at an infinite year it adds nothing; and it goes on after each. */
static void check_stops_with(crq_batch *b, crq_trial *w, size_t n, int sums) {
  const crq_plan *p = b->plan;
  int nv = p->n_variants;
  static double aep[CRQ_MAX_VARIANTS][CRQ_BATCH_TRIALS],
      oep[CRQ_MAX_VARIANTS][CRQ_BATCH_TRIALS];
  double *ap[CRQ_MAX_VARIANTS] = {aep[0], aep[1]};
  double *op[CRQ_MAX_VARIANTS] = {oep[0], oep[1]};
  crq_store st = {.aep = ap, .oep = op, .base = 0};
  crq_partial_layout L = crq_partial_layout_of(nv, p->n_scenarios, sums);
  size_t size = CRQ_PARTIAL_LANES * L.size;
  double *part = calloc(size, sizeof *part);
  double *want = calloc(size, sizeof *want);
  size_t i = 0, infinite = 0, redo = 0;
  while (i < n) {
    size_t j = crq_batch_add(b, i, &st, part, &L);
    for (; i < j; i++) {
      cr_assert_eq(crq_trial_run(p, w, i), CRQ_OK, "year %zu", i);
      for (int v = 0; v < nv; v++)
        cr_assert(w->aep[v] == aep[v][i] && w->oep[v] == oep[v][i],
                  "year %zu variant %d", i, v);
      accumulate(want, &L, i, w);
    }
    cr_assert(memcmp(part, want, size * sizeof *part) == 0, "to %zu", j);
    if (j == n)
      break;
    if (b->redo[j]) {
      redo++;
    } else { /* the year the general loop rejects, which adds nothing */
      cr_assert_eq(crq_trial_run(p, w, j), CRQ_ERR_NUMERIC, "year %zu", j);
      cr_assert_eq(crq_batch_add(b, j, &st, part, &L), j);
      cr_assert(memcmp(part, want, size * sizeof *part) == 0, "at %zu", j);
      infinite++;
    }
    i = j + 1;
  }
  cr_assert_eq(redo, 4);
  cr_assert_geq(infinite, 2);
  cr_assert_gt(part[L.events], 1000.0);
  double scen = part[crq_partial_at(&L, 0, CRQ_Q_SCEN)]; /* baseline's */
  cr_assert(sums ? scen > 0.0 : scen == 0.0, "sums %d: %g", sums, scen);
  free(part);
  free(want);
}

/* A batch of t's plan with years whose totals are infinite and years
 * marked for crq_trial_run by hand, added up with and without the
 * scenarios' sums (check_stops_with). Frees t. */
static void check_stops(tm_model *t) {
  crq_plan *p = tm_plan(t);
  crq_batch b;
  crq_trial w;
  cr_assert_eq(crq_batch_init(&b, p, 5), 0);
  cr_assert_eq(crq_trial_init(&w, p, 5), 0);
  size_t n = crq_batch_prepare(&b, 0, CRQ_BATCH_TRIALS), bad = 0;
  while (bad < n && crq_trial_run(p, &w, bad) == CRQ_OK)
    bad++;
  cr_assert(bad > 8 && bad < n, "first infinite year %zu", bad);
  /* as if their counts were huge; the one before the first infinite year
   * but one makes a call that stops at its second year */
  b.redo[0] = b.redo[5] = b.redo[6] = b.redo[bad - 2] = 1;
  check_stops_with(&b, &w, n, 1);
  check_stops_with(&b, &w, n, 0);
  crq_batch_free(&b);
  crq_trial_free(&w);
  crq_plan_free(p);
  tm_free(t);
}

/* A plain plan (the simple add-up), and one with a measure that thins
 * one scenario and maps the other's amounts (two variants). */
Test(sim_batch, the_add_up_stops_at_a_year_that_is_not_finite) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(1.5), tm_lognormal(14, 2.0));
  tm_plain(t, "b", tm_poisson(1.0), tm_lognormal(600, 40)); /* exp > 709 */
  check_stops(t);
  t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(1.5), tm_lognormal(14, 2.0));
  size_t c = tm_plain(t, "b", tm_poisson(1.0), tm_lognormal(600, 40));
  size_t m = measure(t);
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  tm_effect(t, m, c, "loss", "amount", CRQ_EFFECT_SCALE, 0.8);
  check_stops(t);
}

/* The same year fails alike in streaming mode, whose histograms get the
 * years only once a batch's add-up has checked them. */
Test(sim_batch, an_overflowing_year_fails_alike_when_streaming) {
  tm_model *t = tm_new(); /* ~5e307 each: two overflow the year's total */
  tm_plain(t, "a", tm_poisson(2.0), tm_lognormal(708.5, 0.3));
  verdict v = check_loop(t, 140000, BATCHED, STREAMING);
  cr_assert_eq(v.st, CRQ_ERR_NUMERIC, "%s", v.msg);
  cr_assert(strstr(v.msg, "add up to inf") != NULL, "%s", v.msg);
}

/* Trials 2^32 − 300 onwards straight through the batch (the trial
 * number's high word in the counters), against crq_trial_run: every
 * trial, the sum of the AEPs and the number of events. */
Test(sim_batch, trials_across_2_32_match) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  tm_plain(t, "b", tm_poisson(1.3), tm_lognormal(12, 2.0));
  crq_plan *p = tm_plan(t);
  crq_batch b;
  crq_trial w;
  cr_assert_eq(crq_batch_init(&b, p, 77), 0);
  cr_assert_eq(crq_trial_init(&w, p, 77), 0);
  uint64_t t0 = (UINT64_C(1) << 32) - 300;
  size_t n = crq_batch_prepare(&b, t0, 1000);
  cr_assert_gt(n, 300);
  static double aep[CRQ_BATCH_TRIALS], oep[CRQ_BATCH_TRIALS];
  double *ap[1] = {aep}, *op[1] = {oep};
  crq_store st = {.aep = ap, .oep = op, .base = t0};
  crq_partial_layout L =
      crq_partial_layout_of(p->n_variants, p->n_scenarios, 1);
  double *part = calloc(CRQ_PARTIAL_LANES * L.size, sizeof *part);
  cr_assert_eq(crq_batch_add(&b, 0, &st, part, &L), n);
  double sum[4] = {0}, events = 0; /* per lane: trial mod 4 */
  for (size_t k = 0; k < n; k++) {
    cr_assert_eq(crq_trial_run(p, &w, t0 + k), CRQ_OK);
    cr_assert(w.aep[0] == aep[k] && w.oep[0] == oep[k], "trial %zu", k);
    sum[(t0 + k) % 4] += w.events ? w.aep[0] : 0.0;
    events += (double)w.events;
  }
  crq_partial_fold(&L, part);
  cr_assert(part[crq_partial_at(&L, 0, CRQ_Q_AEP)] ==
            ((sum[0] + sum[1]) + sum[2]) + sum[3]);
  cr_assert(part[L.events] == events);
  free(part);
  crq_batch_free(&b);
  crq_trial_free(&w);
  crq_plan_free(p);
  tm_free(t);
}

/* crq_batch_outcome against crq_trial_run, year by year over n trials of
 * t's plan (keep: its with-measures variant alone): every figure of a
 * year it gives (AEP, OEP, categories, scenarios and the order they were
 * touched in, events) to the bit, and a year it leaves to crq_trial_run
 * is a redo or one that crq_trial_run rejects. Returns how many it left.
 * Frees t. */
static size_t check_outcomes(tm_model *t, uint64_t n, int keep) {
  crq_plan *p = tm_plan(t);
  if (keep)
    crq_plan_keep_measures(p);
  cr_assert(crq_batch_eligible(p));
  crq_batch b;
  crq_trial w, g;
  cr_assert_eq(crq_batch_init(&b, p, 5), 0);
  cr_assert_eq(crq_trial_init(&w, p, 5), 0);
  cr_assert_eq(crq_trial_init(&g, p, 5), 0);
  size_t left = 0, scen = p->n_scenarios * (size_t)p->n_variants;
  for (uint64_t t0 = 0; t0 < n;) {
    size_t k = crq_batch_prepare(&b, t0, CRQ_BATCH_TRIALS);
    for (size_t i = 0; i < k; i++) {
      crq_status st = crq_trial_run(p, &g, t0 + i);
      unsigned long long year = (unsigned long long)(t0 + i);
      if (!crq_batch_outcome(&b, i, &w)) {
        cr_assert(st != CRQ_OK || b.redo[i], "year %llu", year);
        left++;
        continue;
      }
      cr_assert_eq(st, CRQ_OK, "year %llu", year);
      cr_assert_eq(w.events, g.events, "year %llu", year);
      cr_assert(memcmp(w.aep, g.aep, sizeof w.aep) == 0, "year %llu", year);
      cr_assert(memcmp(w.oep, g.oep, sizeof w.oep) == 0, "year %llu", year);
      cr_assert(memcmp(w.cat, g.cat, sizeof w.cat) == 0, "year %llu", year);
      cr_assert(memcmp(w.scen, g.scen, scen * sizeof *w.scen) == 0, "year %llu",
                year);
      cr_assert_eq(w.n_touched, g.n_touched, "year %llu", year);
      cr_assert(memcmp(w.touched, g.touched, w.n_touched * sizeof *w.touched) ==
                    0,
                "year %llu", year);
    }
    t0 += k;
  }
  crq_batch_free(&b);
  crq_trial_free(&w);
  crq_trial_free(&g);
  crq_plan_free(p);
  tm_free(t);
  return left;
}

/* A plain plan, amounts off the fast path and beyond exp's inline range;
 * thinned_and_mapped, with both variants and with the measures' alone;
 * and infinite amounts. */
Test(sim_batch, outcomes_equal_the_general_loop) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(1.5), tm_lognormal(14, 2.0));
  tm_plain(t, "b", tm_poisson(0.4), tm_lognormal(-691, 26));
  cr_assert_eq(check_outcomes(t, 20000, 0), 0);
  cr_assert_eq(check_outcomes(thinned_and_mapped(), 20000, 0), 0);
  cr_assert_eq(check_outcomes(thinned_and_mapped(), 20000, 1), 0);
  t = tm_new();
  tm_plain(t, "a", tm_poisson(0.8), tm_lognormal(15, 1.0));
  tm_plain(t, "b", tm_poisson(0.2), tm_lognormal(600, 40)); /* exp > 709 */
  cr_assert_gt(check_outcomes(t, 20000, 0), 0);
}

/* Plans the batch does not take but whose counts are one Poisson draw:
 * rare events (most years empty, skipped), crowded years, two variants. */
Test(sim_batch, sparse_years_match_the_general_loop) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(0.05), tm_gamma(2, 1e6));
  tm_plain(t, "b", tm_poisson(0.01), tm_lognormal(14, 2.0));
  check_same(t, 2 * 65536 + 999, SPARSE, EXACT);
  t = tm_new();
  size_t a = tm_plain(t, "a", tm_poisson(12), tm_gamma(2, 1e6));
  tm_plain(t, "b", tm_poisson(0.3), tm_lognormal(16, 1.5));
  size_t m = measure(t);
  tm_effect(t, m, a, "frequency", NULL, CRQ_EFFECT_SCALE, 0.5);
  check_same(t, 70000, SPARSE, EXACT);
  t = tm_new(); /* the empty years' zeros in the histograms */
  tm_plain(t, "a", tm_poisson(0.2), tm_gamma(2, 1e6));
  check_same(t, 140000, SPARSE, STREAMING);
}

Test(sim_batch, other_plans_take_the_general_loop) {
  tm_model *t = tm_new();
  tm_plain(t, "a", tm_poisson(1), tm_lognormal(12, 1.0));
  tm_plain(t, "b", tm_poisson(1), tm_gamma(2, 1e6)); /* not a lognormal */
  crq_plan *p = tm_plan(t);
  cr_assert_not(crq_batch_eligible(p));
  crq_plan_free(p);
  tm_free(t);
  t = tm_new();
  tm_plain(t, "a", tm_negbin(1, 2), tm_lognormal(12, 1.0)); /* not Poisson */
  p = tm_plan(t);
  cr_assert_not(crq_batch_eligible(p));
  crq_plan_free(p);
  tm_free(t);
}

/* The vectorised lognormal against crq_sampler_draw on the same word. */
Test(sim_batch, lognormal_words_equal_the_sampler) {
  enum { N = 4096 };
  static uint64_t word[N];
  static uint32_t which[N];
  static double mu[N], sigma[N], out[N];
  static int64_t redo[N];
  crq_rng r;
  cr_assert_eq(crq_rng_init(&r, 17), 0);
  crq_rng_seek(&r, 3, 0);
  for (size_t i = 0; i < N; i++) {
    word[i] = crq_rng_u64(&r);
    mu[i] = i % 3 == 0 ? -691.0 : 10.0 + (double)(i % 7);
    sigma[i] = i % 3 == 0 ? 26.0 : 0.5 + (double)(i % 5);
    which[i] = (uint32_t)(N - 1 - i); /* parameters by index */
  }
  crq_lognormal_words(word, which, mu, sigma, out, redo, N);
  size_t fast = 0;
  for (size_t i = 0; i < N; i++) {
    size_t j = which[i];
    crq_dist d = tm_lognormal(mu[j], sigma[j]);
    crq_sampler s;
    cr_assert_eq(crq_sampler_init(&s, &d), 0);
    cr_assert_eq(s.method, CRQ_SAMPLE_LOGNORMAL);
    int inside = crq_zig_inside(word[i]);
    double x = mu[j] + sigma[j] * crq_zig_candidate(word[i]);
    cr_assert_eq(redo[i] != 0, !inside || !(fabs(x) < 700), "word %zu", i);
    if (!redo[i]) { /* a one-word draw: the sampler reads only word[i] */
      crq_rng_seek(&r, 3, 0);
      for (size_t k = 0; k < i; k++)
        crq_rng_u64(&r);
      cr_assert_eq(out[i], crq_sampler_draw(&s, &r), "word %zu", i);
      fast++;
    }
    crq_sampler_free(&s);
  }
  cr_assert_gt(fast, N / 2);
  crq_rng_free(&r);
}

/* crq_partial_fold adds lanes 1, 2, 3 into lane 0 in that order (values
 * where another order rounds otherwise), for every year total and the
 * paired difference, and leaves the scenarios' sums and the events of
 * lane 0 as they were. */
Test(sim_batch, lanes_fold_in_lane_order) {
  crq_partial_layout L = crq_partial_layout_of(2, 3, 1);
  double *part = calloc(CRQ_PARTIAL_LANES * L.size, sizeof *part);
  cr_assert_not_null(part);
  const double lane[4] = {1.0, 0x1p53, 1.0, -0x1p53};
  for (size_t j = 0; j < 4; j++)
    for (size_t i = 0; i < L.size; i++)
      part[j * L.size + i] = lane[j];
  double want = ((lane[0] + lane[1]) + lane[2]) + lane[3]; /* 0: each 1 lost */
  double other = ((lane[0] + lane[3]) + lane[2]) + lane[1];
  cr_assert(want != other, "the values must tell the orders apart");
  crq_partial_fold(&L, part);
  for (int v = 0; v < 2; v++) {
    for (size_t q = CRQ_Q_AEP; q < CRQ_Q_SCEN; q++)
      for (size_t k = 0; k < 2; k++)
        cr_assert(part[crq_partial_at(&L, v, q) + k] == want, "v %d q %zu", v,
                  q);
    for (size_t s = 0; s < 3; s++)
      cr_assert(part[crq_partial_at(&L, v, CRQ_Q_SCEN + s)] == lane[0]);
  }
  cr_assert(part[L.diff] == want && part[L.diff + 1] == want);
  cr_assert(part[L.events] == lane[0]);
  free(part);
}
