#!/usr/bin/env bash
# scripts/cpu-check.sh BUILD OTHER_BUILD — two builds of crq for different
# CPUs give the same JSON reports, byte for byte once the "run" object
# (threads, time) is removed (scripts/same-report.sh's runs). CI compares
# the usual build (per-CPU clones and AVX-512 kernels, which this machine
# runs) with one compiled for AVX2 alone (cmake -DCRQ_CLONES=OFF
# -DCMAKE_C_FLAGS=-mavx2: engine/sim/clones.h), on one thread and on two.
# On a CPU without AVX-512 the usual build runs its AVX2 clones and
# generic loops too, so the check then compares less.
set -euo pipefail
build=${1:?usage: cpu-check.sh BUILD OTHER_BUILD}
other=${2:?usage: cpu-check.sh BUILD OTHER_BUILD}
. "$(dirname "$0")/same-report.sh"
first=("$build/crq")
second=("$other/crq")
first_opts=(-j 1)
second_opts=(-j 2)
label="$other (2 threads) against $build (1 thread):"
same_report_setup
same_report_all
