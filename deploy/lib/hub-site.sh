# Shell functions shared by deploy/demo.sh and services/aggregator/perf/scale-run.sh:
# a hub laid out in one directory on loopback (keys/, run/, connectors/,
# store.yaml, aggregator.yaml). Source it; the caller sets `bin` (the binaries)
# and `orgs` (the simulated partners). Loopback only.

# wait_ready READY_FILE LOG NAME [TENTHS]: waits up to TENTHS tenths of a second
# (default 300) for a service's --ready-file; on timeout says where its log is
# and returns 1.
wait_ready() {
  local ready=$1 log=$2 name=$3 tenths=${4:-300}
  for _ in $(seq "$tenths"); do [ -f "$ready" ] && return 0; sleep 0.1; done
  echo "$name did not start within $((tenths / 10)) s; see $log" >&2
  return 1
}

# write_store_yaml DIR PORT SERVICE...: DIR/store.yaml with the ingest port,
# PORT+1 for publish, the admin socket in DIR/run, a service client per
# SERVICE (key keys/SERVICE.pub), and a connector key and a pseudonymisation
# secret per partner in `orgs`, each partner's connector config (the example
# in deploy/examples/connectors pointed at PORT) in DIR/connectors.
write_store_yaml() {
  local dir=$1 port=$2 examples
  shift 2
  examples="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/examples/connectors"
  mkdir -p "$dir/keys" "$dir/run" "$dir/connectors"
  {
    echo "data_dir: store-data"
    echo "server_secret_key_file: keys/store.secret"
    echo "endpoints:"
    echo "  ingest: tcp://127.0.0.1:$port"
    echo "  publish: tcp://127.0.0.1:$((port + 1))"
    echo "  admin: ipc://$dir/run/store-admin.sock"
    echo "clients:"
    local service
    for service in "$@"; do
      echo "  - {name: $service, role: service, public_key_file: keys/$service.pub}"
    done
  } >"$dir/store.yaml"
  local org
  for org in "${orgs[@]}"; do
    "$bin/dxctl" keygen "$dir/keys/$org-connector" >/dev/null
    "$bin/dxconnect" init-secret "$dir/keys/$org-pseudonym.secret" >/dev/null
    echo "  - {name: $org-connector, role: connector, org_id: $org, public_key_file: keys/$org-connector.pub}" >>"$dir/store.yaml"
    sed "s|tcp://127.0.0.1:7401|tcp://127.0.0.1:$port|" "$examples/$org.yaml" >"$dir/connectors/$org.yaml"
  done
}

# write_aggregator_yaml DIR PORT [EXTRA_LINE...]: DIR/aggregator.yaml for a
# store at PORT (publish PORT+1), the query endpoint on PORT+10 and the admin
# socket in DIR/run; each EXTRA_LINE is appended as written (e.g. a clients:
# section).
write_aggregator_yaml() {
  local dir=$1 port=$2
  shift 2
  cat >"$dir/aggregator.yaml" <<YAML
data_dir: aggregator-data
server_secret_key_file: keys/aggregator-server.secret
store:
  endpoint: tcp://127.0.0.1:$port
  publish: tcp://127.0.0.1:$((port + 1))
  server_public_key: "$(cat "$dir/keys/store.pub")"
  public_key_file: keys/aggregator.pub
  secret_key_file: keys/aggregator.secret
endpoints:
  query: tcp://127.0.0.1:$((port + 10))
  admin: ipc://$dir/run/aggregator-admin.sock
log: {format: human, level: warn}
YAML
  local line
  for line in "$@"; do echo "$line" >>"$dir/aggregator.yaml"; done
}
