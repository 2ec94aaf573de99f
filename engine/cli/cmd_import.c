/* engine/cli/cmd_import.c — `crq import FILE.csv [-o MODEL.yaml]`: turns a
 * riskquant-style CSV (id,name,annual_rate,low,high) into a crq model file,
 * written atomically when -o is given. */
#include "cli.h"
#include "output.h"
#include "progress.h"

static const cli_option options[] = {
    {"out", 'o', "FILE", "write the model to FILE (default: standard output)"},
};

static int import_main(const cli_command *cmd, int argc, char **argv) {
  cli_args a;
  int rc;
  if (cli_start(cmd, argc, argv, 1, &a, &rc) &&
      !(rc = cli_output_check(cmd, &a, "out", cli_value(cmd, &a, "out")))) {
    cli_output out;
    cli_signals_install();
    if (!(rc = cli_output_open(&out, cli_value(cmd, &a, "out")))) {
      crq_diags d;
      crq_diags_init(&d);
      crq_status s = crq_model_import_csv(a.pos[0], out.fp, &d);
      if (cli_signal_received()) {
        cli_output_abort(&out);
        cli_error(cmd, "interrupted; nothing written");
        rc = 128 + cli_signal_received();
      } else if (s == CRQ_OK || ferror(out.fp)) {
        rc = cli_output_commit(&out); /* reports a write error */
      } else {
        cli_print_diags(&d, s, a.pos[0]);
        cli_output_abort(&out);
        rc = cli_exit_code(s, 1);
      }
      crq_diags_free(&d);
    }
  }
  cli_args_free(&a);
  return rc;
}

const cli_command cli_cmd_import = {
    .name = "import",
    .summary = "convert a riskquant-style CSV of scenarios into a model file",
    .usage = "crq import FILE.csv [-o MODEL.yaml]",
    .description =
        "Reads a CSV with the columns id,name,annual_rate,low,high (one "
        "scenario per\n"
        "row: Poisson rate of events a year, and the 5th and 95th "
        "percentiles of a\n"
        "lognormal loss per event) and writes the equivalent crq model "
        "file.",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples = "crq import scenarios.csv -o model.yaml\n"
                "crq import scenarios.csv | crq validate /dev/stdin\n"
                "crq import bench/w20.csv -o w20.yaml && crq run w20.yaml",
    .main = import_main,
};
