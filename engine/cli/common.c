/* engine/cli/common.c — what several commands do the same way: map a
 * library status to an exit code, load a model and show its mistakes,
 * check that standard output was written, pick the report language,
 * parse the command line and answer --help. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_start(const cli_command *cmd, int argc, char **argv, size_t want,
              cli_args *a, int *exit_code) {
  int rc = cli_parse(cmd, argc, argv, a);
  int go_on = 0;
  if (!rc && a->help) {
    cli_print_help(cmd, stdout);
    rc = cli_finish_stdout();
  } else if (!rc) {
    rc = cli_require_args(cmd, a, want);
    go_on = !rc;
  }
  *exit_code = rc;
  return go_on;
}

int cli_exit_code(crq_status s, int reading) {
  switch (s) {
  case CRQ_OK:
    return CLI_EXIT_OK;
  case CRQ_ERR_USAGE:
  case CRQ_ERR_INPUT:
  case CRQ_ERR_LIMIT:
    return CLI_EXIT_USAGE;
  case CRQ_ERR_IO:
    return reading ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
  case CRQ_ERR_NOMEM:
  case CRQ_ERR_NUMERIC:
  case CRQ_ERR_INTERRUPTED:
  case CRQ_ERR_INTERNAL:
    break;
  }
  return CLI_EXIT_FAILURE;
}

void cli_print_diags(const crq_diags *d, crq_status s, const char *what) {
  if (d->count)
    crq_diags_print(d, stderr);
  else
    fprintf(stderr, "%s: %s\n", what, crq_strerror(s));
  if (s == CRQ_ERR_INTERNAL)
    fputs("crq: this is a bug in crq; please report it with the model file\n",
          stderr);
}

void cli_name_options(crq_diags *d, const char *path, const char *option) {
  for (size_t i = 0; i < d->count; i++) {
    char *file = d->items[i].file, *named;
    if (!file || strncmp(file, "--", 2) != 0)
      continue; /* about the file itself: it has its name */
    int set = option && strncmp(file, "--set ", 6) == 0;
    if ((set ? asprintf(&named, "%s: --%s %s", path, option, file + 6)
             : asprintf(&named, "%s: %s", path, file)) >= 0) {
      free(file);
      d->items[i].file = named;
    }
  }
}

void cli_note_sets(const cli_command *cmd, const cli_args *a, crq_diags *d) {
  size_t n;
  const char **sets = cli_values(cmd, a, "set", &n);
  crq_model_note_sets(d, 0, sets, n);
  free(sets);
}

/* Loads path with n assignments applied. */
static crq_model *load_with(const char *path, const char *const *sets, size_t n,
                            int *exit_code) {
  crq_diags d;
  crq_diags_init(&d);
  crq_model *m = NULL;
  crq_status s = crq_model_load_file_set(path, sets, n, &d, &m);
  if (s != CRQ_OK) {
    cli_name_options(&d, path, NULL);
    cli_print_diags(&d, s, path);
    *exit_code = cli_exit_code(s, 1);
    m = NULL;
  }
  crq_diags_free(&d);
  return m;
}

crq_model *cli_load_model(const char *path, int *exit_code) {
  return load_with(path, NULL, 0, exit_code);
}

crq_model *cli_load_model_set(const cli_command *cmd, const cli_args *a,
                              const char *path, int *exit_code) {
  size_t n;
  const char **sets = cli_values(cmd, a, "set", &n);
  crq_model *m = load_with(path, sets, n, exit_code);
  free(sets);
  return m;
}

int cli_finish_stdout(void) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    cli_error(NULL, "cannot write to standard output: %s",
              errno ? strerror(errno) : "write error");
    return CLI_EXIT_FAILURE;
  }
  return CLI_EXIT_OK;
}

const char *cli_default_lang(void) {
  const char *v = getenv("LC_ALL");
  if (!v || !*v)
    v = getenv("LANG");
  return v && strncmp(v, "ja", 2) == 0 ? "ja" : "en";
}
