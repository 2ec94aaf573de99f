/* engine/cli/output.h — output files written atomically.
 *
 * A report or model file either appears complete or not at all: the
 * output goes to a temporary file in the target's directory (so the final
 * rename stays within one file system), which is flushed, fsync'ed and
 * closed with every error checked, then renamed over the target. On any
 * failure, or when the run is interrupted, the temporary file is removed.
 * Targets that are not regular files (/dev/full, a FIFO) and open
 * descriptors (/dev/stderr, /dev/fd/N) are written directly; "-",
 * /dev/stdout or no path means standard output. A file that
 * is replaced keeps its permissions (and owner, where allowed); a
 * read-only one is refused; a symbolic link stays and its target is
 * written.
 *
 * The stream writes through a descriptor of its own (fopencookie) that
 * keeps the errno of the first write that failed: stdio keeps only an
 * error flag, so a full disk met inside a long fwrite would otherwise be
 * reported as a mere I/O error.
 */
#ifndef CRQ_CLI_OUTPUT_H
#define CRQ_CLI_OUTPUT_H

#include <stdio.h>

#include "cli.h"

/* The descriptor an output stream writes to, and why writing failed. */
typedef struct cli_sink {
  int fd;
  int owned; /* fd is closed with the stream (not standard output) */
  int err;   /* errno of the first failed write or close; 0 if none */
} cli_sink;

typedef struct cli_output {
  FILE *fp;         /* where to write */
  const char *path; /* as given, or NULL for standard output */
  char *target;     /* the file written: path, or its link's target */
  char *tmp;        /* the temporary file, or NULL when writing directly */
  cli_sink *sink;   /* what fp writes to */
} cli_output;

/* Opens the output; on failure prints a message naming the path and
 * returns CLI_EXIT_FAILURE. */
int cli_output_open(cli_output *o, const char *path);

/* Flushes, syncs, closes and renames into place; on failure prints a
 * message, removes the temporary file and returns CLI_EXIT_FAILURE. */
int cli_output_commit(cli_output *o);

/* Prints "cannot write '<path>': <reason>" (or "to standard output"):
 * the reason the first write failed, else errno value err (0: unknown,
 * reported as an I/O error). */
void cli_output_error(const cli_output *o, int err);

/* Closes and removes the temporary file (nothing is left behind). */
void cli_output_abort(cli_output *o);

/* Whether path (NULL included) means standard output: "-", /dev/stdout,
 * /dev/fd/1 or /proc/self/fd/1. */
int cli_output_is_stdout(const char *path);

/* Whether output path out would overwrite in: the same regular file, or
 * (not both existing) the same path. */
int cli_output_same(const char *out, const char *in);

/* Refuses (a message, CLI_EXIT_USAGE) an output path, given as --option,
 * that is empty or one of the command's inputs (its positional
 * arguments); else 0. */
int cli_output_check(const cli_command *cmd, const cli_args *a,
                     const char *option, const char *path);

#endif
