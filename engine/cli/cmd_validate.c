/* engine/cli/cmd_validate.c — `crq validate MODEL...`: checks model files
 * and prints "file: ok" for each good one, or every mistake of a bad one as
 * "file:line:col: message". Exit 0 when all are valid, 2 when any is
 * invalid or unreadable, 1 on a runtime failure (and no invalid file). */
#include "cli.h"

static const cli_option options[] = {CLI_OPTION_SET};

/* What a run checks before it draws (crq_sim_check): 1 when the model of
 * path (read with a's --set) passes, else 0 after printing why and setting
 * *exit_code. */
static int check_model(const cli_command *cmd, const cli_args *a,
                       const crq_model *m, const char *path, int *exit_code) {
  crq_diags d;
  crq_diags_init(&d);
  crq_status s = crq_sim_check(m, &d);
  if (s != CRQ_OK) {
    cli_note_sets(cmd, a, &d);
    cli_print_diags(&d, s, path);
    *exit_code = cli_exit_code(s, 1);
  }
  crq_diags_free(&d);
  return s == CRQ_OK;
}

static int validate_main(const cli_command *cmd, int argc, char **argv) {
  cli_args a;
  int rc;
  if (cli_start(cmd, argc, argv, 0, &a, &rc)) {
    for (size_t i = 0; i < a.n_pos; i++) {
      int file_rc = CLI_EXIT_OK;
      crq_model *m = cli_load_model_set(cmd, &a, a.pos[i], &file_rc);
      if (m && check_model(cmd, &a, m, a.pos[i], &file_rc))
        printf("%s: ok\n", a.pos[i]);
      crq_model_free(m);
      if (file_rc == CLI_EXIT_USAGE || (file_rc && !rc))
        rc = file_rc;
    }
    int out_rc = cli_finish_stdout();
    if (!rc)
      rc = out_rc;
  }
  cli_args_free(&a);
  return rc;
}

const cli_command cli_cmd_validate = {
    .name = "validate",
    .summary = "check model files; print every mistake as file:line:col",
    .usage = "crq validate MODEL... [--set PATH=VALUE]...",
    .description =
        "Loads and checks each MODEL file (docs/model-format.md) without "
        "simulating:\n"
        "everything `crq run` checks before it draws, including the limit "
        "of events\n"
        "a year and a finite worst case for every scenario.\n"
        "Prints \"MODEL: ok\" on standard output for a valid file; for an "
        "invalid one,\n"
        "every mistake found, one per line on standard error, as\n"
        "\"file:line:col: what is wrong; what was expected\". Exit code 0 "
        "when every\n"
        "file is valid, 2 when any is invalid or cannot be read. --set "
        "checks each\n"
        "file with what-if changes applied.",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples = "crq validate examples/jcic_manufacturer.yaml\n"
                "crq validate examples/*.yaml\n"
                "crq validate model.yaml && crq run model.yaml\n"
                "crq validate model.yaml --set simulation.trials=1e6",
    .main = validate_main,
};
