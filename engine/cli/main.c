/* engine/cli/main.c — entry point of the crq command-line tool: global
 * options (--help, --version) and dispatch to the subcommand files. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_mpi.h"
#include "model/suggest.h"

const cli_command *const cli_commands[] = {
    &cli_cmd_run,      &cli_cmd_validate, &cli_cmd_show,  &cli_cmd_import,
    &cli_cmd_kpi,      &cli_cmd_compare,  &cli_cmd_sweep, &cli_cmd_sensitivity,
    &cli_cmd_optimize, &cli_cmd_help,
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

static void unknown_global_option(const char *arg) {
  static const char *const names[] = {"help", "version"};
  const char *best = crq_suggest(arg + strspn(arg, "-"), names, 2);
  if (best)
    cli_error(NULL, "unknown option '%s'; did you mean '--%s'?", arg, best);
  else
    cli_error(NULL,
              "unknown option '%s'; expected a command, --help or "
              "--version (see 'crq --help')",
              arg);
}

static int dispatch(int argc, char **argv) {
  if (argc < 2) {
    cli_print_help(NULL, stderr);
    return CLI_EXIT_USAGE;
  }
  const char *first = argv[1];
  if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
    cli_print_help(NULL, stdout);
    return cli_finish_stdout();
  }
  if (strcmp(first, "--version") == 0) {
    printf("crq %s\n", crq_version());
    return cli_finish_stdout();
  }
  const cli_command *cmd = cli_find_command(first);
  if (!cmd) {
    if (first[0] == '-')
      unknown_global_option(first);
    else
      cli_unknown_command(first);
    return CLI_EXIT_USAGE;
  }
  return cmd->main(cmd, argc - 1, argv + 1);
}

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  cli_mpi_init(&argc, &argv); /* under mpirun (docs/cluster.md) */
  return cli_mpi_finish(dispatch(argc, argv));
}
