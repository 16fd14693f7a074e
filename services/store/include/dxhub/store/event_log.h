// The RocksDB event log: events by gap-free sequence number, the event-id
// index used for deduplication, dead letters, and per-org/type counters.
// Layout in docs/storage.md. One EventLog per store process, used by the
// store's single thread (Commit() may reopen the database after a start on a
// full disk, so reads must not run concurrently with it).
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/event/v1/event.pb.h"
#include "dxhub/kv/storage.h"
#include "dxhub/store/v1/store.pb.h"

namespace dxhub::store {

using dxhub::event::v1::StoredEvent;
using dxhub::store::v1::DeadLetter;

// Counter key: (org_id, payload type).
using CountKey = std::pair<std::string, std::string>;

// Everything one group commit writes, atomically and with one WAL sync.
struct CommitBatch {
  std::vector<StoredEvent> events;         // seq already assigned, contiguous from head+1
  // encoded[i] is events[i]'s encoding where the stager made it (the Ingestor
  // does, to publish the same bytes); Commit serialises the events past its end.
  std::vector<std::string> encoded;
  std::vector<DeadLetter> dead_letters;    // id already assigned, contiguous
  // Per-connector completeness tallies this batch changes (connector name ->
  // ConnectorStatus's encoding), written under `connector/<name>` in the same
  // write, so they are exactly as durable as the events they count.
  std::map<std::string, std::string> connector_tallies;
};

struct ReadFilter {
  std::vector<std::string> org_ids;
  std::vector<std::string> event_types;
  std::optional<int64_t> occurred_from_days;
  std::optional<int64_t> occurred_to_days;
};

// What the Ingestor needs of the event log. EventLog is the real one; tests
// wrap it to inject faults (a failed duplicate check, a failed commit).
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual uint64_t head_seq() const = 0;
  virtual uint64_t dead_letter_head() const = 0;
  // Sequence number under which `event_id` (64 hex) is stored, if it is.
  virtual Result<std::optional<uint64_t>> FindEventId(const std::string& event_id) const = 0;
  // The same for many ids at once: answer i is for event_ids[i]. By default
  // one FindEventId each; EventLog makes it one batched lookup.
  virtual std::vector<Result<std::optional<uint64_t>>> FindEventIds(
      const std::vector<std::string_view>& event_ids) const;
  // Writes the batch with the WAL synced; when it returns OK the batch is
  // durable and visible to readers. On error nothing of it is visible.
  virtual Status Commit(const CommitBatch& batch) = 0;
};

class EventLog : public EventSink {
 public:
  // Opens (creating if missing) the store under `dir`. On a disk too full to
  // open it for writing it opens read-only (read_only()); Commit() then
  // refuses as disk full until space returns, and reopens it by itself.
  static Result<std::unique_ptr<EventLog>> Open(const std::filesystem::path& dir, kv::StorageOptions storage = {});
  ~EventLog() override;

  uint64_t head_seq() const override { return head_seq_; }
  uint64_t dead_letter_head() const override { return dead_letter_head_; }
  const std::map<CountKey, uint64_t>& counts() const { return counts_; }
  // The connector tallies as last committed (ConnectorStatus::Restore reads them at start-up).
  const std::map<std::string, std::string>& connector_tallies() const { return connector_tallies_; }

  // Dead-letter retention (issue 19, failure 8): each Commit then drops the
  // oldest dead letters until at most `max_count` are kept and their stored
  // bytes are at most `max_bytes`. Ids are never reused; a read from a dropped
  // id starts at the oldest kept. Unbounded until set.
  void SetDeadLetterRetention(size_t max_count, size_t max_bytes);
  size_t dead_letters_kept() const { return dead_letter_sizes_.size(); }
  uint64_t dead_letter_bytes() const { return dead_letter_bytes_; }

  Result<std::optional<uint64_t>> FindEventId(const std::string& event_id) const override;
  std::vector<Result<std::optional<uint64_t>>> FindEventIds(
      const std::vector<std::string_view>& event_ids) const override;
  Status Commit(const CommitBatch& batch) override;

  // Events with seq >= from_seq matching `filter`, at most `max_events` and
  // `max_bytes` of encoded events (ReadReplyBytes; the first event is
  // returned whatever its size, so a read always moves on), scanning at most
  // `max_scan` entries. Returns the events and the next seq to read from: the
  // first one not returned.
  Status Read(uint64_t from_seq, size_t max_events, size_t max_scan, size_t max_bytes, const ReadFilter& filter,
              std::vector<StoredEvent>* out, uint64_t* next_seq) const;

  // The same read without a filter, as the fields of a ReadResponse holding
  // the events (read_wire.h: each event the bytes kept for it, which are its
  // StoredEvent encoding), appended to `*event_fields`; `*count` events.
  // An event is not parsed when its bytes start with its key's seq; one that
  // does not is parsed, and an error (Corruption) when it does not parse.
  Status ReadEncoded(uint64_t from_seq, size_t max_events, size_t max_bytes, std::string* event_fields,
                     size_t* count, uint64_t* next_seq) const;

  // Dead letters from `from_id`, at most `max_items` and `max_bytes` (the first one whatever its size).
  Status ReadDeadLetters(uint64_t from_id, size_t max_items, size_t max_bytes, std::vector<DeadLetter>* out,
                         uint64_t* next_id) const;

  // Disk space and the state of writing (free bytes, read-only, refusals).
  const kv::Storage& storage() const { return *storage_; }

 private:
  EventLog() = default;
  Status OpenDb(bool read_only_if_full);
  void CloseDb();
  Status ReopenIfSpaceReturned();
  Status LoadState();

  std::unique_ptr<kv::Storage> storage_;  // outlives db_
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* event_ids_ = nullptr;
  rocksdb::ColumnFamilyHandle* dead_letters_ = nullptr;
  uint64_t head_seq_ = 0;
  uint64_t dead_letter_head_ = 0;
  std::deque<std::pair<uint64_t, size_t>> dead_letter_sizes_;  // (id, stored bytes) of the kept ones, oldest first
  uint64_t dead_letter_bytes_ = 0;
  size_t max_dead_letters_ = SIZE_MAX;
  size_t max_dead_letter_bytes_ = SIZE_MAX;
  std::map<CountKey, uint64_t> counts_;
  std::map<std::string, std::string> connector_tallies_;
};

// What an entry of `encoded_bytes` adds to a reply's repeated field (the bytes,
// their tag and length prefix): the unit of a read's byte budget.
size_t ReadReplyBytes(size_t encoded_bytes);

// The encoding of `stored` made of `event_bytes`, bytes that parse to
// stored.event(): its seq and committed_at as protobuf serialises them, then
// the event field holding those bytes. Where they are the event's own
// serialisation this is protocol::Serialize(stored), byte for byte.
std::string StoredEventBytes(const StoredEvent& stored, std::string_view event_bytes);

// Big-endian fixed-width encoding: keys sort in numeric order.
std::string EncodeSeq(uint64_t seq);
uint64_t DecodeSeq(std::string_view bytes);

}  // namespace dxhub::store
