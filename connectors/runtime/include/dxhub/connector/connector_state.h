// The connector's durable local state (RocksDB under state_dir): the last
// snapshot of every person sent, the outbox of events not yet acknowledged
// by the hub, the ids of events already enqueued, the files already
// processed, and events the hub rejected (for the partner's log). Enqueue()
// writes new outbox entries and the snapshot they imply in one synced batch,
// so a crash leaves either both or neither. One process; one thread.
#pragma once

#include <rocksdb/db.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/event/v1/event.pb.h"

namespace dxhub::connector {

struct EnqueueBatch {
  std::vector<dxhub::event::v1::Event> events;
  std::map<std::string, dxhub::event::v1::StaffRecord> snapshot_puts;  // person_key -> record
  std::set<std::string> snapshot_deletes;
  std::vector<std::string> processed_files;  // file fingerprints
  std::optional<uint64_t> headcount;         // of the latest staff extract
  std::optional<dxhub::event::v1::Date> census;  // of the latest staff extract
};

struct OutboxEntry {
  uint64_t id = 0;
  dxhub::event::v1::Event event;
};

class ConnectorState {
 public:
  static Result<std::unique_ptr<ConnectorState>> Open(const std::filesystem::path& dir);
  ~ConnectorState();

  Result<std::map<std::string, dxhub::event::v1::StaffRecord>> LoadSnapshot() const;
  std::optional<uint64_t> last_headcount() const { return last_headcount_; }
  // The census date of the latest staff extract enqueued (a joiner's start date must be after it).
  std::optional<dxhub::event::v1::Date> last_census() const { return last_census_; }
  bool WasProcessed(const std::string& fingerprint) const;
  bool WasEnqueued(const std::string& event_id) const;

  // Durable when it returns OK.
  Status Enqueue(const EnqueueBatch& batch);

  uint64_t outbox_size() const { return outbox_tail_ - outbox_head_; }
  // Up to `max` entries from the oldest, skipping ids below `from_id`.
  Status PeekOutbox(uint64_t from_id, size_t max, std::vector<OutboxEntry>* out) const;
  // Removes acknowledged entries; `rejected` (id, reason) are kept aside for inspection.
  Status Acknowledge(const std::vector<uint64_t>& done, const std::vector<std::pair<uint64_t, std::string>>& rejected);
  // Events the hub rejected: reason and the event.
  Status Rejected(std::vector<std::pair<std::string, dxhub::event::v1::Event>>* out) const;

 private:
  ConnectorState() = default;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* snapshot_ = nullptr;
  rocksdb::ColumnFamilyHandle* outbox_ = nullptr;
  rocksdb::ColumnFamilyHandle* sent_ = nullptr;
  rocksdb::ColumnFamilyHandle* rejected_ = nullptr;
  uint64_t outbox_head_ = 1;  // lowest id present
  uint64_t outbox_tail_ = 1;  // next id to assign
  std::optional<uint64_t> last_headcount_;
  std::optional<dxhub::event::v1::Date> last_census_;
};

}  // namespace dxhub::connector
