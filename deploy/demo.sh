#!/usr/bin/env bash
# The main command: installs what is missing, builds, generates the eight
# simulated partners' HR files, starts the hub with fresh keys, runs every
# partner's connector, prints what arrived (events by partner and type,
# rejects), and stops cleanly. Everything it makes lives under demo-run/
# (removed at the start of each run). Ports: $DXHUB_DEMO_PORT (default 7401)
# and the next one, on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
run="$root/demo-run"
port=${DXHUB_DEMO_PORT:-7401}
orgs=(BMDC BTHFT BDCFT ANHSFT WYP WYFRS UOB BCVS)

[ -n "${DEMO_SKIP_BUILD:-}" ] || bash deploy/install-deps.sh
[ -n "${DEMO_SKIP_BUILD:-}" ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
[ -n "${DEMO_SKIP_BUILD:-}" ] || cmake --build build -j"$(nproc)"
bin="$root/build/bin"

rm -rf "$run"
mkdir -p "$run/keys" "$run/run" "$run/connectors"

echo "== generating the simulated partners' HR extracts"
"$bin/dxsim" --out "$run/partners"

echo "== keys: the store, the aggregator, and per partner a connector key and a pseudonymisation secret"
"$bin/dxctl" keygen "$run/keys/store" >/dev/null
"$bin/dxctl" keygen "$run/keys/aggregator" >/dev/null
{
  echo "data_dir: store-data"
  echo "server_secret_key_file: keys/store.secret"
  echo "endpoints:"
  echo "  ingest: tcp://127.0.0.1:$port"
  echo "  publish: tcp://127.0.0.1:$((port + 1))"
  echo "  admin: ipc://$run/run/store-admin.sock"
  echo "clients:"
  echo "  - {name: aggregator, role: service, public_key_file: keys/aggregator.pub}"
} > "$run/store.yaml"
for org in "${orgs[@]}"; do
  "$bin/dxctl" keygen "$run/keys/$org-connector" >/dev/null
  "$bin/dxconnect" init-secret "$run/keys/$org-pseudonym.secret" >/dev/null
  echo "  - {name: $org-connector, role: connector, org_id: $org, public_key_file: keys/$org-connector.pub}" >> "$run/store.yaml"
  sed "s|tcp://127.0.0.1:7401|tcp://127.0.0.1:$port|" "deploy/examples/connectors/$org.yaml" > "$run/connectors/$org.yaml"
done

echo "== starting dxhub-store"
"$bin/dxhub-store" --config "$run/store.yaml" --ready-file "$run/store.ready" >"$run/store.log" 2>&1 &
store_pid=$!
trap 'kill $store_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -f "$run/store.ready" ] && break; sleep 0.1; done
[ -f "$run/store.ready" ] || { echo "dxhub-store did not start; see $run/store.log" >&2; exit 1; }
admin="ipc://$run/run/store-admin.sock"

echo "== checking and running each partner's connector"
"$bin/dxconnect" check --config "$run/connectors/BTHFT.yaml"
for org in "${orgs[@]}"; do
  "$bin/dxconnect" run --once --config "$run/connectors/$org.yaml" 2>>"$run/connectors/$org.log" \
    | grep -E "^run for|staff changes|events to send|sent:|STOP|rejected:" || true
done

echo "== what the hub holds"
"$bin/dxctl" status --endpoint "$admin"

echo "== stopping"
kill -TERM $store_pid
wait $store_pid
trap - EXIT
echo "demo finished; logs, keys and data are in $run"
