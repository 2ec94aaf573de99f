/* engine/cli/kpi.c — `crq kpi list`: the KPI catalogue shipped with crq
 * (crq/kpi.h), filtered by maturity stage and measure type, as an aligned
 * table in Japanese or English. It answers "which catalogue id do I put
 * under `catalogue:` in my model, and what is its guide target?".
 */
#include <string.h>

#include "cli.h"
#include "model/suggest.h"

static const cli_option options[] = {
    {"stage", 0, "STAGE",
     "only KPIs of this maturity stage: initial,\n"
     "improving or optimizing"},
    {"type", 0, "TYPE",
     "only KPIs of this measure type: compliance,\n"
     "training, org_process, evaluation or industry"},
    {"lang", 0, "LANG",
     "names in ja or en (default: ja when LC_ALL, or\n"
     "LANG if LC_ALL is unset, starts with \"ja\")"},
};

static const char *const stages[] = {"initial", "improving", "optimizing"};
static const char *const types[] = {"compliance", "training", "org_process",
                                    "evaluation", "industry"};
static const char *const langs[] = {"ja", "en"};

/* Checks an option's value against its choices; prints the closest one
 * and returns CLI_EXIT_USAGE when it is none of them. */
static int check_choice(const cli_command *cmd, const char *option,
                        const char *value, const char *const *choices,
                        size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(value, choices[i]) == 0)
      return 0;
  const char *best = crq_suggest(value, choices, n);
  fprintf(stderr, "crq %s: --%s: unknown value '%s'; ", cmd->name, option,
          value);
  if (best) {
    fprintf(stderr, "did you mean '%s'?\n", best);
    return CLI_EXIT_USAGE;
  }
  fputs("expected ", stderr);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "%s%s", i ? (i + 1 < n ? ", " : " or ") : "", choices[i]);
  fputc('\n', stderr);
  return CLI_EXIT_USAGE;
}

/* Prints the catalogue entries that pass the filters (NULL: any). */
static int list(const cli_command *cmd, const char *stage, const char *type,
                int ja) {
  crq_kpi_catalogue *cat;
  if (crq_kpi_catalogue_open(&cat) != CRQ_OK) {
    cli_error(cmd, "cannot open the KPI catalogue: out of memory");
    return CLI_EXIT_FAILURE;
  }
  crq_status st = crq_kpi_catalogue_write(cat, stdout, stage, type, ja);
  crq_kpi_catalogue_free(cat);
  if (st == CRQ_ERR_NOMEM) {
    cli_error(cmd, "out of memory");
    return CLI_EXIT_FAILURE;
  }
  return cli_finish_stdout();
}

static int kpi_main(const cli_command *cmd, int argc, char **argv) {
  cli_args a;
  int rc;
  const char *stage = NULL, *type = NULL, *lang = cli_default_lang();
  if (cli_start(cmd, argc, argv, 1, &a, &rc)) {
    if (strcmp(a.pos[0], "list") != 0) {
      cli_error(cmd, "unknown action '%s'; expected list (usage: %s)", a.pos[0],
                cmd->usage);
      rc = CLI_EXIT_USAGE;
    }
    if (!rc && (stage = cli_value(cmd, &a, "stage")))
      rc = check_choice(cmd, "stage", stage, stages, 3);
    if (!rc && (type = cli_value(cmd, &a, "type")))
      rc = check_choice(cmd, "type", type, types, 5);
    if (!rc && cli_value(cmd, &a, "lang") &&
        !(rc = check_choice(cmd, "lang", cli_value(cmd, &a, "lang"), langs, 2)))
      lang = cli_value(cmd, &a, "lang");
    if (!rc)
      rc = list(cmd, stage, type, strcmp(lang, "ja") == 0);
  }
  cli_args_free(&a);
  return rc;
}

const cli_command cli_cmd_kpi = {
    .name = "kpi",
    .summary = "list the KPI catalogue (JCIC annex, figure 1, ISMS "
               "objectives)",
    .usage = "crq kpi list [options]",
    .description =
        "Prints the KPI catalogue shipped with crq: id, maturity stage, "
        "measure\n"
        "type, guide target, unit, which direction is better and name. A "
        "model's\n"
        "KPI names an entry with `catalogue: \"1.2.2\"` and inherits its "
        "name, unit\n"
        "and direction (docs/kpi.md).",
    .options = options,
    .n_options = sizeof options / sizeof options[0],
    .examples = "crq kpi list\n"
                "crq kpi list --stage initial --lang en\n"
                "crq kpi list --type training",
    .main = kpi_main,
};
