#!/usr/bin/env bash
# scripts/deps.sh — install exactly the Debian packages crq needs.
#
# Idempotent: asks dpkg what is already there and calls apt-get (after one
# `apt-get update`) only for what is missing. Never downloads anything but
# Debian packages. Usage: scripts/deps.sh [build] [format] [fuzz] [bench] [mpi] [browser] [schema]
# (default: build). Run as root, or with sudo available.
set -euo pipefail

declare -A GROUP=(
  # compile libcrq, the CLI and the Criterion test suite
  [build]="pkg-config libgsl-dev libyaml-dev libjansson-dev librandom123-dev libcriterion-dev libunistring-dev libxlsxwriter-dev zlib1g-dev"
  # the style check (make format-check)
  [format]="clang-format"
  # the libFuzzer harness of the model loader (scripts/fuzz.sh)
  [fuzz]="clang libclang-rt-14-dev libomp-14-dev"
  # the numpy peer of the benchmarks
  [bench]="python3 python3-numpy"
  # multi-process runs
  [mpi]="libopenmpi-dev openmpi-bin"
  # rendering the HTML report in a real browser (with a Japanese font)
  [browser]="chromium fonts-ipaexfont-gothic"
  # validating the JSON report against docs/crq-result.schema.json
  [schema]="python3 python3-jsonschema"
)

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(build)

wanted=()
for g in "${groups[@]}"; do
  [ -n "${GROUP[$g]+x}" ] || { echo "deps.sh: unknown group '$g' (build format fuzz bench mpi browser schema)" >&2; exit 2; }
  for p in ${GROUP[$g]}; do wanted+=("$p"); done
done

missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps.sh: all present (${groups[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
