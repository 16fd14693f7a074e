// Per-connector data completeness for `stats` (issue 17): each connector's
// last successful batch, events accepted and rejected, and staleness. A batch
// is staged when its acks are made and counted only once the store has made
// it durable (Commit), so a failed commit counts nothing. Kept in memory since
// the store started. Owned by the store's thread; not thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "dxhub/ingest/v1/ingest.pb.h"
#include "dxhub/mgmt/v1/mgmt.pb.h"

namespace dxhub::store {

class ConnectorStatus {
 public:
  using Clock = std::chrono::system_clock;

  // A batch from `connector` (the key's name) of organisation `org_id`, with its acks.
  void Stage(const std::string& connector, const std::string& org_id,
             const dxhub::ingest::v1::IngestResponse& acks);
  // The staged batches are durable (at `now`): count them.
  void Commit(Clock::time_point now);
  // The staged batches were not made durable: forget them.
  void Discard() { staged_.clear(); }

  // Adds, per connector (labels connector, org): connector_accepted_total,
  // connector_rejected_total, connector_last_batch_unix (seconds; a batch with
  // at least one event accepted or already stored) and connector_staleness_seconds
  // (now minus that; absent until a batch succeeded).
  void AddTo(dxhub::mgmt::v1::StatsResponse* stats, Clock::time_point now) const;

 private:
  struct Tally {
    std::string org_id;
    int64_t accepted = 0;
    int64_t rejected = 0;
    bool succeeded = false;
    Clock::time_point last_batch{};
  };
  struct Staged {
    std::string connector;
    std::string org_id;
    int64_t accepted = 0;
    int64_t duplicates = 0;
    int64_t rejected = 0;
  };
  std::vector<Staged> staged_;
  std::map<std::string, Tally> connectors_;
};

}  // namespace dxhub::store
