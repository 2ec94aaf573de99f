/* crq/sim.h — running the Monte Carlo simulation.
 *
 * A run simulates `trials` independent years. Trial t draws all its random
 * numbers from Philox4x32-10 streams keyed by the seed with the counters
 * (t, stream, block) — its counts from stream 0, its event e from stream
 * e + 1 (docs/methodology.md §3) — so a trial's outcome depends only on
 * (model, seed, t):
 * results are bit-identical for any number of threads or processes, and
 * the baseline and with-measures evaluations of a trial share their random
 * numbers (common random numbers), which makes the reduction a paired,
 * low-noise estimate.
 *
 * Thread safety: crq_simulate may be called concurrently on the same or on
 * different models; each call owns its result.
 */
#ifndef CRQ_SIM_H
#define CRQ_SIM_H

#include <stdint.h>

#include "crq/model.h"
#include "crq/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct crq_result crq_result;
struct crq_comm;

/* Called from the thread that called crq_simulate: once early in every run
 * (so an analysis of many short runs is told, and can stop, in each), then
 * about ten times a second at most; return non-zero to stop the run
 * (crq_simulate then returns CRQ_ERR_INTERRUPTED and no result). */
typedef int (*crq_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/* The most years a run simulates (2^32 − 1): trial numbers within a run
 * fit 32 bits. The same limit for --trials, a model's simulation.trials
 * and crq_sim_options.trials. */
#define CRQ_TRIALS_MAX 4294967295u

/* The most threads a run may ask for (the model file's and the CLI's limit
 * too): more would only fail to start, which OpenMP reports by exiting. */
#define CRQ_THREADS_MAX 4096

typedef struct crq_sim_options {
  uint64_t trials; /* 0: the model's simulation.trials; ≤ CRQ_TRIALS_MAX */
  uint64_t seed;   /* used when has_seed, else the model's simulation.seed */
  int has_seed;
  int threads; /* 0: the model's simulation.threads, else all cores;
                  at most CRQ_THREADS_MAX */
  crq_progress_fn progress;
  void *progress_ctx;
  /* Memory budget in MiB for keeping every simulated year's loss (exact
   * order statistics); 0: half the physical memory; more than the physical
   * memory counts as the physical memory (with MPI: the least over the
   * processes). A run that needs more runs in streaming mode
   * (crq_result_streaming). */
  uint64_t memory_mib;
  /* 0: streaming mode when the budget requires it; 1: always; -1: never
   * (the run then fails with CRQ_ERR_NOMEM if memory runs out, and at
   * once, before simulating, when every year's loss would take more than
   * the machine's memory); other values are CRQ_ERR_USAGE. */
  int streaming;
  /* The processes of an MPI job to split the trials over (crq_comm_world
   * below); NULL: this process alone. Every process then gets the same
   * result and must make the same queries on it, in the same order. */
  const struct crq_comm *comm;
  /* > 0: simulate until the standard error of the EAL and the half-width
   * of the 95% interval of VaR 99% (baseline, annual loss) are both within
   * precision × their value (e.g. 0.01 for 1%), trials then being the
   * most to simulate (0: 10⁹). The runs have fixed sizes (131,072 years ×
   * a power of two), each one the same as a plain run of that many years,
   * so the outcome is deterministic for a seed; crq_result_trials tells
   * how many were needed. Negative or not finite: CRQ_ERR_USAGE. */
  double precision;
  /* 1: keep each simulated year's annual loss (AEP) but not its largest
   * single loss (OEP), for runs that need statistics of the annual loss
   * only: 12 bytes a year and variant instead of 20, and less time. The
   * OEP's order statistics (quantiles, TVaR, exceedance, return periods,
   * the largest simulated) are then NAN; its mean and SD remain. Streaming
   * mode keeps both (its histograms are small). */
  int annual_only;
  /* 1: do not add up each scenario's losses year by year, whose only use
   * is crq_result_scenario_eal (then NAN), for runs that read no
   * per-scenario mean: about half the cost of adding up a year's events
   * when scenarios are many and events few (docs/performance.md). Every
   * other figure keeps its bits; the reports, which show each scenario's
   * EAL, refuse such a result. The what-if analyses (analysis.h) set it
   * for their own runs as their figures need, whatever it is here. */
  int no_scenario_eal;
  /* n_quantiles > 0: the run gives the annual loss's quantiles at these
   * levels only (each in [0, 1], at most CRQ_QUANTILES_MAX), for a caller
   * that knows which it will read: crq_result_quantile at those levels
   * (with their intervals) and crq_result_max_simulated, of the AEP, each
   * the exact order statistic a run keeping every year gives, to the bit.
   * Instead of keeping every year's loss (8 bytes a year), a run of 2^20
   * years or more alone in its process draws a pilot of its first 65,536
   * years, keeps only the years near where the pilot puts each level, and
   * selects among them (Floyd & Rivest's selection done during the run); when
   * one of the pilot's bounds misses (each about once in 3·10⁶ runs), the run
   * is repeated keeping more (docs/methodology.md), its progress held
   * where the first run reached (the pilot's years count as progress,
   * and a stop asked for during the pilot stops it). Every other order
   * statistic (other levels, TVaR, exceedance, the OEP's) is NAN,
   * crq_result_reduction_quantile at a named level has no standard error, and
   * the reports and crq_analyse refuse the result; the means and SDs remain.
   * Implies annual_only; not with streaming = 1 or precision > 0
   * (CRQ_ERR_USAGE). The what-if analyses (analysis.h, whatif.h) ignore it. */
  const double *quantiles;
  size_t n_quantiles;
} crq_sim_options;

/* The most levels crq_sim_options.quantiles may name. */
#define CRQ_QUANTILES_MAX 16

/* Zeroes opts: everything comes from the model. */
void crq_sim_options_init(crq_sim_options *opts);

/* Checks what crq_simulate checks of a model before it draws anything:
 * compiles it (at its KPIs' achievements) and discards the result. Fails
 * with CRQ_ERR_LIMIT when its years would hold more events than a trial
 * can, CRQ_ERR_INPUT when a measure raises a non-Poisson rate or a
 * scenario's worst case is not a finite amount, each with a diagnostic at
 * the scenario or trigger, or CRQ_ERR_NOMEM. `crq validate` is this after
 * crq_model_load_file. */
crq_status crq_sim_check(const crq_model *model, crq_diags *diags);

/* Simulates the model. Models with measures are evaluated twice per trial,
 * without (CRQ_BASELINE) and with them (CRQ_MEASURES), on the same trials.
 * opts NULL takes everything from the model; a NULL model or out is
 * CRQ_ERR_USAGE. */
crq_status crq_simulate(const crq_model *model, const crq_sim_options *opts,
                        crq_result **out, crq_diags *diags);

/* The bytes a run of `trials` years of model keeps to give exact order
 * statistics (every year's losses per variant and basis, and a trial index
 * for the annual totals: 20 bytes per year and variant; 12 with
 * annual_only, which keeps one basis). */
uint64_t crq_sim_exact_bytes(const crq_model *model, uint64_t trials);

/* Whether a run of model with opts (precision aside: trials years) keeps
 * histograms instead of every year's loss (streaming mode): what
 * crq_simulate decides, known before it runs. */
int crq_sim_streams(const crq_model *model, const crq_sim_options *opts);

/* ---- Runs split over MPI processes (docs/cluster.md) ---- */

/* The processes of MPI_COMM_WORLD, for crq_sim_options.comm: every
 * process then simulates its share of the trials and gets the whole
 * result (the same bits as one process), and must make the same calls on
 * it in the same order. Call after MPI_Init_thread (at least
 * MPI_THREAD_FUNNELED: crq calls MPI from the calling thread only); free
 * before MPI_Finalize. CRQ_ERR_USAGE when MPI is not initialised, or when
 * libcrq was built without MPI (CMake option CRQ_MPI). */
crq_status crq_comm_world(struct crq_comm **out, crq_diags *diags);
/* This process's rank, and the number of processes (0 and 1 for NULL, a
 * process alone). */
int crq_comm_rank(const struct crq_comm *comm);
int crq_comm_size(const struct crq_comm *comm);
void crq_comm_free(struct crq_comm *comm);

/* The default memory budget: half the physical memory, in MiB. */
uint64_t crq_sim_default_memory_mib(void);

#ifdef __cplusplus
}
#endif
#endif
