/* engine/cli/cmd_sweep.c — `crq sweep MODEL --vary PATH=FROM:TO:STEPS
 * [--vary PATH=FROM:TO:STEPS]`: the maximum loss, EAL, VaR and TVaR over a
 * 1-D or 2-D grid of values (crq_sweep_run). FROM and TO may be amounts
 * ("500億"), converted into the model's currency.
 */
#include <stdlib.h>
#include <string.h>

#include "whatif.h"

static const cli_option options[] = {
    CLI_WHATIF_OPTIONS,
    {"vary", 'v', "AXIS",
     "PATH=FROM:TO:STEPS: the path to vary, from FROM\n"
     "to TO in STEPS evenly spaced values (both ends\n"
     "included); give it twice for a 2-D grid"},
};

typedef struct sweep_job {
  crq_model_source *src;
  size_t n_axes;
  crq_sweep_axis axes[CRQ_SWEEP_MAX_AXES];
  char *paths[CRQ_SWEEP_MAX_AXES];
  crq_sweep *result;
} sweep_job;

/* Parses one --vary; returns the exit code. */
static int parse_vary(const cli_command *cmd, const crq_model *m,
                      const char *text, crq_sweep_axis *x, char **path) {
  const char *eq = strrchr(text, '=');
  const char *c1 = eq ? strchr(eq + 1, ':') : NULL;
  const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
  uint64_t steps;
  if (!eq || eq == text || !c1 || !c2 || strchr(c2 + 1, ':')) {
    cli_error(cmd,
              "--vary '%s': expected PATH=FROM:TO:STEPS, e.g. "
              "kpis.patching.actual=0:100:11",
              text);
    return CLI_EXIT_USAGE;
  }
  if (cli_parse_u64(cmd, "vary STEPS", c2 + 1, 2, CRQ_SWEEP_MAX_POINTS, &steps))
    return CLI_EXIT_USAGE;
  char *from = strndup(eq + 1, (size_t)(c1 - eq - 1));
  char *to = strndup(c1 + 1, (size_t)(c2 - c1 - 1));
  *path = strndup(text, (size_t)(eq - text));
  crq_diags d;
  crq_diags_init(&d);
  crq_status s = from && to && *path ? CRQ_OK : CRQ_ERR_NOMEM;
  if (s == CRQ_OK)
    s = crq_model_parse_amount(m, from, "--vary FROM", &d, &x->from);
  if (s == CRQ_OK)
    s = crq_model_parse_amount(m, to, "--vary TO", &d, &x->to);
  int rc = s == CRQ_OK ? 0 : cli_whatif_option_failed(cmd, &d, s, "--vary");
  crq_diags_free(&d);
  free(from);
  free(to);
  x->path = *path;
  x->steps = (size_t)steps;
  return rc;
}

static int read_axes(const cli_command *cmd, const cli_args *a, sweep_job *j) {
  const crq_model *m = crq_model_source_model(j->src);
  size_t n;
  const char **vary = cli_values(cmd, a, "vary", &n);
  int rc = 0;
  if (n < 1 || n > CRQ_SWEEP_MAX_AXES) {
    cli_error(cmd,
              "expected one or two --vary PATH=FROM:TO:STEPS, found %zu; "
              "see 'crq sweep --help'",
              n);
    rc = CLI_EXIT_USAGE;
  }
  for (size_t i = 0; !rc && i < n; i++, j->n_axes++)
    rc = parse_vary(cmd, m, vary[i], &j->axes[i], &j->paths[i]);
  free(vary);
  return rc;
}

static crq_status compute(void *ctx, const crq_whatif_options *run,
                          crq_diags *diags) {
  sweep_job *j = ctx;
  return crq_sweep_run(j->src, j->axes, j->n_axes, run, &j->result, diags);
}

static crq_status write(void *ctx, const crq_report_options *report, FILE *out,
                        crq_diags *diags) {
  sweep_job *j = ctx;
  return crq_sweep_write(j->result, report, out, diags);
}

/* Loads the model, then reads the --vary axes. */
static int load(const cli_command *cmd, const cli_args *a, const cli_whatif *w,
                void *ctx) {
  (void)w;
  sweep_job *j = ctx;
  int rc = 0;
  if ((j->src = cli_whatif_source(cmd, a, a->pos[0], &rc)))
    rc = read_axes(cmd, a, j);
  return rc;
}

static int sweep_main(const cli_command *cmd, int argc, char **argv) {
  sweep_job j = {0};
  cli_whatif_job job = {&j, compute, write, NULL};
  int rc = cli_whatif_main(cmd, argc, argv, 1, &job, load);
  crq_sweep_free(j.result);
  for (size_t i = 0; i < CRQ_SWEEP_MAX_AXES; i++)
    free(j.paths[i]);
  crq_model_source_free(j.src);
  return rc;
}

const cli_command cli_cmd_sweep = {
    .name = "sweep",
    .summary = "the figures over a range (or grid) of values of the model",
    .usage = "crq sweep MODEL --vary PATH=FROM:TO:STEPS [--vary "
             "PATH=FROM:TO:STEPS] [options]",
    .description =
        "Simulates MODEL at STEPS evenly spaced values of PATH from FROM "
        "to TO (both\n"
        "included), or over the grid of two such axes, every point with "
        "the same\n"
        "trials and seed, and reports the maximum loss, EAL, VaR 99% and "
        "TVaR 99%\n"
        "at each: a table, a line chart (1-D) or heat maps (2-D) in HTML. "
        "PATH is\n"
        "written as for --set; FROM and TO may be amounts (\"500億\"). A "
        "KPI's\n"
        "actual (kpis.<id>.actual) is swept without reloading the model.",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples =
        "crq sweep examples/jcic_manufacturer.yaml --baseline --vary "
        "scenarios.member_db_breach.business_stoppage.downtime_days=1:20:20\n"
        "crq sweep model.yaml --vary kpis.patching.actual=0:100:11 --vary "
        "kpis.mfa.actual=0:100:11 --format html --out grid.html\n"
        "crq sweep model.yaml --vary organisation.annual_revenue=500億:1500億:"
        "11 --format csv",
    .main = sweep_main,
};
