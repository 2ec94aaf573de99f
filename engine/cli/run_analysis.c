/* engine/cli/run_analysis.c — options and execution of the analysis step
 * of `crq run` (see run_analysis.h). */
#include "run_analysis.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progress.h"

/* Today's date in local time, the default as-of date. */
static void today(char out[11]) {
  time_t t = time(NULL);
  struct tm tm;
  if (!localtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
    out[0] = '\0';
}

static int read_years(const cli_command *cmd, const char *v, double *out) {
  char *end = NULL;
  errno = 0;
  double y = strtod(v, &end);
  if (end == v || *end != '\0' || errno == ERANGE || !(y > 0) || isinf(y)) {
    cli_error(cmd,
              "--amortise: expected a positive number of years, "
              "found '%s'",
              v);
    return CLI_EXIT_USAGE;
  }
  *out = y;
  return 0;
}

int cli_analysis_read(const cli_command *cmd, const cli_args *a,
                      cli_analysis_config *c) {
  crq_analysis_options_init(&c->opts);
  c->skip = cli_value(cmd, a, "no-analysis") != NULL;
  const char *v = cli_value(cmd, a, "as-of");
  if (v) {
    if (strlen(v) == 10) /* checked now by the library's calendar */
      memcpy(c->opts.as_of, v, 11);
    if (strlen(v) != 10 || crq_analysis_options_check(&c->opts, NULL)) {
      cli_error(cmd,
                "--as-of: expected a calendar date YYYY-MM-DD (such as "
                "2026-11-30), found '%s'",
                v);
      return CLI_EXIT_USAGE;
    }
  } else {
    today(c->opts.as_of);
  }
  if ((v = cli_value(cmd, a, "roadmap-step"))) {
    if (strcmp(v, "month") != 0 && strcmp(v, "quarter") != 0) {
      cli_error(cmd, "--roadmap-step: expected month or quarter, found '%s'",
                v);
      return CLI_EXIT_USAGE;
    }
    c->opts.step = v[0] == 'q' ? CRQ_ROADMAP_QUARTER : CRQ_ROADMAP_MONTH;
  }
  if ((v = cli_value(cmd, a, "amortise")))
    return read_years(cmd, v, &c->opts.amortisation_years);
  return 0;
}

crq_status cli_analysis_run(const cli_command *cmd,
                            const cli_analysis_config *c, const crq_model *m,
                            const crq_result *r, const crq_sim_options *sim,
                            int quiet, crq_analysis **out, crq_diags *d) {
  *out = NULL;
  if (c->skip || crq_model_measure_count(m) == 0)
    return CRQ_OK;
  crq_analysis_options o = c->opts;
  cli_progress progress;
  o.sim = *sim;
  cli_progress_attach(&progress, quiet, &o.sim);
  crq_status s = crq_analyse(m, r, &o, out, d);
  cli_progress_finish(&progress);
  if (s != CRQ_ERR_LIMIT)
    return s;
  fprintf(stderr, "crq %s: note: no attribution, roadmap or ROSI: ", cmd->name);
  crq_diags_print(d, stderr);
  crq_diags_clear(d);
  return CRQ_OK;
}
