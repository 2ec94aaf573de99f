/* engine/cli/cmd_optimize.c — `crq optimize MODEL --budget AMOUNT
 * [--objective eal|var99|tvar99|max] [--cost once|annual|total]`: the set
 * of measures that lowers the objective most within the budget, and the
 * efficient frontier (crq_optimize_run).
 */
#include <stdlib.h>
#include <string.h>

#include "whatif.h"

static const cli_option options[] = {
    CLI_WHATIF_OPTIONS,
    {"budget", 'b', "AMOUNT",
     "what may be spent, in the cost basis of --cost\n"
     "(an amount such as 3億 or 2.5M; required)"},
    {"objective", 0, "FIG",
     "what to lower: eal, var99, tvar99 or max (the\n"
     "deterministic maximum loss; no simulation)\n"
     "(default: eal)"},
    {"cost", 0, "BASIS",
     "which cost the budget limits: once, annual or\n"
     "total (one-off plus one year's running) (default:\n"
     "total)"},
};

typedef struct opt_job {
  crq_model_source *src;
  crq_optimize_options opts;
  crq_optimize *result;
} opt_job;

/* The index of word in the NULL-terminated words, or -1 after an error
 * naming the option. */
static int choice(const cli_command *cmd, const char *option, const char *word,
                  const char *const *words) {
  for (int i = 0; words[i]; i++)
    if (strcmp(words[i], word) == 0)
      return i;
  fprintf(stderr, "crq %s: --%s: unknown value '%s'; expected ", cmd->name,
          option, word);
  for (int i = 0; words[i]; i++)
    fprintf(stderr, "%s%s", i ? " or " : "", words[i]);
  fputc('\n', stderr);
  return -1;
}

static int read_options(const cli_command *cmd, const cli_args *a, opt_job *j) {
  static const char *const objectives[] = {"max", "eal", "var99", "tvar99",
                                           NULL};
  static const char *const costs[] = {"once", "annual", "total", NULL};
  const char *v;
  int k;
  if ((v = cli_value(cmd, a, "objective"))) {
    if ((k = choice(cmd, "objective", v, objectives)) < 0)
      return CLI_EXIT_USAGE;
    j->opts.objective = (crq_figure)k; /* same order as crq_figure */
  }
  if ((v = cli_value(cmd, a, "cost"))) {
    if ((k = choice(cmd, "cost", v, costs)) < 0)
      return CLI_EXIT_USAGE;
    j->opts.cost = (crq_cost_basis)k;
  }
  if (!(v = cli_value(cmd, a, "budget"))) {
    cli_error(cmd, "missing --budget AMOUNT; see 'crq optimize --help'");
    return CLI_EXIT_USAGE;
  }
  crq_diags d;
  crq_diags_init(&d);
  crq_status s = crq_model_parse_amount(crq_model_source_model(j->src), v,
                                        "--budget", &d, &j->opts.budget);
  if (s == CRQ_OK && j->opts.budget < 0)
    s = crq_diags_add(&d, CRQ_ERR_USAGE, "--budget", 0, 0,
                      "'%s' is negative; expected an amount >= 0", v);
  int rc = s == CRQ_OK ? 0 : cli_whatif_option_failed(cmd, &d, s, "--budget");
  crq_diags_free(&d);
  return rc;
}

static crq_status compute(void *ctx, const crq_whatif_options *run,
                          crq_diags *diags) {
  opt_job *j = ctx;
  j->opts.sim = run->sim;
  return crq_optimize_run(crq_model_source_model(j->src), &j->opts, &j->result,
                          diags);
}

static crq_status write(void *ctx, const crq_report_options *report, FILE *out,
                        crq_diags *diags) {
  opt_job *j = ctx;
  return crq_optimize_write(j->result, report, out, diags);
}

/* Loads the model, then reads the optimiser's options. */
static int load(const cli_command *cmd, const cli_args *a, const cli_whatif *w,
                void *ctx) {
  opt_job *j = ctx;
  int rc = 0;
  if ((j->src = cli_whatif_source(cmd, a, a->pos[0], &rc)) &&
      !(rc = read_options(cmd, a, j)) && w->run.baseline)
    cli_error(cmd, "--baseline has no effect: the optimiser compares sets "
                   "of measures");
  return rc;
}

static int optimize_main(const cli_command *cmd, int argc, char **argv) {
  opt_job j = {0};
  crq_optimize_options_init(&j.opts);
  cli_whatif_job job = {&j, compute, write, NULL};
  int rc = cli_whatif_main(cmd, argc, argv, 1, &job, load);
  crq_optimize_free(j.result);
  crq_model_source_free(j.src);
  return rc;
}

const cli_command cli_cmd_optimize = {
    .name = "optimize",
    .summary = "the measures to fund within a budget, and the efficient "
               "frontier",
    .usage = "crq optimize MODEL --budget AMOUNT [--objective FIG] [--cost "
             "BASIS] [options]",
    .description =
        "Evaluates every subset of MODEL's measures (members fully "
        "achieved, the\n"
        "others not started), all on the same trials and seed, and reports "
        "the\n"
        "subset that lowers the objective most within the budget and the "
        "efficient\n"
        "frontier of cost against reduction. Exact: subsets are "
        "enumerated, for up\n"
        "to 20 measures.",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples =
        "crq optimize examples/jcic_manufacturer.yaml --budget 2億\n"
        "crq optimize model.yaml --budget 5000万 --cost annual --objective "
        "var99\n"
        "crq optimize model.yaml --budget 3億 --objective max --format html "
        "--out plan.html",
    .main = optimize_main,
};
