/* engine/sim/comm_mpi.c — crq_comm over MPI_COMM_WORLD (see comm.h), the
 * public crq_comm_world of crq/sim.h.
 *
 * Compiled into every build; with CMake's CRQ_MPI it uses MPI (the
 * collectives map one to one; the exact sums travel as bytes and merge in
 * a user-defined reduction, which is commutative because exact sums are),
 * without it crq_comm_world fails.
 */
#include <stdlib.h>

#include "crq/sim.h"
#include "sim/comm.h"

#ifdef CRQ_MPI
#include <mpi.h>

static void sum_u64(const crq_comm *c, uint64_t *x, size_t n) {
  (void)c;
  MPI_Allreduce(MPI_IN_PLACE, x, (int)n, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
}

static void min_u64(const crq_comm *c, uint64_t *x, size_t n) {
  (void)c;
  MPI_Allreduce(MPI_IN_PLACE, x, (int)n, MPI_UINT64_T, MPI_MIN, MPI_COMM_WORLD);
}

static void max_f64(const crq_comm *c, double *x, size_t n) {
  (void)c;
  MPI_Allreduce(MPI_IN_PLACE, x, (int)n, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
}

static void merge_op(void *in, void *inout, int *len, MPI_Datatype *type) {
  (void)type;
  const crq_xsum *a = in;
  crq_xsum *b = inout;
  for (int i = 0; i < *len; i++)
    crq_xsum_merge(&b[i], &a[i]);
}

static void sum_xsum(const crq_comm *c, crq_xsum *x, size_t n) {
  (void)c;
  MPI_Datatype type;
  MPI_Op op;
  MPI_Type_contiguous((int)sizeof *x, MPI_BYTE, &type);
  MPI_Type_commit(&type);
  MPI_Op_create(merge_op, 1, &op);
  MPI_Allreduce(MPI_IN_PLACE, x, (int)n, type, op, MPI_COMM_WORLD);
  MPI_Op_free(&op);
  MPI_Type_free(&type);
}

static void bcast(const crq_comm *c, void *bytes, size_t n, int root) {
  (void)c;
  MPI_Bcast(bytes, (int)n, MPI_BYTE, root, MPI_COMM_WORLD);
}

/* Fills c for MPI_COMM_WORLD; -1 when MPI is not initialised. */
static int world(crq_comm *c) {
  int initialised = 0, rank, size;
  if (MPI_Initialized(&initialised) != MPI_SUCCESS || !initialised)
    return -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  *c = (crq_comm){rank, size, NULL, sum_u64, min_u64, max_f64, sum_xsum, bcast};
  return 0;
}

static const char *const no_world =
    "crq_comm_world: MPI is not initialised; expected MPI_Init_thread "
    "first";
#else
static int world(crq_comm *c) {
  (void)c;
  return -1;
}

static const char *const no_world =
    "crq_comm_world: this libcrq was built without MPI; expected a build "
    "with the CMake option CRQ_MPI=ON (docs/cluster.md)";
#endif

crq_status crq_comm_world(crq_comm **out, crq_diags *diags) {
  if (!out)
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0,
                         "crq_comm_world: no result pointer");
  crq_comm *c = malloc(sizeof *c);
  *out = NULL;
  if (!c)
    return crq_diags_add(diags, CRQ_ERR_NOMEM, NULL, 0, 0,
                         "crq_comm_world: out of memory");
  if (world(c) != 0) {
    free(c);
    return crq_diags_add(diags, CRQ_ERR_USAGE, NULL, 0, 0, "%s", no_world);
  }
  *out = c;
  return CRQ_OK;
}

int crq_comm_rank(const crq_comm *c) {
  return c ? c->rank : 0;
}

int crq_comm_size(const crq_comm *c) {
  return c ? c->size : 1;
}

void crq_comm_free(crq_comm *c) {
  free(c);
}
