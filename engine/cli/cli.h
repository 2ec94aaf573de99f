/* engine/cli/cli.h — the pieces shared by crq's subcommands.
 *
 * Each subcommand is one file (cmd_*.c) exporting a cli_command: its name,
 * its help text in parts (usage, description, options, examples) and its
 * entry point. The option table drives both the parser (args.c) and the
 * --help text (help.c), so they cannot disagree. The CLI uses only the
 * public API (include/crq) plus the loader's "did you mean" helper.
 *
 * Exit codes (docs/cli.md): 0 success; 1 runtime failure (I/O, numeric,
 * out of memory, internal); 2 bad input or usage; 128 + signal number when
 * interrupted (130 for SIGINT, 143 for SIGTERM).
 */
#ifndef CRQ_CLI_H
#define CRQ_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "crq/crq.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

#define CLI_MAX_OPTIONS 16

typedef struct cli_option {
  const char *name;    /* long name without "--", e.g. "trials" */
  char short_name;     /* 'n' for -n, or 0 */
  const char *metavar; /* "N" when the option takes a value; NULL for flags */
  const char *help;    /* what it does, and its default */
} cli_option;

typedef struct cli_command cli_command;
struct cli_command {
  const char *name;
  const char *summary;     /* one line for `crq --help` */
  const char *usage;       /* "crq run MODEL [options]" */
  const char *description; /* what it does, a few lines */
  const cli_option *options;
  size_t n_options;
  const char *examples; /* one example per line */
  int (*main)(const cli_command *cmd, int argc, char **argv);
};

/* The commands, in the order `crq --help` lists them. */
extern const cli_command *const cli_commands[];
extern const size_t cli_command_count;
extern const cli_command cli_cmd_run, cli_cmd_validate, cli_cmd_show,
    cli_cmd_import, cli_cmd_kpi, cli_cmd_help, cli_cmd_compare, cli_cmd_sweep,
    cli_cmd_sensitivity, cli_cmd_optimize;

/* The --set option of every command that reads a model (docs/what-if.md). */
#define CLI_OPTION_SET                                                         \
  {                                                                            \
    "set", 0, "PATH=VALUE",                                                    \
        "change the model before use, e.g. --set\n"                            \
        "kpis.patching.actual=80 (repeatable; docs/what-if.md)"                \
  }

/* The parsed command line of one command. */
typedef struct cli_args {
  const char *value[CLI_MAX_OPTIONS]; /* per option: NULL if absent, the
                                         value, or "" for a flag */
  char **pos;                         /* positional arguments */
  size_t n_pos;
  /* every option given, in order (options may be repeated) */
  const char **given_value;
  size_t *given_option; /* index in the command's table */
  size_t n_given;
  int help; /* --help or -h was given */
} cli_args;

/* Parses argv[1..argc-1] (argv[0] is the command name). Returns 0, or
 * prints what is wrong (naming the closest valid option) and returns
 * CLI_EXIT_USAGE. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a);
void cli_args_free(cli_args *a);

/* The value of option `name` (NULL when absent). */
const char *cli_value(const cli_command *cmd, const cli_args *a,
                      const char *name);

/* Every value given to option `name`, in command-line order (for options
 * that may be repeated, such as --set); NULL when none or out of memory
 * (*n = 0). The caller frees the array, not the strings. */
const char **cli_values(const cli_command *cmd, const cli_args *a,
                        const char *name, size_t *n);

/* Parses a whole number in [min, max] given to option `name`; on error
 * prints what was expected and returns CLI_EXIT_USAGE. */
int cli_parse_u64(const cli_command *cmd, const char *name, const char *text,
                  uint64_t min, uint64_t max, uint64_t *out);

/* Reads the simulation options of cmd's table (--trials, --seed,
 * --threads; options.c) into sim, and the report options (--format: one
 * of the NULL-terminated formats, or of the run report's when NULL;
 * --lang; --bom) into report. Print what is wrong and return
 * CLI_EXIT_USAGE on a bad value. */
int cli_read_sim(const cli_command *cmd, const cli_args *a,
                 crq_sim_options *sim);
int cli_read_report(const cli_command *cmd, const cli_args *a,
                    const char *const *formats, crq_report_options *report);

/* Prints "crq CMD: <message>" to stderr (cmd may be NULL: "crq: ..."). */
void cli_error(const cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The command called name, or NULL. */
const cli_command *cli_find_command(const char *name);

/* Prints "unknown command 'x'" with the closest command to stderr. */
void cli_unknown_command(const char *name);

/* Prints the help of cmd (or of crq itself when cmd is NULL). */
void cli_print_help(const cli_command *cmd, FILE *out);

/* Checks that exactly `want` positional arguments were given (any number
 * ≥ 1 when want is 0); prints the usage line otherwise. */
int cli_require_args(const cli_command *cmd, const cli_args *a, size_t want);

/* The start of every command: parses argv into a (free it with
 * cli_args_free whatever this returns), prints the help for --help, and
 * requires want arguments as cli_require_args does. Sets *exit_code (0
 * when all is well) and returns 1 when the command should go on, 0 when
 * it is done. */
int cli_start(const cli_command *cmd, int argc, char **argv, size_t want,
              cli_args *a, int *exit_code);

/* The exit code for a library status. `reading` is non-zero when the
 * status comes from reading the user's input files: an unreadable input is
 * bad input (2), an unwritable output a runtime failure (1). */
int cli_exit_code(crq_status s, int reading);

/* Loads a model, printing its diagnostics to stderr on failure. Returns
 * NULL and sets *exit_code when the model cannot be used. */
crq_model *cli_load_model(const char *path, int *exit_code);

/* Appends "with --set A, --set B" (cmd's assignments) to each of d's
 * messages at a line of the model file, which the assignments changed. */
void cli_note_sets(const cli_command *cmd, const cli_args *a, crq_diags *d);

/* The same with the --set assignments of cmd's command line applied. */
crq_model *cli_load_model_set(const cli_command *cmd, const cli_args *a,
                              const char *path, int *exit_code);

/* Prints the diagnostics of a failed call, or a line naming `what` and the
 * status when the library left none. */
void cli_print_diags(const crq_diags *d, crq_status s, const char *what);

/* Names the model file that diagnostics about command-line assignments
 * and options are about ("m.yaml: --set PATH=V: ...", "m.yaml: --vary
 * ..."): commands take several models. `option`, when not NULL, is the
 * option the user gave the assignments with ("with" for compare's
 * --with), named instead of --set. */
void cli_name_options(crq_diags *d, const char *path, const char *option);

/* Checks that everything written to stdout reached it. */
int cli_finish_stdout(void);

/* The report language from the environment: "ja" when LC_ALL (or, if
 * unset, LANG) starts with "ja", else "en". */
const char *cli_default_lang(void);

#endif
