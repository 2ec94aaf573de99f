/* engine/cli/args.c — the small command-line parser every subcommand uses.
 *
 * Options come from the command's table: "--name value", "--name=value",
 * "-x value", "-xvalue" (as getopt takes them) and flags ("--quiet",
 * "-q"); "--" ends the options; everything else is positional, in order. A
 * word with one '-' that reads as a long option ("-quiet", "-output") is
 * refused with the option meant, not read as "-o utput". A mistake is
 * reported once, naming the command, the offending word and the
 * closest valid option (by edit distance or unique prefix), and yields exit
 * code 2.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model/amount.h"
#include "model/suggest.h"

void cli_error(const cli_command *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (cmd)
    fprintf(stderr, "crq %s: ", cmd->name);
  else
    fputs("crq: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* The closest option name: a plausible typo, or the only option the word
 * is a prefix of; NULL if neither. */
static const char *closest_option(const cli_command *cmd, const char *word) {
  const char *names[CLI_MAX_OPTIONS + 1];
  const char *prefix_of = NULL;
  size_t n_prefix = 0, len = strlen(word);
  for (size_t i = 0; i < cmd->n_options; i++) {
    names[i] = cmd->options[i].name;
    if (len > 0 && strncmp(names[i], word, len) == 0) {
      prefix_of = names[i];
      n_prefix++;
    }
  }
  names[cmd->n_options] = "help";
  const char *s = crq_suggest(word, names, cmd->n_options + 1);
  return s ? s : n_prefix == 1 ? prefix_of : NULL;
}

static void unknown_option(const cli_command *cmd, const char *arg) {
  const char *word = arg + strspn(arg, "-");
  size_t len = strcspn(word, "=");
  char buf[128];
  snprintf(buf, sizeof buf, "%.*s", (int)(len < 100 ? len : 100), word);
  const char *best = closest_option(cmd, buf);
  if (best) {
    cli_error(cmd, "unknown option '%s'; did you mean '--%s'?", arg, best);
    return;
  }
  fprintf(stderr, "crq %s: unknown option '%s'; expected ", cmd->name, arg);
  for (size_t i = 0; i < cmd->n_options; i++)
    fprintf(stderr, "--%s, ", cmd->options[i].name);
  fprintf(stderr, "%s--help (see 'crq help %s')\n", cmd->n_options ? "or " : "",
          cmd->name);
}

/* Index of the option named by arg ("--name[=v]" or "-x[value]"), or -1. */
static int find_option(const cli_command *cmd, const char *arg) {
  if (arg[1] != '-') {
    for (size_t i = 0; i < cmd->n_options; i++)
      if (cmd->options[i].short_name == arg[1])
        return (int)i;
    return -1;
  }
  const char *name = arg + 2;
  size_t len = strcspn(name, "=");
  for (size_t i = 0; i < cmd->n_options; i++)
    if (strlen(cmd->options[i].name) == len &&
        strncmp(cmd->options[i].name, name, len) == 0)
      return (int)i;
  return -1;
}

/* The long option a word written with one '-' reads as, which getopt
 * would take as a short option and its value ("-output" as "-o utput"):
 * a long option's name, alone or before '=' ("-quiet", "-out=x.json"); the
 * name of the short option's own long option with more after it
 * ("-output"); or a typo of a name ("-trails=5", "-quite") where the first
 * letter is not a short option taking a value (so "-oseed" is the file
 * "seed"). NULL when it reads as none of these. */
static const char *one_dash_long(const cli_command *cmd, const char *arg) {
  if (arg[1] == '-' || arg[1] == '\0' || arg[2] == '\0')
    return NULL;
  const char *word = arg + 1, *names[CLI_MAX_OPTIONS];
  const cli_option *own = NULL; /* the option of the first letter */
  size_t len = strcspn(word, "=");
  for (size_t i = 0; i < cmd->n_options; i++) {
    const cli_option *o = &cmd->options[i];
    names[i] = o->name;
    if (strlen(o->name) == len && strncmp(word, o->name, len) == 0)
      return o->name;
    if (o->short_name == arg[1])
      own = o;
  }
  if (own && strncmp(word, own->name, strlen(own->name)) == 0)
    return own->name;
  char buf[64];
  if ((own && own->metavar) || len >= sizeof buf)
    return NULL;
  snprintf(buf, sizeof buf, "%.*s", (int)len, word);
  return crq_suggest(buf, names, cmd->n_options);
}

/* Handles the option word argv[*i] (and its value); returns 0 or the exit
 * code of a mistake. */
static int parse_option(const cli_command *cmd, int argc, char **argv, int *i,
                        cli_args *a) {
  const char *arg = argv[*i];
  if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
    a->help = 1;
    return 0;
  }
  const char *meant = one_dash_long(cmd, arg);
  if (meant) {
    cli_error(cmd,
              "'%s' has one '-'; long options take two: did you mean "
              "'--%s'?",
              arg, meant);
    return CLI_EXIT_USAGE;
  }
  int k = find_option(cmd, arg);
  if (k < 0) {
    unknown_option(cmd, arg);
    return CLI_EXIT_USAGE;
  }
  const cli_option *o = &cmd->options[k];
  /* the value given in the same word: "--name=v", or "-xv" */
  const char *eq = arg[1] == '-' ? strchr(arg, '=') : arg[2] ? arg + 1 : NULL;
  if (!o->metavar && eq) {
    if (arg[1] == '-')
      cli_error(cmd, "option '--%s' takes no value, found '%s'", o->name, arg);
    else if (arg[2] == '=')
      cli_error(cmd, "option '-%c' (--%s) takes no value, found '%s'", arg[1],
                o->name, arg);
    else /* "-qj1": several short options in one word */
      cli_error(cmd,
                "option '-%c' (--%s) takes no value, found '%s'; give each "
                "option its own '-', as in '-%c -%s'",
                arg[1], o->name, arg, arg[1], arg + 2);
    return CLI_EXIT_USAGE;
  } else if (!o->metavar) {
    a->value[k] = "";
  } else if (eq && arg[1] != '-' && arg[2] == '=') { /* "-o=x": not "=x" */
    if (arg[3])
      cli_error(cmd,
                "'%s': a short option takes its value without '='; write "
                "'-%c %s' or '--%s=%s'",
                arg, arg[1], arg + 3, o->name, arg + 3);
    else
      cli_error(cmd, "'%s': a short option takes its value without '='", arg);
    return CLI_EXIT_USAGE;
  } else if (eq) {
    a->value[k] = eq + 1;
  } else if (*i + 1 < argc) {
    a->value[k] = argv[++*i];
  } else {
    cli_error(cmd, "option '--%s' needs a value (%s)", o->name, o->metavar);
    return CLI_EXIT_USAGE;
  }
  a->given_value[a->n_given] = a->value[k];
  a->given_option[a->n_given++] = (size_t)k;
  return 0;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a) {
  memset(a, 0, sizeof *a);
  size_t cap = (size_t)(argc > 0 ? argc : 1);
  a->pos = calloc(cap, sizeof *a->pos);
  a->given_value = calloc(cap, sizeof *a->given_value);
  a->given_option = calloc(cap, sizeof *a->given_option);
  if (!a->pos || !a->given_value || !a->given_option) {
    cli_error(cmd, "out of memory");
    return CLI_EXIT_FAILURE;
  }
  int only_pos = 0;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!only_pos && strcmp(arg, "--") == 0) {
      only_pos = 1;
    } else if (!only_pos && arg[0] == '-' && arg[1] != '\0') {
      int rc = parse_option(cmd, argc, argv, &i, a);
      if (rc)
        return rc;
    } else {
      a->pos[a->n_pos++] = argv[i];
    }
  }
  return 0;
}

void cli_args_free(cli_args *a) {
  free(a->pos);
  free(a->given_value);
  free(a->given_option);
  memset(a, 0, sizeof *a);
}

const char *cli_value(const cli_command *cmd, const cli_args *a,
                      const char *name) {
  for (size_t i = 0; i < cmd->n_options; i++)
    if (strcmp(cmd->options[i].name, name) == 0)
      return a->value[i];
  return NULL;
}

const char **cli_values(const cli_command *cmd, const cli_args *a,
                        const char *name, size_t *n) {
  const char **out = malloc((a->n_given + 1) * sizeof *out);
  *n = 0;
  for (size_t i = 0; out && i < a->n_given; i++)
    if (strcmp(cmd->options[a->given_option[i]].name, name) == 0)
      out[(*n)++] = a->given_value[i];
  if (*n == 0) {
    free(out);
    return NULL;
  }
  return out;
}

int cli_parse_u64(const cli_command *cmd, const char *name, const char *text,
                  uint64_t min, uint64_t max, uint64_t *out) {
  uint64_t v = 0;
  int st = crq_parse_whole(text, &v);
  if (st == 0 && v >= min && v <= max) {
    *out = v;
    return 0;
  }
  char range[64];
  if (max == UINT64_MAX)
    snprintf(range, sizeof range, ">= %llu", (unsigned long long)min);
  else
    snprintf(range, sizeof range, "from %llu to %llu", (unsigned long long)min,
             (unsigned long long)max);
  if (st == -1)
    cli_error(cmd,
              "--%s: expected a whole number %s (digits, or with an "
              "exponent such as 1e6), found '%s'",
              name, range, text);
  else
    cli_error(cmd,
              "--%s: %s is out of range; expected a whole number from %llu "
              "to %llu",
              name, text, (unsigned long long)min, (unsigned long long)max);
  return CLI_EXIT_USAGE;
}

int cli_require_args(const cli_command *cmd, const cli_args *a, size_t want) {
  if (want ? a->n_pos == want : a->n_pos >= 1)
    return 0;
  if (a->n_pos == 0)
    cli_error(cmd, "missing argument; usage: %s", cmd->usage);
  else
    cli_error(cmd,
              "expected %zu argument%s, found %zu ('%s' is extra); "
              "usage: %s",
              want, want == 1 ? "" : "s", a->n_pos, a->pos[want], cmd->usage);
  fprintf(stderr, "Try 'crq %s --help'.\n", cmd->name);
  return CLI_EXIT_USAGE;
}
