/* engine/cli/cli_mpi.h — crq under mpirun (builds with CMake's CRQ_MPI).
 *
 * `mpirun -n K crq run MODEL` starts K copies. Each initialises MPI here,
 * simulates its share of the trials (crq_comm_world, crq/sim.h)
 * and then runs the whole report, because every figure is put together
 * from all processes' parts in collective calls; only rank 0's standard
 * output and error reach the user (the others' go to /dev/null), and only
 * rank 0 writes --out. Without CRQ_MPI these do nothing: one process,
 * rank 0, no communicator. See docs/cluster.md.
 */
#ifndef CRQ_CLI_MPI_H
#define CRQ_CLI_MPI_H

#include "crq/sim.h"

/* Starts MPI (when built with it and run under mpirun). */
void cli_mpi_init(int *argc, char ***argv);
/* Ends MPI; returns rc. A failure (rc ≠ 0) in a job of several processes
 * ends every process of the job (MPI_Abort) with exit code rc. */
int cli_mpi_finish(int rc);
/* This process's rank (0 alone). */
int cli_mpi_rank(void);
/* The communicator for crq_sim_options.comm, or NULL alone. */
const struct crq_comm *cli_mpi_comm(void);

#endif
