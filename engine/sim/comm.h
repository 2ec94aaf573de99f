/* engine/sim/comm.h — the processes a run is split over (MPI), as seen by
 * the engine.
 *
 * `mpirun -n K crq run MODEL` runs K copies of crq; each simulates its own
 * range of chunks (run.h), keeps its own trials' losses, and every figure
 * is then put together from small per-process parts: integer counts,
 * exact sums (exact_sum.h), order statistics by a bisection whose every
 * step adds up counts over the processes. No process ever sees all the
 * trials, and the figures are the very bits one process computes.
 *
 * A crq_comm is that conversation. Every operation is collective: all
 * processes call it, in the same order, with the same sizes — which they
 * do because they run the same program on the same model and ask the
 * result the same questions (the CLI runs the whole report on every
 * process; only rank 0 writes it). The engine holds no MPI types: MPI
 * builds (CMake option CRQ_MPI) provide crq_comm_mpi (comm_mpi.c); the
 * tests drive the same code with threads standing in for processes.
 * NULL means this process alone, for which every operation is a no-op.
 */
#ifndef CRQ_COMM_H
#define CRQ_COMM_H

#include <stddef.h>
#include <stdint.h>

#include "stats/exact_sum.h"

typedef struct crq_comm crq_comm;
struct crq_comm {
  int rank, size;
  void *ctx;
  /* x[0..n) becomes, on every process, the sum (sum_u64), the minimum
   * (min_u64), the maximum (max_f64) or the exact sum (sum_xsum) of the
   * processes' x; bcast copies root's bytes to every process. */
  void (*sum_u64)(const crq_comm *c, uint64_t *x, size_t n);
  void (*min_u64)(const crq_comm *c, uint64_t *x, size_t n);
  void (*max_f64)(const crq_comm *c, double *x, size_t n);
  void (*sum_xsum)(const crq_comm *c, crq_xsum *x, size_t n);
  void (*bcast)(const crq_comm *c, void *bytes, size_t n, int root);
};

/* Whether c splits the work (more than one process). */
static inline int crq_comm_split(const crq_comm *c) {
  return c != NULL && c->size > 1;
}

/* The operations, doing nothing for NULL or a single process. */
static inline void crq_comm_sum_u64(const crq_comm *c, uint64_t *x, size_t n) {
  if (crq_comm_split(c))
    c->sum_u64(c, x, n);
}
static inline void crq_comm_min_u64(const crq_comm *c, uint64_t *x, size_t n) {
  if (crq_comm_split(c))
    c->min_u64(c, x, n);
}
static inline void crq_comm_max_f64(const crq_comm *c, double *x, size_t n) {
  if (crq_comm_split(c))
    c->max_f64(c, x, n);
}
static inline void crq_comm_sum_xsum(const crq_comm *c, crq_xsum *x, size_t n) {
  if (crq_comm_split(c))
    c->sum_xsum(c, x, n);
}
static inline void crq_comm_bcast(const crq_comm *c, void *bytes, size_t n,
                                  int root) {
  if (crq_comm_split(c))
    c->bcast(c, bytes, n, root);
}

/* Process `rank` of `size`'s share of n items: [*begin, *end). */
static inline void crq_comm_share(uint64_t n, int rank, int size,
                                  uint64_t *begin, uint64_t *end) {
  *begin = (uint64_t)((unsigned __int128)n * (unsigned)rank / (unsigned)size);
  *end =
      (uint64_t)((unsigned __int128)n * (unsigned)(rank + 1) / (unsigned)size);
}

/* MPI builds make one for MPI_COMM_WORLD: crq_comm_world (crq/sim.h). */

#endif
