#!/usr/bin/env bash
# Profiles dxhub-store during dxbench-ingest's full load and dxhub-aggregator
# during dxbench-rebuild with `perf record --call-graph dwarf`, and prints each
# profile's top entries (self time, and inclusive time). Needs linux-perf
# (deploy/install-deps.sh) and the benchmarks built (bench/run.sh builds them).
#
#   bench/profile.sh [--scale S] [--seconds N]    defaults: scale 1, 12 s of the store's load
# perf.data files and reports are kept in build/bench-results/profile-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1
seconds=12
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) shift; scale="$1" ;;
    --seconds) shift; seconds="$1" ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "profile.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
bin=build/bin
out="build/bench-results/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out/places"

# wait_for <pattern>: the pid of the first process whose command line matches (10 min at most).
wait_for() {
  for _ in $(seq 1 1200); do
    local pid
    pid=$(pgrep -f "$1" | head -1 || true)
    if [ -n "$pid" ]; then echo "$pid"; return 0; fi
    sleep 0.5
  done
  return 1
}

report() {  # report <name>
  perf report -i "$out/$1.data" --no-children --percent-limit 1.5 --stdio -g none --sort symbol \
    2> /dev/null | grep -v '^#' | grep -v '^$' | head -25 > "$out/$1.self.txt"
  perf report -i "$out/$1.data" --children --percent-limit 5 --stdio -g none --sort symbol \
    2> /dev/null | grep -v '^#' | grep -v '^$' | head -30 > "$out/$1.children.txt"
  echo "== $1: top self"; cat "$out/$1.self.txt"
  echo "== $1: top inclusive (children)"; cat "$out/$1.children.txt"
}

# The store under the full load: its load workers name the bench's work folder.
nice -n 10 "$bin/dxbench-ingest" --scales "$scale" --cache "$out/places" > "$out/ingest.out" 2>&1 &
bench=$!
wait_for "dxbench-ingest-$bench/full/load-" > /dev/null
store=$(wait_for "dxhub-it-x-$bench/store.yaml")
perf record -F 499 --call-graph dwarf,16384 -o "$out/store-ingest.data" -p "$store" -- sleep "$seconds" \
  2> "$out/store-ingest.perf.err" || true
wait "$bench" || echo "dxbench-ingest failed (see $out/ingest.out)" >&2

# The aggregator's rebuild, from start to exit.
nice -n 10 "$bin/dxbench-rebuild" --scales "$scale" --cache "$out/places" > "$out/rebuild.out" 2>&1 &
bench=$!
aggregator=$(wait_for "dxhub-it-x-$bench/aggregator-rebuild/aggregator.yaml")
perf record -F 499 --call-graph dwarf,16384 -o "$out/aggregator-rebuild.data" -p "$aggregator" \
  2> "$out/aggregator-rebuild.perf.err" || true
wait "$bench" || echo "dxbench-rebuild failed (see $out/rebuild.out)" >&2
rm -rf "$out/places"

report store-ingest
report aggregator-rebuild
grep '^figure: ' "$out/ingest.out" "$out/rebuild.out" || true
echo "(profiles: $out)"
