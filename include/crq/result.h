/* crq/result.h — the figures of a run, each with its precision.
 *
 * Monte Carlo figures come as a crq_estimate: the value, its standard error
 * and a 95% confidence interval. Means use the sample standard deviation;
 * quantiles use the distribution-free order-statistic interval; TVaR and
 * paired differences of tail figures use batch means over 32 fixed batches
 * of trials (docs/methodology.md).
 *
 * Amounts are in the model's currency. "Loss" without a category means the
 * direct total (categories CRQ_CAT_DATA_THEFT..CRQ_CAT_OTHER); indirect
 * losses are reported beside it.
 *
 * Thread safety: a result may be queried and written from any number of
 * threads at once (figures computed on first use are built behind a lock).
 */
#ifndef CRQ_RESULT_H
#define CRQ_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "crq/model.h"
#include "crq/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum crq_variant { CRQ_BASELINE = 0, CRQ_MEASURES = 1 } crq_variant;

typedef enum crq_basis {
  CRQ_AEP = 0, /* annual aggregate loss */
  CRQ_OEP = 1  /* largest single event of the year */
} crq_basis;

typedef struct crq_estimate {
  double value;
  double se;     /* standard error */
  double lo, hi; /* 95% confidence interval */
} crq_estimate;

typedef enum crq_verdict {
  CRQ_GREEN = 0, /* within appetite with margin */
  CRQ_AMBER,     /* within appetite, but the 95% interval reaches the limit */
  CRQ_RED        /* beyond appetite */
} crq_verdict;

void crq_result_free(crq_result *r);

/* Run facts. */
uint64_t crq_result_trials(const crq_result *r);
uint64_t crq_result_seed(const crq_result *r);
int crq_result_threads(const crq_result *r);
double crq_result_seconds(const crq_result *r);
/* 1 for a model without measures, else 2 (CRQ_BASELINE, CRQ_MEASURES). */
int crq_result_variant_count(const crq_result *r);
const crq_model *crq_result_model(const crq_result *r);
/* Non-zero when the run kept no year's loss (streaming mode, chosen when
 * the exact mode would exceed the memory budget, crq_sim_options): its
 * quantiles, TVaR and exceedance probabilities come from log-bucket
 * histograms, within 0.1% of the exact figures; contributions re-simulate
 * every year. Means and their standard errors are exact either way. */
int crq_result_streaming(const crq_result *r);
/* The relative precision r reached, what crq_sim_options.precision
 * bounds: the larger of the EAL's standard error and the half-width of
 * VaR 99%'s 95% interval, each relative to its value (baseline, annual
 * loss); 0 when neither has any spread, INFINITY when a value is 0 with
 * spread or an error is unknown (a run of one year). */
double crq_result_precision(const crq_result *r);

/* Optional: prepares the result for many queries. A result keeps its
 * years' losses in trial order and answers the first few quantiles by
 * selection (a pass over the years each); TVaR, batch means and the rest
 * bucket the losses batch by batch by value (one pass; docs/methodology.md
 * §7.5). A caller that will ask for those anyway (every report does) saves
 * the selection passes by bucketing first. CRQ_OK (also for a streaming
 * result, which has nothing to arrange), CRQ_ERR_NOMEM, or CRQ_ERR_USAGE
 * for NULL. */
crq_status crq_result_sort(const crq_result *r);

/* Whether the run kept each year's annual loss only
 * (crq_sim_options.annual_only): no OEP order statistics, and no report. */
int crq_result_annual_only(const crq_result *r);

/* Whether the run added up each scenario's losses: not with
 * crq_sim_options.no_scenario_eal, whose crq_result_scenario_eal is NAN and
 * which no report takes. */
int crq_result_has_scenario_eal(const crq_result *r);

/* Whether the run was told its quantile levels (crq_sim_options.quantiles):
 * then it gives those levels' order statistics only, and no report. */
int crq_result_quantiles_only(const crq_result *r);

/* Every simulated year's direct loss (AEP basis) of variant v, in trial
 * order, into out[0 .. trials-1]. CRQ_ERR_USAGE when the run kept no
 * year's loss (streaming mode, crq_sim_options.quantiles) or holds only
 * part of the years (a run split over MPI processes), or for an unknown
 * variant. */
crq_status crq_result_year_losses(const crq_result *r, crq_variant v,
                                  double *out);

/* Deterministic maximum loss (the JCIC figure): one event of a scenario
 * with every input at its worst case. Per scenario and category; pass
 * CRQ_CAT_COUNT as the category for the scenario's direct total. The
 * headline is the scenario with the largest direct total (SIZE_MAX for a
 * variant the result lacks). */
double crq_result_worst_case(const crq_result *r, crq_variant v,
                             size_t scenario, crq_category category);
size_t crq_result_worst_scenario(const crq_result *r, crq_variant v);
double crq_result_max_loss(const crq_result *r, crq_variant v);

/* Annual loss statistics on a basis. NAN where the run did not keep the
 * basis (crq_sim_options.annual_only: the OEP's order statistics). */
crq_estimate crq_result_eal(const crq_result *r, crq_variant v);
double crq_result_sd(const crq_result *r, crq_variant v, crq_basis b);
crq_estimate crq_result_mean(const crq_result *r, crq_variant v, crq_basis b);
crq_estimate crq_result_quantile(const crq_result *r, crq_variant v,
                                 crq_basis b, double p);
/* out[i] = crq_result_quantile(r, v, b, p[i]) for i < m, the same figures
 * read together: before the losses are sorted, up to 16 quantiles cost one
 * pass over them (each on its own, a pass). */
void crq_result_quantiles(const crq_result *r, crq_variant v, crq_basis b,
                          const double *p, size_t m, crq_estimate *out);
crq_estimate crq_result_tvar(const crq_result *r, crq_variant v, crq_basis b,
                             double p);
double crq_result_max_simulated(const crq_result *r, crq_variant v,
                                crq_basis b);
/* P(loss > amount), with its standard error. */
crq_estimate crq_result_exceedance(const crq_result *r, crq_variant v,
                                   crq_basis b, double amount);
/* Loss at a return period T years: the (1 - 1/T) quantile. */
crq_estimate crq_result_return_period(const crq_result *r, crq_variant v,
                                      crq_basis b, double years);

/* Contributions. EAL by category (CRQ_CAT_INDIRECT included, beside) and by
 * scenario; and each one's mean loss in the trials at or above VaR_p, which
 * add up to TVaR_p (by category over the direct categories). */
crq_estimate crq_result_category_eal(const crq_result *r, crq_variant v,
                                     crq_category c);
crq_estimate crq_result_scenario_eal(const crq_result *r, crq_variant v,
                                     size_t scenario);
double crq_result_category_tvar(const crq_result *r, crq_variant v,
                                crq_category c, double p);
double crq_result_scenario_tvar(const crq_result *r, crq_variant v,
                                size_t scenario, double p);

/* Paired reductions, baseline minus with-measures, on the same trials. */
crq_estimate crq_result_reduction_eal(const crq_result *r);
crq_estimate crq_result_reduction_quantile(const crq_result *r, double p);
crq_estimate crq_result_reduction_tvar(const crq_result *r, double p);

/* Risk appetite: threshold i of the model, judged on variant v. CRQ_RED
 * when it cannot be judged (no such threshold or variant, or a basis the
 * run did not keep). */
crq_verdict crq_result_appetite(const crq_result *r, crq_variant v, size_t i,
                                crq_estimate *loss_at_return_period,
                                crq_estimate *exceedance_probability);

#ifdef __cplusplus
}
#endif
#endif
