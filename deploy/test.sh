#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every
# test (unit and integration; real ZeroMQ sockets, real RocksDB, real
# processes on loopback). CI runs exactly this via .ci/run.
#
#   deploy/test.sh              the default suite (everything but soak/bench/fault; the benchmarks are
#                               built, DXHUB_BENCH=ON, for their smoke runs: bench_smoke_test), then
#                               a short libFuzzer run of each fuzz target (deploy/fuzz.sh --seconds 15,
#                               a clang tree in build-fuzz/)
#   deploy/test.sh --sanitize   the same suite under ASan+UBSan (build-asan/), less the
#                               full-scale e2e calibration run (eight connectors at scale 1
#                               take minutes each under ASan; its code paths are covered by
#                               the connector and aggregator integration tests)
#   deploy/test.sh --label L    only tests labelled L (unit, integration, soak, fault)
#   (deploy/fuzz.sh --minutes 10 is the long fuzz run: fuzz/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
cmake_extra=()
ctest_select=(-LE "soak|bench|fault")
short_fuzz=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) build_dir=build-asan; cmake_extra+=(-DDXHUB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
                export LSAN_OPTIONS="suppressions=$PWD/deploy/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
                ctest_select=(-LE "soak|bench|e2e|fault"); short_fuzz=0 ;;
    --label) shift; ctest_select=(-L "$1"); short_fuzz=0 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

bash deploy/install-deps.sh
cmake -S . -B "$build_dir" -G Ninja -DDXHUB_WERROR=ON -DDXHUB_BENCH=ON "${cmake_extra[@]}"
cmake --build "$build_dir" -j"$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure --timeout 900 -j2 "${ctest_select[@]}"
if [ "$short_fuzz" = 1 ]; then bash deploy/fuzz.sh --seconds 15; fi
