#!/usr/bin/env bash
# The main command: installs what is missing, builds, generates keys, starts
# the hub with simulated partners, shows what arrived, and stops cleanly.
# Everything it makes lives under demo-run/ (removed at the start of each run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
run="$root/demo-run"

bash deploy/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
bin="$root/build/bin"

rm -rf "$run"
mkdir -p "$run/keys" "$run/run"
"$bin/dxctl" keygen "$run/keys/store" >/dev/null
"$bin/dxctl" keygen "$run/keys/aggregator" >/dev/null

cat > "$run/store.yaml" <<YAML
data_dir: store-data
server_secret_key_file: keys/store.secret
endpoints:
  ingest: tcp://127.0.0.1:*
  publish: tcp://127.0.0.1:*
  admin: ipc://$run/run/store-admin.sock
clients:
  - name: aggregator
    role: service
    public_key_file: keys/aggregator.pub
YAML

echo "== starting dxhub-store"
"$bin/dxhub-store" --config "$run/store.yaml" --ready-file "$run/store.ready" >"$run/store.log" 2>&1 &
store_pid=$!
trap 'kill $store_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -f "$run/store.ready" ] && break; sleep 0.1; done
[ -f "$run/store.ready" ] || { echo "dxhub-store did not start; see $run/store.log" >&2; exit 1; }
cat "$run/store.ready"

echo "== store status"
"$bin/dxctl" status --endpoint "ipc://$run/run/store-admin.sock"

echo "== stopping"
kill -TERM $store_pid
wait $store_pid
trap - EXIT
echo "demo finished; logs and data are in $run"
