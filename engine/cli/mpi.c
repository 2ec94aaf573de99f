/* engine/cli/mpi.c — MPI start, stop and the communicator (cli_mpi.h).
 *
 * The communicator is the CLI's one process-wide value (the library keeps
 * none): set once in cli_mpi_init, before any command runs.
 */
#include "cli_mpi.h"

#ifdef CRQ_MPI
#include <fcntl.h>
#include <mpi.h>
#include <unistd.h>

static int started; /* MPI_Init_thread succeeded */
/* then MPI_COMM_WORLD, for crq_sim_options.comm */
static struct crq_comm *world;

void cli_mpi_init(int *argc, char ***argv) {
  int provided;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
      MPI_SUCCESS)
    return;
  started = 1;
  if (crq_comm_world(&world, NULL) != CRQ_OK)
    return;
  if (crq_comm_rank(world) != 0) { /* only rank 0 speaks */
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      close(null);
    }
  }
}

int cli_mpi_finish(int rc) {
  /* A failure may be this process's alone (a file it cannot write, memory
   * it cannot get, a signal it saw first) while the others wait for it in
   * a collective step: end them all rather than leave them hanging. */
  if (rc != 0 && crq_comm_size(world) > 1) {
    if (crq_comm_rank(world) != 0) /* a failure of all: rank 0 says why */
      sleep(1);
    MPI_Abort(MPI_COMM_WORLD, rc);
  }
  crq_comm_free(world);
  world = NULL;
  if (started)
    MPI_Finalize();
  return rc;
}

int cli_mpi_rank(void) {
  return crq_comm_rank(world);
}

const struct crq_comm *cli_mpi_comm(void) {
  return crq_comm_size(world) > 1 ? world : NULL;
}
#else
void cli_mpi_init(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
}

int cli_mpi_finish(int rc) {
  return rc;
}

int cli_mpi_rank(void) {
  return 0;
}

const struct crq_comm *cli_mpi_comm(void) {
  return NULL;
}
#endif
