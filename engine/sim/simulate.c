/* engine/sim/simulate.c — the public entry point: options, compile, run,
 * summarise.
 *
 * Resolves the options against the model's simulation settings (trials,
 * seed, threads: 0 means the model's setting, and a model setting of 0
 * means every core OpenMP offers), picks the mode (every year's losses
 * kept, or histograms when that would exceed the memory budget: streaming
 * mode), compiles the plan, runs the trials and hands the raw outcome to
 * the statistics, which keep it.
 */
#include "sim/simulate.h"

#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "compile/plan.h"
#include "model_def.h"
#include "sim/run.h"
#include "stats/result_impl.h"

void crq_sim_options_init(crq_sim_options *opts) {
  memset(opts, 0, sizeof *opts);
}

uint64_t crq_sim_exact_bytes_of(const crq_model *model, uint64_t trials,
                                int annual_only) {
  uint64_t variants = model->n_measures > 0 ? 2 : 1;
  uint64_t bases = annual_only ? 1 : 2;
  return trials * variants * (bases * sizeof(double) + sizeof(uint32_t));
}

uint64_t crq_sim_exact_bytes(const crq_model *model, uint64_t trials) {
  return crq_sim_exact_bytes_of(model, trials, 0);
}

/* The machine's memory in MiB (2 GiB when unknown). */
static uint64_t physical_mib(void) {
  long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || size <= 0)
    return 2048;
  return (uint64_t)pages * (uint64_t)size >> 20;
}

uint64_t crq_sim_default_memory_mib(void) {
  return physical_mib() / 2;
}

uint64_t crq_sim_budget_bytes(const crq_sim_options *o) {
  uint64_t mib = o->memory_mib ? o->memory_mib : crq_sim_default_memory_mib();
  /* More than the machine has would be granted (overcommit), then the run
   * killed when it touches it: a budget counts up to the machine's memory */
  uint64_t machine = physical_mib();
  mib = mib < machine ? mib : machine;
  crq_comm_min_u64(o->comm, &mib, 1); /* every process decides alike */
  return mib << 20;
}

/* The bytes one process keeps for an exact run of trials years. */
static uint64_t exact_share_bytes(const crq_model *model,
                                  const crq_sim_options *o, uint64_t trials) {
  uint64_t share =
      crq_comm_split(o->comm) ? trials / (uint64_t)o->comm->size + 1 : trials;
  return crq_sim_exact_bytes_of(model, share, o->annual_only);
}

int crq_sim_streams(const crq_model *model, const crq_sim_options *opts) {
  crq_sim_options defaults;
  crq_sim_options_init(&defaults);
  const crq_sim_options *o = opts ? opts : &defaults;
  if (o->n_quantiles > 0) /* a few years near each level: never too many */
    return 0;
  uint64_t trials = o->trials ? o->trials : model->settings.trials;
  /* The budget is per process; every process decides alike. */
  return o->streaming > 0 ||
         (o->streaming == 0 &&
          exact_share_bytes(model, o, trials) > crq_sim_budget_bytes(o));
}

/* The named quantile levels, when there are some, and the options they
 * exclude. */
static crq_status check_quantiles(const crq_sim_options *o, crq_diags *diags) {
  if (o->n_quantiles == 0)
    return CRQ_OK;
  if (o->n_quantiles > CRQ_QUANTILES_MAX || o->quantiles == NULL)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "quantiles: %zu levels%s; expected 1 to %d levels",
                         o->n_quantiles, o->quantiles ? "" : " and no array",
                         CRQ_QUANTILES_MAX);
  for (size_t i = 0; i < o->n_quantiles; i++)
    if (!(o->quantiles[i] >= 0.0 && o->quantiles[i] <= 1.0))
      return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                           "quantiles: level %zu is %g; expected a level "
                           "from 0 to 1, such as 0.99",
                           i + 1, o->quantiles[i]);
  if (o->streaming > 0 || o->precision > 0.0)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "quantiles: a run told its levels keeps the years "
                         "near them, exactly; expected no %s with it",
                         o->streaming > 0 ? "streaming mode" : "precision");
  return CRQ_OK;
}

crq_status crq_sim_options_check(const crq_sim_options *o, crq_diags *diags) {
  if (o->threads < 0 || o->threads > CRQ_THREADS_MAX)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "cannot simulate on %d threads; expected 0 (all "
                         "cores) to %d",
                         o->threads, CRQ_THREADS_MAX);
  if (o->streaming < -1 || o->streaming > 1)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "streaming: %d is not a mode; expected -1 (never), "
                         "0 (when the memory budget requires it) or 1 "
                         "(always)",
                         o->streaming);
  if (!(o->precision >= 0 && o->precision < INFINITY))
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "precision: %g is not a share; expected 0 (a fixed "
                         "number of trials) or a relative precision such as "
                         "0.01",
                         o->precision);
  return check_quantiles(o, diags);
}

static crq_status resolve(const crq_model *model, const crq_sim_options *o,
                          crq_run_options *ro, crq_diags *diags) {
  crq_status st = crq_sim_options_check(o, diags);
  if (st != CRQ_OK)
    return st;
  ro->trials = o->trials ? o->trials : model->settings.trials;
  ro->seed = o->has_seed ? o->seed : model->settings.seed;
  ro->threads = o->threads > 0 ? o->threads : model->settings.threads;
  if (ro->threads <= 0)
    ro->threads = omp_get_max_threads();
  ro->progress = o->progress;
  ro->progress_ctx = o->progress_ctx;
  ro->comm = o->comm;
  ro->annual_only = o->annual_only != 0;
  ro->no_scenario_eal = o->no_scenario_eal != 0;
  ro->streaming = crq_sim_streams(model, o);
  if (ro->trials == 0 || ro->trials > CRQ_TRIALS_MAX)
    return crq_diags_add(diags, CRQ_ERR_LIMIT, NULL, 0, 0,
                         "cannot simulate %llu trials; expected 1 to %llu",
                         (unsigned long long)ro->trials,
                         (unsigned long long)CRQ_TRIALS_MAX);
  /* Never streaming, and more than the machine has: the allocation could
   * be granted (overcommit) and the process killed when it touches it,
   * so the run fails here instead, as out of memory. (Named quantiles
   * never stream; alone, they keep every year only of runs too short to
   * matter.) */
  int named = o->n_quantiles > 0, alone = !crq_comm_split(o->comm);
  uint64_t need = named && alone ? 0 : exact_share_bytes(model, o, ro->trials);
  uint64_t machine = physical_mib() << 20;
  crq_comm_min_u64(o->comm, &machine, 1); /* every process decides alike */
  if ((o->streaming < 0 || named) && need > machine)
    return crq_diags_add(
        diags, CRQ_ERR_NOMEM, NULL, 0, 0,
        "keeping every year's loss of %llu trials needs %llu MiB, more than "
        "this machine's %llu MiB; %s or simulate fewer trials",
        (unsigned long long)ro->trials, (unsigned long long)(need >> 20),
        (unsigned long long)(machine >> 20),
        named ? "run in one process (which keeps only the years near the "
                "quantiles)"
              : "let the run use streaming mode");
  return CRQ_OK;
}

/* A named run's progress as one run's: the pilot's years out of the
 * whole run's, the rest counting on from them, and a second run (bounds
 * that missed) staying at what the first reached until it passes it. */
typedef struct named_progress {
  crq_progress_fn fn;
  void *ctx;
  uint64_t reached, total;
} named_progress;

static int named_progress_forward(void *ctx, uint64_t done, uint64_t total) {
  (void)total; /* the pilot's is its own */
  named_progress *p = ctx;
  p->reached = done > p->reached ? done : p->reached;
  return p->fn(p->ctx, p->reached, p->total);
}

/* A run that must give ranks[0..m) only: alone and of CRQ_NAMED_MIN_TRIALS
 * or more, it first runs its first years (the pilot), and the rest then
 * tallies its years by bands from the pilot's (named.h), the pilot's
 * added; once more, with the cells the bands missed, if they missed.
 * Else it keeps every year. */
static crq_status run_named(const crq_plan *plan, const crq_model *model,
                            const crq_run_options *ro, const uint64_t *ranks,
                            int m, crq_run *run, crq_diags *diags) {
  memset(run, 0, sizeof *run); /* for the caller's crq_run_free */
  if (crq_comm_split(ro->comm) || ro->trials < CRQ_NAMED_MIN_TRIALS)
    return crq_run_plan(plan, model, ro, run, diags);
  _Static_assert(CRQ_NAMED_PILOT % CRQ_CHUNK_TRIALS == 0, "whole chunks");
  named_progress np = {ro->progress, ro->progress_ctx, 0, ro->trials};
  crq_run_options po = *ro, bo = *ro;
  if (ro->progress) { /* the pilot can take a second: stoppable */
    po.progress = bo.progress = named_progress_forward;
    po.progress_ctx = bo.progress_ctx = &np;
  }
  po.trials = CRQ_NAMED_PILOT; /* the run's first chunks, to the bit */
  po.of_trials = ro->trials;
  /* 2 ms of work for W20: on a shared machine, waiting at its end for a
   * second thread that another job holds took up to 10 ms */
  po.threads = 1;
  crq_run pilot;
  crq_status st = crq_run_plan(plan, model, &po, &pilot, diags);
  if (st != CRQ_OK) /* the run's first failure: its first years' */
    return st;
  crq_band_set set[CRQ_MAX_VARIANTS];
  int rc = 0;
  for (int v = 0; v < pilot.n_variants; v++)
    rc |= crq_named_bands(pilot.aep[v], CRQ_NAMED_PILOT, ro->trials, ranks, m,
                          &set[v]);
  bo.band = set;
  bo.skip_chunks = CRQ_NAMED_PILOT / CRQ_CHUNK_TRIALS;
  for (int again = 0; rc == 0; again = 1) {
    st = crq_run_plan(plan, model, &bo, run, diags);
    if (st != CRQ_OK)
      break;
    if ((rc = crq_run_absorb(run, &pilot)) != 0)
      crq_run_free(run);
    int covered = 1;
    for (int v = 0; rc == 0 && v < run->n_variants; v++)
      covered &= crq_named_covered(&set[v], &run->band[v], ranks, m);
    if (rc != 0 || covered || again) /* again: the cells that hold them */
      break;
    crq_run_free(run);
  }
  crq_run_free(&pilot);
  if (rc != 0)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory for the years near the quantiles");
  return st;
}

/* crq_simulate_trials, of both variants or (measures_only) of the
 * with-measures variant alone. */
static crq_status simulate(const crq_model *model,
                           const double *measure_achievement,
                           const crq_sim_options *opts, uint64_t trials,
                           int measures_only, crq_result **out,
                           crq_diags *diags) {
  *out = NULL;
  crq_sim_options o;
  crq_sim_options_init(&o);
  if (opts)
    o = *opts;
  o.trials = trials ? trials : o.trials;
  o.annual_only |= o.n_quantiles > 0;
  crq_run_options ro = {0};
  crq_status st = resolve(model, &o, &ro, diags);
  if (st != CRQ_OK)
    return st;
  double t0 = omp_get_wtime();
  crq_plan *plan = NULL;
  st = crq_plan_compile(model, measure_achievement, &plan, diags);
  if (st != CRQ_OK)
    return st;
  if (measures_only)
    crq_plan_keep_measures(plan);
  uint64_t ranks[CRQ_NAMED_MAX];
  int m = o.n_quantiles > 0
              ? crq_named_ranks(ro.trials, o.quantiles, o.n_quantiles, ranks)
              : 0;
  crq_run run;
  st = m > 0 ? run_named(plan, model, &ro, ranks, m, &run, diags)
             : crq_run_plan(plan, model, &ro, &run, diags);
  if (st == CRQ_OK)
    st = crq_result_build(model, plan, &run, ranks, m, out, diags);
  crq_run_free(&run);
  if (st != CRQ_OK) {
    crq_plan_free(plan);
    return st;
  }
  (*out)->seconds = omp_get_wtime() - t0;
  return CRQ_OK;
}

crq_status crq_sim_check(const crq_model *model, crq_diags *diags) {
  if (!model)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_sim_check: no model");
  crq_plan *plan = NULL;
  crq_status st = crq_plan_compile(model, NULL, &plan, diags);
  crq_plan_free(plan);
  return st;
}

crq_status crq_simulate_trials(const crq_model *model,
                               const double *measure_achievement,
                               const crq_sim_options *opts, uint64_t trials,
                               crq_result **out, crq_diags *diags) {
  return simulate(model, measure_achievement, opts, trials, 0, out, diags);
}

crq_status crq_simulate_measures(const crq_model *model,
                                 const double *measure_achievement,
                                 const crq_sim_options *opts, crq_result **out,
                                 crq_diags *diags) {
  if (opts && opts->precision > 0.0)
    return crq_simulate_at(model, measure_achievement, opts, out, diags);
  return simulate(model, measure_achievement, opts, 0, 1, out, diags);
}

crq_status crq_simulate_at(const crq_model *model,
                           const double *measure_achievement,
                           const crq_sim_options *opts, crq_result **out,
                           crq_diags *diags) {
  if (opts && opts->precision > 0.0)
    return crq_simulate_precise(model, measure_achievement, opts, out, diags);
  return crq_simulate_trials(model, measure_achievement, opts, 0, out, diags);
}

crq_status crq_simulate(const crq_model *model, const crq_sim_options *opts,
                        crq_result **out, crq_diags *diags) {
  if (!model || !out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_simulate: no model or no result pointer");
  return crq_simulate_at(model, NULL, opts, out, diags);
}
