/* engine/cli/cmd_help.c — `crq help [COMMAND]`: the same text as
 * `crq --help` or `crq COMMAND --help`. */
#include "cli.h"

static int help_main(const cli_command *cmd, int argc, char **argv) {
  cli_args a;
  int rc = cli_parse(cmd, argc, argv, &a);
  if (rc) {
    cli_args_free(&a);
    return rc;
  }
  const cli_command *which = NULL;
  if (a.help) {
    which = cmd;
  } else if (a.n_pos > 1) {
    rc = cli_require_args(cmd, &a, 1);
  } else if (a.n_pos == 1 && !(which = cli_find_command(a.pos[0]))) {
    cli_unknown_command(a.pos[0]);
    rc = CLI_EXIT_USAGE;
  }
  if (!rc) {
    cli_print_help(which, stdout);
    rc = cli_finish_stdout();
  }
  cli_args_free(&a);
  return rc;
}

const cli_command cli_cmd_help = {
    .name = "help",
    .summary = "show the help of crq or of one command",
    .usage = "crq help [COMMAND]",
    .description = "Prints what COMMAND does, its options with their "
                   "defaults, and examples;\n"
                   "without COMMAND, lists every command.",
    .options = NULL,
    .n_options = 0,
    .examples = "crq help\ncrq help run\ncrq run --help",
    .main = help_main,
};
