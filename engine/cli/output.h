/* engine/cli/output.h — output files written atomically.
 *
 * A report or model file either appears complete or not at all: the
 * output goes to a temporary file in the target's directory (so the final
 * rename stays within one file system), which is flushed, fsync'ed and
 * closed with every error checked, then renamed over the target. On any
 * failure, or when the run is interrupted, the temporary file is removed.
 * Targets that are not regular files (/dev/stdout, /dev/full, a FIFO) are
 * written directly; "-" or no path means standard output.
 */
#ifndef CRQ_CLI_OUTPUT_H
#define CRQ_CLI_OUTPUT_H

#include <stdio.h>

typedef struct cli_output {
  FILE *fp;         /* where to write */
  const char *path; /* the target, or NULL for standard output */
  char *tmp;        /* the temporary file, or NULL when writing directly */
} cli_output;

/* Opens the output; on failure prints a message naming the path and
 * returns CLI_EXIT_FAILURE. */
int cli_output_open(cli_output *o, const char *path);

/* Flushes, syncs, closes and renames into place; on failure prints a
 * message, removes the temporary file and returns CLI_EXIT_FAILURE. */
int cli_output_commit(cli_output *o);

/* Prints "cannot write '<path>': <reason>" (or "to standard output") for
 * errno value err (0: unknown, reported as an I/O error). */
void cli_output_error(const cli_output *o, int err);

/* Closes and removes the temporary file (nothing is left behind). */
void cli_output_abort(cli_output *o);

#endif
