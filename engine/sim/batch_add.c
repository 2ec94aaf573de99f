/* engine/sim/batch_add.c — adding up a prepared batch's years (see
 * batch.h).
 *
 * crq_batch_prepare (batch.c) leaves every event of a batch of years in
 * flat arrays, in trial order: its trial, scenario, amount and which
 * variants keep it. Here they become each year's AEP and OEP (in the
 * store), the chunk's partial sums (partial.h) — the same bits as the
 * general loop, crq_trial_run and run.c's accumulate, would give — or one
 * year's whole outcome (crq_batch_outcome). The years are added in one
 * loop over the events (add_pass), then four at a time (lanes).
 */
#include <math.h>
#include <string.h>

#include "compile/compile_steps.h"
#include "sim/batch.h"
#include "sim/clones.h"
#include "sim/partial.h"
#include "sim/trial.h"

static void add2(double *p, double x) {
  p[0] += x;
  p[1] += x * x;
}

/* The double whose bits are u. */
static double bits_double(uint64_t u) {
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* The loss of an event of amount x to variant v of scenario s, as
 * crq_trial_run has it: the amount's map, clipped, for a variant that
 * keeps the event (acc), else 0; then 0 + loss (so never −0.0). The
 * identity map gives x itself (1·x + 0 = x for x ≥ 0). The clip's range
 * starts at the plain model's amount minimum, 0, so a loss is never
 * negative; one that is infinite or NaN, which crq_trial_run rejects,
 * makes the year's total so, which the year's check finds. */
static inline double event_loss(const crq_batch *b, uint32_t s, double x,
                                unsigned acc, int v) {
  double loss = (acc >> v) & 1u
                    ? crq_clip(b->scen_map[s][0][v] * x + b->scen_map[s][1][v],
                               b->scen_range[s][0], b->scen_range[s][1])
                    : 0.0;
  return 0.0 + loss;
}

/* Four doubles, one per lane of the partial sums (partial.h), added
 * element by element (GCC's vector extension: the same IEEE additions on
 * every target, no FMA under -ffp-contract=off). */
typedef double v4 __attribute__((vector_size(4 * sizeof(double))));
_Static_assert(CRQ_PARTIAL_LANES == 4, "v4 holds one sum per lane");

/* The sums of the year totals a batch adds (Σx and Σx² of the AEP, the
 * OEP and category "other" per variant, and of the paired difference), a
 * lane per element. */
typedef struct lanes {
  v4 q[CRQ_MAX_VARIANTS][6];
  v4 d[2];
} lanes;

/* Where lanes' quantity k of variant v lives in a lane block. */
static inline size_t lanes_at(const crq_partial_layout *L, int v, int k) {
  static const size_t q[3] = {CRQ_Q_AEP, CRQ_Q_OEP, CRQ_Q_CAT + CRQ_CAT_OTHER};
  return crq_partial_at(L, v, q[k / 2]) + (size_t)(k % 2);
}

/* Element j of acc from lane (r + j) mod 4 of part, or back. */
static inline void lanes_move(lanes *acc, double *part,
                              const crq_partial_layout *L, int nv, size_t r,
                              int store) {
  for (size_t j = 0; j < 4; j++) {
    double *lane = part + ((r + j) % 4) * L->size;
    for (int v = 0; v < nv; v++)
      for (int k = 0; k < 6; k++) {
        double *x = &lane[lanes_at(L, v, k)];
        if (store)
          *x = acc->q[v][k][j];
        else
          acc->q[v][k][j] = *x;
      }
    for (int k = 0; k < (nv > 1 ? 2 : 0); k++) {
      if (store)
        lane[L->diff + (size_t)k] = acc->d[k][j];
      else
        acc->d[k][j] = lane[L->diff + (size_t)k];
    }
  }
}

static inline void lanes_load(lanes *acc, double *part,
                              const crq_partial_layout *L, int nv, size_t r) {
  lanes_move(acc, part, L, nv, r, 0);
}

static inline void lanes_store(lanes *acc, double *part,
                               const crq_partial_layout *L, int nv, size_t r) {
  lanes_move(acc, part, L, nv, r, 1);
}

/* Adds four years' totals (AEP a, OEP o per variant), one per element. */
static inline void lanes_add(lanes *acc, const v4 *a, const v4 *o, int nv) {
  for (int v = 0; v < nv; v++) {
    acc->q[v][0] += a[v];
    acc->q[v][1] += a[v] * a[v];
    acc->q[v][2] += o[v];
    acc->q[v][3] += o[v] * o[v];
    acc->q[v][4] += a[v];
    acc->q[v][5] += a[v] * a[v];
  }
  if (nv > 1) {
    v4 d = a[0] - a[1];
    acc->d[0] += d;
    acc->d[1] += d * d;
  }
}

/* Whether all four years' totals are finite (x + 0.0 < ∞: not NaN). */
static inline int all_finite(const v4 *a) {
  v4 x = *a + 0.0;
  return x[0] < INFINITY && x[1] < INFINITY && x[2] < INFINITY &&
         x[3] < INFINITY;
}

/* One pass of add_years over trials i .. m − 1 for nv variants (a
 * constant, so the variant loops unroll; plain: one variant whose every
 * amount is its loss, the simple batch; by_scen: the scenarios' sums too, as
 * the layout asks, else only the years'): adds them all and returns m, or,
 * when a trial's total is not finite, returns the first such trial t and
 * leaves the partial sums as they were (the store's rows [i, m) then hold
 * partial figures, to be written again).
 *
 * Each trial's AEP and OEP build up where the store keeps them (in
 * streaming and band mode, or for an OEP not kept, in year_aep and
 * year_oep; the years go to the histograms or tallies at the end). Scenario s's
 * loss to variant v in the trial it was last seen in (the number after its slot
 * in sum) builds up in sum[s·(nv + 1) + v] and goes to the partial sums at s's
 * next event in another trial, the rest after the loop; an event of a scenario
 * already seen in its trial adds +0.0, as do an event to a variant that does
 * not keep it, which changes no bit (partial sums are sums of non-negative
 * numbers, never −0.0). So each scenario's partial sums receive its trials'
 * sums in trial order, as from crq_trial_run's year, and +0.0s. Every sum is
 * 0.0 between passes, so a trial number left from an earlier pass (even this
 * trial's) changes nothing: +0.0 is added either way and the new sum starts
 * from 0.0. The flush after the loop and the copy kept for putting the sums
 * back take time in proportion to the plan's scenarios, once a pass. A loss
 * that crq_trial_run would reject (infinite or NaN: event_loss; a plain amount
 * is an exp() value, never negative) makes its year's total infinite or
 * NaN, so one check of each year's totals finds every year to hand on. The
 * run's sums of the AEP, the OEP and category "other" (the AEP here) stay in
 * registers, four years at a time, one per lane of the partial sums
 * (partial.h). The events add up to the count exactly (integers below
 * 2^53), so they are added at once. */
static inline __attribute__((always_inline)) size_t
add_pass(crq_batch *b, size_t i, size_t m, crq_store *store, double *part,
         const crq_partial_layout *L, const int nv, const int plain,
         const int by_scen) {
  size_t ns = b->plan->n_scenarios, t;
  double *ya[CRQ_MAX_VARIANTS], *yo[CRQ_MAX_VARIANTS], *sp[CRQ_MAX_VARIANTS];
  double *restrict sum = b->sum;
  const size_t slot = (size_t)nv + 1; /* sum[s·slot + v], the mark after */
  const uint32_t *restrict scen = b->scen;
  const uint64_t *restrict trial = b->trial;
  const double *restrict amount = b->amount;
  const uint64_t t0 = b->t0;
  const uint32_t t0_low = (uint32_t)t0; /* y = trial − t0 < 2^32 */
  for (int v = 0; v < nv; v++) {
    /* in streaming and band mode the years go to the histograms or the
     * tallies after the loop */
    ya[v] = crq_store_row(store, v, 0, t0);
    ya[v] = ya[v] ? ya[v] : b->year_aep + v * CRQ_BATCH_TRIALS;
    yo[v] = crq_store_row(store, v, 1, t0);
    yo[v] = yo[v] ? yo[v] : b->year_oep + v * CRQ_BATCH_TRIALS;
    sp[v] = part + crq_partial_at(L, v, CRQ_Q_SCEN);
    if (by_scen)
      memcpy(b->saved + 2 * ns * v, sp[v], 2 * ns * sizeof *sp[v]);
    memset(ya[v] + i, 0, (m - i) * sizeof *ya[v]);
    memset(yo[v] + i, 0, (m - i) * sizeof *yo[v]);
  }
  const size_t end = b->first[m];
  for (size_t k = b->first[i]; k < end; k++) {
    uint64_t tr = trial[k], seen;
    uint32_t y = (uint32_t)tr - t0_low, s = scen[k];
    double x = amount[k], *at = sum + s * slot;
    unsigned acc = plain ? 1u : b->accepted[k];
    memcpy(&seen, &at[nv], sizeof seen);
    /* all ones when s was last seen in another trial */
    uint64_t fresh = (uint64_t)0 - (seen != tr);
    for (int v = 0; v < nv; v++) {
      double d = plain ? x : event_loss(b, s, x, acc, v);
      ya[v][y] += d;
      yo[v][y] = d > yo[v][y] ? d : yo[v][y];
      if (by_scen) {
        uint64_t held, passed;
        memcpy(&held, &at[v], sizeof held);
        passed = held & fresh; /* the rest, held ^ passed, stays */
        add2(sp[v] + 2 * (size_t)s, bits_double(passed));
        at[v] = bits_double(held ^ passed) + d;
      }
    }
    if (by_scen)
      memcpy(&at[nv], &tr, sizeof tr);
  }
  for (size_t s = 0; s < (by_scen ? ns : 0); s++)
    for (int v = 0; v < nv; v++) {
      add2(sp[v] + 2 * s, sum[s * slot + (size_t)v]);
      sum[s * slot + (size_t)v] = 0.0;
    }
  /* the year totals' sums: lanes' element j holds years i + 4k + j */
  const size_t r = (size_t)((t0 + i) % CRQ_PARTIAL_LANES);
  lanes acc;
  lanes_load(&acc, part, L, nv, r);
  for (t = i; t + 4 <= m; t += 4) {
    v4 a[CRQ_MAX_VARIANTS], o[CRQ_MAX_VARIANTS];
    int finite = 1;
    for (int v = 0; v < nv; v++) {
      memcpy(&a[v], ya[v] + t, sizeof a[v]);
      memcpy(&o[v], yo[v] + t, sizeof o[v]);
      finite &= all_finite(&a[v]);
    }
    if (!finite)
      break;
    lanes_add(&acc, a, o, nv);
  }
  /* the last years (fewer than four), or a block with a year that is not
   * finite, one at a time: the year in its element, +0.0 (which changes
   * no bit of these sums) in the others */
  for (; t < m; t++) {
    v4 a[CRQ_MAX_VARIANTS] = {{0}}, o[CRQ_MAX_VARIANTS] = {{0}};
    int finite = 1;
    for (int v = 0; v < nv; v++) {
      a[v][(t - i) % 4] = ya[v][t];
      o[v][(t - i) % 4] = yo[v][t];
      finite &= ya[v][t] + 0.0 < INFINITY;
    }
    if (!finite)
      break;
    lanes_add(&acc, a, o, nv);
  }
  if (t < m) { /* trial t is for crq_trial_run */
    for (int v = 0; v < (by_scen ? nv : 0); v++)
      memcpy(sp[v], b->saved + 2 * ns * v, 2 * ns * sizeof *sp[v]);
    return t;
  }
  lanes_store(&acc, part, L, nv, r);
  part[L->events] += (double)(b->first[m] - b->first[i]);
  if (!crq_store_exact(store)) {
    double *a[CRQ_MAX_VARIANTS], *o[CRQ_MAX_VARIANTS];
    for (int v = 0; v < nv; v++) {
      a[v] = ya[v] + i;
      o[v] = yo[v] + i;
    }
    crq_store_years(store, t0 + i, m - i, nv, a, o);
  }
  return m;
}

/* add_pass for each kind of batch, with and without the scenarios' sums,
 * each compiled on its own (its loop keeps its pointers in registers), and
 * for the CPU it runs on (clones.h: AVX's sixteen or more vector registers
 * hold the lanes' sums). */
typedef size_t (*add_pass_fn)(crq_batch *, size_t, size_t, crq_store *,
                              double *, const crq_partial_layout *);

#define CRQ_ADD_PASS(name, nv, plain, by_scen)                                 \
  CRQ_VECTOR_CLONES static __attribute__((noinline)) size_t name(              \
      crq_batch *b, size_t i, size_t m, crq_store *store, double *part,        \
      const crq_partial_layout *L) {                                           \
    return add_pass(b, i, m, store, part, L, nv, plain, by_scen);              \
  }
CRQ_ADD_PASS(add_pass_simple, 1, 1, 1)
CRQ_ADD_PASS(add_pass_one, 1, 0, 1)
CRQ_ADD_PASS(add_pass_two, 2, 0, 1)
CRQ_ADD_PASS(add_pass_simple_years, 1, 1, 0)
CRQ_ADD_PASS(add_pass_one_years, 1, 0, 0)
CRQ_ADD_PASS(add_pass_two_years, 2, 0, 0)
#undef CRQ_ADD_PASS

/* Adds trials i .. m − 1 of the batch, none of them marked for redo, in
 * one loop over their events instead of a loop per trial whose length,
 * the trial's count, would mispredict (add_pass). Returns the first trial
 * not added: m, or the first whose losses or total crq_trial_run rejects,
 * the trials before it added by a second pass. */
static size_t add_years(crq_batch *b, size_t i, size_t m, crq_store *store,
                        double *part, const crq_partial_layout *L) {
  static const add_pass_fn passes[2][3] = {
      {add_pass_simple_years, add_pass_one_years, add_pass_two_years},
      {add_pass_simple, add_pass_one, add_pass_two}};
  int kind = b->simple ? 0 : b->plan->n_variants == 2 ? 2 : 1;
  add_pass_fn pass = passes[L->scenario_sums][kind];
  size_t t = pass(b, i, m, store, part, L);
  if (t < m && t > i)
    pass(b, i, t, store, part, L); /* all finite: adds them */
  return t;
}

int crq_batch_outcome(const crq_batch *b, size_t i, crq_trial *w) {
  const crq_plan *p = b->plan;
  if (b->redo[i])
    return 0;
  crq_trial_reset(p, w);
  w->events = b->first[i + 1] - b->first[i];
  for (size_t k = b->first[i]; k < b->first[i + 1]; k++) {
    uint32_t s = b->scen[k];
    const crq_plan_trigger *t = &p->triggers[p->scenarios[s].trigger_begin];
    unsigned accepted = b->simple ? 1u : b->accepted[k];
    double x = b->amount[k], loss[CRQ_MAX_VARIANTS];
    if (b->scen_identity[s]) { /* x → x on [0, ∞]: x ≥ 0 stays as it is */
      if (!(x < INFINITY))
        return 0;
      for (int v = 0; v < p->n_variants; v++)
        loss[v] = (accepted >> v) & 1u ? x : 0.0;
    } else if (crq_trial_identity_loss(p, t, x, accepted, loss)) {
      return 0;
    }
    crq_trial_add_event(p, w, s, t, accepted, loss);
  }
  return crq_trial_finish(p, w) == CRQ_OK;
}

size_t crq_batch_add(crq_batch *b, size_t i, crq_store *store, double *part,
                     const crq_partial_layout *L) {
  const unsigned char *redo = memchr(b->redo + i, 1, b->n - i);
  return add_years(b, i, redo ? (size_t)(redo - b->redo) : b->n, store, part,
                   L);
}
