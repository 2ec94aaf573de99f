#!/usr/bin/env bash
# scripts/bench.sh BUILD [--quick] — the benchmark suite (docs/performance.md).
#
# Workloads: W20 (20 imported scenarios, the peers' workload), W20 with
# one measure (the what-if path: two variants, thinning), the JCIC
# example, a generated 1000-scenario stress model and a 10 × 10 what-if
# sweep of the JCIC example. Each runs end to end with 1 and 2 threads and
# as its floor loop on 1 and 2 threads (the same random numbers, no model
# logic; its speedup is the machine's own ceiling for that work), every
# configuration in its own process (so peak RSS is per run), all in this
# one session so that the ratios compare like with like on a shared,
# noisy machine; W20 also runs the numpy peer and the run that keeps every
# year (--keep-years), W20 and JCIC also the full
# JSON report (its speed, and the memory a report needs). Every configuration runs three times
# (once with --quick) and the table keeps the fastest. Prints a table and,
# unless --quick (CI: about a minute), records
# bench/results/<date>-suite.json with the machine's description and
# every run.
set -euo pipefail
build=${1:-build}
quick=${2:-}
py=/usr/bin/python3
out=$(mktemp)
stress=$(mktemp --suffix=.yaml)
trap 'rm -f "$out" "$stress"' EXIT

if [ "$quick" = "--quick" ]; then
  w20=1e6 jcic=1e6 big=2e4 point=1e4 repeat=1
else
  w20=1e7 jcic=1e7 big=3e5 point=1e5 repeat=${BENCH_REPEAT:-3}
fi
jcic_model=examples/jcic_manufacturer.yaml
"$py" bench/gen_stress.py 1000 >"$stress"

load_avg() { cut -d' ' -f1 /proc/loadavg; }
# Each configuration runs $repeat times (3, or BENCH_REPEAT; once with
# --quick) and the table keeps its fastest run: the other jobs on a shared
# machine only ever slow a run down. A model's configurations take turns.
once() { "$@" | tee -a "$out"; }
run() { for _ in $(seq "$repeat"); do once "$@"; done; }
# With a fourth argument (--keep-years), also the run that keeps every
# year and selects afterwards, as crq did before it was told the levels.
model() { # label model years [--keep-years]
  for _ in $(seq "$repeat"); do
    once "$build/bench/bench_model" "$2" "$3" 1 --floor --label "$1"
    once "$build/bench/bench_model" "$2" "$3" 2 --floor --label "$1"
    once "$build/bench/bench_model" "$2" "$3" 1 --label "$1"
    once "$build/bench/bench_model" "$2" "$3" 2 --label "$1"
    if [ -n "${4:-}" ]; then
      once "$build/bench/bench_model" "$2" "$3" 1 "$4" --label "$1"
      once "$build/bench/bench_model" "$2" "$3" 2 "$4" --label "$1"
    fi
  done
}

echo "{\"load_before\": $(load_avg)}" >>"$out"
model W20 bench/w20.csv "$w20" --keep-years
if "$py" -c 'import numpy' 2>/dev/null; then
  run "$py" bench/peers/w20_numpy.py bench/w20.csv "$w20" 1
else
  echo "numpy peer skipped: $py has no numpy (scripts/deps.sh bench)"
fi
run "$build/bench/bench_model" bench/w20.csv "$w20" 1 --report --label W20
model W20+measure bench/w20_measure.yaml "$w20"
model JCIC "$jcic_model" "$jcic"
run "$build/bench/bench_model" "$jcic_model" "$jcic" 1 --report --label JCIC
model stress-1000 "$stress" "$big"
run "$build/bench/bench_grid" "$jcic_model" "$point" 1 10 --floor --label sweep-10x10
run "$build/bench/bench_grid" "$jcic_model" "$point" 1 10 --label sweep-10x10
run "$build/bench/bench_grid" "$jcic_model" "$point" 2 10 --label sweep-10x10
echo "{\"load_after\": $(load_avg)}" >>"$out"

"$py" - "$out" "$quick" <<'PY'
import datetime, json, os, platform, sys

lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
rows = [r for r in lines if "years_per_s" in r]
load = {k: v for r in lines for k, v in r.items() if k.startswith("load_")}

def find(workload, engine, threads=1):
    runs = [r for r in rows if r.get("workload") == workload and
            r.get("engine") == engine and r.get("threads", 1) == threads]
    return max(runs, key=lambda r: r["years_per_s"], default=None)

def paired_speedup(workload, engine):
    """The median over rounds of the two-thread run's rate over the
    one-thread run's just before it: the machine's mood changes between
    rounds, so a round's pair is a fairer ratio than the two bests."""
    runs = [r for r in rows if r.get("workload") == workload and
            r.get("engine") == engine]
    one = [r["years_per_s"] for r in runs if r.get("threads", 1) == 1]
    two = [r["years_per_s"] for r in runs if r.get("threads", 1) == 2]
    ratios = sorted(b / a for a, b in zip(one, two))
    if not ratios:
        return None
    mid = len(ratios) // 2
    return ratios[mid] if len(ratios) % 2 else (ratios[mid - 1] + ratios[mid]) / 2

table = []
for w in dict.fromkeys(r["workload"] for r in rows if "workload" in r):
    c1, c2, fl = find(w, "crq", 1), find(w, "crq", 2), find(w, "floor", 1)
    fl2 = find(w, "floor", 2)
    rep = find(w, "crq-report", 1)
    peers = [r for r in lines if r.get("peer") == "numpy-scatter"]
    peer = max(peers, key=lambda r: r["years_per_s"], default=None) if w == "W20" else None
    t = {"workload": w, "years": c1["years"] if c1 else None,
         "crq_1": c1 and c1["years_per_s"], "crq_2": c2 and c2["years_per_s"],
         "floor_1": fl and fl["years_per_s"]}
    t["speedup_2"] = c1 and c2 and c2["years_per_s"] / c1["years_per_s"]
    # what two threads give the floor loop alone: this machine's ceiling
    # for the speedup of work that is nothing but drawing variates
    t["floor_speedup_2"] = fl and fl2 and fl2["years_per_s"] / fl["years_per_s"]
    if fl2:  # a model() workload, whose rounds run 1 then 2 threads
        t["speedup_2_paired"] = paired_speedup(w, "crq")
        t["floor_speedup_2_paired"] = paired_speedup(w, "floor")
    t["floor_ratio"] = c1 and fl and fl["years_per_s"] / c1["years_per_s"]
    t["rss_mib"] = c1 and c1["peak_rss_kb"] / 1024
    t["bytes_per_year"] = c1 and c1["peak_rss_kb"] * 1024 / c1["years"]
    k1, k2 = find(w, "crq-kept", 1), find(w, "crq-kept", 2)
    if k1 and k2:
        t["kept_1"], t["kept_2"] = k1["years_per_s"], k2["years_per_s"]
        t["kept_speedup_2"] = k2["years_per_s"] / k1["years_per_s"]
        t["kept_rss_mib"] = k1["peak_rss_kb"] / 1024
    if rep:
        t["report_bytes_per_year"] = rep["peak_rss_kb"] * 1024 / rep["years"]
        t["report_s"] = rep["seconds"]
        t["report_years_per_s"] = rep["years_per_s"]
    if peer and c1:
        t["numpy"] = peer["years_per_s"]
        t["crq_1_over_numpy"] = c1["years_per_s"] / peer["years_per_s"]
        t["crq_2_over_numpy"] = c2 and c2["years_per_s"] / peer["years_per_s"]
    table.append(t)

def f(x, fmt):
    return format(x, fmt) if isinstance(x, (int, float)) else "-"

print()
print(f"{'workload':<12}{'years':>8}{'crq 1 thr':>12}{'crq 2 thr':>12}{'speedup':>8}"
      f"{'floor sp':>9}{'floor':>12}{'floor ×':>8}{'RSS MiB':>9}{'B/year':>8}{'numpy':>11}{'× numpy':>9}")
for t in table:
    print(f"{t['workload']:<12}{f(t['years'], '.0e'):>8}{f(t['crq_1'], ',.0f'):>12}"
          f"{f(t['crq_2'], ',.0f'):>12}{f(t['speedup_2'], '.2f'):>8}"
          f"{f(t['floor_speedup_2'], '.2f'):>9}{f(t['floor_1'], ',.0f'):>12}"
          f"{f(t['floor_ratio'], '.2f'):>8}{f(t['rss_mib'], '.0f'):>9}{f(t['bytes_per_year'], '.1f'):>8}"
          f"{f(t.get('numpy'), ',.0f'):>11}{f(t.get('crq_1_over_numpy'), '.2f'):>9}")
for t in table:
    if t.get("speedup_2_paired") and t.get("floor_speedup_2_paired"):
        print(f"{t['workload']} speedup per round (median of the rounds' "
              f"1- and 2-thread pairs): crq {t['speedup_2_paired']:.2f}, "
              f"floor {t['floor_speedup_2_paired']:.2f}")
for t in table:
    if "kept_1" in t:
        print(f"{t['workload']} keeping every year (--keep-years): "
              f"{t['kept_1']:,.0f} / {t['kept_2']:,.0f} years/s on 1 / 2 threads "
              f"({t['kept_speedup_2']:.2f}), {t['kept_rss_mib']:.0f} MiB")
for t in table:
    if "report_bytes_per_year" in t:
        print(f"{t['workload']} JSON report: {t['report_bytes_per_year']:.1f} bytes/year peak, "
              f"{t['report_s']:.2f} s end to end, "
              f"{t['report_years_per_s']:,.0f} years/s on 1 thread")
print(f"load average before/after: {load.get('load_before')}/{load.get('load_after')} "
      f"on {os.cpu_count()} CPUs")

if sys.argv[2] != "--quick":
    os.makedirs("bench/results", exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), "")
    rec = {"date": now.isoformat(), "machine": {
               "host": platform.node(), "cpus": os.cpu_count(), "cpu": cpu,
               "kernel": platform.release(), "load": load},
           "table": table, "runs": lines}
    path = f"bench/results/{stamp}-suite.json"
    with open(path, "w") as fh:
        json.dump(rec, fh, indent=1)
    print(f"recorded {path}")
PY
