#!/usr/bin/env bash
# The aggregator's rebuild at scale, for the determinism proof (the cube
# digest) and the rebuild figures of issue 18:
#
#   scale-run.sh populate DIR SCALE   dxsim at SCALE, a fresh dxhub-store under DIR, every
#                                     simulated partner's connector run once into it
#   scale-run.sh rebuild DIR [perf]   starts DIR's store, runs `dxhub-aggregator --rebuild
#                                     --exit-when-caught-up` under /usr/bin/time -v (and, with
#                                     `perf`, `perf record --call-graph dwarf`), prints
#                                     the caught-up line (events/s, digest) and peak RSS
#
# DIR is kept between runs, so the same history is replayed before and after a
# change. BIN (default: build/bin of this tree) names the binaries; PORT
# (default 7621) the store's port, the next one its publish port, +10 the
# aggregator's query port. Loopback only.
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
bin=${BIN:-$here/build/bin}
port=${PORT:-7621}
orgs=(BMDC BTHFT BDCFT ANHSFT WYP WYFRS UOB BCVS)
# shellcheck source=../../../deploy/lib/hub-site.sh
source "$here/deploy/lib/hub-site.sh"

usage() { echo "usage: $0 populate DIR SCALE | rebuild DIR [perf]" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

start_store() {
  rm -f "$dir/store.ready"
  "$bin/dxhub-store" --config "$dir/store.yaml" --ready-file "$dir/store.ready" >>"$dir/store.log" 2>&1 &
  store_pid=$!
  trap 'kill $store_pid 2>/dev/null || true; wait $store_pid 2>/dev/null || true' EXIT
  wait_ready "$dir/store.ready" "$dir/store.log" dxhub-store || exit 1
}

populate() {
  local scale=$1
  rm -rf "$dir"/{keys,run,connectors,state,partners,store-data,aggregator-data}
  mkdir -p "$dir/keys"
  "$bin/dxsim" --out "$dir/partners" --scale "$scale"
  for k in store aggregator aggregator-server; do "$bin/dxctl" keygen "$dir/keys/$k" >/dev/null; done
  write_store_yaml "$dir" "$port" aggregator
  write_aggregator_yaml "$dir" "$port"
  start_store
  for org in "${orgs[@]}"; do
    /usr/bin/time -f "$org: %e s, peak RSS %M KB" "$bin/dxconnect" run --once --config "$dir/connectors/$org.yaml" \
      2>>"$dir/dxconnect-$org.err" >"$dir/dxconnect-$org.out" || { echo "$org's connector failed; see $dir/dxconnect-$org.err" >&2; exit 1; }
    tail -1 "$dir/dxconnect-$org.err"
  done
  "$bin/dxctl" status --endpoint "ipc://$dir/run/store-admin.sock" | head -3
}

rebuild() {
  start_store
  local run=("$bin/dxhub-aggregator" --config "$dir/aggregator.yaml" --rebuild --exit-when-caught-up)
  if [ "${1:-}" = perf ]; then
    run=(perf record -q --call-graph dwarf,16384 -F 99 -o "$dir/perf.data" -- "${run[@]}")
  fi
  /usr/bin/time -v "${run[@]}" >"$dir/rebuild.out" 2>"$dir/rebuild.err" || { tail "$dir/rebuild.err" >&2; exit 1; }
  grep "caught up" "$dir/rebuild.out"
  grep "Maximum resident" "$dir/rebuild.err"
}

case $cmd in
  populate) [ $# -eq 3 ] || usage; populate "$3" ;;
  rebuild) rebuild "${3:-}" ;;
  *) usage ;;
esac
