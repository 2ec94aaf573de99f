/* engine/cli/help.c — the help texts: `crq --help` (every command) and
 * `crq COMMAND --help` (usage, description, every option with its default
 * built from the option table, examples, where the docs are), and the
 * "unknown command" message with the closest command. */
#include <string.h>

#include "cli.h"
#include "model/suggest.h"

const cli_command *cli_find_command(const char *name) {
  for (size_t i = 0; i < cli_command_count; i++)
    if (strcmp(cli_commands[i]->name, name) == 0)
      return cli_commands[i];
  return NULL;
}

void cli_unknown_command(const char *name) {
  const char *names[16] = {0};
  size_t n = cli_command_count < 16 ? cli_command_count : 16;
  for (size_t i = 0; i < n; i++)
    names[i] = cli_commands[i]->name;
  const char *best = crq_suggest(name, names, n);
  if (best) {
    cli_error(NULL, "unknown command '%s'; did you mean '%s'?", name, best);
    return;
  }
  fprintf(stderr, "crq: unknown command '%s'; expected one of ", name);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "%s%s", names[i], i + 1 < n ? ", " : "");
  fputs(" (see 'crq --help')\n", stderr);
}

/* Prints text with every line after the first indented by `indent`. */
static void print_indented(FILE *out, const char *text, int indent) {
  for (const char *p = text; *p; p++) {
    fputc(*p, out);
    if (*p == '\n' && p[1])
      fprintf(out, "%*s", indent, "");
  }
}

/* Prints one line per option: "  -n, --trials N   what it does". */
static void print_options(const cli_command *cmd, FILE *out) {
  enum { COL = 24 };
  fputs("Options:\n", out);
  for (size_t i = 0; i <= cmd->n_options; i++) {
    int last = i == cmd->n_options;
    const cli_option *o = last ? NULL : &cmd->options[i];
    char head[64];
    if (last)
      snprintf(head, sizeof head, "  -h, --help");
    else
      snprintf(head, sizeof head, "  %c%c%s--%s%s%s", o->short_name ? '-' : ' ',
               o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ",
               o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
    int w = (int)strlen(head);
    fprintf(out, "%s%*s", head, w < COL ? COL - w : 1, "");
    print_indented(out, last ? "show this help and exit" : o->help, COL);
    fputc('\n', out);
  }
}

static void print_crq_help(FILE *out) {
  fputs("crq — cyber-risk quantification: loss distributions in money from a\n"
        "model of your cyber scenarios, security KPIs and measures.\n\n"
        "Usage: crq COMMAND [options] [arguments]\n\nCommands:\n",
        out);
  int width = 0; /* the longest command name, plus two spaces */
  for (size_t i = 0; i < cli_command_count; i++)
    if ((int)strlen(cli_commands[i]->name) + 2 > width)
      width = (int)strlen(cli_commands[i]->name) + 2;
  for (size_t i = 0; i < cli_command_count; i++)
    fprintf(out, "  %-*s%s\n", width, cli_commands[i]->name,
            cli_commands[i]->summary);
  fputs(
      "\nOptions:\n"
      "  -h, --help    show this help and exit\n"
      "  --version     print the version of crq and exit\n\n"
      "Examples:\n"
      "  crq run examples/jcic_manufacturer.yaml\n"
      "  crq run model.yaml --trials 1000000 --format json --out result.json\n"
      "  crq validate examples/*.yaml\n\n"
      "Run 'crq help COMMAND' (or 'crq COMMAND --help') for the options of a\n"
      "command. Exit codes: 0 success, 1 runtime failure (I/O, numeric),\n"
      "2 bad input or usage, 129/130/143 interrupted (SIGHUP/SIGINT/SIGTERM).\n"
      "Documentation: docs/cli.md (commands), docs/model-format.md (model\n"
      "files), docs/json-schema.md (JSON results) in the crq sources.\n",
      out);
}

void cli_print_help(const cli_command *cmd, FILE *out) {
  if (!cmd) {
    print_crq_help(out);
    return;
  }
  fprintf(out, "Usage: %s\n\n%s\n\n", cmd->usage, cmd->description);
  print_options(cmd, out);
  fputs("\nExamples:\n  ", out);
  print_indented(out, cmd->examples, 2);
  fputs("\n\nDocumentation: docs/cli.md in the crq sources; 'crq --help' "
        "lists\nevery command.\n",
        out);
}
