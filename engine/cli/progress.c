/* engine/cli/progress.c — progress bar and signal flag (see progress.h).
 *
 * The one mutable global of crq is here: the number of the signal that
 * arrived, which is all a signal handler may safely record. */
#include "progress.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t received;

static void on_signal(int sig) {
  received = sig;
}

void cli_signals_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL); /* the terminal closed */
}

int cli_signal_received(void) {
  return received;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_start(cli_progress *p, int quiet) {
  memset(p, 0, sizeof *p);
  p->enabled = !quiet && isatty(STDERR_FILENO);
  p->start = now();
}

void cli_progress_attach(cli_progress *p, int quiet, crq_sim_options *sim) {
  cli_progress_start(p, quiet);
  sim->progress = cli_progress_update;
  sim->progress_ctx = p;
}

int cli_progress_update(void *ctx, uint64_t done, uint64_t total) {
  cli_progress *p = ctx;
  if (received)
    return 1;
  double t = now();
  if (!p->enabled || t - p->start < 1.0 || t - p->last < 0.1 || total == 0)
    return 0;
  enum { WIDTH = 30 };
  double f = (double)done / (double)total;
  int fill = (int)(f * WIDTH);
  char bar[WIDTH + 1];
  memset(bar, '#', (size_t)fill);
  memset(bar + fill, '.', (size_t)(WIDTH - fill));
  bar[WIDTH] = '\0';
  double elapsed = t - p->start;
  double eta = f > 0 ? elapsed * (1 - f) / f : 0;
  fprintf(stderr, "\r[%s] %3.0f%%  %llu/%llu trials  %.0fs left ", bar, 100 * f,
          (unsigned long long)done, (unsigned long long)total, eta);
  fflush(stderr);
  p->last = t;
  p->drawn = 1;
  return 0;
}

void cli_progress_finish(cli_progress *p) {
  if (p->drawn)
    fputs("\r\033[K", stderr);
  p->drawn = 0;
}
