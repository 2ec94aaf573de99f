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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/crq" import bench/w20.csv >"$tmp/w20.yaml"
mpirun=(mpirun --allow-run-as-root --oversubscribe -n "$procs")

compare() { # name crq-arguments...
  local name=$1
  shift
  "$build/crq" "$@" -j 1 -q -f json -o "$tmp/one.json"
  "${mpirun[@]}" "$build/crq" "$@" -j 1 -q -f json -o "$tmp/many.json"
  python3 - "$tmp/one.json" "$tmp/many.json" "$name" "$procs" <<'PY'
import json, sys
one, many = (json.load(open(p)) for p in sys.argv[1:3])
for d in (one, many):
    d.pop("run", None)
same = json.dumps(one, ensure_ascii=False) == json.dumps(many, ensure_ascii=False)
print(f"{sys.argv[3]}: {sys.argv[4]} processes {'= 1 process' if same else 'DIFFER from 1 process'}")
sys.exit(0 if same else 1)
PY
}

compare "W20, exact" run "$tmp/w20.yaml" -n 300000
compare "W20, streaming" run "$tmp/w20.yaml" -n 300000 --memory 1
compare "JCIC with its analysis" run examples/jcic_manufacturer.yaml -n 200000
compare "sweep (hospital)" sweep examples/hospital.yaml -n 50000 \
  --vary kpis.offline_backup.actual=0:100:3
compare "sensitivity (JCIC)" sensitivity examples/jcic_manufacturer.yaml -n 50000
compare "optimize (hospital)" optimize examples/hospital.yaml -n 50000 \
  --budget 1億 --objective tvar99
compare "compare (JCIC, partial)" compare examples/jcic_manufacturer.yaml \
  examples/jcic_partial.yaml -n 50000

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
