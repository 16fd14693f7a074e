// One partner site for the connector integration tests, laid out like
// deploy/demo.sh lays it out: keys/ (the store's public key, the
// connector's registered CURVE pair taken from the StoreProcess, a
// pseudonymisation secret known to the test), connectors/<ORG>.yaml, a source
// directory and a state directory, all under the store's temporary directory.
// Runs the real dxconnect binary, and reads back what the store holds with
// the service key. Owned by one test thread.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dxhub/connector/pseudonymiser.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/store/v1/store.pb.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {

// Settings a test varies; everything else is the BTHFT example's.
struct SiteConfig {
  std::string endpoint;                      // default: the store's ingest endpoint
  std::filesystem::path server_public_key;   // default: the store's public key file
  std::string publish_yaml = "  timeout_ms: 2000\n  max_backoff_ms: 1000\n";
  std::string guards_yaml = "  max_bad_row_share: 0.05\n  max_headcount_change: 0.25\n";
  std::string event_files_yaml;              // lines under source.event_files
  std::string values_yaml;                   // lines under values:
  bool drop_folder = false;                  // source.drop_folder
};

class ConnectorSite {
 public:
  ConnectorSite(const StoreProcess& store, const std::string& org = "BTHFT");

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path source_dir() const { return dir_ / "partners" / org_; }
  std::filesystem::path state_dir() const { return dir_ / "state" / org_; }
  std::filesystem::path config_path() const { return dir_ / "connectors" / (org_ + ".yaml"); }

  // A source file's name as the connector prints it (through the config's relative path).
  std::string SourceName(const std::string& file) const {
    return (dir_ / "connectors" / ".." / "partners" / org_ / file).string();
  }

  // Writes the ESR-profile config (call after the store has started once, so its port is known).
  void WriteConfig(const SiteConfig& settings = {});

  // `dxconnect <command> --config <this site's config> [extra...]`, to completion.
  CommandResult Dxconnect(const std::string& command, const std::vector<std::string>& extra = {});
  // `dxconnect run --once`, to completion.
  CommandResult RunOnce() { return Dxconnect("run", {"--once"}); }
  // `dxconnect run --once` in the background.
  std::unique_ptr<ChildProcess> StartRunOnce();

  // The person key the connector computes for a staff number.
  std::string PersonKey(const std::string& staff_number) const { return pseudonymiser_.Key("staff", staff_number); }

 private:
  std::filesystem::path NextOutputStem(const std::string& command);

  const StoreProcess& store_;
  std::string org_;
  std::filesystem::path dir_;
  connector::Pseudonymiser pseudonymiser_;
  int runs_ = 0;
};

// Every event the store holds, read with the service key.
std::vector<event::v1::StoredEvent> ReadStoredEvents(const StoreProcess& store);
// Every dead letter the store keeps.
std::vector<store::v1::DeadLetter> ReadDeadLetters(const StoreProcess& store);
// Payload type ("staff_record", ...) -> count.
std::map<std::string, uint64_t> CountByType(const std::vector<event::v1::StoredEvent>& events);
// The counts on a dxconnect "events to send:" line ("staff_record=200 ...").
std::map<std::string, uint64_t> EventsToSend(const std::string& output);
// The lines of `text` containing `needle`.
std::vector<std::string> LinesWith(const std::string& text, const std::string& needle);

}  // namespace dxhub::testing
