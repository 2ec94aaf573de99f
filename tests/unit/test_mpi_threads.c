/* tests/unit/test_mpi_threads.c — a run split over processes gives the
 * very bits of a run in one process. Threads stand in for MPI processes:
 * a crq_comm whose collectives meet at a barrier (the engine's MPI code is
 * the same code; only the transport differs). Every "process" simulates
 * its share of the chunks and answers the same questions, exact mode and
 * streaming mode, with 2 and 3 processes (one of which holds no chunk). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "crq/sim.h"
#include "sim/comm.h"
#include "sim/run.h"
#include "test_sim_models.h"

/* Three chunks, the last one short. */
enum { MPI_TRIALS = 2 * CRQ_CHUNK_TRIALS + 999, MAX_PROCS = 4, FIGS = 200 };

typedef struct fake_world {
  int size;
  pthread_barrier_t barrier;
  void *slot[MAX_PROCS];
} fake_world;

/* Every process's x[0..n) of `size` bytes each, combined by f into x. */
static void meet(const crq_comm *c, void *x, size_t n, size_t size,
                 void (*f)(void *acc, const void *y, size_t n)) {
  fake_world *w = c->ctx;
  w->slot[c->rank] = x;
  pthread_barrier_wait(&w->barrier);
  void *acc = malloc(n * size + 1);
  memcpy(acc, w->slot[0], n * size);
  for (int r = 1; r < w->size; r++)
    f(acc, w->slot[r], n);
  pthread_barrier_wait(&w->barrier); /* all have read */
  memcpy(x, acc, n * size);
  free(acc);
}

static void add_u64(void *acc, const void *y, size_t n) {
  for (size_t i = 0; i < n; i++)
    ((uint64_t *)acc)[i] += ((const uint64_t *)y)[i];
}
static void min_u64(void *acc, const void *y, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (((const uint64_t *)y)[i] < ((uint64_t *)acc)[i])
      ((uint64_t *)acc)[i] = ((const uint64_t *)y)[i];
}
static void max_f64(void *acc, const void *y, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (((const double *)y)[i] > ((double *)acc)[i])
      ((double *)acc)[i] = ((const double *)y)[i];
}
static void add_xsum(void *acc, const void *y, size_t n) {
  for (size_t i = 0; i < n; i++)
    crq_xsum_merge(&((crq_xsum *)acc)[i], &((const crq_xsum *)y)[i]);
}

static void f_sum_u64(const crq_comm *c, uint64_t *x, size_t n) {
  meet(c, x, n, sizeof *x, add_u64);
}
static void f_min_u64(const crq_comm *c, uint64_t *x, size_t n) {
  meet(c, x, n, sizeof *x, min_u64);
}
static void f_max_f64(const crq_comm *c, double *x, size_t n) {
  meet(c, x, n, sizeof *x, max_f64);
}
static void f_sum_xsum(const crq_comm *c, crq_xsum *x, size_t n) {
  meet(c, x, n, sizeof *x, add_xsum);
}
static void f_bcast(const crq_comm *c, void *bytes, size_t n, int root) {
  fake_world *w = c->ctx;
  w->slot[c->rank] = bytes;
  pthread_barrier_wait(&w->barrier);
  if (c->rank != root)
    memcpy(bytes, w->slot[root], n);
  pthread_barrier_wait(&w->barrier);
}

/* The figures a report reads, in a fixed order, into f[0..FIGS). */
static int figures(const crq_result *r, double *f) {
  int n = 0;
  static const double ps[] = {0.5, 0.9, 0.99, 0.999};
  for (int v = 0; v < 2; v++) {
    crq_estimate e = crq_result_eal(r, v);
    f[n++] = e.value;
    f[n++] = e.se;
    for (int b = 0; b < 2; b++) {
      f[n++] = crq_result_max_simulated(r, v, b);
      for (int i = 0; i < 4; i++) {
        e = crq_result_quantile(r, v, b, ps[i]);
        f[n++] = e.value;
        f[n++] = e.lo;
        f[n++] = e.hi;
        f[n++] = crq_result_exceedance(r, v, b, e.value).value;
        e = crq_result_tvar(r, v, b, ps[i]);
        f[n++] = e.value;
        f[n++] = e.se;
      }
    }
    for (int c = 0; c < CRQ_CAT_COUNT; c++)
      f[n++] = crq_result_category_tvar(r, v, c, 0.99);
    for (size_t s = 0; s < 3; s++)
      f[n++] = crq_result_scenario_tvar(r, v, s, 0.9);
  }
  f[n++] = crq_result_reduction_quantile(r, 0.99).value;
  f[n++] = crq_result_reduction_tvar(r, 0.99).se;
  return n;
}

/* crq_compare_run's figures of two models: each model's, and the
 * second's difference to the first (the EAL's from the per-year
 * differences), values and standard errors. */
static int compare_figures(const crq_compare *c, double *f) {
  int n = 0;
  for (size_t i = 0; i < 2; i++)
    for (int k = 0; k < CRQ_FIG_COUNT; k++) {
      crq_estimate e = crq_compare_figure(c, i, (crq_figure)k);
      f[n++] = e.value;
      f[n++] = e.se;
      e = crq_compare_difference(c, i, (crq_figure)k);
      f[n++] = e.value;
      f[n++] = e.se;
    }
  return n;
}

typedef struct process {
  const tm_model *t, *u; /* u: compare t with u */
  crq_comm comm;
  int streaming;
  int named; /* told the quantile levels figures() reads */
  double f[FIGS];
  int n;
} process;

static void *run_process(void *arg) {
  process *p = arg;
  static const double levels[] = {0.5, 0.9, 0.99, 0.999};
  crq_sim_options o = tm_options(MPI_TRIALS, 3, 1);
  o.streaming = p->streaming;
  o.quantiles = p->named ? levels : NULL;
  o.n_quantiles = p->named ? 4 : 0;
  o.comm = p->comm.size > 0 ? &p->comm : NULL;
  crq_diags d;
  crq_diags_init(&d);
  crq_result *r = NULL;
  crq_compare *c = NULL;
  crq_whatif_options w;
  crq_whatif_options_init(&w);
  w.sim = o;
  const crq_model *both[2] = {&p->t->m, p->u ? &p->u->m : NULL};
  if (p->u && crq_compare_run(both, NULL, 2, &w, &c, &d) == CRQ_OK) {
    p->n = compare_figures(c, p->f);
    crq_compare_free(c);
  } else if (!p->u && crq_simulate(&p->t->m, &o, &r, &d) == CRQ_OK) {
    p->n = figures(r, p->f);
    crq_result_free(r);
  }
  crq_diags_free(&d);
  return NULL;
}

/* The figures of size processes are one process's, to the bit: of a run
 * (u NULL) or of comparing t with u. */
static void check_processes(const tm_model *t, const tm_model *u, int size,
                            int streaming, int named) {
  process alone = {.t = t, .u = u, .streaming = streaming, .named = named};
  run_process(&alone);
  cr_assert_gt(alone.n, u ? 4 * CRQ_FIG_COUNT : 100);
  fake_world w = {.size = size};
  pthread_barrier_init(&w.barrier, NULL, (unsigned)size);
  process ps[MAX_PROCS];
  pthread_t th[MAX_PROCS];
  for (int r = 0; r < size; r++) {
    ps[r] = (process){.t = t, .u = u, .streaming = streaming, .named = named};
    ps[r].comm = (crq_comm){r,         size,      &w,         f_sum_u64,
                            f_min_u64, f_max_f64, f_sum_xsum, f_bcast};
    pthread_create(&th[r], NULL, run_process, &ps[r]);
  }
  for (int r = 0; r < size; r++)
    pthread_join(th[r], NULL);
  for (int r = 0; r < size; r++) {
    cr_assert_eq(ps[r].n, alone.n, "process %d of %d", r, size);
    for (int i = 0; i < alone.n; i++)
      cr_assert(memcmp(&ps[r].f[i], &alone.f[i], sizeof(double)) == 0,
                "process %d of %d, figure %d: %.17g vs %.17g", r, size, i,
                ps[r].f[i], alone.f[i]);
  }
  pthread_barrier_destroy(&w.barrier);
}

static void check_split(int size, int streaming, int named) {
  tm_model *t = tm_mixed();
  check_processes(t, NULL, size, streaming, named);
  tm_free(t);
}

Test(mpi_threads, two_processes_give_one_process_bits) {
  check_split(2, -1, 0);
}

/* Three processes for three chunks... and a fourth with none. */
Test(mpi_threads, three_and_four_processes) {
  check_split(3, -1, 0);
  check_split(4, -1, 0);
}

Test(mpi_threads, streaming_split_over_processes) {
  check_split(2, 1, 0);
}

/* A run told its quantile levels, split: every process keeps its years and
 * the named ranks are selected over all of them, the figures one
 * process's (the others NAN alike). */
Test(mpi_threads, named_quantiles_split_over_processes) {
  check_split(3, -1, 1);
}

/* crq_compare_run split over processes: the EAL difference's standard
 * error, from the per-year differences, is one process's too. */
Test(mpi_threads, compare_split_over_processes) {
  tm_model *t = tm_mixed(), *u = tm_mixed();
  tm_effect(u, 0, 2, "frequency", NULL, CRQ_EFFECT_SCALE, 0.8);
  check_processes(t, u, 3, -1, 0);
  check_processes(t, u, 4, -1, 0); /* one process without a chunk */
  tm_free(t);
  tm_free(u);
}

/* crq_comm_world without MPI: refused with a message saying how to get it
 * (the MPI build's path is scripts/mpi-check.sh in CI); a NULL
 * communicator is one process of rank 0. */
Test(mpi_threads, the_world_needs_an_mpi_build) {
#ifndef CRQ_MPI
  crq_diags d;
  crq_diags_init(&d);
  struct crq_comm *world = (struct crq_comm *)&d;
  cr_expect_eq(crq_comm_world(&world, &d), CRQ_ERR_USAGE);
  cr_expect_null(world);
  cr_assert_eq(d.count, 1);
  cr_expect_not_null(strstr(d.items[0].message, "CRQ_MPI=ON"), "%s",
                     d.items[0].message);
  crq_diags_free(&d);
#endif
  cr_expect_eq(crq_comm_rank(NULL), 0);
  cr_expect_eq(crq_comm_size(NULL), 1);
  crq_comm_free(NULL);
}
