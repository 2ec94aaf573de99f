#!/usr/bin/env bash
# scripts/render.sh [BUILD] — renders the HTML board report of every
# example in a real browser (headless Chromium) and checks what a reader
# would see.
#
# For each examples/*.yaml and each language (en, ja) it writes, under
# BUILD/render/ (default BUILD: build):
#   NAME-LANG.html  the report, from BUILD/crq
#   NAME-LANG.png   a 1600×1100 screenshot (the first screen a board sees)
#   NAME-LANG.dom   the DOM after the browser loaded the page
#   NAME-LANG.pdf   the page printed (A4 landscape, from the report's @page)
# and checks, with tests/browser/check-dom.sh, that the DOM holds the
# charts, the headline figures and the ROSI of the text report of the same
# run, no script and no URL, and that the print is A4 landscape, three
# pages with the analysis (every example with measures), else two.
# Exits non-zero when any check fails. Needs `scripts/deps.sh browser`.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
crq="$build/crq"
out="$build/render"
[ -x "$crq" ] || { echo "render.sh: $crq not found; build first" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "render.sh: chromium not found; run scripts/deps.sh browser" >&2; exit 2; }
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# Runs the browser on a local file with everything that could reach the
# network switched off; extra arguments say what to produce.
chrome() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$profile" "$@" 2>>"$out/chromium.log"
}

failed=0
for model in examples/*.yaml; do
  name=$(basename "$model" .yaml)
  for lang in en ja; do
    base="$out/$name-$lang"
    "$crq" run "$model" -q --lang "$lang" --format html --out "$base.html"
    "$crq" run "$model" -q --lang "$lang" --format text --out "$base.txt"
    url="file://$(realpath "$base.html")"
    chrome --screenshot="$base.png" --window-size=1600,1100 "$url" >/dev/null
    chrome --dump-dom "$url" >"$base.dom"
    chrome --print-to-pdf="$base.pdf" --no-pdf-header-footer "$url" >/dev/null
    if bash tests/browser/check-dom.sh "$base"; then
      echo "render: $name ($lang) ok"
    else
      echo "render: $name ($lang) FAILED" >&2
      failed=1
    fi
  done
done
[ "$failed" -eq 0 ] || { echo "render.sh: some reports failed their checks (see above)" >&2; exit 1; }
echo "render.sh: every report rendered and checked; screenshots in $out"
