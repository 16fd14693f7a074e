// dxctl: the dxhub admin command line.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

#include "dxhub/common/cli.h"
#include "dxhub/common/crypto.h"
#include "dxhub/dxctl/commands.h"

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

  if (auto code = dxhub::ParseCommandLine(app, argc, argv)) return *code;
  dxhub::InitCrypto();

  return dxhub::RunGuarded(app.get_name(), dxhub::kExitFailure, [&] {
    if (*keygen) return Keygen(stem, overwrite, std::cout, std::cerr);
    if (*status) return Status(connection, std::cout, std::cerr);
    if (*dead) return DeadLetters(connection, from_id, std::cout, std::cerr);
    if (*indicators) return Indicators(connection, indicator_options, std::cout, std::cerr);
    if (limit > 0) export_options.limit = limit;
    if (*tail) {
      export_options.follow = true;
      if (follow_seconds > 0) export_options.follow_seconds = follow_seconds;
    }
    return Export(connection, export_options, std::cout, std::cerr);
  });
}
