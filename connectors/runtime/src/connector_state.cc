#include "dxhub/connector/connector_state.h"

#include <google/protobuf/stubs/logging.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <chrono>
#include <ctime>

#include "dxhub/common/utf8.h"
#include "dxhub/kv/rocks_util.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/round_trip.h"

namespace dxhub::connector {
namespace {

using kv::DecodeBe64;
using kv::EncodeBe64;
using kv::FromRocks;

constexpr char kHeadcount[] = "headcount";
constexpr char kCensus[] = "census";
constexpr char kProcessed[] = "processed/";
constexpr char kProcessedMapping[] = "processed/mapping:";
constexpr char kOutboxTail[] = "outbox_tail";
// Present while staged snapshot changes and sent ids are being moved into
// place: the commit is decided, Open() finishes it.
constexpr char kStagedCommit[] = "staged_commit";
constexpr size_t kStagedPieceEntries = 10000;
constexpr size_t kMemtableBytes = 8 << 20;       // per column family (RocksDB's default: 64 MiB)
constexpr size_t kAllMemtablesBytes = 32 << 20;  // all families together  // entries per write when moving or dropping staged ones

// A staged snapshot change as stored: 'P' + the record, or 'D' for a leaver.
std::string StagedValue(const std::optional<dxhub::event::v1::StaffRecord>& record) {
  return record ? "P" + record->SerializeAsString() : std::string("D");
}

// Length-prefixed fields (8-byte big-endian length, then the bytes), followed
// by one last field unprefixed: the value of a rejected entry (reason; the
// event) and of a quarantine entry (family, key, reason, time; the bytes).
std::string Pack(std::initializer_list<std::string_view> fields) {
  std::string out;
  for (auto f : fields) out += EncodeBe64(f.size()) + std::string(f);
  return out;
}

// The `count` prefixed fields of `packed`, then the rest; nullopt when cut short.
std::optional<std::vector<std::string>> Unpack(std::string_view packed, size_t count) {
  std::vector<std::string> fields;
  for (size_t i = 0; i < count; ++i) {
    if (packed.size() < 8) return std::nullopt;
    const uint64_t n = DecodeBe64(packed.substr(0, 8));
    if (n > packed.size() - 8) return std::nullopt;
    fields.emplace_back(packed.substr(8, n));
    packed.remove_prefix(8 + n);
  }
  fields.emplace_back(packed);
  return fields;
}

bool SnapshotParses(std::string_view, std::string_view value, std::string* why) {
  dxhub::event::v1::StaffRecord r;
  if (r.ParseFromArray(value.data(), static_cast<int>(value.size()))) return true;
  *why = "does not parse as a staff record (" + std::to_string(value.size()) + " bytes)";
  return false;
}

bool OutboxParses(std::string_view key, std::string_view value, std::string* why) {
  dxhub::event::v1::Event e;
  if (key.size() != 8) {
    *why = "the key is not an 8-byte outbox id";
  } else if (!e.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    *why = "does not parse as an event (" + std::to_string(value.size()) + " bytes)";
  } else {
    return true;
  }
  return false;
}

bool RejectedParses(std::string_view key, std::string_view value, std::string* why) {
  auto fields = Unpack(value, 1);
  if (key.size() != 8 || !fields) {
    *why = "is not a rejected-event record (reason and event)";
    return false;
  }
  return OutboxParses(key, (*fields)[1], why);
}

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
constexpr char kSecretFingerprint[] = "secret_fingerprint";

}  // namespace

std::string QuarantinedEntry::DisplayKey() const {
  if (family != "snapshot" && key.size() == 8) return "#" + std::to_string(DecodeBe64(key));
  return Utf8Escaped(key);
}

std::string QuarantinedEntry::Consequence() const {
  if (family == "snapshot") {
    return "This person is no longer in the connector's snapshot: the next staff extract that lists them sends them "
           "as a join, and if they have left, no leaver is sent for them";
  }
  if (family == "outbox") {
    return "This event was not sent to the hub and will not be rebuilt from the source; tell the hub admin (the "
           "preview shows what it held)";
  }
  return "Only the local copy of an event the hub rejected is affected; nothing is lost at the hub";
}

Result<std::unique_ptr<ConnectorState>> ConnectorState::Open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  // A whole run passes through here (staged, then sent and deleted): memtables
  // of a fixed size, flushed beyond it, whatever the size of the run.
  rocksdb::ColumnFamilyOptions family;
  family.write_buffer_size = kMemtableBytes;
  // The sent ids are looked up once per event planned, nearly always missing:
  // bloom filters answer a miss without searching the memtable or a table file.
  rocksdb::ColumnFamilyOptions ids = family;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  ids.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  ids.memtable_whole_key_filtering = true;
  ids.memtable_prefix_bloom_size_ratio = 0.1;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {"default", family},  {"snapshot", family},   {"outbox", family},          {"sent", ids},
      {"rejected", family}, {"quarantine", family}, {"staged_snapshot", family}, {"staged_sent", ids}};
  std::unique_ptr<ConnectorState> state(new ConnectorState());
  state->storage_ = std::make_unique<kv::Storage>(dir, kv::StorageOptions::For("connector"));
  rocksdb::Options options = state->storage_->DbOptions();
  options.db_write_buffer_size = kAllMemtablesBytes;
  Status opened = state->storage_->Open(options, families, /*read_only_if_full=*/false, &state->handles_, &state->db_);
  if (opened.code() == StatusCode::kIoError) {
    return Status::IoError("cannot open the connector state: " + opened.message() +
                           " (is another dxconnect running with this state_dir?)");
  }
  DXHUB_RETURN_IF_ERROR(opened);
  rocksdb::DB* raw = state->db_.get();
  state->meta_ = state->handles_[0];
  state->snapshot_ = state->handles_[1];
  state->outbox_ = state->handles_[2];
  state->sent_ = state->handles_[3];
  state->rejected_ = state->handles_[4];
  state->quarantine_ = state->handles_[5];
  state->staged_snapshot_ = state->handles_[6];
  state->staged_sent_ = state->handles_[7];
  // What a run staged and did not commit is dropped; a commit a crash cut
  // short is finished.
  std::string committed_tail;
  const bool has_tail = raw->Get(rocksdb::ReadOptions(), state->meta_, kOutboxTail, &committed_tail).ok();
  std::string marker;
  if (raw->Get(rocksdb::ReadOptions(), state->meta_, kStagedCommit, &marker).ok()) {
    DXHUB_RETURN_IF_ERROR(state->ApplyStaged());
  } else {
    DXHUB_RETURN_IF_ERROR(state->DropStaged(has_tail ? DecodeBe64(committed_tail) : UINT64_MAX));
  }
  DXHUB_RETURN_IF_ERROR(state->QuarantineUnparseable(state->snapshot_, "snapshot", &SnapshotParses));
  DXHUB_RETURN_IF_ERROR(state->QuarantineUnparseable(state->outbox_, "outbox", &OutboxParses));
  DXHUB_RETURN_IF_ERROR(state->QuarantineUnparseable(state->rejected_, "rejected", &RejectedParses));
  // Enqueue() records the tail, so ids are never reused, even of quarantined entries.
  std::string tail;
  if (raw->Get(rocksdb::ReadOptions(), state->meta_, kOutboxTail, &tail).ok()) {
    state->outbox_head_ = state->outbox_tail_ = DecodeBe64(tail);
  }
  std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions(), state->outbox_));
  it->SeekToFirst();
  if (it->Valid()) {
    state->outbox_head_ = DecodeBe64(it->key().ToStringView());
    it->SeekToLast();
    state->outbox_tail_ = std::max(state->outbox_tail_, DecodeBe64(it->key().ToStringView()) + 1);
  }
  state->staged_tail_ = state->outbox_tail_;
  std::string headcount;
  if (raw->Get(rocksdb::ReadOptions(), state->meta_, kHeadcount, &headcount).ok()) {
    state->last_headcount_ = DecodeBe64(headcount);
  }
  std::string census;
  if (raw->Get(rocksdb::ReadOptions(), state->meta_, kCensus, &census).ok()) {
    dxhub::event::v1::Date d;
    if (d.ParseFromString(census)) state->last_census_ = d;
  }
  std::string fingerprint;
  if (raw->Get(rocksdb::ReadOptions(), state->meta_, kSecretFingerprint, &fingerprint).ok()) {
    state->secret_fingerprint_ = fingerprint;
  }
  return state;
}

ConnectorState::~ConnectorState() {
  if (db_) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
  }
}

Result<std::map<std::string, dxhub::event::v1::StaffRecord>> ConnectorState::LoadSnapshot() const {
  std::map<std::string, dxhub::event::v1::StaffRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), snapshot_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    dxhub::event::v1::StaffRecord r;
    if (!r.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("connector snapshot entry " + Utf8Escaped(it->key().ToString()) +
                                " stopped parsing while dxconnect ran; run it again: on start it moves such entries "
                                "to quarantine (see 'dxconnect state --quarantine')");
    }
    out.emplace(it->key().ToString(), std::move(r));
  }
  DXHUB_RETURN_IF_ERROR(FromRocks(it->status(), "reading the snapshot"));
  return out;
}

Status ConnectorState::WalkSnapshot(const SnapshotVisitor& visit) const {
  std::unique_ptr<rocksdb::Iterator> base(db_->NewIterator(rocksdb::ReadOptions(), snapshot_));
  std::unique_ptr<rocksdb::Iterator> staged(db_->NewIterator(rocksdb::ReadOptions(), staged_snapshot_));
  base->SeekToFirst();
  staged->SeekToFirst();
  dxhub::event::v1::StaffRecord record;
  auto parse = [&](std::string_view bytes, const rocksdb::Slice& key) -> Status {
    if (record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return Status::Ok();
    return Status::Corruption("connector snapshot entry " + Utf8Escaped(key.ToString()) +
                              " stopped parsing while dxconnect ran; run it again: on start it moves such entries "
                              "to quarantine (see 'dxconnect state --quarantine')");
  };
  while (base->Valid() || staged->Valid()) {
    const int order = !base->Valid() ? 1 : !staged->Valid() ? -1 : base->key().compare(staged->key());
    if (order < 0) {  // not changed in this run
      DXHUB_RETURN_IF_ERROR(parse(base->value().ToStringView(), base->key()));
      DXHUB_RETURN_IF_ERROR(visit(base->key().ToString(), record));
      base->Next();
      continue;
    }
    const std::string_view value = staged->value().ToStringView();
    if (!value.empty() && value.front() == 'P') {  // staged wins over the snapshot
      DXHUB_RETURN_IF_ERROR(parse(value.substr(1), staged->key()));
      DXHUB_RETURN_IF_ERROR(visit(staged->key().ToString(), record));
    }
    if (order == 0) base->Next();
    staged->Next();
  }
  DXHUB_RETURN_IF_ERROR(FromRocks(base->status(), "reading the snapshot"));
  return FromRocks(staged->status(), "reading the staged snapshot changes");
}

bool ConnectorState::WasProcessed(const std::string& fingerprint) const {
  std::string v;
  return db_->Get(rocksdb::ReadOptions(), meta_, kProcessed + fingerprint, &v).ok();
}

bool ConnectorState::WasEnqueued(const std::string& event_id) const {
  std::string v;
  if (db_->Get(rocksdb::ReadOptions(), sent_, event_id, &v).ok()) return true;
  return staged_changes_ && db_->Get(rocksdb::ReadOptions(), staged_sent_, event_id, &v).ok();
}

Status ConnectorState::Stage(const std::vector<dxhub::event::v1::Event>& events,
                             const std::vector<SnapshotChange>& changes) {
  rocksdb::WriteBatch wb;
  uint64_t tail = staged_tail_;
  for (const auto& e : events) {
    wb.Put(outbox_, EncodeBe64(tail++), e.SerializeAsString());
    wb.Put(staged_sent_, e.event_id(), "");
  }
  for (const auto& c : changes) wb.Put(staged_snapshot_, c.key, StagedValue(c.record));
  // The committed tail, so that an Open() after a crash knows which entries were only staged.
  wb.Put(meta_, kOutboxTail, EncodeBe64(outbox_tail_));
  DXHUB_RETURN_IF_ERROR(storage_->Write(db_.get(), rocksdb::WriteOptions(), &wb, "staging the run"));
  staged_tail_ = tail;
  staged_changes_ = true;
  return Status::Ok();
}

Status ConnectorState::DiscardStaged() {
  DXHUB_RETURN_IF_ERROR(DropStaged(outbox_tail_));
  staged_tail_ = outbox_tail_;
  return Status::Ok();
}

Status ConnectorState::InPieces(rocksdb::ColumnFamilyHandle* cf, const std::string& from, const std::string& what,
                                rocksdb::WriteBatch* wb, const std::function<void(const rocksdb::Iterator&)>& each) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->Seek(from); it->Valid(); it->Next()) {
    each(*it);
    if (wb->Count() < kStagedPieceEntries) continue;
    DXHUB_RETURN_IF_ERROR(storage_->Write(db_.get(), rocksdb::WriteOptions(), wb, what));
    wb->Clear();
  }
  return FromRocks(it->status(), what);
}

Status ConnectorState::DropStaged(uint64_t committed_tail) {
  const std::string what = "dropping staged entries";
  rocksdb::WriteBatch wb;
  auto drop = [&](rocksdb::ColumnFamilyHandle* cf, const std::string& from) {
    return InPieces(cf, from, what, &wb, [&](const rocksdb::Iterator& it) { wb.Delete(cf, it.key()); });
  };
  if (committed_tail != UINT64_MAX) DXHUB_RETURN_IF_ERROR(drop(outbox_, EncodeBe64(committed_tail)));
  DXHUB_RETURN_IF_ERROR(drop(staged_snapshot_, ""));
  DXHUB_RETURN_IF_ERROR(drop(staged_sent_, ""));
  if (wb.Count() > 0) DXHUB_RETURN_IF_ERROR(storage_->Write(db_.get(), rocksdb::WriteOptions(), &wb, what));
  staged_changes_ = false;
  return Status::Ok();
}

Status ConnectorState::ApplyStaged() {
  const std::string what = "committing staged entries";
  rocksdb::WriteBatch wb;
  DXHUB_RETURN_IF_ERROR(InPieces(staged_snapshot_, "", what, &wb, [&](const rocksdb::Iterator& it) {
    const std::string_view value = it.value().ToStringView();
    if (!value.empty() && value.front() == 'P') {
      wb.Put(snapshot_, it.key(), rocksdb::Slice(value.data() + 1, value.size() - 1));
    } else {
      wb.Delete(snapshot_, it.key());
    }
    wb.Delete(staged_snapshot_, it.key());
  }));
  DXHUB_RETURN_IF_ERROR(InPieces(staged_sent_, "", what, &wb, [&](const rocksdb::Iterator& it) {
    wb.Put(sent_, it.key(), "");
    wb.Delete(staged_sent_, it.key());
  }));
  wb.Delete(meta_, kStagedCommit);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  DXHUB_RETURN_IF_ERROR(storage_->Write(db_.get(), wo, &wb, what));
  staged_changes_ = false;
  return Status::Ok();
}

Status ConnectorState::Enqueue(const EnqueueBatch& batch) {
  // Nothing that cannot be read back is ever written.
  for (const auto& e : batch.events) {
    if (auto problem = protocol::RoundTripProblem(e)) {
      return Status::InvalidArgument("refused to write the outbox: the " + protocol::PayloadType(e) + " event " +
                                     e.event_id().substr(0, 12) + " would not read back: " + *problem +
                                     "; nothing was written");
    }
  }
  for (const auto& [key, record] : batch.snapshot_puts) {
    if (auto problem = protocol::RoundTripProblem(record)) {
      return Status::InvalidArgument("refused to write the snapshot: the record of person " + Utf8Escaped(key) +
                                     " would not read back: " + *problem + "; nothing was written");
    }
  }
  rocksdb::WriteBatch wb;
  uint64_t tail = staged_tail_;  // after the staged events, which this batch commits
  for (const auto& e : batch.events) {
    wb.Put(outbox_, EncodeBe64(tail++), e.SerializeAsString());
    wb.Put(sent_, e.event_id(), "");
  }
  const bool staged = staged_changes_;
  if (staged) {  // over the staged changes, moved into place with them once this batch is durable
    for (const auto& [key, record] : batch.snapshot_puts) wb.Put(staged_snapshot_, key, StagedValue(record));
    for (const auto& key : batch.snapshot_deletes) wb.Put(staged_snapshot_, key, StagedValue(std::nullopt));
    wb.Put(meta_, kStagedCommit, "");
  } else {
    for (const auto& [key, record] : batch.snapshot_puts) wb.Put(snapshot_, key, record.SerializeAsString());
    for (const auto& key : batch.snapshot_deletes) wb.Delete(snapshot_, key);
  }
  for (const auto& f : batch.processed_files) wb.Put(meta_, kProcessed + f, "");
  if (batch.headcount) wb.Put(meta_, kHeadcount, EncodeBe64(*batch.headcount));
  if (batch.census) wb.Put(meta_, kCensus, batch.census->SerializeAsString());
  for (const auto& id : batch.known_ids) wb.Put(sent_, id, "");
  if (batch.secret_fingerprint) wb.Put(meta_, kSecretFingerprint, *batch.secret_fingerprint);
  wb.Put(meta_, kOutboxTail, EncodeBe64(tail));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  DXHUB_RETURN_IF_ERROR(storage_->Write(db_.get(), wo, &wb, "writing the outbox"));
  outbox_tail_ = staged_tail_ = tail;
  if (batch.headcount) last_headcount_ = batch.headcount;
  if (batch.census) last_census_ = batch.census;
  if (batch.secret_fingerprint) secret_fingerprint_ = batch.secret_fingerprint;
  if (staged) return ApplyStaged();
  return Status::Ok();
}

Status ConnectorState::PeekOutbox(uint64_t from_id, size_t max, std::vector<OutboxEntry>* out) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), outbox_));
  for (it->Seek(EncodeBe64(std::max(from_id, outbox_head_))); it->Valid() && out->size() < max; it->Next()) {
    OutboxEntry entry;
    entry.id = DecodeBe64(it->key().ToStringView());
    if (entry.id >= outbox_tail_) break;  // staged, not committed
    if (!entry.event.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("outbox entry " + std::to_string(entry.id) +
                                " stopped parsing while dxconnect ran; run it again: on start it moves such entries "
                                "to quarantine (see 'dxconnect state --quarantine')");
    }
    out->push_back(std::move(entry));
  }
  return FromRocks(it->status(), "reading the outbox");
}

Status ConnectorState::Acknowledge(const std::vector<uint64_t>& done,
                                   const std::vector<std::pair<uint64_t, std::string>>& rejected) {
  rocksdb::WriteBatch wb;
  for (uint64_t id : done) wb.Delete(outbox_, EncodeBe64(id));
  for (const auto& [id, reason] : rejected) {
    std::string value;
    if (db_->Get(rocksdb::ReadOptions(), outbox_, EncodeBe64(id), &value).ok()) {
      wb.Put(rejected_, EncodeBe64(id), Pack({reason}) + value);
    }
    wb.Delete(outbox_, EncodeBe64(id));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  DXHUB_RETURN_IF_ERROR(storage_->Write(db_.get(), wo, &wb, "acknowledging outbox entries"));
  // Nothing lies below the head: seek there rather than to the first key, which
  // would walk the tombstones of every earlier acknowledgement (quadratic).
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), outbox_));
  it->Seek(EncodeBe64(outbox_head_));
  outbox_head_ = it->Valid() ? std::min(DecodeBe64(it->key().ToStringView()), outbox_tail_) : outbox_tail_;
  return Status::Ok();
}

Status ConnectorState::Rejected(std::vector<std::pair<std::string, dxhub::event::v1::Event>>* out) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), rejected_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto fields = Unpack(it->value().ToStringView(), 1);
    dxhub::event::v1::Event e;
    if (!fields || !e.ParseFromString((*fields)[1])) continue;  // quarantined on the next Open()
    out->emplace_back(std::move((*fields)[0]), std::move(e));
  }
  return FromRocks(it->status(), "reading rejected events");
}

Status ConnectorState::QuarantineUnparseable(rocksdb::ColumnFamilyHandle* cf, const std::string& family,
                                             bool (*parses)(std::string_view, std::string_view, std::string*)) {
  google::protobuf::LogSilencer quiet;  // the entries that fail are reported below, with more to act on
  rocksdb::WriteBatch wb;
  std::vector<QuarantinedEntry> moved;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string why;
    if (parses(it->key().ToStringView(), it->value().ToStringView(), &why)) continue;
    QuarantinedEntry e{family, it->key().ToString(), why, UtcNow(), it->value().ToString()};
    wb.Put(quarantine_, family + '\0' + e.key, Pack({e.family, e.key, e.reason, e.quarantined_at}) + e.value);
    wb.Delete(cf, e.key);
    moved.push_back(std::move(e));
  }
  DXHUB_RETURN_IF_ERROR(FromRocks(it->status(), "checking the " + family + " entries"));
  if (moved.empty()) return Status::Ok();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  DXHUB_RETURN_IF_ERROR(storage_->Write(db_.get(), wo, &wb, "moving unreadable " + family + " entries to quarantine"));
  quarantined_on_open_.insert(quarantined_on_open_.end(), moved.begin(), moved.end());
  return Status::Ok();
}

Status ConnectorState::Quarantined(std::vector<QuarantinedEntry>* out) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), quarantine_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto f = Unpack(it->value().ToStringView(), 4);
    if (!f) {
      out->push_back(
          {"?", it->key().ToString(), "the quarantine record itself is unreadable", "", it->value().ToString()});
      continue;
    }
    out->push_back({(*f)[0], (*f)[1], (*f)[2], (*f)[3], (*f)[4]});
  }
  return FromRocks(it->status(), "reading the quarantine");
}

Result<StateCounts> ConnectorState::Counts() const {
  StateCounts counts;
  auto count = [&](rocksdb::ColumnFamilyHandle* cf, uint64_t* n) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++*n;
    return FromRocks(it->status(), "counting state entries");
  };
  DXHUB_RETURN_IF_ERROR(count(snapshot_, &counts.snapshot_people));
  DXHUB_RETURN_IF_ERROR(count(outbox_, &counts.outbox));
  DXHUB_RETURN_IF_ERROR(count(rejected_, &counts.rejected));
  DXHUB_RETURN_IF_ERROR(count(quarantine_, &counts.quarantined));
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), meta_));
  for (it->Seek(kProcessed); it->Valid() && it->key().starts_with(kProcessed); it->Next()) {
    if (!it->key().starts_with(kProcessedMapping)) ++counts.processed_files;
  }
  DXHUB_RETURN_IF_ERROR(FromRocks(it->status(), "counting processed files"));
  return counts;
}

}  // namespace dxhub::connector
