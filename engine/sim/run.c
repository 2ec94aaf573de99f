/* engine/sim/run.c — the parallel trial loop over chunks.
 *
 * Threads take chunks of CRQ_CHUNK_TRIALS trials dynamically; a chunk's
 * per-trial values and partial sums depend only on its trials, so results
 * are bit-identical for any thread count. The calling thread (OpenMP thread
 * 0) reports progress about ten times a second and stops the run when the
 * callback asks. A trial that fails (too many events, a non-finite loss)
 * stops the chunks after it; chunks before it still run, so the failure
 * reported is always the first failing trial, whatever the scheduling.
 */
#include "sim/run.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "sim/batch.h"
#include "sim/trial.h"

enum { PROGRESS_EVERY = 1024 };

typedef struct failure {
  crq_status status;
  uint64_t trial;
  size_t scenario;
  double value;
} failure;

/* State shared by the threads of one run. */
typedef struct shared {
  const crq_plan *plan;
  const crq_run_options *opts;
  crq_run *run;
  failure *fail;       /* per chunk */
  size_t first_failed; /* lowest failed chunk index, or n_chunks */
  int interrupted;
  int nomem;
  uint64_t done;      /* trials done, for progress */
  double last_report; /* thread 0 only */
} shared;

static void add2(double *p, double x) {
  p[0] += x;
  p[1] += x * x;
}

/* Adds trial w's outcome to a chunk's partial sums. A year without
 * events adds only zeros, which leave the sums as they are (+0 is the
 * identity for sums that start at +0), so it is skipped. */
static void accumulate(double *part, const crq_partial_layout *L,
                       const crq_plan *p, const crq_trial *w) {
  if (w->events == 0)
    return;
  for (int v = 0; v < p->n_variants; v++) {
    add2(part + crq_partial_at(L, v, CRQ_Q_AEP), w->aep[v]);
    add2(part + crq_partial_at(L, v, CRQ_Q_OEP), w->oep[v]);
    for (int c = 0; c < CRQ_CAT_COUNT; c++)
      add2(part + crq_partial_at(L, v, CRQ_Q_CAT + (size_t)c), w->cat[v][c]);
    for (size_t i = 0; i < w->n_touched; i++) {
      size_t s = w->touched[i];
      add2(part + crq_partial_at(L, v, CRQ_Q_SCEN + s),
           w->scen[(size_t)v * p->n_scenarios + s]);
    }
  }
  if (p->n_variants > 1)
    add2(part + L->diff, w->aep[0] - w->aep[1]);
  part[L->events] += (double)w->events;
}

/* Whether chunk should not run (on): the caller stopped the run, a thread
 * lacks memory, or an earlier chunk failed. */
static int should_stop(shared *sh, size_t chunk) {
  int interrupted, nomem;
  size_t first;
#pragma omp atomic read
  interrupted = sh->interrupted;
#pragma omp atomic read
  nomem = sh->nomem;
#pragma omp atomic read
  first = sh->first_failed;
  return interrupted || nomem || chunk > first;
}

/* Counts k more trials done; on thread 0, reports progress when due. */
static void tick(shared *sh, uint64_t k) {
#pragma omp atomic
  sh->done += k;
  if (sh->opts->progress == NULL || omp_get_thread_num() != 0)
    return;
  double now = omp_get_wtime();
  if (now - sh->last_report < 0.1)
    return;
  sh->last_report = now;
  uint64_t done;
#pragma omp atomic read
  done = sh->done;
  if (sh->opts->progress(sh->opts->progress_ctx, done, sh->opts->trials)) {
#pragma omp atomic write
    sh->interrupted = 1;
  }
}

static void record_failure(shared *sh, size_t chunk, crq_status st, uint64_t t,
                           const crq_trial *w) {
  sh->fail[chunk] = (failure){st, t, w->bad_scenario, w->bad_value};
#pragma omp critical(crq_run_failure)
  if (chunk < sh->first_failed) {
#pragma omp atomic write
    sh->first_failed = chunk;
  }
}

/* Counts a trial done; non-zero when the chunk must stop. since counts
 * the trials since the last progress tick. */
static int count_done(shared *sh, size_t c, uint64_t *since) {
  if (++*since < PROGRESS_EVERY)
    return 0;
  tick(sh, *since);
  *since = 0;
  return should_stop(sh, c);
}

/* Simulates trial t one at a time and records it in the chunk's slice and
 * partial sums; non-zero on failure. */
static int run_one(shared *sh, size_t c, crq_trial *w, uint64_t t) {
  const crq_plan *p = sh->plan;
  crq_run *run = sh->run;
  crq_status st = crq_trial_run(p, w, t);
  if (st != CRQ_OK) {
    record_failure(sh, c, st, t, w);
    return 1;
  }
  for (int v = 0; v < p->n_variants; v++) {
    run->aep[v][t] = w->aep[v];
    run->oep[v][t] = w->oep[v];
  }
  accumulate(run->partials + c * run->layout.size, &run->layout, p, w);
  return 0;
}

/* Chunk c, one trial at a time or, with a batch workspace b, by batches
 * (a trial the batch cannot add goes one at a time). */
static void run_chunk(shared *sh, crq_trial *w, crq_batch *b, size_t c) {
  crq_run *run = sh->run;
  double *part = run->partials + c * run->layout.size;
  uint64_t begin = (uint64_t)c * CRQ_CHUNK_TRIALS;
  uint64_t end = begin + CRQ_CHUNK_TRIALS;
  end = end < run->trials ? end : run->trials;
  uint64_t since = 0, t = begin;
  while (t < end) {
    size_t n = 1;
    if (b) {
      uint64_t left = end - t;
      n = crq_batch_prepare(
          b, t, left < CRQ_BATCH_TRIALS ? (size_t)left : CRQ_BATCH_TRIALS);
    }
    for (size_t i = 0; i < n; i++, t++) {
      if (!(b && crq_batch_add(b, i, run, part)) && run_one(sh, c, w, t))
        return;
      if (count_done(sh, c, &since))
        return;
    }
  }
  tick(sh, since);
}

static void run_chunks(shared *sh) {
  size_t n_chunks = sh->run->n_chunks;
  int batched = !sh->opts->scalar && crq_batch_eligible(sh->plan);
#pragma omp parallel num_threads(                                              \
    crq_threads_for(sh->opts->threads, n_chunks, 1))
  {
    crq_trial w;
    crq_batch b;
    int ok = crq_trial_init(&w, sh->plan, sh->opts->seed) == 0;
    if (ok && batched && crq_batch_init(&b, sh->plan, sh->opts->seed) != 0) {
      crq_trial_free(&w);
      ok = 0;
    }
    if (!ok) {
#pragma omp atomic write
      sh->nomem = 1;
    }
#pragma omp for schedule(dynamic, 1)
    for (size_t c = 0; c < n_chunks; c++)
      if (ok && !should_stop(sh, c))
        run_chunk(sh, &w, batched ? &b : NULL, c);
    if (ok) {
      crq_trial_free(&w);
      if (batched)
        crq_batch_free(&b);
    }
  }
}

static crq_status report_failure(const crq_model *m, const failure *f,
                                 crq_diags *diags) {
  unsigned long long t = (unsigned long long)f->trial;
  if (f->scenario >= m->n_scenarios)
    return crq_diags_add(diags, CRQ_ERR_NUMERIC, m->file, 0, 0,
                         "the losses of simulated year %llu add up to %g; "
                         "expected a finite amount",
                         t, f->value);
  const crq_scenario *sc = &m->scenarios[f->scenario];
  const char *id = sc->id;
  int line = sc->mark.line, col = sc->mark.column;
  if (f->status == CRQ_ERR_LIMIT)
    return crq_diags_add(
        diags, CRQ_ERR_LIMIT, m->file, line, col,
        "scenario '%s' drew %.0f events in simulated year %llu; expected at "
        "most %u events a year (lower the frequency)",
        id, f->value, t, CRQ_MAX_EVENTS_PER_TRIAL);
  return crq_diags_add(diags, CRQ_ERR_NUMERIC, m->file, line, col,
                       "scenario '%s' lost %g in simulated year %llu; "
                       "expected a finite, non-negative amount",
                       id, f->value, t);
}

void crq_run_free(crq_run *run) {
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++) {
    free(run->aep[v]);
    free(run->oep[v]);
  }
  free(run->partials);
  memset(run, 0, sizeof *run);
}

static int allocate(crq_run *run) {
  for (int v = 0; v < run->n_variants; v++) {
    run->aep[v] = malloc(run->trials * sizeof(double));
    run->oep[v] = malloc(run->trials * sizeof(double));
    if (!run->aep[v] || !run->oep[v])
      return -1;
  }
  run->partials = calloc(run->n_chunks * run->layout.size, sizeof(double));
  return run->partials ? 0 : -1;
}

crq_status crq_run_plan(const crq_plan *plan, const crq_model *model,
                        const crq_run_options *opts, crq_run *run,
                        crq_diags *diags) {
  memset(run, 0, sizeof *run);
  run->trials = opts->trials;
  run->seed = opts->seed;
  run->threads = opts->threads;
  run->n_variants = plan->n_variants;
  run->layout = crq_partial_layout_of(plan->n_variants, plan->n_scenarios);
  run->n_chunks =
      (size_t)((opts->trials + CRQ_CHUNK_TRIALS - 1) / CRQ_CHUNK_TRIALS);
  shared sh = {.plan = plan,
               .opts = opts,
               .run = run,
               .first_failed = run->n_chunks,
               .last_report = omp_get_wtime()};
  sh.fail = calloc(run->n_chunks, sizeof *sh.fail);
  if (sh.fail == NULL || allocate(run) != 0) {
    free(sh.fail);
    crq_run_free(run);
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory for %llu trials",
                         (unsigned long long)opts->trials);
  }
  double t0 = omp_get_wtime();
  run_chunks(&sh);
  run->seconds = omp_get_wtime() - t0;
  crq_status st = CRQ_OK;
  if (sh.first_failed < run->n_chunks)
    st = report_failure(model, &sh.fail[sh.first_failed], diags);
  else if (sh.nomem)
    st = crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                       "out of memory for a thread's workspace");
  else if (sh.interrupted)
    st = crq_diags_add(diags, CRQ_ERR_INTERRUPTED, NULL, 0, 0,
                       "the run was stopped after %llu of %llu trials",
                       (unsigned long long)sh.done,
                       (unsigned long long)opts->trials);
  free(sh.fail);
  if (st != CRQ_OK)
    crq_run_free(run);
  return st;
}
