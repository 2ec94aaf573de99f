#!/usr/bin/env bash
# scripts/check-json-schema.sh BUILD — validate `crq run --format json` output
# against docs/crq-result.schema.json (the schema of docs/json-schema.md).
#
# Runs every examples/*.yaml, plus one --no-analysis run and one --lang ja
# run, and validates each report with /usr/bin/python3 and python3-jsonschema
# (install with `bash scripts/deps.sh schema`; this script installs nothing).
# Also checks that a deliberately broken report is rejected, so the check
# cannot pass vacuously. Prints one line per document; exits non-zero on any
# failure.
set -euo pipefail

BUILD=${1:?usage: scripts/check-json-schema.sh BUILD}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CRQ=$BUILD/crq
SCHEMA=$ROOT/docs/crq-result.schema.json
PY=/usr/bin/python3

[ -x "$CRQ" ] || { echo "check-json-schema: $CRQ not found (build first)" >&2; exit 2; }
"$PY" -c 'import jsonschema' 2>/dev/null || {
  echo "check-json-schema: python3-jsonschema missing: bash scripts/deps.sh schema" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

common=(--trials 20000 --quiet --format json --as-of 2026-11-30)
n=0
run() { # NAME MODEL [extra options...]
  local name=$1 model=$2; shift 2
  n=$((n + 1))
  local out; out=$(printf '%s/%02d-%s.json' "$tmp" "$n" "$name")
  if ! "$CRQ" run "$model" "${common[@]}" "$@" > "$out"; then
    echo "$name: crq run failed" > "$out.err"
  fi
}

for ex in "$ROOT"/examples/*.yaml; do
  run "$(basename "$ex" .yaml)" "$ex"
done
run "jcic_manufacturer--no-analysis" "$ROOT/examples/jcic_manufacturer.yaml" --no-analysis
run "jcic_manufacturer--lang-ja" "$ROOT/examples/jcic_manufacturer.yaml" --lang ja

"$PY" - "$SCHEMA" "$tmp" <<'PY'
import glob, json, os, sys
import jsonschema

schema_path, tmp = sys.argv[1], sys.argv[2]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)

def errors(doc):
    return sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])

failed = 0
docs = sorted(glob.glob(os.path.join(tmp, "*.json")))
good = None
for path in docs:
    name = os.path.basename(path)[3:-5]
    if os.path.exists(path + ".err"):
        print(f"{name}: FAIL (crq run failed)")
        failed += 1
        continue
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError as e:
        print(f"{name}: FAIL (not JSON: {e})")
        failed += 1
        continue
    errs = errors(doc)
    if errs:
        failed += 1
        print(f"{name}: FAIL ({len(errs)} errors)")
        for e in errs[:20]:
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            print(f"  {where}: {e.message}")
    else:
        print(f"{name}: ok")
        if good is None and doc.get("analysis") is not None:
            good = doc

# negative checks: broken documents must be rejected
if good is None:
    print("negative check: FAIL (no valid document with an analysis to break)")
    failed += 1
else:
    def drop(path):
        d = json.loads(json.dumps(good))
        o = d
        for k in path[:-1]:
            o = o[k]
        del o[path[-1]]
        return d
    def setv(path, v):
        d = json.loads(json.dumps(good))
        o = d
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = v
        return d
    cases = [
        ("without the required member 'statistics'", drop(["statistics"])),
        ("without run.timestamp", drop(["run", "timestamp"])),
        ("with schema \"crq-result/2\"", setv(["schema"], "crq-result/2")),
        ("with an estimate's value a string", setv(["statistics", "baseline", "eal", "value"], "1")),
        ("with verdict \"blue\"", setv(["appetite", 0, "baseline", "verdict"], "blue")),
        ("with analysis.rosi dropped", drop(["analysis", "rosi"])),
    ]
    for label, d in cases:
        if errors(d):
            print(f"negative check, report {label}: ok (rejected)")
        else:
            print(f"negative check, report {label}: FAIL (accepted)")
            failed += 1

print(f"{len(docs)} documents checked, {failed} failures")
sys.exit(1 if failed else 0)
PY
