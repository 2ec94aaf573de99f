/* engine/cli/options.c — the options several commands share, read the
 * same way everywhere: the simulation's --trials, --seed and --threads,
 * and the report's --format, --lang and --bom. A command lists the ones it
 * takes in its table; those it does not list are left at their defaults.
 */
#include <string.h>

#include "cli.h"
#include "cli_mpi.h"

int cli_read_sim(const cli_command *cmd, const cli_args *a,
                 crq_sim_options *sim) {
  const char *v;
  uint64_t n;
  crq_sim_options_init(sim);
  sim->comm = cli_mpi_comm(); /* under mpirun: every run split */
  if ((v = cli_value(cmd, a, "trials")) &&
      cli_parse_u64(cmd, "trials", v, 1, CRQ_TRIALS_MAX, &sim->trials))
    return CLI_EXIT_USAGE;
  if ((v = cli_value(cmd, a, "seed"))) {
    if (cli_parse_u64(cmd, "seed", v, 0, UINT64_MAX, &sim->seed))
      return CLI_EXIT_USAGE;
    sim->has_seed = 1;
  }
  if ((v = cli_value(cmd, a, "threads"))) {
    if (cli_parse_u64(cmd, "threads", v, 0, CRQ_THREADS_MAX, &n))
      return CLI_EXIT_USAGE;
    sim->threads = (int)n;
  }
  return 0;
}

/* Whether name is one of formats (NULL: the run report's formats). */
static int format_ok(const char *const *formats, const char *name) {
  if (!formats)
    return crq_report_format_known(name);
  for (size_t i = 0; formats[i]; i++)
    if (strcmp(formats[i], name) == 0)
      return 1;
  return 0;
}

int cli_read_report(const cli_command *cmd, const cli_args *a,
                    const char *const *formats, crq_report_options *report) {
  const char *v;
  crq_report_options_init(report);
  if ((v = cli_value(cmd, a, "format"))) {
    if (!format_ok(formats, v)) {
      fprintf(stderr, "crq %s: --format: unknown format '%s'; expected ",
              cmd->name, v);
      for (size_t i = 0;
           formats ? formats[i] != NULL : crq_report_format_name(i) != NULL;
           i++)
        fprintf(stderr, "%s%s", i ? " or " : "",
                formats ? formats[i] : crq_report_format_name(i));
      fputc('\n', stderr);
      return CLI_EXIT_USAGE;
    }
    report->format = v;
  }
  report->lang = cli_default_lang();
  if ((v = cli_value(cmd, a, "lang"))) {
    if (strcmp(v, "ja") != 0 && strcmp(v, "en") != 0) {
      cli_error(cmd, "--lang: expected ja or en, found '%s'", v);
      return CLI_EXIT_USAGE;
    }
    report->lang = v;
  }
  report->bom = cli_value(cmd, a, "bom") != NULL;
  if (report->bom && !(report->format && strcmp(report->format, "csv") == 0)) {
    cli_error(cmd, "--bom: only for --format csv (found --format %s)",
              report->format ? report->format : "text");
    return CLI_EXIT_USAGE;
  }
  return 0;
}
