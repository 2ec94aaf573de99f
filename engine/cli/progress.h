/* engine/cli/progress.h — the progress bar of `crq run` and stopping a run
 * on SIGINT/SIGTERM.
 *
 * The library calls the progress callback about ten times a second from
 * the simulating thread. The callback draws a one-line bar on stderr (only
 * when stderr is a terminal, the run has lasted over a second and --quiet
 * was not given) and returns non-zero once a signal has arrived, which
 * makes crq_simulate stop and return CRQ_ERR_INTERRUPTED.
 */
#ifndef CRQ_CLI_PROGRESS_H
#define CRQ_CLI_PROGRESS_H

#include <stdint.h>

#include "crq/sim.h"

typedef struct cli_progress {
  int enabled;  /* drawing allowed (terminal, not quiet) */
  double start; /* monotonic seconds at the start of the run */
  double last;  /* when the bar was last drawn */
  int drawn;    /* the bar is on screen and must be cleared */
} cli_progress;

/* Installs the SIGINT/SIGTERM handlers (they only record the signal). */
void cli_signals_install(void);

/* The signal received so far (SIGINT, SIGTERM) or 0. */
int cli_signal_received(void);

void cli_progress_start(cli_progress *p, int quiet);

/* Starts the bar and points sim's progress callback at it: every command
 * that simulates (run, its analysis, the what-if commands) draws the same
 * bar and stops on the same signals. */
void cli_progress_attach(cli_progress *p, int quiet, crq_sim_options *sim);

/* The crq_progress_fn: ctx is a cli_progress. */
int cli_progress_update(void *ctx, uint64_t done, uint64_t total);

/* Clears the bar if it was drawn. */
void cli_progress_finish(cli_progress *p);

#endif
