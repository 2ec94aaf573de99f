# shellcheck shell=bash
# scripts/same-report.sh — sourced by mpi-check.sh and cpu-check.sh: the
# runs whose JSON reports two ways of running crq must give byte for byte,
# once the "run" object (threads, processes, time) is removed. The caller
# sets the arrays `first` and `second` (each a command that runs crq),
# `first_opts` and `second_opts` (options after the command's arguments,
# such as -j N) and `label` (what the second is), then calls
# same_report_setup once and same_report_all. Exact mode, streaming mode (--memory 1), a model with
# measures (its analysis simulated too), and the four what-if commands.

# Makes $tmp (removed on exit) with the W20 model in it, imported by
# "${first[@]}".
same_report_setup() {
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "${first[@]}" import bench/w20.csv >"$tmp/w20.yaml"
}

# name crq-arguments...: the two reports of one run, compared.
same_report() {
  local name=$1
  shift
  "${first[@]}" "$@" "${first_opts[@]}" -q -f json -o "$tmp/one.json"
  "${second[@]}" "$@" "${second_opts[@]}" -q -f json -o "$tmp/two.json"
  python3 - "$tmp/one.json" "$tmp/two.json" "$name" "$label" <<'PY'
import json, sys
one, two = (json.load(open(p)) for p in sys.argv[1:3])
for d in (one, two):
    d.pop("run", None)
same = json.dumps(one, ensure_ascii=False) == json.dumps(two, ensure_ascii=False)
print(f"{sys.argv[3]}: {sys.argv[4]} {'the same' if same else 'DIFFER'}")
sys.exit(0 if same else 1)
PY
}

same_report_all() {
  same_report "W20, exact" run "$tmp/w20.yaml" -n 300000
  same_report "W20, streaming" run "$tmp/w20.yaml" -n 300000 --memory 1
  same_report "JCIC with its analysis" run examples/jcic_manufacturer.yaml \
    -n 200000
  same_report "sweep (hospital)" sweep examples/hospital.yaml -n 50000 \
    --vary kpis.offline_backup.actual=0:100:3
  same_report "sensitivity (JCIC)" sensitivity examples/jcic_manufacturer.yaml \
    -n 50000
  same_report "optimize (hospital)" optimize examples/hospital.yaml -n 50000 \
    --budget 1億 --objective tvar99
  same_report "compare (JCIC, partial)" compare \
    examples/jcic_manufacturer.yaml examples/jcic_partial.yaml -n 50000
}
