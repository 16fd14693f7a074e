// Runs the real dxhub-aggregator binary against a StoreProcess for
// integration tests (a ServiceProcess: keys, shared config lines, start,
// SIGKILL, calls): its own data directory, the store's endpoints and a
// service key, and the indicator settings. Owned by one test thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/client/store_client.h"
#include "dxhub/common/keys.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/testing/service_process.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::testing {

class AggregatorProcess : public ServiceProcess {
 public:
  // `indicators_yaml`, when not empty, is written verbatim under a top-level
  // `indicators:` key (its lines indented by two spaces), e.g. to set
  // disclosure thresholds.
  AggregatorProcess(const StoreProcess& store, const std::string& name, const std::string& indicators_yaml = "");

  // The stats reply's counters by name (through the admin socket, within `timeout`).
  std::map<std::string, int64_t> StatsCounters(std::chrono::milliseconds timeout = kQueryTimeout);
  uint64_t AppliedSeq();
  // Polls (bounded by `deadline`) until the applied seq reaches `seq`.
  bool WaitApplied(uint64_t seq, std::chrono::seconds deadline = std::chrono::seconds(60));
  // Waits until `seq` is applied and the cubes are refreshed (stats: applied_seq,
  // cubes_dirty 0); the last refresh's length in ms, or nullopt at the deadline.
  std::optional<uint64_t> WaitRefreshed(uint64_t seq, std::chrono::seconds deadline = std::chrono::seconds(60));
  // The cube digest once the cubes are current: a query that finds them being
  // refreshed is told to ask again (UNAVAILABLE) and is asked again, within
  // `limit` (a refresh after a million events takes a while on a loaded machine).
  std::string Digest(std::chrono::milliseconds limit = std::chrono::seconds(60));
};

// A deterministic mixed history for BTHFT and BMDC: joins, promotions,
// leavers, training, disciplinary cases, some backdated; `count` events.
std::vector<event::v1::Event> MixedHistory(uint64_t first, uint64_t count);

// Sends `events` to the store as BTHFT/BMDC connectors in batches; asserts acknowledgement.
void IngestAll(const StoreProcess& store, const std::vector<event::v1::Event>& events);

}  // namespace dxhub::testing
