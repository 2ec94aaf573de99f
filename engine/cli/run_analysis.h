/* engine/cli/run_analysis.h — the analysis step of `crq run`: attribution
 * of the reductions to the measures, the KPI roadmap and ROSI
 * (crq/analysis.h), written into the report, whatever its format.
 *
 * cmd_run.c lists the options (--no-analysis, --as-of, --roadmap-step,
 * --amortise) in its table, reads them with cli_analysis_read and, after
 * the main simulation, calls cli_analysis_run, which reuses the main run for
 * the baseline and current achievements and simulates the other subsets and
 * roadmap steps on the same trials.
 */
#ifndef CRQ_CLI_RUN_ANALYSIS_H
#define CRQ_CLI_RUN_ANALYSIS_H

#include "cli.h"

typedef struct cli_analysis_config {
  int skip; /* --no-analysis */
  crq_analysis_options opts;
} cli_analysis_config;

/* Reads the analysis options of cmd's command line; prints what is wrong
 * and returns CLI_EXIT_USAGE on a bad value. */
int cli_analysis_read(const cli_command *cmd, const cli_args *a,
                      cli_analysis_config *c);

/* Analyses model m next to its run r (simulated with sim) into *out,
 * progress on the terminal unless quiet; every report format shows it. A
 * model with too many measures for the attribution gets a note on stderr
 * and *out = NULL. Returns the status of the analysis (its diagnostics in
 * d). */
crq_status cli_analysis_run(const cli_command *cmd,
                            const cli_analysis_config *c, const crq_model *m,
                            const crq_result *r, const crq_sim_options *sim,
                            int quiet, crq_analysis **out, crq_diags *d);

#endif
