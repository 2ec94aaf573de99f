/* engine/analysis/whatif.c — the pieces every what-if analysis shares
 * (whatif_impl.h): same trials and seed for every variant, one progress
 * over all the simulations, the headline figures of a run.
 */
#include <string.h>

#include "analysis/whatif_impl.h"
#include "model_def.h"
#include "sim/simulate.h"

void crq_whatif_options_init(crq_whatif_options *opts) {
  memset(opts, 0, sizeof *opts);
  crq_sim_options_init(&opts->sim);
}

static int forward(void *ctx, uint64_t done, uint64_t total) {
  (void)total;
  crq_whatif_progress *p = ctx;
  return p->fn(p->ctx, p->done + done, p->total);
}

crq_sim_options crq_whatif_sim(const crq_model *base, const crq_sim_options *in,
                               crq_whatif_progress *p, uint64_t evaluations) {
  crq_sim_options sim;
  crq_sim_options_init(&sim);
  if (in)
    sim = *in;
  sim.trials = sim.trials ? sim.trials : base->settings.trials;
  sim.seed = sim.has_seed ? sim.seed : base->settings.seed;
  sim.has_seed = 1;
  sim.threads = sim.threads ? sim.threads : base->settings.threads;
  sim.precision = 0;    /* every variant on the same trials, or no pairing */
  sim.quantiles = NULL; /* the figures set their own options */
  sim.n_quantiles = 0;
  *p = (crq_whatif_progress){sim.progress, sim.progress_ctx, 0,
                             sim.trials * evaluations};
  if (sim.progress) {
    sim.progress = forward;
    sim.progress_ctx = p;
  }
  return sim;
}

void crq_whatif_progress_step(crq_whatif_progress *p,
                              const crq_sim_options *sim) {
  p->done += sim->trials;
}

void crq_figures_of(const crq_result *r, crq_variant v, crq_figures *out) {
  double worst = crq_result_max_loss(r, v);
  out->fig[CRQ_FIG_MAX_LOSS] = (crq_estimate){worst, 0.0, worst, worst};
  out->fig[CRQ_FIG_EAL] = crq_result_eal(r, v);
  /* TVaR first: it buckets the losses, from which VaR then comes without
   * a selection pass of its own */
  out->fig[CRQ_FIG_TVAR99] = crq_result_tvar(r, v, CRQ_AEP, 0.99);
  out->fig[CRQ_FIG_VAR99] = crq_result_quantile(r, v, CRQ_AEP, 0.99);
}

crq_variant crq_whatif_variant(const crq_result *r, int baseline) {
  return baseline ? CRQ_BASELINE
                  : (crq_variant)(crq_result_variant_count(r) - 1);
}

crq_status crq_whatif_evaluate(const crq_model *model, const double *ach,
                               const crq_sim_options *sim, int baseline,
                               crq_whatif_progress *p, crq_figures *out,
                               crq_diags *diags) {
  crq_result *r;
  /* the figures are the annual loss's, and read no scenario's EAL */
  crq_sim_options annual = *sim;
  annual.annual_only = 1;
  annual.no_scenario_eal = 1;
  crq_status st = baseline /* else the with-measures variant is all */
                      ? crq_simulate_at(model, ach, &annual, &r, diags)
                      : crq_simulate_measures(model, ach, &annual, &r, diags);
  if (st != CRQ_OK)
    return st;
  crq_figures_of(r, crq_whatif_variant(r, baseline), out);
  crq_result_free(r);
  crq_whatif_progress_step(p, sim);
  return CRQ_OK;
}
