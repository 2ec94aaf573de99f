#!/usr/bin/env bash
# tests/browser/check-dom.sh BASE — checks one HTML report as rendered by
# headless Chromium (scripts/render.sh made the files):
#   BASE.txt  the text report of the same run (the reference figures)
#   BASE.dom  the DOM after loading BASE.html
#   BASE.png  the screenshot
#   BASE.pdf  the page printed
# A board sees the charts and the same headline figures as the terminal
# report — with the analysis (attribution, roadmap, ROSI) when the text
# report has it, and the same ROSI —, the page runs and fetches nothing,
# and it prints on A4 landscape pages: three with the analysis, two
# without. Prints one line per failed check; exits 1 if any.
set -uo pipefail
base=$1
dom="$base.dom"
fail=0
bad() { echo "  $(basename "$base"): $*" >&2; fail=1; }

[ -s "$dom" ] || { bad "no DOM dump"; exit 1; }

# Both charts, as inline SVG with their marks.
grep -q '<svg class="chart-waterfall"' "$dom" || bad "no waterfall chart"
grep -q '<svg class="chart-lec"' "$dom" || bad "no loss exceedance chart"
grep -q '<polyline class="curve-now"' "$dom" || bad "no loss exceedance curve"
grep -q '<rect class="cat' "$dom" || bad "no waterfall bar"

# Nothing runs, nothing is fetched.
grep -qi '<script' "$dom" && bad "the page holds a script"
grep -qiE 'https?:|src=|url\(|@import' "$dom" && bad "the page refers to a URL"

# The headline figures of the text report (its first table: label, two
# or more spaces, "now → after"; EAL with its standard error in brackets).
figures() { # LABEL-REGEX → "now after" (after empty with one variant)
  grep -m1 -E "^  ($1) " "$base.txt" |
    sed -E "s/^  ($1) +//; s/ \([^)]*\)//g; s/ → / /"
}
check_figures() { # ID LABEL-REGEX
  read -r now after <<<"$(figures "$2")"
  [ -n "$now" ] || { bad "no '$2' line in the text report"; return; }
  grep -qF "id=\"$1-now\">$now<" "$dom" || bad "$1 now: '$now' not in the page"
  if [ -n "${after:-}" ]; then
    grep -qF "id=\"$1-after\">$after<" "$dom" ||
      bad "$1 after: '$after' not in the page"
  fi
}
check_figures max-loss 'Maximum loss|最大損失額'
check_figures eal 'Expected annual loss|年間予想損失額 \(EAL\)'

# The analysis: what each measure buys, the roadmap when the text report
# has one, and the overall ROSI of the text report's ROSI table (its
# "All measures" row, the one with percentages) as the page's.
analysis=0
if grep -qE '^(What each measure buys|対策ごとの効果)' "$base.txt"; then
  analysis=1
  grep -q '<svg class="chart-attribution"' "$dom" || bad "no attribution chart"
  if grep -qE '^(Roadmap|ロードマップ) ' "$base.txt"; then
    grep -q '<svg class="chart-roadmap-eal"' "$dom" || bad "no roadmap chart"
  fi
  rosi=$(grep -E '^  (All measures|全対策) .*[0-9]%' "$base.txt" |
    grep -oE -- '-?[0-9][0-9,.]*%' | tail -1)
  if [ -n "$rosi" ]; then
    grep -qF "id=\"rosi\">$rosi<" "$dom" || bad "ROSI: '$rosi' not in the page"
  fi
else
  grep -q 'chart-attribution' "$dom" && bad "an attribution chart without analysis"
fi

# The screenshot is a 1600-pixel-wide PNG.
if [ "$(head -c 8 "$base.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
  bad "the screenshot is not a PNG"
elif [ "$(od -An -tu4 --endian=big -j16 -N4 "$base.png" | tr -d ' ')" != 1600 ]; then
  bad "the screenshot is not 1600 pixels wide"
fi

# The print: A4 landscape pages (842 × 595 points), 3 with the analysis.
pages=$(grep -ao '/Type /Pages\?' "$base.pdf" | grep -c 'e$')
want=$((2 + analysis))
[ "$pages" = "$want" ] || bad "printed on $pages pages, expected $want"
grep -aqE '/MediaBox \[0 0 84[12][.0-9]* 59[45][.0-9]*\]' "$base.pdf" ||
  bad "the print is not A4 landscape"

exit $fail
