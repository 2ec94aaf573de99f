/* engine/sim/simulate.h — simulating a model at chosen measure
 * achievements (internal).
 *
 * crq_simulate runs the measures at the achievements their KPIs report.
 * What-if drivers (roadmaps, sweeps, attribution) need the same run at
 * other achievements on the very same trials; they call this instead.
 */
#ifndef CRQ_SIMULATE_H
#define CRQ_SIMULATE_H

#include "crq/sim.h"

/* As crq_simulate, with the measures at measure_achievement[n_measures]
 * (each in [0,1]) instead of their KPIs' achievements; NULL = the KPIs'. */
crq_status crq_simulate_at(const crq_model *model,
                           const double *measure_achievement,
                           const crq_sim_options *opts, crq_result **out,
                           crq_diags *diags);

/* crq_simulate_at's with-measures variant alone, as the result's one
 * variant (its last, as in every result): the same figures to the bit, for
 * about half the work per event (crq_plan_keep_measures; a model without
 * measures has that one variant anyway). Both variants when opts asks for
 * a precision. */
crq_status crq_simulate_measures(const crq_model *model,
                                 const double *measure_achievement,
                                 const crq_sim_options *opts, crq_result **out,
                                 crq_diags *diags);

/* One run of `trials` years (0: the options' or the model's), ignoring
 * opts->precision. */
crq_status crq_simulate_trials(const crq_model *model,
                               const double *measure_achievement,
                               const crq_sim_options *opts, uint64_t trials,
                               crq_result **out, crq_diags *diags);

/* CRQ_ERR_USAGE (with a diagnostic) for options no run could honour
 * (threads, streaming, precision, quantiles out of range); the trials are
 * checked against the model's when it runs. */
crq_status crq_sim_options_check(const crq_sim_options *o, crq_diags *diags);

/* The memory budget of a run in bytes: opts->memory_mib (0: the default),
 * at most the machine's memory, the least over the processes of
 * opts->comm (collective). */
uint64_t crq_sim_budget_bytes(const crq_sim_options *opts);

/* crq_sim_exact_bytes of a run that keeps one basis (annual_only) or
 * both. */
uint64_t crq_sim_exact_bytes_of(const crq_model *model, uint64_t trials,
                                int annual_only);

/* Runs of growing size until the figures meet opts->precision
 * (precision.c). */
crq_status crq_simulate_precise(const crq_model *model,
                                const double *measure_achievement,
                                const crq_sim_options *opts, crq_result **out,
                                crq_diags *diags);

#endif
