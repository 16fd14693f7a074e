#!/usr/bin/env bash
# The libFuzzer runs (fuzz/README.md): builds the clang tree in build-fuzz/
# (-DDXHUB_FUZZ=ON: only the fuzz targets and the libraries they link, with
# -fsanitize=fuzzer,address,undefined) and runs the targets.
#
#   deploy/fuzz.sh                  each target for 20 s (ctest -L fuzz)
#   deploy/fuzz.sh --seconds S      each target for S s (deploy/test.sh runs 15 s each)
#   deploy/fuzz.sh --minutes N      each target for N minutes, --jobs at a time, niced;
#                                   logs and a summary in build-fuzz/fuzz/logs/
#   deploy/fuzz.sh --jobs J         targets run at a time with --minutes (default 2)
#   deploy/fuzz.sh --target NAME    only this target (repeatable): request event csv config cron
#   deploy/fuzz.sh --no-build       run what build-fuzz/ already holds
#
# New inputs are kept in build-fuzz/fuzz/corpus/<target>/ (the committed seeds in
# fuzz/corpus/ are only read); a crash leaves build-fuzz/fuzz/artifacts/<target>-crash-*
# and a non-zero exit. Exit 0 when no target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=0
seconds=20
jobs=2
build=1
targets=()
all_targets=(request event csv config cron)
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) shift; minutes="$1" ;;
    --seconds) shift; seconds="$1" ;;
    --jobs) shift; jobs="$1" ;;
    --target) shift; targets+=("$1") ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

if [ "$build" = 1 ]; then
  bash deploy/install-deps.sh
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DDXHUB_FUZZ=ON -DDXHUB_FUZZ_SECONDS="$seconds"
  cmake --build build-fuzz -j"$(nproc)"
fi

if [ "$minutes" = 0 ]; then
  regex="^fuzz_($(IFS='|'; echo "${targets[*]}"))\$"
  exec ctest --test-dir build-fuzz -L '^fuzz$' -R "$regex" --output-on-failure -j2
fi

out=build-fuzz/fuzz
mkdir -p "$out/logs" "$out/artifacts"
run_one() {
  local t="$1"
  mkdir -p "$out/corpus/$t"
  nice "$out/fuzz_$t" -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$t-" "$out/corpus/$t" "fuzz/corpus/$t" >"$out/logs/$t.log" 2>&1
}
declare -A status
pids=()
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 5; done
  echo "fuzz.sh: $t for $minutes min (log $out/logs/$t.log)"
  run_one "$t" &
  pids+=("$!:$t")
done
failed=0
for p in "${pids[@]}"; do
  if wait "${p%%:*}"; then status[${p#*:}]=ok; else status[${p#*:}]=CRASH; failed=1; fi
done

# One line per target: executions, the corpus it ended with, coverage, crashes.
summary="$out/logs/summary.txt"
{
  printf '%-8s %-6s %12s %10s %8s %8s %s\n' target result execs exec/s cov ft corpus
  for t in "${targets[@]}"; do
    log="$out/logs/$t.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+.*(cov|DONE)' "$log" | grep ' cov: ' | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
    printf '%-8s %-6s %12s %10s %8s %8s %s\n' "$t" "${status[$t]}" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
  done
} | tee "$summary"
ls "$out/artifacts" | sed 's/^/fuzz.sh: artifact /' || true
exit "$failed"
