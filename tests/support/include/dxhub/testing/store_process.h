// Runs the real dxhub-store binary for integration tests: makes a temporary
// directory with fresh CURVE keys (store, connectors per org, a service and
// an admin key) and a config binding tcp://127.0.0.1:* ports, starts the
// process, waits for its ready file, and can SIGKILL, SIGTERM and restart it
// on the same ports. Owned by one test thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/client/store_client.h"
#include "dxhub/common/keys.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/testing/child_process.h"

namespace dxhub::testing {

struct StoreProcessOptions {
  std::vector<std::string> connector_orgs = {"BTHFT", "BMDC"};
  std::string extra_limits_yaml;  // lines under `limits:`, each indented by two spaces
  int64_t max_events_per_second = 10000000;
  std::string log_level = "info";
  int open_file_limit = 0;  // > 0: started under prlimit with this soft and hard RLIMIT_NOFILE
  std::chrono::seconds ready_timeout{20};  // how long Start() waits for the store to serve
  std::string bind_host = "127.0.0.1";     // the address ingest and publish bind (e.g. a veth's)
};

class StoreProcess {
 public:
  explicit StoreProcess(StoreProcessOptions options = {});
  ~StoreProcess();

  // Starts the store and waits (up to options.ready_timeout) for it to serve.
  void Start();
  // SIGKILL and reap.
  void Kill();
  // SIGTERM and wait for a clean exit; returns the exit code.
  int Terminate();
  bool running() const { return child_ && child_->running(); }
  // The store's process id while it runs (-1 otherwise).
  pid_t pid() const { return child_ ? child_->pid() : -1; }

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path config_path() const { return dir_ / "store.yaml"; }
  std::filesystem::path log_path() const { return dir_ / "store.log"; }
  std::string ingest_endpoint() const { return ingest_; }
  std::string publish_endpoint() const { return publish_; }
  std::string admin_endpoint() const { return "ipc://" + (dir_ / "run" / "admin.sock").string(); }

  // Client endpoints carrying the keys of a registered principal.
  client::Endpoint ConnectorEndpoint(const std::string& org) const;
  client::Endpoint ServiceEndpoint() const;
  client::Endpoint EndpointWithKeys(const CurveKeyPair& keys) const;
  client::Endpoint AdminEndpoint() const { return {admin_endpoint(), "", "", ""}; }
  const CurveKeyPair& server_keys() const { return server_; }

 private:
  void WriteConfig();

  StoreProcessOptions options_;
  std::filesystem::path dir_;
  CurveKeyPair server_;
  std::map<std::string, CurveKeyPair> connectors_;
  CurveKeyPair service_;
  std::optional<ChildProcess> child_;  // stdout and stderr appended to log_path()
  std::string ingest_;   // tcp://<bind_host>:* until the first start fixes the ports
  std::string publish_;
};

// Every event the store holds, read from seq 1 to the head through `client`
// (a service or admin endpoint); a failed read fails the test.
std::vector<event::v1::StoredEvent> ReadAllEvents(client::StoreClient& client);

// Calls `each` for every event the store holds, in chunks read from seq 1 to
// the head through `client` (without holding them all); a failed read fails
// the test. Returns false when a read failed.
bool ForEachStoredEvent(client::StoreClient& client, const std::function<void(const event::v1::StoredEvent&)>& each);

// The store's head sequence number (its admin `stats`, through `admin` or the
// store's admin endpoint), or nullopt when it does not answer within `timeout`.
std::optional<uint64_t> StoreHeadSeq(client::StoreClient& admin,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(5));
std::optional<uint64_t> StoreHeadSeq(const StoreProcess& store,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Path of a built binary: in $DXHUB_BIN_DIR when it is set (to run a
// benchmark against another build's programs), else in bin/ of the build tree.
std::filesystem::path BinaryPath(const std::string& name);

}  // namespace dxhub::testing
