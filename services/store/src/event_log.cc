#include "dxhub/store/event_log.h"

#include <google/protobuf/io/coded_stream.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>

#include "dxhub/common/log.h"
#include "dxhub/kv/rocks_util.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/rpc.h"
#include "dxhub/store/read_wire.h"

namespace dxhub::store {
namespace {

constexpr char kCfMeta[] = "default";
constexpr char kCfEvents[] = "events";
constexpr char kCfEventIds[] = "event_ids";
constexpr char kCfDeadLetters[] = "dead_letters";
constexpr char kCountPrefix[] = "count/";
constexpr char kConnectorPrefix[] = "connector/";
constexpr char kFormatValue[] = "dxhub-store-1";

// Event ids are stored as their 32 raw bytes.
std::string IdKey(std::string_view hex) {
  std::string raw(hex.size() / 2, '\0');
  for (size_t i = 0; i < raw.size(); ++i) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    raw[i] = static_cast<char>((nibble(hex[2 * i]) << 4) | nibble(hex[2 * i + 1]));
  }
  return raw;
}

// A duplicate check's answer from RocksDB's: the seq stored under the id, none, or the error.
Result<std::optional<uint64_t>> IdLookup(const rocksdb::Status& s, std::string_view value) {
  if (s.IsNotFound()) return std::optional<uint64_t>();
  if (!s.ok()) return kv::FromRocks(s, "looking up an event id");
  return std::optional<uint64_t>(DecodeSeq(value));
}

std::string CountKeyBytes(const CountKey& key) { return kCountPrefix + key.first + "/" + key.second; }

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string EncodeSeq(uint64_t seq) { return kv::EncodeBe64(seq); }

uint64_t DecodeSeq(std::string_view bytes) { return kv::DecodeBe64(bytes); }

Result<std::unique_ptr<EventLog>> EventLog::Open(const std::filesystem::path& dir, kv::StorageOptions storage) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(dir.string() + ": cannot create data directory: " + ec.message());
  if (storage.module == kv::StorageOptions().module) storage.module = "store";
  if (storage.min_free_setting.empty()) storage.min_free_setting = "limits.min_free_bytes";
  std::unique_ptr<EventLog> log(new EventLog());
  log->storage_ = std::make_unique<kv::Storage>(dir, std::move(storage));
  // On a full disk the store still starts, read-only: reads and health are
  // served, ingest is refused as disk full (a crash loop helps nobody).
  DXHUB_RETURN_IF_ERROR(log->OpenDb(/*read_only_if_full=*/true));
  DXHUB_RETURN_IF_ERROR(log->LoadState());
  return log;
}

Status EventLog::OpenDb(bool read_only_if_full) {
  rocksdb::Options options = storage_->DbOptions();
  options.IncreaseParallelism(2);

  rocksdb::BlockBasedTableOptions id_table;
  id_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions id_options;
  id_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(id_table));
  // Nearly every id looked up is new: a bloom filter over the memtable's
  // whole keys answers most of them without a skiplist search.
  id_options.memtable_prefix_bloom_size_ratio = 0.1;
  id_options.memtable_whole_key_filtering = true;
  // Ids are random and only ever looked up whole, never iterated: a hash
  // table of small skiplists (bucketed by the id's first 8 bytes) takes each
  // insert in a few comparisons, where one skiplist of every id in the
  // memtable took ~20 (the memtable inserts were a third of the writer's
  // time, issue 18). A hash memtable takes no concurrent inserts: the store
  // has one writer.
  id_options.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(8));
  id_options.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(1 << 20));
  options.allow_concurrent_memtable_write = false;

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {kCfMeta, rocksdb::ColumnFamilyOptions()},
      {kCfEvents, rocksdb::ColumnFamilyOptions()},
      {kCfEventIds, id_options},
      {kCfDeadLetters, rocksdb::ColumnFamilyOptions()},
  };
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  DXHUB_RETURN_IF_ERROR(storage_->Open(options, families, read_only_if_full, &handles, &db));
  CloseDb();  // the read-only instance, when this reopens for writing (it holds no lock)
  db_ = std::move(db);
  handles_ = std::move(handles);
  meta_ = handles_[0];
  events_ = handles_[1];
  event_ids_ = handles_[2];
  dead_letters_ = handles_[3];
  return Status::Ok();
}

void EventLog::CloseDb() {
  if (!db_) return;
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  handles_.clear();
  db_->Close();
  db_.reset();
}

EventLog::~EventLog() { CloseDb(); }

Status EventLog::ReopenIfSpaceReturned() {
  if (!storage_->ReadyToReopen()) return Status::Ok();
  // Until the read-write open succeeds the read-only instance keeps serving.
  if (Status s = OpenDb(/*read_only_if_full=*/false); !s.ok()) {
    Logger("store")->error("reopening the event store for writing failed: {}", s.ToString());
    return s;
  }
  Logger("store")->info("space is back on {}: the event store is open for writing again", storage_->dir().string());
  return Status::Ok();
}

Status EventLog::LoadState() {
  DXHUB_RETURN_IF_ERROR(kv::EnsureFormat(db_.get(), meta_, kFormatValue,
                                         "point data_dir at a store of this version, or restore one from backup"));

  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_));
  it->SeekToLast();
  head_seq_ = it->Valid() ? DecodeSeq(it->key().ToStringView()) : 0;
  DXHUB_RETURN_IF_ERROR(kv::FromRocks(it->status(), "finding the head sequence"));

  std::unique_ptr<rocksdb::Iterator> dl(db_->NewIterator(rocksdb::ReadOptions(), dead_letters_));
  for (dl->SeekToFirst(); dl->Valid(); dl->Next()) {
    dead_letter_head_ = DecodeSeq(dl->key().ToStringView());
    dead_letter_sizes_.emplace_back(dead_letter_head_, dl->value().size());
    dead_letter_bytes_ += dl->value().size();
  }
  DXHUB_RETURN_IF_ERROR(kv::FromRocks(dl->status(), "reading the dead letters"));

  std::unique_ptr<rocksdb::Iterator> counts(db_->NewIterator(rocksdb::ReadOptions(), meta_));
  for (counts->Seek(kCountPrefix); counts->Valid() && counts->key().starts_with(kCountPrefix); counts->Next()) {
    std::string rest = counts->key().ToString().substr(sizeof(kCountPrefix) - 1);
    const size_t slash = rest.find('/');
    counts_[{rest.substr(0, slash), rest.substr(slash + 1)}] = DecodeSeq(counts->value().ToStringView());
  }
  DXHUB_RETURN_IF_ERROR(kv::FromRocks(counts->status(), "reading the event counters"));
  std::unique_ptr<rocksdb::Iterator> tallies(db_->NewIterator(rocksdb::ReadOptions(), meta_));
  for (tallies->Seek(kConnectorPrefix); tallies->Valid() && tallies->key().starts_with(kConnectorPrefix);
       tallies->Next()) {
    connector_tallies_[tallies->key().ToString().substr(sizeof(kConnectorPrefix) - 1)] = tallies->value().ToString();
  }
  return kv::FromRocks(tallies->status(), "reading the connector tallies");
}

std::vector<Result<std::optional<uint64_t>>> EventSink::FindEventIds(
    const std::vector<std::string_view>& event_ids) const {
  std::vector<Result<std::optional<uint64_t>>> found;
  found.reserve(event_ids.size());
  for (auto id : event_ids) found.push_back(FindEventId(std::string(id)));
  return found;
}

Result<std::optional<uint64_t>> EventLog::FindEventId(const std::string& event_id) const {
  std::string value;
  auto s = db_->Get(rocksdb::ReadOptions(), event_ids_, IdKey(event_id), &value);
  return IdLookup(s, value);
}

std::vector<Result<std::optional<uint64_t>>> EventLog::FindEventIds(
    const std::vector<std::string_view>& event_ids) const {
  const size_t n = event_ids.size();
  std::vector<std::string> keys;
  keys.reserve(n);
  for (auto id : event_ids) keys.push_back(IdKey(id));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  db_->MultiGet(rocksdb::ReadOptions(), event_ids_, n, slices.data(), values.data(), statuses.data());
  std::vector<Result<std::optional<uint64_t>>> found;
  found.reserve(n);
  for (size_t i = 0; i < n; ++i) found.push_back(IdLookup(statuses[i], values[i].ToStringView()));
  return found;
}

Status EventLog::Commit(const CommitBatch& batch) {
  // Reserved at once (each event: its bytes, two keys, tags and lengths): a
  // group of thousands of events would otherwise regrow and copy the batch.
  size_t reserve = 64 * (batch.events.size() + batch.dead_letters.size() + 16);
  for (const auto& bytes : batch.encoded) reserve += bytes.size();
  rocksdb::WriteBatch wb(reserve);
  std::map<CountKey, uint64_t> counts = counts_;
  auto count = counts.end();  // the count of the previous event's org and type
  uint64_t expected = head_seq_ + 1;
  // The id index's entries go into the batch in key order: each memtable
  // insert of a random id then starts its skiplist search from the previous
  // one's position instead of from the top.
  std::vector<std::pair<std::string, std::string>> id_entries;  // (id key, seq key)
  id_entries.reserve(batch.events.size());
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const auto& stored = batch.events[i];
    DXHUB_CHECK(stored.seq() == expected);
    ++expected;
    const std::string key = EncodeSeq(stored.seq());
    if (i < batch.encoded.size()) {
      wb.Put(events_, key, batch.encoded[i]);
    } else {
      auto bytes = protocol::Serialize(stored);
      if (!bytes.ok()) return bytes.status();  // nothing of the batch is written
      wb.Put(events_, key, *bytes);
    }
    id_entries.emplace_back(IdKey(stored.event().event_id()), key);
    // A group is mostly runs of one org's events of one type: a run's count
    // is found once, not looked up (with two strings made) per event.
    const std::string& org = stored.event().org_id();
    const std::string& type = protocol::PayloadType(stored.event());
    if (count == counts.end() || count->first.first != org || count->first.second != type) {
      count = counts.try_emplace(CountKey{org, type}, 0).first;
    }
    ++count->second;
  }
  std::sort(id_entries.begin(), id_entries.end());
  for (const auto& [id, key] : id_entries) wb.Put(event_ids_, id, key);
  uint64_t expected_dl = dead_letter_head_ + 1;
  std::vector<std::pair<uint64_t, size_t>> added;
  for (const auto& letter : batch.dead_letters) {
    DXHUB_CHECK(letter.id() == expected_dl);
    ++expected_dl;
    auto bytes = protocol::Serialize(letter);
    if (!bytes.ok()) return bytes.status();
    wb.Put(dead_letters_, EncodeSeq(letter.id()), *bytes);
    added.emplace_back(letter.id(), bytes->size());
  }
  // Retention: the oldest go first, in the same atomic write.
  size_t kept = dead_letter_sizes_.size() + added.size();
  uint64_t kept_bytes = dead_letter_bytes_;
  for (const auto& a : added) kept_bytes += a.second;
  size_t dropped = 0;  // from the front of dead_letter_sizes_ then of `added`
  while (kept > 0 && (kept > max_dead_letters_ || kept_bytes > max_dead_letter_bytes_)) {
    const auto& oldest = dropped < dead_letter_sizes_.size() ? dead_letter_sizes_[dropped]
                                                             : added[dropped - dead_letter_sizes_.size()];
    wb.Delete(dead_letters_, EncodeSeq(oldest.first));
    kept_bytes -= oldest.second;
    --kept;
    ++dropped;
  }
  for (const auto& [key, value] : counts) {
    auto old = counts_.find(key);
    if (old == counts_.end() || old->second != value) wb.Put(meta_, CountKeyBytes(key), EncodeSeq(value));
  }
  for (const auto& [connector, tally] : batch.connector_tallies) wb.Put(meta_, kConnectorPrefix + connector, tally);
  DXHUB_RETURN_IF_ERROR(ReopenIfSpaceReturned());
  rocksdb::WriteOptions wo;
  wo.sync = true;
  DXHUB_RETURN_IF_ERROR(storage_->Write(db_.get(), wo, &wb, "committing a batch"));
  for (const auto& [connector, tally] : batch.connector_tallies) connector_tallies_[connector] = tally;
  head_seq_ = expected - 1;
  dead_letter_head_ = expected_dl - 1;
  dead_letter_sizes_.insert(dead_letter_sizes_.end(), added.begin(), added.end());
  dead_letter_sizes_.erase(dead_letter_sizes_.begin(), dead_letter_sizes_.begin() + static_cast<ptrdiff_t>(dropped));
  dead_letter_bytes_ = kept_bytes;
  counts_ = std::move(counts);
  return Status::Ok();
}

void EventLog::SetDeadLetterRetention(size_t max_count, size_t max_bytes) {
  max_dead_letters_ = max_count;
  max_dead_letter_bytes_ = max_bytes;
}

std::string StoredEventBytes(const StoredEvent& stored, std::string_view event_bytes) {
  using google::protobuf::io::CodedOutputStream;
  // Tags of StoredEvent's fields 1 (seq, varint), 2 (committed_at) and 3
  // (event), and of Timestamp's 1 (seconds) and 2 (nanos), in field order as
  // protobuf writes them; zero scalars are left out as protobuf leaves them.
  constexpr uint8_t kSeq = 1 << 3 | 0, kCommittedAt = 2 << 3 | 2, kEvent = 3 << 3 | 2;
  constexpr uint8_t kSeconds = 1 << 3 | 0, kNanos = 2 << 3 | 0;
  const auto& at = stored.committed_at();
  uint8_t head[64];
  uint8_t* p = head;
  if (stored.seq() != 0) {
    *p++ = kSeq;
    p = CodedOutputStream::WriteVarint64ToArray(stored.seq(), p);
  }
  if (stored.has_committed_at()) {
    uint8_t time[24];
    uint8_t* t = time;
    if (at.seconds() != 0) {
      *t++ = kSeconds;
      t = CodedOutputStream::WriteVarint64ToArray(static_cast<uint64_t>(at.seconds()), t);
    }
    if (at.nanos() != 0) {
      *t++ = kNanos;
      t = CodedOutputStream::WriteVarint64ToArray(static_cast<uint64_t>(static_cast<int64_t>(at.nanos())), t);
    }
    *p++ = kCommittedAt;
    p = CodedOutputStream::WriteVarint32ToArray(static_cast<uint32_t>(t - time), p);
    p = std::copy(time, t, p);
  }
  *p++ = kEvent;
  p = CodedOutputStream::WriteVarint32ToArray(static_cast<uint32_t>(event_bytes.size()), p);
  std::string bytes;
  bytes.reserve(static_cast<size_t>(p - head) + event_bytes.size());
  bytes.append(reinterpret_cast<const char*>(head), static_cast<size_t>(p - head));
  bytes.append(event_bytes);
  return bytes;
}

size_t ReadReplyBytes(size_t encoded_bytes) { return encoded_bytes + 6; }  // 1 tag byte, at most 5 of length

Status EventLog::Read(uint64_t from_seq, size_t max_events, size_t max_scan, size_t max_bytes,
                      const ReadFilter& filter, std::vector<StoredEvent>* out, uint64_t* next_seq) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_));
  *next_seq = std::max<uint64_t>(from_seq, 1);
  size_t scanned = 0;
  size_t bytes = 0;
  for (it->Seek(EncodeSeq(*next_seq)); it->Valid() && out->size() < max_events && scanned < max_scan;
       it->Next(), ++scanned) {
    const size_t cost = ReadReplyBytes(it->value().size());
    if (!out->empty() && bytes + cost > max_bytes) break;  // the reader continues from *next_seq
    StoredEvent stored;
    if (!stored.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("event at seq " + std::to_string(DecodeSeq(it->key().ToStringView())) +
                                " does not parse");
    }
    *next_seq = stored.seq() + 1;
    const auto& e = stored.event();
    if (!Contains(filter.org_ids, e.org_id())) continue;
    if (!Contains(filter.event_types, protocol::PayloadType(e))) continue;
    const int64_t day = protocol::DaysFromCivil(e.occurred_at());
    if (filter.occurred_from_days && day < *filter.occurred_from_days) continue;
    if (filter.occurred_to_days && day > *filter.occurred_to_days) continue;
    bytes += cost;
    out->push_back(std::move(stored));
  }
  return kv::FromRocks(it->status(), "reading events");
}

Status EventLog::ReadEncoded(uint64_t from_seq, size_t max_events, size_t max_bytes, std::string* event_fields,
                             size_t* count, uint64_t* next_seq) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_));
  *next_seq = std::max<uint64_t>(from_seq, 1);
  *count = 0;
  size_t bytes = 0;
  for (it->Seek(EncodeSeq(*next_seq)); it->Valid() && *count < max_events; it->Next()) {
    const std::string_view value = it->value().ToStringView();
    const size_t cost = ReadReplyBytes(value.size());
    if (*count > 0 && bytes + cost > max_bytes) break;  // the reader continues from *next_seq
    const uint64_t key_seq = DecodeSeq(it->key().ToStringView());
    uint64_t seq = key_seq;
    if (StoredSeq(value) != key_seq) {  // not as the store writes it: what Read would make of it
      StoredEvent stored;
      if (!stored.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        return Status::Corruption("event at seq " + std::to_string(key_seq) + " does not parse");
      }
      seq = stored.seq();
    }
    bytes += cost;
    AppendReadEvent(value, event_fields);
    ++*count;
    *next_seq = seq + 1;
  }
  return kv::FromRocks(it->status(), "reading events");
}

Status EventLog::ReadDeadLetters(uint64_t from_id, size_t max_items, size_t max_bytes, std::vector<DeadLetter>* out,
                                 uint64_t* next_id) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), dead_letters_));
  *next_id = std::max<uint64_t>(from_id, 1);
  size_t bytes = 0;
  for (it->Seek(EncodeSeq(*next_id)); it->Valid() && out->size() < max_items; it->Next()) {
    bytes += ReadReplyBytes(it->value().size());
    if (!out->empty() && bytes > max_bytes) break;
    DeadLetter letter;
    if (!letter.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return Status::Corruption("dead letter " + std::to_string(DecodeSeq(it->key().ToStringView())) +
                                " does not parse");
    }
    *next_id = letter.id() + 1;
    out->push_back(std::move(letter));
  }
  return kv::FromRocks(it->status(), "reading dead letters");
}

}  // namespace dxhub::store
