/* engine/sim/run.c — the parallel trial loop over chunks.
 *
 * Threads take chunks of CRQ_CHUNK_TRIALS trials dynamically; a chunk's
 * per-trial values and partial sums depend only on its trials, and the
 * sums merge exactly, so results are bit-identical for any thread count. The
 * calling thread (OpenMP thread 0) reports progress about ten times a second
 * and stops the run when the callback asks. A trial that fails (too many
 * events, a non-finite loss) stops the chunks after it; chunks before it still
 * run, so the failure reported is always the first failing trial, whatever the
 * scheduling.
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

/* Adds trial t's outcome w to a chunk's partial sums (its year totals to
 * its lane). A year without events adds only zeros, which leave the sums
 * as they are (+0 is the identity for sums that start at +0), so it is
 * skipped. */
static void accumulate(double *part, const crq_partial_layout *L,
                       const crq_plan *p, uint64_t t, const crq_trial *w) {
  if (w->events == 0)
    return;
  double *lane = crq_partial_lane(L, part, t);
  for (int v = 0; v < p->n_variants; v++) {
    add2(lane + crq_partial_at(L, v, CRQ_Q_AEP), w->aep[v]);
    add2(lane + crq_partial_at(L, v, CRQ_Q_OEP), w->oep[v]);
    for (int c = 0; c < CRQ_CAT_COUNT; c++)
      add2(lane + crq_partial_at(L, v, CRQ_Q_CAT + (size_t)c), w->cat[v][c]);
    for (size_t i = 0; i < (L->scenario_sums ? w->n_touched : 0); i++) {
      size_t s = w->touched[i];
      add2(part + crq_partial_at(L, v, CRQ_Q_SCEN + s),
           w->scen[(size_t)v * p->n_scenarios + s]);
    }
  }
  if (p->n_variants > 1)
    add2(lane + L->diff, w->aep[0] - w->aep[1]);
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

/* Counts n trials done; non-zero when the chunk must stop. since counts
 * the trials since the last progress tick. */
static int count_done(shared *sh, size_t c, uint64_t *since, uint64_t n) {
  *since += n;
  if (*since < PROGRESS_EVERY)
    return 0;
  tick(sh, *since);
  *since = 0;
  return should_stop(sh, c);
}

/* A thread's workspace: the trial loop's, the batch's (or NULL), where
 * the trials' losses go, the current chunk's partial sums and the
 * thread's exact totals. */
typedef struct worker {
  crq_trial w;
  crq_batch b;
  crq_batch *batch;
  crq_counts c;
  crq_counts *counts; /* the sparse loop's, or NULL */
  crq_store store;
  crq_band_tally tally[CRQ_MAX_VARIANTS]; /* band mode */
  double *part;
  crq_xsum *total;
} worker;

/* Simulates trial t one at a time and records it; non-zero on failure. */
static int run_one(shared *sh, size_t c, worker *k, uint64_t t) {
  const crq_plan *p = sh->plan;
  crq_status st = crq_trial_run(p, &k->w, t);
  if (st != CRQ_OK) {
    record_failure(sh, c, st, t, &k->w);
    return 1;
  }
  crq_store_trial(&k->store, t, p->n_variants, k->w.aep, k->w.oep);
  accumulate(k->part, &sh->run->layout, p, t, &k->w);
  return 0;
}

/* Trials [t, t + n) of chunk c by a batch (a trial it cannot add goes
 * one at a time); non-zero on failure. */
static int run_batch(shared *sh, size_t c, worker *k, uint64_t t, size_t n) {
  const crq_partial_layout *L = &sh->run->layout;
  size_t i = crq_batch_add(k->batch, 0, &k->store, k->part, L);
  while (i < n) { /* trial t + i one at a time, then the batch again */
    if (run_one(sh, c, k, t + i))
      return 1;
    i = crq_batch_add(k->batch, i + 1, &k->store, k->part, L);
  }
  return 0;
}

/* Trials [t, t + n) of chunk c whose counts are known: a year without an
 * event is all zeros (and adds nothing to the partial sums, as in
 * accumulate; in exact mode its losses are the arrays' zeros already, in
 * band mode they are counted together), the others go one at a time.
 * Non-zero on failure. */
static int run_sparse(shared *sh, size_t c, worker *k, uint64_t t, size_t n) {
  static const double zero[CRQ_MAX_VARIANTS] = {0.0};
  crq_store *store = &k->store;
  size_t zeros = 0; /* band mode: tallied at once, in any order */
  crq_counts_draw(k->counts, t, n);
  for (size_t i = 0; i < n; i++) {
    if (k->counts->count[i] != 0) {
      if (run_one(sh, c, k, t + i))
        return 1;
    } else if (store->tally) {
      zeros++;
    } else if (store->stream) {
      crq_store_trial(store, t + i, sh->plan->n_variants, zero, zero);
    }
  }
  for (int v = 0; zeros > 0 && v < sh->plan->n_variants; v++)
    crq_band_add_same(&store->tally[v], &store->band[v], 0.0, zeros);
  return 0;
}

/* Chunk c: by batches, by runs of years with known counts, or one trial at
 * a time; its partial sums then into the thread's. */
static void run_chunk(shared *sh, worker *k, size_t c) {
  const crq_partial_layout *L = &sh->run->layout;
  uint64_t begin = (uint64_t)c * CRQ_CHUNK_TRIALS;
  uint64_t end = begin + CRQ_CHUNK_TRIALS;
  end = end < sh->run->trials ? end : sh->run->trials;
  uint64_t since = 0, t = begin;
  memset(k->part, 0, CRQ_PARTIAL_LANES * L->size * sizeof *k->part);
  crq_store_seek(&k->store, begin);
  while (t < end) {
    uint64_t left = end - t;
    size_t n = left < CRQ_COUNTS_MAX ? (size_t)left : CRQ_COUNTS_MAX;
    int failed;
    if (k->batch) {
      n = crq_batch_prepare(k->batch, t, n);
      failed = run_batch(sh, c, k, t, n);
    } else if (k->counts) {
      failed = run_sparse(sh, c, k, t, n);
    } else {
      n = 1;
      failed = run_one(sh, c, k, t);
    }
    if (failed)
      return;
    t += n;
    if (count_done(sh, c, &since, n))
      return;
  }
  tick(sh, since);
  crq_partial_fold(L, k->part);
  for (size_t i = 0; i < L->size; i++)
    crq_xsum_add(&k->total[i], k->part[i]);
}

static void worker_free(worker *k) {
  crq_trial_free(&k->w);
  if (k->batch)
    crq_batch_free(k->batch);
  if (k->counts)
    crq_counts_free(k->counts);
  crq_stream_free(k->store.stream);
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++)
    crq_band_tally_free(&k->tally[v]);
  free(k->part);
  free(k->total);
}

/* The loops a run can use (run_chunk). */
enum { LOOP_ONE, LOOP_SPARSE, LOOP_BATCH };

/* Sets k up for loop; 0, or -1 when out of memory (k then freed). */
static int worker_init(shared *sh, worker *k, int loop) {
  crq_run *run = sh->run;
  memset(k, 0, sizeof *k);
  int banded = run->banded;
  k->store =
      (crq_store){.aep = banded ? NULL : run->aep,
                  .oep = sh->opts->annual_only || banded ? NULL : run->oep,
                  .base = run->begin,
                  .band = banded ? run->band_set : NULL,
                  .tally = banded ? k->tally : NULL,
                  .trials = run->trials,
                  .n_batches = crq_batch_count(run->trials)};
  k->part = malloc(CRQ_PARTIAL_LANES * run->layout.size * sizeof *k->part);
  k->total = malloc(run->layout.size * sizeof *k->total);
  int ok = k->part && k->total &&
           crq_trial_init(&k->w, sh->plan, sh->opts->seed) == 0 &&
           (!sh->opts->streaming ||
            (k->store.stream = crq_stream_new(run->n_variants)) != NULL) &&
           (loop != LOOP_BATCH ||
            crq_batch_init(&k->b, sh->plan, sh->opts->seed) == 0) &&
           (loop != LOOP_SPARSE ||
            crq_counts_init(&k->c, sh->plan, sh->opts->seed) == 0);
  if (ok && loop == LOOP_BATCH)
    k->batch = &k->b;
  if (ok && loop == LOOP_SPARSE)
    k->counts = &k->c;
  for (size_t i = 0; ok && i < run->layout.size; i++)
    crq_xsum_init(&k->total[i]);
  if (!ok)
    worker_free(k);
  return ok ? 0 : -1;
}

/* Adds k's totals and histograms into the run's (in any order: exact). */
static void worker_merge(shared *sh, worker *k) {
  crq_run *run = sh->run;
#pragma omp critical(crq_run_merge)
  {
    for (size_t i = 0; i < run->layout.size; i++)
      crq_xsum_merge(&run->total[i], &k->total[i]);
    if (k->store.stream && crq_stream_merge(run->stream, k->store.stream) != 0)
      sh->nomem = 1;
    for (int v = 0; run->banded && v < run->n_variants; v++)
      if (crq_band_merge(&run->band[v], &k->tally[v]) != 0)
        sh->nomem = 1;
  }
}

static void run_chunks(shared *sh) {
  crq_run *run = sh->run;
  size_t first = run->chunk_begin, n_chunks = run->chunk_end - first;
  int loop = sh->opts->scalar               ? LOOP_ONE
             : crq_batch_eligible(sh->plan) ? LOOP_BATCH
             : crq_counts_usable(sh->plan)  ? LOOP_SPARSE
                                            : LOOP_ONE;
#pragma omp parallel num_threads(                                              \
    crq_threads_for(sh->opts->threads, n_chunks, 1))
  {
    worker k;
    int ok = worker_init(sh, &k, loop) == 0;
    if (!ok) {
#pragma omp atomic write
      sh->nomem = 1;
    }
#pragma omp for schedule(dynamic, 1)
    for (size_t c = first; c < first + n_chunks; c++)
      if (ok && !should_stop(sh, c))
        run_chunk(sh, &k, c);
    if (ok) {
      worker_merge(sh, &k);
      worker_free(&k);
    }
  }
}

/* Makes every process's outcome the run's: the first failure over all
 * processes (its record from the process that met it), any shortage or
 * stop, the exact sums and the histograms. */
static void agree(shared *sh, uint64_t n_chunks) {
  crq_run *run = sh->run;
  const crq_comm *c = run->comm;
  uint64_t flags[3] = {
      sh->first_failed < run->chunk_end ? sh->first_failed : UINT64_MAX, 0, 0};
  crq_comm_min_u64(c, flags, 1);
  if (flags[0] < n_chunks) {
    int owner = 0; /* the process whose chunks hold the failed one */
    for (int r = 0; r < c->size; r++) {
      uint64_t b, e;
      crq_comm_share(n_chunks, r, c->size, &b, &e);
      owner = flags[0] >= b && flags[0] < e ? r : owner;
    }
    crq_comm_bcast(c, &sh->fail[flags[0]], sizeof *sh->fail, owner);
  }
  sh->first_failed = flags[0] < n_chunks ? flags[0] : n_chunks;
  flags[1] = (uint64_t)sh->nomem;
  flags[2] = (uint64_t)sh->interrupted;
  crq_comm_sum_u64(c, flags + 1, 2);
  sh->nomem = flags[1] > 0;
  sh->interrupted = flags[2] > 0;
  crq_comm_sum_xsum(c, run->total, run->layout.size);
  if (run->stream && crq_stream_allreduce(run->stream, c) != 0)
    sh->nomem = 1;
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
        "simulated year %llu reached %.0f events with scenario '%s'; "
        "expected at most %u events a year (lower the frequency)",
        t, f->value, id, CRQ_MAX_EVENTS_PER_TRIAL);
  return crq_diags_add(diags, CRQ_ERR_NUMERIC, m->file, line, col,
                       "scenario '%s' lost %g in simulated year %llu; "
                       "expected a finite, non-negative amount",
                       id, f->value, t);
}

int crq_run_absorb(crq_run *run, const crq_run *first) {
  run->chunk_begin = first->chunk_begin; /* the run's now */
  run->begin = first->begin;
  for (size_t i = 0; i < run->layout.size; i++)
    crq_xsum_merge(&run->total[i], &first->total[i]);
  for (int v = 0; v < run->n_variants; v++) {
    crq_band_add(&run->band[v], &run->band_set[v], first->aep[v],
                 (size_t)first->trials);
    if (run->band[v].nomem)
      return -1;
  }
  return 0;
}

void crq_run_free(crq_run *run) {
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++) {
    free(run->aep[v]);
    free(run->oep[v]);
  }
  free(run->total);
  crq_stream_free(run->stream);
  for (int v = 0; v < CRQ_MAX_VARIANTS; v++) {
    crq_band_tally_free(&run->band[v]);
    crq_band_index_free(&run->band_set[v]);
  }
  memset(run, 0, sizeof *run);
}

static int allocate(crq_run *run, int streaming, int annual_only) {
  size_t n = (size_t)(run->end - run->begin);
  for (int v = 0; !streaming && !run->banded && v < run->n_variants; v++) {
    /* zeroed (for large runs, fresh zero pages from the kernel, at no
     * cost): the sparse loop leaves years without an event as they are */
    run->aep[v] = calloc(n + 1, sizeof(double));
    run->oep[v] = annual_only ? NULL : calloc(n + 1, sizeof(double));
    if (!run->aep[v] || (!annual_only && !run->oep[v]))
      return -1;
  }
  if (streaming && (run->stream = crq_stream_new(run->n_variants)) == NULL)
    return -1;
  for (int v = 0; run->banded && v < run->n_variants; v++)
    if (crq_band_index(&run->band_set[v]) != 0)
      return -1;
  run->total = malloc(run->layout.size * sizeof *run->total);
  for (size_t i = 0; run->total && i < run->layout.size; i++)
    crq_xsum_init(&run->total[i]);
  return run->total ? 0 : -1;
}

crq_status crq_run_plan(const crq_plan *plan, const crq_model *model,
                        const crq_run_options *opts, crq_run *run,
                        crq_diags *diags) {
  memset(run, 0, sizeof *run);
  uint64_t n_chunks = crq_chunk_count(opts->trials);
  run->trials = opts->trials;
  run->seed = opts->seed;
  run->threads = opts->threads;
  run->n_variants = plan->n_variants;
  run->layout = crq_partial_layout_of(plan->n_variants, plan->n_scenarios,
                                      !opts->no_scenario_eal);
  run->comm = opts->comm;
  run->banded = opts->band != NULL;
  for (int v = 0; run->banded && v < run->n_variants; v++) {
    run->band_set[v] = opts->band[v];
    run->band_set[v].index = NULL; /* the run's own (allocate) */
  }
  run->chunk_begin = opts->skip_chunks;
  run->chunk_end = n_chunks;
  if (crq_comm_split(opts->comm))
    crq_comm_share(n_chunks, opts->comm->rank, opts->comm->size,
                   &run->chunk_begin, &run->chunk_end);
  run->begin = run->chunk_begin * CRQ_CHUNK_TRIALS;
  run->end = run->chunk_end * CRQ_CHUNK_TRIALS;
  run->end = run->end < run->trials ? run->end : run->trials;
  shared sh = {.plan = plan,
               .opts = opts,
               .run = run,
               .first_failed = run->chunk_end,
               /* the chunks skipped were run before */
               .done = opts->skip_chunks * CRQ_CHUNK_TRIALS,
               /* the first tick reports: an analysis of many short
                * runs must still be told, and stoppable, in each */
               .last_report = -INFINITY};
  sh.fail = calloc(n_chunks + 1, sizeof *sh.fail);
  if (sh.fail == NULL ||
      allocate(run, opts->streaming, opts->annual_only) != 0) {
    free(sh.fail);
    crq_run_free(run);
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "out of memory for %llu trials",
                         (unsigned long long)opts->trials);
  }
  double t0 = omp_get_wtime();
  run_chunks(&sh);
  run->seconds = omp_get_wtime() - t0;
  if (crq_comm_split(run->comm))
    agree(&sh, n_chunks);
  crq_status st = CRQ_OK;
  if (sh.first_failed < n_chunks)
    st = report_failure(model, &sh.fail[sh.first_failed], diags);
  else if (sh.nomem)
    st = crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                       "out of memory for a thread's workspace");
  else if (sh.interrupted)
    st = crq_diags_add(
        diags, CRQ_ERR_INTERRUPTED, NULL, 0, 0,
        "the run was stopped after %llu of %llu trials",
        (unsigned long long)sh.done,
        (unsigned long long)(opts->of_trials ? opts->of_trials : opts->trials));
  free(sh.fail);
  if (st != CRQ_OK)
    crq_run_free(run);
  return st;
}
