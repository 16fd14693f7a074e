#!/usr/bin/env bash
# Profiles dxhub-store during dxbench-ingest's full load and dxhub-aggregator
# during dxbench-rebuild with `perf record --call-graph dwarf`, and prints each
# profile's top entries (self time, and inclusive time). Needs linux-perf
# (deploy/install-deps.sh) and the benchmarks built (bench/run.sh builds them).
#
#   bench/profile.sh [--scale S] [--seconds N] [--cache DIR]
#       defaults: scale 1, 12 s of the store's load; --cache reuses kept places (see dxbench-* --cache)
# perf.data files and reports are kept in build/bench-results/profile-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1
seconds=12
cache=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) shift; scale="$1" ;;
    --seconds) shift; seconds="$1" ;;
    --cache) shift; cache="$1" ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "profile.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
bin=build/bin
out="build/bench-results/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
if [ -z "$cache" ]; then cache="$out/places"; mkdir -p "$cache"; fi

# wait_for <pattern>: the pid of the first process whose command line matches, while the
# benchmark ($bench) runs (10 min at most).
wait_for() {
  for _ in $(seq 1 1200); do
    kill -0 "$bench" 2> /dev/null || return 1
    local pid
    pid=$(pgrep -f "$1" | head -1 || true)
    if [ -n "$pid" ]; then echo "$pid"; return 0; fi
    sleep 0.5
  done
  return 1
}

report() {  # report <name>
  perf report -i "$out/$1.data" --no-children --percent-limit 1.5 --stdio -g none --sort symbol \
    2> /dev/null | grep -v '^#' | grep -v '^$' | head -25 > "$out/$1.self.txt" || true
  perf report -i "$out/$1.data" --children --percent-limit 5 --stdio -g none --sort symbol \
    2> /dev/null | grep -v '^#' | grep -v '^$' | head -30 > "$out/$1.children.txt" || true
  echo "== $1: top self"; cat "$out/$1.self.txt"
  echo "== $1: top inclusive (children)"; cat "$out/$1.children.txt"
}

# The store under the full load: its load workers name the bench's work folder.
nice -n 10 "$bin/dxbench-ingest" --scales "$scale" --cache "$cache" > "$out/ingest.out" 2>&1 &
bench=$!
if wait_for "dxbench-ingest-$bench/full/load-" > /dev/null && store=$(wait_for "dxhub-it-x-$bench/store.yaml"); then
  perf record -F 499 --call-graph dwarf,16384 -o "$out/store-ingest.data" -p "$store" -- sleep "$seconds" \
    2> "$out/store-ingest.perf.err" || true
fi
wait "$bench" || echo "dxbench-ingest failed (see $out/ingest.out)" >&2

# The aggregator's rebuild, from start to exit.
nice -n 10 "$bin/dxbench-rebuild" --scales "$scale" --cache "$cache" > "$out/rebuild.out" 2>&1 &
bench=$!
if aggregator=$(wait_for "dxhub-it-x-$bench/aggregator-rebuild/aggregator.yaml"); then
  perf record -F 499 --call-graph dwarf,16384 -o "$out/aggregator-rebuild.data" -p "$aggregator" \
    2> "$out/aggregator-rebuild.perf.err" || true
fi
wait "$bench" || echo "dxbench-rebuild failed (see $out/rebuild.out)" >&2
[ "$cache" != "$out/places" ] || rm -rf "$cache"

for name in store-ingest aggregator-rebuild; do
  if [ -s "$out/$name.data" ]; then report "$name"; else echo "== $name: no profile (the benchmark failed)"; fi
done
grep '^figure: ' "$out/ingest.out" "$out/rebuild.out" || true
echo "(profiles: $out)"
