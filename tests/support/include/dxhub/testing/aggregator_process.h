// Runs the real dxhub-aggregator binary against a StoreProcess for
// integration tests: writes its keys and config (tcp://127.0.0.1:* query
// port, an ipc:// admin socket, its own data directory), starts it, waits for
// its ready file, SIGKILLs and restarts it, and queries it through the admin
// socket or over CURVE with a registered service key. Owned by one test thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/client/store_client.h"
#include "dxhub/common/keys.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {

inline constexpr std::chrono::milliseconds kQueryTimeout{15000};

class AggregatorProcess {
 public:
  // `indicators_yaml`, when not empty, is written verbatim under a top-level
  // `indicators:` key (its lines indented by two spaces), e.g. to set
  // disclosure thresholds.
  AggregatorProcess(const StoreProcess& store, const std::string& name, const std::string& indicators_yaml = "");
  ~AggregatorProcess();

  void Start(const std::vector<std::string>& extra_args = {});
  void Kill();
  bool running() const { return child_ && child_->running(); }

  // One call through the admin ipc socket (or over CURVE tcp with the query key).
  wire::v1::Reply Call(wire::v1::Request request, bool over_tcp = false);
  uint64_t AppliedSeq();
  // Polls (bounded by `deadline`) until the applied seq reaches `seq`.
  bool WaitApplied(uint64_t seq, std::chrono::seconds deadline = std::chrono::seconds(60));
  std::string Digest();

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path config_path() const { return dir_ / "aggregator.yaml"; }
  std::filesystem::path log_path() const { return dir_ / "aggregator.log"; }

 private:
  std::filesystem::path dir_;
  CurveKeyPair server_;
  CurveKeyPair query_client_;
  std::string query_endpoint_ = "tcp://127.0.0.1:*";
  std::optional<ChildProcess> child_;  // stdout and stderr appended to log_path()
  zmq::context_t context_{1};
};

// A deterministic mixed history for BTHFT and BMDC: joins, promotions,
// leavers, training, disciplinary cases, some backdated; `count` events.
std::vector<event::v1::Event> MixedHistory(uint64_t first, uint64_t count);

// Sends `events` to the store as BTHFT/BMDC connectors in batches; asserts acknowledgement.
void IngestAll(const StoreProcess& store, const std::vector<event::v1::Event>& events);

}  // namespace dxhub::testing
