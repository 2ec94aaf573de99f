/* engine/cli/cmd_show.c — `crq show MODEL`: prints the model as crq
 * understands it, every default filled in, as a model file that loads back
 * into the same model (useful to see what an omitted key became). */
#include "cli.h"

static const cli_option options[] = {CLI_OPTION_SET};

static int show_main(const cli_command *cmd, int argc, char **argv) {
  cli_args a;
  int rc;
  if (cli_start(cmd, argc, argv, 1, &a, &rc)) {
    crq_model *m = cli_load_model_set(cmd, &a, a.pos[0], &rc);
    if (m) {
      crq_status s = crq_model_write_yaml(m, stdout);
      rc = cli_finish_stdout(); /* names the reason of a write error */
      if (s != CRQ_OK && !rc) {
        cli_error(cmd, "cannot write the model: %s", crq_strerror(s));
        rc = cli_exit_code(s, 0);
      }
    }
    crq_model_free(m);
  }
  cli_args_free(&a);
  return rc;
}

const cli_command cli_cmd_show = {
    .name = "show",
    .summary = "print a model as crq understands it, every default filled in",
    .usage = "crq show MODEL [--set PATH=VALUE]...",
    .description =
        "Loads MODEL and prints it on standard output as a model file with "
        "every\n"
        "default filled in and every amount in the model's currency; the "
        "output\n"
        "loads back into the same model. --set shows the model with what-if\n"
        "changes applied.",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples = "crq show examples/jcic_manufacturer.yaml\n"
                "crq show model.yaml > model.full.yaml\n"
                "crq show model.yaml | less\n"
                "crq show model.yaml --set organisation.annual_revenue=1200億",
    .main = show_main,
};
