/* engine/cli/cmd_sensitivity.c — `crq sensitivity MODEL [--swing 10%]
 * [--swing p10p90]`: every uncertain input to its low and high end, one at
 * a time, ranked by the swing of the EAL (crq_sensitivity_run).
 */
#include <stdlib.h>
#include <string.h>

#include "whatif.h"

static const cli_option options[] = {
    CLI_WHATIF_OPTIONS,
    {"swing", 0, "SPEC",
     "how far inputs move: N% for constants and\n"
     "frequencies (default 10%), pLOWpHIGH for random\n"
     "inputs' quantiles (default p10p90); repeatable or\n"
     "comma-separated"},
};

typedef struct sens_job {
  crq_model_source *src;
  crq_sensitivity_options opts;
  crq_sensitivity *result;
} sens_job;

/* A whole or decimal number of percent in (0, 100), ending at *end. */
static int percent(const char *s, const char **end, double *out) {
  char *e;
  double x = strtod(s, &e);
  if (e == s || !(x > 0 && x < 100))
    return -1;
  *end = e;
  *out = x / 100;
  return 0;
}

/* One token: "N%" or "pLOWpHIGH". */
static int parse_token(const char *t, crq_sensitivity_options *o) {
  const char *end;
  double x, y;
  if (t[0] != 'p')
    return percent(t, &end, &x) != 0 || strcmp(end, "%") != 0
               ? -1
               : (o->swing = x, 0);
  if (percent(t + 1, &end, &x) != 0 || end[0] != 'p' ||
      percent(end + 1, &end, &y) != 0 || *end || !(x < y))
    return -1;
  o->p_low = x;
  o->p_high = y;
  return 0;
}

static int read_swing(const cli_command *cmd, const cli_args *a,
                      crq_sensitivity_options *o) {
  size_t n;
  const char **specs = cli_values(cmd, a, "swing", &n);
  int rc = 0;
  for (size_t i = 0; !rc && i < n; i++) {
    char *copy = strdup(specs[i]);
    for (char *save = NULL, *t = copy ? strtok_r(copy, ",", &save) : NULL;
         !rc && t; t = strtok_r(NULL, ",", &save))
      if (parse_token(t, o) != 0) {
        cli_error(cmd,
                  "--swing: '%s' is not a swing; expected N%% (0 < N < 100) "
                  "or pLOWpHIGH percentiles (0 < LOW < HIGH < 100), e.g. "
                  "20%% or p05p95",
                  t);
        rc = CLI_EXIT_USAGE;
      }
    free(copy);
  }
  free(specs);
  return rc;
}

static crq_status compute(void *ctx, const crq_whatif_options *run,
                          crq_diags *diags) {
  sens_job *j = ctx;
  j->opts.run = *run;
  return crq_sensitivity_run(j->src, &j->opts, &j->result, diags);
}

static crq_status write(void *ctx, const crq_report_options *report, FILE *out,
                        crq_diags *diags) {
  sens_job *j = ctx;
  return crq_sensitivity_write(j->result, report, out, diags);
}

/* Reads --swing, then loads the model. */
static int load(const cli_command *cmd, const cli_args *a, const cli_whatif *w,
                void *ctx) {
  (void)w;
  sens_job *j = ctx;
  int rc = read_swing(cmd, a, &j->opts);
  if (!rc)
    j->src = cli_whatif_source(cmd, a, a->pos[0], &rc);
  return rc;
}

static int sensitivity_main(const cli_command *cmd, int argc, char **argv) {
  sens_job j = {0};
  crq_sensitivity_options_init(&j.opts);
  cli_whatif_job job = {&j, compute, write, NULL};
  int rc = cli_whatif_main(cmd, argc, argv, 1, &job, load);
  crq_sensitivity_free(j.result);
  crq_model_source_free(j.src);
  return rc;
}

const cli_command cli_cmd_sensitivity = {
    .name = "sensitivity",
    .summary = "which inputs move the EAL and VaR most (tornado)",
    .usage = "crq sensitivity MODEL [--swing N%] [--swing pLOWpHIGH] "
             "[options]",
    .description =
        "Moves each uncertain input of MODEL to its low and high end, one "
        "at a\n"
        "time with everything else as in the model, simulates both ends on "
        "the same\n"
        "trials and seed, and ranks the inputs by how much the EAL (then "
        "VaR 99%)\n"
        "swings: every scenario's frequency and every constant input by "
        "±N%, every\n"
        "random input to its LOW and HIGH percentiles (held there).",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples = "crq sensitivity examples/retailer_ecommerce.yaml\n"
                "crq sensitivity model.yaml --swing 20%,p05p95\n"
                "crq sensitivity model.yaml --format html --out tornado.html",
    .main = sensitivity_main,
};
