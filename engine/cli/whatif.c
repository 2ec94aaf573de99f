/* engine/cli/whatif.c — the shared part of crq compare, sweep,
 * sensitivity and optimize (whatif.h): common options, the model source
 * with --set, and the run of an analysis: output opened first (an
 * unwritable path fails before a long computation), progress bar,
 * SIGINT/SIGTERM/SIGHUP stop (exit 128 + signal, nothing written), report
 * written and committed atomically.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli_mpi.h"
#include "output.h"
#include "progress.h"
#include "whatif.h"

static const char *const formats[] = {"text", "json", "csv", "html", NULL};

int cli_whatif_read(const cli_command *cmd, const cli_args *a, cli_whatif *w) {
  crq_whatif_options_init(&w->run);
  if (cli_read_sim(cmd, a, &w->run.sim) ||
      cli_read_report(cmd, a, formats, &w->report))
    return CLI_EXIT_USAGE;
  w->run.baseline = cli_value(cmd, a, "baseline") != NULL;
  w->out = cli_mpi_rank() == 0 ? cli_value(cmd, a, "out") : NULL;
  w->quiet = cli_value(cmd, a, "quiet") != NULL;
  return cli_output_check(cmd, a, "out", w->out);
}

int cli_whatif_failed(const crq_diags *d, crq_status s, const char *what) {
  cli_print_diags(d, s, what);
  return cli_exit_code(s, 1);
}

int cli_whatif_option_failed(const cli_command *cmd, crq_diags *d, crq_status s,
                             const char *option) {
  char who[64];
  snprintf(who, sizeof who, "crq %s", cmd->name);
  cli_name_options(d, who, NULL);
  return cli_whatif_failed(d, s, option);
}

crq_model_source *cli_whatif_source(const cli_command *cmd, const cli_args *a,
                                    const char *path, int *exit_code) {
  size_t n;
  const char **sets = cli_values(cmd, a, "set", &n);
  crq_diags d;
  crq_diags_init(&d);
  crq_model_source *src = NULL;
  crq_status s = crq_model_source_load(path, sets, n, &d, &src);
  cli_name_options(&d, path, NULL);
  if (s != CRQ_OK)
    *exit_code = cli_whatif_failed(&d, s, path);
  crq_diags_free(&d);
  free(sets);
  return src;
}

/* Computes and writes into the open output; returns the exit code. */
static int compute_and_write(const cli_command *cmd, const cli_args *a,
                             const cli_whatif *w, const cli_whatif_job *job,
                             cli_output *out) {
  cli_progress progress;
  crq_whatif_options run = w->run;
  cli_progress_attach(&progress, w->quiet, &run.sim);
  crq_diags d;
  crq_diags_init(&d);
  crq_status s = job->compute(job->ctx, &run, &d);
  cli_progress_finish(&progress);
  crq_status ws = CRQ_OK;
  if (s == CRQ_OK && !cli_signal_received())
    ws = job->write(job->ctx, &w->report, out->fp, &d);
  int rc = CLI_EXIT_OK;
  if (cli_signal_received()) {
    rc = 128 + cli_signal_received();
    cli_error(cmd, "interrupted; no report written");
  } else if (s != CRQ_OK) {
    cli_note_sets(cmd, a, &d);
    cli_name_options(&d, job->what, NULL); /* a --vary point, say */
    rc = cli_whatif_failed(&d, s, job->what);
  } else if (ws == CRQ_ERR_IO) {
    cli_output_error(out, 0); /* the sink knows why */
    rc = CLI_EXIT_FAILURE;
  } else if (ws != CRQ_OK) {
    cli_print_diags(&d, ws, job->what);
    rc = cli_exit_code(ws, 0);
  }
  crq_diags_free(&d);
  return rc;
}

int cli_whatif_run(const cli_command *cmd, const cli_args *a,
                   const cli_whatif *w, const cli_whatif_job *job) {
  cli_output out;
  cli_signals_install();
  int rc = cli_output_open(&out, w->out);
  if (rc)
    return rc;
  rc = compute_and_write(cmd, a, w, job, &out);
  if (rc)
    cli_output_abort(&out);
  else
    rc = cli_output_commit(&out);
  return rc;
}

int cli_whatif_main(const cli_command *cmd, int argc, char **argv,
                    size_t n_args, const cli_whatif_job *job,
                    cli_whatif_load load) {
  cli_args a;
  cli_whatif w;
  int rc;
  if (cli_start(cmd, argc, argv, n_args, &a, &rc) &&
      !(rc = cli_whatif_read(cmd, &a, &w)) &&
      !(rc = load(cmd, &a, &w, job->ctx))) {
    cli_whatif_job run = *job;
    run.what = a.pos[0];
    rc = cli_whatif_run(cmd, &a, &w, &run);
  }
  cli_args_free(&a);
  return rc;
}
