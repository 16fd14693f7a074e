#!/usr/bin/env bash
# Builds the benchmarks (the README's build, RelWithDebInfo, with -DDXHUB_BENCH=ON),
# runs them all (niced) on one shared cache of simulated places, and prints one
# table: figure, ours, baseline (measured in the same run), ratio, target, met.
#
#   bench/run.sh                  full run (about 15-25 min on a 2-core machine)
#   bench/run.sh --quick          small scales (a few minutes)
#   bench/run.sh --place-scales 1,3,10 --connector-scales 1,3,10 --report-scales 1,3
#                --follow-rate 10000 --follow-seconds 30 --ingest-scale 1
#   bench/run.sh --no-build       use the binaries already in build/
#   bench/run.sh --build-dir DIR  the build tree to build and run (default build/)
#   bench/run.sh --smoke          each program's CI-sized run (seconds, tiny places): the table's
#                                 figures are there, not speeds (a default test runs this)
#   bench/run.sh --national       also rebuild and query a national-scale place (scale 75, ~25 M events,
#                                 synthesised from scale 3: --from-scale in bench/README.md); adds
#                                 ~20 min and needs ~12 GB of disk while it runs
#   bench/run.sh --places DIR     keep the places in DIR and reuse them next time (default: a
#                                 folder of the results, removed at the end)
# Each program's whole output is kept in build/bench-results/<time>/; the table
# is also written there as table.md. Exit 1 when a benchmark failed.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
ingest_scale=1
place_scales=1,3
connector_scales=1,3,10
report_scales=1,3
follow_scale=1
follow_rate=10000
follow_seconds=30
build=1
smoke=0
national=0
places=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --quick) ingest_scale=0.3; place_scales=0.3,1; connector_scales=0.1,0.3,1; report_scales=0.3
             follow_scale=0.3; follow_rate=5000; follow_seconds=10 ;;
    --ingest-scale) shift; ingest_scale="$1" ;;
    --place-scales) shift; place_scales="$1" ;;
    --connector-scales) shift; connector_scales="$1" ;;
    --report-scales) shift; report_scales="$1" ;;
    --follow-scale) shift; follow_scale="$1" ;;
    --follow-rate) shift; follow_rate="$1" ;;
    --follow-seconds) shift; follow_seconds="$1" ;;
    --no-build) build=0 ;;
    --build-dir) shift; build_dir="$1" ;;
    --national) national=1 ;;
    --places) shift; places="$1" ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$build" = 1 ]; then
  bash deploy/install-deps.sh
  cmake -S . -B "$build_dir" -G Ninja -DDXHUB_WERROR=ON -DDXHUB_BENCH=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
  nice cmake --build "$build_dir" -j"$(nproc)" --target \
    dxbench-ingest dxbench-rebuild dxbench-follow dxbench-connector dxbench-report dxbench-load
fi

results="$build_dir/bench-results/$(date -u +%Y%m%dT%H%M%SZ)"
cache="${places:-$results/places}"
mkdir -p "$results" "$cache"
bin="$build_dir/bin"
status=0
run() {  # run <name> <program args...>
  local name="$1"; shift
  echo "== $name: $*" >&2
  local started=$SECONDS
  if ! nice -n 10 "$@" --cache "$cache" > "$results/$name.out" 2> "$results/$name.err"; then
    echo "!! $name failed; see $results/$name.out and .err" >&2
    tail -5 "$results/$name.err" >&2 || true
    status=1
  fi
  echo "   $name took $((SECONDS - started)) s" >&2
}

if [ "$smoke" = 1 ]; then  # each program's own smoke scales and durations
  for name in ingest rebuild follow connector report; do run "$name" "$bin/dxbench-$name" --smoke; done
else
  run ingest "$bin/dxbench-ingest" --scales "$ingest_scale"
  run rebuild "$bin/dxbench-rebuild" --scales "$place_scales"
  run follow "$bin/dxbench-follow" --scales "$follow_scale" --rate "$follow_rate" --seconds "$follow_seconds"
  run connector "$bin/dxbench-connector" --scales "$connector_scales"
  run report "$bin/dxbench-report" --scales "$report_scales"
fi
if [ "$national" = 1 ] && [ "$smoke" = 0 ]; then
  run national-rebuild "$bin/dxbench-rebuild" --scales 75 --from-scale 3
  run national-report "$bin/dxbench-report" --scales 75 --from-scale 3
fi
if [ -z "$places" ]; then rm -rf "$cache"; fi

{
  echo "| figure | ours | baseline (same run) | ratio | target | met |"
  echo "| --- | --- | --- | --- | --- | --- |"
  # Only the programs that ran (national-* only with --national; a missing file must not fail the pipe).
  for name in ingest rebuild follow connector report national-rebuild national-report; do
    if [ -f "$results/$name.out" ]; then grep '^figure: ' "$results/$name.out" || true; fi
  done |
    sed -E 's/^figure: ([^ ]+) = (.*) \| baseline (.*) \| ratio (.*) \| target (.*) \| met (.*)$/| \1 | \2 | \3 | \4 | \5 | \6 |/'
} | tee "$results/table.md"
echo "(outputs: $results)"
exit "$status"
