// dxctl: the dxhub admin command line.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

#include "dxhub/common/cli.h"
#include "dxhub/common/crypto.h"
#include "dxhub/dxctl/commands.h"
#include "dxhub/dxctl/conformance.h"
#include "dxhub/dxctl/digest.h"

int main(int argc, char** argv) {
  using namespace dxhub::dxctl;
  CLI::App app{"dxctl: administer a dxhub hub (keys, status, event export)."};
  app.set_version_flag("--version", std::string("dxctl ") + DXHUB_VERSION);
  app.require_subcommand(1);
  app.footer("Examples:\n"
             "  dxctl keygen /etc/dxhub/keys/store\n"
             "  dxctl status --endpoint ipc:///run/dxhub/store-admin.sock\n"
             "  dxctl export --from 1 --org BTHFT --type staff_record --limit 10\n"
             "  dxctl indicators --endpoint ipc:///run/dxhub/aggregator-admin.sock --scope place --csv\n"
             "  dxctl conformance --endpoint tcp://test-hub:7401 --server-key keys/store.pub --key keys/acme-connector.secret\n"
             "  dxctl digest preview --endpoint ipc:///run/dxhub/digest-admin.sock --profile full -o /tmp/digest\n"
             "  dxctl digest send-now --endpoint ipc:///run/dxhub/digest-admin.sock --schedule monthly\n"
             "Exit codes (every subcommand): 0 ok; 1 the operation failed (the service did not answer or\n"
             "refused); 2 usage or configuration error (bad option or value, missing or malformed endpoint,\n"
             "unreadable key file).\n"
             "The endpoint may also come from the DXHUB_ENDPOINT environment variable.");

  Connection connection;
  if (const char* env = std::getenv("DXHUB_ENDPOINT")) connection.endpoint = env;
  auto add_connection = [&](CLI::App* sub) {
    sub->add_option("--endpoint", connection.endpoint,
                    "service endpoint: ipc:///path/admin.sock (local admin) or tcp://host:port");
    sub->add_option("--server-key", connection.server_key, "the store's public key file (for tcp://)");
    sub->add_option("--key", connection.key, "this admin's secret key file (for tcp://; mode 0600)");
  };

  std::string stem;
  bool overwrite = false;
  auto* keygen = app.add_subcommand("keygen", "generate a CurveZMQ key pair: <stem>.pub and <stem>.secret");
  keygen->add_option("stem", stem, "path without extension, e.g. keys/bthft-connector")->required();
  keygen->add_flag("--overwrite", overwrite, "replace an existing key pair");

  auto* status = app.add_subcommand("status", "store health, head sequence, events by org and type, dead letters");
  add_connection(status);

  ExportOptions export_options;
  uint64_t limit = 0;
  int follow_seconds = 0;
  auto add_export = [&](CLI::App* sub) {
    add_connection(sub);
    sub->add_option("--from", export_options.from_seq, "first sequence number (default 1)");
    sub->add_option("--limit", limit, "stop after this many events");
    sub->add_option("--org", export_options.org_ids, "only these organisations (repeatable)");
    sub->add_option("--type", export_options.event_types, "only these payload types, e.g. staff_record");
  };
  auto* exp = app.add_subcommand("export", "write events as NDJSON from a sequence number to stdout");
  add_export(exp);
  auto* tail = app.add_subcommand("tail", "like export, then keep printing new events as they are committed");
  add_export(tail);
  tail->add_option("--for", follow_seconds, "stop following after this many seconds");

  uint64_t from_id = 1;
  auto* dead = app.add_subcommand("dead-letters", "list rejected input kept for inspection, as NDJSON");
  add_connection(dead);
  dead->add_option("--from", from_id, "first dead-letter id (default 1)");

  IndicatorOptions indicator_options;
  auto* indicators = app.add_subcommand("indicators", "indicator cells from dxhub-aggregator (disclosure-controlled)");
  add_connection(indicators);
  indicators->add_option("--scope", indicator_options.scope, "an org id, or 'place' for all partners together");
  indicators->add_option("--date", indicator_options.census_date, "census date YYYY-MM-DD (quarter ends)");
  indicators->add_option("--family", indicator_options.family,
                         "representation, declaration, wres, progression, pay or targets");
  indicators->add_flag("--csv", indicator_options.csv, "CSV for spreadsheets");

  auto* review = app.add_subcommand("review", "peer-review cycles: open, close, status");
  review->require_subcommand(1);
  ReviewOpenOptions open_options;
  auto* review_open = review->add_subcommand("open", "open a peer-review cycle (a review_cycle event in the store)");
  add_connection(review_open);
  review_open->add_option("--cycle", open_options.cycle_id, "new cycle id, e.g. 2024-pilot")->required();
  review_open->add_option("--name", open_options.name, "name for people, e.g. \"2024 pilot\"");
  review_open->add_option("--framework", open_options.framework, "framework file (YAML); its version and SHA-256 are recorded")
      ->required();
  review_open->add_option("--census-date", open_options.census_date, "census date of the indicators, YYYY-MM-DD")
      ->required();
  review_open->add_option("--participants", open_options.participants, "participating org ids, comma-separated")
      ->delimiter(',')
      ->required();
  review_open->add_option("--pair", open_options.pairings, "REVIEWER:REVIEWED (repeatable), e.g. --pair BMDC:BTHFT");
  review_open->add_option("--today", open_options.today, "date of the event, YYYY-MM-DD (default today, UTC)");
  std::string review_cycle_id;
  std::string review_today;
  auto* review_close = review->add_subcommand("close", "close a cycle: nothing more is accepted; the report is final");
  add_connection(review_close);
  review_close->add_option("--cycle", review_cycle_id, "the cycle id")->required();
  review_close->add_option("--today", review_today, "date of the event, YYYY-MM-DD (default today, UTC)");
  auto* review_status = review->add_subcommand("status", "cycles, pairings, and which submissions have arrived");
  add_connection(review_status);
  review_status->add_option("--cycle", review_cycle_id, "only this cycle");

  BenchmarkOptions benchmark_options;
  auto* bench = app.add_subcommand("benchmark", "the peer-review benchmark report");
  bench->require_subcommand(1);
  auto* bench_report = bench->add_subcommand(
      "report", "report of a cycle (provisional while it is open), asked of dxhub-benchmark at --endpoint");
  add_connection(bench_report);
  bench_report->add_option("--cycle", benchmark_options.cycle_id, "the cycle id")->required();
  bench_report->add_option("--format", benchmark_options.format, "html, csv, json, or pb (the protobuf message)")
      ->capture_default_str();
  bench_report->add_option("-o,--out", benchmark_options.out, "write to this file instead of standard output");
  bench_report->footer("Example:\n  dxctl benchmark report --endpoint ipc:///run/dxhub/benchmark.sock --cycle 2024-pilot "
                       "--format html -o report.html");

  // conformance (issue 20): what a partner's connector would see, checked with the test vectors.
  ConformanceOptions conformance_options;
  auto* conformance = app.add_subcommand(
      "conformance", "send the contract's test vectors and invalid events with a connector key; report what came back");
  add_connection(conformance);
  conformance->add_option("--org", conformance_options.org_id,
                          "the org the key is registered for (default ACME, the vectors' own; ids are recomputed)");
  // digest (issue 17): asks the running dxhub-digest on its admin socket.
  DigestPreviewOptions digest_preview;
  std::string digest_schedule;
  auto* digest = app.add_subcommand("digest", "the scheduled digests, asked of the running dxhub-digest (admin socket)");
  digest->require_subcommand(1);
  auto* digest_preview_cmd = digest->add_subcommand("preview", "write a digest's files (made by the service) without sending it");
  add_connection(digest_preview_cmd);
  digest_preview_cmd->add_option("--profile", digest_preview.profile, "summary or full")->capture_default_str();
  digest_preview_cmd->add_option("-o,--out", digest_preview.out_dir, "folder for digest.html/.txt/.csv/.pdf and the charts");
  auto* digest_send = digest->add_subcommand(
      "send-now", "have the service send a schedule's digest now, archived and recorded like a scheduled one");
  add_connection(digest_send);
  digest_send->add_option("--schedule", digest_schedule, "the schedule id (as in the service's digest.yaml)")->required();
  digest->footer("--endpoint is dxhub-digest's admin socket (endpoints.admin in its digest.yaml); tcp is refused.\n"
                 "Examples:\n"
                 "  dxctl digest preview --endpoint ipc:///run/dxhub/digest-admin.sock --profile summary -o /tmp/digest\n"
                 "  dxctl digest send-now --endpoint ipc:///run/dxhub/digest-admin.sock --schedule monthly\n"
                 "  dxctl status --endpoint ipc:///run/dxhub/digest-admin.sock   # DEGRADED after a permanent failure");

  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;
  dxhub::InitCrypto();

  return dxhub::RunGuarded(app.get_name(), dxhub::kExitFailure, [&] {
    if (*keygen) return Keygen(stem, overwrite, std::cout, std::cerr);
    if (*conformance) {
      conformance_options.connection = connection;
      return Conformance(conformance_options, std::cout, std::cerr);
    }
    if (*status) return Status(connection, std::cout, std::cerr);
    if (*dead) return DeadLetters(connection, from_id, std::cout, std::cerr);
    if (*review_open) return ReviewOpen(connection, open_options, std::cout, std::cerr);
    if (*review_close) return ReviewClose(connection, review_cycle_id, review_today, std::cout, std::cerr);
    if (*review_status) return ReviewStatus(connection, review_cycle_id, std::cout, std::cerr);
    if (*bench_report) return BenchmarkReport(connection, benchmark_options, std::cout, std::cerr);
    if (*indicators) return Indicators(connection, indicator_options, std::cout, std::cerr);
    if (*digest_preview_cmd) {
      digest_preview.connection = connection;
      return DigestPreview(digest_preview, std::cout, std::cerr);
    }
    if (*digest_send) return DigestSendNow(connection, digest_schedule, std::cout, std::cerr);
    if (limit > 0) export_options.limit = limit;
    if (*tail) {
      export_options.follow = true;
      if (follow_seconds > 0) export_options.follow_seconds = follow_seconds;
    }
    return Export(connection, export_options, std::cout, std::cerr);
  });
}
