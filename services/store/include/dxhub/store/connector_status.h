// Per-connector data completeness for `stats` (issue 17): each connector's
// last successful batch, events accepted and rejected, and staleness. A batch
// is staged when its acks are made and counted only once the store has made
// it durable (Commit), so a failed commit counts nothing. The tallies a group
// commit changes are written in that commit's RocksDB batch (Encoded(), the
// event log's `connector/` keys, docs/storage.md) and read back at start-up
// (Restore), so a store restart keeps them. Owned by the store's thread; not
// thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/ingest/v1/ingest.pb.h"
#include "dxhub/mgmt/v1/mgmt.pb.h"

namespace dxhub::store {

class ConnectorStatus {
 public:
  using Clock = std::chrono::system_clock;

  // A batch from `connector` (the key's name) of organisation `org_id`, with its acks.
  void Stage(const std::string& connector, const std::string& org_id,
             const dxhub::ingest::v1::IngestResponse& acks);
  // The tallies of the connectors the staged batches touch, as they will be
  // once committed at `now`, encoded for the event log (connector -> bytes).
  std::map<std::string, std::string> Encoded(Clock::time_point now) const;
  // The staged batches are durable (at `now`): count them.
  void Commit(Clock::time_point now);
  // The staged batches were not made durable: forget them.
  void Discard() { staged_.clear(); }

  // Replaces the tallies with the ones the event log kept (connector -> bytes
  // from Encoded()); Corruption naming the connector if one does not decode.
  Status Restore(const std::map<std::string, std::string>& encoded);

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
  // Counts the staged batches into `tallies` at `now`.
  void Apply(std::map<std::string, Tally>& tallies, Clock::time_point now) const;
  static std::string Encode(const Tally& t);
  static bool Decode(std::string_view bytes, Tally* t);

  std::vector<Staged> staged_;
  std::map<std::string, Tally> connectors_;
};

}  // namespace dxhub::store
