// The connector's durable local state (RocksDB under state_dir): the last
// snapshot of every person sent, the outbox of events not yet acknowledged
// by the hub, the ids of events already enqueued, the files already
// processed, and events the hub rejected (for the partner's log). Enqueue()
// writes new outbox entries and the snapshot they imply in one synced batch,
// so a crash leaves either both or neither, and refuses anything that would
// not parse back. Open() moves an entry that does not parse to the
// `quarantine` column family, with its family, key and why, so the connector
// carries on. A run too large to hold in memory is staged first (Stage():
// outbox entries past the committed tail, snapshot changes and sent ids in
// column families of their own) and committed by the next Enqueue(), or
// dropped by DiscardStaged() or by the next Open(). One process; one thread.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/kv/storage.h"

namespace dxhub::connector {

struct EnqueueBatch {
  std::vector<dxhub::event::v1::Event> events;
  std::map<std::string, dxhub::event::v1::StaffRecord> snapshot_puts;  // person_key -> record
  std::set<std::string> snapshot_deletes;
  std::vector<std::string> processed_files;  // file fingerprints
  std::optional<uint64_t> headcount;         // of the latest staff extract
  std::optional<dxhub::event::v1::Date> census;  // of the latest staff extract
  // Ids to record as enqueued without queuing anything: facts the hub already
  // holds under the keys of a rotated secret (dxconnect rotate-secret).
  std::vector<std::string> known_ids;
  // Pseudonymiser::Fingerprint() of the secret the batch was made with.
  std::optional<std::string> secret_fingerprint;
};

// One staged change to the snapshot: the person's new record, or nullopt when they left.
struct SnapshotChange {
  std::string key;
  std::optional<dxhub::event::v1::StaffRecord> record;
};

struct OutboxEntry {
  uint64_t id = 0;
  dxhub::event::v1::Event event;
};

// A state entry that did not parse, kept aside as it was found.
struct QuarantinedEntry {
  std::string family;          // where it was: "snapshot", "outbox" or "rejected"
  std::string key;             // its key there (bytes)
  std::string reason;          // why it was moved
  std::string quarantined_at;  // UTC, "2024-04-02T09:15:00Z"
  std::string value;           // its bytes, as found

  // The key as a person reads it: "#17" for outbox and rejected ids, the
  // person key for snapshot entries (bytes that are not UTF-8 as \xNN).
  std::string DisplayKey() const;
  // What quarantining it means for the partner, in one sentence.
  std::string Consequence() const;
};

struct StateCounts {
  uint64_t snapshot_people = 0;
  uint64_t outbox = 0;
  uint64_t rejected = 0;
  uint64_t quarantined = 0;
  uint64_t processed_files = 0;
};

class ConnectorState {
 public:
  static Result<std::unique_ptr<ConnectorState>> Open(const std::filesystem::path& dir);
  ~ConnectorState();

  Result<std::map<std::string, dxhub::event::v1::StaffRecord>> LoadSnapshot() const;
  // Calls `visit` for every person in the snapshot, in key order, with the
  // staged changes applied, one record at a time; stops at the first error
  // `visit` returns (and returns it).
  using SnapshotVisitor = std::function<Status(const std::string& key, const dxhub::event::v1::StaffRecord& record)>;
  Status WalkSnapshot(const SnapshotVisitor& visit) const;
  std::optional<uint64_t> last_headcount() const { return last_headcount_; }
  // The census date of the latest staff extract enqueued (a joiner's start date must be after it).
  std::optional<dxhub::event::v1::Date> last_census() const { return last_census_; }
  // The fingerprint of the pseudonymisation secret the state was written
  // with; nullopt for a state written before fingerprints were kept.
  const std::optional<std::string>& secret_fingerprint() const { return secret_fingerprint_; }
  bool WasProcessed(const std::string& fingerprint) const;
  // Enqueued before, or staged in this run.
  bool WasEnqueued(const std::string& event_id) const;

  // Stages a piece of a run: `events` after those staged before (outbox ids
  // from the committed tail on, which the publisher does not see) and
  // `changes` over the snapshot (WalkSnapshot() sees them). Not synced and not
  // committed: the next Enqueue() commits everything staged with its batch,
  // durably; DiscardStaged(), or an Open() after a crash, drops it all.
  // The caller has checked each event with protocol::RoundTripProblem (the
  // planner does, as it plans: a plan with one that would not read back is
  // refused) and each record is one of those events' records: unlike
  // Enqueue(), Stage() does not check them again (a third of a run's time).
  Status Stage(const std::vector<dxhub::event::v1::Event>& events, const std::vector<SnapshotChange>& changes);
  // Drops everything staged; the state is as the last Enqueue() left it.
  Status DiscardStaged();
  uint64_t staged_events() const { return staged_tail_ - outbox_tail_; }

  // Durable when it returns OK. Refuses the whole batch, writing nothing,
  // when an event or snapshot record would not parse back (e.g. a string
  // field that is not valid UTF-8). Commits what is staged with it: staged
  // events first, then the batch's; the batch's snapshot changes win over
  // staged ones. A crash while the staged snapshot changes are being applied
  // is finished by the next Open().
  Status Enqueue(const EnqueueBatch& batch);

  uint64_t outbox_size() const { return outbox_tail_ - outbox_head_; }
  // Up to `max` entries from the oldest, skipping ids below `from_id`.
  Status PeekOutbox(uint64_t from_id, size_t max, std::vector<OutboxEntry>* out) const;
  // Removes acknowledged entries; `rejected` (id, reason) are kept aside for inspection.
  Status Acknowledge(const std::vector<uint64_t>& done, const std::vector<std::pair<uint64_t, std::string>>& rejected);
  // Events the hub rejected: reason and the event.
  Status Rejected(std::vector<std::pair<std::string, dxhub::event::v1::Event>>* out) const;

  // Entries this Open() found unparseable and moved to quarantine (log each).
  const std::vector<QuarantinedEntry>& quarantined_on_open() const { return quarantined_on_open_; }
  // Every quarantined entry, oldest family/key order.
  Status Quarantined(std::vector<QuarantinedEntry>* out) const;
  Result<StateCounts> Counts() const;

 private:
  ConnectorState() = default;
  // Moves every entry of `cf` that `parses` refuses to quarantine.
  // Moves staged snapshot changes and sent ids into place, in pieces, then
  // clears the commit marker (synced). Idempotent: Open() redoes it after a crash.
  Status ApplyStaged();
  // Drops staged outbox entries (ids from `committed_tail`), snapshot changes and sent ids.
  Status DropStaged(uint64_t committed_tail);
  // Calls `each` on every entry of `cf` from key `from` on; `each` adds to
  // `wb`, which is written (not synced) whenever it holds a piece's entries.
  Status InPieces(rocksdb::ColumnFamilyHandle* cf, const std::string& from, const std::string& what,
                  rocksdb::WriteBatch* wb, const std::function<void(const rocksdb::Iterator&)>& each);
  Status QuarantineUnparseable(rocksdb::ColumnFamilyHandle* cf, const std::string& family,
                               bool (*parses)(std::string_view key, std::string_view value, std::string* why));

  std::unique_ptr<kv::Storage> storage_;  // outlives db_
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* snapshot_ = nullptr;
  rocksdb::ColumnFamilyHandle* outbox_ = nullptr;
  rocksdb::ColumnFamilyHandle* sent_ = nullptr;
  rocksdb::ColumnFamilyHandle* rejected_ = nullptr;
  rocksdb::ColumnFamilyHandle* quarantine_ = nullptr;
  rocksdb::ColumnFamilyHandle* staged_snapshot_ = nullptr;  // key -> 'P' + record, or 'D' (left)
  rocksdb::ColumnFamilyHandle* staged_sent_ = nullptr;      // event id -> ""
  std::vector<QuarantinedEntry> quarantined_on_open_;
  uint64_t outbox_head_ = 1;  // lowest id present
  uint64_t outbox_tail_ = 1;  // next id to assign; the publisher sees ids below it
  uint64_t staged_tail_ = 1;  // next id to stage (outbox_tail_ when nothing is staged)
  bool staged_changes_ = false;  // snapshot changes or sent ids staged
  std::optional<uint64_t> last_headcount_;
  std::optional<dxhub::event::v1::Date> last_census_;
  std::optional<std::string> secret_fingerprint_;
};

}  // namespace dxhub::connector
