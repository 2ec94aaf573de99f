/* engine/cli/cmd_compare.c — `crq compare A.yaml [B.yaml ...] [--with
 * PATH=VALUE ...]`: models side by side on the same trials and seed, with
 * paired differences to the first (crq_compare_run). Each file is a
 * model (after the --set assignments, which apply to every file); each
 * --with adds a variant of the first model with its assignments
 * (separated by ';').
 */
#include <stdlib.h>
#include <string.h>

#include "whatif.h"

static const cli_option options[] = {
    CLI_WHATIF_OPTIONS,
    {"with", 'w', "SETS",
     "PATH=VALUE[;PATH=VALUE...]: add a variant of the\n"
     "first model with these assignments (repeatable:\n"
     "one variant each)"},
};

/* The models being compared and what owns them. */
typedef struct compare_job {
  size_t n;
  crq_model_source **sources; /* per file, else NULL */
  crq_model **variants;       /* per --with, else NULL */
  const crq_model **models;
  const char **labels;
  crq_compare *result;
} compare_job;

static void job_free(compare_job *j) {
  for (size_t i = 0; i < j->n; i++) {
    crq_model_source_free(j->sources[i]);
    crq_model_free(j->variants[i]);
  }
  free(j->sources);
  free(j->variants);
  free(j->models);
  free(j->labels);
  crq_compare_free(j->result);
}

/* Whether a quote at p opens a quoted value, as in YAML: only where a
 * value starts (after '=', a flow bracket, a comma or a colon, spaces
 * aside), so the apostrophe of O'Brien is a letter. */
static int opens_quote(const char *text, const char *p) {
  while (p > text && p[-1] == ' ')
    p--;
  return p == text || strchr("={[,:", p[-1]) != NULL;
}

/* Splits text (one --with) in place at each ';' outside quoted values,
 * into sets[]; 0, or -1 when an assignment is empty (";;", a trailing
 * ';'). Inside quotes, \" and '' are the quote itself. */
static int split_with(char *text, const char **sets, size_t *n) {
  char quote = 0, *start = text;
  *n = 0;
  for (char *p = text;; p++) {
    if (quote && *p) {
      if (quote == '"' && *p == '\\' && p[1])
        p++;
      else if (quote == '\'' && *p == '\'' && p[1] == '\'')
        p++;
      else if (*p == quote)
        quote = 0;
      continue;
    }
    if ((*p == '\'' || *p == '"') && opens_quote(start, p)) {
      quote = *p;
      continue;
    }
    if (*p && *p != ';')
      continue;
    int last = *p == '\0';
    *p = '\0';
    start += strspn(start, " ");
    if (!*start)
      return -1;
    sets[(*n)++] = start;
    if (last)
      return 0;
    start = p + 1;
  }
}

/* Loads the variant of the first file (path) given by one --with
 * (assignments separated by ';'). Returns the exit code. */
static int load_with(const cli_command *cmd, const compare_job *j,
                     const char *path, const char *with, crq_model **out) {
  char *copy = strdup(with);
  const char **sets = calloc(strlen(with) / 2 + 2, sizeof *sets);
  size_t n = 0;
  if (!copy || !sets) {
    free(copy);
    free(sets);
    cli_error(NULL, "out of memory");
    return CLI_EXIT_FAILURE;
  }
  if (split_with(copy, sets, &n) != 0) {
    cli_error(cmd,
              "--with: '%s' holds an empty assignment; expected "
              "PATH=VALUE[;PATH=VALUE...]",
              with);
    free(copy);
    free(sets);
    return CLI_EXIT_USAGE;
  }
  for (size_t k = 0; k < n; k++)
    if (strncmp(sets[k], "simulation.trials", 17) == 0 ||
        strncmp(sets[k], "simulation.seed", 15) == 0 ||
        strncmp(sets[k], "simulation=", 11) == 0)
      cli_error(cmd,
                "warning: --with %s changes nothing: every model runs on the "
                "first's trials and seed (the same random numbers)",
                sets[k]);
  crq_diags d;
  crq_diags_init(&d);
  crq_status s = crq_model_source_variant(j->sources[0], sets, n, &d, out);
  cli_name_options(&d, path, "with");
  int rc = s == CRQ_OK ? 0 : cli_whatif_failed(&d, s, with);
  crq_diags_free(&d);
  free(sets);
  free(copy);
  return rc;
}

/* Loads every file and every --with variant. Returns the exit code. */
static int load_models(const cli_command *cmd, const cli_args *a,
                       const cli_whatif *w, void *ctx) {
  (void)w;
  compare_job *j = ctx;
  size_t n_with;
  const char **with = cli_values(cmd, a, "with", &n_with);
  j->n = a->n_pos + n_with;
  j->sources = calloc(j->n, sizeof *j->sources);
  j->variants = calloc(j->n, sizeof *j->variants);
  j->models = calloc(j->n, sizeof *j->models);
  j->labels = calloc(j->n, sizeof *j->labels);
  int rc = 0;
  if (!j->sources || !j->variants || !j->models || !j->labels) {
    cli_error(cmd, "out of memory");
    rc = CLI_EXIT_FAILURE;
  }
  for (size_t i = 0; !rc && i < a->n_pos; i++) {
    j->sources[i] = cli_whatif_source(cmd, a, a->pos[i], &rc);
    if (j->sources[i])
      j->models[i] = crq_model_source_model(j->sources[i]);
    j->labels[i] = a->pos[i];
  }
  for (size_t k = 0; !rc && k < n_with; k++) {
    size_t i = a->n_pos + k;
    rc = load_with(cmd, j, a->pos[0], with[k], &j->variants[i]);
    j->models[i] = j->variants[i];
    j->labels[i] = with[k];
  }
  free(with);
  return rc;
}

static crq_status compute(void *ctx, const crq_whatif_options *run,
                          crq_diags *diags) {
  compare_job *j = ctx;
  return crq_compare_run(j->models, j->labels, j->n, run, &j->result, diags);
}

static crq_status write(void *ctx, const crq_report_options *report, FILE *out,
                        crq_diags *diags) {
  compare_job *j = ctx;
  return crq_compare_write(j->result, report, out, diags);
}

static int compare_main(const cli_command *cmd, int argc, char **argv) {
  compare_job j = {0};
  cli_whatif_job job = {&j, compute, write, NULL};
  int rc = cli_whatif_main(cmd, argc, argv, 0, &job, load_models);
  job_free(&j);
  return rc;
}

const cli_command cli_cmd_compare = {
    .name = "compare",
    .summary = "compare models or what-if variants on the same trials",
    .usage = "crq compare MODEL [MODEL...] [--with PATH=VALUE[;...]]... "
             "[options]",
    .description =
        "Simulates every MODEL, and every variant of the first MODEL that "
        "a --with\n"
        "describes, with the same trials and seed, and shows the maximum "
        "loss, EAL,\n"
        "VaR 99% and TVaR 99% side by side with the differences to the "
        "first,\n"
        "paired on the same trials (common random numbers), each with its "
        "standard\n"
        "error, and each model's risk-appetite verdicts. --set changes "
        "every MODEL\n"
        "before use. docs/what-if.md explains the figures.",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples =
        "crq compare examples/jcic_manufacturer.yaml examples/jcic_partial."
        "yaml\n"
        "crq compare model.yaml --with kpis.patching.actual=50 --with "
        "kpis.patching.actual=100\n"
        "crq compare model.yaml --with 'scenarios.ransomware.frequency."
        "rate=0.5;organisation.annual_revenue=1200億'\n"
        "crq compare a.yaml b.yaml --format json --out diff.json",
    .main = compare_main,
};
