/* engine/cli/whatif.h — what the what-if commands (crq compare, sweep,
 * sensitivity, optimize) share: their common options, loading the model
 * with --set, and running an analysis with a progress bar, Ctrl-C and an
 * atomically written report, like `crq run`.
 */
#ifndef CRQ_CLI_WHATIF_H
#define CRQ_CLI_WHATIF_H

#include "cli.h"

/* The options every what-if command takes, first in its table. */
#define CLI_WHATIF_OPTIONS                                                     \
  {"trials", 'n', "N",                                                         \
   "simulated years of every variant (default: the\n"                          \
   "(first) model's simulation.trials)"},                                      \
      {"seed", 's', "N",                                                       \
       "random seed of every variant (default: the\n"                          \
       "(first) model's simulation.seed)"},                                    \
      {"threads", 'j', "N", "worker threads, 0 for all cores"},                \
      {"baseline", 0, NULL,                                                    \
       "figures without the measures (default: with them\n"                    \
       "at their KPIs' achievement)"},                                         \
      CLI_OPTION_SET,                                                          \
      {"format", 'f', "FMT", "report format: text, json, csv or html"},        \
      {"out", 'o', "FILE", "write the report to FILE, atomically"},            \
      {"lang", 0, "LANG", "report language, ja or en"},                        \
      {"bom", 0, NULL, "csv: start with a UTF-8 byte order mark"}, {           \
    "quiet", 'q', NULL, "no progress bar"                                      \
  }

/* The settings read from the common options. */
typedef struct cli_whatif {
  crq_whatif_options run;
  crq_report_options report;
  const char *out;
  int quiet;
} cli_whatif;

/* Reads the common options; prints what is wrong and returns
 * CLI_EXIT_USAGE on a bad value. */
int cli_whatif_read(const cli_command *cmd, const cli_args *a, cli_whatif *w);

/* Loads path as a model source with the --set assignments; prints the
 * diagnostics and sets *exit_code on failure. */
crq_model_source *cli_whatif_source(const cli_command *cmd, const cli_args *a,
                                    const char *path, int *exit_code);

/* Prints the diagnostics of a failed library call; returns its exit code
 * (input mistakes: 2). */
int cli_whatif_failed(const crq_diags *d, crq_status s, const char *what);

/* cli_whatif_failed for a command's option value (--budget, --vary),
 * its diagnostics named "crq CMD: --option: ..." like other bad values. */
int cli_whatif_option_failed(const cli_command *cmd, crq_diags *d, crq_status s,
                             const char *option);

/* An analysis to run: compute fills the analysis (progress through
 * run->sim), write writes it. */
typedef struct cli_whatif_job {
  void *ctx;
  crq_status (*compute)(void *ctx, const crq_whatif_options *run,
                        crq_diags *diags);
  crq_status (*write)(void *ctx, const crq_report_options *report, FILE *out,
                      crq_diags *diags);
  const char *what; /* names the input in messages */
} cli_whatif_job;

/* Opens the output, computes with a progress bar (Ctrl-C stops it: exit
 * 130 and no file), writes and commits the report. Messages at the model
 * file's lines name a's --set. Returns the exit code. */
int cli_whatif_run(const cli_command *cmd, const cli_args *a,
                   const cli_whatif *w, const cli_whatif_job *job);

/* Reads a command's own options and loads its models into ctx, after the
 * common options w; returns the exit code (0 to go on). */
typedef int (*cli_whatif_load)(const cli_command *cmd, const cli_args *a,
                               const cli_whatif *w, void *ctx);

/* The whole of a what-if command: parses argv (--help prints the help),
 * requires n_args arguments (0: one or more), reads the common options,
 * calls load, then runs job (its `what` set to the first argument).
 * Returns the exit code; the caller frees what load put into job->ctx. */
int cli_whatif_main(const cli_command *cmd, int argc, char **argv,
                    size_t n_args, const cli_whatif_job *job,
                    cli_whatif_load load);

#endif
