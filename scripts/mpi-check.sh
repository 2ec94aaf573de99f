#!/usr/bin/env bash
# scripts/mpi-check.sh BUILD_MPI [PROCESSES] — an MPI build (cmake
# -DCRQ_MPI=ON) split over PROCESSES (default 2) gives the JSON report of
# one process, byte for byte once the "run" object (threads, time) is
# removed: exact mode, streaming mode (--memory 1), a model with measures
# (its analysis simulated too), and the four what-if commands, which split
# each of their simulations; and a failure on one process ends the job.
# docs/cluster.md.
set -euo pipefail
build=${1:?usage: mpi-check.sh BUILD_MPI [PROCESSES]}
procs=${2:-2}
mpirun=(mpirun --allow-run-as-root --oversubscribe -n "$procs")
. "$(dirname "$0")/same-report.sh"
first=("$build/crq")
second=("${mpirun[@]}" "$build/crq")
first_opts=(-j 1)
second_opts=(-j 1)
label="$procs processes against 1:"
same_report_setup
same_report_all

# A failure on one process alone (here rank 0's --out cannot be written)
# ends the job with its exit code instead of leaving the others waiting.
set +e
timeout 120 "${mpirun[@]}" "$build/crq" compare examples/jcic_manufacturer.yaml \
  examples/jcic_partial.yaml -n 20000 -q -o "$tmp/no/such/dir/x.json" \
  >/dev/null 2>&1
rc=$?
set -e
if [ "$rc" -eq 0 ] || [ "$rc" -eq 124 ]; then
  echo "a failure on rank 0 alone: exit $rc; expected the job to end with it"
  exit 1
fi
echo "a failure on rank 0 alone ends the job (exit $rc)"
