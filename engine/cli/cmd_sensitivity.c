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
     "inputs' quantiles (default p10p90); one of each,\n"
     "repeated or comma-separated"},
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

/* Every --swing, each one or more tokens separated by commas: at most one
 * N% and one pLOWpHIGH in all (a second would silently replace the
 * first), no empty token. */
static int read_swing(const cli_command *cmd, const cli_args *a,
                      crq_sensitivity_options *o) {
  size_t n;
  const char **specs = cli_values(cmd, a, "swing", &n);
  const char *seen[2] = {NULL, NULL}; /* the N% and the pLOWpHIGH given */
  int rc = 0;
  for (size_t i = 0; !rc && i < n; i++) {
    const char *t = specs[i];
    while (!rc) {
      size_t len = strcspn(t, ",");
      char tok[64];
      snprintf(tok, sizeof tok, "%.*s", (int)len, t);
      int kind = tok[0] == 'p';
      if (len == 0 || len >= sizeof tok || parse_token(tok, o) != 0) {
        cli_error(cmd,
                  "--swing: '%s' is not a swing; expected N%% (0 < N < 100) "
                  "or pLOWpHIGH percentiles (0 < LOW < HIGH < 100), e.g. "
                  "20%% or p05p95",
                  tok);
        rc = CLI_EXIT_USAGE;
      } else if (seen[kind]) {
        cli_error(cmd, "--swing: '%s' after '%.*s'; expected one %s", tok,
                  (int)strcspn(seen[kind], ","), seen[kind],
                  kind ? "pLOWpHIGH" : "N%");
        rc = CLI_EXIT_USAGE;
      }
      seen[kind] = t;
      if (t[len] == '\0')
        break;
      t += len + 1;
    }
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
