#!/usr/bin/env bash
# scripts/consumer.sh PREFIX BUILD — builds examples/consumer against the
# libcrq installed in PREFIX, once through find_package(crq) and once
# through pkg-config, and runs both on the JCIC example.
set -euo pipefail
prefix=$(realpath "$1")
build=$(realpath "$2")
src=$(dirname "$0")/../examples/consumer
out="$build/consumer"
rm -rf "$out" && mkdir -p "$out"

cmake -S "$src" -B "$out/cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$out/cmake" >/dev/null
export LD_LIBRARY_PATH="$prefix/lib:$prefix/lib/$(gcc -print-multiarch 2>/dev/null || true)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
"$out/cmake/consumer" examples/jcic_manufacturer.yaml 2000

pcdir=$(dirname "$(find "$prefix" -name crq.pc | head -1)")
cc -o "$out/consumer-pc" "$src/consumer.c" \
  $(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs crq)
"$out/consumer-pc" examples/jcic_manufacturer.yaml 2000
echo "consumer: find_package(crq) and pkg-config builds both ran"
