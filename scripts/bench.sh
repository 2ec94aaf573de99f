#!/usr/bin/env bash
# scripts/bench.sh BUILD [--quick] — runs the benchmark suite and prints the
# table (docs/performance.md explains it). Every configuration runs in its
# own process, all in this one session, so the ratios compare like with
# like on a shared, noisy machine. Writes bench/results/<date>-<host>.json
# unless --quick (CI) is given.
set -euo pipefail
build=${1:-build}
quick=${2:-}
years=1e7
[ "$quick" = "--quick" ] && years=1e6
w20=bench/w20.csv
py=/usr/bin/python3
out=$(mktemp)
trap 'rm -f "$out"' EXIT

run() { "$@" | tee -a "$out"; }

echo "W20, $years simulated years, end to end (load + simulate + 6 statistics)"
run "$build/bench/bench_w20" "$w20" "$years" 1 --floor
run "$build/bench/bench_w20" "$w20" "$years" 1
run "$build/bench/bench_w20" "$w20" "$years" 2
if "$py" -c 'import numpy' 2>/dev/null; then
  run "$py" bench/peers/w20_numpy.py "$w20" "$years" 1
else
  echo "numpy peer skipped: /usr/bin/python3 has no numpy (scripts/deps.sh bench)"
fi

"$py" - "$out" "$years" "$quick" <<'PY'
import json, sys, os, platform, datetime
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
get = lambda eng, th=1: next((r for r in rows if r.get("engine", r.get("peer")) == eng and r.get("threads", 1) == th), None)
floor, c1, c2, np_ = get("floor"), get("crq", 1), get("crq", 2), get("numpy-scatter")
print()
print(f"{'run':<22}{'years/s':>14}{'seconds':>10}{'peak RSS MiB':>14}")
for name, r in [("floor loop, 1 thread", floor), ("crq, 1 thread", c1), ("crq, 2 threads", c2), ("numpy scatter", np_)]:
    if r:
        rss = r.get("peak_rss_kb")
        print(f"{name:<22}{r['years_per_s']:>14,.0f}{r.get('seconds', r.get('total_s')):>10.3f}{(rss/1024 if rss else float('nan')):>14.1f}")
ratios = {}
if c1 and c2: ratios["speedup_2_threads"] = c2["years_per_s"] / c1["years_per_s"]
if c1 and floor: ratios["floor_ratio"] = floor["years_per_s"] / c1["years_per_s"]
if c1 and np_: ratios["crq1_over_numpy"] = c1["years_per_s"] / np_["years_per_s"]
if c2 and np_: ratios["crq2_over_numpy"] = c2["years_per_s"] / np_["years_per_s"]
print()
for k, v in ratios.items():
    print(f"{k:<22}{v:>8.2f}")
if c1:
    print(f"crq mean {c1['stats']['mean']:.4g} (analytic 8.176e8)")
if sys.argv[3] != "--quick":
    os.makedirs("bench/results", exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    rec = {"date": stamp, "machine": {"host": platform.node(), "cpus": os.cpu_count(),
           "cpu": next((l.split(":",1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")},
           "workload": "W20", "years": float(sys.argv[2]), "runs": rows, "ratios": ratios}
    path = f"bench/results/{stamp}-w20.json"
    json.dump(rec, open(path, "w"), indent=1)
    print(f"recorded {path}")
PY
