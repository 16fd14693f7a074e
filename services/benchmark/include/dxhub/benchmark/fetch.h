// Gathers a benchmark's inputs over the services' APIs: the cycle's events
// from the store's read API (review_cycle, self_assessment, peer_review) and
// the indicator cubes at the cycle's census date from the aggregator's query
// API (already disclosure-controlled; never recomputed here). Also the
// cycle helpers dxctl uses to open and close cycles. One thread.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "dxhub/benchmark/report.h"
#include "dxhub/client/store_client.h"

namespace dxhub::benchmark {

// Every stored review_cycle, self_assessment and peer_review event, in seq order,
// and the store's head seq.
Status ReadReviewEvents(client::StoreClient& store, std::vector<dxhub::event::v1::StoredEvent>* events,
                        uint64_t* head_seq);

// The latest state of `cycle_id` among `events`, or nullptr.
const dxhub::event::v1::StoredEvent* LatestCycle(const std::vector<dxhub::event::v1::StoredEvent>& events,
                                                 const std::string& cycle_id);

// Reads events and cubes and builds the report of `cycle_id` with the
// framework version the cycle recorded (NotFound when `frameworks`
// lacks it).
Result<BenchmarkReport> Produce(client::StoreClient& store, client::StoreClient& aggregator,
                                const FrameworkSet& frameworks, const std::string& cycle_id);

// A review_cycle event (org "HUB", connector "dxctl"), with its event id.
dxhub::event::v1::Event CycleEvent(const dxhub::event::v1::ReviewCycle& cycle, const dxhub::event::v1::Date& on);

}  // namespace dxhub::benchmark
