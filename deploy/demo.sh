#!/usr/bin/env bash
# The main command: installs what is missing, builds, generates the eight
# simulated partners' HR files and peer-review submissions, starts the hub
# with fresh keys, opens the peer-review cycle, runs every partner's connector,
# closes the cycle and shows its status, prints what arrived (events by partner
# and type, rejects), builds the indicators and prints senior representation
# per partner beside the published figures, asks dxhub-benchmark for the cycle's report
# (HTML and CSV), and stops cleanly. Everything it makes lives under demo-run/
# (removed at the start of each run). Ports: $DXHUB_DEMO_PORT (default 7401),
# the next one, +10 (aggregator) and +11 (benchmark), on 127.0.0.1 only.
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
# shellcheck source=deploy/lib/hub-site.sh
source "$root/deploy/lib/hub-site.sh"

rm -rf "$run"
mkdir -p "$run/keys" "$run/run" "$run/connectors"

echo "== generating the simulated partners' HR extracts"
"$bin/dxsim" --out "$run/partners" --review-cycle

echo "== keys: the store, the aggregator, and per partner a connector key and a pseudonymisation secret"
"$bin/dxctl" keygen "$run/keys/store" >/dev/null
"$bin/dxctl" keygen "$run/keys/aggregator" >/dev/null
"$bin/dxctl" keygen "$run/keys/aggregator-server" >/dev/null
"$bin/dxctl" keygen "$run/keys/benchmark" >/dev/null
"$bin/dxctl" keygen "$run/keys/benchmark-server" >/dev/null
"$bin/dxctl" keygen "$run/keys/digest" >/dev/null
"$bin/dxctl" keygen "$run/keys/digest-server" >/dev/null
write_store_yaml "$run" "$port" aggregator benchmark digest

echo "== starting dxhub-store"
"$bin/dxhub-store" --config "$run/store.yaml" --ready-file "$run/store.ready" >"$run/store.log" 2>&1 &
store_pid=$!
trap 'kill $store_pid 2>/dev/null || true' EXIT
wait_ready "$run/store.ready" "$run/store.log" dxhub-store 100
admin="ipc://$run/run/store-admin.sock"

echo "== opening the simulated partners' peer-review cycle (dxsim wrote each partner's review/ files)"
cycle_participants=$(sed -n 's/^participants //p' "$run/partners/review-cycle.txt")
read -r -a cycle_pairs <<<"$(sed -n 's/^pairs //p' "$run/partners/review-cycle.txt")"
"$bin/dxctl" review open --endpoint "$admin" --cycle 2023-pilot --name "2023 pilot (simulated partners)" \
  --framework "$root/deploy/frameworks/edi-peer-review-v1.yaml" --census-date 2023-03-31 \
  --participants "$cycle_participants" "${cycle_pairs[@]}"

echo "== checking and running each partner's connector"
"$bin/dxconnect" check --config "$run/connectors/BTHFT.yaml"
for org in "${orgs[@]}"; do
  "$bin/dxconnect" run --once --config "$run/connectors/$org.yaml" 2>>"$run/connectors/$org.log" \
    | grep -E "^run for|staff changes|events to send|peer review|sent:|STOP|rejected:" || true
done
"$bin/dxctl" review close --endpoint "$admin" --cycle 2023-pilot
"$bin/dxctl" review status --endpoint "$admin" --cycle 2023-pilot

echo "== what the hub holds"
"$bin/dxctl" status --endpoint "$admin"

echo "== building the indicators (dxhub-aggregator replays every event)"
write_aggregator_yaml "$run" "$port" "clients:" "  - {name: benchmark, role: service, public_key_file: keys/benchmark.pub}"
"$bin/dxhub-aggregator" --config "$run/aggregator.yaml" --exit-when-caught-up 2>>"$run/aggregator.log" | grep -E "caught up" || true
"$bin/dxhub-aggregator" --config "$run/aggregator.yaml" --ready-file "$run/aggregator.ready" 2>>"$run/aggregator.log" &
aggregator_pid=$!
trap 'kill $store_pid $aggregator_pid 2>/dev/null || true' EXIT
wait_ready "$run/aggregator.ready" "$run/aggregator.log" dxhub-aggregator 200
query="ipc://$run/run/aggregator-admin.sock"

# One published figure: "<value>% (<n>/<d>)" of indicator/breakdown, or "-" when withheld.
figure() {  # scope date family indicator breakdown
  "$bin/dxctl" indicators --endpoint "$query" --scope "$1" --date "$2" --family "$3" --csv 2>/dev/null |
    awk -F, -v ind="$4" -v br="$5" '$3 == ind && $4 == br {
      if ($6 == "*" || $6 == "") { print "withheld"; exit }
      printf "%.1f%% (%s/%s)", $6 * 100, $7, $8; exit }'
}

echo
echo "== senior representation of ethnically diverse staff, by each partner's own definition of senior"
echo "   (disclosure control on: counts rounded to 5, small numbers withheld; published = SEG report, Sept 2023)"
printf "%-8s %-26s %-22s %-22s %s\n" partner "senior means" "31 Mar 2021" "31 Mar 2023" "published 2021 -> 2023"
row() {  # org definition family indicator breakdown published
  printf "%-8s %-26s %-22s %-22s %s\n" "$1" "$2" "$(figure "$1" 2021-03-31 "$3" "$4" "$5")" \
    "$(figure "$1" 2023-03-31 "$3" "$4" "$5")" "$6"
}
row BTHFT "Band 8a and above, VSM" representation representation_bme senior_and_above "14.5% -> 17.84%"
row BMDC "top 5% of earners" pay top5_bme_share top_earners "18.2% -> 22.2%"
row BDCFT "Band 8a and above, VSM" representation representation_bme senior_and_above "- -> 27%"
row ANHSFT "Band 8a and above, VSM" representation representation_bme senior_and_above "(7%-61% by band)"
row WYP "chief officer ranks" representation representation_bme tier=TIER_EXECUTIVE "28.6% -> 20%"
row WYFRS "group manager and above" representation representation_bme senior_and_above "-"
row UOB "grade 10, professors, exec" representation representation_bme senior_and_above "-"
row BCVS "chief officer" representation representation_bme senior_and_above "-"
row place "all partners together" representation representation_bme senior_and_above "-"
echo
echo "   whole workforce, 31 Mar 2023: BTHFT $(figure BTHFT 2023-03-31 representation representation_bme workforce)" \
  "(published >= 35%), BMDC $(figure BMDC 2023-03-31 representation representation_bme workforce) (28.7%)," \
  "ANHSFT $(figure ANHSFT 2023-03-31 representation representation_bme workforce) (23.28%)"
echo "   district population (Census 2021): 38.9% ethnically diverse"

echo "== the peer-review benchmark of cycle 2023-pilot (dxhub-benchmark reads the store and the aggregator)"
cat > "$run/benchmark.yaml" <<YAML
frameworks_dir: $root/deploy/frameworks
server_secret_key_file: keys/benchmark-server.secret
store:
  endpoint: tcp://127.0.0.1:$port
  server_public_key: "$(cat "$run/keys/store.pub")"
  public_key_file: keys/benchmark.pub
  secret_key_file: keys/benchmark.secret
aggregator:
  endpoint: tcp://127.0.0.1:$((port + 10))
  server_public_key: "$(cat "$run/keys/aggregator-server.pub")"
  public_key_file: keys/benchmark.pub
  secret_key_file: keys/benchmark.secret
endpoints:
  query: tcp://127.0.0.1:$((port + 11))
  admin: ipc://$run/run/benchmark-admin.sock
log: {format: human, level: warn}
YAML
"$bin/dxhub-benchmark" --config "$run/benchmark.yaml" --ready-file "$run/benchmark.ready" 2>>"$run/benchmark.log" &
benchmark_pid=$!
trap 'kill $store_pid $aggregator_pid $benchmark_pid 2>/dev/null || true' EXIT
wait_ready "$run/benchmark.ready" "$run/benchmark.log" dxhub-benchmark 100
for format in html csv; do
  "$bin/dxctl" benchmark report --endpoint "ipc://$run/run/benchmark-admin.sock" --cycle 2023-pilot \
    --format "$format" --out "$run/benchmark-2023-pilot.$format"
done

echo "== the Wellbeing Executive's digest (dxhub-digest asked through dxctl: a preview, then one sent to the outbox)"
cat > "$run/digest.yaml" <<YAML
outbox_dir: digest-outbox
state_dir: digest-state
server_secret_key_file: keys/digest-server.secret
schedules:
  - {id: monthly, cron: "0 7 1 * *", profile: summary, recipients: [wellbeing-exec@partners.example]}
  - {id: quarterly, cron: "0 7 1 1,4,7,10 *", profile: full, recipients: [wellbeing-exec@partners.example]}
mail:
  from: "dxhub digest <digest@dxhub.example>"
partners:
  BMDC: City of Bradford Metropolitan District Council
  BTHFT: Bradford Teaching Hospitals NHS Foundation Trust
  BDCFT: Bradford District Care NHS Foundation Trust
  ANHSFT: Airedale NHS Foundation Trust
  WYP: West Yorkshire Police
  WYFRS: West Yorkshire Fire and Rescue Service
  UOB: University of Bradford
  BCVS: Bradford Community Voluntary Services (fictional)
store:
  endpoint: tcp://127.0.0.1:$port
  server_public_key: "$(cat "$run/keys/store.pub")"
  public_key_file: keys/digest.pub
  secret_key_file: keys/digest.secret
aggregator:
  endpoint: ipc://$run/run/aggregator-admin.sock
benchmark:
  endpoint: ipc://$run/run/benchmark-admin.sock
endpoints:
  query: tcp://127.0.0.1:$((port + 12))
  admin: ipc://$run/run/digest-admin.sock
log: {format: human, level: warn}
YAML
"$bin/dxhub-digest" --config "$run/digest.yaml" --ready-file "$run/digest.ready" 2>>"$run/digest.log" &
digest_pid=$!
trap 'kill $store_pid $aggregator_pid $benchmark_pid $digest_pid 2>/dev/null || true' EXIT
wait_ready "$run/digest.ready" "$run/digest.log" dxhub-digest 100
digest_admin="ipc://$run/run/digest-admin.sock"
"$bin/dxctl" digest preview --endpoint "$digest_admin" --profile full --out "$run/digest-preview" >/dev/null
echo "   preview: $run/digest-preview/digest.html (and .txt, .csv, .pdf, chart-1.png, chart-2.png)"
"$bin/dxctl" digest send-now --endpoint "$digest_admin" --schedule quarterly

echo "== stopping"
kill -TERM $digest_pid $benchmark_pid $aggregator_pid $store_pid
wait $digest_pid $benchmark_pid $aggregator_pid $store_pid || true
trap - EXIT
echo "demo finished; logs, keys and data are in $run"
echo "try: build/bin/dxctl indicators --endpoint $query --scope BTHFT --date 2023-03-31 --family wres"
