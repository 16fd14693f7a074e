// Load for the store: real envelopes sent by several dxbench-load processes
// (one per organisation, each with that organisation's connector key) over
// CurveZMQ/TCP loopback, in batches with a window of batches in flight,
// either as fast as the store acknowledges or paced at a fixed rate; every
// batch's acknowledgement latency is measured from its send to its durable
// acknowledgement. The parent side (RunLoad) and the worker's body
// (RunLoadWorker, dxbench-load's main) live here together. One thread each.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dxhub/event/v1/event.pb.h"
#include "dxhub/testing/store_process.h"

namespace dxhub::bench {

struct LoadOptions {
  double events_per_second = 0;  // all workers together; 0 = as fast as acknowledged
  int batch_events = 1000;
  int window = 8;                // batches in flight per worker
};

struct LoadResult {
  bool ok = false;                  // every worker finished and no batch failed
  uint64_t events = 0;              // sent and acknowledged (accepted or duplicate)
  uint64_t rejected = 0;
  double seconds = 0;               // from the first send to the last acknowledgement
  std::vector<double> latencies_ms; // one per batch
  double rate() const { return seconds > 0 ? static_cast<double>(events) / seconds : 0; }
};

// Sends `events` to `store`: one dxbench-load process per organisation among
// them, started together; paced workers share the rate in proportion to their
// events so that they finish together. Files go under `work`.
LoadResult RunLoad(const testing::StoreProcess& store, const std::vector<event::v1::Event>& events,
                   const LoadOptions& options, const std::filesystem::path& work);

// Length-prefixed (4 bytes, little-endian) serialized Events.
bool WriteEnvelopes(const std::filesystem::path& path, const std::vector<event::v1::Event>& events);
bool ReadEnvelopes(const std::filesystem::path& path, std::vector<event::v1::Event>* events);

struct LoadWorkerArgs {
  std::filesystem::path envelopes;
  std::filesystem::path keys;    // endpoint, server public key, public key, secret key: one a line
  std::filesystem::path result;  // written at the end (see load.cc)
  double events_per_second = 0;
  int batch_events = 1000;
  int window = 8;
  int64_t start_at_ns = 0;       // steady clock; the first send waits for it
};

// The worker: returns 0 when every batch was acknowledged, 1 otherwise (printed).
int RunLoadWorker(const LoadWorkerArgs& args);

}  // namespace dxhub::bench
